//! Reading a parked batch's records back from the table's stream, and what the stream
//! says about its shard.

use aws_sdk_dynamodbstreams::error::ProvideErrorMetadata;
use aws_sdk_dynamodbstreams::types::{AttributeValue, Record, ShardIteratorType};
use base64::Engine;
use serde_json::{json, Map, Value};

use crate::aws::Aws;
use crate::domain::dlq::event::StreamRecord;
use crate::domain::dlq::parked::{sequence_order, ParkedBatch};
use crate::domain::dlq::verdict::ShardFacts;
use crate::error::{Error, Result};

/// Error codes meaning the records (or the stream) are no longer there.
const GONE: &[&str] = &[
    "TrimmedDataAccessException",
    "ResourceNotFoundException",
    "ExpiredIteratorException",
];

/// Empty GetRecords pages tolerated before the range is called incomplete (an open
/// shard may answer empty pages before the records).
const MAX_EMPTY_PAGES: u32 = 5;

/// The table's current stream ARN, if it has an enabled stream.
pub async fn current_stream(aws: &Aws, table: &str) -> Result<Option<String>> {
    let out = aws
        .ddb()
        .describe_table()
        .table_name(table)
        .send()
        .await
        .map_err(|e| aws.error("DescribeTable", e))?;
    let t = out.table();
    let enabled = t
        .and_then(|t| t.stream_specification())
        .is_some_and(|s| s.stream_enabled());
    Ok(t.and_then(|t| t.latest_stream_arn())
        .filter(|_| enabled)
        .map(str::to_string))
}

/// What the batch's stream says about its shard: listed (with its trim horizon) or not.
pub async fn shard_facts(
    aws: &Aws,
    batch: &ParkedBatch,
    current: Option<&str>,
) -> Result<ShardFacts> {
    let current_stream = current == Some(batch.stream_arn.as_str());
    let mut start: Option<String> = None;
    loop {
        let out = aws
            .streams()
            .describe_stream()
            .stream_arn(&batch.stream_arn)
            .set_exclusive_start_shard_id(start.clone())
            .send()
            .await;
        let out = match out {
            Ok(o) => o,
            Err(e)
                if e.as_service_error()
                    .and_then(|s| s.code())
                    .is_some_and(|c| GONE.contains(&c)) =>
            {
                return Ok(ShardFacts {
                    current_stream,
                    trim_horizon: None,
                })
            }
            Err(e) => return Err(aws.error("DescribeStream", e)),
        };
        let Some(desc) = out.stream_description() else {
            return Ok(ShardFacts {
                current_stream,
                trim_horizon: None,
            });
        };
        // A stream that is not the table's current one answers for its own ARN only.
        if desc.stream_arn().is_some_and(|a| a != batch.stream_arn) {
            return Ok(ShardFacts {
                current_stream,
                trim_horizon: None,
            });
        }
        if let Some(shard) = desc
            .shards()
            .iter()
            .find(|s| s.shard_id() == Some(batch.shard_id.as_str()))
        {
            // AWS calls this the shard's first sequence number; it is compared in case it
            // moved, and the batch is probed as well (probe_first).
            let horizon = shard
                .sequence_number_range()
                .and_then(|r| r.starting_sequence_number())
                .unwrap_or("0")
                .to_string();
            return Ok(ShardFacts {
                current_stream,
                trim_horizon: Some(horizon),
            });
        }
        match desc.last_evaluated_shard_id() {
            Some(next) => start = Some(next.to_string()),
            None => {
                return Ok(ShardFacts {
                    current_stream,
                    trim_horizon: None,
                })
            }
        }
    }
}

/// Asks the stream for an iterator at the batch's first record: Some(reason) when it
/// answers that the record is trimmed (or the shard gone). AWS documents this refusal
/// (`TrimmedDataAccessException` for a sequence number older than the trim point), not
/// a moving `StartingSequenceNumber`, so this is the check that holds on AWS.
pub async fn probe_first(aws: &Aws, batch: &ParkedBatch) -> Result<Option<String>> {
    let out = aws
        .streams()
        .get_shard_iterator()
        .stream_arn(&batch.stream_arn)
        .shard_id(&batch.shard_id)
        .shard_iterator_type(ShardIteratorType::AtSequenceNumber)
        .sequence_number(&batch.start_sequence_number)
        .send()
        .await;
    match out {
        Ok(_) => Ok(None),
        Err(e) => match gone_or_error(aws, "GetShardIterator", e)? {
            Ok(_) => Ok(None),
            Err(why) => Ok(Some(why)),
        },
    }
}

