//! `doctor`: every diagnosis of the troubleshooting guide, findings worst first,
//! each with its evidence and remedy; the exit code follows the worst finding.

use std::fmt;

use serde::Serialize;

use super::{OutputArgs, TargetArgs};
use crate::domain::diagnosis::{Diagnosis, Finding, Severity, Verdict};
use crate::domain::logs::parse_since;
use crate::error::{exit, Error, ErrorKind, Result};
use crate::report;

/// Arguments of `doctor`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: TargetArgs,
    /// The window metrics and logs are read over: 90s, 30m, 1h, 2d (at most 14d).
    #[arg(long, default_value = "1h", value_name = "WINDOW")]
    since: String,
    #[command(flatten)]
    output: OutputArgs,
}

/// The doctor's report.
#[derive(Debug, Serialize)]
pub struct DoctorReport {
    /// Limiter name.
    pub name: String,
    /// The window read.
    pub since: String,
    /// `healthy`, `warnings` or `critical`.
    pub verdict: Verdict,
    /// Findings, worst first.
    pub findings: Vec<Finding>,
}

impl fmt::Display for DoctorReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let colour = report::colour_on_stdout();
        let (word, c) = match self.verdict {
            Verdict::Healthy => ("healthy", report::Colour::Green),
            Verdict::Warnings => ("warnings", report::Colour::Yellow),
            Verdict::Critical => ("critical", report::Colour::Red),
        };
        writeln!(
            f,
            "ZAEL-{} over the last {}: {}",
            self.name,
            self.since,
            report::paint(word, c, colour)
        )?;
        for x in &self.findings {
            let c = match x.severity {
                Severity::Critical => report::Colour::Red,
                Severity::Warning => report::Colour::Yellow,
                Severity::Info => report::Colour::Bold,
            };
            writeln!(f)?;
            writeln!(
                f,
                "{} [{}] {}: {}",
                report::paint(&format!("{:<8}", x.severity.word()), c, colour),
                x.id,
                x.area,
                x.summary
            )?;
            writeln!(f, "  evidence: {}", x.evidence)?;
            if let Some(r) = &x.remedy {
                writeln!(f, "  remedy:   {r}")?;
            }
        }
        if self.findings.is_empty() {
            writeln!(f, "no findings: stack, version, table, mapping, function, DLQ, alarms and logs all checked")?;
        }
        Ok(())
    }
}

impl Args {
    /// Runs doctor.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let since_secs = parse_since(&self.since).map_err(|e| {
            Error::new(ErrorKind::Usage, e)
                .hint("pass --since as a number and a unit, e.g. --since 30m")
        })?;
        let aws = self.target.aws().await?;
        let name = &self.target.name;
        let Diagnosis { verdict, findings } =
            crate::ops::doctor::examine(&aws, name, &self.since, since_secs).await?;
        let out = DoctorReport {
            name: name.to_string(),
            since: self.since,
            verdict,
            findings,
        };
        report::emit(self.output.output, &out)?;
        Ok(match verdict {
            Verdict::Healthy => exit::OK,
            Verdict::Warnings => exit::WARNINGS,
            Verdict::Critical => exit::CRITICAL,
        })
    }
}
