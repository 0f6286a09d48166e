//! The usage report operation: an entity's usage snapshots read back, one row per
//! window and limit, newest first.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::aws::Aws;
use crate::domain::naming::LimiterName;
use crate::domain::windows::Window;
use crate::error::{ErrorKind, Result};
use crate::ops::usage::{self, UsageRow};
use crate::report;

/// What the operator asked to see.
#[derive(Debug, Clone)]
pub struct Request {
    /// The entity whose usage is read.
    pub entity: String,
    /// Only this resource.
    pub resource: Option<String>,
    /// Only this window.
    pub window: Option<Window>,
    /// Only snapshots from this time on.
    pub since: Option<DateTime<Utc>>,
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

/// Reads the entity's snapshots from the limiter's table and turns them into rows.
pub async fn usage_report(aws: &Aws, name: &LimiterName, req: Request) -> Result<UsageReport> {
    let table = name.table();
    let items = usage::query(
        aws,
        &table,
        &req.entity,
        &usage::sort_key_prefix(req.resource.as_deref()),
    )
    .await
    .map_err(|e| match e.kind {
        ErrorKind::NotDeployed => e.hint(format!(
            "check --name and --region; deploy it with: zae-limiter deploy --name {name}"
        )),
        _ => e,
    })?;
    let rows = usage::rows(&items, req.resource.as_deref(), req.window, req.since);
    Ok(UsageReport {
        name: name.to_string(),
        entity: req.entity,
        resource: req.resource,
        window: req.window,
        since: req
            .since
            .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        rows,
    })
}
