//! How `deploy` gets from what exists to a complete stack: create, adopt the table,
//! update, clear a dead stack out of the way first, continue a failed rollback, or
//! refuse. Pure: the facts in, the decision out; deploy performs it.

/// What exists for the limiter when deploy starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// The stack's status, `None` when there is no stack.
    pub stack_status: Option<String>,
    /// Whether the stack owns the table (lists it among its resources). Only asked
    /// for stacks that may be dead (see [`may_be_dead`]); `None` otherwise.
    pub stack_owns_table: Option<bool>,
    /// Whether the table `ZAEL-<name>` exists.
    pub table_exists: bool,
    /// `--continue-rollback` was given.
    pub continue_rollback: bool,
}

/// What deploy does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// No stack, no table: create the stack.
    Create,
    /// No stack, but the table: import it into a new stack, then update.
    Adopt,
    /// A stack that can be updated: update it.
    Update,
    /// A stack that can never be updated and owns nothing worth keeping (a failed
    /// first create, a failed import, a change set never executed): delete it — its
    /// table, if any, is retained by policy — then create or adopt.
    ClearThen {
        /// The dead stack's status, for the message.
        status: String,
        /// Adopt afterwards (the table exists) rather than create.
        adopt: bool,
    },
    /// `UPDATE_ROLLBACK_FAILED` with `--continue-rollback`: continue the rollback,
    /// wait, then update.
    ContinueRollbackThenUpdate,
    /// Leave the stack alone; the status says why (see `refusal` in deploy).
    Refuse {
        /// The stack's status.
        status: String,
    },
}

/// Statuses of a stack that may be dead: deploy asks whether it owns the table.
pub fn may_be_dead(status: &str) -> bool {
    matches!(
        status,
        "ROLLBACK_COMPLETE" | "IMPORT_ROLLBACK_COMPLETE" | "REVIEW_IN_PROGRESS"
    )
}

/// The decision.
pub fn decide(f: &Facts) -> Route {
    let Some(status) = f.stack_status.as_deref() else {
        return if f.table_exists {
            Route::Adopt
        } else {
            Route::Create
        };
    };
    let owns_table = f.stack_owns_table.unwrap_or(false);
    match status {
        // A failed first create: nothing but retained resources can be left, and
        // CloudFormation allows only deleting it.
        "ROLLBACK_COMPLETE" => Route::ClearThen {
            status: status.into(),
            adopt: f.table_exists,
        },
        // A stack made for an import whose change set failed or was never executed,
        // or an import that rolled back: it owns nothing unless the table got in.
        "REVIEW_IN_PROGRESS" | "IMPORT_ROLLBACK_COMPLETE" if !owns_table => Route::ClearThen {
            status: status.into(),
            adopt: f.table_exists,
        },
        "UPDATE_ROLLBACK_FAILED" if f.continue_rollback => Route::ContinueRollbackThenUpdate,
        s if super::state::is_updatable(s) => Route::Update,
        s => Route::Refuse { status: s.into() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(status: Option<&str>, owns: Option<bool>, table: bool) -> Facts {
        Facts {
            stack_status: status.map(str::to_string),
            stack_owns_table: owns,
            table_exists: table,
            continue_rollback: false,
        }
    }

    #[test]
    fn nothing_creates_and_a_lone_table_is_adopted() {
        assert_eq!(decide(&facts(None, None, false)), Route::Create);
        assert_eq!(decide(&facts(None, None, true)), Route::Adopt);
    }

    #[test]
    fn healthy_stacks_are_updated() {
        for s in [
            "CREATE_COMPLETE",
            "UPDATE_COMPLETE",
            "UPDATE_ROLLBACK_COMPLETE",
            "IMPORT_COMPLETE",
        ] {
            assert_eq!(decide(&facts(Some(s), None, true)), Route::Update, "{s}");
        }
        // An import that rolled back but kept the table in the stack: update it.
        assert_eq!(
            decide(&facts(Some("IMPORT_ROLLBACK_COMPLETE"), Some(true), true)),
            Route::Update
        );
    }

    #[test]
    fn dead_stacks_are_cleared_then_create_or_adopt() {
        assert_eq!(
            decide(&facts(Some("ROLLBACK_COMPLETE"), Some(false), false)),
            Route::ClearThen {
                status: "ROLLBACK_COMPLETE".into(),
                adopt: false
            }
        );
        assert_eq!(
            decide(&facts(Some("ROLLBACK_COMPLETE"), Some(false), true)),
            Route::ClearThen {
                status: "ROLLBACK_COMPLETE".into(),
                adopt: true
            }
        );
        for s in ["REVIEW_IN_PROGRESS", "IMPORT_ROLLBACK_COMPLETE"] {
            assert_eq!(
                decide(&facts(Some(s), Some(false), true)),
                Route::ClearThen {
                    status: s.into(),
                    adopt: true
                }
            );
            assert!(may_be_dead(s));
        }
    }

    #[test]
    fn a_failed_rollback_is_continued_only_when_asked() {
        let mut f = facts(Some("UPDATE_ROLLBACK_FAILED"), None, true);
        assert_eq!(
            decide(&f),
            Route::Refuse {
                status: "UPDATE_ROLLBACK_FAILED".into()
            }
        );
        f.continue_rollback = true;
        assert_eq!(decide(&f), Route::ContinueRollbackThenUpdate);
    }

    #[test]
    fn busy_or_broken_stacks_are_refused() {
        for s in [
            "UPDATE_IN_PROGRESS",
            "CREATE_IN_PROGRESS",
            "DELETE_FAILED",
            "DELETE_IN_PROGRESS",
            "ROLLBACK_FAILED",
        ] {
            assert_eq!(
                decide(&facts(Some(s), None, true)),
                Route::Refuse { status: s.into() },
                "{s}"
            );
        }
        assert!(!may_be_dead("UPDATE_COMPLETE"));
    }
}
