//! `iam-policy`: the policy (and trust policy) the aggregator's role needs, with this
//! stack's ARNs filled in, for the team that owns IAM when deploying with `--no-iam`.
//! Changes nothing.

use super::{OutputArgs, TargetArgs};
use crate::error::Result;
use crate::{ops::iam, report};

/// Arguments of `iam-policy`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: TargetArgs,
    /// Include the X-Ray statement (default: as the deployed stack has it; off before deploy).
    #[arg(long, overrides_with = "no_tracing")]
    pub enable_tracing: bool,
    /// Leave the X-Ray statement out.
    #[arg(long, overrides_with = "enable_tracing")]
    pub no_tracing: bool,
    #[command(flatten)]
    output: OutputArgs,
}

impl Args {
    /// Prints the policy.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let tracing = match (self.enable_tracing, self.no_tracing) {
            (_, true) => Some(false),
            (true, _) => Some(true),
            _ => None,
        };
        let aws = self.target.aws().await?;
        let policy = iam::policy(&aws, &self.target.name, tracing).await?;
        report::emit(self.output.output, &policy)?;
        Ok(0)
    }
}
