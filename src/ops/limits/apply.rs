//! Applying a plan: one transaction per entity holding its changes and their
//! audit events, each write conditional on the item still being what the plan
//! read, entities written concurrently. Buckets, snapshots and the version
//! record are never touched.

use std::collections::HashMap;
use std::sync::Arc;

use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem, Update};
use serde::Serialize;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::aws::Aws;
use crate::domain::limits::plan::{already_applied, audit_records};
use crate::domain::limits::{Change, Limit, Meta, Plan, TableState};
use crate::error::{Error, Result};
use crate::ops::audit;

/// Entities written at once.
pub const CONCURRENCY: usize = 16;
/// DynamoDB's limit of actions per transaction.
const MAX_ACTIONS: usize = 100;
/// Retries of a transaction that failed for throttling or a transient conflict.
const RETRIES: u32 = 5;

/// What an apply did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ApplyOutcome {
    /// Entities whose changes were all written.
    pub entities_written: usize,
    /// Changes written.
    pub changes_written: usize,
    /// Audit events written (in the same transactions as the changes).
    pub audit_events_written: usize,
    /// Entities not written because an item changed since the plan was read.
    pub conflicts: Vec<String>,
}

/// Called with the number of entities finished so far (progress display).
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

/// Writes `plan` (computed from `before`) to `table`, recording `principal`.
pub async fn apply(
    aws: &Aws,
    table: &str,
    plan: &Plan,
    before: &TableState,
    principal: &str,
    progress: Progress,
) -> Result<ApplyOutcome> {
    let sem = Arc::new(Semaphore::new(CONCURRENCY));
    let mut tasks = JoinSet::new();
    for (entity, changes) in plan.by_entity() {
        let mut actions = Vec::new();
        for c in &changes {
            actions.push(write_for(table, c)?);
        }
        let change_count = actions.len();
        let mut audits = 0;
        for (action, resource, details) in audit_records(&changes, before.entities.get(entity)) {
            let e = audit::event(action, entity, principal, resource.as_deref(), details);
            actions.push(audit::transact_put(table, &e)?);
            audits += 1;
        }
        let (aws, table, entity) = (aws.clone(), table.to_string(), entity.to_string());
        let sem = sem.clone();
        tasks.spawn(async move {
            let _permit = sem.acquire_owned().await;
            let result = write_entity(&aws, &table, actions).await;
            (entity, change_count, audits, result)
        });
    }
    let mut out = ApplyOutcome::default();
    let mut failure = None;
    let mut done = 0u64;
    while let Some(joined) = tasks.join_next().await {
        let (entity, changes, audits, result) =
            joined.map_err(|e| Error::failure(format!("an apply task failed: {e}")))?;
        done += 1;
        progress(done);
        match result {
            Ok(Written::Yes) => {
                out.entities_written += 1;
                out.changes_written += changes;
                out.audit_events_written += audits;
            }
            Ok(Written::Conflict) => {
                // A retried write whose first attempt landed fails its own
                // condition; only a table that differs from the file is a conflict.
                let by = plan.by_entity();
                let now = super::read::read_entity(aws, table, &entity).await?;
                if by
                    .get(entity.as_str())
                    .is_some_and(|c| already_applied(c, &now))
                {
                    out.entities_written += 1;
                    out.changes_written += changes;
                    out.audit_events_written += audits;
                } else {
                    out.conflicts.push(entity)
                }
            }
            Err(e) => failure = failure.or(Some(e)),
        }
    }
    out.conflicts.sort();
    match failure {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

enum Written {
    Yes,
    Conflict,
}

async fn write_entity(aws: &Aws, table: &str, actions: Vec<TransactWriteItem>) -> Result<Written> {
    let ddb = aws.ddb();
    for chunk in actions.chunks(MAX_ACTIONS) {
        let mut attempt = 0;
        loop {
            let sent = ddb
                .transact_write_items()
                .set_transact_items(Some(chunk.to_vec()))
                .send()
                .await;
            match sent {
                Ok(_) => break,
                Err(e) => match classify(&e) {
                    Failed::Conflict => return Ok(Written::Conflict),
                    Failed::Transient if attempt < RETRIES => {
                        attempt += 1;
                        tokio::time::sleep(std::time::Duration::from_millis(50 << attempt)).await;
                    }
                    _ => {
                        return Err(aws
                            .error("TransactWriteItems", e)
                            .hint(format!("run `zae-limiter limits plan` for {table} again to see what is left, then apply")))
                    }
                },
            }
        }
    }
    Ok(Written::Yes)
}

enum Failed {
    Conflict,
    Transient,
    Other,
}

fn classify<R>(e: &SdkError<TransactWriteItemsError, R>) -> Failed {
    let Some(TransactWriteItemsError::TransactionCanceledException(c)) = e.as_service_error()
    else {
        return match e.as_service_error() {
            Some(TransactWriteItemsError::ProvisionedThroughputExceededException(_))
            | Some(TransactWriteItemsError::ThrottlingException(_))
            | Some(TransactWriteItemsError::TransactionInProgressException(_)) => Failed::Transient,
            _ => Failed::Other,
        };
    };
    let codes: Vec<&str> = c
        .cancellation_reasons()
        .iter()
        .filter_map(|r| r.code())
        .filter(|code| *code != "None")
        .collect();
    if codes.contains(&"ConditionalCheckFailed") {
        Failed::Conflict
    } else if codes.iter().any(|c| {
        matches!(
            *c,
            "TransactionConflict" | "ThrottlingError" | "ProvisionedThroughputExceeded"
        )
    }) {
        Failed::Transient
    } else {
        Failed::Other
    }
}

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_string())
}

