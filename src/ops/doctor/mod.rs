//! `doctor`: every diagnosis of the troubleshooting guide for one limiter. The
//! stack is read first (its outputs name the stream and the queue), then every
//! other fact at once; the domain judges (`domain::diagnosis::judge`). The fleet
//! rollout's health gate can call `diagnose` for the same checks.

pub mod metrics;
pub mod observe;
pub mod reads;

use crate::aws::Aws;
use crate::domain::compat;
use crate::domain::diagnosis::dlq::AlarmFacts;
use crate::domain::diagnosis::function::LambdaMetrics;
use crate::domain::diagnosis::logs::LogFacts;
use crate::domain::diagnosis::stack::{StackFacts, VersionFacts};
use crate::domain::diagnosis::table::TableMetrics;
use crate::domain::diagnosis::{self, Diagnosis, Facts, Observed};
use crate::domain::logs as log_lines;
use crate::domain::naming::LimiterName;
use crate::error::{Error, ErrorKind, Result};
use crate::ops::{aggregator, deployed, function_versions, health, logs, record, stack};

use metrics::Query;

/// Reads every fact about the limiter over the last `since_secs` seconds
/// (`since` is the same window in words, for the evidence).
pub async fn gather(aws: &Aws, name: &LimiterName, since: &str, since_secs: u64) -> Facts {
    let stack_info = stack::describe(aws, &name.stack()).await;
    let (stack_obs, info) = match stack_info {
        Ok(Some(info)) => (
            Observed::Seen(StackFacts {
                status: info.status.clone(),
            }),
            Some(info),
        ),
        Ok(None) => (Observed::Missing, None),
        Err(e) => (
            observe::tool_error("cloudformation:DescribeStacks", e),
            None,
        ),
    };
    let stream_arn = info
        .as_ref()
        .and_then(|i| i.outputs.get("StreamArn"))
        .map(String::as_str);
    let dlq_url = info
        .as_ref()
        .and_then(|i| i.outputs.get("DLQUrl"))
        .map(String::as_str);
    let function = name.function();
    let lambda = |metric: &'static str, stat: &'static str| Query {
        namespace: "AWS/Lambda",
        metric,
        dimension: ("FunctionName", function.clone()),
        stat,
        since_secs,
    };
    let ddb = |metric: &'static str| Query {
        namespace: "AWS/DynamoDB",
        metric,
        dimension: ("TableName", name.table()),
        stat: "Sum",
        since_secs,
    };
    // Every metric in one request; the DLQ's oldest message is read over the last
    // 5 minutes (its age now, not over the whole window).
    let queries = [
        ddb("ReadThrottleEvents"),
        ddb("WriteThrottleEvents"),
        lambda("Invocations", "Sum"),
        lambda("Errors", "Sum"),
        lambda("Throttles", "Sum"),
        lambda("Duration", "Maximum"),
        lambda("IteratorAge", "Maximum"),
        lambda("ConcurrentExecutions", "Maximum"),
        Query {
            namespace: "AWS/SQS",
            metric: "ApproximateAgeOfOldestMessage",
            dimension: ("QueueName", name.queue()),
            stat: "Maximum",
            since_secs: 300,
        },
    ];
    let table_name = name.table();
    let start_ms = logs::now_ms() - (since_secs as i64) * 1000;
    let ((rec, versions), table, metric_values, mapping, func, dlq_depth, alarms, log_read) = tokio::join!(
        async {
            tokio::join!(
                record::read_if_table(aws, &table_name),
                function_versions::read(aws, &function)
            )
        },
        reads::table(aws, name),
        metrics::read(aws, &queries),
        reads::mapping(aws, name, stream_arn),
        reads::function(aws, name),
        reads::dlq_depth(aws, name, dlq_url),
        health::alarms(aws, name),
        logs::read_raw(aws, name, start_ms),
    );
    let (table_metrics, lambda_metrics, dlq_age) = match metric_values {
        Observed::Seen(v) => (
            Observed::Seen(TableMetrics {
                read_throttles: v[0],
                write_throttles: v[1],
            }),
            Observed::Seen(LambdaMetrics {
                invocations: v[2],
                errors: v[3],
                throttles: v[4],
                duration_max_ms: v[5],
                iterator_age_max_ms: v[6],
                concurrent_max: v[7],
            }),
            v[8],
        ),
        other => (recast(other.clone()), recast(other), None),
    };

    let version = match (&info, rec) {
        (None, _) => Observed::Missing,
        (_, Err(e)) => observe::tool_error("dynamodb:GetItem", e),
        (Some(info), Ok(record)) => {
            let facts = deployed::Facts {
                stack: Some(info.clone()),
                record,
            };
            let verdict = compat::verdict(
                &compat::tool_version(),
                &compat::tool_schema(),
                &facts.deployed(),
            );
            let tool_sha = aggregator::code_sha256(&aggregator::package());
            let live = versions
                .as_ref()
                .ok()
                .and_then(|v| v.live_version().cloned());
            Observed::Seen(VersionFacts {
                compatible: verdict.is_compatible(),
                blocking: verdict.error_kind().is_some(),
                verdict_code: verdict.code().to_string(),
                verdict_summary: verdict.summary(&compat::tool_version()),
                next_step: verdict.next_step(name.as_str()),
                record_lambda_version: facts
                    .version_record()
                    .and_then(|r| r.lambda_version.clone()),
                live_version: live.as_ref().map(|p| p.number),
                live_tool_version: live.as_ref().and_then(|p| p.tool_version.clone()),
                live_runs_tool_package: live
                    .as_ref()
                    .is_some_and(|p| p.fingerprint.code_sha256 == tool_sha),
            })
        }
    };
    let alarms = match alarms {
        Ok(list) => Observed::Seen(
            list.into_iter()
                .map(|a| AlarmFacts {
                    name: a.name,
                    state: a.state,
                    reason: a.reason,
                })
                .collect(),
        ),
        Err(why) => observe::words("cloudwatch:DescribeAlarms", why),
    };
    let logs = match log_read {
        Ok(Some((raw, _))) => {
            let entries: Vec<_> = raw.iter().map(log_lines::parse).collect();
            let summary = log_lines::summarize(&entries);
            Observed::Seen(LogFacts {
                lines: summary.lines,
                errors: summary.errors,
                top_errors: summary.top_errors,
            })
        }
        Ok(None) => Observed::Missing,
        Err(e) => observe::sdk_error(aws, "FilterLogEvents", "logs:FilterLogEvents", e),
    };
    Facts {
        name: name.clone(),
        since: since.to_string(),
        stack: stack_obs,
        version,
        table,
        table_metrics,
        mapping,
        function: func,
        lambda_metrics,
        dlq: reads::dlq(dlq_depth, dlq_age),
        alarms,
        logs,
    }
}

