//! `doctor`'s judgement: the facts read about one limiter in, findings out (worst
//! first), each with severity, evidence (the figure and where it was read) and a
//! remedy. Pure, so that another command (the fleet rollout's health gate) can
//! judge with the same rules. One file per area of rules.

pub mod dlq;
pub mod function;
pub mod logs;
pub mod stack;
pub mod table;

use serde::Serialize;

use crate::domain::naming::LimiterName;

/// Iterator age (ms) above which the aggregator is falling behind: the stack's
/// iterator-age alarm uses the same figure.
pub const ITERATOR_AGE_WARN_MS: f64 = 30_000.0;
/// Iterator age (ms) above which snapshots are minutes late.
pub const ITERATOR_AGE_CRITICAL_MS: f64 = 300_000.0;
/// Maximum duration as a share of the timeout that warns (the guide's 80 %).
pub const DURATION_WARN_SHARE: f64 = 0.8;
/// Errors per invocation at or above which errors are critical (below: warning).
pub const ERROR_RATIO_CRITICAL: f64 = 0.1;
/// Age (s) of the DLQ's oldest message past which its records are close to leaving
/// the stream (DynamoDB streams keep records 24 hours).
pub const DLQ_AGE_CRITICAL_S: f64 = 20.0 * 3600.0;

/// How bad a finding is. Ordered worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Snapshots are wrong or stopped, or data is at risk.
    Critical,
    /// Degraded or at risk; act soon.
    Warning,
    /// Worth knowing; nothing to do now.
    Info,
}

impl Severity {
    /// The word shown.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable identifier (docs/operations.md maps symptoms to these).
    pub id: String,
    /// How bad.
    pub severity: Severity,
    /// `stack`, `version`, `table`, `mapping`, `function`, `dlq`, `alarms` or `logs`.
    pub area: &'static str,
    /// What is wrong, in one line.
    pub summary: String,
    /// The figure or fact and where it was read.
    pub evidence: String,
    /// What to do: a command of this tool, or the AWS action with the names filled in.
    pub remedy: Option<String>,
}

impl Finding {
    /// A finding without a remedy yet.
    pub fn new(
        id: &str,
        severity: Severity,
        area: &'static str,
        summary: impl Into<String>,
        evidence: impl Into<String>,
    ) -> Self {
        Finding {
            id: id.to_string(),
            severity,
            area,
            summary: summary.into(),
            evidence: evidence.into(),
            remedy: None,
        }
    }

    /// Adds the remedy.
    pub fn remedy(mut self, remedy: impl Into<String>) -> Self {
        self.remedy = Some(remedy.into());
        self
    }
}

/// The remedy for a part changed or deleted outside CloudFormation (drift): a
/// deploy of an unchanged template does not repair it, so the AWS action comes first.
pub fn drift(f: &Facts, what: &str, fix: &str) -> String {
    format!(
        "{what} was changed outside CloudFormation (aws cloudformation detect-stack-drift --stack-name {} shows it): {fix}",
        f.name.stack()
    )
}

/// What reading one fact gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Observed<T> {
    /// Read.
    Seen(T),
    /// The resource does not exist.
    Missing,
    /// IAM refused the read; the permission it needs.
    Denied(String),
    /// The read failed otherwise (the error in the operator's words).
    Failed(String),
}

impl<T> Observed<T> {
    /// The value when read.
    pub fn seen(&self) -> Option<&T> {
        match self {
            Observed::Seen(v) => Some(v),
            _ => None,
        }
    }
}

/// A read that did not give its fact becomes a finding: `info` naming the
/// permission when IAM refused it, `warning` when it failed otherwise.
/// `Missing` is left to the area's rules (it means different things).
pub fn unread<T>(obs: &Observed<T>, id: &str, area: &'static str, what: &str) -> Option<Finding> {
    match obs {
        Observed::Denied(permission) => Some(
            Finding::new(
                &format!("{id}-not-permitted"),
                Severity::Info,
                area,
                format!("{what} could not be checked: not permitted"),
                format!("IAM refused the read; it needs {permission}"),
            )
            .remedy(format!(
                "grant the caller {permission} to include this check"
            )),
        ),
        Observed::Failed(why) => Some(Finding::new(
            &format!("{id}-unreadable"),
            Severity::Warning,
            area,
            format!("{what} could not be read"),
            why.clone(),
        )),
        _ => None,
    }
}

/// Everything `doctor` read about one limiter.
#[derive(Debug, Clone)]
pub struct Facts {
    /// The limiter (its resource names fill the remedies).
    pub name: LimiterName,
    /// The window metrics and logs were read over, in words (e.g. `1h`).
    pub since: String,
    /// Stack status.
    pub stack: Observed<stack::StackFacts>,
    /// Version verdict and where `live` points.
    pub version: Observed<stack::VersionFacts>,
    /// Table settings.
    pub table: Observed<table::TableFacts>,
    /// Table throttle metrics.
    pub table_metrics: Observed<table::TableMetrics>,
    /// The stream mapping.
    pub mapping: Observed<function::MappingFacts>,
    /// The function's configuration.
    pub function: Observed<function::FunctionFacts>,
    /// The function's `AWS/Lambda` metrics.
    pub lambda_metrics: Observed<function::LambdaMetrics>,
    /// The dead-letter queue.
    pub dlq: Observed<dlq::DlqFacts>,
    /// The stack's alarms.
    pub alarms: Observed<Vec<dlq::AlarmFacts>>,
    /// The function's log lines over the window.
    pub logs: Observed<logs::LogFacts>,
}

