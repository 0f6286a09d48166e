//! Where a restore takes its data from, decided before anything changes:
//! `--time` parsing, the backup a `--backup` value names, the PITR window
//! check, and the side table's name. All pure.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::{Error, ErrorKind};
use crate::ops::backups::list::Pitr;
use crate::ops::backups::BackupInfo;

/// How many backups an "unknown backup" error lists.
const CHOICES_SHOWN: usize = 10;

/// `--time`: an RFC 3339 instant (`2026-01-15T10:00:00Z`, or with an offset). Clap's parser.
pub fn parse_time(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            format!("{s:?} is not an RFC 3339 time ({e}); write it like 2026-01-15T10:00:00Z")
        })
}

/// What the operator asked to restore from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    /// `--backup ARN|NAME`.
    Backup(String),
    /// `--time RFC3339`.
    Time(DateTime<Utc>),
    /// `--latest`: the latest restorable time.
    Latest,
}

/// The source, resolved against AWS's facts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// An on-demand backup.
    Backup {
        /// Its ARN.
        arn: String,
        /// Its name.
        name: String,
        /// When it was taken.
        created: Option<String>,
    },
    /// A point in time of the table's continuous backups.
    PointInTime {
        /// The instant (RFC 3339 UTC).
        time: String,
    },
    /// The latest restorable time of the table's continuous backups.
    Latest {
        /// The latest restorable time when the restore started, if AWS said.
        latest_restorable: Option<String>,
    },
}

