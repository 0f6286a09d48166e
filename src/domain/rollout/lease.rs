//! The rollout lease: one item in each limiter's table that says which rollout is
//! changing the stack, until when. Two rollouts against one region therefore never
//! work on the same stack at once; a lease left by a lost terminal expires. Pure:
//! the item's keys, and whether a lease may be taken.
//!
//! The item lives in the `SYSTEM#` partition beside the version record; the published
//! client reads only `#VERSION` there, and the aggregator's stream filter passes only
//! bucket items, so neither sees it.

/// Partition key of the lease item.
pub const PK: &str = "SYSTEM#";
/// Sort key of the lease item.
pub const SK: &str = "#ROLLOUT";

/// The lease as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// The rollout holding it (random per run).
    pub holder: String,
    /// Who runs that rollout, for the refusal message (`user@host pid N`).
    pub owner: String,
    /// Epoch seconds after which the lease is free.
    pub expires_at: i64,
    /// Where the holder got: `upgrading`, `baking`, `healthy`, `rolled_back`.
    pub state: String,
    /// The tool version the holder rolls out.
    pub target_version: String,
    /// The published version `live` pointed at before the holder's upgrade (what a
    /// rollback returns to); `None` when `live` was on `$LATEST` or absent.
    pub previous_live: Option<u64>,
}

/// Whether `me` may take the lease now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Take {
    /// No lease, an expired one, or our own.
    Free,
    /// Another rollout holds it until `expires_at`.
    Held(Lease),
}

/// Decides from the stored lease (if any) at `now` (epoch seconds). A lease is held
/// up to and including its expiry second, as the conditional write
/// (`expires_at < :now`) has it.
pub fn may_take(current: Option<&Lease>, me: &str, now: i64) -> Take {
    match current {
        Some(l) if l.holder != me && l.expires_at >= now => Take::Held(l.clone()),
        _ => Take::Free,
    }
}

/// What to tell the operator about a lease another rollout holds.
pub fn held_message(stack: &str, lease: &Lease, now: i64) -> String {
    format!(
        "{stack} is being rolled out by another run ({}, {} to {}) for {} more seconds; it was left alone",
        lease.owner,
        lease.state,
        lease.target_version,
        (lease.expires_at - now).max(0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lease(holder: &str, expires_at: i64) -> Lease {
        Lease {
            holder: holder.into(),
            owner: "ops@host pid 1".into(),
            expires_at,
            state: "baking".into(),
            target_version: "0.5.0".into(),
            previous_live: Some(3),
        }
    }

    #[test]
    fn free_expired_own_or_held() {
        assert_eq!(may_take(None, "me", 100), Take::Free);
        assert_eq!(may_take(Some(&lease("other", 99)), "me", 100), Take::Free);
        // At its expiry second a lease is still held (the write condition agrees).
        assert!(matches!(
            may_take(Some(&lease("other", 100)), "me", 100),
            Take::Held(_)
        ));
        assert_eq!(may_take(Some(&lease("me", 500)), "me", 100), Take::Free);
        let held = lease("other", 500);
        assert_eq!(may_take(Some(&held), "me", 100), Take::Held(held.clone()));
        assert!(held_message("ZAEL-a", &held, 100).contains("400 more seconds"));
    }
}
