//! Typed facts and pure decisions, grouped by subject. Nothing here calls AWS or
//! imports the command line, the operations or the AWS layer (tests/layers.rs checks).

pub mod audit;
pub mod compat;
pub mod deploy_guard;
pub mod diagnosis;
pub mod dlq;
pub mod entity;
pub mod iam;
pub mod limits;
pub mod logs;
pub mod naming;
pub mod release;
pub mod rollout;
pub mod stack;
pub mod status;
pub mod table_shape;
pub mod upgrade;
pub mod usage;
pub mod windows;