/// The overall result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nothing worse than `info`.
    Healthy,
    /// At least one warning, no critical finding.
    Warnings,
    /// At least one critical finding.
    Critical,
}

/// Findings, worst first, and the verdict they give.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnosis {
    /// Healthy, warnings or critical.
    pub verdict: Verdict,
    /// Worst first.
    pub findings: Vec<Finding>,
}

/// Applies every rule to the facts.
pub fn judge(facts: &Facts) -> Diagnosis {
    let mut findings = Vec::new();
    findings.extend(stack::rules(facts));
    findings.extend(table::rules(facts));
    findings.extend(function::rules(facts));
    findings.extend(dlq::rules(facts));
    findings.extend(logs::rules(facts));
    diagnosis(findings)
}

/// Orders findings worst first (stable within a severity: the order of the areas).
pub fn diagnosis(mut findings: Vec<Finding>) -> Diagnosis {
    findings.sort_by_key(|f| f.severity);
    let verdict = match findings.first().map(|f| f.severity) {
        Some(Severity::Critical) => Verdict::Critical,
        Some(Severity::Warning) => Verdict::Warnings,
        _ => Verdict::Healthy,
    };
    Diagnosis { verdict, findings }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Facts of a healthy limiter named `x`; each rule's test spoils one part.
    pub fn healthy() -> Facts {
        Facts {
            name: LimiterName::parse("x").unwrap(),
            since: "1h".into(),
            stack: Observed::Seen(stack::StackFacts {
                status: "CREATE_COMPLETE".into(),
            }),
            version: Observed::Seen(stack::VersionFacts {
                compatible: true,
                blocking: false,
                verdict_code: "compatible".into(),
                verdict_summary: "compatible".into(),
                next_step: String::new(),
                record_lambda_version: Some("0.5.0".into()),
                live_version: Some(2),
                live_tool_version: Some("0.5.0".into()),
                live_runs_tool_package: true,
            }),
            table: Observed::Seen(table::TableFacts {
                stream_enabled: true,
                stream_view_type: Some("NEW_AND_OLD_IMAGES".into()),
                stream_arn: Some("arn:stream/1".into()),
                ttl_status: Some("ENABLED".into()),
                pitr_enabled: true,
                deletion_protection: true,
                billing_mode: "PAY_PER_REQUEST".into(),
            }),
            table_metrics: Observed::Seen(table::TableMetrics {
                read_throttles: Some(0.0),
                write_throttles: Some(0.0),
            }),
            mapping: Observed::Seen(function::MappingFacts {
                uuid: "u-1".into(),
                state: "Enabled".into(),
                event_source_arn: Some("arn:stream/1".into()),
                function_arn: Some("arn:function:ZAEL-x-aggregator:live".into()),
                last_result: Some("OK".into()),
                on_failure: Some("arn:sqs:dlq".into()),
            }),
            function: Observed::Seen(function::FunctionFacts {
                timeout_seconds: 60,
                reserved_concurrency: None,
            }),
            lambda_metrics: Observed::Seen(function::LambdaMetrics {
                invocations: Some(10.0),
                errors: Some(0.0),
                throttles: Some(0.0),
                duration_max_ms: Some(100.0),
                iterator_age_max_ms: Some(50.0),
                concurrent_max: Some(1.0),
            }),
            dlq: Observed::Seen(dlq::DlqFacts {
                queue_url: "http://q".into(),
                depth: 0,
                oldest_age_seconds: Some(0.0),
            }),
            alarms: Observed::Seen(vec![dlq::AlarmFacts {
                name: "ZAEL-x-aggregator-dlq-depth".into(),
                state: "OK".into(),
                reason: None,
            }]),
            logs: Observed::Seen(logs::LogFacts {
                lines: 20,
                errors: 0,
                top_errors: vec![],
            }),
        }
    }

    pub fn ids(d: &Diagnosis) -> Vec<&str> {
        d.findings.iter().map(|f| f.id.as_str()).collect()
    }

    #[test]
    fn a_healthy_limiter_has_no_finding_worse_than_info() {
        let d = judge(&healthy());
        assert_eq!(d.verdict, Verdict::Healthy, "{:?}", ids(&d));
        assert!(d.findings.iter().all(|f| f.severity == Severity::Info));
    }

    #[test]
    fn worst_first_and_the_verdict_follows_the_worst() {
        let d = diagnosis(vec![
            Finding::new("a", Severity::Info, "stack", "", ""),
            Finding::new("b", Severity::Critical, "stack", "", ""),
            Finding::new("c", Severity::Warning, "stack", "", ""),
        ]);
        assert_eq!(ids(&d), ["b", "c", "a"]);
        assert_eq!(d.verdict, Verdict::Critical);
        assert_eq!(diagnosis(vec![]).verdict, Verdict::Healthy);
    }

    #[test]
    fn a_refused_read_is_info_naming_the_permission() {
        let mut f = healthy();
        f.dlq = Observed::Denied("sqs:GetQueueAttributes".into());
        let d = judge(&f);
        let x = d
            .findings
            .iter()
            .find(|x| x.id == "dlq-not-permitted")
            .unwrap();
        assert_eq!(x.severity, Severity::Info);
        assert!(x.evidence.contains("sqs:GetQueueAttributes"));
        assert_eq!(d.verdict, Verdict::Healthy);
    }
}