/// A fact that was not read, as another type's.
fn recast<A, B>(o: Observed<A>) -> Observed<B> {
    match o {
        Observed::Seen(_) | Observed::Missing => Observed::Missing,
        Observed::Denied(p) => Observed::Denied(p),
        Observed::Failed(w) => Observed::Failed(w),
    }
}

/// Gathers and judges: the findings, worst first, and the verdict.
pub async fn diagnose(aws: &Aws, name: &LimiterName, since: &str, since_secs: u64) -> Diagnosis {
    diagnosis::judge(&gather(aws, name, since, since_secs).await)
}

/// `doctor`'s operation: the diagnosis, except that neither stack nor table is the
/// not-deployed error (a wrong name or region far more often than a lost limiter),
/// instead of a page of findings about missing parts.
pub async fn examine(
    aws: &Aws,
    name: &LimiterName,
    since: &str,
    since_secs: u64,
) -> Result<Diagnosis> {
    let d = diagnose(aws, name, since, since_secs).await;
    let found = |id: &str| d.findings.iter().any(|f| f.id == id);
    if found("stack-missing") && found("table-missing") {
        return Err(Error::new(
            ErrorKind::NotDeployed,
            format!("stack {} not found, and no table {}", name.stack(), name.table()),
        )
        .hint(format!(
            "check --name and --region (zae-limiter list shows the limiters of a region), or deploy it with: zae-limiter deploy --name {name}"
        )));
    }
    Ok(d)
}
