//! The AWS side of the in-place sync: scan the live table into an index of
//! fingerprints, scan the side table in parallel segments and put every item
//! that is new or differs (buckets marked, then unmarked), then delete the
//! live items the side table lacks. Batched writes retry unprocessed items
//! with backoff. Every decision is `plan`'s.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, PutRequest, WriteRequest};
use indicatif::ProgressBar;
use tokio::task::JoinSet;

use super::plan::{self, Action, Fingerprint, Item, Key, Tally};
use crate::aws::Aws;
use crate::error::{Error, ErrorKind, Result};

/// Parallel scan segments (and so concurrent writers).
pub const SEGMENTS: i32 = 4;
/// Marker removals in flight per segment.
const UNMARKS_IN_FLIGHT: usize = 4;

/// What one sync pass is asked to do.
#[derive(Clone)]
pub struct Job {
    /// The table brought to the side table's items.
    pub live: String,
    /// The restored side table.
    pub side: String,
    /// The restore's id, set as the marker on bucket writes.
    pub id: String,
    /// Write (true) or only count (false).
    pub apply: bool,
}

/// What a pass found or did.
#[derive(Debug, Clone, Copy, Default)]
pub struct Outcome {
    /// The counts.
    pub tally: Tally,
    /// Bucket items whose marker was removed after their put.
    pub markers_removed: u64,
    /// Wall time of the pass, in seconds.
    pub seconds: f64,
}

/// The pass's interruption listener (polled until it fires, never after: every
/// path that sees it fire returns).
type Signal = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;

struct Shared {
    aws: Aws,
    job: Job,
    index: Mutex<HashMap<Key, Fingerprint>>,
    stop: AtomicBool,
    batches: AtomicU64,
    markers_removed: AtomicU64,
    bar: ProgressBar,
}

