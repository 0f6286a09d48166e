//! What an upgrade does, decided from the compatibility verdict and the flags. Pure.

use crate::domain::compat::{self, Verdict};
use crate::error::{Error, ErrorKind, Result};

/// What an upgrade will do, decided from the verdict and flags. Pure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Nothing to do; the message says why.
    NoOp(String),
    /// Go ahead, overriding these objections (empty without --force).
    Proceed {
        /// What --force overrides, in words.
        overrides: Vec<String>,
    },
}

/// Decides whether to upgrade. Pure; unit-tested for every verdict and flag.
pub fn decide(verdict: &Verdict, force: bool, name: &str) -> Result<Decision> {
    let tool = compat::tool_version();
    let proceed = |o: &str| {
        Ok(Decision::Proceed {
            overrides: vec![o.to_string()],
        })
    };
    match verdict {
        Verdict::NotDeployed { what } => Err(Error::new(ErrorKind::NotDeployed, format!("nothing to upgrade: {what}"))
            .hint(format!("deploy it first: zae-limiter deploy --name {name}"))),
        Verdict::TableWithoutStack { .. } => Err(Error::new(
            ErrorKind::TableWithoutStack,
            format!("nothing to upgrade: table ZAEL-{name} exists but no stack manages it"),
        )
        .hint(format!("adopt it into a new stack (every item is kept): zae-limiter deploy --name {name}"))),
        Verdict::ToolTooOld { client_min } if !force => Err(Error::new(
            ErrorKind::ToolTooOld,
            format!("refusing to upgrade: this tool ({tool}) is older than the stack's minimum client version {client_min}"),
        )
        .hint(format!("install zae-limiter {client_min} or newer and upgrade with it"))),
        Verdict::ToolTooOld { client_min } => proceed(&format!(
            "--force overrides: this tool ({tool}) is older than the minimum client version {client_min}"
        )),
        Verdict::SchemaMigration { deployed_schema } if !force => Err(Error::new(
            ErrorKind::SchemaMigration,
            format!(
                "refusing to upgrade: deployed schema {deployed_schema} needs a migration to schema {}",
                compat::SCHEMA_VERSION
            ),
        )
        .hint(format!(
            "back up the table first (aws dynamodb create-backup --table-name ZAEL-{name} --backup-name ZAEL-{name}-pre-migration), then follow the schema migration procedure; nothing was changed"
        ))),
        Verdict::SchemaMigration { deployed_schema } => proceed(&format!(
            "--force overrides: deployed schema {deployed_schema} needs a migration (the record's schema is not lowered)"
        )),
        // --force cannot help here: writing over a record nobody can read would be a guess.
        Verdict::Unreadable { why } => Err(Error::failure(format!(
            "refusing to upgrade: the version record cannot be read ({why}); nothing was changed"
        ))
        .hint("inspect the record (zae-limiter version), fix or delete the item, then upgrade again")),
        Verdict::Compatible { deployed_lambda, lambda_newer } if !force => Ok(Decision::NoOp(if *lambda_newer {
            format!("deployed Lambda {deployed_lambda} is newer than this tool ({tool}); nothing done (--force downgrades it)")
        } else {
            format!("already at {deployed_lambda}; nothing to do")
        })),
        Verdict::Compatible { deployed_lambda, .. } => proceed(&format!(
            "--force overrides: already at {deployed_lambda}; redeploying"
        )),
        Verdict::NoAggregator { written_by } if !force => Ok(Decision::NoOp(format!(
            "the aggregator is disabled and the stack is already at {written_by}; nothing to do"
        ))),
        Verdict::NoAggregator { written_by } => proceed(&format!(
            "--force overrides: the stack is already at {written_by}; updating it again"
        )),
        Verdict::NotInitialized | Verdict::UpdateAvailable { .. } => Ok(Decision::Proceed { overrides: vec![] }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::compat::UpdateReason;

    #[test]
    fn refusals_and_their_codes() {
        let e = decide(
            &Verdict::SchemaMigration {
                deployed_schema: "2.0.0".into(),
            },
            false,
            "x",
        )
        .unwrap_err();
        assert_eq!(e.exit_code(), 4);
        assert!(e.hint.unwrap().contains("create-backup"));
        let e = decide(
            &Verdict::ToolTooOld {
                client_min: "9.0.0".into(),
            },
            false,
            "x",
        )
        .unwrap_err();
        assert_eq!(e.exit_code(), 3);
        let e = decide(
            &Verdict::NotDeployed {
                what: "no stack".into(),
            },
            true,
            "x",
        )
        .unwrap_err();
        assert_eq!(e.exit_code(), 5);
    }

    #[test]
    fn unreadable_records_are_refused_even_with_force() {
        let v = Verdict::Unreadable {
            why: "data is not a map".into(),
        };
        assert_eq!(decide(&v, false, "x").unwrap_err().exit_code(), 1);
        assert!(decide(&v, true, "x")
            .unwrap_err()
            .message
            .contains("cannot be read"));
    }

    #[test]
    fn force_says_what_it_overrides() {
        let d = decide(
            &Verdict::SchemaMigration {
                deployed_schema: "2.0.0".into(),
            },
            true,
            "x",
        )
        .unwrap();
        assert!(matches!(d, Decision::Proceed { overrides } if overrides[0].contains("2.0.0")));
        let d = decide(
            &Verdict::Compatible {
                deployed_lambda: "0.3.0".into(),
                lambda_newer: false,
            },
            true,
            "x",
        )
        .unwrap();
        assert!(
            matches!(d, Decision::Proceed { overrides } if overrides[0].contains("already at 0.3.0"))
        );
    }

    #[test]
    fn current_is_a_no_op_and_updates_proceed() {
        let d = decide(
            &Verdict::Compatible {
                deployed_lambda: "0.3.0".into(),
                lambda_newer: false,
            },
            false,
            "x",
        )
        .unwrap();
        assert!(matches!(d, Decision::NoOp(m) if m.contains("already at 0.3.0")));
        let d = decide(
            &Verdict::Compatible {
                deployed_lambda: "9.0.0".into(),
                lambda_newer: true,
            },
            false,
            "x",
        )
        .unwrap();
        assert!(matches!(d, Decision::NoOp(m) if m.contains("newer")));
        let d = decide(
            &Verdict::UpdateAvailable {
                deployed_lambda: None,
                reason: UpdateReason::Unknown,
            },
            false,
            "x",
        )
        .unwrap();
        assert_eq!(d, Decision::Proceed { overrides: vec![] });
        assert_eq!(
            decide(&Verdict::NotInitialized, false, "x").unwrap(),
            Decision::Proceed { overrides: vec![] }
        );
    }
}
