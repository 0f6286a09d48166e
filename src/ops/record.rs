//! The version record (`PK = SYSTEM#`, `SK = #VERSION`) in the table: reading
//! it, converting between DynamoDB's attribute values and the domain's typed
//! record (`domain::release::record`, whose types and decisions are re-exported
//! here), and writing it conditionally so that two writers can never interleave
//! into a mixed record.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use semver::Version;

use crate::aws::Aws;
use crate::domain::release::record::{parse_data, Data, Field};
use crate::error::{Error, Result};

pub use crate::domain::release::record::{
    next_record, with_lambda_version, ReadRecord, VersionRecord, PK, SK,
};

/// Parses the item's attributes (any client may have written them): converts the
/// SDK's values to the domain's fields and lets the domain judge them. Never
/// panics: anything unexpected is an `Unreadable` with the reason.
pub fn parse_item(item: &HashMap<String, AttributeValue>) -> ReadRecord {
    let data = match item.get("data") {
        None => Data::Missing,
        Some(AttributeValue::M(m)) => Data::Map(
            m.iter()
                .map(|(k, v)| {
                    let f = match v {
                        AttributeValue::Null(_) => Field::Null,
                        AttributeValue::S(s) => Field::S(s.clone()),
                        _ => Field::Other,
                    };
                    (k.clone(), f)
                })
                .collect(),
        ),
        Some(_) => Data::NotAMap,
    };
    parse_data(&data)
}

/// Current UTC time as the record writes it: `2026-01-15T10:00:00Z`.
pub fn now_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn key() -> HashMap<String, AttributeValue> {
    HashMap::from([
        ("PK".to_string(), AttributeValue::S(PK.into())),
        ("SK".to_string(), AttributeValue::S(SK.into())),
    ])
}

fn opt_s(v: &Option<String>) -> AttributeValue {
    match v {
        Some(s) => AttributeValue::S(s.clone()),
        None => AttributeValue::Null(true),
    }
}

/// The item's attributes for a record.
pub fn to_item(r: &VersionRecord) -> HashMap<String, AttributeValue> {
    let data = HashMap::from([
        (
            "schema_version".to_string(),
            AttributeValue::S(r.schema_version.clone()),
        ),
        ("lambda_version".to_string(), opt_s(&r.lambda_version)),
        (
            "client_min_version".to_string(),
            opt_s(&r.client_min_version),
        ),
        ("updated_at".to_string(), opt_s(&r.updated_at)),
        ("updated_by".to_string(), opt_s(&r.updated_by)),
    ]);
    let mut item = key();
    item.insert("data".into(), AttributeValue::M(data));
    item
}

/// A condition expression that holds only while the stored record is exactly
/// `expected` (or absent when `None`). Pure; returns the expression, names and values.
pub fn unchanged_condition(
    expected: Option<&VersionRecord>,
) -> (
    String,
    HashMap<String, String>,
    HashMap<String, AttributeValue>,
) {
    let mut names = HashMap::new();
    let mut values = HashMap::new();
    let Some(r) = expected else {
        return ("attribute_not_exists(PK)".into(), names, values);
    };
    names.insert("#d".to_string(), "data".to_string());
    values.insert(":null".to_string(), AttributeValue::S("NULL".into()));
    let mut parts = vec!["attribute_exists(PK)".to_string()];
    let fields: [(&str, Option<&String>); 5] = [
        ("schema_version", Some(&r.schema_version)),
        ("lambda_version", r.lambda_version.as_ref()),
        ("client_min_version", r.client_min_version.as_ref()),
        ("updated_at", r.updated_at.as_ref()),
        ("updated_by", r.updated_by.as_ref()),
    ];
    for (i, (name, value)) in fields.iter().enumerate() {
        let n = format!("#f{i}");
        names.insert(n.clone(), name.to_string());
        match value {
            Some(v) => {
                let k = format!(":v{i}");
                values.insert(k.clone(), AttributeValue::S((*v).clone()));
                parts.push(format!("#d.{n} = {k}"));
            }
            // NULL and absent are the same to a reader, so either may stand.
            None => parts.push(format!(
                "(attribute_not_exists(#d.{n}) OR attribute_type(#d.{n}, :null))"
            )),
        }
    }
    (parts.join(" AND "), names, values)
}

