//! The published 0.2.0 client's token-bucket arithmetic, in milli-tokens and
//! integer milliseconds, so the tool's figures are the client's figures:
//!
//! - elapsed = now − last_refill; nothing changes when elapsed ≤ 0;
//! - added = ⌊elapsed × refill_amount_milli ÷ refill_period_ms⌋; nothing
//!   changes when added ≤ 0;
//! - tokens = min(burst_milli, tokens_milli + added);
//! - available = ⌊tokens ÷ 1000⌋ (floor, so a bucket in debt shows negative).
//!
//! i128 intermediates: stored values are i64 and their products must not wrap.

/// A bucket's stored refill state, in the client's units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BucketState {
    /// Stored tokens (milli-tokens; may be negative: debt).
    pub tokens_milli: i64,
    /// Epoch milliseconds of the last refill.
    pub last_refill_ms: i64,
    /// The bucket's ceiling (milli-tokens).
    pub burst_milli: i64,
    /// Milli-tokens added per period.
    pub refill_amount_milli: i64,
    /// The period (milliseconds).
    pub refill_period_ms: i64,
}

/// Milli-tokens in the bucket at `now_ms`, refilled as the client refills. Pure.
pub fn tokens_at(b: &BucketState, now_ms: i64) -> i64 {
    let elapsed = i128::from(now_ms) - i128::from(b.last_refill_ms);
    if elapsed <= 0 || b.refill_period_ms <= 0 || b.refill_amount_milli <= 0 {
        // A bucket without a usable rate never refills (the client would fail on it;
        // verify reports it).
        return b.tokens_milli;
    }
    let added =
        (elapsed * i128::from(b.refill_amount_milli)).div_euclid(i128::from(b.refill_period_ms));
    if added <= 0 {
        return b.tokens_milli;
    }
    let refilled = (i128::from(b.tokens_milli) + added).min(i128::from(b.burst_milli));
    i64::try_from(refilled).unwrap_or(b.burst_milli)
}

/// Whole tokens available at `now_ms`, as the client's `available()`. Pure.
pub fn available_at(b: &BucketState, now_ms: i64) -> i64 {
    tokens_at(b, now_ms).div_euclid(1000)
}

/// Milliseconds from `now_ms` until the bucket is full (at burst); `None`
/// when it never refills. Rounded up, so the bucket is full at that moment. Pure.
pub fn ms_until_full(b: &BucketState, now_ms: i64) -> Option<i64> {
    let deficit = i128::from(b.burst_milli) - i128::from(tokens_at(b, now_ms));
    if deficit <= 0 {
        return Some(0);
    }
    if b.refill_period_ms <= 0 || b.refill_amount_milli <= 0 {
        return None;
    }
    let amount = i128::from(b.refill_amount_milli);
    let ms = (deficit * i128::from(b.refill_period_ms) + amount - 1) / amount;
    i64::try_from(ms).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 10 per minute, burst 10, empty at t=0.
    fn bucket(tokens_milli: i64) -> BucketState {
        BucketState {
            tokens_milli,
            last_refill_ms: 0,
            burst_milli: 10_000,
            refill_amount_milli: 10_000,
            refill_period_ms: 60_000,
        }
    }

    #[test]
    fn refills_linearly_and_floors_like_the_client() {
        // 5 999 ms × 10 000 / 60 000 = 999.83 → 999 milli-tokens → 0 tokens.
        assert_eq!(tokens_at(&bucket(0), 5_999), 999);
        assert_eq!(available_at(&bucket(0), 5_999), 0);
        assert_eq!(available_at(&bucket(0), 6_000), 1);
    }

    #[test]
    fn never_above_burst() {
        assert_eq!(tokens_at(&bucket(9_500), 600_000), 10_000);
        assert_eq!(available_at(&bucket(0), i64::MAX), 10);
    }

    #[test]
    fn debt_floors_towards_minus_infinity() {
        // Python's // floors: -1 milli-token is -1 token, not 0.
        assert_eq!(available_at(&bucket(-1), 0), -1);
        assert_eq!(available_at(&bucket(-2_500), 0), -3);
    }

    #[test]
    fn clock_behind_the_bucket_changes_nothing() {
        let mut b = bucket(3_000);
        b.last_refill_ms = 10_000;
        assert_eq!(tokens_at(&b, 5_000), 3_000);
    }

    #[test]
    fn above_burst_is_kept_until_something_is_added() {
        // The client clamps only when it adds; a stored excess shows as is.
        let b = bucket(12_000);
        assert_eq!(tokens_at(&b, 0), 12_000);
        assert_eq!(tokens_at(&b, 60_000), 10_000);
    }

    #[test]
    fn time_until_full() {
        assert_eq!(ms_until_full(&bucket(0), 0), Some(60_000));
        assert_eq!(ms_until_full(&bucket(10_000), 0), Some(0));
        // 1 milli-token short at 10 000/60 000 ms needs 6 ms, rounded up.
        assert_eq!(ms_until_full(&bucket(9_999), 0), Some(6));
        let mut stuck = bucket(0);
        stuck.refill_period_ms = 0;
        assert_eq!(ms_until_full(&stuck, 0), None);
        assert_eq!(tokens_at(&stuck, 1_000_000), 0);
    }
}
