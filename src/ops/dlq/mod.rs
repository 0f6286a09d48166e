//! `dlq show` and `dlq redrive`: the batches Lambda parked in the aggregator's
//! dead-letter queue, looked at and replayed from the table's stream.

pub mod invoke;
pub mod queue;
pub mod redrive;
pub mod show;
pub mod stream;

use serde::Serialize;

use crate::domain::dlq::parked::ParkedBatch;
use crate::domain::dlq::verdict::Availability;

/// One message of the queue as `dlq show` and `dlq redrive` report it.
#[derive(Debug, Clone, Serialize)]
pub struct ParkedMessage {
    /// The SQS message id.
    pub message_id: String,
    /// When the message was sent to the queue (ISO-8601 UTC), from `SentTimestamp`.
    pub sent_at: Option<String>,
    /// How many times the message has been received (this command's reads included).
    pub receive_count: Option<i64>,
    /// The batch, when the body is an on-failure record of a stream batch.
    pub batch: Option<ParkedBatch>,
    /// Why the body could not be read, when it could not.
    pub unreadable: Option<String>,
    /// Whether the batch's records are still in the stream.
    pub availability: Option<Availability>,
}
