//! Reading the YAML file: syntax and shape errors carry the parser's line and
//! column; value errors are located afterwards by walking the keys.

use super::model::LimitsFile;

/// A problem in the file, with where it is when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.message),
            (Some(l), None) => write!(f, "line {l}: {}", self.message),
            _ => write!(f, "{}", self.message),
        }
    }
}

/// Parses the file text. An empty file is an empty set of entities.
pub fn parse(text: &str) -> Result<LimitsFile, FileError> {
    if text.trim().is_empty() {
        return Ok(LimitsFile::default());
    }
    serde_norway::from_str::<LimitsFile>(text).map_err(|e| {
        let loc = e.location();
        let mut message = e.to_string();
        // The parser appends "at line L column C"; the position is reported separately.
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        FileError {
            line: loc.as_ref().map(|l| l.line()),
            column: loc.as_ref().map(|l| l.column()),
            message,
        }
    })
}

/// Finds the line and column of the key at `path` (e.g. `["entities", "acme",
/// "limits", "api", "rpm", "capacity"]`) by searching each key after the
/// previous one; good enough for block and flow mappings written by people.
pub fn locate(text: &str, path: &[&str]) -> Option<(usize, usize)> {
    let mut from = 0usize;
    let mut found = None;
    for key in path {
        let (offset, _) = find_key(&text[from..], key)?;
        let at = from + offset;
        found = Some(at);
        from = at + key.len();
    }
    let at = found?;
    let line = text[..at].matches('\n').count() + 1;
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    Some((line, column))
}

/// The first occurrence of `key` used as a mapping key (bare or quoted,
/// followed by a colon) that starts a token.
fn find_key(text: &str, key: &str) -> Option<(usize, usize)> {
    for quote in ["", "\"", "'"] {
        let needle = format!("{quote}{key}{quote}");
        let mut start = 0;
        while let Some(i) = text[start..].find(&needle) {
            let at = start + i;
            let before_ok = at == 0
                || text[..at]
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_whitespace() || c == '{' || c == ',');
            let rest = text[at + needle.len()..].trim_start_matches([' ', '\t']);
            if before_ok && rest.starts_with(':') {
                return Some((at, needle.len()));
            }
            start = at + needle.len();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() {
        let f = parse(
            "entities:\n  acme:\n    name: Acme Corp\n    limits:\n      api:\n        rpm: {capacity: 100, burst: 150, refill_amount: 100, refill_period_seconds: 60}\n  acme-user-1:\n    parent: acme\n    limits:\n      api:\n        rpm: {capacity: 10}\n",
        )
        .unwrap();
        assert_eq!(f.entities.len(), 2);
        let l = f.entities["acme-user-1"].limits["api"]["rpm"].resolve();
        assert_eq!(
            (
                l.capacity,
                l.burst,
                l.refill_amount,
                l.refill_period_seconds
            ),
            (10, 10, 10, 60)
        );
    }

    #[test]
    fn unknown_key_is_refused_with_its_line() {
        let e = parse("entities:\n  acme:\n    limts: {}\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("limts"), "{}", e.message);
    }

    #[test]
    fn syntax_error_has_a_position() {
        let e = parse("entities:\n  acme: [\n").unwrap_err();
        assert!(e.line.is_some());
    }

    #[test]
    fn wrong_type_is_refused() {
        let e = parse("entities:\n  a:\n    limits:\n      api:\n        rpm: {capacity: lots}\n")
            .unwrap_err();
        assert_eq!(e.line, Some(5));
    }

    #[test]
    fn locate_walks_nested_keys() {
        let text = "entities:\n  a:\n    limits:\n      api:\n        rpm: {capacity: 1}\n  b:\n    limits:\n      api:\n        rpm: {capacity: 0}\n";
        assert_eq!(
            locate(text, &["entities", "b", "limits", "api", "rpm", "capacity"]),
            Some((9, 15))
        );
        assert_eq!(locate(text, &["entities", "zz"]), None);
    }

    #[test]
    fn empty_file_is_no_entities() {
        assert!(parse("\n").unwrap().entities.is_empty());
    }
}

#[cfg(test)]
mod documented {
    use super::parse;

    /// The limits files shown in the operations guide parse.
    #[test]
    fn examples_in_the_docs_parse() {
        let doc = include_str!("../../../docs/operations.md");
        let mut n = 0;
        for block in doc.split("```yaml\n").skip(1) {
            let text = block.split("```").next().unwrap_or_default();
            let body: String = text
                .lines()
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>()
                .join("\n");
            if body.trim_start().starts_with("entities:") {
                parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
                n += 1;
            }
        }
        assert!(n >= 1);
    }
}
