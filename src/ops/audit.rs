//! The audit trail: who is acting (STS or `--principal`), writing events in
//! the client's format, and reading every entity's trail back. `record` is
//! the one call other operations (e.g. `entity reset`) need.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};
use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::aws::Aws;
use crate::domain::audit::{principal_from_arn, AuditEvent};
use crate::domain::limits::validate::check_identifier;
use crate::error::{Error, ErrorKind, Result};

/// The principal to record: `given` (checked by the client's identifier
/// rules) or the caller's identity from STS `GetCallerIdentity`.
pub async fn principal(aws: &Aws, given: Option<&str>) -> Result<String> {
    if let Some(p) = given {
        check_identifier(p).map_err(|why| {
            Error::new(ErrorKind::Usage, format!("--principal `{p}` {why}"))
                .hint("use letters, digits and _ . - : @, e.g. --principal ci:deploy-bot")
        })?;
        return Ok(p.to_string());
    }
    let who = aws.sts().get_caller_identity().send().await.map_err(|e| {
        aws.error("GetCallerIdentity", e)
            .hint("pass --principal NAME to record who made the change without asking STS")
    })?;
    Ok(principal_from_arn(who.arn().unwrap_or("unknown")))
}

/// A new event stamped now with a fresh id.
pub fn event(
    action: &str,
    entity_id: &str,
    principal: &str,
    resource: Option<&str>,
    details: Value,
) -> AuditEvent {
    let now = Utc::now();
    let (ms, bits) = monotonic(now.timestamp_millis().max(0) as u64, entropy());
    let mut e = AuditEvent::new(
        action,
        entity_id,
        Some(principal),
        resource,
        details,
        now,
        bits,
    );
    e.event_id = crate::domain::audit::ulid(ms, bits);
    e
}

/// Ids written by this process sort in the order the events were made, even
/// within one millisecond (the random part counts up from the previous id).
fn monotonic(ms: u64, bits: u128) -> (u64, u128) {
    static LAST: std::sync::Mutex<(u64, u128)> = std::sync::Mutex::new((0, 0));
    let mut last = LAST.lock().unwrap_or_else(|p| p.into_inner());
    let next = if ms > last.0 {
        (ms, bits & ((1u128 << 80) - 1) & !(u128::MAX << 79))
    } else {
        (last.0, last.1 + 1)
    };
    *last = next;
    next
}

/// 80 random-enough bits for event ids: std's randomly keyed hasher over a
/// process counter and the clock (no extra dependency for a unique suffix).
fn entropy() -> u128 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or(0) as u64;
    let mut out = 0u128;
    for salt in 0..2u64 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(n);
        h.write_u64(nanos);
        h.write_u64(salt);
        h.write_u32(std::process::id());
        out = (out << 64) | h.finish() as u128;
    }
    out
}

/// The event's item, exactly as the client writes it.
pub fn item(e: &AuditEvent) -> HashMap<String, AttributeValue> {
    let opt = |v: &Option<String>| match v {
        Some(s) => AttributeValue::S(s.clone()),
        None => AttributeValue::Null(true),
    };
    let details = match &e.details {
        Value::Object(_) => to_attr(&e.details),
        _ => AttributeValue::M(HashMap::new()),
    };
    let data = HashMap::from([
        (
            "event_id".to_string(),
            AttributeValue::S(e.event_id.clone()),
        ),
        (
            "timestamp".to_string(),
            AttributeValue::S(e.timestamp.clone()),
        ),
        ("action".to_string(), AttributeValue::S(e.action.clone())),
        (
            "entity_id".to_string(),
            AttributeValue::S(e.entity_id.clone()),
        ),
        ("principal".to_string(), opt(&e.principal)),
        ("resource".to_string(), opt(&e.resource)),
        ("details".to_string(), details),
    ]);
    HashMap::from([
        (
            "PK".to_string(),
            AttributeValue::S(AuditEvent::partition_key(&e.entity_id)),
        ),
        ("SK".to_string(), AttributeValue::S(e.sort_key())),
        (
            "entity_id".to_string(),
            AttributeValue::S(e.entity_id.clone()),
        ),
        ("data".to_string(), AttributeValue::M(data)),
        ("ttl".to_string(), AttributeValue::N(e.ttl.to_string())),
    ])
}

/// The event as one action of a transaction (written with the change it records).
pub fn transact_put(table: &str, e: &AuditEvent) -> Result<TransactWriteItem> {
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(item(e)))
        .build()
        .map_err(|err| Error::failure(format!("building an audit write failed: {err}")))?;
    Ok(TransactWriteItem::builder().put(put).build())
}

/// Writes `events` to `table`, one by one (for operations outside a transaction).
pub async fn record(aws: &Aws, table: &str, events: &[AuditEvent]) -> Result<()> {
    let ddb = aws.ddb();
    for e in events {
        ddb.put_item()
            .table_name(table)
            .set_item(Some(item(e)))
            .send()
            .await
            .map_err(|err| {
                aws.error("PutItem", err).hint(
                    "the change was made but its audit event was not written; check the table",
                )
            })?;
    }
    Ok(())
}

