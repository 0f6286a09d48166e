//! `rollback`: move the alias `live` back to an earlier published version of
//! the aggregator and make the version record say which tool version runs.

use std::fmt;

use serde::Serialize;

use super::{OutputArgs, TargetArgs};
use crate::error::{Error, ErrorKind, Result};
use crate::ops::function_versions::{self as fv, Live, VersionView};
use crate::{domain::compat, ops::record, report};

/// Arguments of `rollback`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: TargetArgs,
    /// The published version to move `live` to (default: the one before the live version).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub to_version: Option<u64>,
    /// Do not ask for confirmation (required when stdin is not a terminal).
    #[arg(short, long)]
    pub yes: bool,
    #[command(flatten)]
    output: OutputArgs,
}

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

impl Args {
    /// Runs rollback.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let name = &self.target.name;
        if !self.yes && !report::stdin_is_terminal() {
            return Err(Error::failure(format!(
                "refusing to roll back {name} without confirmation: stdin is not a terminal"
            ))
            .hint("pass --yes to confirm in scripts"));
        }
        let aws = self.target.aws().await?;
        let function = name.function();
        let versions = match fv::read(&aws, &function).await {
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
        let target = fv::rollback_target(&versions, self.to_version).map_err(|why| {
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
        let known = record::read(&aws, &name.table()).await?;
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
        if !self.yes {
            let q = format!(
                "Move `{}` of {function} from version {before} to version {after}?",
                fv::LIVE_ALIAS
            );
            if !report::confirm(&q) {
                report::note("nothing changed");
                return Ok(1);
            }
        }
        fv::move_live(&aws, &function, target).await?;
        let tool = compat::tool_version();
        let (old, new) = record::set_lambda_version(&aws, &name.table(), known, &after_tool, &tool)
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
        report::emit(self.output.output, &result)?;
        Ok(0)
    }
}
