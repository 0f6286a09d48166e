//! The upgrade operation: bring a deployed stack and its aggregator to this tool's
//! version, refusing what needs a migration and never lowering the schema version;
//! a fleet rollout (`ops::rollout`) runs it on each stack of a wave.

use std::fmt;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::aws::Aws;
use crate::domain::compat;
use crate::domain::naming::LimiterName;
use crate::domain::stack::tags::{self, TagArg};
use crate::domain::stack::{params, template};
use crate::error::{Error, ErrorKind, Result};
use crate::ops::release::LiveSummary;
use crate::ops::stack::{self as ops, UpdateStarted};
use crate::{ops::deployed, ops::release, report};

/// The upgrade result.
#[derive(Debug, Serialize)]
pub struct UpgradeResult {
    /// Limiter name.
    pub name: String,
    /// `upgraded` or `unchanged`.
    pub action: &'static str,
    /// Why nothing was done, or what --force overrode.
    pub notes: Vec<String>,
    /// Whether the stack was updated.
    pub stack_updated: bool,
    /// ARN of the backup taken before changing the stack, if one was.
    pub backup_arn: Option<String>,
    /// Whether code was shipped.
    pub code_shipped: bool,
    /// CodeSha256 afterwards.
    pub code_sha256: Option<String>,
    /// The alias `live` afterwards.
    #[serde(flatten)]
    pub release: LiveSummary,
    /// Whether the record was written.
    pub record_written: bool,
    /// Lambda version in the record afterwards.
    pub lambda_version: Option<String>,
    /// Schema version in the record afterwards.
    pub schema_version: Option<String>,
    /// Wall time, seconds.
    pub elapsed_seconds: f64,
}

impl fmt::Display for UpgradeResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Why nothing was done is the result itself; what --force overrode was
        // already said on stderr as it happened (and is in the JSON's notes).
        if self.action == "unchanged" {
            for n in &self.notes {
                writeln!(f, "{n}")?;
            }
            return Ok(());
        }
        if self.action == "started" {
            return writeln!(
                f,
                "{}: stack update started; code and record follow with upgrade --lambda-only",
                self.name
            );
        }
        writeln!(f, "{} upgraded", self.name)?;
        writeln!(
            f,
            "  stack:    {}",
            if self.stack_updated {
                "updated"
            } else {
                "unchanged"
            }
        )?;
        writeln!(
            f,
            "  code:     {}{}",
            self.code_sha256.as_deref().unwrap_or("-"),
            if self.code_shipped { " (shipped)" } else { "" }
        )?;
        self.release.write(f)?;
        writeln!(
            f,
            "  record:   schema {}, lambda {}{}",
            self.schema_version.as_deref().unwrap_or("-"),
            self.lambda_version.as_deref().unwrap_or("-"),
            if self.record_written {
                " (written)"
            } else {
                ""
            }
        )?;
        writeln!(
            f,
            "  elapsed:  {}",
            report::human_secs(self.elapsed_seconds)
        )
    }
}

/// The flags one stack's upgrade follows.
#[derive(Debug, Clone)]
pub struct Flags {
    /// `--lambda-only`.
    pub lambda_only: bool,
    /// `--force`.
    pub force: bool,
    /// `--no-backup`.
    pub no_backup: bool,
    /// Wait for stack updates.
    pub wait: bool,
    /// How long to wait.
    pub timeout: Duration,
    /// `--keep-versions`.
    pub keep_versions: usize,
    /// `--no-rollback`: leave a version that fails verification live.
    pub no_rollback: bool,
    /// `--tag`: stack tags to set or (`KEY=`) remove; the others are kept.
    pub tags: Vec<TagArg>,
}

impl Flags {
    /// The release options these flags give.
    pub fn release(&self) -> release::Options {
        release::Options {
            force: self.force,
            keep_versions: self.keep_versions,
            no_rollback: self.no_rollback,
            timeout: self.timeout,
        }
    }
}

