//! zae-limiter: deploy and maintain limiter stacks (a DynamoDB table, its
//! aggregator Lambda, dead-letter queue, role and alarms) on AWS.
//!
//! The binary is a thin shell over this library: parse → resolve the target →
//! gather facts → decide (pure) → act → report.

pub mod adopt;
pub mod aggregator;
pub mod aws;
pub mod backup;
pub mod backups;
pub mod cli;
pub mod compat;
pub mod deployed;
pub mod error;
pub mod fleet;
pub mod function_versions;
pub mod health;
pub mod interrupt;
pub mod naming;
pub mod profiles;
pub mod progress;
pub mod record;
pub mod release;
pub mod report;
pub mod request_log;
pub mod restore;
pub mod stack;
pub mod table_shape;
pub mod test_hook;
pub mod usage;
pub mod verify;
