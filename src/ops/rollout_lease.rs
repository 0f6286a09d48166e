//! Taking, renewing and releasing the rollout lease in a limiter's table, with
//! conditional writes so that two rollouts cannot both hold it (the decision rules
//! are in `domain::rollout::lease`).

use std::collections::HashMap;

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::AttributeValue;

use crate::aws::Aws;
use crate::domain::rollout::lease::{self, Lease, Take};
use crate::error::Result;

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_string())
}

fn n(v: i64) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

fn parse(item: &HashMap<String, AttributeValue>) -> Option<Lease> {
    let text = |k: &str| item.get(k).and_then(|v| v.as_s().ok()).cloned();
    Some(Lease {
        holder: text("holder")?,
        owner: text("owner").unwrap_or_default(),
        expires_at: item.get("expires_at")?.as_n().ok()?.parse().ok()?,
        state: text("state").unwrap_or_default(),
        target_version: text("target_version").unwrap_or_default(),
        previous_live: item
            .get("previous_live")
            .and_then(|v| v.as_n().ok())
            .and_then(|n| n.parse().ok()),
    })
}

/// Reads the lease of `table` (consistently: the answer decides who may proceed).
pub async fn read(aws: &Aws, table: &str) -> Result<Option<Lease>> {
    let out = aws
        .ddb()
        .get_item()
        .table_name(table)
        .key("PK", s(lease::PK))
        .key("SK", s(lease::SK))
        .consistent_read(true)
        .send()
        .await
        .map_err(|e| aws.error("GetItem", e))?;
    Ok(out.item().and_then(parse))
}

/// Takes (or renews) the lease for `lease.holder` until `lease.expires_at`, unless
/// another rollout holds an unexpired one: then `Take::Held` says whose.
pub async fn take(aws: &Aws, table: &str, lease: &Lease, now: i64) -> Result<Take> {
    let mut item = HashMap::from([
        ("PK".to_string(), s(lease::PK)),
        ("SK".to_string(), s(lease::SK)),
        ("holder".to_string(), s(&lease.holder)),
        ("owner".to_string(), s(&lease.owner)),
        ("expires_at".to_string(), n(lease.expires_at)),
        ("state".to_string(), s(&lease.state)),
        ("target_version".to_string(), s(&lease.target_version)),
        // DynamoDB's TTL removes a lease a lost run left behind, eventually.
        ("ttl".to_string(), n(lease.expires_at + 86_400)),
    ]);
    if let Some(v) = lease.previous_live {
        item.insert("previous_live".to_string(), n(v as i64));
    }
    let put = aws
        .ddb()
        .put_item()
        .table_name(table)
        .set_item(Some(item))
        .condition_expression("attribute_not_exists(PK) OR expires_at < :now OR holder = :me")
        .expression_attribute_values(":now", n(now))
        .expression_attribute_values(":me", s(&lease.holder))
        .send()
        .await;
    match put {
        Ok(_) => Ok(Take::Free),
        // The write was refused: someone else held it at that moment. Never `Free`
        // here, whatever a second read says: only a successful write holds a lease.
        Err(e) if e.code() == Some("ConditionalCheckFailedException") => {
            Ok(Take::Held(read(aws, table).await?.unwrap_or(Lease {
                holder: String::new(),
                owner: "another run (released it just now)".into(),
                expires_at: now,
                state: String::new(),
                target_version: String::new(),
                previous_live: None,
            })))
        }
        Err(e) => Err(aws.error("PutItem", e)),
    }
}

/// Releases the lease if `holder` still holds it (a lease taken over after expiry
/// is left to its new holder).
pub async fn release(aws: &Aws, table: &str, holder: &str) -> Result<()> {
    match aws
        .ddb()
        .delete_item()
        .table_name(table)
        .key("PK", s(lease::PK))
        .key("SK", s(lease::SK))
        .condition_expression("holder = :me")
        .expression_attribute_values(":me", s(holder))
        .send()
        .await
    {
        Ok(_) => Ok(()),
        Err(e) if e.code() == Some("ConditionalCheckFailedException") => Ok(()),
        Err(e) => Err(aws.error("DeleteItem", e)),
    }
}