fn n(v: i64) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

fn entity_key(entity: &str, sk: String) -> HashMap<String, AttributeValue> {
    HashMap::from([
        ("PK".to_string(), s(&format!("ENTITY#{entity}"))),
        ("SK".to_string(), AttributeValue::S(sk)),
    ])
}

fn limit_sk(resource: &str, limit: &str) -> String {
    format!("#LIMIT#{resource}#{limit}")
}

fn built<T, E: std::fmt::Display>(r: std::result::Result<T, E>) -> Result<T> {
    r.map_err(|e| Error::failure(format!("building a write failed: {e}")))
}

/// Condition that a limit item still holds `old`.
fn limit_unchanged(
    old: &Limit,
) -> (
    String,
    HashMap<String, String>,
    HashMap<String, AttributeValue>,
) {
    let names = HashMap::from([
        ("#d".to_string(), "data".to_string()),
        ("#c".to_string(), "capacity".to_string()),
        ("#b".to_string(), "burst".to_string()),
        ("#ra".to_string(), "refill_amount".to_string()),
        ("#rp".to_string(), "refill_period_seconds".to_string()),
    ]);
    let values = HashMap::from([
        (":oc".to_string(), n(old.capacity)),
        (":ob".to_string(), n(old.burst)),
        (":ora".to_string(), n(old.refill_amount)),
        (":orp".to_string(), n(old.refill_period_seconds)),
    ]);
    (
        "#d.#c = :oc AND #d.#b = :ob AND #d.#ra = :ora AND #d.#rp = :orp".into(),
        names,
        values,
    )
}

/// Condition that `#META` still holds `old`.
fn meta_unchanged(
    old: &Meta,
) -> (
    String,
    HashMap<String, String>,
    HashMap<String, AttributeValue>,
) {
    let names = HashMap::from([
        ("#d".to_string(), "data".to_string()),
        ("#n".to_string(), "name".to_string()),
        ("#p".to_string(), "parent_id".to_string()),
    ]);
    let mut values = HashMap::from([(":on".to_string(), s(&old.name))]);
    let parent = match &old.parent {
        Some(p) => {
            values.insert(":op".into(), s(p));
            "#d.#p = :op"
        }
        None => {
            values.insert(":nt".into(), s("NULL"));
            "(attribute_not_exists(#d.#p) OR attribute_type(#d.#p, :nt))"
        }
    };
    (format!("#d.#n = :on AND {parent}"), names, values)
}

fn limit_item(
    entity: &str,
    resource: &str,
    limit: &str,
    l: &Limit,
) -> HashMap<String, AttributeValue> {
    let mut item = entity_key(entity, limit_sk(resource, limit));
    item.insert("entity_id".into(), s(entity));
    item.insert(
        "data".into(),
        AttributeValue::M(HashMap::from([
            ("resource".to_string(), s(resource)),
            ("limit_name".to_string(), s(limit)),
            ("capacity".to_string(), n(l.capacity)),
            ("burst".to_string(), n(l.burst)),
            ("refill_amount".to_string(), n(l.refill_amount)),
            (
                "refill_period_seconds".to_string(),
                n(l.refill_period_seconds),
            ),
        ])),
    );
    item
}

