//! `deploy`: create the limiter stack, or bring an existing one up to date;
//! then ship the aggregator code and write the version record.

use std::fmt;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::{LiveSummary, OutputArgs, ReleaseArgs, TargetArgs, WaitArgs, Window};
use crate::error::{Error, Result};
use crate::naming::LimiterName;
use crate::record::{self, VersionRecord};
use crate::stack::ops::{self, UpdateStarted};
use crate::stack::params::{self, StackOptions, LOG_RETENTION_VALUES};
use crate::stack::route::{self, Route};
use crate::stack::template::TEMPLATE;
use crate::{adopt, compat, release, report};

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
        })
    }
}

/// Arguments of `deploy`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: TargetArgs,
    #[command(flatten)]
    stack: StackArgs,
    /// Do not back up the table before changing an existing stack or adopting a table.
    #[arg(long)]
    pub no_backup: bool,
    /// With a stack in UPDATE_ROLLBACK_FAILED: continue its rollback, then deploy.
    #[arg(long)]
    pub continue_rollback: bool,
    #[command(flatten)]
    release: ReleaseArgs,
    #[command(flatten)]
    wait: WaitArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// The summary deploy ends with (and its JSON document).
#[derive(Debug, Serialize)]
pub struct DeploySummary {
    /// Limiter name.
    pub name: String,
    /// Stack name.
    pub stack: String,
    /// `created`, `updated`, `unchanged` or `started` (with --no-wait).
    pub action: &'static str,
    /// Final stack status.
    pub stack_status: String,
    /// Table name.
    pub table: String,
    /// Function name (`None` without an aggregator).
    pub function: Option<String>,
    /// The function's CodeSha256.
    pub code_sha256: Option<String>,
    /// Whether code was uploaded this time.
    pub code_shipped: bool,
    /// The alias `live` afterwards.
    #[serde(flatten)]
    pub release: LiveSummary,
    /// Whether the version record was written this time.
    pub record_written: bool,
    /// Schema version in the record.
    pub schema_version: Option<String>,
    /// Lambda version in the record.
    pub lambda_version: Option<String>,
    /// ARN of the backup taken before changing the stack, if one was.
    pub backup_arn: Option<String>,
    /// The table this deploy adopted into the new stack, if it did.
    pub adopted_table: Option<adopt::AdoptedTable>,
    /// Status of a dead stack deploy deleted first (e.g. `ROLLBACK_COMPLETE`), if any.
    pub cleared_stack: Option<String>,
    /// Parameters sent.
    pub parameters: std::collections::BTreeMap<String, String>,
    /// Wall time, seconds.
    pub elapsed_seconds: f64,
}

impl fmt::Display for DeploySummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(status) = &self.cleared_stack {
            writeln!(f, "deleted the {status} stack {} first", self.stack)?;
        }
        let what = match self.action {
            "created" => "created",
            "updated" => "updated",
            "adopted" => "created around the existing table",
            "unchanged" => "already up to date (no changes)",
            _ => "started",
        };
        writeln!(f, "stack {} {what}", self.stack)?;
        writeln!(f, "  status:   {}", self.stack_status)?;
        match &self.adopted_table {
            Some(a) => writeln!(
                f,
                "  table:    {} (adopted: {} items, {}; every item kept)",
                self.table,
                a.items,
                report::human_bytes(a.size_bytes)
            )?,
            None => writeln!(f, "  table:    {}", self.table)?,
        }
        match (&self.function, &self.code_sha256) {
            (Some(func), Some(sha)) => {
                let shipped = if self.code_shipped {
                    "shipped"
                } else {
                    "unchanged"
                };
                writeln!(f, "  function: {func} (code {sha}, {shipped})")?
            }
            (Some(func), None) => writeln!(f, "  function: {func}")?,
            _ => writeln!(f, "  function: none (aggregator disabled)")?,
        }
        self.release.write(f)?;
        writeln!(
            f,
            "  versions: schema {}, lambda {}{}",
            self.schema_version.as_deref().unwrap_or("-"),
            self.lambda_version.as_deref().unwrap_or("-"),
            if self.record_written {
                " (record written)"
            } else {
                " (record unchanged)"
            }
        )?;
        writeln!(
            f,
            "  elapsed:  {}",
            report::human_secs(self.elapsed_seconds)
        )
    }
}

