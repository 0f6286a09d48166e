//! What `status` lists as problems, most important first, from what it saw of
//! each part of the stack. Pure.

use crate::domain::release::record::ReadRecord;
use crate::domain::release::versions::Live;
use crate::domain::stack::state;

/// The table as far as its problems go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSeen {
    /// The table's stream is on.
    pub stream_enabled: bool,
}

/// The aggregator function as far as its problems go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionSeen {
    /// Lambda's `State`.
    pub state: String,
    /// Lambda's `LastUpdateStatus`.
    pub last_update_status: String,
    /// It runs this tool's code.
    pub code_matches_tool: bool,
}

/// The stream mapping as far as its problems go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingSeen {
    /// `Enabled`, `Disabled`, ...
    pub state: String,
    /// `LastProcessingResult`.
    pub last_result: Option<String>,
}

/// What status saw; `None` for a part that is missing (or, when it is among
/// `unreadable`, could not be read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// The stack's status.
    pub stack_status: String,
    /// The aggregator function's name (for the hint on a failed batch).
    pub function_name: String,
    /// The stack has an aggregator (its parameters enable it).
    pub expect_function: bool,
    /// Parts that could not be read, with the error.
    pub unreadable: Vec<(String, String)>,
    /// The table.
    pub table: Option<TableSeen>,
    /// The function.
    pub function: Option<FunctionSeen>,
    /// The stream mapping.
    pub mapping: Option<MappingSeen>,
    /// Where `live` points.
    pub live: Option<Live>,
    /// The alarms, as (name, state).
    pub alarms: Vec<(String, String)>,
    /// Visible messages in the dead-letter queue.
    pub dlq_messages: Option<i64>,
    /// The version record as read (`None`: no table).
    pub record: Option<ReadRecord>,
}

/// Problems, most important first: alarms, dead letters, a failed stack, parts
/// that could not be read, then each part in turn. Empty: healthy. Pure.
pub fn problems(seen: &Seen) -> Vec<String> {
    let stack_status = seen.stack_status.as_str();
    let unread = |part: &str| seen.unreadable.iter().any(|(p, _)| p == part);
    let mut p = Vec::new();
    for (alarm, _) in seen.alarms.iter().filter(|(_, state)| state == "ALARM") {
        p.push(format!("alarm {alarm} is in ALARM"));
    }
    if let Some(n) = seen.dlq_messages.filter(|n| *n > 0) {
        p.push(format!(
            "{n} messages in the dead-letter queue: batches the aggregator could not process"
        ));
    }
    if state::is_failed(stack_status) {
        p.push(format!(
            "stack is {stack_status}: {}",
            state::meaning(stack_status)
        ));
    }
    for (part, error) in &seen.unreadable {
        p.push(format!("could not read the {part}: {error}"));
    }
    match &seen.table {
        None if unread("table") => {}
        None => p.push("the table is missing".into()),
        Some(t) if !t.stream_enabled => {
            p.push("the table's stream is off: no usage snapshots".into())
        }
        _ => {}
    }
    if seen.expect_function {
        match &seen.function {
            None if unread("function") => {}
            None => p.push("the aggregator function is missing".into()),
            Some(f) if f.last_update_status == "Failed" || f.state == "Failed" => {
                p.push("the aggregator function is in a failed state".into())
            }
            Some(f) if !f.code_matches_tool => p.push(
                "the aggregator runs code other than this tool's (zae-limiter upgrade ships it)"
                    .into(),
            ),
            _ => {}
        }
        match &seen.mapping {
            None if unread("mapping") => {}
            None => p.push("the stream mapping is missing".into()),
            Some(m) if m.state != "Enabled" => p.push(format!("the stream mapping is {}", m.state)),
            Some(m) if m.last_result.as_deref().is_some_and(|r| r.starts_with("PROBLEM")) => {
                p.push(format!(
                    "the stream mapping's last batch failed ({}): see the aggregator's logs (/aws/lambda/{}) and the dead-letter queue; zae-limiter rollback if a release broke it",
                    m.last_result.as_deref().unwrap_or_default(),
                    seen.function_name
                ))
            }
            _ => {}
        }
        match &seen.live {
            Some(Live::NoAlias) => p.push(
                "the stack predates versioned releases: no alias `live` (zae-limiter upgrade adds it)"
                    .into(),
            ),
            Some(Live::Latest) => p.push(
                "`live` is on $LATEST: no version published yet (zae-limiter upgrade publishes one)"
                    .into(),
            ),
            _ => {}
        }
    }
    match &seen.record {
        Some(ReadRecord::Absent) => {
            p.push("no version record (zae-limiter upgrade writes it)".into())
        }
        Some(ReadRecord::Unreadable(w)) => p.push(format!("unreadable version record: {w}")),
        _ => {}
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn healthy() -> Seen {
        Seen {
            stack_status: "CREATE_COMPLETE".into(),
            function_name: "ZAEL-s-aggregator".into(),
            expect_function: true,
            unreadable: vec![],
            table: Some(TableSeen {
                stream_enabled: true,
            }),
            function: Some(FunctionSeen {
                state: "Active".into(),
                last_update_status: "Successful".into(),
                code_matches_tool: true,
            }),
            mapping: Some(MappingSeen {
                state: "Enabled".into(),
                last_result: Some("OK".into()),
            }),
            live: Some(Live::Version(2)),
            alarms: vec![("ZAEL-s-errors".into(), "OK".into())],
            dlq_messages: Some(0),
            record: Some(ReadRecord::Absent),
        }
    }

    #[test]
    fn a_healthy_stack_has_only_what_the_record_lacks() {
        assert_eq!(
            problems(&healthy()),
            vec!["no version record (zae-limiter upgrade writes it)".to_string()]
        );
    }

    #[test]
    fn alarms_and_dead_letters_come_first() {
        let mut s = healthy();
        s.mapping = None;
        s.dlq_messages = Some(3);
        s.alarms = vec![("ZAEL-s-errors".into(), "ALARM".into())];
        let p = problems(&s);
        assert_eq!(p[0], "alarm ZAEL-s-errors is in ALARM");
        assert!(
            p[1].starts_with("3 messages in the dead-letter queue"),
            "{p:?}"
        );
        assert!(
            p.contains(&"the stream mapping is missing".to_string()),
            "{p:?}"
        );
    }

    #[test]
    fn an_unreadable_part_is_said_once_not_as_missing() {
        let mut s = healthy();
        s.function = None;
        s.unreadable = vec![("function".into(), "AccessDenied".into())];
        let p = problems(&s);
        assert!(p.contains(&"could not read the function: AccessDenied".to_string()));
        assert!(
            !p.iter().any(|x| x.contains("function is missing")),
            "{p:?}"
        );
    }

    #[test]
    fn a_failed_batch_points_at_the_logs() {
        let mut s = healthy();
        s.mapping = Some(MappingSeen {
            state: "Enabled".into(),
            last_result: Some("PROBLEM: Function call failed".into()),
        });
        let p = problems(&s);
        assert!(
            p.iter()
                .any(|x| x.contains("/aws/lambda/ZAEL-s-aggregator")),
            "{p:?}"
        );
    }

    #[test]
    fn without_an_aggregator_its_parts_are_not_expected() {
        let mut s = healthy();
        s.expect_function = false;
        s.function = None;
        s.mapping = None;
        s.live = None;
        assert_eq!(problems(&s).len(), 1);
    }
}
