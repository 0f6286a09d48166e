//! `entity show`: what the table holds for one entity, with every bucket's
//! tokens available now computed as the published client computes them.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{convert, iso, now_ms, read};
use crate::aws::Aws;
use crate::domain::entity::chain::ChainEnd;
use crate::domain::entity::items::{self, Bucket, Meta, Partition, StoredLimit};
use crate::domain::entity::{keys, refill};
use crate::error::Result;
use crate::ops::usage::{self, UsageRow};

/// One bucket as the operator needs it.
#[derive(Debug, Clone, Serialize)]
pub struct BucketView {
    /// Resource.
    pub resource: String,
    /// Limit name.
    pub limit: String,
    /// Whole tokens available now (the client's `available()`); `null` when
    /// the bucket lacks refill fields.
    pub available: Option<i64>,
    /// Milli-tokens now, refilled to the current time.
    pub tokens_milli_now: Option<i64>,
    /// Capacity in tokens (sustained amount per period).
    pub capacity: Option<f64>,
    /// Burst (the bucket's ceiling) in tokens.
    pub burst: Option<f64>,
    /// Tokens added per refill period.
    pub refill_amount: Option<f64>,
    /// Refill period in seconds.
    pub refill_period_seconds: Option<f64>,
    /// Seconds until the bucket is at burst (0 when full; `null` if it never refills).
    pub full_in_seconds: Option<f64>,
    /// When it will be full (ISO-8601 UTC).
    pub full_at: Option<String>,
    /// The item as stored.
    pub stored: Bucket,
}

/// The `entity show` document.
#[derive(Debug, Clone, Serialize)]
pub struct EntityView {
    /// Limiter name.
    pub name: String,
    /// Entity id.
    pub entity: String,
    /// Whether the entity's metadata item exists.
    pub found: bool,
    /// When the figures were computed (ISO-8601 UTC).
    pub computed_at: String,
    /// The metadata, when found.
    pub metadata: Option<Meta>,
    /// Ancestors, nearest first.
    pub parents: Vec<String>,
    /// How the parent chain ends.
    pub chain_end: ChainEnd,
    /// Entities naming this one as parent.
    pub children: Vec<String>,
    /// Stored limits.
    pub limits: Vec<StoredLimit>,
    /// Every bucket.
    pub buckets: Vec<BucketView>,
    /// The newest usage snapshot row per resource, window and limit.
    pub usage: Vec<UsageRow>,
    /// Items of kinds the tool does not list (resource markers and others).
    pub other_items: usize,
}

/// One bucket's figures at `now`. Pure.
pub fn bucket_view(b: Bucket, now: i64) -> BucketView {
    let tokens = |m: Option<i64>| m.map(|v| v as f64 / 1000.0);
    let state = b.state();
    let full_ms = state.as_ref().and_then(|s| refill::ms_until_full(s, now));
    BucketView {
        resource: b.resource.clone(),
        limit: b.limit.clone(),
        available: state.as_ref().map(|s| refill::available_at(s, now)),
        tokens_milli_now: state.as_ref().map(|s| refill::tokens_at(s, now)),
        capacity: tokens(b.capacity_milli),
        burst: tokens(b.burst_milli),
        refill_amount: tokens(b.refill_amount_milli),
        refill_period_seconds: tokens(b.refill_period_ms),
        full_in_seconds: full_ms.map(|ms| ms as f64 / 1000.0),
        full_at: full_ms.map(|ms| iso(now.saturating_add(ms))),
        stored: b,
    }
}

/// Gathered facts about an entity: shared by show and verify.
pub(super) struct Facts {
    pub partition: Partition,
    pub usage_items: Vec<read::RawItem>,
    pub children: Vec<String>,
    pub parents: Vec<String>,
    pub chain_end: ChainEnd,
}

/// Reads the partition and the children at once, then the parent chain.
pub(super) async fn gather(aws: &Aws, table: &str, entity: &str) -> Result<Facts> {
    let (raw, children) = tokio::join!(
        read::partition(aws, table, entity, "#"),
        read::children(aws, table, entity)
    );
    let raw = raw?;
    let children = children?;
    let plain: Vec<_> = raw.iter().map(convert::item).collect();
    let partition = items::partition(&plain);
    let usage_items: Vec<_> = raw
        .into_iter()
        .filter(|i| {
            i.get("SK")
                .and_then(|v| v.as_s().ok())
                .is_some_and(|sk| keys::kind_of(sk) == keys::ItemKind::Usage)
        })
        .collect();
    let parent = partition.meta.as_ref().and_then(|m| m.parent.clone());
    let (parents, chain_end) = if partition.meta.is_some() {
        read::chain(aws, table, entity, parent.as_deref()).await?
    } else {
        (Vec::new(), ChainEnd::Root)
    };
    Ok(Facts {
        partition,
        usage_items,
        children,
        parents,
        chain_end,
    })
}

/// Reads everything about `entity` in `table` and computes the figures now.
pub async fn show(aws: &Aws, name: &str, table: &str, entity: &str) -> Result<EntityView> {
    let facts = gather(aws, table, entity).await?;
    let now = now_ms();
    let mut seen = BTreeSet::new();
    let usage = usage::rows(&facts.usage_items, None, None, None)
        .into_iter()
        .filter(|r| seen.insert((r.resource.clone(), r.window.clone(), r.limit.clone())))
        .collect();
    let p = facts.partition;
    let mut buckets: Vec<_> = p
        .buckets
        .into_iter()
        .map(|(_, b)| bucket_view(b, now))
        .collect();
    buckets.sort_by(|a, b| (&a.resource, &a.limit).cmp(&(&b.resource, &b.limit)));
    Ok(EntityView {
        name: name.to_string(),
        entity: entity.to_string(),
        found: p.meta.is_some(),
        computed_at: iso(now),
        metadata: p.meta,
        parents: facts.parents,
        chain_end: facts.chain_end,
        children: facts.children,
        limits: p.limits,
        buckets,
        usage,
        other_items: p.other_items,
    })
}
