//! `entity verify`: the integrity rules applied to what the table holds.

use serde::Serialize;

use super::{now_ms, show};
use crate::aws::Aws;
use crate::domain::entity::integrity::{self, Finding, Severity};
use crate::error::Result;

/// The `entity verify` document.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    /// Limiter name.
    pub name: String,
    /// Entity id.
    pub entity: String,
    /// Whether the entity's metadata item exists (when not, nothing else is checked).
    pub found: bool,
    /// Buckets checked.
    pub buckets_checked: usize,
    /// Stored limits checked.
    pub limits_checked: usize,
    /// Ancestors followed.
    pub parents_checked: usize,
    /// Bucket items present without metadata (when not found).
    pub orphan_buckets: usize,
    /// Problems, worst first.
    pub findings: Vec<Finding>,
    /// The worst severity, `null` when healthy.
    pub worst: Option<Severity>,
}

/// Checks `entity` in `table`.
pub async fn verify(aws: &Aws, name: &str, table: &str, entity: &str) -> Result<VerifyReport> {
    let facts = show::gather(aws, table, entity).await?;
    let p = &facts.partition;
    let found = p.meta.is_some();
    let findings = if found {
        integrity::check(&integrity::Facts {
            limiter: name,
            entity,
            partition: p,
            chain_end: &facts.chain_end,
            now_ms: now_ms(),
        })
    } else {
        Vec::new()
    };
    Ok(VerifyReport {
        name: name.to_string(),
        entity: entity.to_string(),
        found,
        buckets_checked: if found { p.buckets.len() } else { 0 },
        limits_checked: if found { p.limits.len() } else { 0 },
        parents_checked: facts.parents.len(),
        orphan_buckets: if found { 0 } else { p.buckets.len() },
        worst: integrity::worst(&findings),
        findings,
    })
}
