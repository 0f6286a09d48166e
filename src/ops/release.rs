//! The step deploy and upgrade share once the stack is in place: ship the
//! aggregator code when it differs, publish it as a version and point `live`
//! at it, bring the version record up to date, verify all of that, and move
//! `live` back when verification fails.

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::aws::Aws;
use crate::domain::compat;
use crate::domain::naming::LimiterName;
use crate::error::{Error, Result};
use crate::ops::function_versions::{self as fv, Live};
use crate::ops::record::{self, ReadRecord, VersionRecord, WriteOutcome};
use crate::ops::verify::{self, AfterFailure, Expected, Outcome};
use crate::{ops::aggregator, report};

/// How long verification waits for settling states (function updating,
/// mapping enabling) before calling them a failure.
const SETTLE: Duration = Duration::from_secs(120);

/// How the release step behaves.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Ship and publish even when the function already runs this tool's code.
    pub force: bool,
    /// Published versions to keep (`--keep-versions`).
    pub keep_versions: usize,
    /// Leave a version that failed verification live (`--no-rollback`).
    pub no_rollback: bool,
    /// Overall limit for waiting on the function update.
    pub timeout: Duration,
}

/// What the release step did.
#[derive(Debug, Clone, Serialize)]
pub struct Released {
    /// Whether code was uploaded (false when the function already ran it).
    pub code_shipped: bool,
    /// The function's CodeSha256 afterwards (`None` without an aggregator).
    pub code_sha256: Option<String>,
    /// Where `live` pointed before (`None` without an aggregator).
    pub live_before: Option<Live>,
    /// Where `live` points now.
    pub live: Option<Live>,
    /// The version this run published (`None` when `live` was already current).
    pub published_version: Option<u64>,
    /// Old versions deleted by retention.
    pub deleted_versions: Vec<u64>,
    /// Whether the record was written.
    pub record_written: bool,
    /// The record afterwards.
    pub record: Option<VersionRecord>,
    /// Whether the release was verified (false when nothing was published).
    pub verified: bool,
}

/// Whether the record already says what this tool would write (so writing it
/// again would only change `updated_at`). Pure.
pub fn record_is_current(rec: &VersionRecord, lambda_version: Option<&str>) -> bool {
    let schema_ok =
        compat::parse_version(&rec.schema_version).is_some_and(|v| v >= compat::tool_schema());
    // Without an aggregator the record's Lambda version is NULL whatever the tool,
    // so only the tool that wrote it tells whether the stack is current.
    let writer_ok = lambda_version.is_some()
        || rec
            .versions()
            .written_by_tool
            .as_deref()
            .and_then(compat::parse_version)
            .is_some_and(|v| v >= compat::tool_version());
    schema_ok
        && writer_ok
        && rec.lambda_version.as_deref() == lambda_version
        && rec.client_min_version.is_some()
}

/// The function part of a release: what was shipped and published.
struct FunctionStep {
    code_shipped: bool,
    code_sha256: String,
    live_before: Live,
    published: Option<u64>,
    versions: fv::Versions,
}

/// Ships (when the code differs, or `force`) and publishes (when `live` does
/// not run exactly `$LATEST`), moving `live` to the new version.
async fn function_step(aws: &Aws, function: &str, opts: &Options) -> Result<FunctionStep> {
    let tool = compat::tool_version();
    let package = aggregator::package();
    let want = aggregator::code_sha256(&package);
    let versions = fv::read(aws, function).await?;
    let plan = fv::plan_release(&versions, &want, opts.force);
    let live_before = versions.live.clone();
    let mut code_sha256 = versions.latest.code_sha256.clone();
    if plan.ship {
        report::note(format!("shipping aggregator {tool} to {function}"));
        code_sha256 = aggregator::ship(aws, function, package, opts.timeout).await?;
    } else {
        report::note(format!("{function} already runs this tool's code"));
    }
    let mut published = None;
    if live_before == Live::NoAlias {
        report::note(format!(
            "{function} has no alias `{}` yet (the stack predates versioned releases); \
             run upgrade without --lambda-only to bring the stack onto it",
            fv::LIVE_ALIAS
        ));
    } else if plan.publish {
        let hex = fv::sha_hex(&code_sha256).unwrap_or_default();
        let n = fv::publish(
            aws,
            function,
            &code_sha256,
            &fv::description(&tool.to_string(), &hex),
        )
        .await?;
        if live_before != Live::Version(n) {
            fv::move_live(aws, function, n).await?;
            report::note(format!("`{}` → version {n}", fv::LIVE_ALIAS));
        }
        published = Some(n);
    }
    Ok(FunctionStep {
        code_shipped: plan.ship,
        code_sha256,
        live_before,
        published,
        versions,
    })
}

