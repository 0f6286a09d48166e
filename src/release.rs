//! The step deploy and upgrade share once the stack is in place: ship the
//! aggregator code when it differs, then bring the version record up to date.

use std::time::Duration;

use serde::Serialize;

use crate::aws::Aws;
use crate::compat;
use crate::error::Result;
use crate::naming::LimiterName;
use crate::record::{self, ReadRecord, VersionRecord};
use crate::{aggregator, report};

/// What the release step did.
#[derive(Debug, Clone, Serialize)]
pub struct Released {
    /// Whether code was uploaded (false when the function already ran it).
    pub code_shipped: bool,
    /// The function's CodeSha256 afterwards (`None` without an aggregator).
    pub code_sha256: Option<String>,
    /// Whether the record was written.
    pub record_written: bool,
    /// The record afterwards.
    pub record: Option<VersionRecord>,
}

/// Whether the record already says what this tool would write (so writing it
/// again would only change `updated_at`). Pure.
pub fn record_is_current(rec: &VersionRecord, lambda_version: Option<&str>) -> bool {
    let schema_ok =
        compat::parse_version(&rec.schema_version).is_some_and(|v| v >= compat::tool_schema());
    schema_ok && rec.lambda_version.as_deref() == lambda_version && rec.client_min_version.is_some()
}

/// Ships code (when `aggregator` and it differs, or `force`) and writes the record.
pub async fn release(
    aws: &Aws,
    name: &LimiterName,
    aggregator_enabled: bool,
    force: bool,
    timeout: Duration,
) -> Result<Released> {
    let tool = compat::tool_version();
    let mut code_shipped = false;
    let mut code_sha256 = None;
    if aggregator_enabled {
        let function = name.function();
        let package = aggregator::package();
        let want = aggregator::code_sha256(&package);
        let have = aws
            .lambda()
            .get_function_configuration()
            .function_name(&function)
            .send()
            .await
            .map_err(|e| aws.error("GetFunctionConfiguration", e))?
            .code_sha256()
            .map(str::to_string);
        if force || have.as_deref() != Some(want.as_str()) {
            report::note(format!("shipping aggregator {tool} to {function}"));
            let got = aggregator::ship(aws, &function, package, timeout).await?;
            code_shipped = true;
            code_sha256 = Some(got);
        } else {
            report::note(format!("{function} already runs this tool's code"));
            code_sha256 = have;
        }
    }
    let table = name.table();
    let lambda_version = aggregator_enabled.then(|| tool.to_string());
    let current = record::read(aws, &table).await?;
    if let ReadRecord::Present(r) = &current {
        if !force && !code_shipped && record_is_current(r, lambda_version.as_deref()) {
            return Ok(Released {
                code_shipped,
                code_sha256,
                record_written: false,
                record: Some(r.clone()),
            });
        }
    }
    let rec = record::update_after_ship(
        aws,
        &table,
        &tool,
        &compat::tool_schema(),
        lambda_version.as_deref(),
    )
    .await?;
    Ok(Released {
        code_shipped,
        code_sha256,
        record_written: true,
        record: Some(rec),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(schema: &str, lambda: Option<&str>) -> VersionRecord {
        VersionRecord {
            schema_version: schema.into(),
            lambda_version: lambda.map(Into::into),
            client_min_version: Some("0.0.0".into()),
            updated_at: None,
            updated_by: None,
        }
    }

    #[test]
    fn current_records_are_left_alone() {
        let t = compat::tool_version().to_string();
        assert!(record_is_current(&rec("1.0.0", Some(&t)), Some(&t)));
        assert!(record_is_current(&rec("1.4.0", Some(&t)), Some(&t)));
        assert!(!record_is_current(&rec("1.0.0", None), Some(&t)));
        assert!(!record_is_current(&rec("0.9.0", Some(&t)), Some(&t)));
    }
}
