//! The health of a limiter's parts, gathered concurrently for `status`.

use serde::Serialize;

use crate::aws::Aws;
use crate::domain::naming::LimiterName;

/// A part as read for `status`: `Ok(Some)` found, `Ok(None)` does not exist,
/// `Err` could not be read (the error in the operator's words).
pub type Part<T> = Result<Option<T>, String>;

/// Whether an SDK error (of any of the services) says the resource does not exist.
fn not_found<E: aws_smithy_types::error::metadata::ProvideErrorMetadata>(e: &E) -> bool {
    matches!(
        e.code(),
        Some(
            "ResourceNotFoundException"
                | "AWS.SimpleQueueService.NonExistentQueue"
                | "QueueDoesNotExist"
        )
    )
}

/// The table's health.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TableHealth {
    /// DynamoDB status, e.g. ACTIVE.
    pub status: String,
    /// Approximate item count (DynamoDB refreshes it about every six hours).
    pub item_count: i64,
    /// Approximate size in bytes.
    pub size_bytes: i64,
    /// Whether the stream is enabled.
    pub stream_enabled: bool,
    /// Stream view type, e.g. NEW_AND_OLD_IMAGES.
    pub stream_view_type: Option<String>,
    /// Point-in-time recovery on.
    pub pitr_enabled: bool,
    /// PITR recovery period in days, when reported.
    pub pitr_recovery_days: Option<i32>,
    /// Deletion protection on.
    pub deletion_protection: bool,
}

/// The function's health.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FunctionHealth {
    /// Active, Pending, Inactive, Failed.
    pub state: String,
    /// Successful, InProgress, Failed.
    pub last_update_status: String,
    /// When the function was last modified.
    pub last_modified: String,
    /// Runtime.
    pub runtime: String,
    /// Memory, MB.
    pub memory_mb: i32,
    /// Timeout, seconds.
    pub timeout_seconds: i32,
    /// Deployed CodeSha256.
    pub code_sha256: String,
    /// Whether it is this tool's package.
    pub code_matches_tool: bool,
    /// X-Ray mode: `Active` or `PassThrough`.
    pub tracing_mode: String,
    /// The role the function runs as.
    pub role: String,
}

/// The stream mapping's health.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MappingHealth {
    /// Enabled, Disabled, Creating, ...
    pub state: String,
    /// Batch size.
    pub batch_size: Option<i32>,
    /// Result of the last processing attempt.
    pub last_result: Option<String>,
    /// The ARN it invokes (the alias `live` on current stacks).
    pub function_arn: Option<String>,
}

/// Reads the table's description and continuous backups at once.
pub async fn table(aws: &Aws, name: &LimiterName) -> Part<TableHealth> {
    let ddb = aws.ddb();
    let t = name.table();
    let (desc, backups) = tokio::join!(
        ddb.describe_table().table_name(&t).send(),
        ddb.describe_continuous_backups().table_name(&t).send()
    );
    let desc = match desc {
        Ok(d) => d,
        Err(e) if e.as_service_error().is_some_and(not_found) => return Ok(None),
        Err(e) => return Err(aws.error("DescribeTable", e).message),
    };
    let Some(table) = desc.table() else {
        return Ok(None);
    };
    // PITR is a detail: unreadable backups leave it reported as off.
    let pitr = backups
        .ok()
        .and_then(|b| b.continuous_backups_description)
        .and_then(|c| c.point_in_time_recovery_description);
    Ok(Some(TableHealth {
        status: table
            .table_status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        item_count: table.item_count().unwrap_or(0),
        size_bytes: table.table_size_bytes().unwrap_or(0),
        stream_enabled: table
            .stream_specification()
            .is_some_and(|s| s.stream_enabled()),
        stream_view_type: table
            .stream_specification()
            .and_then(|s| s.stream_view_type())
            .map(|v| v.as_str().to_string()),
        pitr_enabled: pitr
            .as_ref()
            .and_then(|p| p.point_in_time_recovery_status())
            .is_some_and(|s| s.as_str() == "ENABLED"),
        pitr_recovery_days: pitr.as_ref().and_then(|p| p.recovery_period_in_days()),
        deletion_protection: table.deletion_protection_enabled().unwrap_or(false),
    }))
}

/// Reads the function's configuration.
pub async fn function(aws: &Aws, name: &LimiterName, tool_sha: &str) -> Part<FunctionHealth> {
    let c = match aws
        .lambda()
        .get_function_configuration()
        .function_name(name.function())
        .send()
        .await
    {
        Ok(c) => c,
        Err(e) if e.as_service_error().is_some_and(not_found) => return Ok(None),
        Err(e) => return Err(aws.error("GetFunctionConfiguration", e).message),
    };
    let sha = c.code_sha256().unwrap_or_default().to_string();
    Ok(Some(FunctionHealth {
        state: c
            .state()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        last_update_status: c
            .last_update_status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        last_modified: c.last_modified().unwrap_or_default().to_string(),
        runtime: c
            .runtime()
            .map(|r| r.as_str().to_string())
            .unwrap_or_default(),
        memory_mb: c.memory_size().unwrap_or(0),
        timeout_seconds: c.timeout().unwrap_or(0),
        code_matches_tool: sha == tool_sha,
        code_sha256: sha,
        tracing_mode: c
            .tracing_config()
            .and_then(|t| t.mode())
            .map(|m| m.as_str().to_string())
            .unwrap_or_else(|| "PassThrough".into()),
        role: c.role().unwrap_or_default().to_string(),
    }))
}

