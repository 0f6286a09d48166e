//! `check`: the compatibility verdict only, for scripts and checklists.
//! One line (or one JSON document) on stdout, the next step on stderr, and the
//! documented exit code (`ops::check`). Changes nothing.

use super::{OutputArgs, TargetArgs};
use crate::error::Result;
use crate::{ops::check, report};

pub use crate::ops::check::CheckResult;

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: TargetArgs,
    #[command(flatten)]
    output: OutputArgs,
}

impl Args {
    /// Runs check.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let aws = self.target.aws().await?;
        let result = check::check(&aws, &self.target.name).await?;
        report::emit(self.output.output, &result)?;
        if let Some(next) = result.next_note() {
            report::note(next);
        }
        Ok(result.exit_code)
    }
}