/// Runs one pass: counts only, or brings the live table to the side table's items.
/// `total` sizes the progress bar (the planned writes).
pub async fn run(aws: &Aws, job: Job, total: u64) -> Result<Outcome> {
    let start = Instant::now();
    // One listener for the whole pass, so that no interruption between phases is missed.
    let mut sig: Signal = Box::pin(crate::interrupt::signal());
    let index = tokio::select! {
        found = index(aws, &job.live) => found?,
        _ = sig.as_mut() => {
            return Err(Error::new(
                ErrorKind::Interrupted,
                format!("stopped while reading {}; nothing was changed by this pass", job.live),
            ));
        }
    };
    let bar = if job.apply {
        crate::report::progress::counter(total, format!("syncing {}", job.live))
    } else {
        ProgressBar::hidden()
    };
    let shared = Arc::new(Shared {
        aws: aws.clone(),
        job,
        index: Mutex::new(index),
        stop: AtomicBool::new(false),
        batches: AtomicU64::new(0),
        markers_removed: AtomicU64::new(0),
        bar,
    });
    let mut tally = Tally::default();
    let mut tasks = JoinSet::new();
    for seg in 0..SEGMENTS {
        let s = shared.clone();
        tasks.spawn(async move { put_segment(s, seg).await });
    }
    join(&shared, &mut tasks, &mut tally, &mut sig).await?;

    let remaining: Vec<Key> = std::mem::take(&mut *lock(&shared.index))
        .into_keys()
        .collect();
    let doomed = plan::to_delete(remaining);
    tally.deleted = doomed.len() as u64;
    if shared.job.apply && !doomed.is_empty() {
        let per = doomed.len().div_ceil(SEGMENTS as usize);
        for part in doomed.chunks(per.max(1)) {
            let (s, part) = (shared.clone(), part.to_vec());
            tasks.spawn(async move { delete_keys(s, part).await });
        }
        let mut ignored = Tally::default();
        join(&shared, &mut tasks, &mut ignored, &mut sig).await?;
    }
    shared.bar.finish_and_clear();
    Ok(Outcome {
        tally,
        markers_removed: shared.markers_removed.load(Ordering::Relaxed),
        seconds: start.elapsed().as_secs_f64(),
    })
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Waits for every task; the first interruption lets batches in flight finish
/// (so no bucket is left marked) and stops the rest.
async fn join(
    shared: &Arc<Shared>,
    tasks: &mut JoinSet<Result<Tally>>,
    tally: &mut Tally,
    sig: &mut Signal,
) -> Result<()> {
    let mut first_err: Option<Error> = None;
    let mut interrupted = false;
    loop {
        tokio::select! {
            next = tasks.join_next() => {
                let Some(done) = next else { break };
                match done {
                    Ok(Ok(t)) => tally.add(&t),
                    Ok(Err(e)) => {
                        shared.stop.store(true, Ordering::SeqCst);
                        first_err.get_or_insert(e);
                    }
                    Err(e) => {
                        shared.stop.store(true, Ordering::SeqCst);
                        first_err.get_or_insert(Error::failure(format!("a sync task failed: {e}")));
                    }
                }
            }
            _ = sig.as_mut(), if !interrupted => {
                if !shared.job.apply {
                    // Only counting: nothing to finish, stop now (dropping the tasks aborts them).
                    return Err(Error::new(
                        ErrorKind::Interrupted,
                        format!("stopped while comparing {} with {}; nothing was changed in {}", shared.job.live, shared.job.side, shared.job.live),
                    ));
                }
                interrupted = true;
                shared.stop.store(true, Ordering::SeqCst);
                crate::report::note("interrupted: finishing the batches in flight, then stopping");
            }
        }
    }
    if interrupted {
        return Err(stopped(shared));
    }
    first_err.map_or(Ok(()), Err)
}

fn stopped(shared: &Shared) -> Error {
    Error::new(
        ErrorKind::Interrupted,
        format!(
            "the sync of {} stopped after {} batches; the table is partly restored",
            shared.job.live,
            shared.batches.load(Ordering::Relaxed)
        ),
    )
}

/// Whether the sync must stop before its next batch.
fn should_stop(shared: &Shared) -> bool {
    shared.stop.load(Ordering::SeqCst)
}

/// Counts a finished batch; the debug-only test seam stops the sync after N.
fn batch_done(shared: &Shared, items: usize) {
    let n = shared.batches.fetch_add(1, Ordering::SeqCst) + 1;
    shared.bar.inc(items as u64);
    #[cfg(debug_assertions)]
    if let Some(limit) = crate::test_hook::stop_sync_after_batches() {
        if n >= limit {
            shared.stop.store(true, Ordering::SeqCst);
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = n;
}

/// The live table's keys and fingerprints (strongly consistent parallel scan).
async fn index(aws: &Aws, table: &str) -> Result<HashMap<Key, Fingerprint>> {
    let mut tasks = JoinSet::new();
    for seg in 0..SEGMENTS {
        let (aws, table) = (aws.clone(), table.to_string());
        tasks.spawn(async move {
            let mut part = Vec::new();
            scan(&aws, &table, seg, true, |item| {
                if let Some(k) = plan::key_of(&item) {
                    part.push((k, plan::fingerprint(&item)));
                }
                std::future::ready(Ok(()))
            })
            .await?;
            Ok::<_, Error>(part)
        });
    }
    let mut out = HashMap::new();
    while let Some(done) = tasks.join_next().await {
        let part = done.map_err(|e| Error::failure(format!("a scan task failed: {e}")))??;
        out.extend(part);
    }
    Ok(out)
}

/// Scans one segment page by page, handing each item to `each`.
async fn scan<F, Fut>(
    aws: &Aws,
    table: &str,
    segment: i32,
    consistent: bool,
    mut each: F,
) -> Result<()>
where
    F: FnMut(Item) -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    let ddb = aws.ddb();
    let mut start: Option<Item> = None;
    loop {
        let out = ddb
            .scan()
            .table_name(table)
            .segment(segment)
            .total_segments(SEGMENTS)
            .consistent_read(consistent)
            .set_exclusive_start_key(start.take())
            .send()
            .await
            .map_err(|e| {
                aws.error("Scan", e)
                    .hint(format!("the scan of {table} failed; run the restore again"))
            })?;
        for item in out.items().iter().cloned() {
            each(item).await?;
        }
        match out.last_evaluated_key() {
            Some(k) if !k.is_empty() => start = Some(k.clone()),
            _ => return Ok(()),
        }
    }
}

/// Scans one segment of the side table, deciding each item and putting those
/// that are new or differ, 25 at a time.
async fn put_segment(shared: Arc<Shared>, seg: i32) -> Result<Tally> {
    let pending: Arc<Mutex<Vec<(Key, Item)>>> = Arc::default();
    let mut tally = Tally::default();
    let side = shared.job.side.clone();
    {
        let (shared, pending) = (shared.clone(), pending.clone());
        let tally = &mut tally;
        scan(&shared.aws.clone(), &side, seg, false, move |item| {
            let (shared, pending) = (shared.clone(), pending.clone());
            let decided = plan::key_of(&item).map(|key| {
                let want = plan::desired(item);
                let fp = plan::fingerprint(&want);
                let live = lock(&shared.index).remove(&key);
                let action = plan::decide(&key, &fp, live.as_ref());
                (key, want, action)
            });
            if let Some((_, _, a)) = &decided {
                tally.count(*a);
            }
            async move {
                let Some((key, want, action)) = decided else {
                    return Ok(());
                };
                if !shared.job.apply || !matches!(action, Action::Insert | Action::Overwrite) {
                    return Ok(());
                }
                let full = {
                    let mut p = lock(&pending);
                    p.push((key, want));
                    (p.len() >= plan::BATCH).then(|| std::mem::take(&mut *p))
                };
                match full {
                    Some(batch) => put_batch(&shared, batch).await,
                    None => Ok(()),
                }
            }
        })
        .await?;
    }
    let rest = std::mem::take(&mut *lock(&pending));
    if shared.job.apply && !rest.is_empty() {
        put_batch(&shared, rest).await?;
    }
    Ok(tally)
}

/// Puts one batch (buckets with the marker), then removes the buckets' markers.
async fn put_batch(shared: &Arc<Shared>, batch: Vec<(Key, Item)>) -> Result<()> {
    if should_stop(shared) {
        return Err(stopped(shared));
    }
    let mut reqs = Vec::with_capacity(batch.len());
    for (key, item) in &batch {
        let put = PutRequest::builder()
            .set_item(Some(plan::as_written(item, key, &shared.job.id)))
            .build()
            .map_err(|e| Error::failure(format!("could not build a put request: {e}")))?;
        reqs.push(WriteRequest::builder().put_request(put).build());
    }
    write(shared, reqs).await?;
    let buckets: Vec<&Key> = batch
        .iter()
        .map(|(k, _)| k)
        .filter(|k| plan::is_bucket(k))
        .collect();
    unmark_all(shared, &buckets).await?;
    batch_done(shared, batch.len());
    Ok(())
}

/// Removes the markers of a batch's buckets, concurrently. One UpdateItem per
/// bucket rather than a transaction: a transaction costs twice the write
/// capacity and fails whole when one bucket was deleted meanwhile.
async fn unmark_all(shared: &Arc<Shared>, keys: &[&Key]) -> Result<()> {
    // A few at a time per segment: enough to hide latency, few enough
    // connections for one endpoint (segments already run in parallel).
    for group in keys.chunks(UNMARKS_IN_FLIGHT) {
        let mut tasks = JoinSet::new();
        for key in group {
            let (s, key) = (shared.clone(), (*key).clone());
            tasks.spawn(async move { unmark(&s, &key).await });
        }
        let mut first_err = None;
        while let Some(done) = tasks.join_next().await {
            let res = done.map_err(|e| Error::failure(format!("an unmark task failed: {e}")));
            if let Err(e) = res.and_then(|r| r) {
                first_err.get_or_insert(e);
            }
        }
        if let Some(e) = first_err {
            return Err(e);
        }
    }
    Ok(())
}

/// Removes the marker from a bucket just put; a bucket deleted meanwhile stays deleted.
async fn unmark(shared: &Shared, key: &Key) -> Result<()> {
    let res = shared
        .aws
        .ddb()
        .update_item()
        .table_name(&shared.job.live)
        .key("PK", AttributeValue::S(key.0.clone()))
        .key("SK", AttributeValue::S(key.1.clone()))
        .update_expression("REMOVE #m")
        .condition_expression("attribute_exists(PK)")
        .expression_attribute_names("#m", plan::MARKER)
        .send()
        .await;
    match res {
        Ok(_) => {
            shared.markers_removed.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_conditional_check_failed_exception()) =>
        {
            Ok(())
        }
        Err(e) => Err(shared.aws.error("UpdateItem", e).hint(
            "the sync stopped with a bucket still marked; run the same restore again to finish and unmark it",
        )),
    }
}

/// Deletes `keys` from the live table, 25 at a time.
async fn delete_keys(shared: Arc<Shared>, keys: Vec<Key>) -> Result<Tally> {
    for chunk in keys.chunks(plan::BATCH) {
        if should_stop(&shared) {
            return Err(stopped(&shared));
        }
        let reqs = chunk
            .iter()
            .map(|(pk, sk)| {
                DeleteRequest::builder()
                    .key("PK", AttributeValue::S(pk.clone()))
                    .key("SK", AttributeValue::S(sk.clone()))
                    .build()
                    .map(|d| WriteRequest::builder().delete_request(d).build())
                    .map_err(|e| Error::failure(format!("could not build a delete request: {e}")))
            })
            .collect::<Result<Vec<_>>>()?;
        write(&shared, reqs).await?;
        batch_done(&shared, chunk.len());
    }
    Ok(Tally::default())
}

/// One BatchWriteItem, retrying unprocessed items with backoff.
async fn write(shared: &Shared, mut reqs: Vec<WriteRequest>) -> Result<()> {
    let table = &shared.job.live;
    let ddb = shared.aws.ddb();
    let mut attempt = 0;
    loop {
        let out = ddb
            .batch_write_item()
            .request_items(table.clone(), reqs)
            .send()
            .await
            .map_err(|e| {
                shared.aws.error("BatchWriteItem", e).hint(
                    "the table is partly restored; run the same restore again to finish (it converges)",
                )
            })?;
        let left = out
            .unprocessed_items()
            .and_then(|m| m.get(table))
            .cloned()
            .unwrap_or_default();
        if left.is_empty() {
            return Ok(());
        }
        attempt += 1;
        if attempt >= plan::MAX_BATCH_ATTEMPTS {
            return Err(Error::failure(format!(
                "DynamoDB left {} items of a batch unprocessed after {attempt} attempts",
                left.len()
            ))
            .hint("the table is partly restored; wait a minute and run the same restore again to finish"));
        }
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos() as u64)
            .unwrap_or(0);
        tokio::time::sleep(plan::backoff(attempt, seed)).await;
        reqs = left;
    }
}
