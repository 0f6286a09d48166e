//! The mapping's `FilterCriteria`, applied to a replayed record exactly as the mapping
//! applies it: a record is delivered when any filter matches. A pattern matches when
//! every key it names matches: an object descends into the record's value of that key,
//! an array lists alternatives (a plain string, number or null equal to the record's
//! value, or `{"prefix": "..."}`). Other forms (numeric, anything-but, exists, ...) are
//! refused: replaying with a filter the tool cannot evaluate would deliver records the
//! mapping never would.

use serde_json::Value;

/// The parsed filters of a mapping; no filters keeps every record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    patterns: Vec<Value>,
}

impl Filters {
    /// Parses the `Pattern` strings of the mapping's filters.
    pub fn parse<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Result<Filters, String> {
        let mut parsed = Vec::new();
        for (i, text) in patterns.into_iter().enumerate() {
            let pattern: Value = serde_json::from_str(text)
                .map_err(|e| format!("filter {i} of the mapping is not JSON: {e}"))?;
            check(&pattern, &format!("filter {i}"))?;
            parsed.push(pattern);
        }
        Ok(Filters { patterns: parsed })
    }

    /// Whether the mapping would deliver this record (in the event's shape).
    pub fn keeps(&self, record: &Value) -> bool {
        self.patterns.is_empty() || self.patterns.iter().any(|p| matches(p, Some(record)))
    }
}

fn check(pattern: &Value, at: &str) -> Result<(), String> {
    let Value::Object(map) = pattern else {
        return Err(format!("{at}: a pattern level must be a JSON object"));
    };
    for (key, value) in map {
        let here = format!("{at}.{key}");
        match value {
            Value::Object(_) => check(value, &here)?,
            Value::Array(alternatives) => {
                for alt in alternatives {
                    match alt {
                        Value::String(_) | Value::Number(_) | Value::Null => {}
                        Value::Object(m)
                            if m.len() == 1 && m.get("prefix").is_some_and(Value::is_string) => {}
                        other => {
                            return Err(format!(
                                "{here}: the filter form {other} is not supported by dlq redrive \
                                 (only plain values and {{\"prefix\": ...}})"
                            ))
                        }
                    }
                }
            }
            other => {
                return Err(format!(
                    "{here}: expected an object or an array of alternatives, found {other}"
                ))
            }
        }
    }
    Ok(())
}

fn matches(pattern: &Value, value: Option<&Value>) -> bool {
    match pattern {
        Value::Object(keys) => keys.iter().all(|(key, sub)| {
            let inner = value.and_then(|v| v.get(key));
            matches(sub, inner)
        }),
        Value::Array(alternatives) => match value {
            // An array in the record matches when any of its elements does.
            Some(Value::Array(items)) => items
                .iter()
                .any(|item| alternatives.iter().any(|a| alternative(a, item))),
            Some(v) => alternatives.iter().any(|a| alternative(a, v)),
            None => false,
        },
        _ => false,
    }
}

fn alternative(alt: &Value, value: &Value) -> bool {
    match alt {
        Value::Object(m) => match (m.get("prefix"), value) {
            (Some(Value::String(p)), Value::String(s)) => s.starts_with(p.as_str()),
            _ => false,
        },
        Value::Number(n) => value.as_f64().is_some_and(|v| Some(v) == n.as_f64()),
        other => other == value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TEMPLATE: &str = r##"{"eventName":["INSERT","MODIFY"],"dynamodb":{"Keys":{"SK":{"S":[{"prefix":"#BUCKET#"}]}}}}"##;

    fn record(event: &str, sk: &str) -> Value {
        json!({"eventName": event, "dynamodb": {"Keys": {"PK": {"S": "ENTITY#a"}, "SK": {"S": sk}}}})
    }

    #[test]
    fn the_template_pattern_keeps_bucket_writes_only() {
        let f = Filters::parse([TEMPLATE]).unwrap();
        assert!(f.keeps(&record("INSERT", "#BUCKET#gpt-4#rpm")));
        assert!(f.keeps(&record("MODIFY", "#BUCKET#gpt-4#rpm")));
        assert!(!f.keeps(&record("REMOVE", "#BUCKET#gpt-4#rpm")));
        assert!(!f.keeps(&record("MODIFY", "#USAGE#gpt-4#hourly#x")));
        assert!(!f.keeps(&json!({"eventName": "MODIFY"})));
    }

    #[test]
    fn any_filter_matching_keeps_and_none_keeps_all() {
        let f =
            Filters::parse([r#"{"eventName":["REMOVE"]}"#, r#"{"eventName":["INSERT"]}"#]).unwrap();
        assert!(f.keeps(&record("INSERT", "x")) && f.keeps(&record("REMOVE", "x")));
        assert!(!f.keeps(&record("MODIFY", "x")));
        assert!(Filters::parse([]).unwrap().keeps(&record("MODIFY", "x")));
    }

    #[test]
    fn unsupported_forms_are_refused() {
        for p in [
            r#"{"a":[{"numeric":[">",1]}]}"#,
            r#"{"a":[{"anything-but":["x"]}]}"#,
            r#"{"a":[{"exists":true}]}"#,
            r#"{"a":"x"}"#,
            r#"["x"]"#,
            "not json",
        ] {
            assert!(Filters::parse([p]).is_err(), "{p}");
        }
    }
}
