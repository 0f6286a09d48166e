//! Waiting for a backup to become `AVAILABLE` (a spinner on a terminal;
//! Ctrl-C stops the wait, never the backup).

use std::time::{Duration, Instant};

use crate::aws::Aws;
use crate::error::{Error, ErrorKind, Result};

/// Polls DescribeBackup until the backup is `AVAILABLE`; returns its size in bytes.
pub async fn available(aws: &Aws, arn: &str, what: &str) -> Result<Option<i64>> {
    let bar = crate::report::progress::spinner(format!("waiting for {what} to become AVAILABLE"));
    let start = Instant::now();
    let mut delay = Duration::from_millis(500);
    let out = loop {
        let d = aws
            .ddb()
            .describe_backup()
            .backup_arn(arn)
            .send()
            .await
            .map_err(|e| aws.error("DescribeBackup", e))?;
        let details = d
            .backup_description()
            .and_then(|b| b.backup_details())
            .ok_or_else(|| Error::failure(format!("DescribeBackup returned nothing for {arn}")))?;
        let status = details.backup_status().as_str().to_string();
        match status.as_str() {
            "AVAILABLE" => break Ok(details.backup_size_bytes()),
            "CREATING" => {}
            other => break Err(
                Error::failure(format!("{what} {arn} is {other}, not AVAILABLE")).hint(
                    "take a new backup with `zae-limiter backup create`; nothing else was changed",
                ),
            ),
        }
        bar.set_message(format!("waiting for {what} to become AVAILABLE ({status})"));
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = crate::interrupt::signal() => {
                break Err(Error::new(ErrorKind::Interrupted, format!(
                    "stopped waiting for {what} after {}; AWS carries on creating it ({arn})",
                    crate::report::human_secs(start.elapsed().as_secs_f64())
                ))
                .hint("`zae-limiter backup list` shows its status"));
            }
        }
        delay = (delay * 2).min(Duration::from_secs(10));
    };
    bar.finish_and_clear();
    out
}
