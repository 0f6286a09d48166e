//! The check operation: the compatibility verdict only, for scripts and checklists.
//! One line (or one JSON document) on stdout, the next step on stderr, and the
//! documented exit code. Changes nothing.

use std::fmt;

use serde::Serialize;

use crate::aws::Aws;
use crate::domain::compat::{self, Verdict};
use crate::domain::naming::LimiterName;
use crate::error::Result;
use crate::ops::deployed;

/// The JSON document of `check`.
#[derive(Debug, Serialize)]
pub struct CheckResult {
    /// Limiter name.
    pub name: String,
    /// Verdict code: compatible, update_available, tool_too_old,
    /// schema_migration_required, not_deployed, not_initialized, unreadable_record.
    pub verdict: &'static str,
    /// Whether applications can use the stack with this tool.
    pub compatible: bool,
    /// The verdict in words, naming the versions compared.
    pub message: String,
    /// What to do next.
    pub next_step: String,
    /// This tool's version.
    pub tool_version: String,
    /// The schema version this tool speaks.
    pub tool_schema_version: String,
    /// Deployed schema version, when known.
    pub deployed_schema_version: Option<String>,
    /// Deployed Lambda version, when known.
    pub deployed_lambda_version: Option<String>,
    /// The exit code.
    pub exit_code: i32,
    /// Whether the next step is worth saying on stderr (not when all is well).
    #[serde(skip)]
    pub says_next: bool,
}

impl CheckResult {
    /// The next step for stderr, when there is one worth saying.
    pub fn next_note(&self) -> Option<String> {
        self.says_next.then(|| format!("next: {}", self.next_step))
    }
}

impl fmt::Display for CheckResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.name, self.message)
    }
}

/// Gathers the facts and judges them. Changes nothing.
pub async fn check(aws: &Aws, name: &LimiterName) -> Result<CheckResult> {
    let facts = deployed::gather(aws, name).await?;
    let tool = compat::tool_version();
    let verdict = compat::verdict(&tool, &compat::tool_schema(), &facts.deployed());
    let rec = facts.version_record();
    let result = CheckResult {
        name: name.to_string(),
        verdict: verdict.code(),
        compatible: verdict.is_compatible(),
        message: verdict.summary(&tool),
        next_step: verdict.next_step(name.as_str()),
        tool_version: tool.to_string(),
        tool_schema_version: compat::SCHEMA_VERSION.to_string(),
        deployed_schema_version: rec.map(|r| r.schema_version.clone()),
        deployed_lambda_version: rec.and_then(|r| r.lambda_version.clone()),
        exit_code: verdict.exit_code(),
        says_next: !matches!(
            verdict,
            Verdict::Compatible { .. } | Verdict::NoAggregator { .. }
        ),
    };
    Ok(result)
}
