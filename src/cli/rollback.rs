//! `rollback`: move the alias `live` back to an earlier published version of
//! the aggregator and make the version record say which tool version runs
//! (`ops::rollback`), after confirmation.

use super::{OutputArgs, TargetArgs};
use crate::error::{Error, Result};
use crate::ops::function_versions::LIVE_ALIAS;
use crate::{ops::rollback, report};

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
        let planned = rollback::plan(&aws, name, self.to_version).await?;
        if !self.yes {
            let q = format!(
                "Move `{}` of {} from version {} to version {}?",
                LIVE_ALIAS, planned.function, planned.before, planned.after
            );
            if !report::confirm(&q) {
                report::note("nothing changed");
                return Ok(1);
            }
        }
        let result = rollback::apply(&aws, name, planned).await?;
        report::emit(self.output.output, &result)?;
        Ok(0)
    }
}
