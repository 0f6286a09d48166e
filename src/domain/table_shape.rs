//! Whether an existing table is a limiter table, and which of its settings differ
//! from what the template declares. Pure: deploy reads the facts, decides here, and
//! refuses or brings the settings in line before importing the table.

use serde::Serialize;

/// One key attribute: name, key type (`HASH`/`RANGE`) and attribute type (`S`, `N`, `B`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// Attribute name.
    pub name: String,
    /// `HASH` or `RANGE`.
    pub key_type: String,
    /// `S`, `N` or `B` (empty when not defined).
    pub attr_type: String,
}

/// A global secondary index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    /// Index name.
    pub name: String,
    /// Its keys.
    pub keys: Vec<Key>,
    /// `ALL`, `KEYS_ONLY` or `INCLUDE`.
    pub projection: String,
}

/// What DescribeTable, DescribeTimeToLive and DescribeContinuousBackups say.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableFacts {
    /// Table name.
    pub name: String,
    /// Table status (`ACTIVE`, ...).
    pub status: String,
    /// Primary key.
    pub keys: Vec<Key>,
    /// Global secondary indexes.
    pub indexes: Vec<Index>,
    /// `PAY_PER_REQUEST` or `PROVISIONED`.
    pub billing_mode: String,
    /// The stream's view type, `None` when no stream is enabled.
    pub stream_view: Option<String>,
    /// The stream's ARN, when enabled.
    pub stream_arn: Option<String>,
    /// TTL attribute when TTL is enabled (or being enabled).
    pub ttl_attribute: Option<String>,
    /// Point-in-time recovery on.
    pub pitr: bool,
    /// Deletion protection on.
    pub deletion_protection: bool,
    /// DynamoDB's approximate item count.
    pub items: i64,
    /// DynamoDB's approximate size in bytes.
    pub size_bytes: i64,
}

fn key(name: &str, key_type: &str) -> Key {
    Key {
        name: name.into(),
        key_type: key_type.into(),
        attr_type: "S".into(),
    }
}

/// The primary key the template declares.
pub fn expected_keys() -> Vec<Key> {
    vec![key("PK", "HASH"), key("SK", "RANGE")]
}

/// The indexes the template declares.
pub fn expected_indexes() -> Vec<Index> {
    ["GSI1", "GSI2"]
        .iter()
        .map(|n| Index {
            name: (*n).into(),
            keys: vec![
                key(&format!("{n}PK"), "HASH"),
                key(&format!("{n}SK"), "RANGE"),
            ],
            projection: "ALL".into(),
        })
        .collect()
}

fn describe_keys(keys: &[Key]) -> String {
    keys.iter()
        .map(|k| {
            let t = if k.attr_type.is_empty() {
                "?"
            } else {
                &k.attr_type
            };
            format!("{} {} ({t})", k.name, k.key_type)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every way the table differs from a limiter table in what cannot be changed in
/// place (keys, indexes, billing mode); empty when it is one.
pub fn differences(t: &TableFacts) -> Vec<String> {
    let mut out = vec![];
    let want = expected_keys();
    if t.keys != want {
        out.push(format!(
            "key schema is {}, a limiter table has {}",
            describe_keys(&t.keys),
            describe_keys(&want)
        ));
    }
    for want in expected_indexes() {
        match t.indexes.iter().find(|i| i.name == want.name) {
            None => out.push(format!("index {} is missing", want.name)),
            Some(got) => {
                if got.keys != want.keys {
                    out.push(format!(
                        "index {} has keys {}, a limiter table has {}",
                        want.name,
                        describe_keys(&got.keys),
                        describe_keys(&want.keys)
                    ));
                }
                if got.projection != want.projection {
                    out.push(format!(
                        "index {} projects {}, a limiter table projects ALL",
                        want.name, got.projection
                    ));
                }
            }
        }
    }
    for extra in t
        .indexes
        .iter()
        .filter(|i| i.name != "GSI1" && i.name != "GSI2")
    {
        out.push(format!(
            "index {} is not part of a limiter table",
            extra.name
        ));
    }
    if t.billing_mode != "PAY_PER_REQUEST" {
        out.push(format!(
            "billing mode is {}, a limiter table is PAY_PER_REQUEST (on-demand)",
            if t.billing_mode.is_empty() {
                "PROVISIONED"
            } else {
                &t.billing_mode
            }
        ));
    }
    out
}

/// A setting deploy changes through the DynamoDB API before importing, because
/// CloudFormation never applies a property its template did not change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "setting", rename_all = "snake_case")]
pub enum SettingChange {
    /// Turn the stream off first: its view type is not `NEW_AND_OLD_IMAGES`
    /// (DynamoDB cannot change a stream's view type in place).
    DisableStream {
        /// The current view type.
        view: String,
    },
    /// Enable the stream with `NEW_AND_OLD_IMAGES`.
    EnableStream,
    /// Enable TTL on `ttl`.
    EnableTtl,
    /// Enable point-in-time recovery with this period.
    EnablePitr {
        /// Recovery period in days.
        days: u32,
    },
    /// Set deletion protection.
    DeletionProtection {
        /// On or off.
        on: bool,
    },
}

impl std::fmt::Display for SettingChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SettingChange::DisableStream { view } => {
                write!(
                    f,
                    "turn off the {view} stream (its view type cannot change in place)"
                )
            }
            SettingChange::EnableStream => write!(f, "enable the stream (NEW_AND_OLD_IMAGES)"),
            SettingChange::EnableTtl => write!(f, "enable TTL on attribute ttl"),
            SettingChange::EnablePitr { days } => {
                write!(f, "enable point-in-time recovery ({days} days)")
            }
            SettingChange::DeletionProtection { on } => write!(
                f,
                "turn deletion protection {}",
                if *on { "on" } else { "off" }
            ),
        }
    }
}

