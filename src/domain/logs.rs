//! The aggregator's log lines: parsing (its JSON lines, the runtime's `[ERROR]`
//! reports, Lambda's `START`/`END`/`REPORT` lines), readable rendering, and the
//! batch statistics the troubleshooting guide's Logs Insights queries compute.

use std::collections::BTreeMap;

use serde::Serialize;

/// One raw log event as CloudWatch Logs returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLine {
    /// Milliseconds since the epoch.
    pub timestamp_ms: i64,
    /// The log stream (one per execution environment).
    pub stream: String,
    /// The message as written.
    pub message: String,
}

/// How serious a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Level {
    /// The function's `ERROR` lines, the runtime's `[ERROR]` reports, timeouts.
    Error,
    /// `WARNING` lines (a batch with failed records).
    Warning,
    /// `INFO` lines.
    Info,
    /// Lambda's own `START`, `END` and `REPORT` lines.
    Platform,
    /// Anything else the function printed.
    Other,
}

/// One parsed line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Milliseconds since the epoch.
    pub timestamp_ms: i64,
    /// The log stream.
    pub stream: String,
    /// Its level.
    pub level: Level,
    /// The message (for JSON lines, the `message` field).
    pub message: String,
    /// The JSON line's other fields (empty for plain lines).
    pub fields: BTreeMap<String, serde_json::Value>,
    /// `processing_time_ms` of a "Batch processed" line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processing_time_ms: Option<f64>,
    /// From a `REPORT` line: the invocation's duration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<f64>,
    /// From a `REPORT` line of a cold start: the init duration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_duration_ms: Option<f64>,
}

impl Entry {
    /// Whether this is a `REPORT` line.
    pub fn is_report(&self) -> bool {
        self.level == Level::Platform && self.message.starts_with("REPORT")
    }

    /// The line for people: the message, then `key=value` for each field.
    pub fn rendered(&self) -> String {
        let mut out = format!("{:<8} {}", level_word(self.level), self.message);
        for (k, v) in &self.fields {
            let v = match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            out.push_str(&format!(" {k}={v}"));
        }
        out
    }
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::Error => "ERROR",
        Level::Warning => "WARNING",
        Level::Info => "INFO",
        Level::Platform => "LAMBDA",
        Level::Other => "-",
    }
}

/// Parses one line. Never fails: a line it does not recognise is `Other`.
pub fn parse(raw: &RawLine) -> Entry {
    let text = raw.message.trim_end();
    let mut entry = Entry {
        timestamp_ms: raw.timestamp_ms,
        stream: raw.stream.clone(),
        level: Level::Other,
        message: text.to_string(),
        fields: BTreeMap::new(),
        processing_time_ms: None,
        duration_ms: None,
        init_duration_ms: None,
    };
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text) {
        let mut map: BTreeMap<String, serde_json::Value> = map.into_iter().collect();
        entry.level = match map.remove("level").as_ref().and_then(|l| l.as_str()) {
            Some("ERROR") | Some("CRITICAL") => Level::Error,
            Some("WARNING") | Some("WARN") => Level::Warning,
            _ => Level::Info,
        };
        if let Some(m) = map.remove("message") {
            entry.message = m.as_str().map(str::to_string).unwrap_or(m.to_string());
        }
        // The event's own timestamp is already the line's; keep the fields short.
        map.remove("timestamp");
        entry.processing_time_ms = map.get("processing_time_ms").and_then(|v| v.as_f64());
        entry.fields = map;
        return entry;
    }
    if text.starts_with("[ERROR]")
        || text.starts_with("Task timed out")
        || text.contains("Task timed out after")
    {
        entry.level = Level::Error;
        entry.message = text
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("[ERROR] ")
            .to_string();
        return entry;
    }
    if text.starts_with("START ") || text.starts_with("END ") || text.starts_with("REPORT ") {
        entry.level = Level::Platform;
        if text.starts_with("REPORT ") {
            entry.duration_ms = report_field(text, "Duration");
            entry.init_duration_ms = report_field(text, "Init Duration");
        }
    }
    entry
}

/// A `Name: 12.34 ms` field of a REPORT line (tab separated).
fn report_field(text: &str, name: &str) -> Option<f64> {
    text.split('\t').find_map(|part| {
        let rest = part.trim().strip_prefix(name)?.strip_prefix(':')?;
        rest.trim().trim_end_matches("ms").trim().parse().ok()
    })
}

