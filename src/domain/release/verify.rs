//! The verification of a release as pure decisions: what a release should have
//! left behind, the verdict of one look at what is there, and what to do when it
//! failed.

use serde::Serialize;

use super::versions::{Live, LIVE_ALIAS};

/// What a release should have left behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// The version `live` should point at.
    pub version: u64,
    /// The `lambda_version` the record should name.
    pub lambda_version: String,
}

/// The stream mapping as seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingSeen {
    /// Enabled, Disabled, Creating, ...
    pub state: String,
    /// The ARN it invokes.
    pub function_arn: String,
}

/// What was observed after the release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed {
    /// Where `live` points.
    pub live: Live,
    /// The function's `State`.
    pub state: String,
    /// The function's `LastUpdateStatus`.
    pub last_update_status: String,
    /// The stream mapping (`None`: not found).
    pub mapping: Option<MappingSeen>,
    /// The record's `lambda_version` (`None`: no readable record).
    pub record_lambda_version: Option<Option<String>>,
}

/// The verdict of one look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome", content = "reasons")]
pub enum Outcome {
    /// Everything is as expected.
    Passed,
    /// Still settling (function updating, mapping enabling): look again.
    Pending(Vec<String>),
    /// Something is wrong; the reasons say what.
    Failed(Vec<String>),
}

/// Checks the observation against the expectation. Failures win over
/// pending states; every failure is listed. Pure.
pub fn verify(expected: &Expected, seen: &Observed) -> Outcome {
    let mut failed = Vec::new();
    let mut pending = Vec::new();
    match seen.live {
        Live::Version(n) if n == expected.version => {}
        Live::Version(n) => failed.push(format!(
            "`{LIVE_ALIAS}` points at version {n}, not the new version {}",
            expected.version
        )),
        Live::Latest => failed.push(format!("`{LIVE_ALIAS}` points at $LATEST")),
        Live::NoAlias => failed.push(format!("the alias `{LIVE_ALIAS}` is missing")),
    }
    match seen.state.as_str() {
        "Active" => {}
        "Pending" => pending.push("the function is still Pending".into()),
        other => failed.push(format!("the function is {}", or_unknown(other))),
    }
    match seen.last_update_status.as_str() {
        "Successful" => {}
        "InProgress" => pending.push("the function's last update is still in progress".into()),
        other => failed.push(format!(
            "the function's last update is {}",
            or_unknown(other)
        )),
    }
    match &seen.mapping {
        None => failed.push("the stream mapping is missing".into()),
        Some(m) => {
            let suffix = format!(":{LIVE_ALIAS}");
            if !m.function_arn.ends_with(&suffix) {
                failed.push(format!(
                    "the stream mapping invokes {}, not the alias `{LIVE_ALIAS}`",
                    m.function_arn
                ));
            }
            match m.state.as_str() {
                "Enabled" => {}
                "Creating" | "Enabling" | "Updating" => {
                    pending.push(format!("the stream mapping is {}", m.state))
                }
                other => failed.push(format!("the stream mapping is {}", or_unknown(other))),
            }
        }
    }
    match &seen.record_lambda_version {
        None => failed.push("the version record cannot be read".into()),
        Some(v) if v.as_deref() == Some(expected.lambda_version.as_str()) => {}
        Some(v) => failed.push(format!(
            "the version record names Lambda {}, not {}",
            v.as_deref().unwrap_or("none"),
            expected.lambda_version
        )),
    }
    if !failed.is_empty() {
        Outcome::Failed(failed)
    } else if !pending.is_empty() {
        Outcome::Pending(pending)
    } else {
        Outcome::Passed
    }
}

fn or_unknown(s: &str) -> &str {
    if s.is_empty() {
        "in an unknown state"
    } else {
        s
    }
}

/// What to do when verification failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterFailure {
    /// Move `live` back to this version and restore the record.
    RollBack {
        /// The version that was live before.
        to: u64,
    },
    /// Leave the new version live; the reason says why.
    Keep {
        /// Why there is no rollback.
        why: String,
    },
}

