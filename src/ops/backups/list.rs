//! `backup list`: the table's on-demand backups, newest first, and its
//! point-in-time recovery window.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{from_smithy, human_bytes, newest_first, rfc3339, BackupInfo};
use crate::aws::Aws;
use crate::error::Result;
use crate::report;

/// Point-in-time recovery of the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pitr {
    /// `ENABLED`, `DISABLED`, or `TABLE_NOT_FOUND` when the table is gone.
    pub status: String,
    /// The earliest time a restore can go back to (RFC 3339 UTC).
    pub earliest_restorable: Option<String>,
    /// The latest time a restore can go back to (RFC 3339 UTC).
    pub latest_restorable: Option<String>,
    /// How many days of recovery the table keeps.
    pub recovery_period_days: Option<i32>,
    #[serde(skip)]
    /// The window as instants, for checks.
    pub window: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

impl Pitr {
    /// Whether point-in-time restores are possible.
    pub fn enabled(&self) -> bool {
        self.status == "ENABLED"
    }
}

/// What `backup list` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Listing {
    /// The table.
    pub table: String,
    /// Its on-demand backups, newest first.
    pub backups: Vec<BackupInfo>,
    /// Its point-in-time recovery state.
    pub pitr: Pitr,
}

/// Every on-demand backup of `table` (any status), newest first.
pub async fn backups(aws: &Aws, table: &str) -> Result<Vec<BackupInfo>> {
    let ddb = aws.ddb();
    let mut all = Vec::new();
    let mut start: Option<String> = None;
    loop {
        let out = ddb
            .list_backups()
            .table_name(table)
            .backup_type(aws_sdk_dynamodb::types::BackupTypeFilter::User)
            .set_exclusive_start_backup_arn(start.take())
            .send()
            .await
            .map_err(|e| aws.error("ListBackups", e))?;
        for s in out.backup_summaries() {
            all.push(BackupInfo::new(
                table,
                s.backup_name().unwrap_or_default(),
                s.backup_arn().unwrap_or_default(),
                s.backup_creation_date_time().and_then(from_smithy),
                s.backup_size_bytes(),
                s.backup_status().map(|x| x.as_str()).unwrap_or("UNKNOWN"),
            ));
        }
        match out.last_evaluated_backup_arn() {
            Some(next) if !next.is_empty() => start = Some(next.to_string()),
            _ => break,
        }
    }
    Ok(newest_first(all))
}

/// The table's point-in-time recovery state.
pub async fn pitr(aws: &Aws, table: &str) -> Result<Pitr> {
    let out = match aws
        .ddb()
        .describe_continuous_backups()
        .table_name(table)
        .send()
        .await
    {
        Ok(o) => o,
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_table_not_found_exception()) =>
        {
            return Ok(Pitr {
                status: "TABLE_NOT_FOUND".into(),
                earliest_restorable: None,
                latest_restorable: None,
                recovery_period_days: None,
                window: None,
            })
        }
        Err(e) => return Err(aws.error("DescribeContinuousBackups", e)),
    };
    let d = out
        .continuous_backups_description()
        .and_then(|c| c.point_in_time_recovery_description());
    let status = d
        .and_then(|d| d.point_in_time_recovery_status())
        .map(|s| s.as_str().to_string())
        .unwrap_or_else(|| "DISABLED".into());
    let earliest = d
        .and_then(|d| d.earliest_restorable_date_time())
        .and_then(from_smithy);
    let latest = d
        .and_then(|d| d.latest_restorable_date_time())
        .and_then(from_smithy);
    Ok(Pitr {
        status,
        // Shown to the second, rounded inwards, so that a time copied from the
        // output is always inside the window.
        earliest_restorable: earliest.map(|t| rfc3339(ceil_second(t))),
        latest_restorable: latest.map(rfc3339),
        recovery_period_days: d.and_then(|d| d.recovery_period_in_days()),
        window: earliest.zip(latest),
    })
}

/// `t` rounded up to a whole second. Pure.
pub fn ceil_second(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::{SubsecRound, TimeDelta};
    let whole = t.trunc_subsecs(0);
    if whole == t {
        t
    } else {
        whole + TimeDelta::seconds(1)
    }
}

/// `backup list`: the backups and the PITR state, read concurrently.
pub async fn list(aws: &Aws, table: &str) -> Result<Listing> {
    let (b, p) = tokio::join!(backups(aws, table), pitr(aws, table));
    Ok(Listing {
        table: table.to_string(),
        backups: b?,
        pitr: p?,
    })
}

/// `backup list`'s text: the backups as a table, then the recovery window.
impl fmt::Display for Listing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let l = self;
        if l.backups.is_empty() {
            writeln!(f, "no on-demand backups of {}", l.table)?;
        } else {
            let mut t = report::table(&["created", "name", "status", "size", "taken by", "ARN"]);
            for b in &l.backups {
                t.add_row(vec![
                    b.created.clone().unwrap_or_else(|| "-".into()),
                    b.name.clone(),
                    b.status.clone(),
                    b.size_bytes.map(human_bytes).unwrap_or_else(|| "-".into()),
                    b.kind.describe().to_string(),
                    b.arn.clone(),
                ]);
            }
            writeln!(f, "{t}")?;
        }
        let p = &l.pitr;
        match p.status.as_str() {
            "ENABLED" => writeln!(
                f,
                "point-in-time recovery: enabled, restorable from {} to {}",
                p.earliest_restorable.as_deref().unwrap_or("?"),
                p.latest_restorable.as_deref().unwrap_or("?")
            ),
            "TABLE_NOT_FOUND" => writeln!(
                f,
                "point-in-time recovery: table {} not found (its backups can still be restored with --as)",
                l.table
            ),
            other => writeln!(
                f,
                "point-in-time recovery: {} (restore --time/--latest need it on; deploy turns it on)",
                other.to_ascii_lowercase()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earliest_rounds_up_to_the_second() {
        let t = DateTime::from_timestamp(100, 250_000_000).unwrap();
        assert_eq!(ceil_second(t), DateTime::from_timestamp(101, 0).unwrap());
        let whole = DateTime::from_timestamp(100, 0).unwrap();
        assert_eq!(ceil_second(whole), whole);
        // rfc3339 drops the fraction, which rounds the latest time down.
        assert_eq!(rfc3339(t), "1970-01-01T00:01:40Z");
    }
}
