//! Checking a parsed file against the client's rules and the table: ids and
//! names, limit values, parents that exist, no cycles. Each problem is
//! located in the text.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Limit, LimitKey, LimitsFile, TableState};
use super::parse::{locate, FileError};

/// Longest entity id the client accepts.
pub const MAX_IDENTIFIER_LEN: usize = 256;
/// Longest resource or limit name the client accepts.
pub const MAX_NAME_LEN: usize = 64;

/// One entity as the file wants it, defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct DesiredEntity {
    /// Display name, when the file gives one.
    pub name: Option<String>,
    /// Parent id, when the file gives one.
    pub parent: Option<String>,
    /// Limits by (resource, limit).
    pub limits: BTreeMap<LimitKey, Limit>,
}

/// The validated file.
pub type Desired = BTreeMap<String, DesiredEntity>;

/// The client's identifier rule (entity ids, parent ids, principals):
/// starts alphanumeric, then alphanumerics and `_ . - : @`; no `#`.
pub fn check_identifier(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err("cannot be empty".into());
    }
    if value.len() > MAX_IDENTIFIER_LEN {
        return Err(format!("exceeds {MAX_IDENTIFIER_LEN} characters"));
    }
    if value.contains('#') {
        return Err("cannot contain '#' (the table's key delimiter)".into());
    }
    let mut chars = value.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    if !first_ok || !chars.all(|c| c.is_ascii_alphanumeric() || "_.-:@".contains(c)) {
        return Err(
            "must start with a letter or digit and contain only letters, digits, _ . - : @".into(),
        );
    }
    Ok(())
}

/// The client's name rule (resources, limit names): starts with a letter,
/// then alphanumerics and `_ . -`; at most 64; no `#`.
pub fn check_name(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err("cannot be empty".into());
    }
    if value.len() > MAX_NAME_LEN {
        return Err(format!("exceeds {MAX_NAME_LEN} characters"));
    }
    if value.contains('#') {
        return Err("cannot contain '#' (the table's key delimiter)".into());
    }
    let mut chars = value.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if !first_ok || !chars.all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)) {
        return Err("must start with a letter and contain only letters, digits, _ . -".into());
    }
    Ok(())
}

fn located(text: &str, path: &[&str], message: String) -> FileError {
    let pos = locate(text, path);
    FileError {
        line: pos.map(|p| p.0),
        column: pos.map(|p| p.1),
        message,
    }
}

fn check_limit(l: &Limit) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if l.capacity <= 0 {
        out.push((
            "capacity",
            format!("capacity must be > 0 (got {})", l.capacity),
        ));
    }
    if l.burst < l.capacity {
        out.push((
            "burst",
            format!("burst must be >= capacity ({} < {})", l.burst, l.capacity),
        ));
    }
    // A defaulted refill amount repeats the capacity error; say it once.
    if l.refill_amount <= 0 && !(l.capacity <= 0 && l.refill_amount == l.capacity) {
        out.push((
            "refill_amount",
            format!("refill_amount must be > 0 (got {})", l.refill_amount),
        ));
    }
    if l.refill_period_seconds <= 0 {
        out.push((
            "refill_period_seconds",
            format!(
                "refill_period_seconds must be > 0 (got {})",
                l.refill_period_seconds
            ),
        ));
    }
    out
}

/// Validates `file` (parsed from `text`) against the rules and `table`;
/// returns the desired state or every problem found, in file order.
pub fn validate(
    file: &LimitsFile,
    text: &str,
    table: &TableState,
) -> Result<Desired, Vec<FileError>> {
    let mut errors = Vec::new();
    let mut desired = Desired::new();
    for (id, spec) in &file.entities {
        if let Err(why) = check_identifier(id) {
            errors.push(located(
                text,
                &["entities", id],
                format!("entity id `{id}` {why}"),
            ));
        }
        if let Some(parent) = &spec.parent {
            let at = ["entities", id.as_str(), "parent"];
            if let Err(why) = check_identifier(parent) {
                errors.push(located(text, &at, format!("parent `{parent}` {why}")));
            } else if parent == id {
                errors.push(located(
                    text,
                    &at,
                    format!("entity `{id}` cannot be its own parent"),
                ));
            } else if !file.entities.contains_key(parent) && !table.entities.contains_key(parent) {
                errors.push(located(
                    text,
                    &at,
                    format!("parent `{parent}` of `{id}` is neither in the file nor in the table"),
                ));
            }
        }
        if let Some(name) = &spec.name {
            if name.trim().is_empty() {
                errors.push(located(
                    text,
                    &["entities", id, "name"],
                    "name cannot be empty (omit it to use the id)".into(),
                ));
            }
        }
        let mut limits = BTreeMap::new();
        for (resource, by_name) in &spec.limits {
            if let Err(why) = check_name(resource) {
                errors.push(located(
                    text,
                    &["entities", id, "limits", resource],
                    format!("resource `{resource}` {why}"),
                ));
            }
            for (limit_name, ls) in by_name {
                let path = ["entities", id.as_str(), "limits", resource, limit_name];
                if let Err(why) = check_name(limit_name) {
                    errors.push(located(
                        text,
                        &path,
                        format!("limit name `{limit_name}` {why}"),
                    ));
                }
                let limit = ls.resolve();
                for (field, why) in check_limit(&limit) {
                    let mut at = path.to_vec();
                    // Defaulted fields are not in the text: point at the limit.
                    if locate(text, &[&path[..], &[field]].concat()).is_some() {
                        at.push(field);
                    }
                    errors.push(located(
                        text,
                        &at,
                        format!("{id} {resource}.{limit_name}: {why}"),
                    ));
                }
                limits.insert((resource.clone(), limit_name.clone()), limit);
            }
        }
        desired.insert(
            id.clone(),
            DesiredEntity {
                name: spec.name.clone(),
                parent: spec.parent.clone(),
                limits,
            },
        );
    }
    errors.extend(cycles(&desired, text, table));
    if errors.is_empty() {
        Ok(desired)
    } else {
        Err(errors)
    }
}