/// JSON details to DynamoDB (numbers as N, null as NULL), as the client serializes them.
pub fn to_attr(v: &Value) -> AttributeValue {
    match v {
        Value::Null => AttributeValue::Null(true),
        Value::Bool(b) => AttributeValue::Bool(*b),
        Value::Number(n) => AttributeValue::N(n.to_string()),
        Value::String(s) => AttributeValue::S(s.clone()),
        Value::Array(a) => AttributeValue::L(a.iter().map(to_attr).collect()),
        Value::Object(o) => {
            AttributeValue::M(o.iter().map(|(k, v)| (k.clone(), to_attr(v))).collect())
        }
    }
}

/// DynamoDB back to JSON for display; numbers stay numbers when they parse.
pub fn from_attr(a: &AttributeValue) -> Value {
    match a {
        AttributeValue::S(s) => Value::String(s.clone()),
        AttributeValue::N(n) => n
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| n.parse::<f64>().map(Value::from))
            .unwrap_or_else(|_| Value::String(n.clone())),
        AttributeValue::Bool(b) => Value::Bool(*b),
        AttributeValue::L(l) => Value::Array(l.iter().map(from_attr).collect()),
        AttributeValue::M(m) => {
            let sorted: std::collections::BTreeMap<_, _> = m.iter().collect();
            Value::Object(
                sorted
                    .into_iter()
                    .map(|(k, v)| (k.clone(), from_attr(v)))
                    .collect(),
            )
        }
        AttributeValue::Ss(v) => Value::from(v.clone()),
        _ => Value::Null,
    }
}

/// An audit item back to its event; `None` when it is not one.
pub fn parse_item(item: &HashMap<String, AttributeValue>) -> Option<AuditEvent> {
    let Some(AttributeValue::M(data)) = item.get("data") else {
        return None;
    };
    let s = |k: &str| match data.get(k) {
        Some(AttributeValue::S(s)) => Some(s.clone()),
        _ => None,
    };
    Some(AuditEvent {
        event_id: s("event_id")?,
        timestamp: s("timestamp").unwrap_or_default(),
        action: s("action").unwrap_or_default(),
        entity_id: s("entity_id").unwrap_or_default(),
        principal: s("principal"),
        resource: s("resource"),
        details: data.get("details").map(from_attr).unwrap_or(Value::Null),
        ttl: match item.get("ttl") {
            Some(AttributeValue::N(n)) => n.parse().unwrap_or(0),
            _ => 0,
        },
    })
}

/// Every audit event of `entity` (or of all entities), at or after `since`,
/// newest first; whoever wrote them.
pub async fn list(
    aws: &Aws,
    table: &str,
    entity: Option<&str>,
    since: Option<DateTime<Utc>>,
) -> Result<Vec<AuditEvent>> {
    let ddb = aws.ddb();
    let mut items = Vec::new();
    let mut start = None;
    loop {
        let page = match entity {
            Some(id) => {
                let out = ddb
                    .query()
                    .table_name(table)
                    .key_condition_expression("PK = :pk AND begins_with(SK, :sk)")
                    .expression_attribute_values(
                        ":pk",
                        AttributeValue::S(AuditEvent::partition_key(id)),
                    )
                    .expression_attribute_values(":sk", AttributeValue::S("#AUDIT#".into()))
                    .set_exclusive_start_key(start.take())
                    .send()
                    .await
                    .map_err(|e| {
                        not_deployed(
                            e.as_service_error()
                                .is_some_and(|s| s.is_resource_not_found_exception()),
                            table,
                        )
                        .unwrap_or_else(|| aws.error("Query", e))
                    })?;
                (out.items.unwrap_or_default(), out.last_evaluated_key)
            }
            None => {
                let out = ddb
                    .scan()
                    .table_name(table)
                    .filter_expression("begins_with(PK, :pk) AND begins_with(SK, :sk)")
                    .expression_attribute_values(":pk", AttributeValue::S("AUDIT#".into()))
                    .expression_attribute_values(":sk", AttributeValue::S("#AUDIT#".into()))
                    .set_exclusive_start_key(start.take())
                    .send()
                    .await
                    .map_err(|e| {
                        not_deployed(
                            e.as_service_error()
                                .is_some_and(|s| s.is_resource_not_found_exception()),
                            table,
                        )
                        .unwrap_or_else(|| aws.error("Scan", e))
                    })?;
                (out.items.unwrap_or_default(), out.last_evaluated_key)
            }
        };
        items.extend(page.0);
        match page.1 {
            Some(k) if !k.is_empty() => start = Some(k),
            _ => break,
        }
    }
    let since = since.map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    let mut events: Vec<AuditEvent> = items
        .iter()
        .filter_map(parse_item)
        .filter(|e| since.as_ref().is_none_or(|s| e.timestamp >= *s))
        .collect();
    events.sort_by(|a, b| (&b.timestamp, &b.event_id).cmp(&(&a.timestamp, &a.event_id)));
    Ok(events)
}

/// The error for a missing table, when `missing`.
pub fn not_deployed(missing: bool, table: &str) -> Option<Error> {
    missing.then(|| {
        Error::new(
            ErrorKind::NotDeployed,
            format!("table {table} does not exist"),
        )
        .hint("check --name and --region; deploy it with: zae-limiter deploy --name <name>")
    })
}
