//! The limits file as written by operators, and the resolved facts both the
//! file and the table reduce to.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Refill period when the file gives none (the client's per-minute default).
pub const DEFAULT_REFILL_PERIOD_SECONDS: i64 = 60;

/// The whole file: entities by id.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsFile {
    /// Entities by id, in id order.
    #[serde(default)]
    pub entities: BTreeMap<String, EntitySpec>,
}

/// One entity as written in the file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EntitySpec {
    /// Display name; defaults to the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Parent entity id (cascade target).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Limits by resource, then by limit name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub limits: BTreeMap<String, BTreeMap<String, LimitSpec>>,
}

/// One limit as written; omitted fields take the documented defaults.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSpec {
    /// Sustained tokens per period.
    pub capacity: i64,
    /// Bucket size; defaults to capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burst: Option<i64>,
    /// Tokens added per period; defaults to capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refill_amount: Option<i64>,
    /// Period in seconds; defaults to 60.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refill_period_seconds: Option<i64>,
}

impl LimitSpec {
    /// The limit with defaults filled in.
    pub fn resolve(&self) -> Limit {
        Limit {
            capacity: self.capacity,
            burst: self.burst.unwrap_or(self.capacity),
            refill_amount: self.refill_amount.unwrap_or(self.capacity),
            refill_period_seconds: self
                .refill_period_seconds
                .unwrap_or(DEFAULT_REFILL_PERIOD_SECONDS),
        }
    }
}

/// A resolved limit, as stored in `#LIMIT#` items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limit {
    /// Sustained tokens per period.
    pub capacity: i64,
    /// Bucket size.
    pub burst: i64,
    /// Tokens added per period.
    pub refill_amount: i64,
    /// Period in seconds.
    pub refill_period_seconds: i64,
}

/// (resource, limit name).
pub type LimitKey = (String, String);

/// An entity's `#META` facts that the file manages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meta {
    /// Display name.
    pub name: String,
    /// Parent id, if any.
    pub parent: Option<String>,
}

/// One entity as the table holds it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntityState {
    /// `#META`, when the entity has one (the client may store limits without it).
    pub meta: Option<Meta>,
    /// Stored limits.
    pub limits: BTreeMap<LimitKey, Limit>,
}

/// Every entity of the table that has metadata or stored limits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableState {
    /// Entities by id.
    pub entities: BTreeMap<String, EntityState>,
}

impl TableState {
    /// Number of stored limits.
    pub fn limit_count(&self) -> usize {
        self.entities.values().map(|e| e.limits.len()).sum()
    }
}
