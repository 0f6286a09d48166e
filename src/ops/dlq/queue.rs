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

/// Seconds each receive long-polls. Short polling (0) asks a subset of SQS's servers
/// and may answer nothing while messages exist; a long poll asks them all.
pub const LONG_POLL_SECONDS: i32 = 1;

/// Empty answers after which the queue counts as read through even when SQS still
/// reports visible messages (its counts are approximate and lag).
pub const MAX_EMPTY_ANSWERS: u32 = 3;

/// Receives the next page (at most 10) of visible messages, hiding each for
/// `hold_seconds`. None when the queue is read through: an empty answer while SQS counts
/// no visible message, or [`MAX_EMPTY_ANSWERS`] empty answers in a row.
pub async fn receive_page(
    aws: &Aws,
    url: &str,
    hold_seconds: i32,
) -> Result<Option<Vec<Received>>> {
    let mut empty = 0;
    loop {
        let out = aws
            .sqs()
            .receive_message()
            .queue_url(url)
            .max_number_of_messages(10)
            .visibility_timeout(hold_seconds)
            .wait_time_seconds(LONG_POLL_SECONDS)
            .message_system_attribute_names(MessageSystemAttributeName::All)
            .send()
            .await
            .map_err(|e| aws.error("ReceiveMessage", e))?;
        let messages = out.messages();
        if !messages.is_empty() {
            return Ok(Some(messages.iter().map(received).collect()));
        }
        empty += 1;
        if empty >= MAX_EMPTY_ANSWERS || depth(aws, url).await? == 0 {
            return Ok(None);
        }
    }
}

fn received(m: &aws_sdk_sqs::types::Message) -> Received {
    let attr = |name: MessageSystemAttributeName| {
        m.attributes()
            .and_then(|a| a.get(&name))
            .and_then(|v| v.parse::<i64>().ok())
    };
    Received {
        id: m.message_id().unwrap_or_default().to_string(),
        receipt: m.receipt_handle().unwrap_or_default().to_string(),
        body: m.body().unwrap_or_default().to_string(),
        sent_ms: attr(MessageSystemAttributeName::SentTimestamp),
        receive_count: attr(MessageSystemAttributeName::ApproximateReceiveCount),
    }
}

/// Receives every visible message, hiding each for `hold_seconds` so that the next
/// receive returns the following ones. The caller releases (visibility 0) them.
pub async fn receive_all(aws: &Aws, url: &str, hold_seconds: i32) -> Result<Vec<Received>> {
    let mut all: Vec<Received> = Vec::new();
    while let Some(page) = receive_page(aws, url, hold_seconds).await? {
        let before = all.len();
        for m in page {
            if !all.iter().any(|r| r.id == m.id) {
                all.push(m);
            }
        }
        if all.len() == before {
            break; // only messages seen already: they came back visible
        }
    }
    Ok(all)
}

/// Whether an SQS error says the receipt handle no longer holds the message: its
/// visibility ran out (not in flight) or the handle expired. The message is then visible
/// (or held by another reader); releasing it has nothing left to do.
fn hold_lapsed(code: Option<&str>, message: Option<&str>) -> bool {
    let code = code.unwrap_or_default();
    code.contains("MessageNotInflight")
        || code.contains("ReceiptHandleIsInvalid")
        || (code.contains("InvalidParameterValue")
            && message.is_some_and(|m| m.to_ascii_lowercase().contains("receipt handle")))
}

/// Hides a held message for `seconds` more, from now. Ok(false) when the hold had
/// already lapsed (the message is no longer this reader's to work on).
pub async fn extend(aws: &Aws, url: &str, message: &Received, seconds: i32) -> Result<bool> {
    match aws
        .sqs()
        .change_message_visibility()
        .queue_url(url)
        .receipt_handle(&message.receipt)
        .visibility_timeout(seconds)
        .send()
        .await
    {
        Ok(_) => Ok(true),
        Err(e)
            if e.as_service_error().is_some_and(|s| {
                use aws_sdk_sqs::error::ProvideErrorMetadata;
                hold_lapsed(s.code(), s.message())
            }) =>
        {
            Ok(false)
        }
        Err(e) => Err(aws.error("ChangeMessageVisibility", e)),
    }
}

/// Makes a held message visible again at once; a hold that already lapsed is fine
/// (the message is visible already).
pub async fn release(aws: &Aws, url: &str, message: &Received) -> Result<()> {
    extend(aws, url, message, 0).await.map(|_| ())
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

#[cfg(test)]
mod tests {
    use super::hold_lapsed;

    #[test]
    fn a_lapsed_hold_is_recognised_by_its_codes() {
        assert!(hold_lapsed(
            Some("AWS.SimpleQueueService.MessageNotInflight"),
            None
        ));
        assert!(hold_lapsed(Some("MessageNotInflight"), None));
        assert!(hold_lapsed(Some("ReceiptHandleIsInvalid"), None));
        assert!(hold_lapsed(
            Some("InvalidParameterValue"),
            Some("Value x for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.")
        ));
        assert!(!hold_lapsed(
            Some("InvalidParameterValue"),
            Some("VisibilityTimeout too big")
        ));
        assert!(!hold_lapsed(Some("AccessDenied"), None));
    }
}
