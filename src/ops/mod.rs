//! Operations: each gathers the facts it needs (concurrently), decides with the
//! domain's pure functions, acts through `aws`, and returns a result for `cli` to
//! render.

pub mod adopt;
pub mod aggregator;
pub mod audit;
pub mod backup;
pub mod backups;
pub mod deployed;
pub mod fleet;
pub mod function_versions;
pub mod health;
pub mod iam;
pub mod limits;
pub mod record;
pub mod release;
pub mod restore;
pub mod rollback;
pub mod rollout;
pub mod rollout_lease;
pub mod stack;
pub mod stack_watch;
pub mod upgrade;
pub mod usage;
pub mod verify;