/// What must change so the table has the template's settings. A table restored from
/// a backup or a point in time has no stream, no TTL and no PITR (DynamoDB does not
/// restore them), so a restored table needs all three. A TTL on another attribute is
/// left alone (DynamoDB allows one TTL attribute; changing it is the operator's call)
/// and reported by `conflicts`.
pub fn settings_to_apply(t: &TableFacts, pitr_days: u32, protect: bool) -> Vec<SettingChange> {
    let mut out = vec![];
    match t.stream_view.as_deref() {
        Some("NEW_AND_OLD_IMAGES") => {}
        Some(other) => {
            out.push(SettingChange::DisableStream {
                view: other.to_string(),
            });
            out.push(SettingChange::EnableStream);
        }
        None => out.push(SettingChange::EnableStream),
    }
    if t.ttl_attribute.is_none() {
        out.push(SettingChange::EnableTtl);
    }
    if !t.pitr {
        out.push(SettingChange::EnablePitr { days: pitr_days });
    }
    if t.deletion_protection != protect {
        out.push(SettingChange::DeletionProtection { on: protect });
    }
    out
}

/// Settings that differ from the template and that deploy will not change itself.
pub fn conflicts(t: &TableFacts) -> Vec<String> {
    match t.ttl_attribute.as_deref() {
        Some(a) if a != "ttl" => vec![format!(
            "TTL is enabled on attribute {a}, the limiter expects ttl: disable it (aws dynamodb update-time-to-live --table-name {} --time-to-live-specification Enabled=false,AttributeName={a}) and deploy again",
            t.name
        )],
        _ => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter_table() -> TableFacts {
        TableFacts {
            name: "ZAEL-r".into(),
            status: "ACTIVE".into(),
            keys: expected_keys(),
            indexes: expected_indexes(),
            billing_mode: "PAY_PER_REQUEST".into(),
            stream_view: Some("NEW_AND_OLD_IMAGES".into()),
            stream_arn: Some("arn:stream".into()),
            ttl_attribute: Some("ttl".into()),
            pitr: true,
            deletion_protection: true,
            items: 10,
            size_bytes: 1000,
        }
    }

    #[test]
    fn a_limiter_table_has_no_differences_and_nothing_to_apply() {
        let t = limiter_table();
        assert!(differences(&t).is_empty());
        assert!(settings_to_apply(&t, 35, true).is_empty());
        assert!(conflicts(&t).is_empty());
    }

    #[test]
    fn every_difference_is_named() {
        let mut t = limiter_table();
        t.keys = vec![Key {
            name: "id".into(),
            key_type: "HASH".into(),
            attr_type: "N".into(),
        }];
        t.indexes.remove(1);
        t.indexes[0].projection = "KEYS_ONLY".into();
        t.indexes.push(Index {
            name: "ByEmail".into(),
            keys: vec![],
            projection: "ALL".into(),
        });
        t.billing_mode = "PROVISIONED".into();
        let d = differences(&t);
        assert_eq!(d.len(), 5, "{d:?}");
        assert!(d[0].contains("key schema is id HASH (N)"));
        assert!(d[0].contains("PK HASH (S), SK RANGE (S)"));
        assert!(d.iter().any(|x| x == "index GSI2 is missing"));
        assert!(d.iter().any(|x| x.contains("GSI1 projects KEYS_ONLY")));
        assert!(d.iter().any(|x| x.contains("ByEmail is not part")));
        assert!(d.iter().any(|x| x.contains("billing mode is PROVISIONED")));
    }

    #[test]
    fn a_string_sort_key_of_another_type_is_a_difference() {
        let mut t = limiter_table();
        t.keys[1].attr_type = "N".into();
        assert_eq!(differences(&t).len(), 1);
    }

    #[test]
    fn a_restored_table_gets_stream_ttl_and_pitr() {
        let mut t = limiter_table();
        t.stream_view = None;
        t.stream_arn = None;
        t.ttl_attribute = None;
        t.pitr = false;
        t.deletion_protection = false;
        assert_eq!(
            settings_to_apply(&t, 7, true),
            vec![
                SettingChange::EnableStream,
                SettingChange::EnableTtl,
                SettingChange::EnablePitr { days: 7 },
                SettingChange::DeletionProtection { on: true },
            ]
        );
        assert_eq!(
            settings_to_apply(&t, 7, false),
            vec![
                SettingChange::EnableStream,
                SettingChange::EnableTtl,
                SettingChange::EnablePitr { days: 7 },
            ]
        );
    }

    #[test]
    fn a_stream_of_another_view_is_replaced() {
        let mut t = limiter_table();
        t.stream_view = Some("KEYS_ONLY".into());
        assert_eq!(
            settings_to_apply(&t, 35, true),
            vec![
                SettingChange::DisableStream {
                    view: "KEYS_ONLY".into()
                },
                SettingChange::EnableStream
            ]
        );
    }

    #[test]
    fn ttl_on_another_attribute_is_a_conflict_not_a_change() {
        let mut t = limiter_table();
        t.ttl_attribute = Some("expires".into());
        assert!(settings_to_apply(&t, 35, true).is_empty());
        assert!(conflicts(&t)[0].contains("attribute expires"));
    }
}
