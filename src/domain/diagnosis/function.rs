//! Rules on the stream mapping and the aggregator function: mapping state and
//! target, last result, failure destination, iterator age, errors, throttles,
//! duration against the timeout, reserved concurrency.

use super::{
    unread, Facts, Finding, Observed, Severity, DURATION_WARN_SHARE, ERROR_RATIO_CRITICAL,
    ITERATOR_AGE_CRITICAL_MS, ITERATOR_AGE_WARN_MS,
};

/// The stream mapping as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingFacts {
    /// Its UUID (the AWS actions on it need it).
    pub uuid: String,
    /// Enabled, Disabled, ...
    pub state: String,
    /// The stream it reads.
    pub event_source_arn: Option<String>,
    /// The function ARN it invokes (`…:live` on current stacks).
    pub function_arn: Option<String>,
    /// `LastProcessingResult`.
    pub last_result: Option<String>,
    /// The on-failure destination.
    pub on_failure: Option<String>,
}

/// The function's configuration as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionFacts {
    /// Timeout, seconds.
    pub timeout_seconds: i32,
    /// Reserved concurrency, when set.
    pub reserved_concurrency: Option<i32>,
}

/// The function's `AWS/Lambda` metrics over the window (`None`: no datapoint).
#[derive(Debug, Clone, PartialEq)]
pub struct LambdaMetrics {
    /// `Invocations` sum.
    pub invocations: Option<f64>,
    /// `Errors` sum.
    pub errors: Option<f64>,
    /// `Throttles` sum.
    pub throttles: Option<f64>,
    /// `Duration` maximum, ms.
    pub duration_max_ms: Option<f64>,
    /// `IteratorAge` maximum, ms.
    pub iterator_age_max_ms: Option<f64>,
    /// `ConcurrentExecutions` maximum.
    pub concurrent_max: Option<f64>,
}

/// Mapping and function rules.
pub fn rules(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(mapping(f));
    match &f.function {
        Observed::Seen(func) => {
            if func.reserved_concurrency == Some(0) {
                let function = f.name.function();
                out.push(
                    Finding::new(
                        "function-concurrency-zero",
                        Severity::Critical,
                        "function",
                        "reserved concurrency is 0: the aggregator cannot run at all",
                        "ReservedConcurrentExecutions 0 (Lambda GetFunctionConcurrency)",
                    )
                    .remedy(format!(
                        "aws lambda delete-function-concurrency --function-name {function}"
                    )),
                );
            }
        }
        Observed::Missing => out.push(
            Finding::new(
                "function-missing",
                Severity::Critical,
                "function",
                format!("function {} does not exist", f.name.function()),
                "Lambda GetFunctionConfiguration: not found",
            )
            .remedy(super::drift(f, "the function", &format!("zae-limiter delete --name {} (the table and its data are kept), then zae-limiter deploy --name {}", f.name, f.name))),
        ),
        other => out.extend(unread(other, "function", "function", "the function")),
    }
    match &f.lambda_metrics {
        Observed::Seen(m) => out.extend(metrics(f, m)),
        Observed::Missing => {}
        other => out.extend(unread(
            other,
            "function-metrics",
            "function",
            "the function's metrics",
        )),
    }
    out
}

