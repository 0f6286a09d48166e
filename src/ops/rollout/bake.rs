//! Reading what the health gate judges about one stack after its bake (see
//! `domain::rollout::gate`): verdict, mapping result, aggregator errors over the
//! bake window, DLQ depth, alarms in `ALARM`. Reads run concurrently; a read that
//! fails becomes an `unreadable` fact (which fails the gate), never an error.

use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{Dimension, Statistic};

use crate::aws::Aws;
use crate::domain::compat;
use crate::domain::naming::LimiterName;
use crate::domain::rollout::gate::BakeFacts;
use crate::domain::stack::params;
use crate::ops::{deployed, health};

/// Visible DLQ messages now (`None`: no queue or not readable).
pub async fn dlq_depth(aws: &Aws, name: &LimiterName) -> Option<i64> {
    health::dlq_messages(aws, name, None).await.ok().flatten()
}

/// Sum of the aggregator's `Errors` since `since` (epoch seconds); `None` without data.
async fn errors_since(aws: &Aws, name: &LimiterName, since: i64) -> Result<Option<f64>, String> {
    let now = chrono::Utc::now().timestamp();
    let out = aws
        .cloudwatch()
        .get_metric_statistics()
        .namespace("AWS/Lambda")
        .metric_name("Errors")
        .dimensions(
            Dimension::builder()
                .name("FunctionName")
                .value(name.function())
                .build(),
        )
        // From the start of the minute the bake began in: an error in that first
        // minute counts against the release.
        .start_time(DateTime::from_secs(since - since.rem_euclid(60)))
        .end_time(DateTime::from_secs(now + 60))
        .period(60)
        .statistics(Statistic::Sum)
        .send()
        .await
        .map_err(|e| aws.error("GetMetricStatistics", e).message)?;
    let points = out.datapoints();
    if points.is_empty() {
        return Ok(None);
    }
    Ok(Some(points.iter().filter_map(|p| p.sum()).sum()))
}

/// Reads the facts the gate judges, for a stack baked since `since` whose DLQ held
/// `dlq_before` messages when its wave started.
pub async fn facts(
    aws: &Aws,
    name: &LimiterName,
    since: i64,
    dlq_before: Option<i64>,
) -> BakeFacts {
    let mut unreadable = Vec::new();
    let facts = match deployed::gather(aws, name).await {
        Ok(f) => Some(f),
        Err(e) => {
            unreadable.push(format!("the stack and version record ({})", e.message));
            None
        }
    };
    let verdict = facts
        .as_ref()
        .map(|f| {
            compat::verdict(
                &compat::tool_version(),
                &compat::tool_schema(),
                &f.deployed(),
            )
            .code()
            .to_string()
        })
        .unwrap_or_else(|| "unknown".into());
    let info = facts.as_ref().and_then(|f| f.stack.as_ref());
    let aggregator = info.is_none_or(|i| params::aggregator_enabled(&i.parameters));
    let stream = info.and_then(|i| i.outputs.get("StreamArn").cloned());
    let (mapping, dlq, alarms, errors) = tokio::join!(
        health::mapping(aws, name, stream.as_deref()),
        health::dlq_messages(
            aws,
            name,
            info.and_then(|i| i.outputs.get("DLQUrl").map(String::as_str))
        ),
        health::alarms(aws, name),
        errors_since(aws, name, since),
    );
    let mapping_last_result = match mapping {
        Ok(m) => m.map(|m| m.last_result.unwrap_or_else(|| "OK".into())),
        Err(e) => {
            unreadable.push(format!("the stream mapping ({e})"));
            Some("unknown".into())
        }
    };
    let dlq_after = dlq.unwrap_or_else(|e| {
        unreadable.push(format!("the dead-letter queue ({e})"));
        None
    });
    let alarms_in_alarm = match alarms {
        Ok(list) => list
            .into_iter()
            .filter(|a| a.state == "ALARM")
            .map(|a| a.name)
            .collect(),
        Err(e) => {
            unreadable.push(format!("the alarms ({e})"));
            vec![]
        }
    };
    let errors = errors.unwrap_or_else(|e| {
        unreadable.push(format!("the aggregator's Errors metric ({e})"));
        None
    });
    BakeFacts {
        verdict,
        mapping_last_result,
        aggregator,
        errors,
        dlq_before,
        dlq_after,
        alarms_in_alarm,
        unreadable,
    }
}
