//! Typed facts and pure decisions, grouped by subject. Nothing here calls AWS or
//! imports the command line, the operations or the AWS layer (tests/layers.rs checks).

pub mod audit;
pub mod compat;
pub mod iam;
pub mod limits;
pub mod naming;
pub mod rollout;
pub mod stack;
pub mod table_shape;
pub mod upgrade;
pub mod windows;
