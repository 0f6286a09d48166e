//! Versions and the compatibility verdict: a pure function of what the tool is
//! and what is deployed, so every edge can be unit-tested without AWS.
//!
//! The rules, in order (see SPEC "Versions and compatibility"):
//! 1. no stack / no table → not deployed; table without record → not initialized;
//! 2. tool < `client_min_version` → tool too old;
//! 3. schema major ≠ tool schema major → schema migration required;
//! 4. deployed Lambda older than the tool, unknown or unparsable → update available;
//! 5. otherwise compatible.

use semver::Version;
use serde::Serialize;

use crate::error::ErrorKind;

/// The schema version this tool reads and writes.
pub const SCHEMA_VERSION: &str = "1.0.0";

/// This tool's version (also the version of the aggregator code it ships).
pub fn tool_version() -> Version {
    // The crate version is always valid semver; Cargo enforces it.
    Version::parse(env!("CARGO_PKG_VERSION")).unwrap_or_else(|_| Version::new(0, 0, 0))
}

/// The schema version this tool speaks, parsed.
pub fn tool_schema() -> Version {
    Version::parse(SCHEMA_VERSION).unwrap_or_else(|_| Version::new(1, 0, 0))
}

/// Parses a version as written in the record: semver, optionally with a
/// leading `v`, surrounding whitespace ignored. Pre-releases are kept.
pub fn parse_version(text: &str) -> Option<Version> {
    let t = text.trim();
    let t = t
        .strip_prefix('v')
        .or_else(|| t.strip_prefix('V'))
        .unwrap_or(t);
    Version::parse(t).ok()
}

/// The version fields of a deployed version record, as read (strings may be
/// anything a client wrote; parsing happens here).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RecordVersions {
    /// `data.schema_version`.
    pub schema_version: String,
    /// `data.lambda_version`; `None` when NULL or absent (the 0.2.0 client writes NULL).
    pub lambda_version: Option<String>,
    /// `data.client_min_version`; `None` when absent (read as `0.0.0`).
    pub client_min_version: Option<String>,
    /// The stack has its aggregator disabled (then `lambda_version` is NULL by design).
    pub aggregator_disabled: bool,
    /// The tool version that last wrote the record (`updated_by` = `cli:<version>`).
    pub written_by_tool: Option<String>,
}

/// What exists in the account for this limiter, as far as versions go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deployed {
    /// Neither stack nor table.
    Nothing,
    /// A table (retained or not) but no stack.
    TableWithoutStack(Option<RecordVersions>),
    /// A stack without its table.
    StackWithoutTable,
    /// Stack and table, with the record if there is one.
    Stack(Option<RecordVersions>),
    /// A record is there but could not be understood.
    Unreadable(String),
}

/// Why an update is available.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UpdateReason {
    /// The deployed Lambda is older than this tool.
    Older,
    /// The record does not say which Lambda version is deployed.
    Unknown,
    /// The record's Lambda version is not a version.
    Unparsable,
    /// No aggregator: the stack was last brought up to date by an older (or unknown) tool.
    StackOlder,
}

/// The compatibility verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Stack or table missing.
    NotDeployed {
        /// What is missing, in words.
        what: String,
    },
    /// The table exists without a stack (retained by a deleted stack, restored under
    /// the limiter's name, or left by a failed create): `deploy` adopts it.
    TableWithoutStack {
        /// Whether the table holds a version record.
        has_record: bool,
    },
    /// The table exists but has no version record.
    NotInitialized,
    /// The record could not be understood.
    Unreadable {
        /// Why, in words.
        why: String,
    },
    /// This tool is older than `client_min_version`.
    ToolTooOld {
        /// The deployed minimum.
        client_min: String,
    },
    /// The deployed schema's major version differs from the tool's.
    SchemaMigration {
        /// The deployed schema version.
        deployed_schema: String,
    },
    /// Compatible, but the deployed Lambda should be updated.
    UpdateAvailable {
        /// The deployed Lambda version as recorded.
        deployed_lambda: Option<String>,
        /// Why.
        reason: UpdateReason,
    },
    /// Compatible and current, on a stack whose aggregator is disabled.
    NoAggregator {
        /// The tool version that last brought the stack up to date.
        written_by: String,
    },
    /// Compatible and current.
    Compatible {
        /// The deployed Lambda version.
        deployed_lambda: String,
        /// The deployed Lambda is newer than this tool.
        lambda_newer: bool,
    },
}

