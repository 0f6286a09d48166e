//! The plan operation: what `deploy` with the given options would change on a
//! stack, without changing anything.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::aws::Aws;
use crate::domain::naming::LimiterName;
use crate::domain::stack::params::{self, ParamChange, StackOptions};
use crate::domain::stack::tags::{self, TagArg, TagChange};
use crate::domain::stack::template;
use crate::error::{ErrorKind, Result};
use crate::ops::function_versions::{self as fv, Live};
use crate::ops::record::{self, ReadRecord, VersionRecord};
use crate::ops::stack as ops;
use crate::{domain::compat, ops::aggregator, report};

/// Parameters that end up in the function's configuration: changing one makes
/// `$LATEST` differ from the live version, so deploy publishes a new one.
const FUNCTION_PARAMETERS: [&str; 7] = [
    "LambdaTimeout",
    "LambdaMemorySize",
    "SnapshotWindows",
    "SnapshotRetentionDays",
    "RoleName",
    "EnableTracing",
    "AggregatorRoleArn",
];

/// The plan document.
#[derive(Debug, Serialize)]
pub struct Plan {
    /// Limiter name.
    pub name: String,
    /// `create` when there is no stack, `update` or `none`.
    pub action: &'static str,
    /// Parameters that would change (on create: every parameter, old null).
    pub parameter_changes: Vec<ParamChange>,
    /// Stack tags that would change (on create: every tag, old null; new null: removed).
    pub tag_changes: Vec<TagChange>,
    /// Whether the deployed template differs from this tool's (whitespace ignored).
    pub template_differs: bool,
    /// Whether the function's code differs from this tool's package.
    pub code_differs: bool,
    /// The function's CodeSha256 now, if there is a function.
    pub deployed_code_sha256: Option<String>,
    /// This tool's package CodeSha256.
    pub tool_code_sha256: String,
    /// Where the alias `live` points now (`None` without a function).
    pub live: Option<Live>,
    /// Whether deploy would publish a new version and move `live` to it (new
    /// code, or a configuration change the live version does not have yet).
    pub publish: bool,
    /// The version record now.
    pub record_before: Option<VersionRecord>,
    /// The version record deploy would leave (`updated_at` is the planning time).
    pub record_after: Option<VersionRecord>,
    /// With action `adopt`: the table deploy would import into a new stack.
    pub adopt: Option<AdoptPlan>,
}

/// What adopting a table without a stack would do.
#[derive(Debug, Serialize)]
pub struct AdoptPlan {
    /// Table name.
    pub table: String,
    /// DynamoDB's approximate item count.
    pub items: i64,
    /// DynamoDB's approximate size in bytes.
    pub size_bytes: i64,
    /// Settings deploy would bring to the template's before importing.
    pub settings_to_apply: Vec<crate::domain::table_shape::SettingChange>,
    /// Why deploy would refuse the table (empty: it would adopt it).
    pub refusals: Vec<String>,
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.action {
            "none" => return writeln!(f, "{}: no changes", self.name),
            "create" => writeln!(f, "{}: deploy would create the stack with:", self.name)?,
            "adopt" => {
                if let Some(a) = &self.adopt {
                    if !a.refusals.is_empty() {
                        writeln!(
                            f,
                            "{}: deploy would refuse the table {} without a stack:",
                            self.name, a.table
                        )?;
                        for r in &a.refusals {
                            writeln!(f, "  - {r}")?;
                        }
                        return Ok(());
                    }
                    writeln!(
                        f,
                        "{}: deploy would adopt the table {} ({} items, {}) into a new stack, keeping every item",
                        self.name,
                        a.table,
                        a.items,
                        report::human_bytes(a.size_bytes)
                    )?;
                    for c in &a.settings_to_apply {
                        writeln!(f, "  table: {c}")?;
                    }
                    writeln!(f, "  then create the rest of the stack with:")?;
                }
            }
            _ => writeln!(f, "{}: deploy would change:", self.name)?,
        }
        for c in &self.parameter_changes {
            match &c.old {
                Some(old) => writeln!(f, "  parameter {}: {old:?} -> {:?}", c.name, c.new)?,
                None => writeln!(f, "  parameter {} = {:?}", c.name, c.new)?,
            }
        }
        for c in &self.tag_changes {
            match (&c.old, &c.new) {
                (Some(old), Some(new)) => writeln!(f, "  tag {}: {old:?} -> {new:?}", c.key)?,
                (None, Some(new)) => writeln!(f, "  tag {} = {new:?}", c.key)?,
                (Some(old), None) => writeln!(f, "  tag {}: {old:?} -> (removed)", c.key)?,
                (None, None) => {}
            }
        }
        if let Some(c) = self
            .parameter_changes
            .iter()
            .find(|c| c.name == params::AGGREGATOR_ROLE_ARN && c.old.is_some())
        {
            if c.new.is_empty() {
                writeln!(f, "  IAM: the stack would create the aggregator's role again and the function would run as it")?;
            } else {
                writeln!(
                    f,
                    "  IAM: the stack would delete its own role; the function would run as {}",
                    c.new
                )?;
            }
        }
        if self.template_differs && self.action == "update" {
            writeln!(f, "  template: differs from this tool's")?;
        }
        if self.code_differs {
            writeln!(
                f,
                "  function code: {} -> {}",
                self.deployed_code_sha256.as_deref().unwrap_or("(none)"),
                self.tool_code_sha256
            )?;
        }
        if self.publish {
            let from = match &self.live {
                Some(Live::Version(n)) => format!("from version {n}"),
                Some(Live::Latest) => "from $LATEST".into(),
                Some(Live::NoAlias) => "after adding the alias".into(),
                None => "on the new function".into(),
            };
            writeln!(
                f,
                "  live: a new version would be published and `live` moved to it ({from})"
            )?;
        }
        if let Some(after) = &self.record_after {
            if self
                .record_before
                .as_ref()
                .map(|b| (&b.schema_version, &b.lambda_version))
                != Some((&after.schema_version, &after.lambda_version))
            {
                writeln!(
                    f,
                    "  version record: schema {}, lambda {}",
                    after.schema_version,
                    after.lambda_version.as_deref().unwrap_or("-")
                )?;
            }
        }
        Ok(())
    }
}

