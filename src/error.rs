//! One error type for the whole tool: a kind (which decides the exit code), a
//! message saying what happened, and a hint saying what to do next.
//!
//! Errors are values carried up to `main`, which prints them once. Nothing here
//! formats with `Debug`, so no SDK internals or stack traces reach the operator.

use std::fmt;

/// Exit codes are part of the tool's interface (see docs/cli.md).
pub mod exit {
    /// Success, including "compatible, update available".
    pub const OK: i32 = 0;
    /// Any failure without a more specific code.
    pub const FAILURE: i32 = 1;
    /// Bad usage; clap owns this code, and name validation shares it.
    pub const USAGE: i32 = 2;
    /// This tool is older than the stack's minimum client version.
    pub const TOOL_TOO_OLD: i32 = 3;
    /// The deployed schema needs a migration this tool does not do.
    pub const SCHEMA_MIGRATION: i32 = 4;
    /// No stack/table, or a table without a version record.
    pub const NOT_DEPLOYED: i32 = 5;
    /// The table exists without a stack; `deploy` adopts it.
    pub const TABLE_WITHOUT_STACK: i32 = 6;
    /// Warnings found (`doctor`, `entity verify`): no critical finding.
    pub const WARNINGS: i32 = 7;
    /// Critical findings (`doctor`, `entity verify`).
    pub const CRITICAL: i32 = 8;
    /// The entity has no metadata item (entity commands).
    pub const ENTITY_NOT_FOUND: i32 = 9;
    /// `limits plan`: the table differs from the file (changes pending).
    pub const CHANGES_PENDING: i32 = 10;
    /// A fleet rollout stopped because a wave failed its health gate.
    pub const GATE_STOPPED: i32 = 11;
    /// Interrupted by SIGINT/SIGTERM (128 + SIGINT).
    pub const INTERRUPTED: i32 = 130;
}

/// What kind of failure happened; decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Invalid input detected before any AWS call.
    Usage,
    /// The stack or table does not exist (or has no version record).
    NotDeployed,
    /// The tool is older than the deployed minimum client version.
    ToolTooOld,
    /// The deployed schema's major version differs from the tool's.
    SchemaMigration,
    /// The table exists but no stack manages it.
    TableWithoutStack,
    /// The operator interrupted the command.
    Interrupted,
    /// The entity has no metadata item.
    EntityNotFound,
    /// Anything else: AWS errors, refusals, local I/O.
    Failure,
}

impl ErrorKind {
    /// The process exit code for this kind.
    pub fn exit_code(self) -> i32 {
        match self {
            ErrorKind::Usage => exit::USAGE,
            ErrorKind::NotDeployed => exit::NOT_DEPLOYED,
            ErrorKind::ToolTooOld => exit::TOOL_TOO_OLD,
            ErrorKind::SchemaMigration => exit::SCHEMA_MIGRATION,
            ErrorKind::TableWithoutStack => exit::TABLE_WITHOUT_STACK,
            ErrorKind::Interrupted => exit::INTERRUPTED,
            ErrorKind::EntityNotFound => exit::ENTITY_NOT_FOUND,
            ErrorKind::Failure => exit::FAILURE,
        }
    }
}

/// A failure with what happened and what to do next.
#[derive(Debug, Clone)]
pub struct Error {
    /// Decides the exit code.
    pub kind: ErrorKind,
    /// What went wrong, in the operator's words.
    pub message: String,
    /// What to do next, when there is something useful to say.
    pub hint: Option<String>,
}

impl Error {
    /// A generic failure (exit 1).
    pub fn failure(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Failure, message)
    }

    /// An error of the given kind without a hint.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds (or replaces) the next-step hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The exit code of this error.
    pub fn exit_code(&self) -> i32 {
        self.kind.exit_code()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::failure(format!("local I/O failed: {e}"))
    }
}

/// Result alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_the_documented_ones() {
        assert_eq!(ErrorKind::ToolTooOld.exit_code(), 3);
        assert_eq!(ErrorKind::SchemaMigration.exit_code(), 4);
        assert_eq!(ErrorKind::NotDeployed.exit_code(), 5);
        assert_eq!(ErrorKind::Failure.exit_code(), 1);
        assert_eq!(ErrorKind::Usage.exit_code(), 2);
        assert_eq!(ErrorKind::EntityNotFound.exit_code(), 9);
    }

    #[test]
    fn display_has_message_and_hint() {
        let e = Error::failure("stack ZAEL-x not found").hint("run zae-limiter deploy --name x");
        let s = e.to_string();
        assert!(s.starts_with("error: stack ZAEL-x not found"));
        assert!(s.contains("\n  hint: run zae-limiter deploy --name x"));
    }
}
