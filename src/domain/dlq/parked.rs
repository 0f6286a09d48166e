//! Lambda's on-failure record for a DynamoDB stream batch, in a typed form. The record
//! holds no stream records, only where they are: the shard and the sequence range.

use serde::{Deserialize, Serialize};

/// A batch Lambda gave up on, as its on-failure record describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParkedBatch {
    /// When Lambda gave up (the record's `timestamp`), if present.
    pub failed_at: Option<String>,
    /// Why: `RetryAttemptsExhausted`, `RecordAgeExceeded`, ...
    pub condition: String,
    /// `Unhandled`/`Handled` when the function raised; None when it returned.
    pub function_error: Option<String>,
    /// Invocations Lambda made for the batch.
    pub invoke_count: Option<i64>,
    /// The shard the records are in.
    pub shard_id: String,
    /// Sequence number of the first record.
    pub start_sequence_number: String,
    /// Sequence number of the last record.
    pub end_sequence_number: String,
    /// Records in the batch.
    pub batch_size: i64,
    /// The stream the records were read from.
    pub stream_arn: String,
    /// Approximate arrival of the first record in the stream.
    pub first_record_at: Option<String>,
    /// Approximate arrival of the last record in the stream.
    pub last_record_at: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    request_context: Option<RequestContext>,
    response_context: Option<ResponseContext>,
    timestamp: Option<String>,
    #[serde(rename = "DDBStreamBatchInfo")]
    batch: Option<BatchInfo>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RequestContext {
    condition: Option<String>,
    approximate_invoke_count: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResponseContext {
    function_error: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BatchInfo {
    shard_id: String,
    start_sequence_number: String,
    end_sequence_number: String,
    batch_size: i64,
    stream_arn: String,
    approximate_arrival_of_first_record: Option<String>,
    approximate_arrival_of_last_record: Option<String>,
}

/// Parses a DLQ message body; the error says why it is not a stream on-failure record.
pub fn parse(body: &str) -> Result<ParkedBatch, String> {
    let body: Body = serde_json::from_str(body)
        .map_err(|e| format!("not a Lambda on-failure record for a DynamoDB stream: {e}"))?;
    let batch = body
        .batch
        .ok_or("not a DynamoDB stream on-failure record: it has no DDBStreamBatchInfo")?;
    for (field, value) in [
        ("startSequenceNumber", &batch.start_sequence_number),
        ("endSequenceNumber", &batch.end_sequence_number),
    ] {
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "DDBStreamBatchInfo.{field} is not a sequence number: {value:?}"
            ));
        }
    }
    if sequence_order(&batch.start_sequence_number, &batch.end_sequence_number)
        == std::cmp::Ordering::Greater
    {
        return Err("DDBStreamBatchInfo: the start sequence number is after the end".into());
    }
    let request = body.request_context;
    Ok(ParkedBatch {
        failed_at: body.timestamp,
        condition: request
            .as_ref()
            .and_then(|r| r.condition.clone())
            .unwrap_or_else(|| "unknown".into()),
        function_error: body.response_context.and_then(|r| r.function_error),
        invoke_count: request.and_then(|r| r.approximate_invoke_count),
        shard_id: batch.shard_id,
        start_sequence_number: batch.start_sequence_number,
        end_sequence_number: batch.end_sequence_number,
        batch_size: batch.batch_size,
        stream_arn: batch.stream_arn,
        first_record_at: batch.approximate_arrival_of_first_record,
        last_record_at: batch.approximate_arrival_of_last_record,
    })
}

/// Orders two decimal sequence numbers numerically (they exceed 64 bits).
pub fn sequence_order(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    const RECORD: &str = r#"{"requestContext":{"requestId":"r1","functionArn":"arn:aws:lambda:us-east-1:1:function:f:live","condition":"RetryAttemptsExhausted","approximateInvokeCount":3},
        "responseContext":{"statusCode":200,"executedVersion":"4","functionError":"Unhandled"},"version":"1.0","timestamp":"2026-11-25T08:00:00.000Z",
        "DDBStreamBatchInfo":{"shardId":"shardId-1","startSequenceNumber":"900","endSequenceNumber":"1000","approximateArrivalOfFirstRecord":"2026-11-25T07:59:00Z",
        "approximateArrivalOfLastRecord":"2026-11-25T07:59:01Z","batchSize":5,"streamArn":"arn:aws:dynamodb:us-east-1:1:table/T/stream/L"}}"#;

    #[test]
    fn parses_the_on_failure_record() {
        let b = parse(RECORD).unwrap();
        assert_eq!(b.condition, "RetryAttemptsExhausted");
        assert_eq!(b.function_error.as_deref(), Some("Unhandled"));
        assert_eq!((b.shard_id.as_str(), b.batch_size), ("shardId-1", 5));
        assert_eq!(
            (
                b.start_sequence_number.as_str(),
                b.end_sequence_number.as_str()
            ),
            ("900", "1000")
        );
        assert_eq!(b.invoke_count, Some(3));
        assert_eq!(b.failed_at.as_deref(), Some("2026-11-25T08:00:00.000Z"));
    }

    #[test]
    fn refuses_what_is_not_a_stream_record() {
        assert!(parse("{}").unwrap_err().contains("DDBStreamBatchInfo"));
        assert!(parse("not json")
            .unwrap_err()
            .contains("not a Lambda on-failure"));
        let bad = RECORD.replace("\"900\"", "\"9x\"");
        assert!(parse(&bad).unwrap_err().contains("startSequenceNumber"));
        let reversed = RECORD.replace("\"900\"", "\"2000\"");
        assert!(parse(&reversed).unwrap_err().contains("after the end"));
    }

    #[test]
    fn sequence_numbers_order_numerically() {
        assert_eq!(sequence_order("99", "100"), Ordering::Less);
        assert_eq!(sequence_order("0100", "100"), Ordering::Equal);
        assert_eq!(
            sequence_order(
                "49000000000000000000000000002",
                "49000000000000000000000000001"
            ),
            Ordering::Greater
        );
    }
}
