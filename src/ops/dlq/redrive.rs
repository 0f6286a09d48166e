//! `dlq redrive`: each parked batch read back from the stream, filtered as the mapping
//! filters, replayed through the alias `live`; its message deleted only when the
//! invocation succeeded without batch item failures.

use std::collections::HashSet;

use serde::Serialize;

use super::queue::{self, Received};
use super::{invoke, show, stream, ParkedMessage};
use crate::aws::Aws;
use crate::domain::dlq::event;
use crate::domain::dlq::filter::Filters;
use crate::domain::dlq::verdict::{self, Action, Availability};
use crate::domain::naming::LimiterName;
use crate::error::Result;

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

/// The mapping's filter, read from AWS the first time a message is to be replayed (a
/// run that only keeps or discards expired messages needs no mapping).
enum MappingFilter {
    Unread,
    Read(Filters),
    Missing(String),
}

impl MappingFilter {
    async fn get(
        &mut self,
        aws: &Aws,
        function: &str,
        current: Option<&str>,
    ) -> Result<std::result::Result<&Filters, String>> {
        if let MappingFilter::Unread = self {
            *self = match invoke::mapping_filters(aws, function, current).await? {
                None => MappingFilter::Missing(format!(
                    "no stream mapping of {function} on the table's stream, so its filter cannot be applied: \
                     redeploy the stack (zae-limiter deploy) so the mapping exists, then redrive again"
                )),
                Some(patterns) => match Filters::parse(patterns.iter().map(String::as_str)) {
                    Ok(f) => MappingFilter::Read(f),
                    Err(e) => MappingFilter::Missing(format!("cannot apply the mapping's filter: {e}")),
                },
            };
        }
        Ok(match self {
            MappingFilter::Read(f) => Ok(f),
            MappingFilter::Missing(why) => Err(why.clone()),
            MappingFilter::Unread => Err("the mapping's filter was not read".into()),
        })
    }
}

/// Redrives every message of the limiter's dead-letter queue, page by page: each page
/// is received (and hidden) just before its messages are dealt with, and each message's
/// hold is renewed right before it is replayed, so a long redrive never works on a
/// message whose hold has lapsed. Kept messages stay hidden until the end (so that the
/// next page brings new ones) and are then made visible again.
pub async fn run(aws: &Aws, name: &LimiterName, options: Options) -> Result<RedriveResult> {
    let url = queue::url(aws, name).await?;
    let current = stream::current_stream(aws, &name.table()).await?;
    let function = name.function();
    let mut filter = MappingFilter::Unread;
    let hold = if options.dry_run {
        show::LIST_HOLD_SECONDS
    } else {
        REDRIVE_HOLD_SECONDS
    };
    let total = queue::depth(aws, &url).await.unwrap_or(0);
    let bar = crate::report::progress::counter(total.max(0) as u64, "replaying parked batches");
    let mut seen: HashSet<String> = HashSet::new();
    let mut kept: Vec<Received> = Vec::new();
    let mut results = Vec::new();
    let outcome: Result<()> = async {
        while let Some(page) = queue::receive_page(aws, &url, hold).await? {
            let (fresh, again): (Vec<Received>, Vec<Received>) =
                page.into_iter().partition(|m| !seen.contains(&m.id));
            // Dealt with already and visible again (its hold ran out): leave it be.
            for m in &again {
                queue::release(aws, &url, m).await?;
            }
            if fresh.is_empty() {
                break;
            }
            seen.extend(fresh.iter().map(|m| m.id.clone()));
            let described = show::describe(aws, fresh.clone(), current.as_deref()).await?;
            for message in described {
                let Some(handle) = fresh.iter().find(|r| r.id == message.message_id) else {
                    continue;
                };
                let r = one(
                    aws,
                    &url,
                    &function,
                    current.as_deref(),
                    &mut filter,
                    handle,
                    message,
                    options,
                )
                .await?;
                if r.outcome != Outcome::Replayed && r.outcome != Outcome::Discarded {
                    kept.push(handle.clone());
                }
                results.push(r);
                bar.inc(1);
            }
        }
        Ok(())
    }
    .await;
    bar.finish_and_clear();
    // Kept messages (and, after an error, the ones not reached) visible again.
    for m in &kept {
        let _ = queue::release(aws, &url, m).await;
    }
    outcome?;
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

#[allow(clippy::too_many_arguments)]
async fn one(
    aws: &Aws,
    url: &str,
    function: &str,
    current: Option<&str>,
    filter: &mut MappingFilter,
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
        return Ok(result);
    };
    result.action = verdict::decide(&availability, options.discard_expired);
    if let Availability::Expired(why) = &availability {
        result.detail = Some(why.clone());
    }
    if options.dry_run {
        result.outcome = Outcome::DryRun;
        return Ok(result);
    }
    match result.action {
        Action::Keep => result.outcome = Outcome::Expired,
        Action::Discard => {
            result.outcome = Outcome::Discarded;
            queue::delete(aws, url, handle).await?;
        }
        Action::Replay => {
            let filters = match filter.get(aws, function, current).await? {
                Ok(f) => f,
                Err(why) => {
                    result.detail = Some(why);
                    return Ok(result);
                }
            };
            // Held from now for as long as a replay may take.
            if !queue::extend(aws, url, handle, REDRIVE_HOLD_SECONDS).await? {
                result.detail = Some(
                    "the message's hold ran out before its turn (another reader may have it): \
                     not replayed; run dlq redrive again"
                        .into(),
                );
                return Ok(result);
            }
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
                // A failed call (throttled past the SDK's retries, denied, ...) is this
                // message's failure; the run goes on with the next one.
                (Some(ev), Ok(())) => match invoke::invoke_live(aws, function, ev).await {
                    Ok(out) => {
                        verdict::judge_invocation(out.function_error.as_deref(), &out.payload)
                    }
                    Err(e) => Err(format!("the invocation failed: {e}")),
                },
            };
            match verdict {
                Ok(()) => {
                    result.outcome = Outcome::Replayed;
                    queue::delete(aws, url, handle).await?;
                }
                Err(why) => {
                    result.outcome = Outcome::Failed;
                    result.detail = Some(why);
                }
            }
        }
    }
    Ok(result)
}
