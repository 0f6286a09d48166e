//! The rollback operation: move the alias `live` back to an earlier published
//! version of the aggregator and make the version record say which tool version
//! runs. Checked first (`plan`), changed second (`apply`), so that the command can
//! ask for confirmation in between and a fleet rollout can roll a wave back.

use std::fmt;

use serde::Serialize;

use crate::aws::Aws;
use crate::domain::naming::LimiterName;
use crate::error::{Error, ErrorKind, Result};
use crate::ops::function_versions::{self as fv, Live, VersionView};
use crate::{domain::compat, ops::record};

/// What rollback did (and its JSON document).
#[derive(Debug, Serialize)]
pub struct RollbackResult {
    /// Limiter name.
    pub name: String,
    /// Function name.
    pub function: String,
    /// What was live.
    pub before: VersionView,
    /// What is live now.
    pub after: VersionView,
    /// The record's `lambda_version` before.
    pub record_lambda_before: Option<String>,
    /// The record's `lambda_version` now.
    pub record_lambda_after: String,
}

impl fmt::Display for RollbackResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: `{}` version {} → version {}",
            self.function,
            fv::LIVE_ALIAS,
            self.before,
            self.after
        )?;
        writeln!(
            f,
            "version record: lambda {} → {}",
            self.record_lambda_before.as_deref().unwrap_or("-"),
            self.record_lambda_after
        )
    }
}

/// A rollback that was checked and may be applied.
#[derive(Debug, Clone)]
pub struct Planned {
    /// Function name.
    pub function: String,
    /// The version `live` moves to.
    pub target: u64,
    /// What is live now.
    pub before: VersionView,
    /// What will be live.
    pub after: VersionView,
    /// The tool version of the target version.
    after_tool: String,
    /// The version record as read (present and readable).
    known: record::ReadRecord,
}

/// Checks that `name` can be rolled back (to `to_version`, or the version before the
/// live one) and says what would change; changes nothing.
pub async fn plan(aws: &Aws, name: &LimiterName, to_version: Option<u64>) -> Result<Planned> {
    let function = name.function();
    let versions = match fv::read(aws, &function).await {
        Ok(v) => v,
        Err(e) if e.kind == ErrorKind::NotDeployed => {
            return Err(Error::new(
                ErrorKind::NotDeployed,
                format!("no aggregator function {function}: nothing to roll back"),
            )
            .hint(format!(
            "check --name and --region; `zae-limiter status --name {name}` shows what is deployed"
        )))
        }
        Err(e) => return Err(e),
    };
    let target = fv::rollback_target(&versions, to_version).map_err(|why| {
        Error::failure(format!("cannot roll back {function}: {why}")).hint(format!(
            "`zae-limiter version --name {name}` lists the published versions"
        ))
    })?;
    let Some(after) = versions.published.iter().find(|p| p.number == target) else {
        return Err(Error::failure(format!(
            "version {target} of {function} is gone"
        )));
    };
    let Some(after_tool) = after.tool_version.clone() else {
        return Err(Error::failure(format!(
            "version {target} of {function} was not published by zae-limiter \
                 (its description is {:?}), so the version record cannot name its tool version",
            after.description
        ))
        .hint("choose another version with --to-version"));
    };
    // rollback_target has already refused unless `live` is on a version.
    let before = match (versions.live_version(), &versions.live) {
        (Some(p), _) => VersionView::of(p),
        (None, live) => VersionView {
            version: if let Live::Version(n) = live { *n } else { 0 },
            tool_version: None,
            package_sha256: None,
        },
    };
    let after = VersionView::of(after);
    // The record must be there and readable before anything moves, so that a
    // rollback is not left half done by a record it cannot update.
    let known = record::read(aws, &name.table()).await?;
    match &known {
            record::ReadRecord::Present(_) => {}
            record::ReadRecord::Absent => {
                return Err(Error::failure(format!(
                    "{} has no version record, so a rollback could not keep it consistent; nothing was changed",
                    name.table()
                ))
                .hint(format!("write one first: zae-limiter upgrade --name {name}")))
            }
            record::ReadRecord::Unreadable(why) => {
                return Err(Error::failure(format!(
                    "the version record in {} cannot be read ({why}); nothing was changed",
                    name.table()
                ))
                .hint("inspect it with aws dynamodb get-item; fix or delete it first"))
            }
        }
    Ok(Planned {
        function,
        target,
        before,
        after,
        after_tool,
        known,
    })
}

/// Moves `live` and updates the version record as planned.
pub async fn apply(aws: &Aws, name: &LimiterName, planned: Planned) -> Result<RollbackResult> {
    let Planned {
        function,
        target,
        before,
        after,
        after_tool,
        known,
    } = planned;
    fv::move_live(aws, &function, target).await?;
    let tool = compat::tool_version();
    let (old, new) = record::set_lambda_version(aws, &name.table(), known, &after_tool, &tool)
        .await
        .map_err(|e| {
            Error::failure(format!(
                "`{}` now points at version {after}, but the version record was not updated: {}",
                fv::LIVE_ALIAS,
                e.message
            ))
            .hint(e.hint.clone().unwrap_or_else(|| {
                format!("run `zae-limiter rollback --name {name} --to-version {target}` again")
            }))
        })?;
    let result = RollbackResult {
        name: name.to_string(),
        function,
        before,
        after,
        record_lambda_before: old.and_then(|o| o.lambda_version),
        record_lambda_after: new.lambda_version.unwrap_or_default(),
    };
    Ok(result)
}