/// Decides the response to a failed verification. Pure.
pub fn after_failure(before: &Live, new_version: u64, no_rollback: bool) -> AfterFailure {
    if no_rollback {
        return AfterFailure::Keep {
            why: format!("--no-rollback: version {new_version} stays live for diagnosis"),
        };
    }
    match before {
        Live::Version(n) if *n != new_version => AfterFailure::RollBack { to: *n },
        Live::Version(_) => AfterFailure::Keep {
            why: format!("version {new_version} was already live before this release"),
        },
        Live::Latest | Live::NoAlias => AfterFailure::Keep {
            why: "no version was published before this one, so there is nothing to return to"
                .into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> Observed {
        Observed {
            live: Live::Version(3),
            state: "Active".into(),
            last_update_status: "Successful".into(),
            mapping: Some(MappingSeen {
                state: "Enabled".into(),
                function_arn: "arn:aws:lambda:us-east-1:1:function:ZAEL-x-aggregator:live".into(),
            }),
            record_lambda_version: Some(Some("0.3.0".into())),
        }
    }

    fn expected() -> Expected {
        Expected {
            version: 3,
            lambda_version: "0.3.0".into(),
        }
    }

    fn failed(o: Outcome) -> Vec<String> {
        match o {
            Outcome::Failed(r) => r,
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn a_healthy_release_passes() {
        assert_eq!(verify(&expected(), &good()), Outcome::Passed);
    }

    #[test]
    fn live_on_another_version_fails() {
        let mut o = good();
        o.live = Live::Version(2);
        assert!(failed(verify(&expected(), &o))[0].contains("version 2"));
        o.live = Live::Latest;
        assert!(failed(verify(&expected(), &o))[0].contains("$LATEST"));
        o.live = Live::NoAlias;
        assert!(failed(verify(&expected(), &o))[0].contains("missing"));
    }

    #[test]
    fn function_states() {
        let mut o = good();
        o.state = "Pending".into();
        assert!(matches!(verify(&expected(), &o), Outcome::Pending(_)));
        o.state = "Failed".into();
        assert!(failed(verify(&expected(), &o))[0].contains("Failed"));
        let mut o = good();
        o.last_update_status = "InProgress".into();
        assert!(matches!(verify(&expected(), &o), Outcome::Pending(_)));
        o.last_update_status = "Failed".into();
        assert!(failed(verify(&expected(), &o))[0].contains("last update is Failed"));
        o.last_update_status = String::new();
        assert!(failed(verify(&expected(), &o))[0].contains("unknown"));
    }

    #[test]
    fn mapping_must_be_enabled_on_the_alias() {
        let mut o = good();
        o.mapping.as_mut().unwrap().state = "Disabled".into();
        assert_eq!(
            failed(verify(&expected(), &o)),
            vec!["the stream mapping is Disabled".to_string()]
        );
        o.mapping.as_mut().unwrap().state = "Enabling".into();
        assert!(matches!(verify(&expected(), &o), Outcome::Pending(_)));
        let mut o = good();
        o.mapping.as_mut().unwrap().function_arn =
            "arn:aws:lambda:us-east-1:1:function:ZAEL-x-aggregator".into();
        assert!(failed(verify(&expected(), &o))[0].contains("not the alias"));
        o.mapping = None;
        assert!(failed(verify(&expected(), &o))[0].contains("missing"));
    }

    #[test]
    fn the_record_must_name_the_new_lambda() {
        let mut o = good();
        o.record_lambda_version = Some(Some("0.2.0".into()));
        assert!(failed(verify(&expected(), &o))[0].contains("0.2.0"));
        o.record_lambda_version = Some(None);
        assert!(failed(verify(&expected(), &o))[0].contains("none"));
        o.record_lambda_version = None;
        assert!(failed(verify(&expected(), &o))[0].contains("cannot be read"));
    }

    #[test]
    fn failures_win_over_pending_and_all_are_listed() {
        let mut o = good();
        o.state = "Pending".into();
        o.live = Live::Version(1);
        o.mapping.as_mut().unwrap().state = "Disabled".into();
        assert_eq!(failed(verify(&expected(), &o)).len(), 2);
    }

    #[test]
    fn rollback_decisions() {
        assert_eq!(
            after_failure(&Live::Version(2), 3, false),
            AfterFailure::RollBack { to: 2 }
        );
        assert!(
            matches!(after_failure(&Live::Version(2), 3, true), AfterFailure::Keep { why } if why.contains("--no-rollback"))
        );
        assert!(
            matches!(after_failure(&Live::Version(3), 3, false), AfterFailure::Keep { why } if why.contains("already live"))
        );
        assert!(
            matches!(after_failure(&Live::Latest, 1, false), AfterFailure::Keep { why } if why.contains("nothing to return to"))
        );
        assert!(matches!(
            after_failure(&Live::NoAlias, 1, false),
            AfterFailure::Keep { .. }
        ));
    }
}
