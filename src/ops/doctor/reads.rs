//! The reads of `doctor` that `status` does not share: the table with TTL, the
//! mapping with its UUID and destination, the function's concurrency, the DLQ.

use aws_sdk_sqs::types::QueueAttributeName;

use crate::aws::Aws;
use crate::domain::diagnosis::dlq::DlqFacts;
use crate::domain::diagnosis::function::{FunctionFacts, MappingFacts};
use crate::domain::diagnosis::table::TableFacts;
use crate::domain::diagnosis::Observed;
use crate::domain::naming::LimiterName;

use super::observe::sdk_error;

/// Table description, continuous backups and TTL, at once.
pub async fn table(aws: &Aws, name: &LimiterName) -> Observed<TableFacts> {
    let ddb = aws.ddb();
    let t = name.table();
    let (desc, backups, ttl) = tokio::join!(
        ddb.describe_table().table_name(&t).send(),
        ddb.describe_continuous_backups().table_name(&t).send(),
        ddb.describe_time_to_live().table_name(&t).send()
    );
    let desc = match desc {
        Ok(d) => d,
        Err(e) => return sdk_error(aws, "DescribeTable", "dynamodb:DescribeTable", e),
    };
    let Some(table) = desc.table() else {
        return Observed::Missing;
    };
    let backups = match backups {
        Ok(b) => b,
        Err(e) => {
            return sdk_error(
                aws,
                "DescribeContinuousBackups",
                "dynamodb:DescribeContinuousBackups",
                e,
            )
        }
    };
    let ttl = match ttl {
        Ok(t) => t,
        Err(e) => return sdk_error(aws, "DescribeTimeToLive", "dynamodb:DescribeTimeToLive", e),
    };
    let stream = table.stream_specification();
    Observed::Seen(TableFacts {
        stream_enabled: stream.is_some_and(|s| s.stream_enabled()),
        stream_view_type: stream
            .and_then(|s| s.stream_view_type())
            .map(|v| v.as_str().to_string()),
        stream_arn: table.latest_stream_arn().map(str::to_string),
        ttl_status: ttl
            .time_to_live_description()
            .and_then(|d| d.time_to_live_status())
            .map(|s| s.as_str().to_string()),
        pitr_enabled: backups
            .continuous_backups_description()
            .and_then(|c| c.point_in_time_recovery_description())
            .and_then(|p| p.point_in_time_recovery_status())
            .is_some_and(|s| s.as_str() == "ENABLED"),
        deletion_protection: table.deletion_protection_enabled().unwrap_or(false),
        billing_mode: table
            .billing_mode_summary()
            .and_then(|b| b.billing_mode())
            .map_or("PROVISIONED".to_string(), |b| b.as_str().to_string()),
    })
}

/// The function's stream mapping (among the stream's when its ARN is known).
pub async fn mapping(
    aws: &Aws,
    name: &LimiterName,
    stream_arn: Option<&str>,
) -> Observed<MappingFacts> {
    match crate::ops::health::find_mapping(aws, name, stream_arn).await {
        Err(e) => sdk_error(
            aws,
            "ListEventSourceMappings",
            "lambda:ListEventSourceMappings",
            e,
        ),
        Ok(None) => Observed::Missing,
        Ok(Some(m)) => Observed::Seen(MappingFacts {
            uuid: m.uuid().unwrap_or_default().to_string(),
            state: m.state().unwrap_or_default().to_string(),
            event_source_arn: m.event_source_arn().map(str::to_string),
            function_arn: m.function_arn().map(str::to_string),
            last_result: m.last_processing_result().map(str::to_string),
            on_failure: m
                .destination_config()
                .and_then(|d| d.on_failure())
                .and_then(|o| o.destination())
                .map(str::to_string),
        }),
    }
}

/// The function's timeout and reserved concurrency, at once.
pub async fn function(aws: &Aws, name: &LimiterName) -> Observed<FunctionFacts> {
    let lambda = aws.lambda();
    let f = name.function();
    let (conf, conc) = tokio::join!(
        lambda.get_function_configuration().function_name(&f).send(),
        lambda.get_function_concurrency().function_name(&f).send()
    );
    let conf = match conf {
        Ok(c) => c,
        Err(e) => {
            return sdk_error(
                aws,
                "GetFunctionConfiguration",
                "lambda:GetFunctionConfiguration",
                e,
            )
        }
    };
    // Reserved concurrency is a detail: unreadable (or not served) leaves it unset.
    let reserved = conc.ok().and_then(|c| c.reserved_concurrent_executions());
    Observed::Seen(FunctionFacts {
        timeout_seconds: conf.timeout().unwrap_or(3),
        reserved_concurrency: reserved,
    })
}

/// The DLQ's depth (`url`: the stack's `DLQUrl` output, when known).
pub async fn dlq_depth(
    aws: &Aws,
    name: &LimiterName,
    url: Option<&str>,
) -> Observed<(String, i64)> {
    let sqs = aws.sqs();
    let url = match url {
        Some(u) => u.to_string(),
        None => match sqs.get_queue_url().queue_name(name.queue()).send().await {
            Ok(o) => match o.queue_url {
                Some(u) => u,
                None => return Observed::Missing,
            },
            Err(e) => return sdk_error(aws, "GetQueueUrl", "sqs:GetQueueUrl", e),
        },
    };
    let attrs = match sqs
        .get_queue_attributes()
        .queue_url(&url)
        .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
        .send()
        .await
    {
        Ok(a) => a,
        Err(e) => return sdk_error(aws, "GetQueueAttributes", "sqs:GetQueueAttributes", e),
    };
    let depth = attrs
        .attributes()
        .and_then(|a| a.get(&QueueAttributeName::ApproximateNumberOfMessages))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    Observed::Seen((url, depth))
}

/// Combines the depth and the age metric into the DLQ's facts.
pub fn dlq(depth: Observed<(String, i64)>, age: Option<f64>) -> Observed<DlqFacts> {
    match depth {
        Observed::Seen((queue_url, depth)) => Observed::Seen(DlqFacts {
            queue_url,
            depth,
            oldest_age_seconds: age,
        }),
        Observed::Missing => Observed::Missing,
        Observed::Denied(p) => Observed::Denied(p),
        Observed::Failed(w) => Observed::Failed(w),
    }
}