/// The batch's records, read from its start sequence number up to its end one.
/// `Ok(Err(reason))` when the stream no longer holds them.
pub async fn read_range(
    aws: &Aws,
    batch: &ParkedBatch,
) -> Result<std::result::Result<Vec<StreamRecord>, String>> {
    let streams = aws.streams();
    let iterator = streams
        .get_shard_iterator()
        .stream_arn(&batch.stream_arn)
        .shard_id(&batch.shard_id)
        .shard_iterator_type(ShardIteratorType::AtSequenceNumber)
        .sequence_number(&batch.start_sequence_number)
        .send()
        .await;
    let mut iterator = match iterator {
        Ok(o) => o.shard_iterator,
        Err(e) => return gone_or_error(aws, "GetShardIterator", e),
    };
    let mut records = Vec::new();
    let mut empty = 0;
    while let Some(it) = iterator {
        let page = match streams
            .get_records()
            .shard_iterator(it)
            .limit(1000)
            .send()
            .await
        {
            Ok(p) => p,
            Err(e) => return gone_or_error(aws, "GetRecords", e),
        };
        if page.records().is_empty() {
            empty += 1;
            if empty > MAX_EMPTY_PAGES {
                break;
            }
        }
        for r in page.records() {
            let seq = r
                .dynamodb()
                .and_then(|d| d.sequence_number())
                .unwrap_or_default();
            if sequence_order(seq, &batch.end_sequence_number) == std::cmp::Ordering::Greater {
                return Ok(Ok(records));
            }
            records.push(convert(r));
            if sequence_order(seq, &batch.end_sequence_number) == std::cmp::Ordering::Equal {
                return Ok(Ok(records));
            }
        }
        iterator = page.next_shard_iterator;
    }
    if records.is_empty() {
        return Ok(Err(format!(
            "shard {} returned none of the records {}..{}",
            batch.shard_id, batch.start_sequence_number, batch.end_sequence_number
        )));
    }
    // A closed shard that ended before the end sequence number: what was read is the batch.
    Ok(Ok(records))
}

fn gone_or_error<E>(
    aws: &Aws,
    action: &str,
    e: aws_smithy_runtime_api::client::result::SdkError<
        E,
        aws_smithy_runtime_api::client::orchestrator::HttpResponse,
    >,
) -> Result<std::result::Result<Vec<StreamRecord>, String>>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    if let Some(code) = e
        .as_service_error()
        .and_then(|s| s.code())
        .filter(|c| GONE.contains(c))
    {
        let msg = e
            .as_service_error()
            .and_then(|s| s.message())
            .unwrap_or_default()
            .to_string();
        return Ok(Err(format!("{action}: {code}: {msg}")));
    }
    Err::<_, Error>(aws.error(action, e))
}

/// A record of the Streams API in the shape Lambda puts into events.
fn convert(r: &Record) -> StreamRecord {
    let mut ddb = Map::new();
    if let Some(d) = r.dynamodb() {
        if let Some(t) = d.approximate_creation_date_time() {
            ddb.insert("ApproximateCreationDateTime".into(), json!(t.secs()));
        }
        for (field, image) in [
            ("Keys", d.keys()),
            ("NewImage", d.new_image()),
            ("OldImage", d.old_image()),
        ] {
            if let Some(image) = image {
                let map: Map<String, Value> = image
                    .iter()
                    .map(|(k, v)| (k.clone(), attribute(v)))
                    .collect();
                ddb.insert(field.into(), Value::Object(map));
            }
        }
        if let Some(seq) = d.sequence_number() {
            ddb.insert("SequenceNumber".into(), json!(seq));
        }
        if let Some(size) = d.size_bytes() {
            ddb.insert("SizeBytes".into(), json!(size));
        }
        if let Some(view) = d.stream_view_type() {
            ddb.insert("StreamViewType".into(), json!(view.as_str()));
        }
    }
    StreamRecord {
        event_id: r.event_id().unwrap_or_default().to_string(),
        event_name: r
            .event_name()
            .map(|n| n.as_str().to_string())
            .unwrap_or_default(),
        event_version: r.event_version().unwrap_or("1.1").to_string(),
        dynamodb: Value::Object(ddb),
    }
}

/// An attribute value in DynamoDB's JSON form (`{"S": "..."}`, `{"N": "..."}`, ...).
fn attribute(v: &AttributeValue) -> Value {
    let b64 =
        |b: &aws_smithy_types::Blob| base64::engine::general_purpose::STANDARD.encode(b.as_ref());
    match v {
        AttributeValue::S(s) => json!({ "S": s }),
        AttributeValue::N(n) => json!({ "N": n }),
        AttributeValue::B(b) => json!({ "B": b64(b) }),
        AttributeValue::Bool(b) => json!({ "BOOL": b }),
        AttributeValue::Null(n) => json!({ "NULL": n }),
        AttributeValue::Ss(s) => json!({ "SS": s }),
        AttributeValue::Ns(n) => json!({ "NS": n }),
        AttributeValue::Bs(b) => json!({ "BS": b.iter().map(b64).collect::<Vec<_>>() }),
        AttributeValue::L(l) => json!({ "L": l.iter().map(attribute).collect::<Vec<_>>() }),
        AttributeValue::M(m) => {
            json!({ "M": m.iter().map(|(k, v)| (k.clone(), attribute(v))).collect::<Map<String, Value>>() })
        }
        _ => json!({ "NULL": true }),
    }
}