impl Verdict {
    /// Stable identifier used in JSON output.
    pub fn code(&self) -> &'static str {
        match self {
            Verdict::NotDeployed { .. } => "not_deployed",
            Verdict::TableWithoutStack { .. } => "table_without_stack",
            Verdict::NotInitialized => "not_initialized",
            Verdict::Unreadable { .. } => "unreadable_record",
            Verdict::ToolTooOld { .. } => "tool_too_old",
            Verdict::SchemaMigration { .. } => "schema_migration_required",
            Verdict::UpdateAvailable { .. } => "update_available",
            Verdict::Compatible { .. } | Verdict::NoAggregator { .. } => "compatible",
        }
    }

    /// The error kind whose exit code `check` uses (`None` means exit 0).
    pub fn error_kind(&self) -> Option<ErrorKind> {
        match self {
            Verdict::NotDeployed { .. } | Verdict::NotInitialized => Some(ErrorKind::NotDeployed),
            Verdict::TableWithoutStack { .. } => Some(ErrorKind::TableWithoutStack),
            Verdict::ToolTooOld { .. } => Some(ErrorKind::ToolTooOld),
            Verdict::SchemaMigration { .. } => Some(ErrorKind::SchemaMigration),
            Verdict::Unreadable { .. } => Some(ErrorKind::Failure),
            Verdict::UpdateAvailable { .. }
            | Verdict::Compatible { .. }
            | Verdict::NoAggregator { .. } => None,
        }
    }

    /// The exit code `check` returns for this verdict.
    pub fn exit_code(&self) -> i32 {
        self.error_kind().map_or(0, ErrorKind::exit_code)
    }

    /// Whether applications can use the deployed stack with this tool.
    pub fn is_compatible(&self) -> bool {
        matches!(
            self,
            Verdict::UpdateAvailable { .. }
                | Verdict::Compatible { .. }
                | Verdict::NoAggregator { .. }
        )
    }

    /// One line for people, naming what was compared.
    pub fn summary(&self, tool: &Version) -> String {
        match self {
            Verdict::NotDeployed { what } => format!("not deployed: {what}"),
            Verdict::TableWithoutStack { has_record } => format!(
                "table without a stack: the table exists (its data is intact{}) but no stack manages it",
                if *has_record { ", with its version record" } else { "" }
            ),
            Verdict::NotInitialized => {
                "not initialized: the table has no version record".to_string()
            }
            Verdict::Unreadable { why } => format!("unreadable version record: {why}"),
            Verdict::ToolTooOld { client_min } => format!(
                "incompatible: this tool ({tool}) is older than the stack's minimum client version {client_min}"
            ),
            Verdict::SchemaMigration { deployed_schema } => format!(
                "incompatible: deployed schema {deployed_schema} needs a migration to work with schema {SCHEMA_VERSION} of this tool"
            ),
            Verdict::UpdateAvailable {
                deployed_lambda,
                reason,
            } => match reason {
                UpdateReason::Older => format!(
                    "compatible, update available: deployed Lambda {} < tool {tool}",
                    deployed_lambda.as_deref().unwrap_or("?")
                ),
                UpdateReason::Unknown => format!(
                    "compatible, update available: deployed Lambda version unknown, tool {tool}"
                ),
                UpdateReason::Unparsable => format!(
                    "compatible, update available: deployed Lambda version {:?} is not a version, tool {tool}",
                    deployed_lambda.as_deref().unwrap_or("")
                ),
                UpdateReason::StackOlder => format!(
                    "compatible, update available: the aggregator is disabled and the stack was last updated by {}, tool {tool}",
                    deployed_lambda.as_deref().map_or("an unknown tool".to_string(), |v| format!("tool {v}"))
                ),
            },
            Verdict::NoAggregator { written_by } => format!(
                "compatible: the aggregator is disabled; the stack was last updated by tool {written_by}, this tool is {tool}"
            ),
            Verdict::Compatible {
                deployed_lambda,
                lambda_newer,
            } => {
                if *lambda_newer {
                    format!("compatible: deployed Lambda {deployed_lambda} is newer than tool {tool}")
                } else {
                    format!("compatible: deployed Lambda {deployed_lambda} = tool {tool}")
                }
            }
        }
    }

    /// What the operator should do next.
    pub fn next_step(&self, name: &str) -> String {
        match self {
            Verdict::NotDeployed { .. } => format!("deploy it: zae-limiter deploy --name {name}"),
            Verdict::TableWithoutStack { .. } => format!(
                "adopt the table into a new stack, keeping every item: zae-limiter deploy --name {name}"
            ),
            Verdict::NotInitialized => format!(
                "write the version record: zae-limiter upgrade --name {name} (or deploy --name {name})"
            ),
            Verdict::Unreadable { .. } => format!(
                "inspect the record: aws dynamodb get-item --table-name ZAEL-{name} --key '{{\"PK\":{{\"S\":\"SYSTEM#\"}},\"SK\":{{\"S\":\"#VERSION\"}}}}'; fix or delete that item, then run zae-limiter upgrade --name {name}"
            ),
            Verdict::ToolTooOld { client_min } => {
                format!("install zae-limiter {client_min} or newer, then run check again")
            }
            Verdict::SchemaMigration { .. } => "follow the schema migration guide: back up the table first \
                 (aws dynamodb create-backup), migrate, then upgrade; this tool never migrates on its own"
                .to_string(),
            Verdict::UpdateAvailable {
                reason: UpdateReason::StackOlder,
                ..
            } => format!("bring the stack up to date: zae-limiter upgrade --name {name}"),
            Verdict::UpdateAvailable { .. } => {
                format!("update the aggregator: zae-limiter upgrade --name {name}")
            }
            Verdict::Compatible { .. } | Verdict::NoAggregator { .. } => {
                "nothing to do".to_string()
            }
        }
    }
}

