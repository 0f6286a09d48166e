//! Invoking the aggregator's alias `live` synchronously with a rebuilt event.

use std::time::Duration;

use aws_sdk_lambda::config::timeout::TimeoutConfig;
use aws_sdk_lambda::error::ProvideErrorMetadata;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::InvocationType;

use crate::aws::Aws;
use crate::error::Result;

/// The alias the stream mapping invokes.
pub const ALIAS: &str = "live";

/// What the invocation returned: the function error (`Unhandled`, ...) if any, and the payload.
#[derive(Debug, Clone)]
pub struct Invoked {
    /// `FunctionError` of the response.
    pub function_error: Option<String>,
    /// The response payload.
    pub payload: Vec<u8>,
}

/// Seconds one synchronous invocation may take: Lambda's longest function timeout and a
/// margin. The tool's usual per-attempt timeout (20 s) is shorter than the aggregator's
/// (60 s by default): cutting the call there would invoke the batch again while the
/// first run goes on.
const INVOKE_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(905);

/// Further tries when Lambda still throttles after the SDK's own retries, and the first
/// pause between them (doubled each time).
const THROTTLED_TRIES: u32 = 3;
const THROTTLED_PAUSE: Duration = Duration::from_secs(2);

/// Invokes `function:live` with `event` and waits for the result (RequestResponse).
/// Throttling is retried with growing pauses; an error is returned for the caller to
/// record against this one message.
pub async fn invoke_live(aws: &Aws, function: &str, event: &serde_json::Value) -> Result<Invoked> {
    let payload = serde_json::to_vec(event).unwrap_or_default();
    let mut pause = THROTTLED_PAUSE;
    let mut tries = 0;
    loop {
        let out = aws
            .lambda()
            .invoke()
            .function_name(function)
            .qualifier(ALIAS)
            .invocation_type(InvocationType::RequestResponse)
            .payload(Blob::new(payload.clone()))
            .customize()
            .config_override(
                aws_sdk_lambda::config::Builder::default().timeout_config(
                    TimeoutConfig::builder()
                        .operation_attempt_timeout(INVOKE_ATTEMPT_TIMEOUT)
                        .build(),
                ),
            )
            .send()
            .await;
        match out {
            Ok(out) => {
                return Ok(Invoked {
                    function_error: out.function_error().map(str::to_string),
                    payload: out
                        .payload()
                        .map(|p| p.as_ref().to_vec())
                        .unwrap_or_default(),
                })
            }
            Err(e) if tries < THROTTLED_TRIES && throttled(&e) => {
                tries += 1;
                tokio::time::sleep(pause).await;
                pause *= 2;
            }
            Err(e) => return Err(aws.error("Invoke", e)),
        }
    }
}

fn throttled<E: ProvideErrorMetadata>(e: &aws_sdk_lambda::error::SdkError<E>) -> bool {
    e.as_service_error()
        .and_then(|s| s.code())
        .is_some_and(|c| c == "TooManyRequestsException" || c.contains("Throttl"))
}

/// The `FilterCriteria` patterns of the function's stream mapping on `stream_arn`.
pub async fn mapping_filters(
    aws: &Aws,
    function: &str,
    stream_arn: Option<&str>,
) -> Result<Option<Vec<String>>> {
    let matches = |arn: &str| {
        arn.ends_with(&format!(":function:{function}"))
            || arn.contains(&format!(":function:{function}:"))
    };
    let mut pages = aws
        .lambda()
        .list_event_source_mappings()
        .set_event_source_arn(stream_arn.map(str::to_string))
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| aws.error("ListEventSourceMappings", e))?;
        if let Some(m) = page
            .event_source_mappings()
            .iter()
            .find(|m| m.function_arn().is_some_and(matches))
        {
            let patterns = m
                .filter_criteria()
                .map(|c| {
                    c.filters()
                        .iter()
                        .filter_map(|f| f.pattern().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            return Ok(Some(patterns));
        }
    }
    Ok(None)
}
