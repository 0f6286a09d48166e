//! The version record (`PK = SYSTEM#`, `SK = #VERSION`) as typed facts: what any
//! client may have written (judged field by field), and what the tool writes next
//! (after shipping code, after a rollback). Pure.

use std::collections::HashMap;

use semver::Version;
use serde::Serialize;

use crate::domain::compat::{parse_version, RecordVersions};

/// Partition key of the record.
pub const PK: &str = "SYSTEM#";
/// Sort key of the record.
pub const SK: &str = "#VERSION";

/// The whole record as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionRecord {
    /// `schema_version`.
    pub schema_version: String,
    /// `lambda_version` (NULL/absent → `None`).
    pub lambda_version: Option<String>,
    /// `client_min_version` (absent → `None`, read as `0.0.0`).
    pub client_min_version: Option<String>,
    /// `updated_at`, ISO-8601 UTC.
    pub updated_at: Option<String>,
    /// `updated_by`, e.g. `cli:0.3.0`.
    pub updated_by: Option<String>,
}

impl VersionRecord {
    /// The fields the verdict looks at.
    pub fn versions(&self) -> RecordVersions {
        RecordVersions {
            schema_version: self.schema_version.clone(),
            lambda_version: self.lambda_version.clone(),
            client_min_version: self.client_min_version.clone(),
            aggregator_disabled: false,
            written_by_tool: self
                .updated_by
                .as_deref()
                .and_then(|u| u.strip_prefix("cli:"))
                .map(str::to_string),
        }
    }
}

/// What reading the record found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadRecord {
    /// No item.
    Absent,
    /// A record this tool understands.
    Present(VersionRecord),
    /// An item that is not a version record this tool can understand.
    Unreadable(String),
}

/// One attribute of the record's `data` map, as far as the record cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A NULL attribute (the published client writes NULL for "none").
    Null,
    /// A string attribute.
    S(String),
    /// Any other type.
    Other,
}

/// The record item's `data` attribute as found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Data {
    /// The item has no `data` attribute.
    Missing,
    /// `data` is not a map.
    NotAMap,
    /// `data` is a map of these fields.
    Map(HashMap<String, Field>),
}

/// Judges the record's `data`. Never panics: anything unexpected is an
/// `Unreadable` with the reason.
pub fn parse_data(data: &Data) -> ReadRecord {
    let data = match data {
        Data::Missing => {
            return ReadRecord::Unreadable("the record has no `data` attribute".into())
        }
        Data::NotAMap => {
            return ReadRecord::Unreadable("the record's `data` attribute is not a map".into())
        }
        Data::Map(m) => m,
    };
    let schema_version = match field(data, "schema_version") {
        Ok(Some(s)) => s,
        Ok(None) => return ReadRecord::Unreadable("`data.schema_version` is missing".into()),
        Err(e) => return ReadRecord::Unreadable(e),
    };
    let opt = |name: &str| field(data, name);
    let fields = (
        opt("lambda_version"),
        opt("client_min_version"),
        opt("updated_at"),
        opt("updated_by"),
    );
    match fields {
        (Ok(lambda_version), Ok(client_min_version), Ok(updated_at), Ok(updated_by)) => {
            ReadRecord::Present(VersionRecord {
                schema_version,
                lambda_version,
                client_min_version,
                updated_at,
                updated_by,
            })
        }
        (Err(e), ..) | (_, Err(e), ..) | (_, _, Err(e), _) | (.., Err(e)) => {
            ReadRecord::Unreadable(e)
        }
    }
}

/// A string field: S → Some, NULL or absent → None, anything else an error.
fn field(data: &HashMap<String, Field>, name: &str) -> Result<Option<String>, String> {
    const MAX: usize = 256;
    match data.get(name) {
        None | Some(Field::Null) => Ok(None),
        Some(Field::S(s)) if s.len() <= MAX => Ok(Some(s.clone())),
        Some(Field::S(s)) => Err(format!(
            "`data.{name}` is {} bytes long, not a version or timestamp",
            s.len()
        )),
        Some(Field::Other) => Err(format!("`data.{name}` is not a string")),
    }
}

