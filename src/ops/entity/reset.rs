//! `entity reset`: deletes an entity's bucket items (the client recreates a
//! missing bucket full on its next acquire). Only `#BUCKET#` keys of the one
//! partition are ever sent to BatchWriteItem: metadata, stored limits, usage
//! snapshots and the version record are never candidates.

use std::sync::Arc;

use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, WriteRequest};
use serde::Serialize;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::{convert, iso, now_ms, read};
use crate::aws::Aws;
use crate::domain::entity::reset::{backoff_ms, selected, BATCH_SIZE};
use crate::domain::entity::{items, keys, refill};
use crate::error::{Error, Result};

/// Batches in flight at once.
const CONCURRENT_BATCHES: usize = 4;
/// Retries of unprocessed deletes per batch before giving up.
const MAX_RETRIES: u32 = 8;

/// One bucket a reset deletes (or would delete), with what it held: what an
/// audit event of the reset needs.
#[derive(Debug, Clone, Serialize)]
pub struct ResetBucket {
    /// Resource.
    pub resource: String,
    /// Limit name.
    pub limit: String,
    /// The item's sort key.
    pub sort_key: String,
    /// Whole tokens available just before the reset (`null` if not computable).
    pub available_before: Option<i64>,
    /// Stored milli-tokens before the reset.
    pub tokens_milli_before: Option<i64>,
}

/// The `entity reset` document; also the seam for an audit trail writer:
/// who (the caller), what (`entity`, `deleted`) and when (`at`).
#[derive(Debug, Clone, Serialize)]
pub struct ResetResult {
    /// Limiter name.
    pub name: String,
    /// Entity id.
    pub entity: String,
    /// The `--resource` filter.
    pub resource: Option<String>,
    /// The `--limit` filter.
    pub limit: Option<String>,
    /// Whether this was `--dry-run` (nothing deleted).
    pub dry_run: bool,
    /// When the plan was made (ISO-8601 UTC).
    pub at: String,
    /// The buckets that matched.
    pub planned: Vec<ResetBucket>,
    /// The buckets deleted (empty on a dry run or when declined).
    pub deleted: Vec<ResetBucket>,
    /// BatchWriteItem requests sent, retries included.
    pub requests: usize,
    /// Retries of unprocessed items.
    pub retries: usize,
    /// The audit event written for the deletes (`None` when nothing was deleted).
    pub audit_event_id: Option<String>,
}

/// Asked with the plan before anything is deleted; `Ok(false)` declines.
pub type Confirm<'a> = Box<dyn FnOnce(&ResetResult) -> Result<bool> + Send + 'a>;

/// What to do with the plan.
pub enum Mode<'a> {
    /// Only show it.
    DryRun,
    /// Ask this (it sees the plan); `Ok(false)` declines, nothing deleted.
    Confirm(Confirm<'a>),
}

/// Which buckets of which entity a reset is about, and who asks.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// Limiter name.
    pub name: &'a str,
    /// Its table.
    pub table: &'a str,
    /// The entity.
    pub entity: &'a str,
    /// Only this resource.
    pub resource: Option<&'a str>,
    /// Only this limit name.
    pub limit: Option<&'a str>,
    /// Who the audit event names (`None`: the caller, from STS).
    pub principal: Option<&'a str>,
}