impl Args {
    /// Runs deploy.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let started = Instant::now();
        let name = self.target.name.clone();
        let opts = self.stack.options(&name)?;
        let aws = self.target.aws().await?;
        let stack = name.stack();
        let table = name.table();
        let timeout = Duration::from_secs(self.wait.wait_timeout * 60);

        let (existing, table_record) = tokio::join!(
            ops::describe(&aws, &stack),
            record::read_if_table(&aws, &table)
        );
        let mut existing = existing?;
        let table_record_read = table_record?;
        let table_exists = table_record_read.is_some();

        let owns = match existing.as_ref().map(|i| i.status.as_str()) {
            Some(s) if route::may_be_dead(s) => {
                Some(adopt::stack_owns_table(&aws, &stack, &table).await?)
            }
            _ => None,
        };
        let mut route = route::decide(&route::Facts {
            stack_status: existing.as_ref().map(|i| i.status.clone()),
            stack_owns_table: owns,
            table_exists,
            continue_rollback: self.continue_rollback,
        });
        let mut cleared_stack = None;
        if let Route::ClearThen { status, adopt } = &route {
            adopt::clear_dead_stack(&aws, &stack, status, timeout).await?;
            cleared_stack = Some(status.clone());
            route = if *adopt { Route::Adopt } else { Route::Create };
            existing = None;
        }
        if route == Route::ContinueRollbackThenUpdate {
            existing = Some(continue_rollback(&aws, &name, timeout).await?);
            route = Route::Update;
        }

        let mut backup_arn = None;
        let mut adopted = None;
        if route == Route::Adopt {
            let p = params::desired(&opts, None);
            let (table_facts, owner) =
                tokio::join!(adopt::read_table(&aws, &table), adopt::owner(&aws, &table));
            let Some(table_facts) = table_facts? else {
                return Err(ops::vanished(&table));
            };
            adopt::check(&table_facts, &name, owner?.as_deref())?;
            refuse_incompatible(&name, table_record_verdict(&table_record_read))?;
            if !self.no_backup {
                backup_arn = Some(crate::backup::take(&aws, &table).await?);
            }
            let pitr_days = p[params::PITR_DAYS].parse().unwrap_or(35);
            let changes = crate::table_shape::settings_to_apply(
                &table_facts,
                pitr_days,
                params::deletion_protected(&p),
            );
            adopt::apply_settings(&aws, &table, &changes).await?;
            report::note(format!(
                "adopting table {table} ({} items, {}) into a new stack {stack} (CloudFormation resource import)",
                table_facts.items,
                report::human_bytes(table_facts.size_bytes)
            ));
            adopt::start_import(&aws, &stack, &table, TEMPLATE, &p).await?;
            let waited = wait_interruptible(&aws, &stack, timeout).await?;
            match waited.info {
                Some(fin) if fin.status == "IMPORT_COMPLETE" => existing = Some(fin),
                Some(fin) => {
                    return Err(failed(
                        &name,
                        &fin.status,
                        fin.reason.as_deref(),
                        &waited.failures,
                    ))
                }
                None => return Err(ops::vanished(&stack)),
            }
            adopted = Some(adopt::AdoptedTable {
                name: table.clone(),
                items: table_facts.items,
                size_bytes: table_facts.size_bytes,
                settings_applied: changes,
            });
        }

