//! Typed facts and pure decisions, grouped by subject. Nothing here calls AWS or
//! names `crate::cli`, `crate::ops` or `crate::aws` (a test checks the imports).

pub mod compat;
pub mod naming;
pub mod stack;
pub mod table_shape;
pub mod upgrade;
pub mod windows;
