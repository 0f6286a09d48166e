//! `version`: the tool's and the deployed versions, the function's code, and
//! the verdict with its next step (`ops::version`).

use super::{OutputArgs, TargetArgs};
use crate::error::Result;
use crate::{ops::version, report};

pub use crate::ops::version::VersionReport;

/// Arguments of `version`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: TargetArgs,
    #[command(flatten)]
    output: OutputArgs,
}

impl Args {
    /// Runs version.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let aws = self.target.aws().await?;
        let result = version::version(&aws, &self.target.name).await?;
        report::emit(self.output.output, &result)?;
        Ok(0)
    }
}
