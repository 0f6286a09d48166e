//! Which buckets a reset deletes, and how deletes are batched.

use super::items::Bucket;

/// DynamoDB's BatchWriteItem limit.
pub const BATCH_SIZE: usize = 25;

/// Whether a bucket matches `--resource` / `--limit` (absent = any). Pure.
pub fn selected(b: &Bucket, resource: Option<&str>, limit: Option<&str>) -> bool {
    resource.is_none_or(|r| r == b.resource) && limit.is_none_or(|l| l == b.limit)
}

/// Backoff before retry `attempt` (0-based) of unprocessed deletes: 50 ms
/// doubling, capped at 3.2 s. Pure.
pub fn backoff_ms(attempt: u32) -> u64 {
    50u64.saturating_mul(1 << attempt.min(6))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(resource: &str, limit: &str) -> Bucket {
        Bucket {
            resource: resource.into(),
            limit: limit.into(),
            tokens_milli: None,
            last_refill_ms: None,
            capacity_milli: None,
            burst_milli: None,
            refill_amount_milli: None,
            refill_period_ms: None,
        }
    }

    #[test]
    fn filters_exactly() {
        assert!(selected(&b("api", "rpm"), None, None));
        assert!(selected(&b("api", "rpm"), Some("api"), Some("rpm")));
        assert!(!selected(&b("api", "rpm2"), Some("api"), Some("rpm")));
        assert!(!selected(&b("api2", "rpm"), Some("api"), None));
        assert!(selected(&b("x", "rpm"), None, Some("rpm")));
    }

    #[test]
    fn backoff_doubles_then_caps() {
        assert_eq!(backoff_ms(0), 50);
        assert_eq!(backoff_ms(3), 400);
        assert_eq!(backoff_ms(20), 3_200);
    }
}
