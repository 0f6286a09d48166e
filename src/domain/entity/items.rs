//! An entity's items, typed from plain values. Parsing never fails: fields
//! the client would need but that are missing or malformed stay `None`, so
//! `show` can still list the item and `verify` can name what is wrong.

use serde::Serialize;

use super::keys::{self, ItemKind};
use super::refill::BucketState;
use super::value::{Item, Value};

/// The `#META` item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    /// Display name.
    pub name: Option<String>,
    /// Parent entity id, when it has one.
    pub parent: Option<String>,
    /// Cascade flag, when the metadata stores one (0.2.0 passes cascade per acquire).
    pub cascade: Option<bool>,
    /// Creation time as stored.
    pub created_at: Option<String>,
    /// The GSI1 key under which the parent lists this entity, as stored.
    #[serde(skip)]
    pub listed_under: Option<String>,
}

/// A `#LIMIT#` item: a limit stored for the entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredLimit {
    /// Resource.
    pub resource: String,
    /// Limit name.
    pub limit: String,
    /// Tokens per period (sustained rate).
    pub capacity: Option<i64>,
    /// Bucket ceiling in tokens.
    pub burst: Option<i64>,
    /// Tokens added per period.
    pub refill_amount: Option<i64>,
    /// The period in seconds.
    pub refill_period_seconds: Option<i64>,
}

/// A `#BUCKET#` item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bucket {
    /// Resource.
    pub resource: String,
    /// Limit name.
    pub limit: String,
    /// Stored tokens (milli-tokens).
    pub tokens_milli: Option<i64>,
    /// Epoch ms of the last refill.
    pub last_refill_ms: Option<i64>,
    /// Capacity (milli-tokens).
    pub capacity_milli: Option<i64>,
    /// Ceiling (milli-tokens).
    pub burst_milli: Option<i64>,
    /// Refill amount (milli-tokens per period).
    pub refill_amount_milli: Option<i64>,
    /// Refill period (ms).
    pub refill_period_ms: Option<i64>,
}

impl Bucket {
    /// The refill state, when every field the arithmetic needs is present.
    pub fn state(&self) -> Option<BucketState> {
        Some(BucketState {
            tokens_milli: self.tokens_milli?,
            last_refill_ms: self.last_refill_ms?,
            burst_milli: self.burst_milli?,
            refill_amount_milli: self.refill_amount_milli?,
            refill_period_ms: self.refill_period_ms?,
        })
    }

    /// The names of the refill fields that are missing or not integers.
    pub fn missing_fields(&self) -> Vec<&'static str> {
        [
            ("tokens_milli", self.tokens_milli),
            ("last_refill_ms", self.last_refill_ms),
            ("capacity_milli", self.capacity_milli),
            ("burst_milli", self.burst_milli),
            ("refill_amount_milli", self.refill_amount_milli),
            ("refill_period_ms", self.refill_period_ms),
        ]
        .into_iter()
        .filter(|(_, v)| v.is_none())
        .map(|(k, _)| k)
        .collect()
    }
}

/// The sort key of an item, if it has one.
pub fn sort_key(item: &Item) -> Option<&str> {
    item.get("SK").and_then(Value::as_s)
}

fn data(item: &Item) -> Option<&std::collections::BTreeMap<String, Value>> {
    item.get("data").and_then(Value::as_m)
}

fn int(item: &Item, field: &str) -> Option<i64> {
    data(item)?.get(field)?.as_i64()
}

fn text(item: &Item, field: &str) -> Option<String> {
    data(item)?.get(field)?.as_s().map(str::to_string)
}

/// Parses the metadata item. Pure.
pub fn meta(item: &Item) -> Meta {
    let cascade = data(item).and_then(|d| match d.get("cascade") {
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::S(s)) => s.parse().ok(),
        _ => None,
    });
    Meta {
        name: text(item, "name"),
        parent: text(item, "parent_id").filter(|p| !p.is_empty()),
        cascade,
        created_at: text(item, "created_at"),
        listed_under: item.get("GSI1PK").and_then(Value::as_s).map(str::to_string),
    }
}

/// Parses a stored limit; `None` when the sort key is not a limit's. Pure.
pub fn stored_limit(item: &Item) -> Option<StoredLimit> {
    let (resource, limit) = keys::resource_and_limit(sort_key(item)?, keys::LIMIT_PREFIX)?;
    Some(StoredLimit {
        resource: resource.to_string(),
        limit: limit.to_string(),
        capacity: int(item, "capacity"),
        burst: int(item, "burst"),
        refill_amount: int(item, "refill_amount"),
        refill_period_seconds: int(item, "refill_period_seconds"),
    })
}

