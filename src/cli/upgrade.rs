//! `upgrade`: bring the deployed stack and aggregator to this tool's version
//! (`ops::upgrade`), for one limiter or every limiter of the region.

use std::time::Duration;

use super::{OutputArgs, ReleaseArgs, TargetArgs, WaitArgs};
use crate::domain::rollout::waves::{self, WaveTarget};
use crate::domain::rollout::{parse_bake, DEFAULT_BAKE_SECS};
use crate::domain::stack::tags::{parse_tag_arg, TagArg};
use crate::error::Result;
use crate::ops::rollout;
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
    /// Upgrade every limiter stack (ZAEL-*) of the region in waves with health gates; --name is ignored.
    #[arg(long, conflicts_with = "no_wait")]
    pub all: bool,
    /// With --all: how many stacks of a wave are upgraded at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=32))]
    pub concurrency: u16,
    /// With --all: cumulative wave sizes, counts or % of the fleet [default: 1,10%,50%,100%].
    #[arg(long, value_name = "SPEC", requires = "all", value_parser = parse_wave_spec)]
    pub waves: Option<WaveSpec>,
    /// With --all: the limiter upgraded first, alone.
    #[arg(long, value_name = "NAME", requires = "all")]
    pub canary: Option<String>,
    /// With --all: only these limiters (comma-separated).
    #[arg(long, value_name = "NAMES", value_delimiter = ',', requires = "all")]
    pub select: Vec<String>,
    /// With --all: leave these limiters out (comma-separated).
    #[arg(long, value_name = "NAMES", value_delimiter = ',', requires = "all")]
    pub exclude: Vec<String>,
    /// With --all: time to wait after each wave before its health gate (0, 45s, 5m, 1h) [default: 5m].
    #[arg(long, value_name = "TIME", requires = "all", value_parser = parse_bake)]
    pub bake: Option<u64>,
    /// With --all: print the versions, refusals and waves; change nothing.
    #[arg(long, requires = "all")]
    pub plan: bool,
    /// With --all: roll out region by region (comma-separated), stopping at the first that fails.
    #[arg(long, value_name = "REGIONS", value_delimiter = ',', requires = "all")]
    pub regions: Vec<String>,
    /// Stack tag KEY=VALUE to set (repeatable; KEY= removes one); other tags are kept.
    #[arg(long = "tag", value_name = "KEY=VALUE", value_parser = parse_tag_arg, conflicts_with = "lambda_only")]
    pub tags: Vec<TagArg>,
    #[command(flatten)]
    release: ReleaseArgs,
    #[command(flatten)]
    wait: WaitArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// A parsed `--waves` (one value holding the whole list).
#[derive(Debug, Clone)]
pub struct WaveSpec(pub Vec<WaveTarget>);

fn parse_wave_spec(s: &str) -> std::result::Result<WaveSpec, String> {
    waves::parse_waves(s).map(WaveSpec)
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
        if !self.all {
            let aws = self.target.aws().await?;
            let r = upgrade::upgrade_one(&aws, &self.target.name, &flags).await?;
            report::emit(self.output.output, &r)?;
            return Ok(0);
        }
        let mut regions = Vec::new();
        if self.regions.is_empty() {
            regions.push(self.target.aws().await?);
        } else {
            for r in &self.regions {
                let mut target = self.target.aws.target();
                target.region = Some(r.clone());
                regions.push(crate::aws::Aws::load(&target).await?);
            }
        }
        let opts = rollout::Options {
            waves: match self.waves {
                Some(WaveSpec(w)) => w,
                None => waves::parse_waves(waves::DEFAULT_WAVES).unwrap_or_default(),
            },
            select: self.select,
            exclude: self.exclude,
            canary: self.canary,
            bake: Duration::from_secs(self.bake.unwrap_or(DEFAULT_BAKE_SECS)),
            concurrency: self.concurrency as usize,
            plan_only: self.plan,
            rollback: !flags.no_rollback,
            upgrade: flags,
        };
        let result = rollout::run(regions, &opts).await?;
        report::emit(self.output.output, &result)?;
        Ok(result.exit_code())
    }
}
