//! Operations: each gathers the facts it needs (concurrently), decides with the
//! domain's pure functions, acts through `aws`, and returns a result for `cli` to
//! render.

pub mod adopt;
pub mod aggregator;
pub mod audit;
pub mod backup;
pub mod backups;
pub mod check;
pub mod delete;
pub mod deploy;
pub mod deployed;
pub mod dlq;
pub mod doctor;
pub mod entity;
pub mod fleet;
pub mod function_versions;
pub mod health;
pub mod iam;
pub mod limits;
pub mod list;
pub mod logs;
pub mod plan;
pub mod record;
pub mod release;
pub mod restore;
pub mod rollback;
pub mod rollout;
pub mod rollout_lease;
pub mod stack;
pub mod status;
pub mod upgrade;
pub mod usage;
pub mod usage_report;
pub mod verify;
pub mod version;

/// The live view of a stack operation is rendering; it lives in `report`.
pub use crate::report::stack_watch;