fn mapping(f: &Facts) -> Vec<Finding> {
    let name = &f.name;
    let mut out = Vec::new();
    let m = match &f.mapping {
        Observed::Seen(m) => m,
        Observed::Missing => {
            out.push(
                Finding::new(
                    "mapping-missing",
                    Severity::Critical,
                    "mapping",
                    "no stream mapping feeds the aggregator: no snapshots are written",
                    "Lambda ListEventSourceMappings: none for the function",
                )
                .remedy(super::drift(f, "the stream mapping", &format!("aws lambda create-event-source-mapping --function-name {}:live --event-source-arn <the table's LatestStreamArn> --starting-position TRIM_HORIZON --function-response-types ReportBatchItemFailures --destination-config OnFailure={{Destination=<the DLQ's ARN>}}", name.function()))),
            );
            return out;
        }
        other => {
            return unread(other, "mapping", "mapping", "the stream mapping")
                .into_iter()
                .collect()
        }
    };
    let uuid = &m.uuid;
    if m.state == "Disabled" || m.state == "Disabling" {
        out.push(
            Finding::new(
                "mapping-disabled",
                Severity::Critical,
                "mapping",
                "the stream mapping is disabled: no snapshots are written",
                format!(
                    "mapping {uuid} state {} (Lambda ListEventSourceMappings)",
                    m.state
                ),
            )
            .remedy(format!(
                "aws lambda update-event-source-mapping --uuid {uuid} --enabled"
            )),
        );
    }
    if let (Some(reads), Some(current)) = (
        m.event_source_arn.as_deref(),
        f.table.seen().and_then(|t| t.stream_arn.as_deref()),
    ) {
        if reads != current {
            out.push(
                Finding::new("mapping-stale-stream", Severity::Critical, "mapping", "the mapping reads an old stream of the table (the stream was re-created)", format!("mapping reads {reads}; the table's stream is {current} (Lambda, DynamoDB DescribeTable)"))
                    .remedy(format!("re-create the mapping on the current stream: aws lambda delete-event-source-mapping --uuid {uuid}, then aws lambda create-event-source-mapping --function-name {}:live --event-source-arn {current} --starting-position TRIM_HORIZON (with the old mapping's settings)", name.function())),
            );
        }
    }
    if let Some(arn) = &m.function_arn {
        if !arn.ends_with(":live") {
            out.push(
                Finding::new(
                    "mapping-not-on-live",
                    Severity::Warning,
                    "mapping",
                    "the mapping invokes the function, not its alias live: rollback cannot move it",
                    format!("FunctionArn {arn} (Lambda ListEventSourceMappings)"),
                )
                .remedy(format!("zae-limiter upgrade --name {name}")),
            );
        }
    }
    if m.last_result
        .as_deref()
        .is_some_and(|r| r.starts_with("PROBLEM"))
    {
        out.push(
            Finding::new("mapping-last-batch-failed", Severity::Critical, "mapping", "the last stream batch failed: the live release is failing", format!("LastProcessingResult {} (Lambda ListEventSourceMappings)", m.last_result.as_deref().unwrap_or("")))
                .remedy(format!("zae-limiter logs --name {name} --errors, then zae-limiter rollback --name {name}; replay what was parked with zae-limiter dlq redrive --name {name}")),
        );
    }
    if m.on_failure.is_none() {
        out.push(
            Finding::new("mapping-no-dlq", Severity::Warning, "mapping", "the mapping has no on-failure destination: failed batches are dropped", format!("mapping {uuid} DestinationConfig.OnFailure unset (Lambda ListEventSourceMappings)"))
                .remedy(super::drift(f, "the mapping's destination", &format!("aws lambda update-event-source-mapping --uuid {uuid} --destination-config OnFailure={{Destination=<the ARN of {}>}}", name.queue()))),
        );
    }
    out
}

