//! `usage`: read an entity's usage snapshots back, one row per window and
//! limit, newest first.

use super::{OutputArgs, TargetArgs, Window};
use crate::error::{Error, ErrorKind, Result};
use crate::ops::usage;
use crate::ops::usage_report::{self, Request};
use crate::report;

pub use crate::ops::usage_report::UsageReport;

/// Arguments of `usage`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: TargetArgs,
    /// The entity whose usage to read (the client library's entity id).
    #[arg(long, value_name = "ID", value_parser = non_empty)]
    pub entity: String,
    /// Only this resource.
    #[arg(long, value_name = "RESOURCE", value_parser = non_empty)]
    pub resource: Option<String>,
    /// Only this window.
    #[arg(long, value_enum, value_name = "WINDOW")]
    pub window: Option<Window>,
    /// Only windows that end after this time: 2026-01-15T10:00:00Z, 2026-01-15, or an age such as 90m, 24h, 7d.
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    #[command(flatten)]
    output: OutputArgs,
}

fn non_empty(s: &str) -> std::result::Result<String, String> {
    if s.trim().is_empty() {
        Err("must not be empty".into())
    } else {
        Ok(s.to_string())
    }
}

impl Args {
    /// Runs usage.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        // Validated before any AWS call.
        let since = self
            .since
            .as_deref()
            .map(|s| usage::parse_since(s, chrono::Utc::now()))
            .transpose()
            .map_err(|why| Error::new(ErrorKind::Usage, format!("--since: {why}")))?;
        let aws = self.target.aws().await?;
        let request = Request {
            entity: self.entity,
            resource: self.resource,
            window: self.window,
            since,
        };
        let result = usage_report::usage_report(&aws, &self.target.name, request).await?;
        report::emit(self.output.output, &result)?;
        Ok(0)
    }
}
