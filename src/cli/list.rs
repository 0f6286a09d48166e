//! `list`: every limiter stack in the region with its status, versions and
//! verdict, gathered concurrently with a bound (`ops::list`).

use super::OutputArgs;
use crate::error::Result;
use crate::{ops::list, report};

pub use crate::ops::list::{Listing, Row};

/// Arguments of `list`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    aws: super::AwsArgs,
    /// How many stacks to inspect at once.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Only stacks carrying this tag (repeatable: every one must match); tables without a stack are left out.
    #[arg(long = "tag", value_name = "KEY=VALUE", value_parser = crate::domain::stack::tags::parse_tag_filter)]
    pub tags: Vec<(String, String)>,
    #[command(flatten)]
    output: OutputArgs,
}

impl Args {
    /// Runs list.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let aws = self.aws.load().await?;
        let listing = list::list(&aws, self.tags, self.concurrency as usize).await?;
        report::emit(self.output.output, &listing)?;
        Ok(0)
    }
}
