//! Usage snapshots as typed facts and the pure decisions over them: the key range
//! of an entity's snapshots, the `--since` bound, and snapshots turned into rows
//! (one per window and limit), filtered and newest first.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc};
use serde::Serialize;

use crate::domain::windows::Window;

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

/// One snapshot as stored: its `data` map's strings that place it and its
/// numbers (the limits' consumption and `total_events`), exactly as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// `data.resource`.
    pub resource: String,
    /// `data.window` (`hourly`, `daily`, `monthly`).
    pub window: String,
    /// `data.window_start` (ISO-8601 UTC).
    pub window_start: String,
    /// Every number attribute of `data`, by name.
    pub numbers: BTreeMap<String, String>,
}

/// Rows from snapshots, filtered and newest first. Snapshots of another
/// resource or window, or that ended before `since`, are left out. Pure.
pub fn rows_of(
    snapshots: &[Snapshot],
    resource: Option<&str>,
    window: Option<Window>,
    since: Option<DateTime<Utc>>,
) -> Vec<UsageRow> {
    let mut out = Vec::new();
    for snap in snapshots {
        let (res, win, start) = (&snap.resource, &snap.window, &snap.window_start);
        if resource.is_some_and(|r| r != res) || window.is_some_and(|w| w.as_str() != win) {
            continue;
        }
        if let Some(since) = since {
            let floor = window_floor(since, win)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string();
            // ISO-8601 UTC strings of one shape sort as the times they name.
            if *start < floor {
                continue;
            }
        }
        let events = snap
            .numbers
            .get("total_events")
            .and_then(|n| n.parse::<f64>().ok())
            .map(|f| f as i64);
        for (limit, n) in &snap.numbers {
            if NOT_LIMITS.contains(&limit.as_str()) {
                continue;
            }
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn rows_keep_limits_only_and_filter_by_since() {
        let snap = |start: &str| Snapshot {
            resource: "gpt-4".into(),
            window: "hourly".into(),
            window_start: start.into(),
            numbers: BTreeMap::from([
                ("rpm".to_string(), "2.5".to_string()),
                ("total_events".to_string(), "4".to_string()),
                ("broken".to_string(), "x".to_string()),
            ]),
        };
        let all = [snap("2026-01-15T09:00:00Z"), snap("2026-01-15T10:00:00Z")];
        let rows = rows_of(&all, None, None, None);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].window_start, "2026-01-15T10:00:00Z");
        assert_eq!((rows[0].limit.as_str(), rows[0].consumed), ("rpm", 2.5));
        assert_eq!(rows[0].events, Some(4));
        let since = rows_of(&all, None, None, Some(at("2026-01-15T10:30:00Z")));
        assert_eq!(since.len(), 1);
        assert!(rows_of(&all, Some("other"), None, None).is_empty());
    }
}