/// Ships, publishes and writes the record, then verifies what was published;
/// a failed verification moves `live` back (unless `no_rollback`) and errs.
/// Shielded from a single Ctrl-C or SIGTERM (see `interrupt::shield`).
pub async fn release(
    aws: &Aws,
    name: &LimiterName,
    aggregator_enabled: bool,
    opts: Options,
) -> Result<Released> {
    crate::interrupt::shield(
        "the release",
        "the code may be shipped and `live` may already point at the new version; the version \
         record is written in one step, so it is either the old one or the new one",
        &format!(
            "check with `zae-limiter version --name {name}`, then run `zae-limiter upgrade --name {name}` to finish"
        ),
        release_unshielded(aws, name, aggregator_enabled, opts),
    )
    .await
}

async fn release_unshielded(
    aws: &Aws,
    name: &LimiterName,
    aggregator_enabled: bool,
    opts: Options,
) -> Result<Released> {
    let tool = compat::tool_version();
    let function = name.function();
    let step = if aggregator_enabled {
        Some(function_step(aws, &function, &opts).await?)
    } else {
        None
    };
    let table = name.table();
    let lambda_version = aggregator_enabled.then(|| tool.to_string());
    let before = record::read(aws, &table).await?;
    let changed_code = step
        .as_ref()
        .is_some_and(|s| s.code_shipped || s.published.is_some());
    let (record_written, rec) = match &before {
        ReadRecord::Present(r)
            if !opts.force && !changed_code && record_is_current(r, lambda_version.as_deref()) =>
        {
            (false, r.clone())
        }
        _ => (
            true,
            record::update_after_ship(
                aws,
                &table,
                before.clone(),
                &tool,
                &compat::tool_schema(),
                lambda_version.as_deref(),
            )
            .await?,
        ),
    };
    let mut released = Released {
        code_shipped: step.as_ref().is_some_and(|s| s.code_shipped),
        code_sha256: step.as_ref().map(|s| s.code_sha256.clone()),
        live_before: step.as_ref().map(|s| s.live_before.clone()),
        live: step.as_ref().map(|s| match s.published {
            Some(n) => Live::Version(n),
            None => s.live_before.clone(),
        }),
        published_version: step.as_ref().and_then(|s| s.published),
        deleted_versions: vec![],
        record_written,
        record: Some(rec.clone()),
        verified: false,
    };
    let Some(step) = step else {
        return Ok(released);
    };
    let Some(new_version) = step.published else {
        return Ok(released);
    };
    // The test seam exists only in debug builds.
    #[cfg(debug_assertions)]
    crate::test_hook::pause_before_verify().await;
    let expected = Expected {
        version: new_version,
        lambda_version: tool.to_string(),
    };
    match settle(aws, name, &expected).await? {
        Outcome::Passed => {}
        Outcome::Pending(reasons) | Outcome::Failed(reasons) => {
            let previous = match &before {
                ReadRecord::Present(r) => Some(r),
                _ => None,
            };
            return Err(failed_verification(
                aws,
                name,
                &step.live_before,
                new_version,
                opts.no_rollback,
                previous,
                &rec,
                &reasons,
            )
            .await);
        }
    }
    released.verified = true;
    released.deleted_versions = prune(
        aws,
        &function,
        &step.versions,
        new_version,
        opts.keep_versions,
    )
    .await;
    Ok(released)
}