        let (action, sent) = match (&route, &existing) {
            (Route::Refuse { status }, _) => return Err(refuse_state(&name, status)),
            (Route::Create, _) => {
                let p = params::desired(&opts, None);
                ops::create(&aws, &stack, TEMPLATE, &p).await?;
                report::note(format!("creating stack {stack}"));
                ("created", p)
            }
            (_, None) => return Err(ops::vanished(&stack)),
            (_, Some(info)) => {
                if adopted.is_none() {
                    refuse_incompatible(&name, table_record_verdict(&table_record_read))?;
                }
                let p = params::desired(&opts, Some(&info.parameters));
                // Decide "no changes" ourselves: an identical template and parameters
                // need no UpdateStack call at all.
                let deployed_template = ops::template(&aws, &stack).await?;
                let same = !crate::stack::template::differs(&deployed_template)
                    && params::changes(&info.parameters, &p).is_empty();
                let started = if same {
                    UpdateStarted::NoChanges
                } else {
                    if !self.no_backup && backup_arn.is_none() {
                        backup_arn = Some(crate::backup::take(&aws, &table).await?);
                    }
                    ops::update(&aws, &stack, TEMPLATE, &p).await?
                };
                let adopted_now = adopted.is_some();
                match started {
                    UpdateStarted::Started => {
                        report::note(format!("updating stack {stack}"));
                        (if adopted_now { "adopted" } else { "updated" }, p)
                    }
                    UpdateStarted::NoChanges => {
                        report::note(format!("stack {stack}: no changes"));
                        (if adopted_now { "adopted" } else { "unchanged" }, p)
                    }
                }
            }
        };

        if !self.wait.should_wait() {
            let summary = DeploySummary {
                name: name.to_string(),
                stack: stack.clone(),
                action: if action == "unchanged" {
                    "unchanged"
                } else {
                    "started"
                },
                stack_status: existing
                    .map(|i| i.status)
                    .unwrap_or_else(|| "CREATE_IN_PROGRESS".into()),
                table,
                function: params::aggregator_enabled(&sent).then(|| name.function()),
                code_sha256: None,
                code_shipped: false,
                release: LiveSummary::default(),
                record_written: false,
                schema_version: None,
                lambda_version: None,
                backup_arn,
                adopted_table: adopted,
                cleared_stack,
                parameters: sent,
                elapsed_seconds: started.elapsed().as_secs_f64(),
            };
            report::emit(self.output.output, &summary)?;
            report::note(format!(
                "not waiting: follow it with `zae-limiter status --name {name}`; the aggregator code \
                 and version record are written by `zae-limiter upgrade --name {name}` once the stack is complete"
            ));
            return Ok(0);
        }

        let status = if action == "unchanged" {
            existing.map(|i| i.status).unwrap_or_default()
        } else {
            let waited = wait_interruptible(&aws, &stack, timeout).await?;
            let Some(fin) = waited.info else {
                return Err(Error::failure(format!("stack {stack} disappeared while deploying"))
                    .hint("it was probably rolled back and deleted; look at its events in the CloudFormation console"));
            };
            if !ops::is_success(&fin.status) {
                return Err(failed(
                    &name,
                    &fin.status,
                    fin.reason.as_deref(),
                    &waited.failures,
                ));
            }
            fin.status
        };

        let enabled = params::aggregator_enabled(&sent);
        let rel =
            release::release(&aws, &name, enabled, self.release.options(false, timeout)).await?;
        let rec: Option<&VersionRecord> = rel.record.as_ref();
        let summary = DeploySummary {
            name: name.to_string(),
            stack,
            action,
            stack_status: status,
            table,
            function: enabled.then(|| name.function()),
            code_sha256: rel.code_sha256.clone(),
            code_shipped: rel.code_shipped,
            release: LiveSummary::of(&rel),
            record_written: rel.record_written,
            schema_version: rec.map(|r| r.schema_version.clone()),
            lambda_version: rec.and_then(|r| r.lambda_version.clone()),
            backup_arn,
            adopted_table: adopted,
            cleared_stack,
            parameters: sent,
            elapsed_seconds: started.elapsed().as_secs_f64(),
        };
        report::emit(self.output.output, &summary)?;
        Ok(0)
    }
}

