//! `dlq show`: the parked batches, without consuming them.

use std::collections::HashMap;

use serde::Serialize;

use super::queue::{self, Received};
use super::{stream, ParkedMessage};
use crate::aws::Aws;
use crate::domain::dlq::parked;
use crate::domain::dlq::verdict::{self, Availability, ShardFacts};
use crate::domain::naming::LimiterName;
use crate::error::Result;

/// Seconds a message stays hidden while the queue is listed; each is made visible
/// again right after (one receive returns at most 10 messages, so listing more needs
/// the ones seen out of the way).
pub const LIST_HOLD_SECONDS: i32 = 30;

/// What `dlq show` found.
#[derive(Debug, Clone, Serialize)]
pub struct ShowResult {
    /// Limiter name.
    pub name: String,
    /// The dead-letter queue's name.
    pub queue: String,
    /// The table's current stream ARN (None: no enabled stream).
    pub current_stream_arn: Option<String>,
    /// The parked batches, oldest first.
    pub messages: Vec<ParkedMessage>,
}

/// Lists the queue's messages with their batches and whether the stream still holds them.
pub async fn run(aws: &Aws, name: &LimiterName) -> Result<ShowResult> {
    let url = queue::url(aws, name).await?;
    let current = stream::current_stream(aws, &name.table()).await?;
    let received = queue::receive_all(aws, &url, LIST_HOLD_SECONDS).await?;
    let mut released = Vec::new();
    for m in &received {
        released.push(queue::release(aws, &url, m).await);
    }
    let messages = describe(aws, received, current.as_deref()).await?;
    released.into_iter().collect::<Result<Vec<_>>>()?;
    Ok(ShowResult {
        name: name.to_string(),
        queue: name.queue(),
        current_stream_arn: current,
        messages,
    })
}

/// Parses each message and judges its availability (one stream read per shard), oldest first.
pub(super) async fn describe(
    aws: &Aws,
    received: Vec<Received>,
    current: Option<&str>,
) -> Result<Vec<ParkedMessage>> {
    let mut shards: HashMap<(String, String), ShardFacts> = HashMap::new();
    let mut out = Vec::new();
    for m in received {
        let (batch, unreadable) = match parked::parse(&m.body) {
            Ok(b) => (Some(b), None),
            Err(e) => (None, Some(e)),
        };
        let availability: Option<Availability> = match &batch {
            Some(b) => {
                let key = (b.stream_arn.clone(), b.shard_id.clone());
                if !shards.contains_key(&key) {
                    let facts = stream::shard_facts(aws, b, current).await?;
                    shards.insert(key.clone(), facts);
                }
                let facts = &shards[&key];
                let trimmed = if facts.trim_horizon.is_some() {
                    stream::probe_first(aws, b).await?
                } else {
                    None
                };
                Some(verdict::availability(
                    b,
                    facts,
                    &trimmed,
                    chrono::Utc::now().timestamp(),
                ))
            }
            None => None,
        };
        out.push(ParkedMessage {
            message_id: m.id,
            sent_at: m.sent_ms.and_then(iso_ms),
            receive_count: m.receive_count,
            batch,
            unreadable,
            availability,
        });
    }
    out.sort_by(|a, b| match (&a.batch, &b.batch) {
        (Some(x), Some(y)) => {
            parked::sequence_order(&x.start_sequence_number, &y.start_sequence_number)
        }
        _ => a.sent_at.cmp(&b.sent_at),
    });
    Ok(out)
}

fn iso_ms(ms: i64) -> Option<String> {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
}