/// Parent chains that loop, following the file's parents and, for entities
/// it does not name, the table's.
fn cycles(desired: &Desired, text: &str, table: &TableState) -> Vec<FileError> {
    let parent_of = |id: &str| -> Option<String> {
        match desired.get(id) {
            Some(d) => d.parent.clone(),
            None => table
                .entities
                .get(id)
                .and_then(|e| e.meta.as_ref())
                .and_then(|m| m.parent.clone()),
        }
    };
    let mut reported = BTreeSet::new();
    let mut errors = Vec::new();
    for id in desired.keys() {
        let mut seen = vec![id.clone()];
        let mut at = id.clone();
        while let Some(p) = parent_of(&at) {
            if p == *id && seen.len() > 1 {
                let mut members = seen.clone();
                members.sort();
                if reported.insert(members) {
                    seen.push(p);
                    errors.push(located(
                        text,
                        &["entities", id, "parent"],
                        format!("parents form a cycle: {}", seen.join(" -> ")),
                    ));
                }
                break;
            }
            if seen.contains(&p) {
                break;
            }
            seen.push(p.clone());
            at = p;
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;

    fn run(text: &str) -> Result<Desired, Vec<FileError>> {
        validate(&parse(text).unwrap(), text, &TableState::default())
    }

    #[test]
    fn client_identifier_rules() {
        assert!(check_identifier("sk-proj-1:a@b.c_d").is_ok());
        assert!(check_identifier("_x").is_err());
        assert!(check_identifier("a#b").is_err());
        assert!(check_identifier("a/b").is_err());
        assert!(check_identifier(&"a".repeat(257)).is_err());
        assert!(check_name("gpt-3.5-turbo").is_ok());
        assert!(check_name("1rpm").is_err());
        assert!(check_name("a:b").is_err());
        assert!(check_name(&"a".repeat(65)).is_err());
    }

    #[test]
    fn value_rules_are_located() {
        let text = "entities:\n  a:\n    limits:\n      api:\n        rpm: {capacity: 10, burst: 5}\n        tpm: {capacity: 0}\n        x: {capacity: 1, refill_period_seconds: 0}\n";
        let errs = run(text).unwrap_err();
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert!(errs
            .iter()
            .any(|e| e.line == Some(5) && e.message.contains("burst")));
        assert!(errs
            .iter()
            .any(|e| e.line == Some(6) && e.message.contains("capacity")));
        assert!(errs
            .iter()
            .any(|e| e.line == Some(7) && e.message.contains("refill_period")));
    }

    #[test]
    fn parents_must_exist_and_not_loop() {
        let errs = run("entities:\n  a:\n    parent: ghost\n").unwrap_err();
        assert!(errs[0].message.contains("ghost") && errs[0].line == Some(3));
        let errs = run("entities:\n  a:\n    parent: b\n  b:\n    parent: a\n").unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].message.contains("cycle"));
        assert!(run("entities:\n  a:\n    parent: a\n").is_err());
    }

    #[test]
    fn parent_in_the_table_is_enough() {
        let text = "entities:\n  a:\n    parent: t\n";
        let mut table = TableState::default();
        table.entities.insert("t".into(), Default::default());
        assert!(validate(&parse(text).unwrap(), text, &table).is_ok());
    }

    #[test]
    fn bad_ids_are_refused() {
        let errs = run("entities:\n  \"-bad\":\n    name: x\n").unwrap_err();
        assert!(errs[0].message.contains("-bad"));
        let errs =
            run("entities:\n  a:\n    limits:\n      \"9api\":\n        rpm: {capacity: 1}\n")
                .unwrap_err();
        assert_eq!(errs[0].line, Some(4));
    }
}