impl Source {
    /// A stable id of this source: the same restore asked again gets the same id
    /// (it names the side table and marks the sync's writes).
    pub fn id(&self) -> String {
        use sha2::{Digest, Sha256};
        let key = match self {
            Source::Backup { arn, .. } => format!("backup {arn}"),
            Source::PointInTime { time } => format!("time {time}"),
            Source::Latest { .. } => "latest".to_string(),
        };
        let digest = Sha256::digest(key.as_bytes());
        digest[..4].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Words for the output: `backup NAME (ARN)`, `the point in time T`.
    pub fn describe(&self) -> String {
        match self {
            Source::Backup { arn, name, .. } => format!("backup {name} ({arn})"),
            Source::PointInTime { time } => format!("the point in time {time}"),
            Source::Latest { .. } => "the latest restorable time".to_string(),
        }
    }
}

/// The side table an in-place restore of `table` from source `id` fills:
/// lowercase `zael-restore-…` so that it is never taken for a limiter's table.
pub fn side_table_name(table: &str, id: &str) -> String {
    let bare = table
        .strip_prefix(crate::domain::naming::PREFIX)
        .unwrap_or(table);
    format!("zael-restore-{bare}-{id}")
}

/// The backup `wanted` (an ARN or a name) among `backups` of `table`.
pub fn pick_backup(table: &str, wanted: &str, backups: &[BackupInfo]) -> Result<BackupInfo, Error> {
    let by_arn = wanted.starts_with("arn:");
    let found: Vec<&BackupInfo> = backups
        .iter()
        .filter(|b| {
            if by_arn {
                b.arn == wanted
            } else {
                b.name == wanted
            }
        })
        .collect();
    match found.as_slice() {
        [one] if one.status == "AVAILABLE" => Ok((*one).clone()),
        [one] => Err(Error::failure(format!(
            "backup {} of {table} is {}, not AVAILABLE",
            one.name, one.status
        ))
        .hint("wait until `zae-limiter backup list` shows it AVAILABLE, then run the restore again; nothing was changed")),
        [] => {
            let mut msg = format!("no backup of {table} is {} {wanted:?}", if by_arn { "at ARN" } else { "named" });
            if backups.is_empty() {
                msg.push_str("; the table has no on-demand backups");
            } else {
                msg.push_str("; its backups, newest first:");
                for b in backups.iter().take(CHOICES_SHOWN) {
                    msg.push_str(&format!(
                        "\n  {}  {}  {}",
                        b.created.as_deref().unwrap_or("-"),
                        b.name,
                        b.arn
                    ));
                }
                if backups.len() > CHOICES_SHOWN {
                    msg.push_str(&format!("\n  … and {} older", backups.len() - CHOICES_SHOWN));
                }
            }
            Err(Error::new(ErrorKind::Usage, msg).hint(
                "pass one of these names or ARNs to --backup (`zae-limiter backup list` shows them all); nothing was changed",
            ))
        }
        many => {
            let arns: Vec<&str> = many.iter().map(|b| b.arn.as_str()).collect();
            Err(Error::new(
                ErrorKind::Usage,
                format!("{} backups of {table} are named {wanted:?}: {}", many.len(), arns.join(", ")),
            )
            .hint("pass the ARN of the one you mean to --backup; nothing was changed"))
        }
    }
}

/// An instant to the millisecond when it has a fraction (`…T10:00:00.250Z`).
fn precise(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// Checks that a point-in-time restore of `table` is possible (`at` None: the
/// latest time) and returns the instant to restore. A time given to the second
/// means that second: inside it but before the (fractional) earliest time, the
/// earliest time is restored.
pub fn check_window(
    table: &str,
    at: Option<DateTime<Utc>>,
    pitr: &Pitr,
) -> Result<Option<DateTime<Utc>>, Error> {
    if pitr.status == "TABLE_NOT_FOUND" {
        return Err(Error::new(ErrorKind::NotDeployed, format!("table {table} not found"))
            .hint("a point-in-time restore needs the table; restore one of its backups instead (`zae-limiter backup list`)"));
    }
    if !pitr.enabled() {
        return Err(Error::failure(format!(
            "point-in-time recovery is {} on {table}, so there is no point in time to restore",
            pitr.status.to_ascii_lowercase()
        ))
        .hint("restore from an on-demand backup with --backup (`zae-limiter backup list` shows them); `zae-limiter deploy` turns point-in-time recovery on for the future. Nothing was changed"));
    }
    let (Some(t), Some((earliest, latest))) = (at, pitr.window) else {
        return Ok(at);
    };
    use chrono::SubsecRound;
    if t < earliest.trunc_subsecs(0) || t > latest {
        return Err(Error::new(
            ErrorKind::Usage,
            format!(
                "{} is outside {table}'s point-in-time recovery window, {} to {}",
                precise(t),
                precise(earliest),
                precise(latest)
            ),
        )
        .hint("pass a --time inside that window, or --latest; nothing was changed"));
    }
    Ok(Some(t.max(earliest)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, 0).unwrap()
    }

    fn pitr(status: &str, window: Option<(i64, i64)>) -> Pitr {
        Pitr {
            status: status.into(),
            earliest_restorable: None,
            latest_restorable: None,
            recovery_period_days: None,
            window: window.map(|(a, b)| (t(a), t(b))),
        }
    }

    #[test]
    fn times_parse_with_offsets_and_fail_clearly() {
        assert_eq!(
            parse_time("2026-01-15T10:00:00Z").unwrap(),
            t(1_768_471_200)
        );
        assert_eq!(
            parse_time("2026-01-15T11:00:00+01:00").unwrap(),
            t(1_768_471_200)
        );
        let e = parse_time("yesterday").unwrap_err();
        assert!(
            e.contains("RFC 3339") && e.contains("2026-01-15T10:00:00Z"),
            "{e}"
        );
        assert!(parse_time("2026-01-15").is_err());
    }

    #[test]
    fn window_checks() {
        let on = pitr("ENABLED", Some((100, 200)));
        assert_eq!(
            check_window("ZAEL-x", Some(t(150)), &on).unwrap(),
            Some(t(150))
        );
        // The second of a fractional earliest time restores the earliest time itself.
        let frac = Pitr {
            window: Some((
                DateTime::from_timestamp(100, 400_000_000).unwrap(),
                DateTime::from_timestamp(100, 600_000_000).unwrap(),
            )),
            ..on.clone()
        };
        assert_eq!(
            check_window("ZAEL-x", Some(t(100)), &frac).unwrap(),
            Some(DateTime::from_timestamp(100, 400_000_000).unwrap())
        );
        let e = check_window("ZAEL-x", Some(t(101)), &frac).unwrap_err();
        assert!(
            e.message
                .contains("00:01:40.400Z to 1970-01-01T00:01:40.600Z"),
            "{}",
            e.message
        );
        assert!(check_window("ZAEL-x", Some(t(100)), &on).is_ok());
        assert!(check_window("ZAEL-x", None, &on).is_ok());
        let e = check_window("ZAEL-x", Some(t(99)), &on).unwrap_err();
        assert!(
            e.message.contains("outside")
                && e.message
                    .contains("1970-01-01T00:01:40Z to 1970-01-01T00:03:20Z"),
            "{}",
            e.message
        );
        assert!(check_window("ZAEL-x", Some(t(201)), &on).is_err());
        let e = check_window("ZAEL-x", None, &pitr("DISABLED", None)).unwrap_err();
        assert!(e.message.contains("disabled") && e.hint.unwrap().contains("--backup"));
        let e = check_window("ZAEL-x", None, &pitr("TABLE_NOT_FOUND", None)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotDeployed);
    }

    #[test]
    fn backups_by_arn_or_name_and_unknown_lists_choices() {
        let b = |name: &str, status: &str| {
            BackupInfo::new(
                "ZAEL-x",
                name,
                &format!("arn:aws:dynamodb:r:1:table/ZAEL-x/backup/{name}"),
                Some(t(5)),
                None,
                status,
            )
        };
        let list = vec![
            b("one", "AVAILABLE"),
            b("two", "CREATING"),
            b("dup", "AVAILABLE"),
            b("dup", "AVAILABLE"),
        ];
        assert_eq!(pick_backup("ZAEL-x", "one", &list).unwrap().name, "one");
        assert_eq!(
            pick_backup(
                "ZAEL-x",
                "arn:aws:dynamodb:r:1:table/ZAEL-x/backup/one",
                &list
            )
            .unwrap()
            .name,
            "one"
        );
        assert!(pick_backup("ZAEL-x", "two", &list)
            .unwrap_err()
            .message
            .contains("CREATING"));
        let e = pick_backup("ZAEL-x", "nope", &list).unwrap_err();
        assert!(
            e.message.contains("named \"nope\"")
                && e.message.contains("\n  1970-01-01T00:00:05Z  one  arn:"),
            "{}",
            e.message
        );
        assert!(pick_backup("ZAEL-x", "nope", &[])
            .unwrap_err()
            .message
            .contains("no on-demand backups"));
        assert!(pick_backup("ZAEL-x", "dup", &list)
            .unwrap_err()
            .message
            .contains("2 backups"));
    }

    #[test]
    fn side_tables_and_ids_are_stable() {
        let s = Source::PointInTime {
            time: "2026-01-15T10:00:00Z".into(),
        };
        assert_eq!(s.id(), s.clone().id());
        assert_ne!(
            s.id(),
            Source::Latest {
                latest_restorable: None
            }
            .id()
        );
        assert_eq!(s.id().len(), 8);
        let side = side_table_name("ZAEL-prod", &s.id());
        assert!(
            side.starts_with("zael-restore-prod-")
                && !side.starts_with(crate::domain::naming::PREFIX)
        );
    }
}
