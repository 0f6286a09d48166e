//! Every limiter in a region: discovery (stacks named `ZAEL-*`) and a
//! bounded-concurrency fan-out, so fifty stacks take about as long as one.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::aws::Aws;
use crate::domain::naming::PREFIX;
use crate::error::Result;

/// A limiter stack found in the region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Stack name (`ZAEL-X`).
    pub stack: String,
    /// Stack status.
    pub status: String,
}

/// Lists every stack named `ZAEL-*` that is not fully deleted.
pub async fn discover(aws: &Aws) -> Result<Vec<Found>> {
    let mut out = Vec::new();
    let mut pages = aws.cfn().list_stacks().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| aws.error("ListStacks", e))?;
        for s in page.stack_summaries() {
            let status = s.stack_status().map(|s| s.as_str()).unwrap_or_default();
            let name = s.stack_name().unwrap_or_default();
            if name.starts_with(PREFIX) && status != "DELETE_COMPLETE" {
                out.push(Found {
                    stack: name.to_string(),
                    status: status.to_string(),
                });
            }
        }
    }
    out.sort_by(|a, b| a.stack.cmp(&b.stack));
    out.dedup_by(|a, b| a.stack == b.stack);
    Ok(out)
}

/// Tables named `ZAEL-*` that no listed stack manages (a stack and its table share
/// the name `ZAEL-X`): retained by deleted stacks, restored, or left by failed creates.
pub async fn lone_tables(aws: &Aws, stacks: &[Found]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut pages = aws.ddb().list_tables().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| aws.error("ListTables", e))?;
        out.extend(
            page.table_names()
                .iter()
                .filter(|t| t.starts_with(PREFIX) && !stacks.iter().any(|s| &s.stack == *t))
                .cloned(),
        );
    }
    out.sort();
    Ok(out)
}

/// Runs `f` on every item with at most `limit` running at once, keeping the
/// input order in the results.
pub async fn bounded<T, R, F, Fut>(items: Vec<T>, limit: usize, f: F) -> Vec<R>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = R> + Send + 'static,
{
    let sem = Arc::new(Semaphore::new(limit.max(1)));
    let f = Arc::new(f);
    let mut set = tokio::task::JoinSet::new();
    for (i, item) in items.into_iter().enumerate() {
        let sem = sem.clone();
        let f = f.clone();
        set.spawn(async move {
            // The semaphore is never closed, so acquiring cannot fail.
            let _permit = sem.acquire_owned().await.ok();
            (i, f(item).await)
        });
    }
    let mut out: Vec<(usize, R)> = Vec::new();
    while let Some(r) = set.join_next().await {
        if let Ok(pair) = r {
            out.push(pair);
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn never_more_than_the_bound_and_order_kept() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let (r2, p2) = (running.clone(), peak.clone());
        let got = rt.block_on(bounded((0..20).collect(), 4, move |i: u32| {
            let (r, p) = (r2.clone(), p2.clone());
            async move {
                let now = r.fetch_add(1, Ordering::SeqCst) + 1;
                p.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(5)).await;
                r.fetch_sub(1, Ordering::SeqCst);
                i * 2
            }
        }));
        assert_eq!(got, (0..20).map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(peak.load(Ordering::SeqCst), 4);
    }
}
