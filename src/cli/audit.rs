//! `audit`: the audit trail of entity and limit changes, whoever wrote it
//! (the client library or this tool), newest first.

use std::fmt;

use serde::Serialize;

use super::{OutputArgs, TargetArgs};
use crate::domain::audit::AuditEvent;
use crate::error::{Error, ErrorKind, Result};
use crate::ops::{audit, usage};
use crate::report;

/// Arguments of `audit`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: TargetArgs,
    /// Only this entity's trail (one query instead of a table scan).
    #[arg(long, value_name = "ID")]
    entity: Option<String>,
    /// Only events at or after this time: 2026-01-15T10:00:00Z, 2026-01-15, or an age such as 90m, 24h, 7d.
    #[arg(long, value_name = "TIME")]
    since: Option<String>,
    #[command(flatten)]
    output: OutputArgs,
}

/// The audit document.
#[derive(Debug, Serialize)]
pub struct AuditReport {
    /// Limiter name.
    pub name: String,
    /// The entity filter, if any.
    pub entity: Option<String>,
    /// The `--since` bound (ISO-8601 UTC), if any.
    pub since: Option<String>,
    /// Events, newest first.
    pub events: Vec<AuditEvent>,
}

impl fmt::Display for AuditReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.events.is_empty() {
            return writeln!(f, "no audit events in {}", self.name);
        }
        let mut t = report::table(&[
            "time",
            "entity",
            "action",
            "resource",
            "principal",
            "details",
        ]);
        for e in &self.events {
            t.add_row(vec![
                e.timestamp.clone(),
                e.entity_id.clone(),
                e.action.clone(),
                e.resource.clone().unwrap_or_else(|| "-".into()),
                e.principal.clone().unwrap_or_else(|| "-".into()),
                e.details.to_string(),
            ]);
        }
        writeln!(f, "{t}")
    }
}

impl Args {
    /// Runs audit.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let since = self
            .since
            .as_deref()
            .map(|s| usage::parse_since(s, chrono::Utc::now()))
            .transpose()
            .map_err(|why| Error::new(ErrorKind::Usage, format!("--since: {why}")))?;
        let aws = self.target.aws().await?;
        let table = self.target.name.table();
        let events = audit::list(&aws, &table, self.entity.as_deref(), since).await?;
        let doc = AuditReport {
            name: self.target.name.to_string(),
            entity: self.entity,
            since: since.map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
            events,
        };
        report::emit(self.output.output, &doc)?;
        Ok(0)
    }
}