/// The checks that need no AWS call (the count of the given tags), made before
/// any AWS configuration is loaded.
pub fn check(name: &LimiterName, tag_args: &[TagArg]) -> Result<()> {
    tags::desired(
        tag_args,
        None,
        name.as_str(),
        &compat::tool_version().to_string(),
    )
    .map(|_| ())
    .map_err(|e| crate::error::Error::new(ErrorKind::Usage, e))
}

/// Gathers the deployed state and compares it with what deploy would send.
/// Changes nothing.
pub async fn plan(
    aws: &Aws,
    name: &LimiterName,
    opts: &StackOptions,
    tag_args: &[TagArg],
) -> Result<Plan> {
    let version = compat::tool_version().to_string();
    let tag_error = |e: String| crate::error::Error::new(ErrorKind::Usage, e);
    let (stack_name, table) = (name.stack(), name.table());
    let function = name.function();
    let (stack, rec, versions) = tokio::join!(
        ops::describe(aws, &stack_name),
        record::read_if_table(aws, &table),
        fv::read(aws, &function)
    );
    let (stack, rec) = (stack?, rec?);
    let versions = match versions {
        Ok(v) => Some(v),
        Err(e) if e.kind == ErrorKind::NotDeployed => None,
        Err(e) => return Err(e),
    };
    let deployed_sha = versions.as_ref().map(|v| v.latest.code_sha256.clone());
    let tool_sha = aggregator::code_sha256(&aggregator::package());
    let record_before = match &rec {
        Some(ReadRecord::Present(r)) => Some(r.clone()),
        _ => None,
    };
    let mut adopt = None;
    let deployed_tags = stack.as_ref().map(|i| i.tags.clone()).unwrap_or_default();
    let desired_tags = tags::desired(
        tag_args,
        stack.as_ref().map(|i| &i.tags),
        name.as_str(),
        &version,
    )
    .map_err(tag_error)?;
    let tag_changes = tags::changes(&deployed_tags, &desired_tags);
    let (action, changes, template_differs, desired) = match &stack {
        None if rec.is_some() => {
            let p = params::desired(opts, None);
            let (facts, owner) = tokio::join!(
                crate::ops::adopt::read_table(aws, &table),
                crate::ops::adopt::owner(aws, &table)
            );
            if let Some(facts) = facts? {
                let refusals = match crate::ops::adopt::check(&facts, name, owner?.as_deref()) {
                    Ok(()) => vec![],
                    Err(e) => vec![e.message],
                };
                adopt = Some(AdoptPlan {
                    table: table.clone(),
                    items: facts.items,
                    size_bytes: facts.size_bytes,
                    settings_to_apply: crate::domain::table_shape::settings_to_apply(
                        &facts,
                        p[params::PITR_DAYS].parse().unwrap_or(35),
                        params::deletion_protected(&p),
                    ),
                    refusals,
                });
            }
            let all = params::changes(&BTreeMap::new(), &p);
            ("adopt", all, true, p)
        }
        None => {
            let p = params::desired(opts, None);
            let all = params::changes(&BTreeMap::new(), &p);
            ("create", all, true, p)
        }
        Some(info) => {
            let p = params::desired(opts, Some(&info.parameters));
            let differs = template::differs(&ops::template(aws, &name.stack()).await?);
            let c = params::changes(&info.parameters, &p);
            ("update", c, differs, p)
        }
    };
    let enabled = params::aggregator_enabled(&desired);
    let code_differs = enabled && deployed_sha.as_deref() != Some(tool_sha.as_str());
    let lambda_version = enabled.then(|| compat::tool_version().to_string());
    let record_current = record_before
        .as_ref()
        .is_some_and(|r| crate::ops::release::record_is_current(r, lambda_version.as_deref()));
    let record_after = if record_current && !code_differs {
        record_before.clone()
    } else {
        Some(record::next_record(
            record_before.as_ref(),
            &compat::tool_version(),
            &compat::tool_schema(),
            lambda_version.as_deref(),
            &record::now_utc(),
        ))
    };
    let publish = enabled
        && match &versions {
            None => true,
            Some(v) => {
                fv::plan_release(v, &tool_sha, false).publish
                    || changes
                        .iter()
                        .any(|c| FUNCTION_PARAMETERS.contains(&c.name.as_str()))
            }
        };
    let nothing = action == "update"
        && changes.is_empty()
        && tag_changes.is_empty()
        && !template_differs
        && !code_differs
        && !publish
        && record_after == record_before;
    let plan = Plan {
        name: name.to_string(),
        action: if nothing { "none" } else { action },
        parameter_changes: changes,
        tag_changes,
        template_differs,
        code_differs,
        deployed_code_sha256: deployed_sha,
        tool_code_sha256: tool_sha,
        live: versions.map(|v| v.live),
        publish,
        record_before,
        record_after,
        adopt,
    };
    Ok(plan)
}
