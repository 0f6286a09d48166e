//! The pure decisions of the in-place sync: which items to put, which to
//! delete, which to leave alone, how bucket writes are marked so that the
//! aggregator does not count them, and how long to back off.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_dynamodb::types::AttributeValue;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// One DynamoDB item.
pub type Item = HashMap<String, AttributeValue>;
/// An item's primary key: `(PK, SK)`.
pub type Key = (String, String);
/// A digest of an item's whole content.
pub type Fingerprint = [u8; 16];

/// The top-level attribute the sync sets on every bucket item it puts and
/// removes right after. The aggregator ignores stream records whose old or
/// new image carries it: restoring a bucket is not a client consuming.
pub const MARKER: &str = "zael_sync";
/// Sort-key prefix of bucket items (the only items the aggregator counts).
pub const BUCKET_SK_PREFIX: &str = "#BUCKET#";
/// Items per BatchWriteItem (DynamoDB's limit).
pub const BATCH: usize = 25;

/// The item's key, when it has string `PK` and `SK`.
pub fn key_of(item: &Item) -> Option<Key> {
    match (item.get("PK"), item.get("SK")) {
        (Some(AttributeValue::S(pk)), Some(AttributeValue::S(sk))) => {
            Some((pk.clone(), sk.clone()))
        }
        _ => None,
    }
}

/// The version record describes the stack as deployed now, not the data: the
/// sync never writes or deletes it.
pub fn is_version_record(key: &Key) -> bool {
    key.0 == "SYSTEM#" && key.1 == "#VERSION"
}

/// Whether the item is a bucket (its writes reach the aggregator's counts).
pub fn is_bucket(key: &Key) -> bool {
    key.1.starts_with(BUCKET_SK_PREFIX)
}

/// What the live table should hold for a side-table item: the item without a
/// marker left by an interrupted sync (a backup taken mid-sync may hold one).
pub fn desired(mut item: Item) -> Item {
    item.remove(MARKER);
    item
}

/// The item as the sync puts it: buckets carry the marker `id`.
pub fn as_written(item: &Item, key: &Key, id: &str) -> Item {
    let mut out = item.clone();
    if is_bucket(key) {
        out.insert(MARKER.to_string(), AttributeValue::S(id.to_string()));
    }
    out
}

/// A digest of the item's content, independent of attribute order and set order.
pub fn fingerprint(item: &Item) -> Fingerprint {
    let mut h = Sha256::new();
    encode_map(&mut h, item);
    let d = h.finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&d[..16]);
    out
}

fn encode_bytes(h: &mut Sha256, tag: u8, b: &[u8]) {
    h.update([tag]);
    h.update((b.len() as u64).to_be_bytes());
    h.update(b);
}

fn encode_map(h: &mut Sha256, m: &Item) {
    let mut keys: Vec<&String> = m.keys().collect();
    keys.sort();
    h.update([b'{']);
    h.update((keys.len() as u64).to_be_bytes());
    for k in keys {
        encode_bytes(h, b'k', k.as_bytes());
        encode(h, &m[k]);
    }
}

fn encode_set(h: &mut Sha256, tag: u8, mut members: Vec<&[u8]>) {
    members.sort();
    h.update([tag]);
    h.update((members.len() as u64).to_be_bytes());
    for m in members {
        encode_bytes(h, b'e', m);
    }
}

fn encode(h: &mut Sha256, v: &AttributeValue) {
    match v {
        AttributeValue::S(s) => encode_bytes(h, b'S', s.as_bytes()),
        AttributeValue::N(n) => encode_bytes(h, b'N', n.as_bytes()),
        AttributeValue::B(b) => encode_bytes(h, b'B', b.as_ref()),
        AttributeValue::Bool(b) => encode_bytes(h, b'T', &[u8::from(*b)]),
        AttributeValue::Null(b) => encode_bytes(h, b'0', &[u8::from(*b)]),
        AttributeValue::Ss(s) => encode_set(h, b's', s.iter().map(|x| x.as_bytes()).collect()),
        AttributeValue::Ns(s) => encode_set(h, b'n', s.iter().map(|x| x.as_bytes()).collect()),
        AttributeValue::Bs(s) => encode_set(h, b'b', s.iter().map(|x| x.as_ref()).collect()),
        AttributeValue::L(l) => {
            h.update([b'[']);
            h.update((l.len() as u64).to_be_bytes());
            for x in l {
                encode(h, x);
            }
        }
        AttributeValue::M(m) => encode_map(h, m),
        // A type newer than this SDK: its debug text still tells values apart.
        other => encode_bytes(h, b'?', format!("{other:?}").as_bytes()),
    }
}

/// What to do with one side-table item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The version record: never touched.
    Skip,
    /// The live item is identical.
    Unchanged,
    /// The live table lacks it: put it.
    Insert,
    /// The live item differs: put it over.
    Overwrite,
}

/// Decides for one side-table item, given the live item's fingerprint if any. Pure.
pub fn decide(key: &Key, side: &Fingerprint, live: Option<&Fingerprint>) -> Action {
    if is_version_record(key) {
        return Action::Skip;
    }
    match live {
        None => Action::Insert,
        Some(l) if l == side => Action::Unchanged,
        Some(_) => Action::Overwrite,
    }
}

/// The live keys the side table did not have: to delete (never the version record).
pub fn to_delete(remaining_live: impl IntoIterator<Item = Key>) -> Vec<Key> {
    let mut keys: Vec<Key> = remaining_live
        .into_iter()
        .filter(|k| !is_version_record(k))
        .collect();
    keys.sort();
    keys
}

