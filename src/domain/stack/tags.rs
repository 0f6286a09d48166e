//! Stack tags: the operator's `--tag KEY=VALUE` / `--tag KEY=`, the tool's own tags,
//! and the set CloudFormation gets (it propagates stack tags to the resources). Pure.
//!
//! AWS's rules, checked before any call: a key is 1–128 characters, a value 1–256
//! (an empty value is how `--tag KEY=` asks for removal), keys starting with `aws:`
//! are reserved for AWS, and a stack holds at most 50 tags. Characters are those
//! AWS accepts in tags: letters, digits, spaces and `_ . : / = + - @`.

use std::collections::BTreeMap;

/// The tag every stack this tool manages carries.
pub const MANAGED_BY: (&str, &str) = ("managed-by", "zae-limiter");
/// The tool's own tag: the limiter's name.
pub const NAME_KEY: &str = "zae-limiter:name";
/// The tool's own tag: the version of the tool that last deployed the stack.
pub const VERSION_KEY: &str = "zae-limiter:version";
/// The prefix of the tool's own tags (the operator may not set them).
pub const TOOL_PREFIX: &str = "zae-limiter:";
/// CloudFormation's limit on the tags of one stack.
pub const MAX_TAGS: usize = 50;
const MAX_KEY: usize = 128;
const MAX_VALUE: usize = 256;

/// One `--tag` argument: set `key` to `value`, or remove `key` (`value` is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagArg {
    /// The tag key.
    pub key: String,
    /// The new value; `None` for `KEY=` (remove the tag).
    pub value: Option<String>,
}

/// One tag that would change: key, deployed value, new value (`None`: removed).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TagChange {
    /// The tag key.
    pub key: String,
    /// Deployed value (`None` when the stack lacks the tag).
    pub old: Option<String>,
    /// Value deploy would set (`None` when deploy would remove it).
    pub new: Option<String>,
}

/// Parses `KEY=VALUE` or `KEY=` (for clap); checks AWS's rules on the key and value.
pub fn parse_tag_arg(s: &str) -> Result<TagArg, String> {
    let Some((key, value)) = s.split_once('=') else {
        return Err(format!(
            "expected KEY=VALUE (or KEY= to remove the tag), got {s:?}"
        ));
    };
    check_key(key)?;
    let value = if value.is_empty() {
        None
    } else {
        check_value(key, value)?;
        Some(value.to_string())
    };
    Ok(TagArg {
        key: key.to_string(),
        value,
    })
}

/// Parses a `list --tag KEY=VALUE` filter (a value is required there).
pub fn parse_tag_filter(s: &str) -> Result<(String, String), String> {
    match parse_tag_arg(s)? {
        TagArg {
            key,
            value: Some(value),
        } => Ok((key, value)),
        TagArg { key, value: None } => Err(format!(
            "a tag filter needs a value: {key}=VALUE (a stack matches when it carries that tag with that value)"
        )),
    }
}

fn allowed_char(c: char) -> bool {
    c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c)
}

fn check_key(key: &str) -> Result<(), String> {
    let len = key.chars().count();
    if len == 0 {
        return Err("a tag key cannot be empty".into());
    }
    if len > MAX_KEY {
        return Err(format!(
            "tag key {key:?} is {len} characters; AWS allows at most {MAX_KEY}"
        ));
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err(format!(
            "tag key {key:?} uses the prefix aws:, which AWS reserves for its own tags"
        ));
    }
    if key.starts_with(TOOL_PREFIX) || key == MANAGED_BY.0 {
        return Err(format!(
            "tag key {key:?} is one of zae-limiter's own tags (managed-by, {TOOL_PREFIX}*), which the tool sets itself"
        ));
    }
    if let Some(c) = key.chars().find(|c| !allowed_char(*c)) {
        return Err(format!(
            "tag key {key:?} contains {c:?}; AWS allows letters, digits, spaces and _ . : / = + - @"
        ));
    }
    Ok(())
}

fn check_value(key: &str, value: &str) -> Result<(), String> {
    let len = value.chars().count();
    if len > MAX_VALUE {
        return Err(format!(
            "the value of tag {key:?} is {len} characters; AWS allows at most {MAX_VALUE}"
        ));
    }
    if let Some(c) = value.chars().find(|c| !allowed_char(*c)) {
        return Err(format!(
            "the value of tag {key:?} contains {c:?}; AWS allows letters, digits, spaces and _ . : / = + - @"
        ));
    }
    Ok(())
}

/// Whether a tag is one the tool sets itself.
pub fn is_tool_tag(key: &str) -> bool {
    key == MANAGED_BY.0 || key.starts_with(TOOL_PREFIX)
}

