//! Reading the table's `#META` and `#LIMIT#` items into typed facts
//! (buckets, snapshots, audit and the version record are not read).

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use tokio::task::JoinSet;

use crate::aws::Aws;
use crate::domain::limits::{Limit, Meta, TableState};
use crate::error::{Error, Result};
use crate::ops::audit::not_deployed;

/// Parallel scan segments: enough to overlap round trips on big tables.
const SEGMENTS: i32 = 4;

type Item = HashMap<String, AttributeValue>;

/// Every entity with metadata or stored limits.
pub async fn read_table(aws: &Aws, table: &str) -> Result<TableState> {
    let mut tasks = JoinSet::new();
    for segment in 0..SEGMENTS {
        let (aws, table) = (aws.clone(), table.to_string());
        tasks.spawn(async move { scan_segment(&aws, &table, segment).await });
    }
    let mut state = TableState::default();
    while let Some(joined) = tasks.join_next().await {
        let items =
            joined.map_err(|e| Error::failure(format!("reading the table failed: {e}")))??;
        for item in &items {
            add_item(&mut state, item, table)?;
        }
    }
    Ok(state)
}

async fn scan_segment(aws: &Aws, table: &str, segment: i32) -> Result<Vec<Item>> {
    let ddb = aws.ddb();
    let mut out = Vec::new();
    let mut start = None;
    loop {
        let page = ddb
            .scan()
            .table_name(table)
            .segment(segment)
            .total_segments(SEGMENTS)
            // Strongly consistent: the plan's conditions are built on what is read.
            .consistent_read(true)
            .filter_expression("begins_with(PK, :e) AND (SK = :m OR begins_with(SK, :l))")
            .expression_attribute_values(":e", AttributeValue::S("ENTITY#".into()))
            .expression_attribute_values(":m", AttributeValue::S("#META".into()))
            .expression_attribute_values(":l", AttributeValue::S("#LIMIT#".into()))
            .set_exclusive_start_key(start.take())
            .send()
            .await
            .map_err(|e| {
                let missing = e
                    .as_service_error()
                    .is_some_and(|s| s.is_resource_not_found_exception());
                not_deployed(missing, table).unwrap_or_else(|| aws.error("Scan", e))
            })?;
        out.extend(page.items.unwrap_or_default());
        match page.last_evaluated_key {
            Some(k) if !k.is_empty() => start = Some(k),
            _ => return Ok(out),
        }
    }
}

fn text<'a>(m: &'a HashMap<String, AttributeValue>, k: &str) -> Option<&'a str> {
    match m.get(k) {
        Some(AttributeValue::S(s)) => Some(s),
        _ => None,
    }
}

fn number(m: &HashMap<String, AttributeValue>, k: &str) -> Option<i64> {
    match m.get(k) {
        Some(AttributeValue::N(n)) => n.parse().ok(),
        _ => None,
    }
}

pub(crate) fn add_item(state: &mut TableState, item: &Item, table: &str) -> Result<()> {
    let (Some(pk), Some(sk)) = (text(item, "PK"), text(item, "SK")) else {
        return Ok(());
    };
    let id = text(item, "entity_id")
        .unwrap_or_else(|| pk.trim_start_matches("ENTITY#"))
        .to_string();
    let empty = HashMap::new();
    let data = match item.get("data") {
        Some(AttributeValue::M(m)) => m,
        _ => &empty,
    };
    let entity = state.entities.entry(id.clone()).or_default();
    if sk == "#META" {
        entity.meta = Some(Meta {
            name: text(data, "name").unwrap_or(&id).to_string(),
            parent: text(data, "parent_id").map(str::to_string),
        });
        return Ok(());
    }
    let rest = sk.trim_start_matches("#LIMIT#");
    let (key_resource, key_limit) = rest.split_once('#').unwrap_or((rest, ""));
    let resource = text(data, "resource").unwrap_or(key_resource).to_string();
    let limit_name = text(data, "limit_name").unwrap_or(key_limit).to_string();
    let limit = (|| {
        Some(Limit {
            capacity: number(data, "capacity")?,
            burst: number(data, "burst")?,
            refill_amount: number(data, "refill_amount")?,
            refill_period_seconds: number(data, "refill_period_seconds")?,
        })
    })()
    .ok_or_else(|| {
        Error::failure(format!(
            "the stored limit {pk} {sk} in {table} is not in the client's format (data.capacity, burst, refill_amount, refill_period_seconds as whole numbers)"
        ))
        .hint("fix or delete that item, then run the command again")
    })?;
    entity.limits.insert((resource, limit_name), limit);
    Ok(())
}

/// One entity's `#META` and `#LIMIT#` items, read again (strongly consistent).
pub async fn read_entity(
    aws: &Aws,
    table: &str,
    entity: &str,
) -> Result<crate::domain::limits::EntityState> {
    let out = aws
        .ddb()
        .query()
        .table_name(table)
        .consistent_read(true)
        .key_condition_expression("PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(format!("ENTITY#{entity}")))
        .send()
        .await
        .map_err(|e| aws.error("Query", e))?;
    let mut state = TableState::default();
    for item in out.items() {
        let sk = text(item, "SK").unwrap_or_default();
        if sk == "#META" || sk.starts_with("#LIMIT#") {
            add_item(&mut state, item, table)?;
        }
    }
    Ok(state.entities.remove(entity).unwrap_or_default())
}
