//! The deploy operation: create the limiter stack (or adopt an existing table into
//! a new one, or bring an existing stack up to date), wait for it, then ship the
//! aggregator code and write the version record.

use std::fmt;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::aws::Aws;
use crate::domain::deploy_guard;
use crate::domain::naming::LimiterName;
use crate::domain::stack::params::{self, StackOptions};
use crate::domain::stack::route::{self, Route};
use crate::domain::stack::state::{failed, refuse_state};
use crate::domain::stack::tags::{self, TagArg};
use crate::domain::stack::template::TEMPLATE;
use crate::error::{Error, ErrorKind, Result};
use crate::ops::record::{self, VersionRecord};
use crate::ops::release::LiveSummary;
use crate::ops::stack::{self as stack_ops, UpdateStarted};
use crate::{domain::compat, ops::adopt, ops::release, report};

/// What the operator asked deploy to do.
#[derive(Debug, Clone)]
pub struct Request {
    /// The limiter.
    pub name: LimiterName,
    /// The stack options (parameters to send).
    pub options: StackOptions,
    /// `--tag` arguments.
    pub tags: Vec<TagArg>,
    /// Skip the backup before changing an existing stack or adopting a table.
    pub no_backup: bool,
    /// Continue the rollback of a stack in UPDATE_ROLLBACK_FAILED first.
    pub continue_rollback: bool,
    /// How to release the aggregator.
    pub release: release::Options,
    /// Wait for the stack to settle (and release); `false` with `--no-wait`.
    pub wait: bool,
    /// Overall limit for waiting on the stack.
    pub timeout: Duration,
    /// When the command started (for the elapsed time).
    pub started: Instant,
}

impl Request {
    /// The checks that need no AWS call (the count of the given tags), made before
    /// any AWS configuration is loaded.
    pub fn check(&self) -> Result<()> {
        crate::ops::plan::check(&self.name, &self.tags)
    }
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
    /// Stack tags sent (the operator's and the tool's own).
    pub tags: std::collections::BTreeMap<String, String>,
    /// Wall time, seconds.
    pub elapsed_seconds: f64,
}

