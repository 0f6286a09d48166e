//! The troubleshooting guide's "verify entity integrity" as rules: each
//! problem found in an entity's items, how bad it is, and its remedy.

use serde::Serialize;

use super::chain::ChainEnd;
use super::items::{Bucket, Partition, StoredLimit};

/// How bad a problem is; decides `entity verify`'s exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Works, but not as the operator probably intends.
    Warning,
    /// The client fails on it or enforces the wrong thing.
    Critical,
}

/// One problem and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// How bad.
    pub severity: Severity,
    /// A stable identifier of the rule (for scripts).
    pub check: &'static str,
    /// The item or relation concerned (a sort key or an entity id).
    pub subject: String,
    /// What is wrong.
    pub problem: String,
    /// What to do.
    pub remedy: String,
}

/// Everything the rules look at.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    /// The tool's name for the limiter (for remedies).
    pub limiter: &'a str,
    /// The entity id.
    pub entity: &'a str,
    /// The entity's partition (metadata assumed present).
    pub partition: &'a Partition,
    /// How the parent chain ended.
    pub chain_end: &'a ChainEnd,
    /// The current time (epoch ms).
    pub now_ms: i64,
}

/// A bucket refilled more than this far in the future points at clock skew.
const FUTURE_SLACK_MS: i64 = 60_000;

/// Applies every rule. Pure.
pub fn check(f: &Facts<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    chain_rules(f, &mut out);
    for key in &f.partition.malformed_keys {
        out.push(Finding {
            severity: Severity::Warning,
            check: "malformed_key",
            subject: key.clone(),
            problem:
                "the sort key does not name a resource and a limit (`<prefix><resource>#<limit>`)"
                    .into(),
            remedy:
                "the client never reads this item; delete it by hand after checking what wrote it"
                    .into(),
        });
    }
    for l in &f.partition.limits {
        limit_rules(l, &mut out);
    }
    for (sk, b) in &f.partition.buckets {
        bucket_rules(f, sk, b, &mut out);
    }
    out.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.subject.cmp(&b.subject)));
    out
}

fn chain_rules(f: &Facts<'_>, out: &mut Vec<Finding>) {
    let meta = f.partition.meta.as_ref();
    let parent = meta.and_then(|m| m.parent.as_deref());
    match f.chain_end {
        ChainEnd::Root => {}
        ChainEnd::MissingParent(p) => out.push(Finding {
            severity: Severity::Critical,
            check: "parent_missing",
            subject: p.clone(),
            problem: format!("parent `{p}` in the chain of `{}` has no metadata", f.entity),
            remedy: format!(
                "create the parent with the client (`create_entity(\"{p}\")`) or re-create `{}` without it; cascading acquires fail until then",
                f.entity
            ),
        }),
        ChainEnd::Cycle(p) => out.push(Finding {
            severity: Severity::Critical,
            check: "parent_cycle",
            subject: p.clone(),
            problem: format!("the parent chain of `{}` comes back to `{p}`", f.entity),
            remedy: "re-create one entity of the loop without a parent (delete its #META and create it again with the client)".into(),
        }),
        ChainEnd::TooDeep => out.push(Finding {
            severity: Severity::Warning,
            check: "chain_too_deep",
            subject: f.entity.to_string(),
            problem: format!(
                "the parent chain is longer than {} entities; the tool stopped following it",
                super::chain::MAX_DEPTH
            ),
            remedy: "check the hierarchy for a mistake; the client only cascades one level".into(),
        }),
    }
    if let (Some(p), Some(m)) = (parent, meta) {
        let expected = super::keys::children_key(p);
        if m.listed_under.as_deref() != Some(expected.as_str()) {
            out.push(Finding {
                severity: Severity::Warning,
                check: "child_index_key",
                subject: "#META".into(),
                problem: format!(
                    "the metadata names parent `{p}` but its GSI1PK is {}; the parent's children list misses it",
                    m.listed_under.as_deref().map_or("absent".to_string(), |k| format!("`{k}`"))
                ),
                remedy: format!("set GSI1PK = `{expected}` and GSI1SK = `CHILD#{}` on the #META item", f.entity),
            });
        }
    }
}

