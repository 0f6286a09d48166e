//! Reading usage snapshots back from the table: the query, and the conversion of
//! its items into the domain's snapshots. The key range, the `--since` bound and
//! the rows (one per window and limit) are the domain's (`domain::usage`),
//! re-exported here.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, Utc};

use crate::aws::Aws;
use crate::domain::usage::{rows_of, Snapshot};
use crate::domain::windows::Window;
use crate::error::{Error, ErrorKind, Result};

pub use crate::domain::usage::{
    parse_since, partition_key, sort_key_prefix, window_floor, UsageRow,
};

/// Rows from snapshot items, filtered and newest first: converts the items to
/// the domain's snapshots (leaving out what is not one) and lets the domain
/// filter and order them (`domain::usage::rows_of`).
pub fn rows(
    items: &[HashMap<String, AttributeValue>],
    resource: Option<&str>,
    window: Option<Window>,
    since: Option<DateTime<Utc>>,
) -> Vec<UsageRow> {
    let snapshots: Vec<Snapshot> = items.iter().filter_map(snapshot).collect();
    rows_of(&snapshots, resource, window, since)
}

/// The snapshot an item holds: its `data` map's resource, window and start
/// (strings) and its numbers; `None` when it is not a snapshot.
fn snapshot(item: &HashMap<String, AttributeValue>) -> Option<Snapshot> {
    let Some(AttributeValue::M(data)) = item.get("data") else {
        return None;
    };
    Some(Snapshot {
        resource: string(data.get("resource"))?,
        window: string(data.get("window"))?,
        window_start: string(data.get("window_start"))?,
        numbers: data
            .iter()
            .filter_map(|(k, v)| match v {
                AttributeValue::N(n) => Some((k.clone(), n.clone())),
                _ => None,
            })
            .collect(),
    })
}

fn string(v: Option<&AttributeValue>) -> Option<String> {
    match v {
        Some(AttributeValue::S(s)) => Some(s.clone()),
        _ => None,
    }
}

/// Every item of `entity` whose sort key starts with `prefix`, all pages.
pub async fn query(
    aws: &Aws,
    table: &str,
    entity: &str,
    prefix: &str,
) -> Result<Vec<HashMap<String, AttributeValue>>> {
    let mut items = Vec::new();
    let mut start: Option<HashMap<String, AttributeValue>> = None;
    loop {
        let out = aws
            .ddb()
            .query()
            .table_name(table)
            .key_condition_expression("PK = :pk AND begins_with(SK, :prefix)")
            .expression_attribute_values(":pk", AttributeValue::S(partition_key(entity)))
            .expression_attribute_values(":prefix", AttributeValue::S(prefix.to_string()))
            .set_exclusive_start_key(start.take())
            .send()
            .await
            .map_err(|e| {
                use aws_sdk_dynamodb::error::ProvideErrorMetadata;
                if e.code() == Some("ResourceNotFoundException") {
                    Error::new(ErrorKind::NotDeployed, format!("table {table} not found"))
                } else {
                    aws.error("Query", e)
                }
            })?;
        items.extend(out.items().iter().cloned());
        match out.last_evaluated_key() {
            Some(k) if !k.is_empty() => start = Some(k.clone()),
            _ => return Ok(items),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(x: &str) -> AttributeValue {
        AttributeValue::N(x.into())
    }

    fn s(x: &str) -> AttributeValue {
        AttributeValue::S(x.into())
    }

    fn snapshot(
        resource: &str,
        window: &str,
        start: &str,
        limits: &[(&str, &str)],
    ) -> HashMap<String, AttributeValue> {
        let mut data = HashMap::from([
            ("resource".to_string(), s(resource)),
            ("window".to_string(), s(window)),
            ("window_start".to_string(), s(start)),
            ("total_events".to_string(), n("3")),
        ]);
        for (l, v) in limits {
            data.insert(l.to_string(), n(v));
        }
        HashMap::from([
            ("PK".to_string(), s("ENTITY#e")),
            (
                "SK".to_string(),
                s(&format!("#USAGE#{resource}#{window}#{start}")),
            ),
            ("data".to_string(), AttributeValue::M(data)),
        ])
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn one_row_per_window_and_limit_newest_first() {
        let items = vec![
            snapshot(
                "api",
                "hourly",
                "2026-01-15T09:00:00Z",
                &[("rpm", "4"), ("tpm", "0.001")],
            ),
            snapshot("api", "hourly", "2026-01-15T10:00:00Z", &[("rpm", "2")]),
            snapshot("api", "daily", "2026-01-15T00:00:00Z", &[("rpm", "6")]),
        ];
        let r = rows(&items, None, None, None);
        let got: Vec<_> = r
            .iter()
            .map(|r| (r.window_start.as_str(), r.window.as_str(), r.limit.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("2026-01-15T10:00:00Z", "hourly", "rpm"),
                ("2026-01-15T09:00:00Z", "hourly", "rpm"),
                ("2026-01-15T09:00:00Z", "hourly", "tpm"),
                ("2026-01-15T00:00:00Z", "daily", "rpm"),
            ]
        );
        assert_eq!(r[2].consumed_exact, "0.001");
        assert_eq!(r[2].consumed, 0.001);
        assert_eq!(r[0].events, Some(3));
    }

    #[test]
    fn filters_by_resource_window_and_since() {
        let items = vec![
            snapshot("api", "hourly", "2026-01-15T09:00:00Z", &[("rpm", "4")]),
            snapshot("api", "hourly", "2026-01-15T10:00:00Z", &[("rpm", "2")]),
            snapshot("api", "daily", "2026-01-14T00:00:00Z", &[("rpm", "6")]),
            snapshot("api", "daily", "2026-01-15T00:00:00Z", &[("rpm", "7")]),
            snapshot("other", "hourly", "2026-01-15T10:00:00Z", &[("rpm", "1")]),
        ];
        assert_eq!(rows(&items, Some("other"), None, None).len(), 1);
        assert_eq!(rows(&items, None, Some(Window::Daily), None).len(), 2);
        // Since 09:30: the 09:00 hourly window still overlaps; yesterday's daily does not.
        let r = rows(&items, Some("api"), None, Some(at("2026-01-15T09:30:00Z")));
        let starts: Vec<_> = r
            .iter()
            .map(|r| (r.window.as_str(), r.window_start.as_str()))
            .collect();
        assert_eq!(
            starts,
            [
                ("hourly", "2026-01-15T10:00:00Z"),
                ("hourly", "2026-01-15T09:00:00Z"),
                ("daily", "2026-01-15T00:00:00Z"),
            ]
        );
    }

    #[test]
    fn items_that_are_not_snapshots_are_skipped() {
        let mut odd = snapshot("api", "hourly", "2026-01-15T09:00:00Z", &[("rpm", "4")]);
        odd.remove("data");
        let mut partial = snapshot("api", "hourly", "2026-01-15T09:00:00Z", &[("rpm", "4")]);
        if let Some(AttributeValue::M(d)) = partial.get_mut("data") {
            d.remove("window_start");
        }
        let mut wrong = snapshot("api", "hourly", "2026-01-15T09:00:00Z", &[]);
        if let Some(AttributeValue::M(d)) = wrong.get_mut("data") {
            d.insert("rpm".into(), s("four"));
            d.insert("tpm".into(), n("not-a-number"));
        }
        assert!(rows(&[odd, partial, wrong], None, None, None).is_empty());
    }
}
