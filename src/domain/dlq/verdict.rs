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

/// Judges availability from the stream's facts (see [`ShardFacts`]).
pub fn availability(batch: &ParkedBatch, facts: &ShardFacts) -> Availability {
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

/// Whether a synchronous invocation replayed the batch: Ok when the function returned
/// without error and reported no batch item failures; otherwise what went wrong.
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
    let failures = body
        .as_ref()
        .and_then(|b| b.get("batchItemFailures"))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
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
        assert!(judge_invocation(None, b"null").is_ok());
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
