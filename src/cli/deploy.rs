//! `deploy`: create the limiter stack, or bring an existing one up to date;
//! then ship the aggregator code and write the version record (`ops::deploy`).

use std::time::{Duration, Instant};

use super::stack_args::StackArgs;
use super::{OutputArgs, ReleaseArgs, TargetArgs, WaitArgs};
use crate::error::Result;
use crate::ops::deploy::{self, Request};
use crate::report;

pub use crate::ops::deploy::DeploySummary;

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

impl Args {
    /// Runs deploy.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let started = Instant::now();
        let timeout = Duration::from_secs(self.wait.wait_timeout * 60);
        let request = Request {
            options: self.stack.options(&self.target.name)?,
            name: self.target.name.clone(),
            tags: self.stack.tags.clone(),
            no_backup: self.no_backup,
            continue_rollback: self.continue_rollback,
            release: self.release.options(false, timeout),
            wait: self.wait.should_wait(),
            timeout,
            started,
        };
        request.check()?;
        let aws = self.target.aws().await?;
        let summary = deploy::deploy(&aws, &request).await?;
        report::emit(self.output.output, &summary)?;
        if !request.wait {
            report::note(summary.not_waiting_note());
        }
        Ok(0)
    }
}
