//! Reading the dead-letter queue without consuming it, and deleting or releasing the
//! messages `dlq redrive` has dealt with.

use aws_sdk_sqs::types::{MessageSystemAttributeName, QueueAttributeName};

use crate::aws::Aws;
use crate::domain::naming::LimiterName;
use crate::error::{Error, ErrorKind, Result};

/// A received message: its id, receipt handle, body and system attributes.
#[derive(Debug, Clone)]
pub struct Received {
    /// Message id.
    pub id: String,
    /// Receipt handle, to delete the message or make it visible again.
    pub receipt: String,
    /// The body (Lambda's on-failure record).
    pub body: String,
    /// `SentTimestamp` in epoch milliseconds.
    pub sent_ms: Option<i64>,
    /// `ApproximateReceiveCount`.
    pub receive_count: Option<i64>,
}

/// The queue's URL; NotDeployed when the limiter has no dead-letter queue.
pub async fn url(aws: &Aws, name: &LimiterName) -> Result<String> {
    match aws.sqs().get_queue_url().queue_name(name.queue()).send().await {
        Ok(out) => out
            .queue_url
            .ok_or_else(|| Error::failure("GetQueueUrl returned no URL")),
        Err(e)
            if e.as_service_error().is_some_and(|s| {
                s.is_queue_does_not_exist()
                    || aws_sdk_sqs::error::ProvideErrorMetadata::code(s)
                        .is_some_and(|c| c.contains("NonExistentQueue"))
            }) =>
        {
            Err(Error::new(
                ErrorKind::NotDeployed,
                format!("the dead-letter queue {} does not exist", name.queue()),
            )
            .hint(format!(
                "check --name and --region; deploy the limiter with: zae-limiter deploy --name {name}"
            )))
        }
        Err(e) => Err(aws.error("GetQueueUrl", e)),
    }
}

/// Visible messages in the queue (approximate, as SQS counts).
pub async fn depth(aws: &Aws, url: &str) -> Result<i64> {
    let out = aws
        .sqs()
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
        .send()
        .await
        .map_err(|e| aws.error("GetQueueAttributes", e))?;
    Ok(out
        .attributes()
        .and_then(|a| a.get(&QueueAttributeName::ApproximateNumberOfMessages))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0))
}

/// Receives every visible message, hiding each for `hold_seconds` so that the next
/// receive returns the following ones (one receive returns at most 10). The caller
/// releases (visibility 0) or deletes them.
pub async fn receive_all(aws: &Aws, url: &str, hold_seconds: i32) -> Result<Vec<Received>> {
    let mut all: Vec<Received> = Vec::new();
    loop {
        let out = aws
            .sqs()
            .receive_message()
            .queue_url(url)
            .max_number_of_messages(10)
            .visibility_timeout(hold_seconds)
            .wait_time_seconds(0)
            .message_system_attribute_names(MessageSystemAttributeName::All)
            .send()
            .await
            .map_err(|e| aws.error("ReceiveMessage", e))?;
        let messages = out.messages();
        if messages.is_empty() {
            break;
        }
        let before = all.len();
        for m in messages {
            let id = m.message_id().unwrap_or_default().to_string();
            if all.iter().any(|r| r.id == id) {
                continue;
            }
            let attr = |name: MessageSystemAttributeName| {
                m.attributes()
                    .and_then(|a| a.get(&name))
                    .and_then(|v| v.parse::<i64>().ok())
            };
            all.push(Received {
                id,
                receipt: m.receipt_handle().unwrap_or_default().to_string(),
                body: m.body().unwrap_or_default().to_string(),
                sent_ms: attr(MessageSystemAttributeName::SentTimestamp),
                receive_count: attr(MessageSystemAttributeName::ApproximateReceiveCount),
            });
        }
        if all.len() == before {
            break; // only messages seen already: they came back visible
        }
    }
    Ok(all)
}

/// Makes a held message visible again at once.
pub async fn release(aws: &Aws, url: &str, message: &Received) -> Result<()> {
    aws.sqs()
        .change_message_visibility()
        .queue_url(url)
        .receipt_handle(&message.receipt)
        .visibility_timeout(0)
        .send()
        .await
        .map_err(|e| aws.error("ChangeMessageVisibility", e))?;
    Ok(())
}

/// Deletes a message that was replayed (or discarded on request).
pub async fn delete(aws: &Aws, url: &str, message: &Received) -> Result<()> {
    aws.sqs()
        .delete_message()
        .queue_url(url)
        .receipt_handle(&message.receipt)
        .send()
        .await
        .map_err(|e| aws.error("DeleteMessage", e))?;
    Ok(())
}
