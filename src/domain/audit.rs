//! Audit events in the published client's format: `PK AUDIT#<entity>`,
//! `SK #AUDIT#<ULID>`, a `data` map with event_id, timestamp, action,
//! entity_id, principal, resource, details, and a 90-day `ttl`.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

/// How long the client keeps audit events (90 days).
pub const TTL_SECONDS: i64 = 7_776_000;

/// The client's action names (plus `entity_updated`, see `limits::plan`).
pub mod action {
    /// An entity's metadata was created.
    pub const ENTITY_CREATED: &str = "entity_created";
    /// An entity was deleted.
    pub const ENTITY_DELETED: &str = "entity_deleted";
    /// A resource's limits were set.
    pub const LIMITS_SET: &str = "limits_set";
    /// A resource's limits were deleted.
    pub const LIMITS_DELETED: &str = "limits_deleted";
    /// Buckets deleted by `entity reset` (this tool's action; the client has none
    /// for it and reads any action name).
    pub const BUCKETS_RESET: &str = "buckets_reset";
}

/// One audit event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEvent {
    /// ULID: time-ordered, unique.
    pub event_id: String,
    /// ISO-8601 UTC, seconds, `Z`.
    pub timestamp: String,
    /// What happened (the client's action names).
    pub action: String,
    /// The entity it happened to.
    pub entity_id: String,
    /// Who did it.
    pub principal: Option<String>,
    /// The resource, for limit actions.
    pub resource: Option<String>,
    /// Action-specific details.
    pub details: Value,
    /// Expiry (epoch seconds); not part of the event's JSON.
    #[serde(skip)]
    pub ttl: i64,
}

impl AuditEvent {
    /// A new event at `now`; `entropy` makes the id unique (any random bits).
    pub fn new(
        action: &str,
        entity_id: &str,
        principal: Option<&str>,
        resource: Option<&str>,
        details: Value,
        now: DateTime<Utc>,
        entropy: u128,
    ) -> AuditEvent {
        AuditEvent {
            event_id: ulid(now.timestamp_millis().max(0) as u64, entropy),
            timestamp: now.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            action: action.into(),
            entity_id: entity_id.into(),
            principal: principal.map(str::to_string),
            resource: resource.map(str::to_string),
            details,
            ttl: now.timestamp() + TTL_SECONDS,
        }
    }

    /// The partition key of the entity's trail.
    pub fn partition_key(entity_id: &str) -> String {
        format!("AUDIT#{entity_id}")
    }

    /// This event's sort key.
    pub fn sort_key(&self) -> String {
        format!("#AUDIT#{}", self.event_id)
    }
}

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A ULID (26 Crockford base-32 characters): 48 bits of milliseconds then
/// 80 bits of `entropy`, so ids sort by time as the client's do.
pub fn ulid(ms: u64, entropy: u128) -> String {
    let value: u128 = ((ms as u128 & 0xFFFF_FFFF_FFFF) << 80) | (entropy & ((1u128 << 80) - 1));
    (0..26)
        .rev()
        .map(|i| CROCKFORD[((value >> (i * 5)) & 0x1F) as usize] as char)
        .collect()
}

/// The principal to record from an STS caller ARN: the client accepts only
/// letters, digits and `_ . - : @` in principals, so `/` becomes `:`
/// (`arn:aws:iam::1:user/alice` → `arn:aws:iam::1:user:alice`).
pub fn principal_from_arn(arn: &str) -> String {
    arn.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_.-:@".contains(c) {
                c
            } else {
                ':'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ulid_sorts_by_time_and_has_26_chars() {
        let a = ulid(1_700_000_000_000, u128::MAX);
        let b = ulid(1_700_000_000_001, 0);
        assert_eq!(a.len(), 26);
        assert!(a < b);
        assert_eq!(ulid(0, 0), "0".repeat(26));
        // The client's ULIDs start with the time: 2023-11 is 01HF...
        assert!(a.starts_with("01HF"), "{a}");
    }

    #[test]
    fn event_has_client_keys_and_ttl() {
        let now = DateTime::parse_from_rfc3339("2026-01-15T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let e = AuditEvent::new(
            "limits_set",
            "acme",
            Some("ci"),
            Some("api"),
            Value::Null,
            now,
            7,
        );
        assert_eq!(e.timestamp, "2026-01-15T10:00:00Z");
        assert_eq!(e.ttl, now.timestamp() + 90 * 86400);
        assert_eq!(AuditEvent::partition_key("acme"), "AUDIT#acme");
        assert!(e.sort_key().starts_with("#AUDIT#01"));
    }

    #[test]
    fn arn_becomes_a_valid_principal() {
        let p = principal_from_arn("arn:aws:sts::123456789012:assumed-role/Deploy/ci-run");
        assert_eq!(p, "arn:aws:sts::123456789012:assumed-role:Deploy:ci-run");
        assert!(crate::domain::limits::validate::check_identifier(&p).is_ok());
    }
}