fn limit_rules(l: &StoredLimit, out: &mut Vec<Finding>) {
    let subject = format!("#LIMIT#{}#{}", l.resource, l.limit);
    let remedy = format!(
        "store the limit again with the client (`set_limits(entity, [...], resource=\"{}\")`)",
        l.resource
    );
    let problem = match (l.capacity, l.burst, l.refill_amount, l.refill_period_seconds) {
        (Some(c), Some(b), Some(a), Some(p)) => {
            if c <= 0 || a <= 0 || p <= 0 {
                Some(format!(
                    "capacity {c}, refill {a} per {p} s: all must be positive"
                ))
            } else if b < c {
                Some(format!("burst {b} is below capacity {c}"))
            } else {
                None
            }
        }
        _ => Some("a field is missing or not an integer (capacity, burst, refill_amount, refill_period_seconds)".into()),
    };
    if let Some(problem) = problem {
        out.push(Finding {
            severity: Severity::Critical,
            check: "limit_malformed",
            subject,
            problem,
            remedy,
        });
    }
}

fn bucket_rules(f: &Facts<'_>, sk: &str, b: &Bucket, out: &mut Vec<Finding>) {
    let reset = format!(
        "zae-limiter entity reset --name {} --entity {} --resource {} --limit {}",
        f.limiter, f.entity, b.resource, b.limit
    );
    let missing = b.missing_fields();
    if !missing.is_empty() {
        out.push(Finding {
            severity: Severity::Critical,
            check: "bucket_fields",
            subject: sk.to_string(),
            problem: format!("missing or not integers: {}", missing.join(", ")),
            remedy: format!("delete the bucket so the client recreates it full: {reset}"),
        });
        return;
    }
    let (Some(state), Some(capacity)) = (b.state(), b.capacity_milli) else {
        return;
    };
    if state.refill_amount_milli <= 0 || state.refill_period_ms <= 0 || capacity <= 0 {
        out.push(Finding {
            severity: Severity::Critical,
            check: "bucket_rate",
            subject: sk.to_string(),
            problem: format!(
                "capacity {capacity}, refill {} per {} ms: all must be positive; the bucket never refills",
                state.refill_amount_milli, state.refill_period_ms
            ),
            remedy: format!("delete the bucket so the client recreates it full: {reset}"),
        });
    }
    if state.burst_milli < capacity {
        out.push(Finding {
            severity: Severity::Warning,
            check: "bucket_burst_below_capacity",
            subject: sk.to_string(),
            problem: format!(
                "burst {} below capacity {capacity} (milli-tokens)",
                state.burst_milli
            ),
            remedy: reset.clone(),
        });
    }
    if state.tokens_milli > state.burst_milli {
        out.push(Finding {
            severity: Severity::Warning,
            check: "bucket_over_burst",
            subject: sk.to_string(),
            problem: format!(
                "holds {} milli-tokens, more than its burst {}: the entity can exceed its limit until it refills",
                state.tokens_milli, state.burst_milli
            ),
            remedy: reset.clone(),
        });
    }
    if state.last_refill_ms > f.now_ms + FUTURE_SLACK_MS {
        out.push(Finding {
            severity: Severity::Warning,
            check: "bucket_refill_in_future",
            subject: sk.to_string(),
            problem: format!(
                "last refill is {} s in the future: it does not refill until then (clock skew on a writer?)",
                (state.last_refill_ms - f.now_ms) / 1000
            ),
            remedy: format!("check the clocks of the hosts running the client, then {reset}"),
        });
    }
    if let Some(l) = f
        .partition
        .limits
        .iter()
        .find(|l| l.resource == b.resource && l.limit == b.limit)
    {
        let stored = (
            l.capacity.map(|c| c * 1000),
            l.burst.map(|c| c * 1000),
            l.refill_amount.map(|c| c * 1000),
            l.refill_period_seconds.map(|c| c * 1000),
        );
        let bucket = (
            Some(capacity),
            Some(state.burst_milli),
            Some(state.refill_amount_milli),
            Some(state.refill_period_ms),
        );
        if stored.0.is_some() && stored != bucket {
            out.push(Finding {
                severity: Severity::Warning,
                check: "bucket_differs_from_limit",
                subject: sk.to_string(),
                problem: "capacity, burst or refill rate differ from the stored limit; the client may be passing other limits at acquire".into(),
                remedy: format!("if the stored limit is the intended one: {reset}"),
            });
        }
    }
}

/// The worst severity, if any finding. Pure.
pub fn worst(findings: &[Finding]) -> Option<Severity> {
    findings.iter().map(|f| f.severity).max()
}

