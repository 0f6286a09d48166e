//! `plan`: what `deploy` with the given options would change on a stack,
//! without changing anything (`ops::plan`).

use super::stack_args::StackArgs;
use super::{OutputArgs, TargetArgs};
use crate::error::Result;
use crate::{ops::plan, report};

pub use crate::ops::plan::{AdoptPlan, Plan};

/// Arguments of `plan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: TargetArgs,
    #[command(flatten)]
    stack: StackArgs,
    #[command(flatten)]
    output: OutputArgs,
}

impl Args {
    /// Gathers the deployed state and compares it with what deploy would send.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let name = &self.target.name;
        let opts = self.stack.options(name)?;
        plan::check(name, &self.stack.tags)?;
        let aws = self.target.aws().await?;
        let result = plan::plan(&aws, name, &opts, &self.stack.tags).await?;
        report::emit(self.output.output, &result)?;
        Ok(0)
    }
}
