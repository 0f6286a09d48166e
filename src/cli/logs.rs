//! `logs`: the aggregator's log lines, rendered readably, with the batch
//! statistics of the window; `--follow` keeps printing new lines until Ctrl-C.

use std::fmt;
use std::io::Write;

use super::{OutputArgs, TargetArgs};
use crate::domain::logs::{parse_since, Entry};
use crate::error::{Error, ErrorKind, Result};
use crate::ops::logs::{self, LogWindow};
use crate::report::{self, OutputFormat};

/// Arguments of `logs`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: TargetArgs,
    /// The window read: 90s, 30m, 1h, 2d (at most 14d).
    #[arg(long, default_value = "1h", value_name = "WINDOW")]
    since: String,
    /// Only error and warning lines, errors first.
    #[arg(long)]
    errors: bool,
    /// After the window, keep printing new lines as they arrive (Ctrl-C ends, exit 0); JSON lines with --output json.
    #[arg(long, short = 'f')]
    follow: bool,
    #[command(flatten)]
    output: OutputArgs,
}

fn time(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_else(|| ms.to_string())
}

fn line(e: &Entry) -> String {
    format!("{} {}", time(e.timestamp_ms), e.rendered())
}

/// The window as text: summary first, then the lines.
impl fmt::Display for LogWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self;
        let s = &w.summary;
        writeln!(
            f,
            "{} over the last {}: {} lines, {} errors, {} warnings",
            w.log_group, w.since, s.lines, s.errors, s.warnings
        )?;
        write!(f, "batches: {}", s.batches)?;
        if let Some(p) = &s.processing_time_ms {
            write!(
                f,
                "; processing_time_ms p50 {:.1} p95 {:.1} p99 {:.1} max {:.1}",
                p.p50, p.p95, p.p99, p.max
            )?;
        }
        writeln!(f)?;
        write!(
            f,
            "invocations: {}; cold starts: {}",
            s.invocations, s.cold_starts
        )?;
        if let Some(init) = s.avg_init_duration_ms {
            write!(f, " (average init {init:.1} ms)")?;
        }
        writeln!(f)?;
        for e in &s.top_errors {
            writeln!(f, "  {}× {}", e.count, e.message)?;
        }
        if w.truncated {
            writeln!(
                f,
                "(the window holds more than {} lines: the oldest are shown; narrow --since)",
                logs::MAX_LINES
            )?;
        }
        writeln!(f)?;
        for e in &w.lines {
            writeln!(f, "{}", line(e))?;
        }
        Ok(())
    }
}

impl Args {
    /// Runs logs.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let since_secs = parse_since(&self.since).map_err(|e| {
            Error::new(ErrorKind::Usage, e)
                .hint("pass --since as a number and a unit, e.g. --since 30m")
        })?;
        let aws = self.target.aws().await?;
        let name = &self.target.name;
        let started = logs::now_ms();
        let window = logs::window(&aws, name, &self.since, since_secs, self.errors).await?;
        match self.output.output {
            OutputFormat::Json if self.follow => {
                for e in &window.lines {
                    print_json(e);
                }
            }
            format => report::emit(format, &window)?,
        }
        if self.follow {
            let start = window
                .lines
                .iter()
                .map(|e| e.timestamp_ms)
                .max()
                .unwrap_or(started)
                .max(started);
            let json = self.output.output == OutputFormat::Json;
            logs::follow(&aws, name, start + 1, self.errors, |e| {
                if json {
                    print_json(e);
                } else {
                    let mut out = std::io::stdout().lock();
                    let _ = writeln!(out, "{}", line(e)).and_then(|_| out.flush());
                }
            })
            .await?;
        }
        Ok(crate::error::exit::OK)
    }
}

fn print_json(e: &Entry) {
    if let Ok(s) = serde_json::to_string(e) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{s}").and_then(|_| out.flush());
    }
}