/// The verdict for an existing stack whose table read gave `read`.
fn table_record_verdict(read: &Option<record::ReadRecord>) -> compat::Verdict {
    use crate::compat::Deployed;
    let deployed = match read {
        None => Deployed::StackWithoutTable,
        Some(record::ReadRecord::Absent) => Deployed::Stack(None),
        Some(record::ReadRecord::Unreadable(w)) => Deployed::Unreadable(w.clone()),
        Some(record::ReadRecord::Present(r)) => Deployed::Stack(Some(r.versions())),
    };
    compat::verdict(&compat::tool_version(), &compat::tool_schema(), &deployed)
}

/// Deploy changes an existing stack only when this tool may: not over a schema
/// that needs a migration, not when the tool is too old, never downgrading a
/// newer aggregator (upgrade --force is the explicit way).
fn refuse_incompatible(name: &LimiterName, verdict: compat::Verdict) -> Result<()> {
    use crate::compat::Verdict;
    match verdict {
        Verdict::Unreadable { why } => Err(Error::failure(format!(
            "the version record of {} cannot be read ({why}); deploy changed nothing",
            name.table()
        ))
        .hint(format!(
            "inspect it with `zae-limiter version --name {name}` and aws dynamodb get-item; fix or delete the item, then deploy again"
        ))),
        Verdict::SchemaMigration { .. } | Verdict::ToolTooOld { .. } => {
            let e = super::upgrade::decide(&verdict, false, name.as_str());
            e.map(|_| ())
        }
        Verdict::Compatible { lambda_newer: true, deployed_lambda } => Err(Error::failure(format!(
            "the deployed aggregator {deployed_lambda} is newer than this tool ({}); deploy would downgrade it",
            compat::tool_version()
        ))
        .hint(format!("use a newer zae-limiter, or downgrade on purpose: zae-limiter upgrade --name {name} --force"))),
        _ => Ok(()),
    }
}

/// Waits for the stack, stopping (not the stack) on Ctrl-C or SIGTERM.
pub async fn wait_interruptible(
    aws: &crate::aws::Aws,
    stack: &str,
    timeout: Duration,
) -> Result<ops::Waited> {
    tokio::select! {
        r = ops::wait(aws, stack, timeout) => r,
        _ = crate::interrupt::signal() => Err(Error::new(
            crate::error::ErrorKind::Interrupted,
            format!("stopped waiting; CloudFormation carries on with {stack}"),
        ).hint(format!(
            "follow it with `zae-limiter status --name {stack}`; to stop it: aws cloudformation cancel-update-stack --stack-name {stack} (updates) or delete the stack (creates)"
        ))),
    }
}

/// Continues the rollback of a stack in UPDATE_ROLLBACK_FAILED and waits for it.
async fn continue_rollback(
    aws: &crate::aws::Aws,
    name: &LimiterName,
    timeout: Duration,
) -> Result<ops::StackInfo> {
    use aws_sdk_cloudformation::error::ProvideErrorMetadata;
    let stack = name.stack();
    report::note(format!("continuing the rollback of {stack}"));
    aws.cfn()
        .continue_update_rollback()
        .stack_name(&stack)
        .send()
        .await
        .map_err(|e| {
            let m = e.message().unwrap_or_default().to_string();
            aws.error("ContinueUpdateRollback", e).hint(format!(
                "the rollback cannot go on until the resource it failed on is fixed ({m}); see aws cloudformation describe-stack-events --stack-name {stack}, then run this again"
            ))
        })?;
    let waited = wait_interruptible(aws, &stack, timeout).await?;
    match waited.info {
        Some(fin) if fin.status == "UPDATE_ROLLBACK_COMPLETE" => Ok(fin),
        Some(fin) => Err(failed(
            name,
            &fin.status,
            fin.reason.as_deref(),
            &waited.failures,
        )),
        None => Err(ops::vanished(&stack)),
    }
}

