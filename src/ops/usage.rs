//! Reading usage snapshots back: the key range to query, the `--since`
//! bound, and snapshot items turned into rows (one per window and limit).
//! All pure except `query`.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc};
use serde::Serialize;

use crate::aws::Aws;
use crate::domain::windows::Window;
use crate::error::{Error, ErrorKind, Result};

/// Attributes of a snapshot's `data` map that are not limits.
const NOT_LIMITS: [&str; 4] = ["resource", "window", "window_start", "total_events"];

/// One row: one limit of one snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsageRow {
    /// Start of the window (ISO-8601 UTC).
    pub window_start: String,
    /// `hourly`, `daily` or `monthly`.
    pub window: String,
    /// Resource.
    pub resource: String,
    /// Limit name.
    pub limit: String,
    /// Tokens consumed in the window (refunds subtract).
    pub consumed: f64,
    /// The same amount exactly as stored.
    #[serde(skip)]
    pub consumed_exact: String,
    /// Consumption events counted in the snapshot (all its limits together).
    pub events: Option<i64>,
}

/// The partition key of an entity's items.
pub fn partition_key(entity: &str) -> String {
    format!("ENTITY#{entity}")
}

/// The sort-key prefix to query: every snapshot, or one resource's. The
/// window is filtered from `data`, so snapshots whose key carries no window
/// (as the published 0.2.0 aggregator writes them) are found too. Pure.
pub fn sort_key_prefix(resource: Option<&str>) -> String {
    match resource {
        Some(r) => format!("#USAGE#{r}#"),
        None => "#USAGE#".to_string(),
    }
}

/// Parses `--since`: `2026-01-15T10:00:00Z`, `2026-01-15T10:00Z`, `2026-01-15`,
/// or an age such as `90m`, `24h`, `7d` counted back from `now`. Pure.
pub fn parse_since(text: &str, now: DateTime<Utc>) -> std::result::Result<DateTime<Utc>, String> {
    let t = text.trim();
    let bad = || {
        format!(
            "`{text}` is not a time: use 2026-01-15T10:00:00Z, 2026-01-15, or an age like 90m, 24h, 7d"
        )
    };
    if let Some(unit) = t.chars().last().filter(|c| matches!(c, 'm' | 'h' | 'd')) {
        let digits = &t[..t.len() - 1];
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            let n: i64 = digits.parse().map_err(|_| bad())?;
            let age = match unit {
                'm' => Duration::try_minutes(n),
                'h' => Duration::try_hours(n),
                _ => Duration::try_days(n),
            }
            .filter(|d| *d <= Duration::days(36_600))
            .ok_or_else(|| format!("`{text}` is too long ago"))?;
            return Ok(now - age);
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt.with_timezone(&Utc));
    }
    if let Ok(naive) = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%MZ") {
        return Ok(Utc.from_utc_datetime(&naive));
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).ok_or_else(bad)?));
    }
    Err(bad())
}

/// The start of the `window` containing `t`: a window starting there or later
/// is exactly one that ends after `t`. Pure.
pub fn window_floor(t: DateTime<Utc>, window: &str) -> DateTime<Utc> {
    let (y, m, d, h) = (t.year(), t.month(), t.day(), t.hour());
    let at = |y, m, d, h| Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().unwrap_or(t);
    match window {
        "hourly" => at(y, m, d, h),
        "daily" => at(y, m, d, 0),
        "monthly" => at(y, m, 1, 0),
        _ => t,
    }
}

fn string(v: Option<&AttributeValue>) -> Option<String> {
    match v {
        Some(AttributeValue::S(s)) => Some(s.clone()),
        _ => None,
    }
}

