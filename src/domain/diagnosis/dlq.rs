//! Rules on the dead-letter queue and the stack's alarms.

use super::{unread, Facts, Finding, Observed, Severity, DLQ_AGE_CRITICAL_S};

/// The DLQ as read.
#[derive(Debug, Clone, PartialEq)]
pub struct DlqFacts {
    /// Its URL.
    pub queue_url: String,
    /// Visible messages (parked batches).
    pub depth: i64,
    /// Age of the oldest message, seconds (`None`: no datapoint).
    pub oldest_age_seconds: Option<f64>,
}

/// One alarm as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlarmFacts {
    /// Name.
    pub name: String,
    /// `OK`, `ALARM`, `INSUFFICIENT_DATA`.
    pub state: String,
    /// CloudWatch's reason.
    pub reason: Option<String>,
}

/// DLQ and alarm rules.
pub fn rules(f: &Facts) -> Vec<Finding> {
    let name = &f.name;
    let mut out = Vec::new();
    match &f.dlq {
        Observed::Seen(q) if q.depth > 0 => {
            let age = q.oldest_age_seconds;
            let old = age.is_some_and(|a| a >= DLQ_AGE_CRITICAL_S);
            let age_words = age.map_or("age of the oldest unknown".to_string(), |a| {
                format!("oldest {:.0} s old", a)
            });
            out.push(
                Finding::new(
                    "dlq-messages",
                    Severity::Critical,
                    "dlq",
                    if old {
                        "batches are parked in the DLQ and their records are about to leave the stream (24 h)".to_string()
                    } else {
                        "stream batches the aggregator could not process are parked in the DLQ".to_string()
                    },
                    format!("{} messages, {age_words} (SQS GetQueueAttributes ApproximateNumberOfMessages; CloudWatch AWS/SQS ApproximateAgeOfOldestMessage)", q.depth),
                )
                .remedy(format!("zae-limiter dlq show --name {name}; after fixing the cause, zae-limiter dlq redrive --name {name}")),
            );
        }
        Observed::Seen(_) => {}
        Observed::Missing => out.push(
            Finding::new(
                "dlq-missing",
                Severity::Warning,
                "dlq",
                format!("the dead-letter queue {} does not exist", name.queue()),
                "SQS GetQueueUrl: no such queue",
            )
            .remedy(super::drift(f, "the queue", &format!("aws sqs create-queue --queue-name {}, then point the mapping's on-failure destination at it", name.queue()))),
        ),
        other => out.extend(unread(other, "dlq", "dlq", "the dead-letter queue")),
    }
    match &f.alarms {
        Observed::Seen(list) => {
            for a in list {
                let short = a
                    .name
                    .strip_prefix(&format!("{}-", name.stack()))
                    .unwrap_or(&a.name);
                let reason = a.reason.as_deref().unwrap_or("no reason given");
                match a.state.as_str() {
                    "ALARM" => out.push(
                        Finding::new(
                            &format!("alarm-{short}"),
                            Severity::Warning,
                            "alarms",
                            format!("alarm {} is in ALARM", a.name),
                            format!("{reason} (CloudWatch DescribeAlarms)"),
                        )
                        .remedy(alarm_remedy(short, name.as_str())),
                    ),
                    "INSUFFICIENT_DATA" => out.push(Finding::new(
                        &format!("alarm-{short}-no-data"),
                        Severity::Info,
                        "alarms",
                        format!("alarm {} has too little data to judge", a.name),
                        format!("{reason} (CloudWatch DescribeAlarms)"),
                    )),
                    _ => {}
                }
            }
        }
        Observed::Missing => {}
        other => out.extend(unread(other, "alarms", "alarms", "the stack's alarms")),
    }
    out
}

fn alarm_remedy(short: &str, name: &str) -> String {
    match short {
        "aggregator-dlq-depth" => format!("zae-limiter dlq show --name {name}, then zae-limiter dlq redrive --name {name}"),
        "aggregator-errors" => format!("zae-limiter logs --name {name} --errors; zae-limiter rollback --name {name} if the current release is at fault"),
        "aggregator-duration" => format!("zae-limiter deploy --name {name} --lambda-timeout <seconds>"),
        "stream-iterator-age" => format!("zae-limiter doctor --name {name} (errors, duration, throttles explain a lagging stream)"),
        _ => format!("zae-limiter status --name {name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{healthy, ids};
    use super::super::*;

    #[test]
    fn parked_batches_are_critical_with_show_and_redrive() {
        let mut f = healthy();
        f.dlq = Observed::Seen(dlq::DlqFacts {
            queue_url: "u".into(),
            depth: 2,
            oldest_age_seconds: Some(10.0),
        });
        f.alarms = Observed::Seen(vec![dlq::AlarmFacts {
            name: "ZAEL-x-aggregator-dlq-depth".into(),
            state: "ALARM".into(),
            reason: Some("Threshold Crossed".into()),
        }]);
        let d = judge(&f);
        assert_eq!(ids(&d), ["dlq-messages", "alarm-aggregator-dlq-depth"]);
        assert!(d.findings[0]
            .remedy
            .as_deref()
            .unwrap()
            .contains("zae-limiter dlq redrive --name x"));
        assert!(d.findings[1].evidence.contains("Threshold Crossed"));
        assert_eq!(d.verdict, Verdict::Critical);
    }

    #[test]
    fn nearly_expired_batches_say_so() {
        let mut f = healthy();
        f.dlq = Observed::Seen(dlq::DlqFacts {
            queue_url: "u".into(),
            depth: 1,
            oldest_age_seconds: Some(21.0 * 3600.0),
        });
        assert!(judge(&f).findings[0]
            .summary
            .contains("about to leave the stream"));
    }
}
