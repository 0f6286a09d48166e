//! The aggregator's log lines from CloudWatch Logs: a window read once, or
//! followed like `tail -f`.

use std::time::Duration;

use serde::Serialize;

use crate::aws::Aws;
use crate::domain::logs::{self, Entry, RawLine, Summary};
use crate::domain::naming::LimiterName;
use crate::error::{Error, ErrorKind, Result};

/// Lines read at most in one window (about 100 pages of FilterLogEvents).
pub const MAX_LINES: usize = 100_000;

/// The lines of a window and their summary.
#[derive(Debug, Clone, Serialize)]
pub struct LogWindow {
    /// The log group read.
    pub log_group: String,
    /// The window, in words (e.g. `1h`).
    pub since: String,
    /// Whether only errors and warnings are listed (errors first).
    pub errors_only: bool,
    /// The batch statistics over every line of the window.
    pub summary: Summary,
    /// The lines: oldest first, or errors first with `--errors`.
    pub lines: Vec<Entry>,
    /// Whether the window held more than `MAX_LINES` lines (the oldest were read).
    pub truncated: bool,
}

/// Reads the raw events of the function's log group from `start_ms` on
/// (`Ok(None)`: no log group). `after` skips events already seen when following.
pub async fn read_raw(
    aws: &Aws,
    name: &LimiterName,
    start_ms: i64,
) -> std::result::Result<
    Option<(Vec<RawLine>, bool)>,
    aws_sdk_cloudwatchlogs::error::SdkError<
        aws_sdk_cloudwatchlogs::operation::filter_log_events::FilterLogEventsError,
    >,
> {
    let client = aws.logs();
    let mut pages = client
        .filter_log_events()
        .log_group_name(name.log_group())
        .start_time(start_ms)
        .into_paginator()
        .send();
    let mut lines = Vec::new();
    while let Some(page) = pages.next().await {
        let page = match page {
            Ok(p) => p,
            Err(e) => {
                let missing = e
                    .as_service_error()
                    .is_some_and(|s| s.is_resource_not_found_exception());
                if missing {
                    return Ok(None);
                }
                return Err(e);
            }
        };
        for ev in page.events() {
            lines.push(RawLine {
                timestamp_ms: ev.timestamp().unwrap_or(0),
                stream: ev.log_stream_name().unwrap_or_default().to_string(),
                message: ev.message().unwrap_or_default().to_string(),
            });
        }
        if lines.len() >= MAX_LINES {
            lines.truncate(MAX_LINES);
            return Ok(Some((sorted(lines), true)));
        }
    }
    Ok(Some((sorted(lines), false)))
}

fn sorted(mut lines: Vec<RawLine>) -> Vec<RawLine> {
    lines.sort_by_key(|l| l.timestamp_ms);
    lines
}

/// Milliseconds since the epoch, now.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn no_group(name: &LimiterName) -> Error {
    Error::new(
        ErrorKind::NotDeployed,
        format!(
            "log group {} not found: the aggregator has not run yet (or the stack is not deployed)",
            name.log_group()
        ),
    )
    .hint(format!(
        "check --name and --region; zae-limiter status --name {name} shows the stack"
    ))
}

/// Reads a window: every line since `since_secs` ago, parsed and summarised.
pub async fn window(
    aws: &Aws,
    name: &LimiterName,
    since: &str,
    since_secs: u64,
    errors_only: bool,
) -> Result<LogWindow> {
    let start = now_ms() - (since_secs as i64) * 1000;
    let (raw, truncated) = read_raw(aws, name, start)
        .await
        .map_err(|e| aws.error("FilterLogEvents", e))?
        .ok_or_else(|| no_group(name))?;
    let entries: Vec<Entry> = raw.iter().map(logs::parse).collect();
    let summary = logs::summarize(&entries);
    let lines = if errors_only {
        logs::errors_first(entries)
    } else {
        entries
    };
    Ok(LogWindow {
        log_group: name.log_group(),
        since: since.to_string(),
        errors_only,
        summary,
        lines,
        truncated,
    })
}

/// How often `--follow` asks for new lines.
pub const FOLLOW_EVERY: Duration = Duration::from_millis(1000);

/// Follows the log group from `start_ms`: calls `show` with each new line (errors
/// and warnings only with `errors_only`) until interrupted, which ends it with Ok.
pub async fn follow(
    aws: &Aws,
    name: &LimiterName,
    mut start_ms: i64,
    errors_only: bool,
    mut show: impl FnMut(&Entry),
) -> Result<()> {
    // Events of the same millisecond as the last one shown are skipped by identity.
    let mut seen_at_start: Vec<(String, String)> = Vec::new();
    let poll = async {
        loop {
            match read_raw(aws, name, start_ms).await {
                Ok(Some((raw, _))) => {
                    for line in raw {
                        let key = (line.stream.clone(), line.message.clone());
                        if line.timestamp_ms == start_ms && seen_at_start.contains(&key) {
                            continue;
                        }
                        if line.timestamp_ms > start_ms {
                            start_ms = line.timestamp_ms;
                            seen_at_start.clear();
                        }
                        seen_at_start.push(key);
                        let entry = logs::parse(&line);
                        if !errors_only
                            || matches!(entry.level, logs::Level::Error | logs::Level::Warning)
                        {
                            show(&entry);
                        }
                    }
                }
                Ok(None) => {}
                Err(e) => return Err(aws.error("FilterLogEvents", e)),
            }
            tokio::time::sleep(FOLLOW_EVERY).await;
        }
    };
    tokio::select! {
        out = poll => out,
        _ = crate::interrupt::signal() => Ok(()),
    }
}