/// Rows from snapshot items, filtered and newest first. Items that are not
/// snapshots of the asked resource and window, or that ended before `since`,
/// are left out. Pure.
pub fn rows(
    items: &[HashMap<String, AttributeValue>],
    resource: Option<&str>,
    window: Option<Window>,
    since: Option<DateTime<Utc>>,
) -> Vec<UsageRow> {
    let mut out = Vec::new();
    for item in items {
        let Some(AttributeValue::M(data)) = item.get("data") else {
            continue;
        };
        let (Some(res), Some(win), Some(start)) = (
            string(data.get("resource")),
            string(data.get("window")),
            string(data.get("window_start")),
        ) else {
            continue;
        };
        if resource.is_some_and(|r| r != res) || window.is_some_and(|w| w.as_str() != win) {
            continue;
        }
        if let Some(since) = since {
            let floor = window_floor(since, &win)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string();
            // ISO-8601 UTC strings of one shape sort as the times they name.
            if start < floor {
                continue;
            }
        }
        let events = match data.get("total_events") {
            Some(AttributeValue::N(n)) => n.parse::<f64>().ok().map(|f| f as i64),
            _ => None,
        };
        for (limit, value) in data {
            if NOT_LIMITS.contains(&limit.as_str()) {
                continue;
            }
            let AttributeValue::N(n) = value else {
                continue;
            };
            let Ok(consumed) = n.parse::<f64>() else {
                continue;
            };
            out.push(UsageRow {
                window_start: start.clone(),
                window: win.clone(),
                resource: res.clone(),
                limit: limit.clone(),
                consumed,
                consumed_exact: n.clone(),
                events,
            });
        }
    }
    out.sort_by(|a, b| {
        b.window_start
            .cmp(&a.window_start)
            .then_with(|| window_rank(&a.window).cmp(&window_rank(&b.window)))
            .then_with(|| a.resource.cmp(&b.resource))
            .then_with(|| a.limit.cmp(&b.limit))
    });
    out
}

fn window_rank(w: &str) -> u8 {
    match w {
        "hourly" => 0,
        "daily" => 1,
        "monthly" => 2,
        _ => 3,
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
    fn keys() {
        assert_eq!(partition_key("user-1"), "ENTITY#user-1");
        assert_eq!(sort_key_prefix(None), "#USAGE#");
        assert_eq!(sort_key_prefix(Some("gpt-4")), "#USAGE#gpt-4#");
    }

    #[test]
    fn since_forms() {
        let now = at("2026-01-15T10:30:00Z");
        assert_eq!(
            parse_since("2026-01-14T09:00:00Z", now),
            Ok(at("2026-01-14T09:00:00Z"))
        );
        assert_eq!(
            parse_since("2026-01-14T09:00:00+02:00", now),
            Ok(at("2026-01-14T07:00:00Z"))
        );
        assert_eq!(
            parse_since("2026-01-14T09:00Z", now),
            Ok(at("2026-01-14T09:00:00Z"))
        );
        assert_eq!(
            parse_since("2026-01-14", now),
            Ok(at("2026-01-14T00:00:00Z"))
        );
        assert_eq!(parse_since("90m", now), Ok(at("2026-01-15T09:00:00Z")));
        assert_eq!(parse_since("24h", now), Ok(at("2026-01-14T10:30:00Z")));
        assert_eq!(parse_since("7d", now), Ok(at("2026-01-08T10:30:00Z")));
        for bad in [
            "",
            "yesterday",
            "7w",
            "d",
            "-3d",
            "2026-13-01",
            "2026-01-15 10:00",
        ] {
            assert!(
                parse_since(bad, now).unwrap_err().contains("not a time"),
                "{bad}"
            );
        }
        assert!(parse_since("99999999999999d", now).is_err());
    }

    #[test]
    fn floors() {
        let t = at("2026-02-15T10:30:00Z");
        assert_eq!(window_floor(t, "hourly"), at("2026-02-15T10:00:00Z"));
        assert_eq!(window_floor(t, "daily"), at("2026-02-15T00:00:00Z"));
        assert_eq!(window_floor(t, "monthly"), at("2026-02-01T00:00:00Z"));
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