/// Looks until the release verifies, fails, or stays unsettled for `SETTLE`.
async fn settle(aws: &Aws, name: &LimiterName, expected: &Expected) -> Result<Outcome> {
    let start = Instant::now();
    let mut delay = Duration::from_millis(250);
    loop {
        let outcome = verify::verify(expected, &verify::observe(aws, name).await?);
        match outcome {
            Outcome::Pending(reasons) if start.elapsed() < SETTLE => {
                report::debug(format!("verification pending: {}", reasons.join("; ")));
            }
            Outcome::Pending(reasons) => {
                return Ok(Outcome::Failed(
                    reasons
                        .into_iter()
                        .map(|r| format!("{r} after {}s", SETTLE.as_secs()))
                        .collect(),
                ))
            }
            done => return Ok(done),
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}

/// Responds to a failed verification and builds the error that says what
/// failed and where `live` is now.
#[allow(clippy::too_many_arguments)]
async fn failed_verification(
    aws: &Aws,
    name: &LimiterName,
    live_before: &Live,
    new_version: u64,
    no_rollback: bool,
    previous_record: Option<&VersionRecord>,
    written: &VersionRecord,
    reasons: &[String],
) -> Error {
    let what = format!(
        "verification of version {new_version} of {} failed:\n  - {}",
        name.function(),
        reasons.join("\n  - ")
    );
    match verify::after_failure(live_before, new_version, no_rollback) {
        AfterFailure::Keep { why } => Error::failure(format!("{what}\n{why}")).hint(format!(
            "inspect it with `zae-limiter status --name {name}`; fix the cause and run upgrade again, \
             or `zae-limiter rollback --name {name}` when an earlier version exists"
        )),
        AfterFailure::RollBack { to } => {
            let function = name.function();
            if let Err(e) = fv::move_live(aws, &function, to).await {
                return Error::failure(format!(
                    "{what}\nmoving `{}` back to version {to} failed too: {}",
                    fv::LIVE_ALIAS,
                    e.message
                ))
                .hint(format!("run `zae-limiter rollback --name {name} --to-version {to}`"));
            }
            let record_note = match previous_record {
                None => "the version record had not existed before and was left as written".to_string(),
                Some(prev) => match record::write_if_unchanged(aws, &name.table(), Some(written), prev).await {
                    Ok(WriteOutcome::Written) => "the version record was restored".into(),
                    Ok(WriteOutcome::Conflict) => "the version record changed meanwhile and was left as it is".into(),
                    Err(e) => format!("restoring the version record failed: {}", e.message),
                },
            };
            Error::failure(format!(
                "{what}\nthe previous code is live again: `{}` → version {to} (was {new_version}); {record_note}",
                fv::LIVE_ALIAS
            ))
            .hint(format!(
                "version {new_version} is kept for diagnosis; look at it with `zae-limiter status --name {name}`, \
                 or run again with --no-rollback to leave it live"
            ))
        }
    }
}

/// Deletes versions beyond `keep` (never the live one or the one before it).
/// Failures are reported, not fatal: the release itself succeeded.
async fn prune(
    aws: &Aws,
    function: &str,
    before: &fv::Versions,
    live: u64,
    keep: usize,
) -> Vec<u64> {
    let mut numbers: Vec<u64> = before.published.iter().map(|p| p.number).collect();
    if !numbers.contains(&live) {
        numbers.push(live);
    }
    let mut deleted = Vec::new();
    for n in fv::retention(&numbers, &Live::Version(live), keep) {
        match fv::delete(aws, function, n).await {
            Ok(()) => deleted.push(n),
            Err(e) => report::note(format!("could not delete old version {n}: {}", e.message)),
        }
    }
    if !deleted.is_empty() {
        report::note(format!(
            "deleted old versions {} (keeping {keep})",
            deleted
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    deleted
}

/// What deploy and upgrade report of the alias `live` (flattened into their
/// JSON documents).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct LiveSummary {
    /// Where the alias `live` points afterwards.
    pub live: Option<crate::ops::function_versions::Live>,
    /// The version published this time.
    pub published_version: Option<u64>,
    /// Whether the published version passed verification.
    pub verified: bool,
    /// Old versions deleted by retention.
    pub deleted_versions: Vec<u64>,
}

impl LiveSummary {
    /// The summary of a release.
    pub fn of(rel: &Released) -> Self {
        LiveSummary {
            live: rel.live.clone(),
            published_version: rel.published_version,
            verified: rel.verified,
            deleted_versions: rel.deleted_versions.clone(),
        }
    }

    /// Writes the `live:` line of a summary (nothing without a function).
    pub fn write(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::ops::function_versions::Live;
        let Some(live) = &self.live else {
            return Ok(());
        };
        let mut s = match live {
            Live::Version(n) => format!("version {n}"),
            Live::Latest => "$LATEST (nothing published)".into(),
            Live::NoAlias => "no alias (stack predates versioned releases; run upgrade)".into(),
        };
        match (self.published_version, self.verified) {
            (Some(_), true) => s.push_str(", published now and verified"),
            (Some(_), false) => s.push_str(", published now"),
            (None, _) => s.push_str(", unchanged"),
        }
        if !self.deleted_versions.is_empty() {
            let list: Vec<String> = self.deleted_versions.iter().map(u64::to_string).collect();
            s.push_str(&format!("; deleted old versions {}", list.join(", ")));
        }
        writeln!(f, "  live:     {s}")
    }
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
        // No aggregator: current only when this tool (or a newer one) wrote it.
        let mut none = rec("1.0.0", None);
        assert!(!record_is_current(&none, None));
        none.updated_by = Some("cli:0.0.1".into());
        assert!(!record_is_current(&none, None));
        none.updated_by = Some(format!("cli:{t}"));
        assert!(record_is_current(&none, None));
    }
}
