//! Stack events: picking the new ones, folding them into one line per
//! resource, and naming the failures. Pure, so realistic event sequences can
//! be unit-tested (the emulator emits only stack-level events).

use std::collections::HashSet;

use chrono::{DateTime, Utc};

/// One CloudFormation stack event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Event id (unique).
    pub id: String,
    /// Logical id of the resource (the stack's own name for stack events).
    pub logical_id: String,
    /// Resource type, e.g. `AWS::DynamoDB::Table`.
    pub resource_type: String,
    /// Status, e.g. `CREATE_IN_PROGRESS`.
    pub status: String,
    /// CloudFormation's reason, when given.
    pub reason: Option<String>,
    /// When it happened.
    pub timestamp: DateTime<Utc>,
}

/// Events of the current operation not seen before and not older than
/// `since`, oldest first, from a newest-first page as DescribeStackEvents
/// returns it. The current operation starts at the newest stack-level
/// `*_IN_PROGRESS` event with reason "User Initiated"; anything before it
/// belongs to an earlier operation, however recent. Marks them seen.
pub fn take_new(page: &[Event], seen: &mut HashSet<String>, since: DateTime<Utc>) -> Vec<Event> {
    let start = page.iter().position(|e| {
        e.resource_type == "AWS::CloudFormation::Stack"
            && e.status.ends_with("_IN_PROGRESS")
            && e.reason
                .as_deref()
                .is_some_and(|r| r.contains("User Initiated"))
    });
    let current = match start {
        Some(i) => &page[..=i],
        None => page,
    };
    let mut new: Vec<Event> = current
        .iter()
        .filter(|e| e.timestamp >= since && !seen.contains(&e.id))
        .cloned()
        .collect();
    new.reverse();
    for e in &new {
        seen.insert(e.id.clone());
    }
    new
}

/// A plain, timestamped line for one event (used off a terminal).
pub fn line(e: &Event) -> String {
    let mut s = format!(
        "{}  {:<28} {:<34} {}",
        e.timestamp.format("%H:%M:%S"),
        e.logical_id,
        e.resource_type,
        e.status
    );
    if let Some(r) = e.reason.as_deref().filter(|r| !r.is_empty()) {
        s.push_str(&format!("  ({r})"));
    }
    s
}

/// One resource's progress: latest status and elapsed time since its first event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceRow {
    /// Logical id.
    pub logical_id: String,
    /// Resource type.
    pub resource_type: String,
    /// Latest status.
    pub status: String,
    /// Seconds from its first to its latest event.
    pub elapsed_secs: i64,
}

/// Folds events (oldest first) into one row per resource, in order of first appearance.
pub fn rows(events: &[Event]) -> Vec<ResourceRow> {
    let mut out: Vec<(ResourceRow, DateTime<Utc>)> = Vec::new();
    for e in events {
        match out.iter_mut().find(|(r, _)| r.logical_id == e.logical_id) {
            Some((row, first)) => {
                row.status = e.status.clone();
                row.elapsed_secs = (e.timestamp - *first).num_seconds();
            }
            None => out.push((
                ResourceRow {
                    logical_id: e.logical_id.clone(),
                    resource_type: e.resource_type.clone(),
                    status: e.status.clone(),
                    elapsed_secs: 0,
                },
                e.timestamp,
            )),
        }
    }
    out.into_iter().map(|(r, _)| r).collect()
}

/// A resource that failed, with CloudFormation's reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Failure {
    /// Logical id.
    pub logical_id: String,
    /// Resource type.
    pub resource_type: String,
    /// The failed status.
    pub status: String,
    /// CloudFormation's reason.
    pub reason: String,
}

