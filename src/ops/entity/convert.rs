//! SDK attribute values to the domain's plain values.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;

use crate::domain::entity::value::{Item, Value};

/// Converts one value.
pub fn value(v: &AttributeValue) -> Value {
    match v {
        AttributeValue::S(s) => Value::S(s.clone()),
        AttributeValue::N(n) => Value::N(n.clone()),
        AttributeValue::Null(_) => Value::Null,
        AttributeValue::Bool(b) => Value::Bool(*b),
        AttributeValue::M(m) => Value::M(m.iter().map(|(k, v)| (k.clone(), value(v))).collect()),
        AttributeValue::L(_) => Value::Other("L"),
        AttributeValue::Ss(_) => Value::Other("SS"),
        AttributeValue::Ns(_) => Value::Other("NS"),
        AttributeValue::B(_) => Value::Other("B"),
        AttributeValue::Bs(_) => Value::Other("BS"),
        _ => Value::Other("unknown"),
    }
}

/// Converts one item.
pub fn item(i: &HashMap<String, AttributeValue>) -> Item {
    i.iter().map(|(k, v)| (k.clone(), value(v))).collect()
}
