//! `dlq redrive`: each parked batch read back from the stream, filtered as the mapping
//! filters, replayed through the alias `live`; its message deleted only when the
//! invocation succeeded without batch item failures.

use serde::Serialize;

use super::queue::{self, Received};
use super::{invoke, show, stream, ParkedMessage};
use crate::aws::Aws;
use crate::domain::dlq::event;
use crate::domain::dlq::filter::Filters;
use crate::domain::dlq::verdict::{self, Action, Availability};
use crate::domain::naming::LimiterName;
use crate::error::{Error, Result};

/// Seconds each message stays hidden while the redrive works on it (Lambda's longest
/// timeout); messages that are kept are made visible again as soon as they are decided.
pub const REDRIVE_HOLD_SECONDS: i32 = 900;

/// What the operator asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Decide and report only: no invocation, no deletion.
    pub dry_run: bool,
    /// Delete the messages whose records are gone from the stream.
    pub discard_expired: bool,
}

/// How one message ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Replayed successfully; the message was deleted.
    Replayed,
    /// The replay failed; the message was kept.
    Failed,
    /// The records are gone; the message was kept.
    Expired,
    /// The records are gone; the message was deleted (--discard-expired).
    Discarded,
    /// --dry-run: what would have happened is in `action`.
    DryRun,
}

/// One message's result.
#[derive(Debug, Clone, Serialize)]
pub struct MessageResult {
    /// The message as `dlq show` describes it.
    #[serde(flatten)]
    pub message: ParkedMessage,
    /// What was decided for it.
    pub action: Action,
    /// How it ended.
    pub outcome: Outcome,
    /// Records read back from the stream (None when not read).
    pub records_read: Option<usize>,
    /// Records the mapping's filter passed and the function was sent.
    pub records_sent: Option<usize>,
    /// Why it failed or is kept.
    pub detail: Option<String>,
}

/// The whole redrive.
#[derive(Debug, Clone, Serialize)]
pub struct RedriveResult {
    /// Limiter name.
    pub name: String,
    /// Whether this was a dry run.
    pub dry_run: bool,
    /// Messages replayed and deleted.
    pub replayed: usize,
    /// Messages whose replay failed (kept).
    pub failed: usize,
    /// Messages whose records are gone and that were kept.
    pub expired: usize,
    /// Messages whose records are gone and that were deleted.
    pub discarded: usize,
    /// Per message, in the order replayed (by sequence number).
    pub messages: Vec<MessageResult>,
}

/// Redrives every message of the limiter's dead-letter queue.
pub async fn run(aws: &Aws, name: &LimiterName, options: Options) -> Result<RedriveResult> {
    let url = queue::url(aws, name).await?;
    let current = stream::current_stream(aws, &name.table()).await?;
    let function = name.function();
    let patterns = invoke::mapping_filters(aws, &function, current.as_deref())
        .await?
        .ok_or_else(|| {
            Error::failure(format!("no stream mapping of {function} on the table's stream"))
                .hint("the replay applies the mapping's filter; redeploy the stack (zae-limiter deploy) so the mapping exists, then retry; nothing was changed")
        })?;
    let filters = Filters::parse(patterns.iter().map(String::as_str)).map_err(|e| {
        Error::failure(format!("cannot apply the mapping's filter: {e}"))
            .hint("nothing was changed")
    })?;

    let hold = if options.dry_run {
        show::LIST_HOLD_SECONDS
    } else {
        REDRIVE_HOLD_SECONDS
    };
    let received = queue::receive_all(aws, &url, hold).await?;
    let described = show::describe(aws, received.clone(), current.as_deref()).await?;
    let bar = crate::report::progress::counter(described.len() as u64, "replaying parked batches");
    let mut results = Vec::new();
    for message in described {
        let Some(handle) = received.iter().find(|r| r.id == message.message_id) else {
            continue;
        };
        let result = one(aws, &url, &function, &filters, handle, message, options).await;
        bar.inc(1);
        match result {
            Ok(r) => results.push(r),
            Err(e) => {
                // Leave this one and the rest where they were before failing.
                for r in &received {
                    let _ = queue::release(aws, &url, r).await;
                }
                bar.finish_and_clear();
                return Err(e);
            }
        }
    }
    bar.finish_and_clear();
    let count = |o: Outcome| results.iter().filter(|r| r.outcome == o).count();
    Ok(RedriveResult {
        name: name.to_string(),
        dry_run: options.dry_run,
        replayed: count(Outcome::Replayed),
        failed: count(Outcome::Failed),
        expired: count(Outcome::Expired),
        discarded: count(Outcome::Discarded),
        messages: results,
    })
}

async fn one(
    aws: &Aws,
    url: &str,
    function: &str,
    filters: &Filters,
    handle: &Received,
    message: ParkedMessage,
    options: Options,
) -> Result<MessageResult> {
    let mut result = MessageResult {
        action: Action::Keep,
        outcome: Outcome::Failed,
        records_read: None,
        records_sent: None,
        detail: message.unreadable.clone(),
        message,
    };
    let (Some(batch), Some(availability)) = (
        result.message.batch.clone(),
        result.message.availability.clone(),
    ) else {
        queue::release(aws, url, handle).await?;
        return Ok(result);
    };
    result.action = verdict::decide(&availability, options.discard_expired);
    if let Availability::Expired(why) = &availability {
        result.detail = Some(why.clone());
    }
    if options.dry_run {
        result.outcome = Outcome::DryRun;
        queue::release(aws, url, handle).await?;
        return Ok(result);
    }
    match result.action {
        Action::Keep => {
            result.outcome = Outcome::Expired;
            queue::release(aws, url, handle).await?;
        }
        Action::Discard => {
            result.outcome = Outcome::Discarded;
            queue::delete(aws, url, handle).await?;
        }
        Action::Replay => {
            let records = match stream::read_range(aws, &batch).await? {
                Ok(records) => records,
                Err(why) => {
                    // Gone between the look and the read: treated like any expired batch.
                    result.detail = Some(why);
                    if options.discard_expired {
                        result.action = Action::Discard;
                        result.outcome = Outcome::Discarded;
                        queue::delete(aws, url, handle).await?;
                    } else {
                        result.action = Action::Keep;
                        result.outcome = Outcome::Expired;
                        queue::release(aws, url, handle).await?;
                    }
                    return Ok(result);
                }
            };
            result.records_read = Some(records.len());
            let region = &aws.region;
            let sent = event::build(&records, filters, region, &batch.stream_arn);
            result.records_sent = Some(
                sent.as_ref()
                    .map_or(0, |e| e["Records"].as_array().map_or(0, Vec::len)),
            );
            let first_read = records
                .first()
                .and_then(|r| r.dynamodb.get("SequenceNumber"))
                .and_then(|v| v.as_str());
            let verdict = match (
                &sent,
                verdict::check_range(&batch, first_read, result.records_sent.unwrap_or(0)),
            ) {
                (_, Err(why)) => Err(why),
                // The mapping would not have invoked the function: nothing to replay.
                (None, Ok(())) => Ok(()),
                (Some(ev), Ok(())) => {
                    let out = invoke::invoke_live(aws, function, ev).await?;
                    verdict::judge_invocation(out.function_error.as_deref(), &out.payload)
                }
            };
            match verdict {
                Ok(()) => {
                    result.outcome = Outcome::Replayed;
                    queue::delete(aws, url, handle).await?;
                }
                Err(why) => {
                    result.outcome = Outcome::Failed;
                    result.detail = Some(why);
                    queue::release(aws, url, handle).await?;
                }
            }
        }
    }
    Ok(result)
}