/// Upgrades one limiter by the rules of `upgrade`; the result says what happened.
pub async fn upgrade_one(aws: &Aws, name: &LimiterName, flags: &Flags) -> Result<UpgradeResult> {
    let started = Instant::now();
    let aws = aws.clone();
    {
        let facts = deployed::gather(&aws, name).await?;
        // A stack mid-operation (or failed) is refused for its state first: its
        // table may simply not exist yet, which the verdict would misread.
        if let Some(info) = facts
            .stack
            .as_ref()
            .filter(|i| !ops::is_updatable(&i.status))
        {
            return Err(crate::domain::stack::state::refuse_state(
                name,
                &info.status,
            ));
        }
        let verdict = compat::verdict(
            &compat::tool_version(),
            &compat::tool_schema(),
            &facts.deployed(),
        );
        // The tags the stack would carry: the operator's kept (or changed by --tag),
        // the tool's version tag following this tool.
        let wanted_tags = match &facts.stack {
            Some(info) => Some(
                tags::desired(
                    &flags.tags,
                    Some(&info.tags),
                    name.as_str(),
                    &compat::tool_version().to_string(),
                )
                .map_err(|e| Error::new(ErrorKind::Usage, e))?,
            ),
            None => None,
        };
        let retag = !flags.tags.is_empty()
            && !flags.lambda_only
            && matches!((&facts.stack, &wanted_tags), (Some(i), Some(w)) if !tags::changes(&i.tags, w).is_empty());
        let overrides = match crate::domain::upgrade::decide(&verdict, flags.force, name.as_str())?
        {
            // Current, but --tag changes the stack's tags: a stack update does that.
            crate::domain::upgrade::Decision::NoOp(_) if retag => vec![],
            crate::domain::upgrade::Decision::NoOp(msg) => {
                let r = UpgradeResult {
                    name: name.to_string(),
                    action: "unchanged",
                    notes: vec![msg],
                    stack_updated: false,
                    backup_arn: None,
                    code_shipped: false,
                    code_sha256: None,
                    release: LiveSummary::default(),
                    record_written: false,
                    lambda_version: facts
                        .version_record()
                        .and_then(|r| r.lambda_version.clone()),
                    schema_version: facts.version_record().map(|r| r.schema_version.clone()),
                    elapsed_seconds: started.elapsed().as_secs_f64(),
                };
                return Ok(r);
            }
            crate::domain::upgrade::Decision::Proceed { overrides } => overrides,
        };
        for o in &overrides {
            report::note(o);
        }
        let info = facts
            .stack
            .clone()
            .ok_or_else(|| Error::new(ErrorKind::NotDeployed, "stack not found"))?;
        if !ops::is_updatable(&info.status) {
            return Err(crate::domain::stack::state::refuse_state(
                name,
                &info.status,
            ));
        }
        let timeout = flags.timeout;
        let desired = params::desired(&params::StackOptions::default(), Some(&info.parameters));
        let mut stack_updated = false;
        let mut backup_arn = None;
        if !flags.lambda_only {
            let stack = name.stack();
            let deployed_template = ops::template(&aws, &stack).await?;
            let tags = wanted_tags.unwrap_or_default();
            let changed = template::differs(&deployed_template)
                || !params::changes(&info.parameters, &desired).is_empty()
                || !tags::changes(&info.tags, &tags).is_empty();
            if changed {
                if !flags.no_backup {
                    backup_arn = Some(crate::ops::backup::take(&aws, &name.table()).await?);
                }
                if let UpdateStarted::Started =
                    ops::update(&aws, &stack, template::TEMPLATE, &desired, &tags).await?
                {
                    report::note(format!("updating stack {stack}"));
                    if !flags.wait {
                        report::note(format!(
                            "not waiting: follow it with `zae-limiter status --name {name}`, then run \
                             `zae-limiter upgrade --name {name} --lambda-only` to ship the code and write the record"
                        ));
                        return Ok(UpgradeResult {
                            name: name.to_string(),
                            action: "started",
                            notes: overrides,
                            stack_updated: false,
                            backup_arn,
                            code_shipped: false,
                            code_sha256: None,
                            release: LiveSummary::default(),
                            record_written: false,
                            lambda_version: None,
                            schema_version: None,
                            elapsed_seconds: started.elapsed().as_secs_f64(),
                        });
                    }
                    let waited = ops::wait_interruptible(&aws, &stack, timeout).await?;
                    match waited.info {
                        Some(f) if ops::is_success(&f.status) => stack_updated = true,
                        Some(f) => {
                            return Err(crate::domain::stack::state::failed(
                                name,
                                &f.status,
                                f.reason.as_deref(),
                                &waited.failures,
                            ))
                        }
                        None => return Err(crate::ops::stack::vanished(&stack)),
                    }
                }
            }
        }
        // Code is shipped when it differs from this tool's package (or --force);
        // the record is written whenever it is not already current.
        let rel = release::release(
            &aws,
            name,
            params::aggregator_enabled(&desired),
            flags.release(),
        )
        .await?;
        let r = UpgradeResult {
            name: name.to_string(),
            action: "upgraded",
            notes: overrides,
            stack_updated,
            backup_arn,
            code_shipped: rel.code_shipped,
            code_sha256: rel.code_sha256.clone(),
            release: LiveSummary::of(&rel),
            record_written: rel.record_written,
            lambda_version: rel.record.as_ref().and_then(|r| r.lambda_version.clone()),
            schema_version: rel.record.as_ref().map(|r| r.schema_version.clone()),
            elapsed_seconds: started.elapsed().as_secs_f64(),
        };
        Ok(r)
    }
}