/// The statistics of a window of lines.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Lines read.
    pub lines: usize,
    /// `ERROR` lines.
    pub errors: usize,
    /// `WARNING` lines.
    pub warnings: usize,
    /// "Batch processed" lines (batches the function finished).
    pub batches: usize,
    /// `processing_time_ms` percentiles of those batches (nearest rank).
    pub processing_time_ms: Option<Percentiles>,
    /// Invocations (`REPORT` lines).
    pub invocations: usize,
    /// Cold starts (`REPORT` lines with an init duration).
    pub cold_starts: usize,
    /// Average init duration of the cold starts.
    pub avg_init_duration_ms: Option<f64>,
    /// The most frequent error messages, most frequent first (at most three).
    pub top_errors: Vec<ErrorCount>,
}

/// p50/p95/p99/max of a set of figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Percentiles {
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Largest.
    pub max: f64,
}

/// An error message and how often it occurred.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorCount {
    /// The message (JSON lines: `message: error`).
    pub message: String,
    /// Occurrences.
    pub count: usize,
}

/// Nearest-rank percentiles; `None` for no figures.
pub fn percentiles(values: &[f64]) -> Option<Percentiles> {
    if values.is_empty() {
        return None;
    }
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let rank = |p: f64| {
        let i = ((p / 100.0) * v.len() as f64).ceil() as usize;
        v[i.clamp(1, v.len()) - 1]
    };
    Some(Percentiles {
        p50: rank(50.0),
        p95: rank(95.0),
        p99: rank(99.0),
        max: v[v.len() - 1],
    })
}

/// What an error line says, for counting alike errors together.
fn error_key(e: &Entry) -> String {
    match e.fields.get("error").and_then(|v| v.as_str()) {
        Some(detail) => format!("{}: {detail}", e.message),
        None => e.message.clone(),
    }
}

/// The `n` most frequent error messages, most frequent first, then by message.
pub fn top_errors(entries: &[Entry], n: usize) -> Vec<ErrorCount> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for e in entries.iter().filter(|e| e.level == Level::Error) {
        *counts.entry(error_key(e)).or_default() += 1;
    }
    let mut list: Vec<ErrorCount> = counts
        .into_iter()
        .map(|(message, count)| ErrorCount { message, count })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then(a.message.cmp(&b.message)));
    list.truncate(n);
    list
}

/// The summary of a window of parsed lines.
pub fn summarize(entries: &[Entry]) -> Summary {
    let times: Vec<f64> = entries
        .iter()
        .filter_map(|e| e.processing_time_ms)
        .collect();
    let reports: Vec<&Entry> = entries.iter().filter(|e| e.is_report()).collect();
    let inits: Vec<f64> = reports.iter().filter_map(|e| e.init_duration_ms).collect();
    Summary {
        lines: entries.len(),
        errors: entries.iter().filter(|e| e.level == Level::Error).count(),
        warnings: entries.iter().filter(|e| e.level == Level::Warning).count(),
        batches: entries
            .iter()
            .filter(|e| e.message == "Batch processed")
            .count(),
        processing_time_ms: percentiles(&times),
        invocations: reports.len(),
        cold_starts: inits.len(),
        avg_init_duration_ms: (!inits.is_empty())
            .then(|| inits.iter().sum::<f64>() / inits.len() as f64),
        top_errors: top_errors(entries, 3),
    }
}

