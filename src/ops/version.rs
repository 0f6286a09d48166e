//! The version operation: the tool's and the deployed versions, the function's code, and
//! the verdict with its next step.

use std::fmt;

use serde::Serialize;

use crate::aws::Aws;
use crate::domain::compat;
use crate::domain::naming::LimiterName;
use crate::error::{ErrorKind, Result};
use crate::ops::aggregator;
use crate::ops::deployed;
use crate::ops::function_versions::{self, LiveView};

/// The JSON document of `version`.
#[derive(Debug, Serialize)]
pub struct VersionReport {
    /// Limiter name.
    pub name: String,
    /// This tool's version (= the aggregator code it ships).
    pub tool_version: String,
    /// Schema version this tool speaks.
    pub tool_schema_version: String,
    /// Deployed schema version.
    pub deployed_schema_version: Option<String>,
    /// Deployed Lambda version (`None`: unknown).
    pub deployed_lambda_version: Option<String>,
    /// Minimum client version.
    pub client_min_version: Option<String>,
    /// When the record was last written.
    pub updated_at: Option<String>,
    /// Who wrote it.
    pub updated_by: Option<String>,
    /// The function's CodeSha256, when there is a function.
    pub function_code_sha256: Option<String>,
    /// The CodeSha256 of this tool's package.
    pub tool_code_sha256: String,
    /// Whether the function runs exactly this tool's package.
    pub code_matches_tool: Option<bool>,
    /// Where the alias `live` points and what it could roll back to (`None` without a function).
    pub live: Option<LiveView>,
    /// Verdict code (as `check`).
    pub verdict: &'static str,
    /// Verdict in words.
    pub message: String,
    /// Next step.
    pub next_step: String,
}

fn or_unknown(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("unknown")
}

impl fmt::Display for VersionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "limiter:             {}", self.name)?;
        writeln!(f, "tool version:        {}", self.tool_version)?;
        writeln!(f, "tool schema:         {}", self.tool_schema_version)?;
        writeln!(
            f,
            "deployed schema:     {}",
            or_unknown(&self.deployed_schema_version)
        )?;
        writeln!(
            f,
            "deployed lambda:     {}",
            or_unknown(&self.deployed_lambda_version)
        )?;
        writeln!(
            f,
            "minimum client:      {}",
            or_unknown(&self.client_min_version)
        )?;
        writeln!(
            f,
            "last updated:        {} by {}",
            or_unknown(&self.updated_at),
            or_unknown(&self.updated_by)
        )?;
        let code = match (&self.function_code_sha256, self.code_matches_tool) {
            (Some(sha), Some(true)) => format!("{sha} (this tool's package)"),
            (Some(sha), _) => format!("{sha} (differs from this tool's {})", self.tool_code_sha256),
            (None, _) => "no function".to_string(),
        };
        writeln!(f, "function code:       {code}")?;
        if let Some(live) = &self.live {
            writeln!(f, "live:                {live}")?;
        }
        writeln!(f, "verdict:             {}", self.message)?;
        writeln!(f, "next step:           {}", self.next_step)
    }
}

/// Gathers versions and the function's code concurrently, then judges them.
pub async fn version(aws: &Aws, name: &LimiterName) -> Result<VersionReport> {
    let function = name.function();
    let (facts, versions) = tokio::join!(
        deployed::gather(aws, name),
        function_versions::read(aws, &function)
    );
    let facts = facts?;
    // No function (aggregator off, or nothing deployed) is a fact; any other error is reported.
    let versions = match versions {
        Ok(v) => Some(v),
        Err(e) if e.kind == ErrorKind::NotDeployed => None,
        Err(e) => return Err(e),
    };
    let function_sha = versions.as_ref().map(|v| v.latest.code_sha256.clone());
    let tool = compat::tool_version();
    let verdict = compat::verdict(&tool, &compat::tool_schema(), &facts.deployed());
    let tool_sha = aggregator::code_sha256(&aggregator::package());
    let rec = facts.version_record();
    let report = VersionReport {
        name: name.to_string(),
        tool_version: tool.to_string(),
        tool_schema_version: compat::SCHEMA_VERSION.into(),
        deployed_schema_version: rec.map(|r| r.schema_version.clone()),
        deployed_lambda_version: rec.and_then(|r| r.lambda_version.clone()),
        client_min_version: rec.and_then(|r| r.client_min_version.clone()),
        updated_at: rec.and_then(|r| r.updated_at.clone()),
        updated_by: rec.and_then(|r| r.updated_by.clone()),
        code_matches_tool: function_sha.as_ref().map(|s| *s == tool_sha),
        function_code_sha256: function_sha,
        live: versions.as_ref().map(function_versions::Versions::view),
        tool_code_sha256: tool_sha,
        verdict: verdict.code(),
        message: verdict.summary(&tool),
        next_step: verdict.next_step(name.as_str()),
    };
    Ok(report)
}
