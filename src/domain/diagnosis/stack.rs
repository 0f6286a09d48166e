//! Rules on the stack's state and the version verdict.

use super::{unread, Facts, Finding, Observed, Severity};

/// The stack as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackFacts {
    /// CloudFormation's status.
    pub status: String,
}

/// The version verdict (as `check`) and where `live` points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionFacts {
    /// The verdict allows use.
    pub compatible: bool,
    /// The verdict stops use (tool too old, schema migration, unreadable record, ...).
    pub blocking: bool,
    /// The verdict's code (as `check --output json`).
    pub verdict_code: String,
    /// The verdict in words.
    pub verdict_summary: String,
    /// The verdict's next step.
    pub next_step: String,
    /// `lambda_version` in the version record.
    pub record_lambda_version: Option<String>,
    /// The published version `live` points at (`None`: no alias or `$LATEST`).
    pub live_version: Option<u64>,
    /// The tool version that published the live version, per its description.
    pub live_tool_version: Option<String>,
    /// The live version runs this tool's package.
    pub live_runs_tool_package: bool,
}

/// Stack and version rules.
pub fn rules(f: &Facts) -> Vec<Finding> {
    let name = &f.name;
    let stack = name.stack();
    let mut out = Vec::new();
    match &f.stack {
        Observed::Missing => out.push(
            Finding::new(
                "stack-missing",
                Severity::Critical,
                "stack",
                format!("stack {stack} does not exist"),
                format!("DescribeStacks: no stack {stack}"),
            )
            .remedy(format!("zae-limiter deploy --name {name}")),
        ),
        Observed::Seen(s) => out.extend(stack_status(f, &s.status)),
        other => out.extend(unread(other, "stack", "stack", "the stack")),
    }
    match &f.version {
        Observed::Seen(v) => out.extend(version(f, v)),
        Observed::Missing => {}
        other => out.extend(unread(other, "version", "version", "the version verdict")),
    }
    out
}

fn stack_status(f: &Facts, status: &str) -> Option<Finding> {
    let name = &f.name;
    let stack = name.stack();
    let evidence = format!("stack status {status} (CloudFormation DescribeStacks)");
    let finding =
        |id, sev, summary: String| Finding::new(id, sev, "stack", summary, evidence.clone());
    if status == "UPDATE_ROLLBACK_FAILED" {
        return Some(
            finding("stack-rollback-failed", Severity::Critical, format!("{stack} is stuck after a failed update rollback"))
                .remedy(format!("aws cloudformation continue-update-rollback --stack-name {stack}, then zae-limiter deploy --name {name}")),
        );
    }
    if status == "ROLLBACK_COMPLETE" || status == "ROLLBACK_FAILED" || status == "CREATE_FAILED" {
        return Some(
            finding("stack-create-failed", Severity::Critical, format!("{stack} failed to create"))
                .remedy(format!("read the cause with aws cloudformation describe-stack-events --stack-name {stack}; then zae-limiter delete --name {name} and deploy again")),
        );
    }
    if status.ends_with("_FAILED") {
        return Some(
            finding("stack-failed", Severity::Critical, format!("{stack} is in a failed state"))
                .remedy(format!("aws cloudformation describe-stack-events --stack-name {stack} names the failing resource")),
        );
    }
    if status == "UPDATE_ROLLBACK_COMPLETE" {
        return Some(
            finding("stack-update-rolled-back", Severity::Warning, format!("the last update of {stack} was rolled back"))
                .remedy(format!("aws cloudformation describe-stack-events --stack-name {stack} says why; fix it and run zae-limiter deploy --name {name}")),
        );
    }
    if status.ends_with("_IN_PROGRESS") {
        return Some(
            finding(
                "stack-in-progress",
                Severity::Info,
                format!("an operation on {stack} is under way"),
            )
            .remedy(format!("wait for it: zae-limiter status --name {name}")),
        );
    }
    None
}

fn version(f: &Facts, v: &VersionFacts) -> Vec<Finding> {
    let name = &f.name;
    let mut out = Vec::new();
    let evidence = format!(
        "verdict {} (version record and stack, as zae-limiter check)",
        v.verdict_code
    );
    if v.blocking {
        out.push(
            Finding::new(
                "version-blocked",
                Severity::Critical,
                "version",
                v.verdict_summary.clone(),
                evidence,
            )
            .remedy(v.next_step.clone()),
        );
    } else if !v.compatible || v.verdict_code == "update_available" {
        out.push(
            Finding::new(
                "version-update-available",
                Severity::Warning,
                "version",
                v.verdict_summary.clone(),
                evidence,
            )
            .remedy(format!("zae-limiter upgrade --name {name}")),
        );
    }
    if let Some(live) = v.live_version {
        let recorded = v.record_lambda_version.as_deref();
        let live_tool = v.live_tool_version.as_deref();
        if recorded.is_some() && live_tool != recorded {
            out.push(
                Finding::new(
                    "live-not-recorded",
                    Severity::Warning,
                    "version",
                    "the alias live runs a release other than the one the version record names",
                    format!(
                        "live = version {live} published by {} (Lambda GetAlias, ListVersionsByFunction); record lambda_version {}",
                        live_tool.unwrap_or("an unknown tool"),
                        recorded.unwrap_or("-")
                    ),
                )
                .remedy(format!("zae-limiter upgrade --name {name} (or zae-limiter rollback --name {name} if the newer release is the bad one)")),
            );
        } else if !v.live_runs_tool_package && live_tool.is_none() {
            out.push(
                Finding::new(
                    "live-foreign-code",
                    Severity::Warning,
                    "version",
                    "the alias live runs code this tool did not publish",
                    format!("live = version {live}, no zae-limiter description (Lambda ListVersionsByFunction)"),
                )
                .remedy(format!("zae-limiter upgrade --name {name} --force")),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{healthy, ids};
    use super::super::*;

    #[test]
    fn failed_rollback_is_critical_with_continue_update_rollback() {
        let mut f = healthy();
        f.stack = Observed::Seen(stack::StackFacts {
            status: "UPDATE_ROLLBACK_FAILED".into(),
        });
        let d = judge(&f);
        assert_eq!(ids(&d)[0], "stack-rollback-failed");
        assert!(d.findings[0]
            .remedy
            .as_deref()
            .unwrap()
            .contains("continue-update-rollback --stack-name ZAEL-x"));
        assert_eq!(d.verdict, Verdict::Critical);
    }

    #[test]
    fn a_missing_stack_is_critical() {
        let mut f = healthy();
        f.stack = Observed::Missing;
        assert_eq!(ids(&judge(&f))[0], "stack-missing");
    }

    #[test]
    fn live_elsewhere_than_the_record_warns() {
        let mut f = healthy();
        if let Observed::Seen(v) = &mut f.version {
            v.live_tool_version = Some("0.4.0".into());
        }
        let d = judge(&f);
        assert!(ids(&d).contains(&"live-not-recorded"));
        assert_eq!(d.verdict, Verdict::Warnings);
    }

    #[test]
    fn a_blocking_verdict_is_critical_with_its_next_step() {
        let mut f = healthy();
        if let Observed::Seen(v) = &mut f.version {
            v.blocking = true;
            v.compatible = false;
            v.next_step = "install zae-limiter 0.9 or later".into();
        }
        let d = judge(&f);
        assert_eq!(d.findings[0].id, "version-blocked");
        assert_eq!(
            d.findings[0].remedy.as_deref(),
            Some("install zae-limiter 0.9 or later")
        );
    }
}
