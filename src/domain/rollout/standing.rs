//! Where each stack of a fleet stands before a rollout: to upgrade, already current,
//! or refused (and why). Pure.

use crate::domain::compat::Verdict;
use crate::domain::stack::state::is_updatable;

/// A stack's standing before the rollout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// It needs this tool's release: it goes in a wave.
    Candidate,
    /// It already runs this tool's release: skipped (a rerun continues after it).
    Current,
    /// It cannot be upgraded by a rollout; the reason says why and what to do.
    Refused(String),
}

/// Decides from the stack's status and its compatibility verdict.
pub fn standing(name: &str, stack_status: &str, verdict: &Verdict) -> Standing {
    if !is_updatable(stack_status) {
        return Standing::Refused(format!(
            "stack is {stack_status}; settle it first (`zae-limiter status --name {name}`)"
        ));
    }
    match verdict {
        Verdict::UpdateAvailable { .. } | Verdict::NotInitialized => Standing::Candidate,
        Verdict::Compatible {
            lambda_newer: true,
            deployed_lambda,
        } => Standing::Refused(format!(
            "its aggregator {deployed_lambda} is newer than this tool; a rollout never downgrades"
        )),
        Verdict::Compatible { .. } | Verdict::NoAggregator { .. } => Standing::Current,
        Verdict::SchemaMigration { deployed_schema } => Standing::Refused(format!(
            "schema {deployed_schema} needs a migration this tool does not do"
        )),
        Verdict::ToolTooOld { client_min } => {
            Standing::Refused(format!("it requires zae-limiter {client_min} or newer"))
        }
        Verdict::Unreadable { why } => {
            Standing::Refused(format!("its version record cannot be read ({why})"))
        }
        Verdict::NotDeployed { what } => Standing::Refused(format!("not deployed: {what}")),
        Verdict::TableWithoutStack { .. } => {
            Standing::Refused("its table has no stack; `zae-limiter deploy` adopts it".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standings() {
        let update = Verdict::UpdateAvailable {
            deployed_lambda: Some("0.4.0".into()),
            reason: crate::domain::compat::UpdateReason::Older,
        };
        assert_eq!(
            standing("a", "UPDATE_COMPLETE", &update),
            Standing::Candidate
        );
        assert_eq!(
            standing("a", "CREATE_COMPLETE", &Verdict::NotInitialized),
            Standing::Candidate
        );
        let current = Verdict::Compatible {
            deployed_lambda: "0.5.0".into(),
            lambda_newer: false,
        };
        assert_eq!(
            standing("a", "UPDATE_COMPLETE", &current),
            Standing::Current
        );
        let newer = Verdict::Compatible {
            deployed_lambda: "9.0.0".into(),
            lambda_newer: true,
        };
        assert!(
            matches!(standing("a", "UPDATE_COMPLETE", &newer), Standing::Refused(r) if r.contains("never downgrades"))
        );
        let mig = Verdict::SchemaMigration {
            deployed_schema: "2.0.0".into(),
        };
        assert!(
            matches!(standing("a", "UPDATE_COMPLETE", &mig), Standing::Refused(r) if r.contains("migration"))
        );
        assert!(
            matches!(standing("a", "UPDATE_IN_PROGRESS", &update), Standing::Refused(r) if r.contains("UPDATE_IN_PROGRESS"))
        );
    }
}