fn meta_item(entity: &str, name: &str, parent: Option<&str>) -> HashMap<String, AttributeValue> {
    let mut item = entity_key(entity, "#META".into());
    item.insert("entity_id".into(), s(entity));
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    item.insert(
        "data".into(),
        AttributeValue::M(HashMap::from([
            ("name".to_string(), s(name)),
            (
                "parent_id".to_string(),
                parent.map_or(AttributeValue::Null(true), s),
            ),
            ("metadata".to_string(), AttributeValue::M(HashMap::new())),
            ("created_at".to_string(), AttributeValue::S(now)),
        ])),
    );
    // The client's parent -> children index.
    if let Some(p) = parent {
        item.insert("GSI1PK".into(), s(&format!("PARENT#{p}")));
        item.insert("GSI1SK".into(), s(&format!("CHILD#{entity}")));
    }
    item
}

fn put_new(table: &str, item: HashMap<String, AttributeValue>) -> Result<TransactWriteItem> {
    let put = built(
        Put::builder()
            .table_name(table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(PK)")
            .build(),
    )?;
    Ok(TransactWriteItem::builder().put(put).build())
}

/// The conditional write for one change.
fn write_for(table: &str, c: &Change) -> Result<TransactWriteItem> {
    match c {
        Change::CreateEntity {
            entity,
            name,
            parent,
        } => put_new(table, meta_item(entity, name, parent.as_deref())),
        Change::AddLimit {
            entity,
            resource,
            limit,
            new,
        } => put_new(table, limit_item(entity, resource, limit, new)),
        Change::ChangeLimit {
            entity,
            resource,
            limit,
            old,
            new,
        } => {
            let (cond, names, values) = limit_unchanged(old);
            let put = built(
                Put::builder()
                    .table_name(table)
                    .set_item(Some(limit_item(entity, resource, limit, new)))
                    .condition_expression(cond)
                    .set_expression_attribute_names(Some(names))
                    .set_expression_attribute_values(Some(values))
                    .build(),
            )?;
            Ok(TransactWriteItem::builder().put(put).build())
        }
        Change::RemoveLimit {
            entity,
            resource,
            limit,
            old,
        } => {
            let (cond, names, values) = limit_unchanged(old);
            let del = built(
                Delete::builder()
                    .table_name(table)
                    .set_key(Some(entity_key(entity, limit_sk(resource, limit))))
                    .condition_expression(cond)
                    .set_expression_attribute_names(Some(names))
                    .set_expression_attribute_values(Some(values))
                    .build(),
            )?;
            Ok(TransactWriteItem::builder().delete(del).build())
        }
        Change::DeleteEntity { entity, old } => {
            let (cond, names, values) = meta_unchanged(old);
            let del = built(
                Delete::builder()
                    .table_name(table)
                    .set_key(Some(entity_key(entity, "#META".into())))
                    .condition_expression(cond)
                    .set_expression_attribute_names(Some(names))
                    .set_expression_attribute_values(Some(values))
                    .build(),
            )?;
            Ok(TransactWriteItem::builder().delete(del).build())
        }
        Change::UpdateEntity { entity, old, new } => {
            let (cond, names, mut values) = meta_unchanged(old);
            values.insert(":n".into(), s(&new.name));
            values.insert(
                ":p".into(),
                new.parent.as_deref().map_or(AttributeValue::Null(true), s),
            );
            // Name and parent only: the client's metadata and created_at stay.
            let expr = match &new.parent {
                Some(p) => {
                    values.insert(":g1".into(), s(&format!("PARENT#{p}")));
                    values.insert(":g2".into(), s(&format!("CHILD#{entity}")));
                    "SET #d.#n = :n, #d.#p = :p, GSI1PK = :g1, GSI1SK = :g2"
                }
                None => "SET #d.#n = :n, #d.#p = :p REMOVE GSI1PK, GSI1SK",
            };
            let upd = built(
                Update::builder()
                    .table_name(table)
                    .set_key(Some(entity_key(entity, "#META".into())))
                    .update_expression(expr)
                    .condition_expression(cond)
                    .set_expression_attribute_names(Some(names))
                    .set_expression_attribute_values(Some(values))
                    .build(),
            )?;
            Ok(TransactWriteItem::builder().update(upd).build())
        }
    }
}
