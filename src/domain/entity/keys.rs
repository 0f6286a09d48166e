//! The keys the published 0.2.0 client gives an entity's items: partition
//! `ENTITY#<id>`, sort keys `#META`, `#BUCKET#<resource>#<limit>`,
//! `#LIMIT#<resource>#<limit>`, `#USAGE#<resource>#…`, `#RESOURCE#<resource>`;
//! children are found through GSI1 (`PARENT#<parent>` / `CHILD#<child>`).

use serde::Serialize;

/// Sort key of the metadata item.
pub const META: &str = "#META";
/// Sort-key prefix of bucket items.
pub const BUCKET_PREFIX: &str = "#BUCKET#";
/// Sort-key prefix of stored-limit items.
pub const LIMIT_PREFIX: &str = "#LIMIT#";
/// Sort-key prefix of usage snapshots.
pub const USAGE_PREFIX: &str = "#USAGE#";
/// Name of the index that maps parents to children.
pub const CHILDREN_INDEX: &str = "GSI1";

/// The partition key of an entity's items.
pub fn partition_key(entity: &str) -> String {
    format!("ENTITY#{entity}")
}

/// The GSI1 partition key under which a parent's children are listed.
pub fn children_key(parent: &str) -> String {
    format!("PARENT#{parent}")
}

/// The bucket sort-key prefix to query: all buckets, or one resource's.
pub fn bucket_prefix(resource: Option<&str>) -> String {
    match resource {
        Some(r) => format!("{BUCKET_PREFIX}{r}#"),
        None => BUCKET_PREFIX.to_string(),
    }
}

/// What an item of an entity's partition is, from its sort key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// `#META`.
    Meta,
    /// `#BUCKET#…`.
    Bucket,
    /// `#LIMIT#…`.
    Limit,
    /// `#USAGE#…`.
    Usage,
    /// Anything else (resource-access markers, future kinds).
    Other,
}

/// Classifies a sort key. Pure.
pub fn kind_of(sort_key: &str) -> ItemKind {
    if sort_key == META {
        ItemKind::Meta
    } else if sort_key.starts_with(BUCKET_PREFIX) {
        ItemKind::Bucket
    } else if sort_key.starts_with(LIMIT_PREFIX) {
        ItemKind::Limit
    } else if sort_key.starts_with(USAGE_PREFIX) {
        ItemKind::Usage
    } else {
        ItemKind::Other
    }
}

/// Splits `<prefix><resource>#<limit>` as the client does: the resource ends
/// at the first `#` after the prefix. Pure.
pub fn resource_and_limit<'a>(sort_key: &'a str, prefix: &str) -> Option<(&'a str, &'a str)> {
    let rest = sort_key.strip_prefix(prefix)?;
    let (resource, limit) = rest.split_once('#')?;
    (!resource.is_empty() && !limit.is_empty()).then_some((resource, limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_sort_key() {
        assert_eq!(kind_of("#META"), ItemKind::Meta);
        assert_eq!(kind_of("#BUCKET#api#rpm"), ItemKind::Bucket);
        assert_eq!(kind_of("#LIMIT#api#rpm"), ItemKind::Limit);
        assert_eq!(kind_of("#USAGE#api#2026-01-01T00"), ItemKind::Usage);
        assert_eq!(kind_of("#RESOURCE#api"), ItemKind::Other);
        assert_eq!(kind_of("#METADATA"), ItemKind::Other);
    }

    #[test]
    fn resource_ends_at_the_first_hash() {
        assert_eq!(
            resource_and_limit("#BUCKET#api#rpm", BUCKET_PREFIX),
            Some(("api", "rpm"))
        );
        assert_eq!(
            resource_and_limit("#BUCKET#api#r#x", BUCKET_PREFIX),
            Some(("api", "r#x"))
        );
        assert_eq!(resource_and_limit("#BUCKET#api", BUCKET_PREFIX), None);
        assert_eq!(resource_and_limit("#LIMIT#api#rpm", BUCKET_PREFIX), None);
    }

    #[test]
    fn prefixes() {
        assert_eq!(partition_key("a"), "ENTITY#a");
        assert_eq!(children_key("a"), "PARENT#a");
        assert_eq!(bucket_prefix(Some("api")), "#BUCKET#api#");
        assert_eq!(bucket_prefix(None), "#BUCKET#");
    }
}