/// The record the tool writes after shipping code. Pure.
///
/// `lambda_version`, `updated_at` and `updated_by` are set; the schema is
/// raised to the tool's only when the tool's is newer (never lowered); the
/// minimum client version is preserved (default `0.0.0`).
pub fn next_record(
    old: Option<&VersionRecord>,
    tool: &Version,
    tool_schema: &Version,
    lambda_version: Option<&str>,
    now: &str,
) -> VersionRecord {
    let schema_version = match old.map(|r| (&r.schema_version, parse_version(&r.schema_version))) {
        Some((text, Some(v))) if v > *tool_schema => text.clone(),
        _ => tool_schema.to_string(),
    };
    VersionRecord {
        schema_version,
        lambda_version: lambda_version.map(str::to_string),
        client_min_version: Some(
            old.and_then(|r| r.client_min_version.clone())
                .unwrap_or_else(|| "0.0.0".into()),
        ),
        updated_at: Some(now.to_string()),
        updated_by: Some(format!("cli:{tool}")),
    }
}

/// The record after a rollback: only `lambda_version` and who/when change. Pure.
pub fn with_lambda_version(
    old: &VersionRecord,
    lambda_version: &str,
    tool: &Version,
    now: &str,
) -> VersionRecord {
    VersionRecord {
        lambda_version: Some(lambda_version.to_string()),
        updated_at: Some(now.to_string()),
        updated_by: Some(format!("cli:{tool}")),
        ..old.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(schema: &str, min: Option<&str>) -> VersionRecord {
        VersionRecord {
            schema_version: schema.into(),
            lambda_version: None,
            client_min_version: min.map(Into::into),
            updated_at: None,
            updated_by: None,
        }
    }

    #[test]
    fn next_record_never_lowers_schema_and_keeps_min_client() {
        let tool = Version::new(0, 3, 0);
        let schema = Version::new(1, 0, 0);
        let n = next_record(
            Some(&rec("1.5.0", Some("0.2.0"))),
            &tool,
            &schema,
            Some("0.3.0"),
            "T",
        );
        assert_eq!(n.schema_version, "1.5.0");
        assert_eq!(n.client_min_version.as_deref(), Some("0.2.0"));
        assert_eq!(n.lambda_version.as_deref(), Some("0.3.0"));
        assert_eq!(n.updated_by.as_deref(), Some("cli:0.3.0"));
        assert_eq!(n.updated_at.as_deref(), Some("T"));
        let n = next_record(
            Some(&rec("0.9.0", None)),
            &tool,
            &schema,
            Some("0.3.0"),
            "T",
        );
        assert_eq!(n.schema_version, "1.0.0");
        assert_eq!(n.client_min_version.as_deref(), Some("0.0.0"));
        let n = next_record(None, &tool, &schema, None, "T");
        assert_eq!(n.schema_version, "1.0.0");
        assert_eq!(n.lambda_version, None);
    }

    #[test]
    fn fields_are_judged_one_by_one() {
        let map = |fields: Vec<(&str, Field)>| {
            Data::Map(
                fields
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect(),
            )
        };
        assert!(
            matches!(parse_data(&Data::Missing), ReadRecord::Unreadable(w) if w.contains("no `data`"))
        );
        assert!(
            matches!(parse_data(&Data::NotAMap), ReadRecord::Unreadable(w) if w.contains("not a map"))
        );
        let wrong = map(vec![
            ("schema_version", Field::S("1.0.0".into())),
            ("updated_by", Field::Other),
        ]);
        assert!(
            matches!(parse_data(&wrong), ReadRecord::Unreadable(w) if w.contains("updated_by"))
        );
        let ok = map(vec![
            ("schema_version", Field::S("1.0.0".into())),
            ("lambda_version", Field::Null),
        ]);
        let ReadRecord::Present(r) = parse_data(&ok) else {
            panic!("a record with a NULL lambda_version is readable")
        };
        assert_eq!(r.lambda_version, None);
        assert_eq!(r.client_min_version, None);
    }

    #[test]
    fn a_rollback_changes_only_lambda_version_and_who_when() {
        let old = VersionRecord {
            updated_by: Some("cli:0.2.0".into()),
            ..rec("1.0.0", Some("0.1.0"))
        };
        let n = with_lambda_version(&old, "0.2.0", &Version::new(0, 3, 0), "T");
        assert_eq!(n.lambda_version.as_deref(), Some("0.2.0"));
        assert_eq!(n.schema_version, "1.0.0");
        assert_eq!(n.client_min_version.as_deref(), Some("0.1.0"));
        assert_eq!(n.updated_by.as_deref(), Some("cli:0.3.0"));
    }
}
