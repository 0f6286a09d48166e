//! On-demand backups of a limiter's table: how they are named, what kind each
//! one is, and the `backup create` / `backup list` operations.
//!
//! Every backup the tool takes is named `<table>-<kind>-<UTC timestamp>`:
//! `pre-upgrade` before deploy or upgrade changes the stack (see
//! `crate::ops::backup`), `pre-restore` before an in-place restore, and `manual`
//! (or `manual-<label>`) for `backup create`. `backup list` reads the kind back
//! from the name.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

pub mod create;
pub mod list;
pub mod wait;

/// The timestamp every backup name ends with (UTC, to the second).
const STAMP: &str = "%Y%m%dT%H%M%SZ";
/// Longest `--label` accepted; keeps every name well inside AWS's 255 characters.
pub const MAX_LABEL_LEN: usize = 64;

/// The name of a backup taken by `backup create`: `<table>-manual[-<label>]-<stamp>`. Pure.
pub fn manual_name(table: &str, label: Option<&str>, now: DateTime<Utc>) -> String {
    match label {
        Some(l) => format!("{table}-manual-{l}-{}", now.format(STAMP)),
        None => format!("{table}-manual-{}", now.format(STAMP)),
    }
}

/// The name of the safety backup an in-place restore takes first. Pure.
pub fn pre_restore_name(table: &str, now: DateTime<Utc>) -> String {
    format!("{table}-pre-restore-{}", now.format(STAMP))
}

/// Validates `--label`: what AWS allows in a backup name (letters, digits,
/// `-`, `_`, `.`), at most `MAX_LABEL_LEN` characters. Used as clap's parser.
pub fn parse_label(s: &str) -> Result<String, String> {
    if s.is_empty() {
        return Err("the label is empty; give a short word such as before-migration".into());
    }
    if s.len() > MAX_LABEL_LEN {
        return Err(format!(
            "the label is {} characters long; at most {MAX_LABEL_LEN} are allowed",
            s.len()
        ));
    }
    if let Some(c) = s
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-_.".contains(*c)))
    {
        return Err(format!(
            "the label may hold only letters, digits, '-', '_' and '.' (backup names allow nothing else); {c:?} is not allowed"
        ));
    }
    Ok(s.to_string())
}

/// Who took a backup, read from its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Taken automatically by deploy or upgrade before changing the stack.
    PreUpgrade,
    /// Taken automatically by `restore --in-place` before changing any item.
    PreRestore,
    /// Taken by `backup create`.
    Manual,
    /// Taken some other way (the console, the `aws` CLI, AWS Backup).
    Other,
}

impl Kind {
    /// Whether the tool took it by itself.
    pub fn automatic(&self) -> bool {
        matches!(self, Kind::PreUpgrade | Kind::PreRestore)
    }

    /// Short words for the text output.
    pub fn describe(&self) -> &'static str {
        match self {
            Kind::PreUpgrade => "automatic, before deploy/upgrade",
            Kind::PreRestore => "automatic, before restore --in-place",
            Kind::Manual => "backup create",
            Kind::Other => "other",
        }
    }
}

/// The kind and label of backup `name` of `table`. Pure.
pub fn classify(table: &str, name: &str) -> (Kind, Option<String>) {
    let Some(rest) = name.strip_prefix(table).and_then(|r| r.strip_prefix('-')) else {
        return (Kind::Other, None);
    };
    // Every tool-made name ends with `-<stamp>`; anything else is someone else's.
    let Some((head, stamp)) = rest.rsplit_once('-') else {
        return (Kind::Other, None);
    };
    if chrono::NaiveDateTime::parse_from_str(stamp, STAMP).is_err() {
        return (Kind::Other, None);
    }
    match head {
        "pre-upgrade" => (Kind::PreUpgrade, None),
        "pre-restore" => (Kind::PreRestore, None),
        "manual" => (Kind::Manual, None),
        _ => match head.strip_prefix("manual-") {
            Some(label) if !label.is_empty() => (Kind::Manual, Some(label.to_string())),
            _ => (Kind::Other, None),
        },
    }
}