/// Every failed resource (not the stack itself), skipping the knock-on
/// "cancelled" failures so the root cause stands out.
pub fn failures(events: &[Event]) -> Vec<Failure> {
    let mut out: Vec<Failure> = Vec::new();
    for e in events {
        if !e.status.ends_with("_FAILED") || e.resource_type == "AWS::CloudFormation::Stack" {
            continue;
        }
        let reason = e.reason.clone().unwrap_or_default();
        if reason.contains("Resource creation cancelled")
            || reason.contains("Resource update cancelled")
        {
            continue;
        }
        if !out
            .iter()
            .any(|f| f.logical_id == e.logical_id && f.status == e.status)
        {
            out.push(Failure {
                logical_id: e.logical_id.clone(),
                resource_type: e.resource_type.clone(),
                status: e.status.clone(),
                reason,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: usize, logical: &str, ty: &str, status: &str, reason: Option<&str>, t: i64) -> Event {
        Event {
            id: format!("e{id}"),
            logical_id: logical.into(),
            resource_type: ty.into(),
            status: status.into(),
            reason: reason.map(Into::into),
            timestamp: DateTime::from_timestamp(1_700_000_000 + t, 0).unwrap(),
        }
    }

    /// A create that fails on the role (a permission boundary that does not
    /// exist), as real CloudFormation reports it, newest first. The emulator
    /// emits no per-resource events, so this sequence is written out here.
    fn failed_create_newest_first() -> Vec<Event> {
        let s = "AWS::CloudFormation::Stack";
        let mut v = vec![
            ev(1, "ZAEL-x", s, "CREATE_IN_PROGRESS", Some("User Initiated"), 0),
            ev(2, "RateLimitsTable", "AWS::DynamoDB::Table", "CREATE_IN_PROGRESS", None, 1),
            ev(3, "AggregatorRole", "AWS::IAM::Role", "CREATE_IN_PROGRESS", None, 1),
            ev(4, "AggregatorRole", "AWS::IAM::Role", "CREATE_FAILED", Some("Policy arn:aws:iam::1:policy/nope does not exist or is not attachable."), 3),
            ev(5, "RateLimitsTable", "AWS::DynamoDB::Table", "CREATE_FAILED", Some("Resource creation cancelled"), 4),
            ev(6, "ZAEL-x", s, "ROLLBACK_IN_PROGRESS", Some("The following resource(s) failed to create: [AggregatorRole, RateLimitsTable]."), 5),
            ev(7, "RateLimitsTable", "AWS::DynamoDB::Table", "DELETE_SKIPPED", None, 6),
            ev(8, "ZAEL-x", s, "ROLLBACK_COMPLETE", None, 8),
        ];
        v.reverse();
        v
    }

    #[test]
    fn new_events_come_oldest_first_and_once() {
        let page = failed_create_newest_first();
        let mut seen = HashSet::new();
        let since = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let first = take_new(&page[4..], &mut seen, since);
        assert_eq!(first.first().unwrap().id, "e1");
        assert_eq!(first.len(), 4);
        let second = take_new(&page, &mut seen, since);
        assert_eq!(
            second.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["e5", "e6", "e7", "e8"]
        );
        assert!(take_new(&page, &mut seen, since).is_empty());
    }

    #[test]
    fn old_events_from_earlier_operations_are_skipped() {
        let page = failed_create_newest_first();
        let since = DateTime::from_timestamp(1_700_000_004, 0).unwrap();
        let got = take_new(&page, &mut HashSet::new(), since);
        assert_eq!(got.first().unwrap().id, "e5");
    }

    #[test]
    fn events_of_an_earlier_operation_are_skipped_however_recent() {
        let s = "AWS::CloudFormation::Stack";
        // An update started a second after the create finished, newest first.
        let mut page = vec![
            ev(
                9,
                "ZAEL-x",
                s,
                "UPDATE_IN_PROGRESS",
                Some("User Initiated"),
                9,
            ),
            ev(
                10,
                "AggregatorFunction",
                "AWS::Lambda::Function",
                "UPDATE_IN_PROGRESS",
                None,
                9,
            ),
        ];
        page.reverse();
        page.extend(failed_create_newest_first());
        let since = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let got = take_new(&page, &mut HashSet::new(), since);
        assert_eq!(
            got.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["e9", "e10"]
        );
    }

    #[test]
    fn failures_name_the_root_cause_with_its_reason() {
        let mut events = failed_create_newest_first();
        events.reverse();
        let f = failures(&events);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].logical_id, "AggregatorRole");
        assert!(f[0].reason.contains("does not exist"));
    }

    #[test]
    fn rows_fold_per_resource() {
        let mut events = failed_create_newest_first();
        events.reverse();
        let r = rows(&events);
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].logical_id, "ZAEL-x");
        assert_eq!(r[0].status, "ROLLBACK_COMPLETE");
        assert_eq!(r[0].elapsed_secs, 8);
        assert_eq!(r[1].status, "DELETE_SKIPPED");
        assert_eq!(r[2].status, "CREATE_FAILED");
    }

    #[test]
    fn lines_carry_reasons() {
        let e = ev(
            4,
            "AggregatorRole",
            "AWS::IAM::Role",
            "CREATE_FAILED",
            Some("boom"),
            3,
        );
        let l = line(&e);
        assert!(
            l.contains("AggregatorRole") && l.contains("CREATE_FAILED") && l.ends_with("(boom)")
        );
    }
}
