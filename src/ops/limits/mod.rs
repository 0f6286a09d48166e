//! Limits as code against the table: reading every entity's metadata and
//! stored limits, and applying a plan with conditional writes.

pub mod apply;
pub mod read;

use crate::aws::Aws;
use crate::domain::limits::export::{render, to_file};
use crate::domain::limits::parse::{parse, FileError};
use crate::domain::limits::plan::plan;
use crate::domain::limits::validate::validate;
use crate::domain::limits::{Plan, TableState};
use crate::error::{Error, Result};

/// A validated file compared with the table it was read against.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// What the table held (the writes are conditional on it).
    pub before: TableState,
    /// The changes.
    pub plan: Plan,
}

/// The file's problems as one error, each as `FILE:LINE:COLUMN: message`.
pub fn file_error(path: &str, errors: &[FileError]) -> Error {
    let lines: Vec<String> = errors
        .iter()
        .map(|e| match (e.line, e.column) {
            (Some(l), Some(c)) => format!("{path}:{l}:{c}: {}", e.message),
            (Some(l), None) => format!("{path}:{l}: {}", e.message),
            _ => format!("{path}: {}", e.message),
        })
        .collect();
    Error::failure(format!(
        "{path} is not a valid limits file ({} problem{}):\n  {}",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        lines.join("\n  ")
    ))
    .hint("fix the file (format: docs/operations.md, schema: schemas/limits.schema.json); nothing was changed")
}

/// Parses `text` (refused before any AWS call when malformed), reads the
/// table, validates and plans.
pub async fn prepare(
    aws: &Aws,
    table: &str,
    path: &str,
    text: &str,
    prune: bool,
) -> Result<Prepared> {
    let file = parse(text).map_err(|e| file_error(path, &[e]))?;
    let before = read::read_table(aws, table).await?;
    let desired = validate(&file, text, &before).map_err(|e| file_error(path, &e))?;
    let plan = plan(&desired, &before, prune);
    Ok(Prepared { before, plan })
}

/// Parses the file only: syntax and shape errors, before any AWS call.
pub fn check_syntax(path: &str, text: &str) -> Result<()> {
    parse(text).map(|_| ()).map_err(|e| file_error(path, &[e]))
}

/// The table as a limits file: (YAML text, entities, limits).
pub async fn export(aws: &Aws, table: &str) -> Result<(String, usize, usize)> {
    let state = read::read_table(aws, table).await?;
    let text = render(&to_file(&state), table)
        .map_err(|e| Error::failure(format!("rendering the export failed: {e}")))?;
    Ok((text, state.entities.len(), state.limit_count()))
}
