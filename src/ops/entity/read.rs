//! Reads of an entity's items: its partition (consistent, paged), its
//! children (GSI1, paged) and its parent chain.

use std::collections::HashMap;

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::AttributeValue;

use crate::aws::Aws;
use crate::domain::entity::chain::{ChainEnd, ChainWalk, Step};
use crate::domain::entity::items::{self, Meta};
use crate::domain::entity::keys;
use crate::error::{Error, ErrorKind, Result};

/// A raw item.
pub type RawItem = HashMap<String, AttributeValue>;

fn not_deployed(table: &str) -> Error {
    Error::new(ErrorKind::NotDeployed, format!("table {table} not found"))
}

/// Every item of the entity's partition whose sort key starts with `prefix`;
/// consistent reads, every page.
pub async fn partition(aws: &Aws, table: &str, entity: &str, prefix: &str) -> Result<Vec<RawItem>> {
    let mut out = Vec::new();
    let mut start: Option<RawItem> = None;
    loop {
        let page = aws
            .ddb()
            .query()
            .table_name(table)
            .consistent_read(true)
            .key_condition_expression("PK = :pk AND begins_with(SK, :prefix)")
            .expression_attribute_values(":pk", AttributeValue::S(keys::partition_key(entity)))
            .expression_attribute_values(":prefix", AttributeValue::S(prefix.to_string()))
            .set_exclusive_start_key(start.take())
            .send()
            .await
            .map_err(|e| {
                if e.code() == Some("ResourceNotFoundException") {
                    not_deployed(table)
                } else {
                    aws.error("Query", e)
                }
            })?;
        out.extend(page.items().iter().cloned());
        match page.last_evaluated_key() {
            Some(k) if !k.is_empty() => start = Some(k.clone()),
            _ => return Ok(out),
        }
    }
}

/// The ids of the entities that name `entity` as parent (GSI1, every page;
/// index reads are eventually consistent by nature).
pub async fn children(aws: &Aws, table: &str, entity: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut start: Option<RawItem> = None;
    loop {
        let page = aws
            .ddb()
            .query()
            .table_name(table)
            .index_name(keys::CHILDREN_INDEX)
            .key_condition_expression("GSI1PK = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(keys::children_key(entity)))
            .set_exclusive_start_key(start.take())
            .send()
            .await
            .map_err(|e| {
                if e.code() == Some("ResourceNotFoundException") {
                    not_deployed(table)
                } else {
                    aws.error("Query", e)
                }
            })?;
        for i in page.items() {
            let id = i
                .get("entity_id")
                .and_then(|v| v.as_s().ok())
                .cloned()
                .or_else(|| {
                    i.get("PK")
                        .and_then(|v| v.as_s().ok())
                        .and_then(|pk| pk.strip_prefix("ENTITY#"))
                        .map(str::to_string)
                });
            out.extend(id);
        }
        match page.last_evaluated_key() {
            Some(k) if !k.is_empty() => start = Some(k.clone()),
            _ => {
                out.sort();
                return Ok(out);
            }
        }
    }
}

/// The entity's metadata item, read consistently.
pub async fn meta(aws: &Aws, table: &str, entity: &str) -> Result<Option<Meta>> {
    let out = aws
        .ddb()
        .get_item()
        .table_name(table)
        .consistent_read(true)
        .key("PK", AttributeValue::S(keys::partition_key(entity)))
        .key("SK", AttributeValue::S(keys::META.to_string()))
        .send()
        .await
        .map_err(|e| {
            if e.code() == Some("ResourceNotFoundException") {
                not_deployed(table)
            } else {
                aws.error("GetItem", e)
            }
        })?;
    Ok(out.item().map(|i| items::meta(&super::convert::item(i))))
}

/// Follows parents from `entity` (whose parent is `parent`) to the root,
/// one read per ancestor (each depends on the one before).
pub async fn chain(
    aws: &Aws,
    table: &str,
    entity: &str,
    parent: Option<&str>,
) -> Result<(Vec<String>, ChainEnd)> {
    let mut walk = ChainWalk::start(entity);
    let mut step = walk.parent(parent);
    loop {
        match step {
            Step::End(end) => return Ok((walk.ancestors, end)),
            Step::Fetch(id) => match meta(aws, table, &id).await? {
                Some(m) => step = walk.parent(m.parent.as_deref()),
                None => {
                    let end = walk.missing();
                    return Ok((walk.ancestors, end));
                }
            },
        }
    }
}
