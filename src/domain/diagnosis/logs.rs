//! Rules on the function's log lines over the window.

use super::{unread, Facts, Finding, Observed, Severity};
use crate::domain::logs::ErrorCount;

/// What the log lines of the window say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFacts {
    /// Lines read.
    pub lines: usize,
    /// `ERROR` lines.
    pub errors: usize,
    /// The three most frequent error messages.
    pub top_errors: Vec<ErrorCount>,
}

/// Log rules.
pub fn rules(f: &Facts) -> Vec<Finding> {
    let name = &f.name;
    match &f.logs {
        Observed::Seen(l) if l.errors > 0 => {
            let top: Vec<String> = l
                .top_errors
                .iter()
                .map(|e| format!("{}× {}", e.count, e.message))
                .collect();
            vec![Finding::new(
                "log-errors",
                Severity::Warning,
                "logs",
                format!("the aggregator logged {} error lines", l.errors),
                format!(
                    "{} ERROR lines in {} lines over {}; most frequent: {} (CloudWatch Logs {})",
                    l.errors,
                    l.lines,
                    f.since,
                    top.join("; "),
                    name.log_group()
                ),
            )
            .remedy(format!(
                "zae-limiter logs --name {name} --errors --since {}",
                f.since
            ))]
        }
        Observed::Seen(_) => vec![],
        Observed::Missing => vec![Finding::new(
            "logs-absent",
            Severity::Info,
            "logs",
            "the function has no log group yet (it never ran)",
            format!("CloudWatch Logs: no log group {}", name.log_group()),
        )],
        other => unread(other, "logs", "logs", "the function's logs")
            .into_iter()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{healthy, ids};
    use super::super::*;
    use crate::domain::logs::ErrorCount;

    #[test]
    fn error_lines_warn_with_the_most_frequent() {
        let mut f = healthy();
        f.logs = Observed::Seen(logs::LogFacts {
            lines: 9,
            errors: 3,
            top_errors: vec![ErrorCount {
                message: "RuntimeError: boom".into(),
                count: 3,
            }],
        });
        let d = judge(&f);
        assert_eq!(ids(&d), ["log-errors"]);
        assert!(d.findings[0].evidence.contains("3× RuntimeError: boom"));
        assert!(d.findings[0]
            .remedy
            .as_deref()
            .unwrap()
            .contains("logs --name x --errors"));
    }
}