/// Counts of a sync: what it would do (the plan) or did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Items the live table lacks, put.
    pub inserted: u64,
    /// Live items that differ, overwritten.
    pub overwritten: u64,
    /// Live items the side table lacks, deleted.
    pub deleted: u64,
    /// Items already identical, left alone.
    pub unchanged: u64,
}

impl Tally {
    /// Counts one decision.
    pub fn count(&mut self, a: Action) {
        match a {
            Action::Insert => self.inserted += 1,
            Action::Overwrite => self.overwritten += 1,
            Action::Unchanged => self.unchanged += 1,
            Action::Skip => {}
        }
    }

    /// Items written (put or deleted).
    pub fn writes(&self) -> u64 {
        self.inserted + self.overwritten + self.deleted
    }

    /// Adds another tally (from one scan segment).
    pub fn add(&mut self, o: &Tally) {
        self.inserted += o.inserted;
        self.overwritten += o.overwritten;
        self.deleted += o.deleted;
        self.unchanged += o.unchanged;
    }
}

/// Attempts of one batch before the sync gives up (unprocessed items are retried).
pub const MAX_BATCH_ATTEMPTS: u32 = 10;

/// How long to wait before attempt `attempt` (1-based) of an unprocessed
/// batch: exponential from 50 ms, capped at 5 s, with jitter from `seed`. Pure.
pub fn backoff(attempt: u32, seed: u64) -> Duration {
    let base = 50u64.saturating_mul(1u64 << attempt.min(10)).min(5_000);
    // Full jitter between half and all of the step keeps retries of parallel segments apart.
    let jitter = seed % (base / 2 + 1);
    Duration::from_millis(base / 2 + jitter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> AttributeValue {
        AttributeValue::S(x.into())
    }

    fn item(pairs: &[(&str, AttributeValue)]) -> Item {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn fingerprints_ignore_order_but_see_values() {
        let a = item(&[
            ("PK", s("ENTITY#a")),
            ("SK", s("#META")),
            ("tags", AttributeValue::Ss(vec!["x".into(), "y".into()])),
        ]);
        let mut b = a.clone();
        b.insert(
            "tags".into(),
            AttributeValue::Ss(vec!["y".into(), "x".into()]),
        );
        assert_eq!(fingerprint(&a), fingerprint(&b));
        b.insert("n".into(), AttributeValue::N("1".into()));
        assert_ne!(fingerprint(&a), fingerprint(&b));
        // S "1" and N "1" differ; nested maps count.
        let x = item(&[("v", s("1"))]);
        let y = item(&[("v", AttributeValue::N("1".into()))]);
        assert_ne!(fingerprint(&x), fingerprint(&y));
        let m1 = item(&[(
            "data",
            AttributeValue::M(item(&[("tokens_milli", AttributeValue::N("5".into()))])),
        )]);
        let m2 = item(&[(
            "data",
            AttributeValue::M(item(&[("tokens_milli", AttributeValue::N("6".into()))])),
        )]);
        assert_ne!(fingerprint(&m1), fingerprint(&m2));
    }

    #[test]
    fn decisions_and_the_version_record() {
        let k = ("ENTITY#a".to_string(), "#META".to_string());
        let v = ("SYSTEM#".to_string(), "#VERSION".to_string());
        let (f1, f2) = ([1u8; 16], [2u8; 16]);
        assert_eq!(decide(&k, &f1, None), Action::Insert);
        assert_eq!(decide(&k, &f1, Some(&f1)), Action::Unchanged);
        assert_eq!(decide(&k, &f1, Some(&f2)), Action::Overwrite);
        assert_eq!(decide(&v, &f1, None), Action::Skip);
        assert_eq!(decide(&v, &f1, Some(&f2)), Action::Skip);
        assert_eq!(to_delete(vec![k.clone(), v]), vec![k]);
        let mut t = Tally::default();
        for a in [
            Action::Insert,
            Action::Overwrite,
            Action::Unchanged,
            Action::Skip,
        ] {
            t.count(a);
        }
        t.deleted = 2;
        assert_eq!(
            (t.inserted, t.overwritten, t.unchanged, t.writes()),
            (1, 1, 1, 4)
        );
    }

    #[test]
    fn only_buckets_carry_the_marker_and_leftovers_are_stripped() {
        let bucket = ("ENTITY#a".to_string(), "#BUCKET#gpt#rpm".to_string());
        let meta = ("ENTITY#a".to_string(), "#META".to_string());
        let it = item(&[("PK", s("ENTITY#a")), ("SK", s("#BUCKET#gpt#rpm"))]);
        assert_eq!(as_written(&it, &bucket, "r1").get(MARKER), Some(&s("r1")));
        assert_eq!(as_written(&it, &meta, "r1").get(MARKER), None);
        let mut left = it.clone();
        left.insert(MARKER.into(), s("old"));
        assert_eq!(desired(left), it);
        // A live item still marked from an interrupted run differs, so it is rewritten (and unmarked).
        let mut marked = it.clone();
        marked.insert(MARKER.into(), s("old"));
        assert_eq!(
            decide(&bucket, &fingerprint(&it), Some(&fingerprint(&marked))),
            Action::Overwrite
        );
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        assert!(
            backoff(1, 0) >= Duration::from_millis(50)
                && backoff(1, 0) <= Duration::from_millis(100)
        );
        assert!(backoff(3, 7) > backoff(1, 7));
        for seed in [0, 1, 99, u64::MAX] {
            assert!(backoff(30, seed) <= Duration::from_secs(5));
            assert!(backoff(30, seed) >= Duration::from_millis(2_500));
        }
        assert_ne!(backoff(4, 1), backoff(4, 200));
    }
}
