//! Decisions of `dlq show` and `dlq redrive`: are a parked batch's records still in the
//! stream, what to do with its message, and did a replay succeed.

use serde::Serialize;
use serde_json::Value;

use super::parked::{sequence_order, ParkedBatch};

/// What the stream says about a parked batch's shard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardFacts {
    /// Whether the batch's stream is the table's current stream.
    pub current_stream: bool,
    /// The shard's first sequence number still held (its trim horizon), when the shard
    /// is listed by the stream; None when the stream or shard is gone.
    pub trim_horizon: Option<String>,
}

/// Whether a parked batch can be replayed from the stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", content = "reason", rename_all = "snake_case")]
pub enum Availability {
    /// Every record of the range is still held by the stream.
    InStream,
    /// The records are gone; the reason says why.
    Expired(String),
}

/// How long DynamoDB Streams keeps a record (AWS: 24 hours; older records are trimmed).
pub const STREAM_RETENTION_SECONDS: i64 = 24 * 3600;

/// What the stream says about one parked batch's first record: AWS documents
/// `TrimmedDataAccessException` from GetShardIterator at a sequence number older than
/// the trim point; `Some(reason)` when that is what the probe got.
pub type Probe = Option<String>;

/// Judges availability from the stream's facts (see [`ShardFacts`]), the probe of the
/// batch's first record and its age. AWS documents a shard's `StartingSequenceNumber`
/// as the shard's first sequence number, not as a horizon that moves as records are
/// trimmed, so a listed shard proves nothing: the batch also counts as gone when its
/// first record arrived more than 24 hours before `now_s` (epoch seconds) or when the
/// probe was refused as trimmed.
pub fn availability(
    batch: &ParkedBatch,
    facts: &ShardFacts,
    trimmed: &Probe,
    now_s: i64,
) -> Availability {
    let Some(horizon) = &facts.trim_horizon else {
        let why = if facts.current_stream {
            format!(
                "shard {} is no longer in the stream (streams keep records 24 hours)",
                batch.shard_id
            )
        } else {
            format!(
                "the records were in stream {}, which is no longer the table's stream and no \
                 longer holds shard {} (the stream was disabled or replaced)",
                batch.stream_arn, batch.shard_id
            )
        };
        return Availability::Expired(why);
    };
    if sequence_order(&batch.start_sequence_number, horizon) == std::cmp::Ordering::Less {
        return Availability::Expired(format!(
            "shard {} now starts at sequence number {horizon}, after the batch's first record \
             (trimmed: streams keep records 24 hours)",
            batch.shard_id
        ));
    }
    if let Some(why) = trimmed {
        return Availability::Expired(format!(
            "the stream refuses to read from the batch's first record ({why}): trimmed, \
             streams keep records 24 hours"
        ));
    }
    let arrived = batch
        .first_record_at
        .as_deref()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.timestamp());
    if let Some(arrived) = arrived {
        if now_s - arrived > STREAM_RETENTION_SECONDS {
            return Availability::Expired(format!(
                "the batch's first record arrived at {}, more than 24 hours ago: streams keep \
                 records 24 hours",
                batch.first_record_at.as_deref().unwrap_or_default()
            ));
        }
    }
    Availability::InStream
}

/// What `dlq redrive` does with one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Read the records back and invoke the function.
    Replay,
    /// Leave the message in the queue.
    Keep,
    /// Delete the message without replaying (its records are gone; asked for).
    Discard,
}

/// The action for a message: replay what is in the stream; records that are gone are
/// kept unless `discard_expired` was asked for.
pub fn decide(availability: &Availability, discard_expired: bool) -> Action {
    match availability {
        Availability::InStream => Action::Replay,
        Availability::Expired(_) if discard_expired => Action::Discard,
        Availability::Expired(_) => Action::Keep,
    }
}

/// Whether a synchronous invocation replayed the batch: Ok only when the function
/// returned without error an object whose `batchItemFailures` is an empty array (the
/// aggregator's answer to every batch, docs/aggregator.md). Anything else (`null`, no
/// such field, a failure listed) keeps the message: a payload that does not say the
/// batch was applied is not taken as success.
pub fn judge_invocation(function_error: Option<&str>, payload: &[u8]) -> Result<(), String> {
    let body: Option<Value> = serde_json::from_slice(payload).ok();
    if let Some(kind) = function_error {
        let message = body
            .as_ref()
            .and_then(|b| b.get("errorMessage"))
            .and_then(Value::as_str)
            .unwrap_or("no error message");
        return Err(format!("the function failed ({kind}): {message}"));
    }
    let Some(failures) = body
        .as_ref()
        .and_then(|b| b.get("batchItemFailures"))
        .and_then(Value::as_array)
    else {
        let shown: String = String::from_utf8_lossy(payload).chars().take(200).collect();
        return Err(format!(
            "the function returned {shown:?}, not an object with a batchItemFailures list: \
             not known to be applied, kept"
        ));
    };
    if let Some(first) = failures.first() {
        let id = first
            .get("itemIdentifier")
            .and_then(Value::as_str)
            .unwrap_or("?");
        return Err(format!(
            "the function reported {} record(s) failed, from sequence number {id}",
            failures.len()
        ));
    }
    Ok(())
}