/// Parses a bucket; `None` when the sort key is not a bucket's. Pure.
pub fn bucket(item: &Item) -> Option<Bucket> {
    let (resource, limit) = keys::resource_and_limit(sort_key(item)?, keys::BUCKET_PREFIX)?;
    Some(Bucket {
        resource: resource.to_string(),
        limit: limit.to_string(),
        tokens_milli: int(item, "tokens_milli"),
        last_refill_ms: int(item, "last_refill_ms"),
        capacity_milli: int(item, "capacity_milli"),
        burst_milli: int(item, "burst_milli"),
        refill_amount_milli: int(item, "refill_amount_milli"),
        refill_period_ms: int(item, "refill_period_ms"),
    })
}

/// An entity's partition, sorted by kind.
#[derive(Debug, Clone, Default)]
pub struct Partition {
    /// The metadata item, if present.
    pub meta: Option<Meta>,
    /// Stored limits.
    pub limits: Vec<StoredLimit>,
    /// Buckets (with the raw sort key, which deletes need).
    pub buckets: Vec<(String, Bucket)>,
    /// Sort keys that look like buckets or limits but do not parse.
    pub malformed_keys: Vec<String>,
    /// Usage snapshot count.
    pub usage_items: usize,
    /// Other items (resource markers and unknown kinds).
    pub other_items: usize,
}

/// Sorts a partition's items by kind. Pure.
pub fn partition(items: &[Item]) -> Partition {
    let mut p = Partition::default();
    for item in items {
        let Some(sk) = sort_key(item) else { continue };
        match keys::kind_of(sk) {
            ItemKind::Meta => p.meta = Some(meta(item)),
            ItemKind::Limit => match stored_limit(item) {
                Some(l) => p.limits.push(l),
                None => p.malformed_keys.push(sk.to_string()),
            },
            ItemKind::Bucket => match bucket(item) {
                Some(b) => p.buckets.push((sk.to_string(), b)),
                None => p.malformed_keys.push(sk.to_string()),
            },
            ItemKind::Usage => p.usage_items += 1,
            ItemKind::Other => p.other_items += 1,
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::S(x.into())
    }
    fn n(x: i64) -> Value {
        Value::N(x.to_string())
    }

    fn item(sk: &str, data: Vec<(&str, Value)>) -> Item {
        let mut i = Item::new();
        i.insert("PK".into(), s("ENTITY#e"));
        i.insert("SK".into(), s(sk));
        i.insert(
            "data".into(),
            Value::M(data.into_iter().map(|(k, v)| (k.to_string(), v)).collect()),
        );
        i
    }

    #[test]
    fn parses_what_the_client_writes() {
        let items = vec![
            item(
                "#META",
                vec![
                    ("name", s("E")),
                    ("parent_id", s("p")),
                    ("created_at", s("2026-01-01T00:00:00Z")),
                ],
            ),
            item(
                "#BUCKET#api#rpm",
                vec![("tokens_milli", n(5000)), ("last_refill_ms", n(1))],
            ),
            item(
                "#LIMIT#api#rpm",
                vec![("capacity", n(10)), ("burst", n(20))],
            ),
            item("#USAGE#api#2026", vec![]),
            item("#RESOURCE#api", vec![]),
            item("#BUCKET#broken", vec![]),
        ];
        let p = partition(&items);
        let m = p.meta.unwrap();
        assert_eq!(m.parent.as_deref(), Some("p"));
        assert_eq!(m.name.as_deref(), Some("E"));
        assert_eq!(p.buckets.len(), 1);
        assert_eq!(p.buckets[0].1.tokens_milli, Some(5000));
        assert!(p.buckets[0].1.state().is_none());
        assert!(p.buckets[0]
            .1
            .missing_fields()
            .contains(&"refill_period_ms"));
        assert_eq!(p.limits[0].burst, Some(20));
        assert_eq!(p.usage_items, 1);
        assert_eq!(p.other_items, 1);
        assert_eq!(p.malformed_keys, vec!["#BUCKET#broken".to_string()]);
    }

    #[test]
    fn null_parent_is_no_parent() {
        let m = meta(&item("#META", vec![("parent_id", Value::Null)]));
        assert_eq!(m.parent, None);
    }
}
