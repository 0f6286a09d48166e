//! Plain item values, so the domain can parse items without naming the SDK.

use std::collections::BTreeMap;

/// One attribute value as the domain needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string.
    S(String),
    /// A number, exactly as stored.
    N(String),
    /// An explicit null.
    Null,
    /// A boolean.
    Bool(bool),
    /// A map.
    M(BTreeMap<String, Value>),
    /// Any other type (lists, sets, binary): kept as its type name.
    Other(&'static str),
}

/// An item: attribute name to value.
pub type Item = BTreeMap<String, Value>;

impl Value {
    /// The string, if this is one.
    pub fn as_s(&self) -> Option<&str> {
        match self {
            Value::S(s) => Some(s),
            _ => None,
        }
    }

    /// The number as an integer, if it is one that fits in i64.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::N(n) => n.trim().parse().ok(),
            _ => None,
        }
    }

    /// The map, if this is one.
    pub fn as_m(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::M(m) => Some(m),
            _ => None,
        }
    }
}