/// Orders lines for `--errors`: errors first, then warnings, each oldest first.
pub fn errors_first(mut entries: Vec<Entry>) -> Vec<Entry> {
    entries.retain(|e| matches!(e.level, Level::Error | Level::Warning));
    entries.sort_by(|a, b| {
        a.level
            .cmp(&b.level)
            .then(a.timestamp_ms.cmp(&b.timestamp_ms))
    });
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(msg: &str) -> RawLine {
        RawLine {
            timestamp_ms: 1,
            stream: "s".into(),
            message: msg.into(),
        }
    }

    #[test]
    fn json_lines_are_read_with_their_fields() {
        let e = parse(&raw(
            r#"{"timestamp":"x","level":"INFO","message":"Batch processed","records":3,"processing_time_ms":12.5}"#,
        ));
        assert_eq!(e.level, Level::Info);
        assert_eq!(e.message, "Batch processed");
        assert_eq!(e.processing_time_ms, Some(12.5));
        assert!(!e.fields.contains_key("timestamp"));
        assert!(e.rendered().contains("records=3"), "{}", e.rendered());
    }

    #[test]
    fn runtime_errors_and_timeouts_are_errors() {
        let e = parse(&raw("[ERROR] RuntimeError: boom\nTraceback ..."));
        assert_eq!(e.level, Level::Error);
        assert_eq!(e.message, "RuntimeError: boom");
        let t = parse(&raw(
            "2026-01-01T00:00:00Z abc Task timed out after 3.00 seconds",
        ));
        assert_eq!(t.level, Level::Error);
    }

    #[test]
    fn report_lines_give_duration_and_init() {
        let e = parse(&raw("REPORT RequestId: r\tDuration: 10.50 ms\tBilled Duration: 11 ms\tMemory Size: 256 MB\tMax Memory Used: 40 MB\tInit Duration: 120.00 ms"));
        assert!(e.is_report());
        assert_eq!(e.duration_ms, Some(10.5));
        assert_eq!(e.init_duration_ms, Some(120.0));
        let warm = parse(&raw(
            "REPORT RequestId: r\tDuration: 3.00 ms\tBilled Duration: 3 ms",
        ));
        assert_eq!(warm.init_duration_ms, None);
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        let p = percentiles(&v).unwrap();
        assert_eq!((p.p50, p.p95, p.p99, p.max), (50.0, 95.0, 99.0, 100.0));
        assert_eq!(percentiles(&[]), None);
        let one = percentiles(&[7.0]).unwrap();
        assert_eq!((one.p50, one.max), (7.0, 7.0));
    }

    #[test]
    fn summary_counts_batches_cold_starts_and_errors() {
        let lines = [
            r#"{"level":"INFO","message":"Batch processed","processing_time_ms":10}"#,
            r#"{"level":"INFO","message":"Batch processed","processing_time_ms":30}"#,
            r#"{"level":"ERROR","message":"Skipped stream record","error":"bad"}"#,
            r#"{"level":"ERROR","message":"Skipped stream record","error":"bad"}"#,
            "[ERROR] RuntimeError: boom",
            "REPORT RequestId: a\tDuration: 1.00 ms\tInit Duration: 100.00 ms",
            "REPORT RequestId: b\tDuration: 1.00 ms\tInit Duration: 300.00 ms",
            "REPORT RequestId: c\tDuration: 1.00 ms",
        ];
        let entries: Vec<Entry> = lines.iter().map(|l| parse(&raw(l))).collect();
        let s = summarize(&entries);
        assert_eq!(
            (s.batches, s.errors, s.invocations, s.cold_starts),
            (2, 3, 3, 2)
        );
        assert_eq!(s.avg_init_duration_ms, Some(200.0));
        assert_eq!(s.processing_time_ms.unwrap().max, 30.0);
        assert_eq!(s.top_errors[0].message, "Skipped stream record: bad");
        assert_eq!(s.top_errors[0].count, 2);
        let ordered = errors_first(entries);
        assert_eq!(ordered.len(), 3);
        assert!(ordered.iter().all(|e| e.level == Level::Error));
    }
}

/// The longest `--since` window: two weeks (Lambda metrics at one-minute
/// resolution are kept 15 days).
pub const MAX_SINCE_SECS: u64 = 14 * 24 * 3600;

/// Parses a `--since` window: `90s`, `30m`, `1h`, `2d` (a bare number is seconds).
pub fn parse_since(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => (&t[..i], &t[i..]),
        None => (t, "s"),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("--since {text:?}: expected e.g. 90s, 30m, 1h or 2d"))?;
    let secs = match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => return Err(format!("--since {text:?}: the unit is s, m, h or d")),
    };
    if secs == 0 || secs > MAX_SINCE_SECS {
        return Err(format!("--since {text:?}: between 1s and 14d"));
    }
    Ok(secs)
}

#[cfg(test)]
mod since_tests {
    use super::parse_since;

    #[test]
    fn windows() {
        assert_eq!(parse_since("1h"), Ok(3600));
        assert_eq!(parse_since("90"), Ok(90));
        assert_eq!(parse_since("2d"), Ok(172_800));
        assert!(parse_since("0").is_err());
        assert!(parse_since("15d").is_err());
        assert!(parse_since("1w").is_err());
        assert!(parse_since("h").is_err());
    }
}
