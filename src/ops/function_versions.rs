//! The aggregator's published Lambda versions and the alias `live` that the
//! stream mapping invokes: reading them, publishing, moving the alias and deleting
//! old versions. The typed facts and the decisions over them (what to publish,
//! what to keep, where a rollback goes) are the domain's
//! (`domain::release::versions`), re-exported here.

use crate::aws::Aws;
use crate::error::{Error, ErrorKind, Result};

pub use crate::domain::release::versions::{
    description, parse_description, plan_release, retention, rollback_target, sha_hex, Fingerprint,
    Live, LiveView, Published, ReleasePlan, VersionView, Versions, DEFAULT_KEEP, LIVE_ALIAS,
};

fn fingerprint(c: &aws_sdk_lambda::types::FunctionConfiguration) -> Fingerprint {
    Fingerprint {
        code_sha256: c.code_sha256().unwrap_or_default().to_string(),
        memory_mb: c.memory_size(),
        timeout_seconds: c.timeout(),
        runtime: c.runtime().map(|r| r.as_str().to_string()),
        handler: c.handler().map(str::to_string),
        role: c.role().map(str::to_string),
        environment: c
            .environment()
            .and_then(|e| e.variables())
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
    }
}

/// The error for a function that does not exist (or is being deleted).
fn function_not_found(function: &str) -> Error {
    Error::new(
        ErrorKind::NotDeployed,
        format!("function {function} not found"),
    )
    .hint("check --name and --region; if the stack was just deleted, `zae-limiter status` says so")
}

/// Where the alias `live` points (`NoAlias` when the function has none).
pub async fn live(aws: &Aws, function: &str) -> Result<Live> {
    match aws
        .lambda()
        .get_alias()
        .function_name(function)
        .name(LIVE_ALIAS)
        .send()
        .await
    {
        Ok(a) => Ok(match a.function_version() {
            Some(v) if v.eq_ignore_ascii_case("$LATEST") => Live::Latest,
            Some(v) => v.parse().map(Live::Version).unwrap_or(Live::Latest),
            None => Live::Latest,
        }),
        Err(e) => {
            use aws_sdk_lambda::error::ProvideErrorMetadata;
            if e.code() == Some("ResourceNotFoundException") {
                Ok(Live::NoAlias)
            } else {
                Err(aws.error("GetAlias", e))
            }
        }
    }
}

/// Reads `$LATEST`, every published version and the alias at once.
pub async fn read(aws: &Aws, function: &str) -> Result<Versions> {
    let lambda = aws.lambda();
    let list = async {
        let mut pages = lambda
            .list_versions_by_function()
            .function_name(function)
            .into_paginator()
            .send();
        let mut all = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                use aws_sdk_lambda::error::ProvideErrorMetadata;
                if e.code() == Some("ResourceNotFoundException") {
                    function_not_found(function)
                } else {
                    aws.error("ListVersionsByFunction", e)
                }
            })?;
            all.extend(page.versions().iter().cloned());
        }
        Ok::<_, Error>(all)
    };
    let (all, live) = tokio::join!(list, live(aws, function));
    let (all, live) = (all?, live?);
    let mut latest = None;
    let mut published = Vec::new();
    for c in &all {
        match c.version() {
            Some("$LATEST") => latest = Some(fingerprint(c)),
            Some(v) => {
                if let Ok(number) = v.parse() {
                    let description = c.description().unwrap_or_default().to_string();
                    let (tool_version, package_sha256) = parse_description(&description);
                    published.push(Published {
                        number,
                        description,
                        tool_version,
                        package_sha256,
                        fingerprint: fingerprint(c),
                    });
                }
            }
            None => {}
        }
    }
    published.sort_by_key(|p| p.number);
    // No $LATEST: the function is being deleted (a concurrent delete).
    let latest = latest.ok_or_else(|| function_not_found(function))?;
    Ok(Versions {
        latest,
        published,
        live,
    })
}

/// Publishes `$LATEST` as a version, guarded by the code it must hold
/// (Lambda refuses if `$LATEST` changed underneath). Returns its number.
pub async fn publish(
    aws: &Aws,
    function: &str,
    code_sha256: &str,
    description: &str,
) -> Result<u64> {
    let out = aws
        .lambda()
        .publish_version()
        .function_name(function)
        .code_sha256(code_sha256)
        .description(description)
        .send()
        .await
        .map_err(|e| {
            use aws_sdk_lambda::error::ProvideErrorMetadata;
            if e.code() == Some("PreconditionFailedException") {
                Error::failure(format!(
                    "the code of {function} changed while this command was publishing it; nothing was published"
                ))
                .hint("another deploy or upgrade is probably shipping other code: wait for it, check `zae-limiter version`, and run this again")
            } else {
                aws.error("PublishVersion", e)
            }
        })?;
    out.version().and_then(|v| v.parse().ok()).ok_or_else(|| {
        Error::failure(format!(
            "Lambda published {function} without a version number"
        ))
    })
}

/// Points `live` at `version`.
pub async fn move_live(aws: &Aws, function: &str, version: u64) -> Result<()> {
    aws.lambda()
        .update_alias()
        .function_name(function)
        .name(LIVE_ALIAS)
        .function_version(version.to_string())
        .send()
        .await
        .map_err(|e| aws.error("UpdateAlias", e))?;
    Ok(())
}

/// Deletes published `version`.
pub async fn delete(aws: &Aws, function: &str, version: u64) -> Result<()> {
    aws.lambda()
        .delete_function()
        .function_name(function)
        .qualifier(version.to_string())
        .send()
        .await
        .map_err(|e| aws.error("DeleteFunction", e))?;
    Ok(())
}