/// Decides the verdict. Pure: all facts are arguments.
pub fn verdict(tool: &Version, tool_schema: &Version, deployed: &Deployed) -> Verdict {
    let record = match deployed {
        Deployed::Nothing => {
            return Verdict::NotDeployed {
                what: "no stack and no table".into(),
            }
        }
        Deployed::StackWithoutTable => {
            return Verdict::NotDeployed {
                what: "the stack exists but its table does not".into(),
            }
        }
        Deployed::TableWithoutStack(r) => {
            return Verdict::TableWithoutStack {
                has_record: r.is_some(),
            }
        }
        Deployed::Unreadable(why) => return Verdict::Unreadable { why: why.clone() },
        Deployed::Stack(None) => return Verdict::NotInitialized,
        Deployed::Stack(Some(r)) => r,
    };
    let client_min = match record.client_min_version.as_deref() {
        None => Version::new(0, 0, 0),
        Some(s) => match parse_version(s) {
            Some(v) => v,
            None => {
                return Verdict::Unreadable {
                    why: format!("client_min_version {s:?} is not a version"),
                }
            }
        },
    };
    let Some(schema) = parse_version(&record.schema_version) else {
        return Verdict::Unreadable {
            why: format!(
                "schema_version {:?} is not a version",
                record.schema_version
            ),
        };
    };
    if *tool < client_min {
        return Verdict::ToolTooOld {
            client_min: client_min.to_string(),
        };
    }
    if schema.major != tool_schema.major {
        return Verdict::SchemaMigration {
            deployed_schema: schema.to_string(),
        };
    }
    // With the aggregator disabled the record's Lambda version is NULL by design:
    // how current the stack is shows in which tool last wrote the record.
    if record.aggregator_disabled && record.lambda_version.is_none() {
        let by = record.written_by_tool.as_deref();
        return match by.and_then(parse_version) {
            Some(v) if v >= *tool => Verdict::NoAggregator {
                written_by: v.to_string(),
            },
            _ => Verdict::UpdateAvailable {
                deployed_lambda: by.map(str::to_string),
                reason: UpdateReason::StackOlder,
            },
        };
    }
    match record.lambda_version.as_deref() {
        None => Verdict::UpdateAvailable {
            deployed_lambda: None,
            reason: UpdateReason::Unknown,
        },
        Some(s) => match parse_version(s) {
            None => Verdict::UpdateAvailable {
                deployed_lambda: Some(s.to_string()),
                reason: UpdateReason::Unparsable,
            },
            Some(v) if v < *tool => Verdict::UpdateAvailable {
                deployed_lambda: Some(s.to_string()),
                reason: UpdateReason::Older,
            },
            Some(v) => Verdict::Compatible {
                deployed_lambda: s.to_string(),
                lambda_newer: v > *tool,
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    fn rec(schema: &str, lambda: Option<&str>, min: Option<&str>) -> Deployed {
        Deployed::Stack(Some(RecordVersions {
            schema_version: schema.into(),
            lambda_version: lambda.map(Into::into),
            client_min_version: min.map(Into::into),
            ..Default::default()
        }))
    }

    fn without_aggregator(written_by: Option<&str>) -> Deployed {
        Deployed::Stack(Some(RecordVersions {
            schema_version: "1.0.0".into(),
            lambda_version: None,
            client_min_version: Some("0.0.0".into()),
            aggregator_disabled: true,
            written_by_tool: written_by.map(Into::into),
        }))
    }

    #[test]
    fn stacks_without_an_aggregator_are_judged_by_the_tool_that_last_wrote_them() {
        let current = judge("0.4.0", &without_aggregator(Some("0.4.0")));
        assert_eq!(
            current,
            Verdict::NoAggregator {
                written_by: "0.4.0".into()
            }
        );
        assert_eq!(current.code(), "compatible");
        assert_eq!(current.exit_code(), 0);
        assert!(current
            .summary(&v("0.4.0"))
            .contains("aggregator is disabled"));
        assert_eq!(current.next_step("x"), "nothing to do");
        assert!(matches!(
            judge("0.4.0", &without_aggregator(Some("0.5.0"))),
            Verdict::NoAggregator { .. }
        ));
        let older = judge("0.4.0", &without_aggregator(Some("0.3.0")));
        assert_eq!(
            older,
            Verdict::UpdateAvailable {
                deployed_lambda: Some("0.3.0".into()),
                reason: UpdateReason::StackOlder
            }
        );
        assert!(older
            .summary(&v("0.4.0"))
            .contains("last updated by tool 0.3.0"));
        let unknown = judge("0.4.0", &without_aggregator(None));
        assert!(unknown.summary(&v("0.4.0")).contains("unknown tool"));
        // A Lambda version in the record wins: it is judged as usual.
        let with_lambda = Deployed::Stack(Some(RecordVersions {
            lambda_version: Some("0.4.0".into()),
            ..match without_aggregator(Some("0.1.0")) {
                Deployed::Stack(Some(r)) => r,
                _ => unreachable!(),
            }
        }));
        assert!(matches!(
            judge("0.4.0", &with_lambda),
            Verdict::Compatible { .. }
        ));
    }

    fn judge(tool: &str, d: &Deployed) -> Verdict {
        verdict(&v(tool), &v("1.0.0"), d)
    }

    #[test]
    fn not_deployed_and_not_initialized() {
        assert_eq!(judge("0.3.0", &Deployed::Nothing).code(), "not_deployed");
        assert_eq!(
            judge("0.3.0", &Deployed::StackWithoutTable).code(),
            "not_deployed"
        );
        assert_eq!(
            judge("0.3.0", &Deployed::Stack(None)),
            Verdict::NotInitialized
        );
        let lone = judge("0.3.0", &Deployed::TableWithoutStack(None));
        assert_eq!(lone.code(), "table_without_stack");
        assert_eq!(lone.exit_code(), 6);
        assert!(lone.next_step("r").contains("zae-limiter deploy --name r"));
        assert!(!lone.is_compatible());
        assert_eq!(judge("0.3.0", &Deployed::Nothing).exit_code(), 5);
        assert_eq!(Verdict::NotInitialized.exit_code(), 5);
    }

    #[test]
    fn tool_too_old_comes_before_schema() {
        let d = rec("2.0.0", Some("0.3.0"), Some("0.4.0"));
        let got = judge("0.3.0", &d);
        assert_eq!(
            got,
            Verdict::ToolTooOld {
                client_min: "0.4.0".into()
            }
        );
        assert_eq!(got.exit_code(), 3);
    }

    #[test]
    fn client_min_equal_is_fine_and_missing_means_zero() {
        assert!(judge("0.3.0", &rec("1.0.0", Some("0.3.0"), Some("0.3.0"))).is_compatible());
        assert!(judge("0.3.0", &rec("1.0.0", Some("0.3.0"), None)).is_compatible());
    }

    #[test]
    fn pre_release_tool_is_older_than_its_release() {
        // 0.3.0-rc.1 < 0.3.0: a release candidate is too old for a stack that needs 0.3.0.
        let d = rec("1.0.0", Some("0.3.0"), Some("0.3.0"));
        assert_eq!(judge("0.3.0-rc.1", &d).code(), "tool_too_old");
        // and a pre-release Lambda is older than the release tool.
        let d = rec("1.0.0", Some("0.3.0-rc.1"), None);
        assert_eq!(
            judge("0.3.0", &d),
            Verdict::UpdateAvailable {
                deployed_lambda: Some("0.3.0-rc.1".into()),
                reason: UpdateReason::Older
            }
        );
    }

    #[test]
    fn schema_major_mismatch_needs_migration_either_way() {
        let got = judge("0.3.0", &rec("2.0.0", Some("0.3.0"), None));
        assert_eq!(
            got,
            Verdict::SchemaMigration {
                deployed_schema: "2.0.0".into()
            }
        );
        assert_eq!(got.exit_code(), 4);
        assert_eq!(
            judge("0.3.0", &rec("0.9.0", Some("0.3.0"), None)).code(),
            "schema_migration_required"
        );
    }

    #[test]
    fn newer_schema_minor_is_compatible() {
        // The published CLI compares its package major to the schema major; we compare schema to schema.
        assert!(judge("0.3.0", &rec("1.5.0", Some("0.3.0"), None)).is_compatible());
    }

    #[test]
    fn leading_v_is_accepted() {
        assert!(matches!(
            judge("0.3.0", &rec("v1.0.0", Some("v0.3.0"), Some("v0.1.0"))),
            Verdict::Compatible {
                lambda_newer: false,
                ..
            }
        ));
        assert_eq!(parse_version(" V1.2.3 "), Some(v("1.2.3")));
        assert_eq!(parse_version("1.2"), None);
    }

    #[test]
    fn lambda_null_unknown_or_unparsable_means_update() {
        assert_eq!(
            judge("0.3.0", &rec("1.0.0", None, Some("0.0.0"))),
            Verdict::UpdateAvailable {
                deployed_lambda: None,
                reason: UpdateReason::Unknown
            }
        );
        assert_eq!(
            judge("0.3.0", &rec("1.0.0", Some("latest"), None)),
            Verdict::UpdateAvailable {
                deployed_lambda: Some("latest".into()),
                reason: UpdateReason::Unparsable
            }
        );
        assert_eq!(judge("0.3.0", &rec("1.0.0", None, None)).exit_code(), 0);
    }

    #[test]
    fn older_equal_and_newer_lambda() {
        assert_eq!(
            judge("0.3.0", &rec("1.0.0", Some("0.2.0"), None)).code(),
            "update_available"
        );
        assert_eq!(
            judge("0.3.0", &rec("1.0.0", Some("0.3.0"), None)),
            Verdict::Compatible {
                deployed_lambda: "0.3.0".into(),
                lambda_newer: false
            }
        );
        assert_eq!(
            judge("0.3.0", &rec("1.0.0", Some("0.4.1"), None)),
            Verdict::Compatible {
                deployed_lambda: "0.4.1".into(),
                lambda_newer: true
            }
        );
    }

    #[test]
    fn unreadable_fields_are_not_guessed() {
        assert_eq!(
            judge("0.3.0", &rec("one", Some("0.3.0"), None)).code(),
            "unreadable_record"
        );
        assert_eq!(
            judge("0.3.0", &rec("1.0.0", Some("0.3.0"), Some("x"))).code(),
            "unreadable_record"
        );
        assert_eq!(
            judge("0.3.0", &Deployed::Unreadable("data is not a map".into())).exit_code(),
            1
        );
    }

    #[test]
    fn summaries_name_both_versions() {
        let t = v("0.3.0");
        let s = judge("0.3.0", &rec("1.0.0", Some("0.2.0"), None)).summary(&t);
        assert!(s.contains("0.2.0") && s.contains("0.3.0"), "{s}");
    }
}
