//! Invoking the aggregator's alias `live` synchronously with a rebuilt event.

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

/// Invokes `function:live` with `event` and waits for the result (RequestResponse).
pub async fn invoke_live(aws: &Aws, function: &str, event: &serde_json::Value) -> Result<Invoked> {
    let out = aws
        .lambda()
        .invoke()
        .function_name(function)
        .qualifier(ALIAS)
        .invocation_type(InvocationType::RequestResponse)
        .payload(Blob::new(serde_json::to_vec(event).unwrap_or_default()))
        .send()
        .await
        .map_err(|e| aws.error("Invoke", e))?;
    Ok(Invoked {
        function_error: out.function_error().map(str::to_string),
        payload: out
            .payload()
            .map(|p| p.as_ref().to_vec())
            .unwrap_or_default(),
    })
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
