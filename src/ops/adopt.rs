//! Adopting a table that no stack owns (retained by a deleted stack, restored under
//! the limiter's name, left by a failed create): read it, check it is a limiter table
//! and that no other stack owns it, bring its own settings to the template's, then
//! import it into the stack with a CloudFormation `IMPORT` change set. Deploy then
//! updates the stack to add everything else. Decisions are in `table_shape` and
//! `stack::import`; this module performs them.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use aws_sdk_cloudformation::error::ProvideErrorMetadata;
use aws_sdk_cloudformation::types::{Capability, ChangeSetType, ResourceToImport};
use aws_sdk_dynamodb::types::{
    PointInTimeRecoverySpecification, StreamSpecification, StreamViewType, TimeToLiveSpecification,
};
use serde::Serialize;

use crate::aws::Aws;
use crate::domain::naming::LimiterName;
use crate::domain::stack::import::{import_template, TABLE_LOGICAL_ID};
use crate::domain::table_shape::{self, Index, Key, SettingChange, TableFacts};
use crate::error::{Error, ErrorKind, Result};
use crate::report;

/// What deploy reports about an adopted table.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AdoptedTable {
    /// Table name.
    pub name: String,
    /// DynamoDB's approximate item count when it was adopted.
    pub items: i64,
    /// DynamoDB's approximate size in bytes.
    pub size_bytes: i64,
    /// Settings brought to the template's before the import.
    pub settings_applied: Vec<SettingChange>,
}

/// Reads the table's shape and settings; `None` when it does not exist.
pub async fn read_table(aws: &Aws, table: &str) -> Result<Option<TableFacts>> {
    let ddb = aws.ddb();
    let (desc, ttl, backups) = tokio::join!(
        ddb.describe_table().table_name(table).send(),
        ddb.describe_time_to_live().table_name(table).send(),
        ddb.describe_continuous_backups().table_name(table).send(),
    );
    let desc = match desc {
        Ok(d) => d,
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_resource_not_found_exception()) =>
        {
            return Ok(None)
        }
        Err(e) => return Err(aws.error("DescribeTable", e)),
    };
    let Some(t) = desc.table() else {
        return Ok(None);
    };
    let attr_type = |name: &str| {
        t.attribute_definitions()
            .iter()
            .find(|a| a.attribute_name() == name)
            .map(|a| a.attribute_type().as_str().to_string())
            .unwrap_or_default()
    };
    let keys = |schema: &[aws_sdk_dynamodb::types::KeySchemaElement]| -> Vec<Key> {
        schema
            .iter()
            .map(|k| Key {
                name: k.attribute_name().to_string(),
                key_type: k.key_type().as_str().to_string(),
                attr_type: attr_type(k.attribute_name()),
            })
            .collect()
    };
    let ttl = ttl.map_err(|e| aws.error("DescribeTimeToLive", e))?;
    let ttl_attribute = ttl.time_to_live_description().and_then(|d| {
        let on = d
            .time_to_live_status()
            .is_some_and(|s| matches!(s.as_str(), "ENABLED" | "ENABLING"));
        on.then(|| d.attribute_name().unwrap_or_default().to_string())
    });
    let pitr = backups
        .map_err(|e| aws.error("DescribeContinuousBackups", e))?
        .continuous_backups_description()
        .and_then(|d| d.point_in_time_recovery_description())
        .and_then(|p| p.point_in_time_recovery_status())
        .is_some_and(|s| s.as_str() == "ENABLED");
    let stream = t.stream_specification().filter(|s| s.stream_enabled());
    Ok(Some(TableFacts {
        name: table.to_string(),
        status: t
            .table_status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        keys: keys(t.key_schema()),
        indexes: t
            .global_secondary_indexes()
            .iter()
            .map(|i| Index {
                name: i.index_name().unwrap_or_default().to_string(),
                keys: keys(i.key_schema()),
                projection: i
                    .projection()
                    .and_then(|p| p.projection_type())
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_default(),
            })
            .collect(),
        billing_mode: t
            .billing_mode_summary()
            .and_then(|b| b.billing_mode())
            .map(|b| b.as_str().to_string())
            .unwrap_or_else(|| "PROVISIONED".into()),
        stream_view: stream
            .and_then(|s| s.stream_view_type())
            .map(|v| v.as_str().to_string()),
        stream_arn: stream.and(t.latest_stream_arn().map(str::to_string)),
        ttl_attribute,
        pitr,
        deletion_protection: t.deletion_protection_enabled().unwrap_or(false),
        items: t.item_count().unwrap_or(0),
        size_bytes: t.table_size_bytes().unwrap_or(0),
    }))
}

/// The stack that owns `physical_id` other than `except`, if any. CloudFormation
/// answers DescribeStackResources by physical id with the owning stack's resources,
/// and a ValidationError when no stack owns it.
pub async fn owner(aws: &Aws, physical_id: &str) -> Result<Option<String>> {
    match aws
        .cfn()
        .describe_stack_resources()
        .physical_resource_id(physical_id)
        .send()
        .await
    {
        Ok(out) => Ok(out
            .stack_resources()
            .iter()
            .find_map(|r| r.stack_name().map(str::to_string))),
        Err(e)
            if e.code() == Some("ValidationError")
                && e.message().is_some_and(|m| m.contains("does not exist")) =>
        {
            Ok(None)
        }
        Err(e) => Err(aws.error("DescribeStackResources", e)),
    }
}

