//! The health gate between waves: is a stack that was just upgraded healthy after the
//! bake time? Pure: facts read after the bake (and the DLQ depth before it) in, a
//! verdict with its reasons out.
//!
//! The checks are those `doctor` makes that a release can break: the compatibility
//! verdict, the stream mapping's last result, the aggregator's errors over the bake
//! window, the growth of the dead-letter queue during it, and the stack's alarms in
//! `ALARM`. A fact that could not be read counts against the stack: a rollout does not
//! widen on what it could not see.

use serde::Serialize;

/// What was read about one upgraded stack after its bake.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BakeFacts {
    /// The compatibility verdict code after the upgrade (as `check`).
    pub verdict: String,
    /// The mapping's `LastProcessingResult` (`None`: no mapping, e.g. no aggregator).
    pub mapping_last_result: Option<String>,
    /// Whether the stack has an aggregator at all.
    pub aggregator: bool,
    /// Sum of `AWS/Lambda` `Errors` of the function over the bake window (`None`: no data).
    pub errors: Option<f64>,
    /// Visible DLQ messages before the wave (`None`: no queue).
    pub dlq_before: Option<i64>,
    /// Visible DLQ messages after the bake.
    pub dlq_after: Option<i64>,
    /// Names of the stack's alarms in `ALARM`.
    pub alarms_in_alarm: Vec<String>,
    /// Parts that could not be read, with why.
    pub unreadable: Vec<String>,
}

/// The gate's verdict on one stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GateVerdict {
    /// Whether the stack passed.
    pub healthy: bool,
    /// Why it did not (empty when healthy).
    pub reasons: Vec<String>,
}

/// Judges one stack after its bake.
pub fn judge(f: &BakeFacts) -> GateVerdict {
    let mut reasons = Vec::new();
    // After its upgrade a stack must run this tool's release: anything else (even
    // `update_available`) means the upgrade did not take.
    if f.verdict != "compatible" {
        reasons.push(format!("compatibility verdict is {}", f.verdict));
    }
    if f.aggregator {
        match f.mapping_last_result.as_deref() {
            Some(r) if r.starts_with("PROBLEM") => {
                reasons.push(format!("the stream mapping's last batch failed ({r})"))
            }
            None => reasons.push("no stream mapping invokes the aggregator".into()),
            _ => {}
        }
        if let Some(e) = f.errors.filter(|e| *e > 0.0) {
            reasons.push(format!(
                "the aggregator reported {e} errors during the bake"
            ));
        }
        if let (Some(before), Some(after)) = (f.dlq_before, f.dlq_after) {
            if after > before {
                reasons.push(format!(
                    "the dead-letter queue grew from {before} to {after} messages during the bake"
                ));
            }
        }
    }
    for a in &f.alarms_in_alarm {
        reasons.push(format!("alarm {a} is in ALARM"));
    }
    for u in &f.unreadable {
        reasons.push(format!("could not read {u}"));
    }
    GateVerdict {
        healthy: reasons.is_empty(),
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn healthy() -> BakeFacts {
        BakeFacts {
            verdict: "compatible".into(),
            mapping_last_result: Some("OK".into()),
            aggregator: true,
            errors: Some(0.0),
            dlq_before: Some(2),
            dlq_after: Some(2),
            ..Default::default()
        }
    }

    #[test]
    fn a_healthy_stack_passes_even_with_old_parked_batches() {
        assert_eq!(
            judge(&healthy()),
            GateVerdict {
                healthy: true,
                reasons: vec![]
            }
        );
        // No Lambda metrics yet is no evidence of errors.
        let f = BakeFacts {
            errors: None,
            ..healthy()
        };
        assert!(judge(&f).healthy);
    }

    #[test]
    fn each_sign_fails_the_gate() {
        let cases: Vec<(BakeFacts, &str)> = vec![
            (
                BakeFacts {
                    verdict: "schema_migration_required".into(),
                    ..healthy()
                },
                "verdict",
            ),
            (
                BakeFacts {
                    verdict: "update_available".into(),
                    ..healthy()
                },
                "update_available",
            ),
            (
                BakeFacts {
                    mapping_last_result: Some("PROBLEM: Function call failed".into()),
                    ..healthy()
                },
                "last batch failed",
            ),
            (
                BakeFacts {
                    errors: Some(3.0),
                    ..healthy()
                },
                "3 errors",
            ),
            (
                BakeFacts {
                    dlq_after: Some(3),
                    ..healthy()
                },
                "grew from 2 to 3",
            ),
            (
                BakeFacts {
                    alarms_in_alarm: vec!["ZAEL-a-dlq-depth".into()],
                    ..healthy()
                },
                "in ALARM",
            ),
            (
                BakeFacts {
                    unreadable: vec!["the mapping (AccessDenied)".into()],
                    ..healthy()
                },
                "could not read",
            ),
            (
                BakeFacts {
                    mapping_last_result: None,
                    ..healthy()
                },
                "no stream mapping",
            ),
        ];
        for (f, why) in cases {
            let v = judge(&f);
            assert!(!v.healthy, "{why}");
            assert!(v.reasons.iter().any(|r| r.contains(why)), "{why}: {v:?}");
        }
    }

    #[test]
    fn a_stack_without_aggregator_is_judged_on_verdict_and_alarms() {
        let f = BakeFacts {
            verdict: "compatible".into(),
            aggregator: false,
            ..Default::default()
        };
        assert!(judge(&f).healthy);
    }
}