#[cfg(test)]
mod tests {
    use super::super::items::Meta;
    use super::*;

    fn meta(parent: Option<&str>) -> Meta {
        Meta {
            name: None,
            parent: parent.map(str::to_string),
            cascade: None,
            created_at: None,
            listed_under: parent.map(|p| format!("PARENT#{p}")),
        }
    }

    fn good_bucket() -> Bucket {
        Bucket {
            resource: "api".into(),
            limit: "rpm".into(),
            tokens_milli: Some(5_000),
            last_refill_ms: Some(1_000),
            capacity_milli: Some(10_000),
            burst_milli: Some(10_000),
            refill_amount_milli: Some(10_000),
            refill_period_ms: Some(60_000),
        }
    }

    fn run(p: &Partition, end: ChainEnd) -> Vec<Finding> {
        check(&Facts {
            limiter: "prod",
            entity: "e",
            partition: p,
            chain_end: &end,
            now_ms: 10_000,
        })
    }

    #[test]
    fn healthy_entity_has_no_findings() {
        let p = Partition {
            meta: Some(meta(Some("p"))),
            buckets: vec![("#BUCKET#api#rpm".into(), good_bucket())],
            limits: vec![StoredLimit {
                resource: "api".into(),
                limit: "rpm".into(),
                capacity: Some(10),
                burst: Some(10),
                refill_amount: Some(10),
                refill_period_seconds: Some(60),
            }],
            ..Default::default()
        };
        assert_eq!(run(&p, ChainEnd::Root), vec![]);
    }

    #[test]
    fn missing_parent_and_cycle_are_critical() {
        let p = Partition {
            meta: Some(meta(Some("ghost"))),
            ..Default::default()
        };
        let f = run(&p, ChainEnd::MissingParent("ghost".into()));
        assert_eq!(f[0].check, "parent_missing");
        assert_eq!(worst(&f), Some(Severity::Critical));
        let f = run(&p, ChainEnd::Cycle("e".into()));
        assert_eq!(f[0].check, "parent_cycle");
    }

    #[test]
    fn bucket_problems() {
        let mut over = good_bucket();
        over.tokens_milli = Some(20_000);
        let mut broken = good_bucket();
        broken.limit = "rph".into();
        broken.refill_period_ms = None;
        let mut future = good_bucket();
        future.limit = "rpd".into();
        future.last_refill_ms = Some(10_000 + 3_600_000);
        let p = Partition {
            meta: Some(meta(None)),
            buckets: vec![
                ("#BUCKET#api#rpm".into(), over),
                ("#BUCKET#api#rph".into(), broken),
                ("#BUCKET#api#rpd".into(), future),
            ],
            ..Default::default()
        };
        let f = run(&p, ChainEnd::Root);
        let checks: Vec<_> = f.iter().map(|x| x.check).collect();
        assert_eq!(checks[0], "bucket_fields");
        assert!(checks.contains(&"bucket_over_burst"));
        assert!(checks.contains(&"bucket_refill_in_future"));
        assert!(f[0].remedy.contains("--resource api --limit rph"));
    }

    #[test]
    fn malformed_limit_and_stale_bucket() {
        let p = Partition {
            meta: Some(meta(None)),
            buckets: vec![("#BUCKET#api#rpm".into(), good_bucket())],
            limits: vec![
                StoredLimit {
                    resource: "api".into(),
                    limit: "rpm".into(),
                    capacity: Some(20),
                    burst: Some(20),
                    refill_amount: Some(20),
                    refill_period_seconds: Some(60),
                },
                StoredLimit {
                    resource: "api".into(),
                    limit: "bad".into(),
                    capacity: Some(20),
                    burst: Some(5),
                    refill_amount: Some(20),
                    refill_period_seconds: Some(60),
                },
            ],
            ..Default::default()
        };
        let f = run(&p, ChainEnd::Root);
        assert_eq!(f[0].check, "limit_malformed");
        assert!(f.iter().any(|x| x.check == "bucket_differs_from_limit"));
        assert_eq!(worst(&[]), None);
    }

    #[test]
    fn parent_not_indexed_is_a_warning() {
        let mut m = meta(Some("p"));
        m.listed_under = None;
        let p = Partition {
            meta: Some(m),
            ..Default::default()
        };
        let f = run(&p, ChainEnd::Root);
        assert_eq!(f[0].check, "child_index_key");
        assert_eq!(worst(&f), Some(Severity::Warning));
    }
}