/// Whether `stack` lists the table among its resources.
pub async fn stack_owns_table(aws: &Aws, stack: &str, table: &str) -> Result<bool> {
    let out = aws
        .cfn()
        .describe_stack_resources()
        .stack_name(stack)
        .send()
        .await
        .map_err(|e| aws.error("DescribeStackResources", e))?;
    Ok(out.stack_resources().iter().any(|r| {
        r.logical_resource_id() == Some(TABLE_LOGICAL_ID) && r.physical_resource_id() == Some(table)
    }))
}

/// Refuses a table that is not a limiter table or is owned by another stack. Pure.
pub fn check(facts: &TableFacts, name: &LimiterName, owner: Option<&str>) -> Result<()> {
    let stack = name.stack();
    if let Some(other) = owner.filter(|o| *o != stack) {
        return Err(Error::failure(format!(
            "table {} belongs to stack {other}; deploy will not take it from there, and changed nothing",
            facts.name
        ))
        .hint(format!(
            "manage it through {other}, or restore a copy under another name (`zae-limiter restore --name {name} --latest --as NEW`) and deploy that name"
        )));
    }
    let mut problems = table_shape::differences(facts);
    problems.extend(table_shape::conflicts(facts));
    if !problems.is_empty() {
        return Err(Error::failure(format!(
            "table {} exists without a stack but is not a limiter table as this tool deploys it; deploy changed nothing:\n  - {}",
            facts.name,
            problems.join("\n  - ")
        ))
        .hint(
            "if it is not a limiter's table, deploy under another --name; if it is one with other settings, copy its items into a table of the right shape (or fix the settings named above) and deploy again",
        ));
    }
    Ok(())
}

/// Brings the table's settings to the template's, waiting for each.
pub async fn apply_settings(aws: &Aws, table: &str, changes: &[SettingChange]) -> Result<()> {
    let ddb = aws.ddb();
    for change in changes {
        report::note(format!("table {table}: {change}"));
        match change {
            SettingChange::DisableStream { .. } | SettingChange::EnableStream => {
                let enable = matches!(change, SettingChange::EnableStream);
                let mut spec = StreamSpecification::builder().stream_enabled(enable);
                if enable {
                    spec = spec.stream_view_type(StreamViewType::NewAndOldImages);
                }
                let spec = spec
                    .build()
                    .map_err(|e| Error::failure(format!("stream specification: {e}")))?;
                ddb.update_table()
                    .table_name(table)
                    .stream_specification(spec)
                    .send()
                    .await
                    .map_err(|e| aws.error("UpdateTable", e))?;
                wait_active(aws, table).await?;
            }
            SettingChange::EnableTtl => {
                let spec = TimeToLiveSpecification::builder()
                    .enabled(true)
                    .attribute_name("ttl")
                    .build()
                    .map_err(|e| Error::failure(format!("TTL specification: {e}")))?;
                ddb.update_time_to_live()
                    .table_name(table)
                    .time_to_live_specification(spec)
                    .send()
                    .await
                    .map_err(|e| aws.error("UpdateTimeToLive", e))?;
            }
            SettingChange::EnablePitr { days } => {
                let spec = PointInTimeRecoverySpecification::builder()
                    .point_in_time_recovery_enabled(true)
                    .recovery_period_in_days(*days as i32)
                    .build()
                    .map_err(|e| Error::failure(format!("PITR specification: {e}")))?;
                ddb.update_continuous_backups()
                    .table_name(table)
                    .point_in_time_recovery_specification(spec)
                    .send()
                    .await
                    .map_err(|e| aws.error("UpdateContinuousBackups", e))?;
            }
            SettingChange::DeletionProtection { on } => {
                ddb.update_table()
                    .table_name(table)
                    .deletion_protection_enabled(*on)
                    .send()
                    .await
                    .map_err(|e| aws.error("UpdateTable", e))?;
                wait_active(aws, table).await?;
            }
        }
    }
    Ok(())
}