/// Plans and (unless dry run or declined) deletes the matching buckets.
pub async fn reset(aws: &Aws, target: Target<'_>, mode: Mode<'_>) -> Result<ResetResult> {
    let Target {
        name,
        table,
        entity,
        resource,
        limit,
        principal,
    } = target;
    let raw = read::partition(aws, table, entity, &keys::bucket_prefix(resource)).await?;
    let now = now_ms();
    let planned: Vec<ResetBucket> = raw
        .iter()
        .filter_map(|i| items::bucket(&convert::item(i)))
        .filter(|b| selected(b, resource, limit))
        .map(|b| {
            let state = b.state();
            ResetBucket {
                sort_key: format!("{}{}#{}", keys::BUCKET_PREFIX, b.resource, b.limit),
                available_before: state.as_ref().map(|s| refill::available_at(s, now)),
                tokens_milli_before: b.tokens_milli,
                resource: b.resource,
                limit: b.limit,
            }
        })
        .collect();
    let mut result = ResetResult {
        name: name.to_string(),
        entity: entity.to_string(),
        resource: resource.map(str::to_string),
        limit: limit.map(str::to_string),
        dry_run: matches!(mode, Mode::DryRun),
        at: iso(now),
        planned,
        deleted: Vec::new(),
        requests: 0,
        retries: 0,
        audit_event_id: None,
    };
    let confirm = match mode {
        Mode::DryRun => return Ok(result),
        Mode::Confirm(c) => c,
    };
    if result.planned.is_empty() || !confirm(&result)? {
        return Ok(result);
    }
    // Who deletes, known before anything is deleted (the audit trail needs it).
    let who = crate::ops::audit::principal(aws, principal).await?;
    // Deleting buckets is idempotent, so an interruption stops at once and
    // the same command finishes the job.
    let (requests, retries) = tokio::select! {
        done = delete(aws, table, entity, &result.planned) => done?,
        _ = crate::interrupt::signal() => {
            return Err(Error::new(
                crate::error::ErrorKind::Interrupted,
                format!("interrupted while deleting the buckets of entity `{entity}`: some may be deleted"),
            )
            .hint("run the same reset again to delete the rest (bucket deletes are idempotent)"));
        }
    };
    result.requests = requests;
    result.retries = retries;
    result.deleted = result.planned.clone();
    // The audit trail in the client's format: one event for the reset.
    let deleted: Vec<String> = result
        .deleted
        .iter()
        .map(|b| format!("{}#{}", b.resource, b.limit))
        .collect();
    let event = crate::ops::audit::event(
        crate::domain::audit::action::BUCKETS_RESET,
        entity,
        &who,
        resource,
        serde_json::json!({"buckets": deleted, "limit": limit}),
    );
    crate::ops::audit::record(aws, table, std::slice::from_ref(&event))
        .await
        .map_err(|e| {
            Error::failure(format!(
                "the buckets were deleted, but the audit event could not be written: {}",
                e.message
            ))
            .hint("the reset itself is done; record it by hand if your audit process needs it")
        })?;
    result.audit_event_id = Some(event.event_id);
    Ok(result)
}

/// Deletes the buckets in batches of 25, a few batches at once.
async fn delete(
    aws: &Aws,
    table: &str,
    entity: &str,
    buckets: &[ResetBucket],
) -> Result<(usize, usize)> {
    let pk = keys::partition_key(entity);
    let gate = Arc::new(Semaphore::new(CONCURRENT_BATCHES));
    let mut tasks = JoinSet::new();
    for chunk in buckets.chunks(BATCH_SIZE) {
        let requests = chunk
            .iter()
            .map(|b| {
                DeleteRequest::builder()
                    .key("PK", AttributeValue::S(pk.clone()))
                    .key("SK", AttributeValue::S(b.sort_key.clone()))
                    .build()
                    .map(|d| WriteRequest::builder().delete_request(d).build())
                    .map_err(|e| Error::failure(format!("could not build a delete request: {e}")))
            })
            .collect::<Result<Vec<_>>>()?;
        let (aws, table, gate) = (aws.clone(), table.to_string(), gate.clone());
        tasks.spawn(async move {
            let _permit = gate.acquire_owned().await;
            batch(&aws, &table, requests).await
        });
    }
    let (mut sent, mut retried, mut failure) = (0, 0, None);
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(Ok((s, r))) => {
                sent += s;
                retried += r;
            }
            Ok(Err(e)) => failure = Some(e),
            Err(e) => failure = Some(Error::failure(format!("a delete batch stopped: {e}"))),
        }
    }
    match failure {
        Some(e) => Err(
            e.hint("some buckets may be left; deleting is idempotent, so run the same reset again")
        ),
        None => Ok((sent, retried)),
    }
}

/// One batch with its unprocessed items retried after a backoff.
async fn batch(aws: &Aws, table: &str, mut pending: Vec<WriteRequest>) -> Result<(usize, usize)> {
    let (mut sent, mut attempt) = (0usize, 0u32);
    loop {
        sent += 1;
        let out = aws
            .ddb()
            .batch_write_item()
            .request_items(table, pending)
            .send()
            .await
            .map_err(|e| aws.error("BatchWriteItem", e))?;
        pending = out
            .unprocessed_items()
            .and_then(|m| m.get(table))
            .cloned()
            .unwrap_or_default();
        if pending.is_empty() {
            return Ok((sent, attempt as usize));
        }
        if attempt >= MAX_RETRIES {
            return Err(Error::failure(format!(
                "{} bucket deletes were still unprocessed after {MAX_RETRIES} retries (throttled)",
                pending.len()
            )));
        }
        tokio::time::sleep(std::time::Duration::from_millis(backoff_ms(attempt))).await;
        attempt += 1;
    }
}