/// The refusal for a stack that cannot be updated in its state.
pub fn refuse_state(name: &LimiterName, status: &str) -> Error {
    let e = Error::failure(format!(
        "stack {} is {status} ({}); it cannot be updated now",
        name.stack(),
        ops::meaning(status)
    ));
    if status.ends_with("_IN_PROGRESS") {
        e.hint(format!(
            "wait for it to finish (zae-limiter status --name {name}), then run this again"
        ))
    } else if status == "UPDATE_ROLLBACK_FAILED" {
        e.hint(format!(
            "continue the rollback and deploy: zae-limiter deploy --name {name} --continue-rollback (fix the resource named in its events first: aws cloudformation describe-stack-events --stack-name {})",
            name.stack()
        ))
    } else if matches!(
        status,
        "ROLLBACK_COMPLETE" | "IMPORT_ROLLBACK_COMPLETE" | "REVIEW_IN_PROGRESS"
    ) {
        e.hint(format!(
            "zae-limiter deploy --name {name} deletes the dead stack (the table and its data are kept) and deploys again"
        ))
    } else if status.ends_with("_FAILED") {
        e.hint(format!(
            "fix the resource named in its events (aws cloudformation describe-stack-events --stack-name {}), then delete it (the table and its data are kept): zae-limiter delete --name {name} --yes; then zae-limiter deploy --name {name} adopts the table",
            name.stack()
        ))
    } else {
        e
    }
}

/// The error for a stack operation that ended in failure: the final status,
/// every failed resource with CloudFormation's reason, and what to do next.
pub fn failed(
    name: &LimiterName,
    status: &str,
    reason: Option<&str>,
    failures: &[crate::stack::events::Failure],
) -> Error {
    let mut msg = format!("stack {} ended in {status}", name.stack());
    if let Some(r) = reason {
        msg.push_str(&format!(": {r}"));
    }
    for f in failures {
        msg.push_str(&format!(
            "\n  {} ({}) {}: {}",
            f.logical_id, f.resource_type, f.status, f.reason
        ));
    }
    let hint = if matches!(status, "ROLLBACK_COMPLETE" | "IMPORT_ROLLBACK_COMPLETE") {
        format!("fix the cause named above, then run zae-limiter deploy --name {name} again: it deletes the failed stack (its table, if any, is kept) and deploys again")
    } else {
        format!("fix the cause named above (all events: aws cloudformation describe-stack-events --stack-name {}) and run this again", name.stack())
    };
    Error::failure(msg).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name() -> LimiterName {
        LimiterName::parse("prod").unwrap()
    }

    #[test]
    fn refusals_name_the_state_and_the_way_out() {
        let e = refuse_state(&name(), "UPDATE_IN_PROGRESS");
        assert!(e.message.contains("ZAEL-prod is UPDATE_IN_PROGRESS"));
        assert!(e.hint.unwrap().contains("wait for it to finish"));
        let e = refuse_state(&name(), "ROLLBACK_COMPLETE");
        assert!(e
            .hint
            .unwrap()
            .contains("zae-limiter deploy --name prod deletes the dead stack"));
        let e = refuse_state(&name(), "DELETE_FAILED");
        assert!(e.hint.unwrap().contains(
            "zae-limiter delete --name prod --yes; then zae-limiter deploy --name prod adopts"
        ));
        let e = refuse_state(&name(), "UPDATE_ROLLBACK_FAILED");
        assert!(e
            .hint
            .unwrap()
            .contains("zae-limiter deploy --name prod --continue-rollback"));
    }

    #[test]
    fn failures_list_every_failed_resource() {
        let failures = vec![crate::stack::events::Failure {
            logical_id: "AggregatorRole".into(),
            resource_type: "AWS::IAM::Role".into(),
            status: "CREATE_FAILED".into(),
            reason: "not authorized to perform iam:CreateRole".into(),
        }];
        let e = failed(&name(), "ROLLBACK_COMPLETE", Some("rolled back"), &failures);
        assert!(e
            .message
            .contains("ended in ROLLBACK_COMPLETE: rolled back"));
        assert!(e
            .message
            .contains("AggregatorRole (AWS::IAM::Role) CREATE_FAILED: not authorized"));
        assert!(e.hint.unwrap().contains("deletes the failed stack"));
    }
}
