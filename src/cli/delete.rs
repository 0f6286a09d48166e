//! `delete`: remove the limiter stack. The table and its data are kept (the
//! template retains it) unless the operator explicitly says `--delete-data`
//! (`ops::delete`), after confirmation.

use std::time::Duration;

use super::{OutputArgs, TargetArgs, WaitArgs};
use crate::error::{Error, Result};
use crate::{ops::delete, report};

pub use crate::ops::delete::DeleteResult;

/// Arguments of `delete`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: TargetArgs,
    /// Do not ask for confirmation (required when stdin is not a terminal).
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// Also delete the table and ALL its data (rate-limit state, limits, usage).
    #[arg(long)]
    pub delete_data: bool,
    #[command(flatten)]
    wait: WaitArgs,
    #[command(flatten)]
    output: OutputArgs,
}

impl Args {
    /// Runs delete.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let name = &self.target.name;
        if !self.yes && !report::stdin_is_terminal() {
            return Err(Error::failure(format!(
                "refusing to delete {} without confirmation: stdin is not a terminal",
                name.stack()
            ))
            .hint("pass --yes to confirm in scripts"));
        }
        let aws = self.target.aws().await?;
        let planned = delete::plan(&aws, name, self.delete_data).await?;
        if !self.yes && !report::confirm(&planned.question(name)) {
            report::note("nothing deleted");
            return Ok(1);
        }
        let timeout = Duration::from_secs(self.wait.wait_timeout * 60);
        let result = delete::apply(&aws, name, &planned, self.wait.should_wait(), timeout).await?;
        report::emit(self.output.output, &result)?;
        Ok(0)
    }
}