fn metrics(f: &Facts, m: &LambdaMetrics) -> Vec<Finding> {
    let name = &f.name;
    let function = name.function();
    let since = &f.since;
    let mut out = Vec::new();
    let all = [
        m.invocations,
        m.errors,
        m.throttles,
        m.duration_max_ms,
        m.iterator_age_max_ms,
    ];
    if all.iter().all(Option::is_none) {
        out.push(Finding::new(
            "function-metrics-absent",
            Severity::Info,
            "function",
            "no AWS/Lambda datapoints: the function did not run in the window (no data, not proof of health)",
            format!("no Invocations/Errors/Duration/IteratorAge datapoint over {since} (CloudWatch AWS/Lambda, FunctionName={function})"),
        ));
        return out;
    }
    if let Some(age) = m.iterator_age_max_ms {
        if age > ITERATOR_AGE_WARN_MS {
            let sev = if age > ITERATOR_AGE_CRITICAL_MS {
                Severity::Critical
            } else {
                Severity::Warning
            };
            out.push(
                Finding::new("iterator-age-high", sev, "function", "the aggregator is falling behind the table's stream", format!("IteratorAge max {:.0} s over {since}, threshold {:.0} s (CloudWatch AWS/Lambda IteratorAge Maximum)", age / 1000.0, ITERATOR_AGE_WARN_MS / 1000.0))
                    .remedy(format!("look at the errors and duration findings first (zae-limiter logs --name {name} --errors); if the function is healthy but slow, raise the mapping's batch size or parallelization: aws lambda update-event-source-mapping --uuid {} --parallelization-factor 2", f.mapping.seen().map(|m| m.uuid.as_str()).unwrap_or("<mapping uuid>"))),
            );
        }
    }
    let errors = m.errors.unwrap_or(0.0);
    if errors > 0.0 {
        let invocations = m.invocations.unwrap_or(0.0).max(errors);
        let ratio = errors / invocations;
        let sev = if ratio >= ERROR_RATIO_CRITICAL {
            Severity::Critical
        } else {
            Severity::Warning
        };
        out.push(
            Finding::new("function-errors", sev, "function", "the aggregator reports errors", format!("{errors:.0} errors in {invocations:.0} invocations ({:.0} %) over {since}; critical from {:.0} % (CloudWatch AWS/Lambda Errors/Invocations Sum)", ratio * 100.0, ERROR_RATIO_CRITICAL * 100.0))
                .remedy(format!("zae-limiter logs --name {name} --errors; if the current release is at fault: zae-limiter rollback --name {name}")),
        );
    }
    if m.throttles.unwrap_or(0.0) > 0.0 {
        out.push(
            Finding::new("function-throttled", Severity::Warning, "function", "Lambda throttled the aggregator", format!("{:.0} throttles over {since} (CloudWatch AWS/Lambda Throttles Sum)", m.throttles.unwrap_or(0.0)))
                .remedy(format!("raise the account's concurrency or the function's reserved concurrency: aws lambda put-function-concurrency --function-name {function} --reserved-concurrent-executions <n>")),
        );
    }
    if let (Some(max), Some(func)) = (m.duration_max_ms, f.function.seen()) {
        let timeout_ms = f64::from(func.timeout_seconds) * 1000.0;
        if timeout_ms > 0.0 && max >= timeout_ms * DURATION_WARN_SHARE {
            let sev = if max >= timeout_ms {
                Severity::Critical
            } else {
                Severity::Warning
            };
            out.push(
                Finding::new("duration-near-timeout", sev, "function", "the aggregator runs close to its timeout", format!("Duration max {max:.0} ms over {since} = {:.0} % of the {} s timeout; threshold {:.0} % (CloudWatch AWS/Lambda Duration Maximum, Lambda GetFunctionConfiguration)", 100.0 * max / timeout_ms, func.timeout_seconds, DURATION_WARN_SHARE * 100.0))
                    .remedy(format!("zae-limiter deploy --name {name} --lambda-timeout {}", (func.timeout_seconds * 2).min(900))),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{healthy, ids};
    use super::super::*;

    fn with_metrics(edit: impl FnOnce(&mut function::LambdaMetrics)) -> Facts {
        let mut f = healthy();
        if let Observed::Seen(m) = &mut f.lambda_metrics {
            edit(m);
        }
        f
    }

    #[test]
    fn a_disabled_mapping_is_critical_with_its_uuid() {
        let mut f = healthy();
        if let Observed::Seen(m) = &mut f.mapping {
            m.state = "Disabled".into();
        }
        let d = judge(&f);
        assert_eq!(ids(&d), ["mapping-disabled"]);
        assert_eq!(
            d.findings[0].remedy.as_deref(),
            Some("aws lambda update-event-source-mapping --uuid u-1 --enabled")
        );
    }

    #[test]
    fn a_failed_last_batch_points_to_rollback_and_redrive() {
        let mut f = healthy();
        if let Observed::Seen(m) = &mut f.mapping {
            m.last_result = Some("PROBLEM: Function call failed".into());
        }
        let d = judge(&f);
        let r = d.findings[0].remedy.as_deref().unwrap();
        assert!(r.contains("zae-limiter rollback --name x") && r.contains("dlq redrive"));
    }

    #[test]
    fn a_mapping_on_an_old_stream_or_off_live_is_found() {
        let mut f = healthy();
        if let Observed::Seen(m) = &mut f.mapping {
            m.event_source_arn = Some("arn:stream/0".into());
            m.function_arn = Some("arn:function:ZAEL-x-aggregator".into());
            m.on_failure = None;
        }
        assert_eq!(
            ids(&judge(&f)),
            [
                "mapping-stale-stream",
                "mapping-not-on-live",
                "mapping-no-dlq"
            ]
        );
    }

    #[test]
    fn iterator_age_warns_over_30s_and_is_critical_over_5min() {
        let d = judge(&with_metrics(|m| m.iterator_age_max_ms = Some(31_000.0)));
        assert_eq!(d.verdict, Verdict::Warnings);
        let d = judge(&with_metrics(|m| m.iterator_age_max_ms = Some(301_000.0)));
        assert_eq!(
            (ids(&d)[0], d.verdict),
            ("iterator-age-high", Verdict::Critical)
        );
        assert_eq!(
            judge(&with_metrics(|m| m.iterator_age_max_ms = Some(30_000.0))).verdict,
            Verdict::Healthy
        );
    }

    #[test]
    fn error_ratio_decides_the_severity() {
        let d = judge(&with_metrics(|m| {
            m.invocations = Some(100.0);
            m.errors = Some(1.0);
        }));
        assert_eq!(d.verdict, Verdict::Warnings);
        let d = judge(&with_metrics(|m| {
            m.invocations = Some(10.0);
            m.errors = Some(10.0);
        }));
        assert_eq!(d.verdict, Verdict::Critical);
        assert!(d.findings[0].evidence.contains("100 %"));
    }

    #[test]
    fn duration_at_80_percent_of_the_timeout_warns() {
        let d = judge(&with_metrics(|m| m.duration_max_ms = Some(48_000.0)));
        assert_eq!(ids(&d), ["duration-near-timeout"]);
        assert_eq!(d.verdict, Verdict::Warnings);
        assert!(d.findings[0]
            .remedy
            .as_deref()
            .unwrap()
            .contains("--lambda-timeout 120"));
        assert_eq!(
            judge(&with_metrics(|m| m.duration_max_ms = Some(47_000.0))).verdict,
            Verdict::Healthy
        );
        assert_eq!(
            judge(&with_metrics(|m| m.duration_max_ms = Some(60_000.0))).verdict,
            Verdict::Critical
        );
    }

    #[test]
    fn no_datapoints_is_no_data_not_health() {
        let d = judge(&with_metrics(|m| {
            *m = function::LambdaMetrics {
                invocations: None,
                errors: None,
                throttles: None,
                duration_max_ms: None,
                iterator_age_max_ms: None,
                concurrent_max: None,
            }
        }));
        assert_eq!(ids(&d), ["function-metrics-absent"]);
        assert!(d.findings[0].summary.contains("no data"));
    }

    #[test]
    fn throttles_and_zero_concurrency() {
        let d = judge(&with_metrics(|m| m.throttles = Some(2.0)));
        assert_eq!(ids(&d), ["function-throttled"]);
        let mut f = healthy();
        f.function = Observed::Seen(function::FunctionFacts {
            timeout_seconds: 60,
            reserved_concurrency: Some(0),
        });
        assert_eq!(ids(&judge(&f)), ["function-concurrency-zero"]);
    }
}