/// The operator's tags among a stack's tags (the tool's own left out).
pub fn user_tags(tags: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    tags.iter()
        .filter(|(k, _)| !is_tool_tag(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The tags to send: what is deployed (the operator's part; a tag not repeated keeps
/// its value), then each `--tag` in order (a later one wins; `KEY=` removes), then the
/// tool's own. Errors when the result exceeds AWS's limit of 50 tags.
pub fn desired(
    given: &[TagArg],
    deployed: Option<&BTreeMap<String, String>>,
    name: &str,
    version: &str,
) -> Result<BTreeMap<String, String>, String> {
    let mut out = deployed.map(user_tags).unwrap_or_default();
    for t in given {
        match &t.value {
            Some(v) => out.insert(t.key.clone(), v.clone()),
            None => out.remove(&t.key),
        };
    }
    out.insert(MANAGED_BY.0.to_string(), MANAGED_BY.1.to_string());
    out.insert(NAME_KEY.to_string(), name.to_string());
    out.insert(VERSION_KEY.to_string(), version.to_string());
    if out.len() > MAX_TAGS {
        return Err(format!(
            "the stack would carry {} tags ({} of yours and zae-limiter's 3); CloudFormation allows at most {MAX_TAGS}",
            out.len(),
            out.len() - 3
        ));
    }
    Ok(out)
}

/// The tags that differ between what is deployed and what would be sent.
pub fn changes(
    deployed: &BTreeMap<String, String>,
    desired: &BTreeMap<String, String>,
) -> Vec<TagChange> {
    let mut keys: Vec<&String> = deployed.keys().chain(desired.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| deployed.get(*k) != desired.get(*k))
        .map(|k| TagChange {
            key: k.clone(),
            old: deployed.get(k).cloned(),
            new: desired.get(k).cloned(),
        })
        .collect()
}

/// Whether a stack's tags carry every `KEY=VALUE` of the filters.
pub fn matches(tags: &BTreeMap<String, String>, filters: &[(String, String)]) -> bool {
    filters.iter().all(|(k, v)| tags.get(k) == Some(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arg(s: &str) -> TagArg {
        parse_tag_arg(s).unwrap()
    }

    #[test]
    fn parses_set_and_remove() {
        assert_eq!(
            arg("team=core"),
            TagArg {
                key: "team".into(),
                value: Some("core".into())
            }
        );
        assert_eq!(
            arg("team="),
            TagArg {
                key: "team".into(),
                value: None
            }
        );
        // The first `=` splits; the value may hold more.
        assert_eq!(arg("expr=a=b").value.as_deref(), Some("a=b"));
    }

    #[test]
    fn refuses_what_aws_refuses() {
        for bad in [
            "team",
            "=core",
            "aws:team=x",
            "AWS:x=y",
            "zae-limiter:name=x",
            "managed-by=me",
            "bad*key=x",
            "k=bad;value",
        ] {
            assert!(parse_tag_arg(bad).is_err(), "{bad} accepted");
        }
        assert!(parse_tag_arg(&format!("{}=x", "k".repeat(128))).is_ok());
        assert!(parse_tag_arg(&format!("{}=x", "k".repeat(129))).is_err());
        assert!(parse_tag_arg(&format!("k={}", "v".repeat(256))).is_ok());
        assert!(parse_tag_arg(&format!("k={}", "v".repeat(257))).is_err());
        assert!(parse_tag_filter("team=").is_err());
        assert_eq!(
            parse_tag_filter("team=core").unwrap(),
            ("team".to_string(), "core".to_string())
        );
    }

    #[test]
    fn later_deploys_keep_tags_they_do_not_repeat() {
        let first = desired(&[arg("team=core"), arg("cost=42")], None, "prod", "0.5.0").unwrap();
        assert_eq!(first["team"], "core");
        assert_eq!(first[NAME_KEY], "prod");
        assert_eq!(first[VERSION_KEY], "0.5.0");
        assert_eq!(first[MANAGED_BY.0], MANAGED_BY.1);
        let second = desired(&[arg("cost=43")], Some(&first), "prod", "0.5.0").unwrap();
        assert_eq!(second["team"], "core");
        assert_eq!(
            changes(&first, &second),
            vec![TagChange {
                key: "cost".into(),
                old: Some("42".into()),
                new: Some("43".into())
            }]
        );
        let third = desired(&[arg("team=")], Some(&second), "prod", "0.6.0").unwrap();
        assert!(!third.contains_key("team"));
        let c = changes(&second, &third);
        assert_eq!(c.len(), 2, "{c:?}");
        assert!(c.iter().any(|c| c.key == "team" && c.new.is_none()));
        assert!(c.iter().any(|c| c.key == VERSION_KEY));
    }

    #[test]
    fn at_most_fifty_tags_including_the_tools() {
        let tags: Vec<TagArg> = (0..47).map(|i| arg(&format!("k{i}=v"))).collect();
        assert_eq!(desired(&tags, None, "n", "1").unwrap().len(), 50);
        let tags: Vec<TagArg> = (0..48).map(|i| arg(&format!("k{i}=v"))).collect();
        assert!(desired(&tags, None, "n", "1")
            .unwrap_err()
            .contains("at most 50"));
    }

    #[test]
    fn filters_need_every_pair() {
        let t = BTreeMap::from([
            ("team".to_string(), "core".to_string()),
            ("env".to_string(), "prod".to_string()),
        ]);
        assert!(matches(&t, &[]));
        assert!(matches(&t, &[("team".into(), "core".into())]));
        assert!(!matches(
            &t,
            &[("team".into(), "core".into()), ("env".into(), "dev".into())]
        ));
    }
}
