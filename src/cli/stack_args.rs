//! The stack options `deploy` and `plan` share: one set of flags, one translation into
//! the parameter logic's options.

use super::Window;
use crate::domain::iam::parse_role_arn;
use crate::domain::naming::LimiterName;
use crate::domain::stack::params::{StackOptions, LOG_RETENTION_VALUES};
use crate::domain::stack::tags::{parse_tag_arg, TagArg};
use crate::error::{Error, Result};

/// The stack options shared by `deploy` (and later `plan`). Options not given
/// keep their deployed value on an existing stack; defaults apply on create.
#[derive(Debug, Clone, clap::Args)]
pub struct StackArgs {
    /// Usage snapshot windows [default on create: hourly,daily].
    #[arg(long, value_enum, value_delimiter = ',', value_name = "WINDOWS")]
    pub snapshot_windows: Option<Vec<Window>>,
    /// Days usage snapshots are kept [default on create: 90].
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub retention_days: Option<u32>,
    /// Deploy the aggregator Lambda [default on create].
    #[arg(long, overrides_with = "no_aggregator")]
    pub enable_aggregator: bool,
    /// Do not deploy the aggregator Lambda.
    #[arg(long, overrides_with = "enable_aggregator")]
    pub no_aggregator: bool,
    /// Point-in-time recovery period, 1–35 days [default on create: 35].
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=35))]
    pub pitr_recovery_days: Option<u32>,
    /// Log retention in days, one of CloudWatch's values [default on create: 30].
    #[arg(long, value_name = "DAYS", value_parser = parse_log_retention)]
    pub log_retention_days: Option<u32>,
    /// Aggregator timeout, 1–900 seconds [default on create: 60].
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u32).range(1..=900))]
    pub lambda_timeout: Option<u32>,
    /// Aggregator memory, 128–10240 MB [default on create: 256].
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u32).range(128..=10240))]
    pub lambda_memory: Option<u32>,
    /// Create the CloudWatch alarms [default on create].
    #[arg(long, overrides_with = "no_alarms")]
    pub enable_alarms: bool,
    /// Do not create CloudWatch alarms.
    #[arg(long, overrides_with = "enable_alarms")]
    pub no_alarms: bool,
    /// SNS topic ARN the alarms notify ("" clears it).
    #[arg(long, value_name = "ARN", value_parser = parse_topic)]
    pub alarm_sns_topic: Option<String>,
    /// Duration alarm threshold, 1–100 % of the timeout [default on create: 80].
    #[arg(long, value_name = "PCT", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub lambda_duration_threshold_pct: Option<u32>,
    /// IAM permission boundary for the role: a policy name or ARN.
    #[arg(long, value_name = "NAME_OR_ARN")]
    pub permission_boundary: Option<String>,
    /// Role name format; `{}` stands for the default ZAEL-<name>-aggregator-role.
    #[arg(long, value_name = "FORMAT")]
    pub role_name_format: Option<String>,
    /// Protect the table from deletion (DeleteTable refused) [default on create].
    #[arg(long, overrides_with = "no_deletion_protection")]
    pub deletion_protection: bool,
    /// Allow the table to be deleted (`delete --delete-data` turns protection off itself).
    #[arg(long, overrides_with = "deletion_protection")]
    pub no_deletion_protection: bool,
    /// Trace the aggregator with X-Ray (mode Active) and let its role write traces.
    #[arg(long, overrides_with = "no_tracing")]
    pub enable_tracing: bool,
    /// Pass traces through without X-Ray (mode PassThrough) [default on create].
    #[arg(long, overrides_with = "enable_tracing")]
    pub no_tracing: bool,
    /// Create no IAM resource: the aggregator uses the role of --aggregator-role-arn.
    #[arg(long, overrides_with = "iam", requires = "aggregator_role_arn")]
    pub no_iam: bool,
    /// Let the stack create the aggregator's role again (undoes --no-iam) [default on create].
    #[arg(
        long,
        overrides_with = "no_iam",
        conflicts_with = "aggregator_role_arn"
    )]
    pub iam: bool,
    /// The existing role the aggregator uses with --no-iam (trusted by Lambda; see `iam-policy`).
    #[arg(long, value_name = "ARN", value_parser = parse_role_arn, requires = "no_iam")]
    pub aggregator_role_arn: Option<String>,
    /// Stack tag KEY=VALUE (repeatable), propagated to the resources; KEY= removes one.
    #[arg(long = "tag", value_name = "KEY=VALUE", value_parser = parse_tag_arg)]
    pub tags: Vec<TagArg>,
}

fn parse_log_retention(s: &str) -> std::result::Result<u32, String> {
    let allowed = || {
        LOG_RETENTION_VALUES
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match s.parse::<u32>() {
        Ok(v) if LOG_RETENTION_VALUES.contains(&v) => Ok(v),
        _ => Err(format!(
            "CloudWatch Logs allows only these retention periods (days): {}",
            allowed()
        )),
    }
}

fn parse_topic(s: &str) -> std::result::Result<String, String> {
    if s.is_empty() || (s.starts_with("arn:") && s.split(':').nth(2) == Some("sns")) {
        Ok(s.to_string())
    } else {
        Err("expected an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>), or \"\" to clear it".into())
    }
}

fn tri(on: bool, off: bool) -> Option<bool> {
    match (on, off) {
        (_, true) => Some(false),
        (true, _) => Some(true),
        _ => None,
    }
}

impl StackArgs {
    /// The options as the parameter logic sees them; validates the role format.
    pub fn options(&self, name: &LimiterName) -> Result<StackOptions> {
        let role_name = match &self.role_name_format {
            None => None,
            Some(f) => Some(name.role(Some(f)).map_err(|e| {
                Error::new(crate::error::ErrorKind::Usage, e)
                    .hint("IAM role names are 1–64 characters of letters, digits and +=,.@_-")
            })?),
        };
        Ok(StackOptions {
            snapshot_windows: self.snapshot_windows.clone(),
            retention_days: self.retention_days,
            enable_aggregator: tri(self.enable_aggregator, self.no_aggregator),
            pitr_recovery_days: self.pitr_recovery_days,
            log_retention_days: self.log_retention_days,
            lambda_timeout: self.lambda_timeout,
            lambda_memory: self.lambda_memory,
            enable_alarms: tri(self.enable_alarms, self.no_alarms),
            alarm_sns_topic: self.alarm_sns_topic.clone(),
            duration_threshold_pct: self.lambda_duration_threshold_pct,
            permission_boundary: self.permission_boundary.clone(),
            role_name,
            deletion_protection: tri(self.deletion_protection, self.no_deletion_protection),
            enable_tracing: tri(self.enable_tracing, self.no_tracing),
            aggregator_role_arn: match (self.no_iam, self.iam) {
                (true, _) => self.aggregator_role_arn.clone(),
                (_, true) => Some(String::new()),
                _ => None,
            },
        })
    }
}
