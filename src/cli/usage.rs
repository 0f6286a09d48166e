//! `usage`: read an entity's usage snapshots back, one row per window and
//! limit, newest first.

use std::fmt;

use serde::Serialize;

use super::{OutputArgs, TargetArgs, Window};
use crate::error::{Error, ErrorKind, Result};
use crate::ops::usage::{self, UsageRow};
use crate::report;

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

/// The usage document.
#[derive(Debug, Serialize)]
pub struct UsageReport {
    /// Limiter name.
    pub name: String,
    /// Entity id.
    pub entity: String,
    /// The resource filter, if any.
    pub resource: Option<String>,
    /// The window filter, if any.
    pub window: Option<Window>,
    /// The `--since` bound as an ISO-8601 UTC time, if any.
    pub since: Option<String>,
    /// One row per window and limit, newest first.
    pub rows: Vec<UsageRow>,
}

impl fmt::Display for UsageReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.rows.is_empty() {
            return writeln!(
                f,
                "no usage snapshots for entity {} in {}",
                self.entity, self.name
            );
        }
        let mut t = report::table(&[
            "window start",
            "window",
            "resource",
            "limit",
            "consumed",
            "events",
        ]);
        for r in &self.rows {
            t.add_row(vec![
                r.window_start.clone(),
                r.window.clone(),
                r.resource.clone(),
                r.limit.clone(),
                r.consumed_exact.clone(),
                r.events.map_or("-".into(), |e| e.to_string()),
            ]);
        }
        writeln!(f, "{t}")
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
        let name = &self.target.name;
        let table = name.table();
        let items = usage::query(
            &aws,
            &table,
            &self.entity,
            &usage::sort_key_prefix(self.resource.as_deref()),
        )
        .await
        .map_err(|e| match e.kind {
            ErrorKind::NotDeployed => e.hint(format!(
                "check --name and --region; deploy it with: zae-limiter deploy --name {name}"
            )),
            _ => e,
        })?;
        let rows = usage::rows(&items, self.resource.as_deref(), self.window, since);
        let report = UsageReport {
            name: name.to_string(),
            entity: self.entity,
            resource: self.resource,
            window: self.window,
            since: since.map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
            rows,
        };
        report::emit(self.output.output, &report)?;
        Ok(0)
    }
}
