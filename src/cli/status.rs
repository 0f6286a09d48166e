//! `status`: the stack's status and what it means, its resources, and the
//! health of each part (`ops::status`).

use super::{OutputArgs, TargetArgs};
use crate::error::Result;
use crate::{ops::status, report};

pub use crate::ops::status::{
    problems, LoneTable, LoneTableReport, Resource, StatusReport, Unreadable,
};

/// Arguments of `status`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: TargetArgs,
    #[command(flatten)]
    output: OutputArgs,
}

impl Args {
    /// Runs status.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let aws = self.target.aws().await?;
        let result = status::status(&aws, &self.target.name).await?;
        report::emit(self.output.output, &result)?;
        Ok(result.exit_code())
    }
}