/// Whether the records read back are the parked batch: the first one read is the
/// batch's first, and the filter passes as many as the batch held. Anything else means
/// the stream no longer holds that batch as it was, and replaying would count other records.
///
/// `batchSize` of the on-failure record counts the records *sent* to the function: Lambda
/// applies a mapping's filter criteria before batching, so a record that matches no filter
/// is dropped and never part of a batch ("Control which events Lambda sends to your
/// function", Lambda developer guide: a record that satisfies no filter is discarded; one
/// that does is included in the next event sent). The stream range between the first and
/// last sequence number may hold filtered-out records, hence the count after the filter.
pub fn check_range(
    batch: &ParkedBatch,
    first_read: Option<&str>,
    sent: usize,
) -> Result<(), String> {
    if first_read.map(|s| sequence_order(s, &batch.start_sequence_number))
        != Some(std::cmp::Ordering::Equal)
    {
        return Err(format!(
            "the stream returned {} instead of the batch's first record {}: not replayed",
            first_read.unwrap_or("no record"),
            batch.start_sequence_number
        ));
    }
    if i64::try_from(sent).ok() != Some(batch.batch_size) {
        return Err(format!(
            "the mapping's filter passes {sent} record(s) of the range, the parked batch held {}: not replayed",
            batch.batch_size
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(start: &str) -> ParkedBatch {
        ParkedBatch {
            failed_at: None,
            condition: "RetryAttemptsExhausted".into(),
            function_error: None,
            invoke_count: None,
            shard_id: "shard-1".into(),
            start_sequence_number: start.into(),
            end_sequence_number: "500".into(),
            batch_size: 3,
            stream_arn: "arn:old".into(),
            first_record_at: None,
            last_record_at: None,
        }
    }

    const NOW: i64 = 1_795_600_000; // 2026-11-25

    fn availability(b: &ParkedBatch, facts: &ShardFacts) -> Availability {
        super::availability(b, facts, &None, NOW)
    }

    #[test]
    fn a_listed_shard_does_not_save_a_trimmed_or_old_batch() {
        let listed = ShardFacts {
            current_stream: true,
            trim_horizon: Some("1".into()),
        };
        let trimmed = Some("TrimmedDataAccessException: trimmed".to_string());
        let Availability::Expired(why) = super::availability(&batch("100"), &listed, &trimmed, NOW)
        else {
            panic!()
        };
        assert!(why.contains("TrimmedDataAccessException"), "{why}");
        let at = |secs_ago: i64| {
            let mut b = batch("100");
            b.first_record_at = chrono::DateTime::from_timestamp(NOW - secs_ago, 0)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
            super::availability(&b, &listed, &None, NOW)
        };
        assert_eq!(at(23 * 3600), Availability::InStream);
        let Availability::Expired(why) = at(24 * 3600 + 60) else {
            panic!()
        };
        assert!(why.contains("more than 24 hours ago"), "{why}");
    }

    #[test]
    fn availability_follows_the_shard_and_its_horizon() {
        let listed = |h: &str| ShardFacts {
            current_stream: true,
            trim_horizon: Some(h.into()),
        };
        assert_eq!(
            availability(&batch("100"), &listed("100")),
            Availability::InStream
        );
        assert_eq!(
            availability(&batch("100"), &listed("99")),
            Availability::InStream
        );
        let Availability::Expired(why) = availability(&batch("100"), &listed("101")) else {
            panic!()
        };
        assert!(why.contains("trimmed"));
        let gone = ShardFacts {
            current_stream: false,
            trim_horizon: None,
        };
        let Availability::Expired(why) = availability(&batch("100"), &gone) else {
            panic!()
        };
        assert!(why.contains("no longer the table's stream"));
        let gone = ShardFacts {
            current_stream: true,
            trim_horizon: None,
        };
        let Availability::Expired(why) = availability(&batch("100"), &gone) else {
            panic!()
        };
        assert!(why.contains("24 hours"));
    }

    #[test]
    fn expired_messages_are_kept_unless_discard_is_asked() {
        let gone = Availability::Expired("x".into());
        assert_eq!(decide(&Availability::InStream, false), Action::Replay);
        assert_eq!(decide(&Availability::InStream, true), Action::Replay);
        assert_eq!(decide(&gone, false), Action::Keep);
        assert_eq!(decide(&gone, true), Action::Discard);
    }

    #[test]
    fn an_invocation_succeeds_only_without_error_and_failures() {
        assert!(judge_invocation(None, br#"{"batchItemFailures":[],"records":3}"#).is_ok());
        for not_applied in [
            &b"null"[..],
            b"",
            b"{}",
            br#"{"batchItemFailures":null}"#,
            b"[]",
        ] {
            assert!(
                judge_invocation(None, not_applied)
                    .unwrap_err()
                    .contains("not known to be applied"),
                "{:?}",
                String::from_utf8_lossy(not_applied)
            );
        }
        let e = judge_invocation(None, br#"{"batchItemFailures":[{"itemIdentifier":"42"}]}"#)
            .unwrap_err();
        assert!(e.contains("1 record(s)") && e.contains("42"));
        let e = judge_invocation(
            Some("Unhandled"),
            br#"{"errorMessage":"boom","errorType":"X"}"#,
        )
        .unwrap_err();
        assert!(e.contains("Unhandled") && e.contains("boom"));
    }

    #[test]
    fn the_range_read_back_must_be_the_parked_batch() {
        let b = batch("100");
        assert!(check_range(&b, Some("100"), 3).is_ok());
        assert!(check_range(&b, Some("0100"), 3).is_ok());
        assert!(check_range(&b, Some("101"), 3)
            .unwrap_err()
            .contains("first record 100"));
        assert!(check_range(&b, None, 3).unwrap_err().contains("no record"));
        assert!(check_range(&b, Some("100"), 2)
            .unwrap_err()
            .contains("passes 2"));
    }
}
