//! The AWS side of restoring a whole table: start a restore into a new table
//! from a backup or a point in time, wait until it is `ACTIVE`, delete it.

use std::time::{Duration, Instant};

use super::source::Source;
use crate::aws::Aws;
use crate::error::{Error, ErrorKind, Result};

/// The table's status and item count, or `None` when it does not exist.
pub async fn describe(aws: &Aws, table: &str) -> Result<Option<(String, i64)>> {
    match aws.ddb().describe_table().table_name(table).send().await {
        Ok(out) => Ok(out.table().map(|t| {
            (
                t.table_status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                t.item_count().unwrap_or(0),
            )
        })),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_resource_not_found_exception()) =>
        {
            Ok(None)
        }
        Err(e) => Err(aws.error("DescribeTable", e)),
    }
}

/// Starts restoring `source` (of table `from`) into the new table `target`.
pub async fn start(aws: &Aws, source: &Source, from: &str, target: &str) -> Result<()> {
    let ddb = aws.ddb();
    let exists_hint = format!("table {target} already exists; nothing was restored");
    match source {
        Source::Backup { arn, .. } => ddb
            .restore_table_from_backup()
            .backup_arn(arn)
            .target_table_name(target)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| {
                if e.as_service_error()
                    .is_some_and(|s| s.is_table_already_exists_exception())
                {
                    return Error::failure(exists_hint.clone());
                }
                aws.error("RestoreTableFromBackup", e)
                    .hint("nothing was changed; fix the cause and run the restore again")
            }),
        Source::PointInTime { .. } | Source::Latest { .. } => {
            let mut req = ddb
                .restore_table_to_point_in_time()
                .source_table_name(from)
                .target_table_name(target);
            req = match source {
                Source::PointInTime { time } => {
                    let t = chrono::DateTime::parse_from_rfc3339(time)
                        .map_err(|e| Error::failure(format!("bad restore time {time}: {e}")))?;
                    req.restore_date_time(aws_smithy_types::DateTime::from_millis(
                        t.timestamp_millis(),
                    ))
                }
                _ => req.use_latest_restorable_time(true),
            };
            req.send().await.map(|_| ()).map_err(|e| {
                if e.as_service_error()
                    .is_some_and(|s| s.is_table_already_exists_exception())
                {
                    return Error::failure(exists_hint.clone());
                }
                aws.error("RestoreTableToPointInTime", e).hint(
                    "nothing was changed; `zae-limiter backup list` shows the restorable window",
                )
            })
        }
    }
}

/// Waits until `table` is `ACTIVE` (a spinner on a terminal); returns its item count.
pub async fn wait_active(aws: &Aws, table: &str) -> Result<i64> {
    let bar = crate::report::progress::spinner(format!("restoring into {table}"));
    let start = Instant::now();
    let mut delay = Duration::from_millis(500);
    let out = loop {
        match describe(aws, table).await {
            Ok(Some((status, items))) if status == "ACTIVE" => break Ok(items),
            Ok(Some((status, _))) => bar.set_message(format!("restoring into {table} ({status})")),
            Ok(None) => bar.set_message(format!("restoring into {table} (not visible yet)")),
            Err(e) => break Err(e),
        }
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = crate::interrupt::signal() => {
                break Err(Error::new(ErrorKind::Interrupted, format!(
                    "stopped waiting after {} for the restore into {table}; AWS carries on restoring it",
                    crate::report::human_secs(start.elapsed().as_secs_f64())
                ))
                .hint("run the same command again: it waits for this restore instead of starting another"));
            }
        }
        delay = (delay * 2).min(Duration::from_secs(15));
    };
    bar.finish_and_clear();
    out
}

/// Waits until `table` (being deleted) is gone.
pub async fn wait_gone(aws: &Aws, table: &str) -> Result<()> {
    let bar = crate::report::progress::spinner(format!(
        "waiting for the earlier side table {table} to be deleted"
    ));
    let mut delay = Duration::from_millis(500);
    let out = loop {
        match describe(aws, table).await {
            Ok(None) => break Ok(()),
            Ok(Some(_)) => {}
            Err(e) => break Err(e),
        }
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = crate::interrupt::signal() => {
                break Err(Error::new(ErrorKind::Interrupted, format!(
                    "stopped waiting for {table} to be deleted; nothing was changed"
                ))
                .hint("run the same command again"));
            }
        }
        delay = (delay * 2).min(Duration::from_secs(10));
    };
    bar.finish_and_clear();
    out
}

/// Deletes `table` (a side table the restore made).
pub async fn delete(aws: &Aws, table: &str) -> Result<()> {
    aws.ddb()
        .delete_table()
        .table_name(table)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| {
            aws.error("DeleteTable", e).hint(format!(
                "the restore itself is done; delete the side table {table} yourself (aws dynamodb delete-table --table-name {table})"
            ))
        })
}