async fn wait_active(aws: &Aws, table: &str) -> Result<()> {
    let start = Instant::now();
    let mut delay = Duration::from_millis(100);
    loop {
        let out = aws
            .ddb()
            .describe_table()
            .table_name(table)
            .send()
            .await
            .map_err(|e| aws.error("DescribeTable", e))?;
        let active = out
            .table()
            .and_then(|t| t.table_status())
            .is_some_and(|s| s.as_str() == "ACTIVE");
        if active {
            return Ok(());
        }
        if start.elapsed() > Duration::from_secs(600) {
            return Err(Error::failure(format!(
                "table {table} did not become ACTIVE within 10 minutes"
            ))
            .hint("look at it in the DynamoDB console, then run deploy again: it carries on from where it stopped"));
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}

/// Starts the import: creates the `IMPORT` change set, waits until CloudFormation has
/// computed it (change sets are asynchronous), and executes it. The caller waits for
/// the stack to reach `IMPORT_COMPLETE`.
pub async fn start_import(
    aws: &Aws,
    stack: &str,
    table: &str,
    template: &str,
    params: &BTreeMap<String, String>,
) -> Result<()> {
    let body = import_template(template).ok_or_else(|| {
        Error::failure("the embedded template has no table resource to import")
            .hint("this is a defect of this build of zae-limiter; report it")
    })?;
    let change_set = format!(
        "zae-limiter-adopt-{}",
        chrono::Utc::now().format("%Y%m%dT%H%M%SZ")
    );
    let resource = ResourceToImport::builder()
        .resource_type("AWS::DynamoDB::Table")
        .logical_resource_id(TABLE_LOGICAL_ID)
        .resource_identifier("TableName", table)
        .build();
    aws.cfn()
        .create_change_set()
        .stack_name(stack)
        .change_set_name(&change_set)
        .change_set_type(ChangeSetType::Import)
        .template_body(body)
        .set_parameters(Some(crate::ops::stack::parameters(params)))
        .capabilities(Capability::CapabilityNamedIam)
        .resources_to_import(resource)
        .tags(crate::ops::stack::managed_by_tag())
        .send()
        .await
        .map_err(|e| {
            aws.error("CreateChangeSet", e).hint(
                "nothing was imported; fix the cause and run deploy again (it starts the adoption over)",
            )
        })?;
    wait_change_set(aws, stack, &change_set).await?;
    aws.cfn()
        .execute_change_set()
        .stack_name(stack)
        .change_set_name(&change_set)
        .send()
        .await
        .map_err(|e| aws.error("ExecuteChangeSet", e))?;
    Ok(())
}

async fn wait_change_set(aws: &Aws, stack: &str, change_set: &str) -> Result<()> {
    let start = Instant::now();
    let mut delay = Duration::from_millis(200);
    loop {
        let out = aws
            .cfn()
            .describe_change_set()
            .stack_name(stack)
            .change_set_name(change_set)
            .send()
            .await
            .map_err(|e| aws.error("DescribeChangeSet", e))?;
        let status = out
            .status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default();
        match status.as_str() {
            "CREATE_COMPLETE" => return Ok(()),
            "FAILED" => {
                return Err(Error::failure(format!(
                    "CloudFormation refused to import table into {stack}: {}",
                    out.status_reason().unwrap_or("no reason given")
                ))
                .hint(format!(
                    "nothing was imported; the table is unchanged apart from the settings named above. Fix the cause and run deploy again: the empty stack {stack} is removed and the adoption retried"
                )))
            }
            _ => {}
        }
        if start.elapsed() > Duration::from_secs(300) {
            return Err(Error::new(
                ErrorKind::Failure,
                format!("change set {change_set} of {stack} is still {status} after 5 minutes"),
            )
            .hint("run deploy again later: it carries on from where it stopped"));
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(3));
    }
}

/// Deletes a stack that owns nothing worth keeping and waits until it is gone.
pub async fn clear_dead_stack(
    aws: &Aws,
    stack: &str,
    status: &str,
    timeout: Duration,
) -> Result<()> {
    report::note(format!(
        "stack {stack} is {status} and owns nothing but retained resources; deleting it before deploying again (a table is kept by its DeletionPolicy)"
    ));
    crate::ops::stack::delete(aws, stack).await?;
    let waited = crate::ops::stack::wait(aws, stack, timeout).await?;
    match waited.info {
        None => Ok(()),
        Some(info) => Err(Error::failure(format!(
            "stack {stack} could not be deleted: it is {}{}",
            info.status,
            info.reason.map(|r| format!(" ({r})")).unwrap_or_default()
        ))
        .hint(format!(
            "look at its events (aws cloudformation describe-stack-events --stack-name {stack}), fix the cause, then run deploy again"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> TableFacts {
        TableFacts {
            name: "ZAEL-r".into(),
            status: "ACTIVE".into(),
            keys: table_shape::expected_keys(),
            indexes: table_shape::expected_indexes(),
            billing_mode: "PAY_PER_REQUEST".into(),
            ..Default::default()
        }
    }

    #[test]
    fn another_stacks_table_is_refused_by_name() {
        let n = LimiterName::parse("r").unwrap();
        let e = check(&facts(), &n, Some("payments-prod")).unwrap_err();
        assert!(e.message.contains("belongs to stack payments-prod"));
        assert!(check(&facts(), &n, Some("ZAEL-r")).is_ok());
        assert!(check(&facts(), &n, None).is_ok());
    }

    #[test]
    fn a_foreign_table_is_refused_with_every_difference() {
        let n = LimiterName::parse("r").unwrap();
        let mut f = facts();
        f.indexes.clear();
        let e = check(&f, &n, None).unwrap_err();
        assert!(e.message.contains("index GSI1 is missing"));
        assert!(e.message.contains("index GSI2 is missing"));
        assert!(e.message.contains("changed nothing"));
    }
}