/// Reads the record with a strongly consistent read; `None` when the table
/// does not exist.
pub async fn read_if_table(aws: &Aws, table: &str) -> Result<Option<ReadRecord>> {
    let out = match aws
        .ddb()
        .get_item()
        .table_name(table)
        .set_key(Some(key()))
        .consistent_read(true)
        .send()
        .await
    {
        Ok(o) => o,
        Err(e) => {
            use aws_sdk_dynamodb::error::ProvideErrorMetadata;
            if e.code() == Some("ResourceNotFoundException") {
                return Ok(None);
            }
            // A table whose keys are not PK/SK cannot hold the record: it is there,
            // but it is not a limiter table.
            if e.code() == Some("ValidationException")
                && e.message()
                    .is_some_and(|m| m.contains("key element does not match"))
            {
                return Ok(Some(ReadRecord::Unreadable(format!(
                    "table {table} has no PK/SK string keys, so it is not a limiter table"
                ))));
            }
            return Err(aws.error("GetItem", e));
        }
    };
    Ok(Some(match out.item() {
        None => ReadRecord::Absent,
        Some(item) => parse_item(item),
    }))
}

/// Reads the record; a missing table is an error naming it.
pub async fn read(aws: &Aws, table: &str) -> Result<ReadRecord> {
    read_if_table(aws, table).await?.ok_or_else(|| {
        Error::new(
            crate::error::ErrorKind::NotDeployed,
            format!("table {table} not found"),
        )
        .hint("check --name and --region; deploy it with zae-limiter deploy")
    })
}

/// Outcome of a conditional write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteOutcome {
    /// Written.
    Written,
    /// Someone else changed the record since it was read.
    Conflict,
}

/// Writes `new` only if the stored record is still `expected`.
pub async fn write_if_unchanged(
    aws: &Aws,
    table: &str,
    expected: Option<&VersionRecord>,
    new: &VersionRecord,
) -> Result<WriteOutcome> {
    let (cond, names, values) = unchanged_condition(expected);
    let mut req = aws
        .ddb()
        .put_item()
        .table_name(table)
        .set_item(Some(to_item(new)))
        .condition_expression(cond);
    if !names.is_empty() {
        req = req.set_expression_attribute_names(Some(names));
    }
    if !values.is_empty() {
        req = req.set_expression_attribute_values(Some(values));
    }
    match req.send().await {
        Ok(_) => Ok(WriteOutcome::Written),
        Err(e) => {
            use aws_sdk_dynamodb::error::ProvideErrorMetadata;
            if e.code() == Some("ConditionalCheckFailedException") {
                Ok(WriteOutcome::Conflict)
            } else {
                Err(aws.error("PutItem", e))
            }
        }
    }
}

/// Writes `next(current)` with the conditional write, re-reading and
/// re-deciding when another writer got there first (bounded attempts).
/// `known` is the record as the caller already read it, used for the first
/// attempt instead of reading it again. Returns the record before and after.
async fn rewrite(
    aws: &Aws,
    table: &str,
    known: ReadRecord,
    next: impl Fn(Option<&VersionRecord>) -> Result<VersionRecord>,
) -> Result<(Option<VersionRecord>, VersionRecord)> {
    let mut read_now = Some(known);
    for _ in 0..5 {
        let read_now = match read_now.take() {
            Some(r) => r,
            None => read(aws, table).await?,
        };
        let current =
            match read_now {
                ReadRecord::Absent => None,
                ReadRecord::Present(r) => Some(r),
                ReadRecord::Unreadable(why) => return Err(Error::failure(format!(
                    "the version record in {table} cannot be read ({why}); it was left as it is"
                ))
                .hint(
                    "inspect it with aws dynamodb get-item; fix or delete it, then run this again",
                )),
            };
        let new = next(current.as_ref())?;
        match write_if_unchanged(aws, table, current.as_ref(), &new).await? {
            WriteOutcome::Written => return Ok((current, new)),
            WriteOutcome::Conflict => continue,
        }
    }
    Err(Error::failure(format!(
        "the version record in {table} kept changing while this tool tried to update it"
    ))
    .hint(
        "another deploy, upgrade or rollback is probably running; wait for it and run this again",
    ))
}

