//! `upgrade`: bring the deployed stack and aggregator to this tool's version
//! (`ops::upgrade`), for one limiter or every limiter of the region.

use std::time::Duration;

use super::{OutputArgs, ReleaseArgs, TargetArgs, WaitArgs};
use crate::domain::stack::tags::{parse_tag_arg, TagArg};
use crate::error::Result;
use crate::ops::upgrade::{self, Flags};
use crate::report;

/// Arguments of `upgrade`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: TargetArgs,
    /// Only ship the function code and update the record; leave the stack alone.
    #[arg(long)]
    pub lambda_only: bool,
    /// Proceed even when current or when the compatibility check objects (says what it overrides).
    #[arg(long)]
    pub force: bool,
    /// Do not back up the table before changing the stack.
    #[arg(long)]
    pub no_backup: bool,
    /// Upgrade every limiter stack (ZAEL-*) in the region; --name is ignored.
    #[arg(long)]
    pub all: bool,
    /// With --all: how many stacks to upgrade at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=32))]
    pub concurrency: u16,
    /// Stack tag KEY=VALUE to set (repeatable; KEY= removes one); other tags are kept.
    #[arg(long = "tag", value_name = "KEY=VALUE", value_parser = parse_tag_arg)]
    pub tags: Vec<TagArg>,
    #[command(flatten)]
    release: ReleaseArgs,
    #[command(flatten)]
    wait: WaitArgs,
    #[command(flatten)]
    output: OutputArgs,
}

impl Args {
    /// Runs upgrade, for one limiter or (`--all`) every limiter in the region.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let flags = Flags {
            lambda_only: self.lambda_only,
            force: self.force,
            no_backup: self.no_backup,
            wait: self.wait.should_wait(),
            timeout: Duration::from_secs(self.wait.wait_timeout * 60),
            keep_versions: usize::from(self.release.keep_versions),
            no_rollback: self.release.no_rollback,
            tags: self.tags,
        };
        let aws = self.target.aws().await?;
        if !self.all {
            let r = upgrade::upgrade_one(&aws, &self.target.name, &flags).await?;
            report::emit(self.output.output, &r)?;
            return Ok(0);
        }
        let result = upgrade::upgrade_all(&aws, &flags, self.concurrency as usize).await?;
        let bad = result.not_upgraded();
        if !bad.is_empty() {
            report::note(format!("not upgraded: {}", bad.join(", ")));
        }
        report::emit(self.output.output, &result)?;
        Ok(if bad.is_empty() { 0 } else { 1 })
    }
}
