//! Which stack states an operation may change, what each means, and what to say when
//! one refuses: the state policy shared by deploy, upgrade and delete. Pure.

use crate::domain::naming::LimiterName;
use crate::error::Error;

/// Whether a status is final (nothing in progress).
pub fn is_final(status: &str) -> bool {
    !status.ends_with("_IN_PROGRESS")
}

/// Whether a final status means the operation succeeded.
pub fn is_success(status: &str) -> bool {
    matches!(
        status,
        "CREATE_COMPLETE" | "UPDATE_COMPLETE" | "IMPORT_COMPLETE" | "DELETE_COMPLETE"
    )
}

/// Whether an existing stack in this status can be updated by deploy/upgrade.
pub fn is_updatable(status: &str) -> bool {
    matches!(
        status,
        "CREATE_COMPLETE"
            | "UPDATE_COMPLETE"
            | "UPDATE_ROLLBACK_COMPLETE"
            | "IMPORT_COMPLETE"
            | "IMPORT_ROLLBACK_COMPLETE"
    )
}

/// What a stack status means, in plain words.
pub fn meaning(status: &str) -> &'static str {
    match status {
        "CREATE_COMPLETE" => "created and healthy",
        "UPDATE_COMPLETE" => "updated and healthy",
        "UPDATE_ROLLBACK_COMPLETE" => "the last update failed and was rolled back; the stack works as before it",
        "ROLLBACK_COMPLETE" => "creation failed and was rolled back; delete the stack before deploying again",
        "ROLLBACK_FAILED" | "DELETE_FAILED" => "in a failed state; fix the named resources and delete the stack",
        "UPDATE_ROLLBACK_FAILED" => "an update and its rollback failed; continue the rollback (aws cloudformation continue-update-rollback)",
        "CREATE_FAILED" => "creation failed",
        "IMPORT_COMPLETE" | "IMPORT_ROLLBACK_COMPLETE" => "resources imported; the stack works",
        s if s.ends_with("_IN_PROGRESS") => "CloudFormation is working on it; wait for it to finish",
        _ => "unknown status",
    }
}

/// Whether a status counts as failed for `status` (non-zero exit).
pub fn is_failed(status: &str) -> bool {
    status.ends_with("_FAILED") || status == "ROLLBACK_COMPLETE"
}

/// The refusal for a stack that cannot be updated in its state.
pub fn refuse_state(name: &LimiterName, status: &str) -> Error {
    let e = Error::failure(format!(
        "stack {} is {status} ({}); it cannot be updated now",
        name.stack(),
        meaning(status)
    ));
    if status.ends_with("_IN_PROGRESS") {
        e.hint(format!(
            "wait for it to finish (zae-limiter status --name {name}), then run this again"
        ))
    } else if status == "UPDATE_ROLLBACK_FAILED" {
        e.hint(format!(
            "continue the rollback and deploy: zae-limiter deploy --name {name} --continue-rollback (fix the resource named in its events first: aws cloudformation describe-stack-events --stack-name {})",
            name.stack()
        ))
    } else if matches!(
        status,
        "ROLLBACK_COMPLETE" | "IMPORT_ROLLBACK_COMPLETE" | "REVIEW_IN_PROGRESS"
    ) {
        e.hint(format!(
            "zae-limiter deploy --name {name} deletes the dead stack (the table and its data are kept) and deploys again"
        ))
    } else if status.ends_with("_FAILED") {
        e.hint(format!(
            "fix the resource named in its events (aws cloudformation describe-stack-events --stack-name {}), then delete it (the table and its data are kept): zae-limiter delete --name {name} --yes; then zae-limiter deploy --name {name} adopts the table",
            name.stack()
        ))
    } else {
        e
    }
}

/// The error for a stack operation that ended in failure: the final status,
/// every failed resource with CloudFormation's reason, and what to do next.
pub fn failed(
    name: &LimiterName,
    status: &str,
    reason: Option<&str>,
    failures: &[super::events::Failure],
) -> Error {
    let mut msg = format!("stack {} ended in {status}", name.stack());
    if let Some(r) = reason {
        msg.push_str(&format!(": {r}"));
    }
    for f in failures {
        msg.push_str(&format!(
            "\n  {} ({}) {}: {}",
            f.logical_id, f.resource_type, f.status, f.reason
        ));
    }
    let hint = if matches!(status, "ROLLBACK_COMPLETE" | "IMPORT_ROLLBACK_COMPLETE") {
        format!("fix the cause named above, then run zae-limiter deploy --name {name} again: it deletes the failed stack (its table, if any, is kept) and deploys again")
    } else {
        format!("fix the cause named above (all events: aws cloudformation describe-stack-events --stack-name {}) and run this again", name.stack())
    };
    Error::failure(msg).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert!(is_updatable("UPDATE_ROLLBACK_COMPLETE"));
        assert!(!is_updatable("ROLLBACK_COMPLETE"));
        assert!(!is_updatable("UPDATE_IN_PROGRESS"));
        assert!(is_failed("DELETE_FAILED"));
        assert!(is_failed("ROLLBACK_COMPLETE"));
        assert!(!is_failed("UPDATE_ROLLBACK_COMPLETE"));
        assert!(meaning("ROLLBACK_COMPLETE").contains("delete the stack"));
        assert!(!is_final("CREATE_IN_PROGRESS"));
    }

    fn name() -> LimiterName {
        LimiterName::parse("prod").unwrap()
    }

    #[test]
    fn refusals_name_the_state_and_the_way_out() {
        let e = refuse_state(&name(), "UPDATE_IN_PROGRESS");
        assert!(e.message.contains("ZAEL-prod is UPDATE_IN_PROGRESS"));
        assert!(e.hint.unwrap().contains("wait for it to finish"));
        let e = refuse_state(&name(), "ROLLBACK_COMPLETE");
        assert!(e
            .hint
            .unwrap()
            .contains("zae-limiter deploy --name prod deletes the dead stack"));
        let e = refuse_state(&name(), "DELETE_FAILED");
        assert!(e.hint.unwrap().contains(
            "zae-limiter delete --name prod --yes; then zae-limiter deploy --name prod adopts"
        ));
        let e = refuse_state(&name(), "UPDATE_ROLLBACK_FAILED");
        assert!(e
            .hint
            .unwrap()
            .contains("zae-limiter deploy --name prod --continue-rollback"));
    }

    #[test]
    fn failures_list_every_failed_resource() {
        let failures = vec![crate::domain::stack::events::Failure {
            logical_id: "AggregatorRole".into(),
            resource_type: "AWS::IAM::Role".into(),
            status: "CREATE_FAILED".into(),
            reason: "not authorized to perform iam:CreateRole".into(),
        }];
        let e = failed(&name(), "ROLLBACK_COMPLETE", Some("rolled back"), &failures);
        assert!(e
            .message
            .contains("ended in ROLLBACK_COMPLETE: rolled back"));
        assert!(e
            .message
            .contains("AggregatorRole (AWS::IAM::Role) CREATE_FAILED: not authorized"));
        assert!(e.hint.unwrap().contains("deletes the failed stack"));
    }
}