/// One backup as `backup list` and `restore` see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupInfo {
    /// The backup's name.
    pub name: String,
    /// Its ARN (what `restore --backup` takes, besides the name).
    pub arn: String,
    /// When it was created (RFC 3339, UTC).
    pub created: Option<String>,
    /// Its size in bytes, when AWS reports it.
    pub size_bytes: Option<i64>,
    /// `CREATING`, `AVAILABLE` or `DELETED`.
    pub status: String,
    /// Who took it, read from the name.
    pub kind: Kind,
    /// Whether the tool took it by itself before a change.
    pub automatic: bool,
    /// The label given to `backup create --label`.
    pub label: Option<String>,
    /// The table it was taken of.
    pub table: String,
}

impl BackupInfo {
    /// Builds the record of one backup (kind and label read from its name).
    pub fn new(
        table: &str,
        name: &str,
        arn: &str,
        created: Option<DateTime<Utc>>,
        size_bytes: Option<i64>,
        status: &str,
    ) -> Self {
        let (kind, label) = classify(table, name);
        BackupInfo {
            name: name.to_string(),
            arn: arn.to_string(),
            created: created.map(rfc3339),
            size_bytes,
            status: status.to_string(),
            automatic: kind.automatic(),
            kind,
            label,
            table: table.to_string(),
        }
    }
}

/// Newest first; backups without a creation time last, then by name. Pure.
pub fn newest_first(mut list: Vec<BackupInfo>) -> Vec<BackupInfo> {
    // RFC 3339 UTC strings of one format sort as their instants do.
    list.sort_by(|a, b| {
        b.created
            .is_some()
            .cmp(&a.created.is_some())
            .then_with(|| b.created.cmp(&a.created))
            .then_with(|| a.name.cmp(&b.name))
    });
    list
}

/// An instant as RFC 3339 UTC to the second (`2026-01-15T10:00:00Z`).
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An SDK timestamp as a chrono instant.
pub fn from_smithy(t: &aws_smithy_types::DateTime) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(t.secs(), t.subsec_nanos())
}

/// A byte count for people: `512 B`, `1.5 KiB`, `3.2 MiB`.
pub fn human_bytes(n: i64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, 0).unwrap()
    }

    #[test]
    fn names_read_back_as_their_kind() {
        let now = t(1_768_471_200);
        let auto = crate::ops::backup::backup_name("ZAEL-prod", now);
        assert_eq!(classify("ZAEL-prod", &auto), (Kind::PreUpgrade, None));
        assert_eq!(
            classify("ZAEL-prod", &pre_restore_name("ZAEL-prod", now)),
            (Kind::PreRestore, None)
        );
        let m = manual_name("ZAEL-prod", None, now);
        assert_eq!(m, "ZAEL-prod-manual-20260115T100000Z");
        assert_eq!(classify("ZAEL-prod", &m), (Kind::Manual, None));
        let l = manual_name("ZAEL-prod", Some("before-migration"), now);
        assert_eq!(
            classify("ZAEL-prod", &l),
            (Kind::Manual, Some("before-migration".into()))
        );
        // Someone else's names, and another limiter's prefix.
        assert_eq!(classify("ZAEL-prod", "nightly").0, Kind::Other);
        assert_eq!(
            classify("ZAEL-prod", "ZAEL-prod-pre-upgrade-yesterday").0,
            Kind::Other
        );
        assert_eq!(classify("ZAEL-p", &auto).0, Kind::Other);
        assert!(Kind::PreUpgrade.automatic() && Kind::PreRestore.automatic());
        assert!(!Kind::Manual.automatic() && !Kind::Other.automatic());
    }

    #[test]
    fn labels_are_checked() {
        assert_eq!(parse_label("v1.2_ok-x").unwrap(), "v1.2_ok-x");
        assert!(parse_label("").unwrap_err().contains("empty"));
        assert!(parse_label("a b").unwrap_err().contains("' '"));
        assert!(parse_label(&"x".repeat(65)).unwrap_err().contains("65"));
        let longest = manual_name(
            &format!("ZAEL-{}", "n".repeat(38)),
            Some(&"x".repeat(64)),
            t(0),
        );
        assert!(longest.len() <= 255);
    }

    #[test]
    fn newest_first_then_undated() {
        let b = |name: &str, c: Option<i64>| {
            BackupInfo::new("ZAEL-x", name, name, c.map(t), None, "AVAILABLE")
        };
        let sorted = newest_first(vec![b("old", Some(1)), b("none", None), b("new", Some(9))]);
        let names: Vec<_> = sorted.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["new", "old", "none"]);
    }

    #[test]
    fn bytes_for_people() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(5 * 1024 * 1024), "5.0 MiB");
    }
}