/// Writes the record a deploy/upgrade should leave (see `next_record`);
/// `known` is the record as already read.
pub async fn update_after_ship(
    aws: &Aws,
    table: &str,
    known: ReadRecord,
    tool: &Version,
    tool_schema: &Version,
    lambda_version: Option<&str>,
) -> Result<VersionRecord> {
    let (_, new) = rewrite(aws, table, known, |current| {
        Ok(next_record(
            current,
            tool,
            tool_schema,
            lambda_version,
            &now_utc(),
        ))
    })
    .await?;
    Ok(new)
}

/// Sets the record's `lambda_version` with the same conditional write as
/// upgrade; `known` is the record as already read. Returns the record before
/// and after. A missing record is refused: there is nothing to keep consistent.
pub async fn set_lambda_version(
    aws: &Aws,
    table: &str,
    known: ReadRecord,
    lambda_version: &str,
    tool: &Version,
) -> Result<(Option<VersionRecord>, VersionRecord)> {
    rewrite(aws, table, known, |current| match current {
        Some(r) => Ok(with_lambda_version(r, lambda_version, tool, &now_utc())),
        None => Err(
            Error::failure(format!("{table} has no version record to update"))
                .hint("run `zae-limiter upgrade` to write one"),
        ),
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> AttributeValue {
        AttributeValue::S(x.into())
    }

    fn item(data: Vec<(&str, AttributeValue)>) -> HashMap<String, AttributeValue> {
        let mut i = key();
        i.insert(
            "data".into(),
            AttributeValue::M(data.into_iter().map(|(k, v)| (k.to_string(), v)).collect()),
        );
        i
    }

    #[test]
    fn reads_what_the_published_client_writes() {
        let got = parse_item(&item(vec![
            ("schema_version", s("1.0.0")),
            ("client_min_version", s("0.0.0")),
            ("updated_at", s("2026-01-01T00:00:00Z")),
            ("lambda_version", AttributeValue::Null(true)),
            ("updated_by", AttributeValue::Null(true)),
        ]));
        let ReadRecord::Present(r) = got else {
            panic!("{got:?}")
        };
        assert_eq!(r.lambda_version, None);
        assert_eq!(r.updated_by, None);
        assert_eq!(r.schema_version, "1.0.0");
    }

    #[test]
    fn unreadable_records_say_why() {
        let mut no_data = key();
        no_data.insert("x".into(), s("y"));
        assert!(
            matches!(parse_item(&no_data), ReadRecord::Unreadable(w) if w.contains("no `data`"))
        );
        let mut not_map = key();
        not_map.insert("data".into(), s("1.0.0"));
        assert!(
            matches!(parse_item(&not_map), ReadRecord::Unreadable(w) if w.contains("not a map"))
        );
        assert!(
            matches!(parse_item(&item(vec![])), ReadRecord::Unreadable(w) if w.contains("missing"))
        );
        let wrong = item(vec![
            ("schema_version", s("1.0.0")),
            ("lambda_version", AttributeValue::N("1".into())),
        ]);
        assert!(
            matches!(parse_item(&wrong), ReadRecord::Unreadable(w) if w.contains("lambda_version"))
        );
        let huge = item(vec![("schema_version", s(&"9".repeat(100_000)))]);
        assert!(matches!(parse_item(&huge), ReadRecord::Unreadable(_)));
    }

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
    fn condition_pins_every_field() {
        let (c, _, _) = unchanged_condition(None);
        assert_eq!(c, "attribute_not_exists(PK)");
        let (c, names, values) = unchanged_condition(Some(&rec("1.0.0", Some("0.0.0"))));
        assert_eq!(names.len(), 6);
        assert!(c.contains("#d.#f0 = :v0"));
        assert!(c.contains("attribute_type(#d.#f1, :null)"));
        assert_eq!(values.get(":v2"), Some(&s("0.0.0")));
    }

    #[test]
    fn items_round_trip() {
        let r = next_record(
            None,
            &Version::new(0, 3, 0),
            &Version::new(1, 0, 0),
            Some("0.3.0"),
            "T",
        );
        assert_eq!(parse_item(&to_item(&r)), ReadRecord::Present(r));
    }
}