impl DeploySummary {
    /// What to run next after `--no-wait` (said on stderr after the summary).
    pub fn not_waiting_note(&self) -> String {
        let name = &self.name;
        format!(
            "not waiting: follow it with `zae-limiter status --name {name}`; the aggregator code \
             and version record are written by `zae-limiter upgrade --name {name}` once the stack is complete"
        )
    }
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
        let own = tags::user_tags(&self.tags);
        if !own.is_empty() {
            let list: Vec<String> = own.iter().map(|(k, v)| format!("{k}={v}")).collect();
            writeln!(f, "  tags:     {}", list.join(", "))?;
        }
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

/// Deploys: gathers the stack and the version record, asks the domain which way
/// to go (create, adopt, update, clear a dead stack, continue a failed rollback,
/// refuse), does it, waits, and releases the aggregator.
pub async fn deploy(aws: &Aws, req: &Request) -> Result<DeploySummary> {
    let started = req.started;
    let name = req.name.clone();
    let opts = &req.options;
    let version = compat::tool_version().to_string();
    let stack = name.stack();
    let table = name.table();
    let timeout = req.timeout;

    let (existing, table_record) = tokio::join!(
        stack_ops::describe(aws, &stack),
        record::read_if_table(aws, &table)
    );
    let mut existing = existing?;
    let table_record_read = table_record?;
    let table_exists = table_record_read.is_some();

    let owns = match existing.as_ref().map(|i| i.status.as_str()) {
        Some(s) if route::may_be_dead(s) => {
            Some(adopt::stack_owns_table(aws, &stack, &table).await?)
        }
        _ => None,
    };
    let mut route = route::decide(&route::Facts {
        stack_status: existing.as_ref().map(|i| i.status.clone()),
        stack_owns_table: owns,
        table_exists,
        continue_rollback: req.continue_rollback,
    });
    let mut cleared_stack = None;
    if let Route::ClearThen { status, adopt } = &route {
        adopt::clear_dead_stack(aws, &stack, status, timeout).await?;
        cleared_stack = Some(status.clone());
        route = if *adopt { Route::Adopt } else { Route::Create };
        existing = None;
    }
    if route == Route::ContinueRollbackThenUpdate {
        existing = Some(continue_rollback(aws, &name, timeout).await?);
        route = Route::Update;
    }

    if !matches!(route, Route::Refuse { .. }) {
        if let Some(arn) = opts
            .aggregator_role_arn
            .as_deref()
            .filter(|a| !a.is_empty())
        {
            check_given_role(aws, &name, arn, opts.enable_tracing).await?;
        }
    }

    let mut backup_arn = None;
    let mut adopted = None;
    if route == Route::Adopt {
        let (info, table_adopted, arn) = adopt_table(aws, req, &table_record_read).await?;
        existing = Some(info);
        adopted = Some(table_adopted);
        backup_arn = arn;
    }

    let (action, sent, sent_tags) = match (&route, &existing) {
        (Route::Refuse { status }, _) => return Err(refuse_state(&name, status)),
        (Route::Create, _) => {
            let p = params::desired(opts, None);
            let t = tags::desired(&req.tags, None, name.as_str(), &version)
                .map_err(|e| Error::new(ErrorKind::Usage, e))?;
            stack_ops::create(aws, &stack, TEMPLATE, &p, &t).await?;
            report::note(format!("creating stack {stack}"));
            ("created", p, t)
        }
        (_, None) => return Err(stack_ops::vanished(&stack)),
        (_, Some(info)) => {
            if adopted.is_none() {
                deploy_guard::refuse_incompatible(
                    &name,
                    &deploy_guard::verdict(&table_record_read),
                )?;
            }
            let p = params::desired(opts, Some(&info.parameters));
            let t = tags::desired(&req.tags, Some(&info.tags), name.as_str(), &version)
                .map_err(|e| Error::new(ErrorKind::Usage, e))?;
            // Decide "no changes" ourselves: an identical template and parameters
            // need no UpdateStack call at all.
            let deployed_template = stack_ops::template(aws, &stack).await?;
            let same = !crate::domain::stack::template::differs(&deployed_template)
                && params::changes(&info.parameters, &p).is_empty()
                && tags::changes(&info.tags, &t).is_empty();
            let started = if same {
                UpdateStarted::NoChanges
            } else {
                if !req.no_backup && backup_arn.is_none() {
                    backup_arn = Some(crate::ops::backup::take(aws, &table).await?);
                }
                stack_ops::update(aws, &stack, TEMPLATE, &p, &t).await?
            };
            let adopted_now = adopted.is_some();
            match started {
                UpdateStarted::Started => {
                    report::note(format!("updating stack {stack}"));
                    (if adopted_now { "adopted" } else { "updated" }, p, t)
                }
                UpdateStarted::NoChanges => {
                    report::note(format!("stack {stack}: no changes"));
                    (if adopted_now { "adopted" } else { "unchanged" }, p, t)
                }
            }
        }
    };

    if !req.wait {
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
            tags: sent_tags,
            elapsed_seconds: started.elapsed().as_secs_f64(),
        };
        return Ok(summary);
    }

