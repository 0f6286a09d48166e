//! zae-limiter: deploy and maintain limiter stacks (a DynamoDB table, its
//! aggregator Lambda, dead-letter queue, role and alarms) on AWS.
//!
//! The binary is a thin shell over this library: parse → resolve the target →
//! gather facts → decide (pure) → act → report. The folders are the layers, each
//! importing only those below it (docs/architecture.md):
//!
//! - [`cli`]: clap arguments, one file per command; each runs operations and renders;
//! - [`ops`]: the operations, each gathering facts, deciding and acting;
//! - [`domain`]: typed facts and pure decisions (names, verdicts, the stack's template,
//!   parameters and state policy, the table's shape);
//! - [`aws`]: SDK clients, the request log, profiles, error mapping, CloudFormation
//!   calls and waiting;
//! - [`report`], [`error`], [`interrupt`]: rendering, errors with their exit codes and
//!   hints, Ctrl-C handling.

pub mod aws;
pub mod cli;
pub mod domain;
pub mod error;
pub mod interrupt;
pub mod ops;
pub mod report;
/// Test seams: compiled only into debug builds (tests), absent from a release binary.
#[cfg(debug_assertions)]
pub mod test_hook;