/// Finds the stream mapping of the function: among the mappings of the
/// table's stream when its ARN is known (one short list), otherwise among all
/// of the account's. Matched by function ARN, alias-qualified or not (mappings
/// on qualified ARNs are not listed by function name). Shared by `status`,
/// `doctor` and the rollout's gate; the SDK error is left to the caller.
pub async fn find_mapping(
    aws: &Aws,
    name: &LimiterName,
    stream_arn: Option<&str>,
) -> Result<
    Option<aws_sdk_lambda::types::EventSourceMappingConfiguration>,
    aws_sdk_lambda::error::SdkError<
        aws_sdk_lambda::operation::list_event_source_mappings::ListEventSourceMappingsError,
        aws_smithy_runtime_api::client::orchestrator::HttpResponse,
    >,
> {
    let function = name.function();
    let matches = |arn: &str| {
        arn.ends_with(&format!(":function:{function}"))
            || arn.contains(&format!(":function:{function}:"))
    };
    // Every page: an account may hold more mappings than one page lists.
    let mut pages = aws
        .lambda()
        .list_event_source_mappings()
        .set_event_source_arn(stream_arn.map(str::to_string))
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        if let Some(m) = page?
            .event_source_mappings()
            .iter()
            .find(|m| m.function_arn().is_some_and(matches))
        {
            return Ok(Some(m.clone()));
        }
    }
    Ok(None)
}

/// The stream mapping's health (see `find_mapping`).
pub async fn mapping(
    aws: &Aws,
    name: &LimiterName,
    stream_arn: Option<&str>,
) -> Part<MappingHealth> {
    let found = find_mapping(aws, name, stream_arn)
        .await
        .map_err(|e| aws.error("ListEventSourceMappings", e).message)?;
    Ok(found.map(|m| MappingHealth {
        state: m.state().unwrap_or_default().to_string(),
        batch_size: m.batch_size(),
        last_result: m.last_processing_result().map(str::to_string),
        function_arn: m.function_arn().map(str::to_string),
    }))
}

/// Visible messages in the dead-letter queue (`Ok(None)`: no queue). `url`
/// is the stack's `DLQUrl` output when known, which saves looking it up.
pub async fn dlq_messages(aws: &Aws, name: &LimiterName, url: Option<&str>) -> Part<i64> {
    let sqs = aws.sqs();
    if let Some(url) = url {
        return queue_depth(aws, url).await;
    }
    let url = match sqs.get_queue_url().queue_name(name.queue()).send().await {
        Ok(out) => out.queue_url,
        Err(e) if e.as_service_error().is_some_and(not_found) => return Ok(None),
        Err(e) => return Err(aws.error("GetQueueUrl", e).message),
    };
    match url {
        Some(url) => queue_depth(aws, &url).await,
        None => Ok(None),
    }
}

async fn queue_depth(aws: &Aws, url: &str) -> Part<i64> {
    let attrs = aws
        .sqs()
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(aws_sdk_sqs::types::QueueAttributeName::ApproximateNumberOfMessages)
        .send()
        .await
        .map_err(|e| aws.error("GetQueueAttributes", e).message)?;
    Ok(attrs
        .attributes()
        .and_then(|a| a.get(&aws_sdk_sqs::types::QueueAttributeName::ApproximateNumberOfMessages))
        .and_then(|n| n.parse().ok()))
}

/// One CloudWatch alarm of the stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlarmState {
    /// Alarm name.
    pub name: String,
    /// `ALARM`, `INSUFFICIENT_DATA` or `OK`.
    pub state: String,
    /// CloudWatch's reason for the state.
    pub reason: Option<String>,
}

/// The stack's alarms (named `ZAEL-X-…` by the template), ALARM first.
pub async fn alarms(aws: &Aws, name: &LimiterName) -> Result<Vec<AlarmState>, String> {
    let prefix = format!("{}-", name.stack());
    let out = aws
        .cloudwatch()
        .describe_alarms()
        .alarm_name_prefix(&prefix)
        .send()
        .await
        .map_err(|e| aws.error("DescribeAlarms", e).message)?;
    let list = out
        .metric_alarms()
        .iter()
        .map(|a| AlarmState {
            name: a.alarm_name().unwrap_or_default().to_string(),
            state: a
                .state_value()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            reason: a.state_reason().map(str::to_string),
        })
        .collect();
    Ok(sort_alarms(list))
}

/// ALARM first, then INSUFFICIENT_DATA, then OK; by name within each. Pure.
pub fn sort_alarms(mut list: Vec<AlarmState>) -> Vec<AlarmState> {
    let rank = |s: &str| match s {
        "ALARM" => 0,
        "INSUFFICIENT_DATA" => 1,
        _ => 2,
    };
    list.sort_by(|a, b| {
        rank(&a.state)
            .cmp(&rank(&b.state))
            .then(a.name.cmp(&b.name))
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alarms_in_alarm_come_first() {
        let a = |n: &str, s: &str| AlarmState {
            name: n.into(),
            state: s.into(),
            reason: None,
        };
        let got = sort_alarms(vec![
            a("b", "OK"),
            a("c", "ALARM"),
            a("a", "INSUFFICIENT_DATA"),
            a("a", "ALARM"),
        ]);
        let names: Vec<_> = got
            .iter()
            .map(|x| (x.name.as_str(), x.state.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("a", "ALARM"),
                ("c", "ALARM"),
                ("a", "INSUFFICIENT_DATA"),
                ("b", "OK")
            ]
        );
    }
}