    let status = if action == "unchanged" {
        existing.map(|i| i.status).unwrap_or_default()
    } else {
        let waited = stack_ops::wait_interruptible(aws, &stack, timeout).await?;
        let Some(fin) = waited.info else {
            return Err(Error::failure(format!("stack {stack} disappeared while deploying"))
                .hint("it was probably rolled back and deleted; look at its events in the CloudFormation console"));
        };
        if !stack_ops::is_success(&fin.status) {
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
    let rel = release::release(aws, &name, enabled, req.release).await?;
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
        tags: sent_tags,
        elapsed_seconds: started.elapsed().as_secs_f64(),
    };
    Ok(summary)
}

/// Adopts the existing table into a new stack: checks that it is a limiter table
/// this tool may take over, backs it up (unless told not to), turns on what the
/// stack needs, and runs the `IMPORT` change set to its end. Returns the stack,
/// what was adopted and the backup's ARN.
async fn adopt_table(
    aws: &Aws,
    req: &Request,
    table_record_read: &Option<record::ReadRecord>,
) -> Result<(stack_ops::StackInfo, adopt::AdoptedTable, Option<String>)> {
    let name = &req.name;
    let (stack, table, timeout) = (name.stack(), name.table(), req.timeout);
    let p = params::desired(&req.options, None);
    let (table_facts, owner) =
        tokio::join!(adopt::read_table(aws, &table), adopt::owner(aws, &table));
    let Some(table_facts) = table_facts? else {
        return Err(stack_ops::vanished(&table));
    };
    adopt::check(&table_facts, name, owner?.as_deref())?;
    deploy_guard::refuse_incompatible(name, &deploy_guard::verdict(table_record_read))?;
    let backup_arn = if req.no_backup {
        None
    } else {
        Some(crate::ops::backup::take(aws, &table).await?)
    };
    let pitr_days = p[params::PITR_DAYS].parse().unwrap_or(35);
    let changes = crate::domain::table_shape::settings_to_apply(
        &table_facts,
        pitr_days,
        params::deletion_protected(&p),
    );
    adopt::apply_settings(aws, &table, &changes).await?;
    report::note(format!(
        "adopting table {table} ({} items, {}) into a new stack {stack} (CloudFormation resource import)",
        table_facts.items,
        report::human_bytes(table_facts.size_bytes)
    ));
    adopt::start_import(aws, &stack, &table, TEMPLATE, &p).await?;
    let waited = stack_ops::wait_interruptible(aws, &stack, timeout).await?;
    let info = match waited.info {
        Some(fin) if fin.status == "IMPORT_COMPLETE" => fin,
        Some(fin) => {
            return Err(failed(
                name,
                &fin.status,
                fin.reason.as_deref(),
                &waited.failures,
            ))
        }
        None => return Err(stack_ops::vanished(&stack)),
    };
    let adopted = adopt::AdoptedTable {
        name: table.clone(),
        items: table_facts.items,
        size_bytes: table_facts.size_bytes,
        settings_applied: changes,
    };
    Ok((info, adopted, backup_arn))
}

/// Checks the role of `--no-iam --aggregator-role-arn` before anything changes, and
/// says on stderr which policy it needs.
async fn check_given_role(
    aws: &Aws,
    name: &LimiterName,
    arn: &str,
    tracing: Option<bool>,
) -> Result<()> {
    match crate::ops::iam::check_role(aws, arn).await? {
        crate::ops::iam::RoleCheck::Usable => {}
        crate::ops::iam::RoleCheck::NotReadable(why) => crate::ops::iam::warn_unchecked(arn, &why),
    }
    let policy = crate::ops::iam::policy(aws, name, tracing).await?;
    report::note(format!(
        "--no-iam: the stack creates no IAM resource; the aggregator runs as {arn}, which needs this policy (`zae-limiter iam-policy --name {name}` prints it again):\n{}",
        serde_json::to_string_pretty(&policy.policy).unwrap_or_default()
    ));
    Ok(())
}

/// Continues the rollback of a stack in UPDATE_ROLLBACK_FAILED and waits for it.
async fn continue_rollback(
    aws: &Aws,
    name: &LimiterName,
    timeout: Duration,
) -> Result<stack_ops::StackInfo> {
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
    let waited = stack_ops::wait_interruptible(aws, &stack, timeout).await?;
    match waited.info {
        Some(fin) if fin.status == "UPDATE_ROLLBACK_COMPLETE" => Ok(fin),
        Some(fin) => Err(failed(
            name,
            &fin.status,
            fin.reason.as_deref(),
            &waited.failures,
        )),
        None => Err(stack_ops::vanished(&stack)),
    }
}
