//! The plan: what must change for the table to match the file. Entities and
//! limits the file does not name are left alone unless pruning.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::{json, Value};

use super::model::{EntityState, Limit, LimitKey, Meta, TableState};
use super::validate::Desired;

/// One change to the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Change {
    /// Write a new `#META`.
    CreateEntity {
        /// Entity id.
        entity: String,
        /// Display name.
        name: String,
        /// Parent id.
        parent: Option<String>,
    },
    /// Change the name or parent in `#META`.
    UpdateEntity {
        /// Entity id.
        entity: String,
        /// What the table holds.
        old: Meta,
        /// What the file wants.
        new: Meta,
    },
    /// Remove `#META` (pruning; buckets and snapshots are kept).
    DeleteEntity {
        /// Entity id.
        entity: String,
        /// What the table holds.
        old: Meta,
    },
    /// Write a new `#LIMIT#` item.
    AddLimit {
        /// Entity id.
        entity: String,
        /// Resource.
        resource: String,
        /// Limit name.
        limit: String,
        /// The limit.
        new: Limit,
    },
    /// Overwrite a `#LIMIT#` item.
    ChangeLimit {
        /// Entity id.
        entity: String,
        /// Resource.
        resource: String,
        /// Limit name.
        limit: String,
        /// What the table holds.
        old: Limit,
        /// What the file wants.
        new: Limit,
    },
    /// Delete a `#LIMIT#` item (pruning).
    RemoveLimit {
        /// Entity id.
        entity: String,
        /// Resource.
        resource: String,
        /// Limit name.
        limit: String,
        /// What the table holds.
        old: Limit,
    },
}

impl Change {
    /// The entity this change is about.
    pub fn entity(&self) -> &str {
        match self {
            Change::CreateEntity { entity, .. }
            | Change::UpdateEntity { entity, .. }
            | Change::DeleteEntity { entity, .. }
            | Change::AddLimit { entity, .. }
            | Change::ChangeLimit { entity, .. }
            | Change::RemoveLimit { entity, .. } => entity,
        }
    }
}

fn show(l: &Limit) -> String {
    format!(
        "capacity {} burst {} refill {}/{}s",
        l.capacity, l.burst, l.refill_amount, l.refill_period_seconds
    )
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::CreateEntity {
                entity,
                name,
                parent,
            } => {
                write!(f, "+ entity {entity} (name {name:?}")?;
                if let Some(p) = parent {
                    write!(f, ", parent {p}")?;
                }
                write!(f, ")")
            }
            Change::UpdateEntity { entity, old, new } => write!(
                f,
                "~ entity {entity}: name {:?} -> {:?}, parent {} -> {}",
                old.name,
                new.name,
                old.parent.as_deref().unwrap_or("none"),
                new.parent.as_deref().unwrap_or("none")
            ),
            Change::DeleteEntity { entity, .. } => write!(f, "- entity {entity} (metadata)"),
            Change::AddLimit {
                entity,
                resource,
                limit,
                new,
            } => {
                write!(f, "+ {entity} {resource}.{limit}: {}", show(new))
            }
            Change::ChangeLimit {
                entity,
                resource,
                limit,
                old,
                new,
            } => write!(
                f,
                "~ {entity} {resource}.{limit}: {} -> {}",
                show(old),
                show(new)
            ),
            Change::RemoveLimit {
                entity,
                resource,
                limit,
                old,
            } => {
                write!(f, "- {entity} {resource}.{limit}: {}", show(old))
            }
        }
    }
}

/// Every change, entity by entity (metadata first), plus what was left alone.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Plan {
    /// The changes in apply order.
    pub changes: Vec<Change>,
    /// Entities in the table but not in the file, kept (no `--prune`).
    pub unmanaged_entities: usize,
    /// Limits in the table but not in the file, kept (no `--prune`).
    pub unmanaged_limits: usize,
}

impl Plan {
    /// The changes grouped by entity, in entity order.
    pub fn by_entity(&self) -> BTreeMap<&str, Vec<&Change>> {
        let mut out: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
        for c in &self.changes {
            out.entry(c.entity()).or_default().push(c);
        }
        out
    }
}

/// Compares the validated file with the table.
pub fn plan(desired: &Desired, table: &TableState, prune: bool) -> Plan {
    let mut out = Plan::default();
    let empty = EntityState::default();
    for (id, want) in desired {
        let have = table.entities.get(id).unwrap_or(&empty);
        let new_meta = Meta {
            name: want.name.clone().unwrap_or_else(|| id.clone()),
            parent: want.parent.clone(),
        };
        match &have.meta {
            Some(old) if *old != new_meta => out.changes.push(Change::UpdateEntity {
                entity: id.clone(),
                old: old.clone(),
                new: new_meta,
            }),
            Some(_) => {}
            // Limits stored without metadata (the client allows it) stay that
            // way unless the file names a name or parent.
            None if !table.entities.contains_key(id)
                || want.name.is_some()
                || want.parent.is_some() =>
            {
                out.changes.push(Change::CreateEntity {
                    entity: id.clone(),
                    name: new_meta.name,
                    parent: new_meta.parent,
                })
            }
            None => {}
        }
        for ((resource, limit), new) in &want.limits {
            let key = (resource.clone(), limit.clone());
            match have.limits.get(&key) {
                None => out.changes.push(Change::AddLimit {
                    entity: id.clone(),
                    resource: resource.clone(),
                    limit: limit.clone(),
                    new: *new,
                }),
                Some(old) if old != new => out.changes.push(Change::ChangeLimit {
                    entity: id.clone(),
                    resource: resource.clone(),
                    limit: limit.clone(),
                    old: *old,
                    new: *new,
                }),
                Some(_) => {}
            }
        }
        for ((resource, limit), old) in &have.limits {
            if want.limits.contains_key(&(resource.clone(), limit.clone())) {
                continue;
            }
            if prune {
                out.changes.push(remove(id, resource, limit, old));
            } else {
                out.unmanaged_limits += 1;
            }
        }
    }
    for (id, have) in &table.entities {
        if desired.contains_key(id) {
            continue;
        }
        if !prune {
            out.unmanaged_entities += 1;
            out.unmanaged_limits += have.limits.len();
            continue;
        }
        if let Some(old) = &have.meta {
            out.changes.push(Change::DeleteEntity {
                entity: id.clone(),
                old: old.clone(),
            });
        }
        for ((resource, limit), old) in &have.limits {
            out.changes.push(remove(id, resource, limit, old));
        }
    }
    // Apply order: entity by entity, as the grouping for writes expects.
    out.changes.sort_by(|a, b| a.entity().cmp(b.entity()));
    out
}

fn remove(id: &str, resource: &str, limit: &str, old: &Limit) -> Change {
    Change::RemoveLimit {
        entity: id.into(),
        resource: resource.into(),
        limit: limit.into(),
        old: *old,
    }
}

/// One audit record to write for an entity's changes, in the client's
/// vocabulary: (action, resource, details).
pub type AuditRecord = (&'static str, Option<String>, Value);

/// The audit records for one entity's changes, as the client would write
/// them: `entity_created`/`entity_deleted`, `limits_set` with the resource's
/// resulting limits, `limits_deleted` when a resource loses all of them.
/// A metadata change of an existing entity has no client action; it is
/// recorded as `entity_updated` with the old and new values.
pub fn audit_records(changes: &[&Change], before: Option<&EntityState>) -> Vec<AuditRecord> {
    let mut out = Vec::new();
    let mut after: BTreeMap<LimitKey, Limit> = before.map(|e| e.limits.clone()).unwrap_or_default();
    let mut touched: BTreeMap<String, ()> = BTreeMap::new();
    for c in changes {
        match c {
            Change::CreateEntity { name, parent, .. } => out.push((
                "entity_created",
                None,
                json!({"name": name, "parent_id": parent, "metadata": {}}),
            )),
            Change::UpdateEntity { old, new, .. } => out.push((
                "entity_updated",
                None,
                json!({"name": new.name, "parent_id": new.parent,
                       "previous": {"name": old.name, "parent_id": old.parent}}),
            )),
            Change::DeleteEntity { .. } => {}
            Change::AddLimit {
                resource,
                limit,
                new,
                ..
            }
            | Change::ChangeLimit {
                resource,
                limit,
                new,
                ..
            } => {
                after.insert((resource.clone(), limit.clone()), *new);
                touched.insert(resource.clone(), ());
            }
            Change::RemoveLimit {
                resource, limit, ..
            } => {
                after.remove(&(resource.clone(), limit.clone()));
                touched.insert(resource.clone(), ());
            }
        }
    }
    for resource in touched.keys() {
        let limits: Vec<Value> = after
            .iter()
            .filter(|((r, _), _)| r == resource)
            .map(|((_, name), l)| {
                json!({"name": name, "capacity": l.capacity, "burst": l.burst,
                       "refill_amount": l.refill_amount,
                       "refill_period_seconds": l.refill_period_seconds})
            })
            .collect();
        if limits.is_empty() {
            out.push(("limits_deleted", Some(resource.clone()), json!({})));
        } else {
            out.push((
                "limits_set",
                Some(resource.clone()),
                json!({ "limits": limits }),
            ));
        }
    }
    if changes
        .iter()
        .any(|c| matches!(c, Change::DeleteEntity { .. }))
    {
        let removed = changes
            .iter()
            .filter(|c| matches!(c, Change::DeleteEntity { .. } | Change::RemoveLimit { .. }))
            .count();
        out.push((
            "entity_deleted",
            None,
            json!({ "records_deleted": removed }),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::super::validate::validate;
    use super::*;

    fn lim(c: i64) -> Limit {
        Limit {
            capacity: c,
            burst: c,
            refill_amount: c,
            refill_period_seconds: 60,
        }
    }

    fn table() -> TableState {
        let mut t = TableState::default();
        let mut a = EntityState {
            meta: Some(Meta {
                name: "a".into(),
                parent: None,
            }),
            ..Default::default()
        };
        a.limits.insert(("api".into(), "rpm".into()), lim(10));
        a.limits.insert(("api".into(), "tpm".into()), lim(1000));
        t.entities.insert("a".into(), a);
        let mut z = EntityState {
            meta: Some(Meta {
                name: "z".into(),
                parent: None,
            }),
            ..Default::default()
        };
        z.limits.insert(("api".into(), "rpm".into()), lim(5));
        t.entities.insert("z".into(), z);
        t
    }

    fn planned(text: &str, prune: bool) -> Plan {
        let t = table();
        plan(
            &validate(&parse(text).unwrap(), text, &t).unwrap(),
            &t,
            prune,
        )
    }

    #[test]
    fn matching_file_has_no_changes() {
        let p = planned("entities:\n  a:\n    limits:\n      api:\n        rpm: {capacity: 10}\n        tpm: {capacity: 1000}\n", false);
        assert!(p.changes.is_empty(), "{p:?}");
        assert_eq!((p.unmanaged_entities, p.unmanaged_limits), (1, 1));
    }

    #[test]
    fn changed_capacity_shows_old_and_new() {
        let p = planned("entities:\n  a:\n    limits:\n      api:\n        rpm: {capacity: 20}\n        tpm: {capacity: 1000}\n", false);
        assert_eq!(
            p.changes,
            vec![Change::ChangeLimit {
                entity: "a".into(),
                resource: "api".into(),
                limit: "rpm".into(),
                old: lim(10),
                new: lim(20)
            }]
        );
        assert!(p.changes[0]
            .to_string()
            .contains("capacity 10 burst 10 refill 10/60s -> capacity 20"));
    }

    #[test]
    fn prune_removes_only_what_the_file_omits() {
        let p = planned(
            "entities:\n  a:\n    limits:\n      api:\n        rpm: {capacity: 10}\n",
            true,
        );
        let kinds: Vec<String> = p
            .changes
            .iter()
            .map(|c| format!("{}:{c}", c.entity()))
            .collect();
        assert_eq!(p.changes.len(), 3, "{kinds:?}");
        assert!(matches!(&p.changes[0], Change::RemoveLimit { limit, .. } if limit == "tpm"));
        assert!(matches!(&p.changes[1], Change::DeleteEntity { entity, .. } if entity == "z"));
        let by = p.by_entity();
        let recs = audit_records(&by["z"], table().entities.get("z"));
        let actions: Vec<&str> = recs.iter().map(|r| r.0).collect();
        assert_eq!(actions, vec!["limits_deleted", "entity_deleted"]);
    }

    #[test]
    fn new_entity_is_created_with_its_limits_and_audited() {
        let p = planned(
            "entities:\n  b:\n    parent: a\n    limits:\n      api:\n        rpm: {capacity: 3}\n",
            false,
        );
        assert!(matches!(&p.changes[0], Change::CreateEntity { parent: Some(x), .. } if x == "a"));
        let by = p.by_entity();
        let recs = audit_records(&by["b"], None);
        assert_eq!(recs[0].0, "entity_created");
        assert_eq!(recs[1].0, "limits_set");
        assert_eq!(recs[1].2["limits"][0]["capacity"], 3);
    }

    #[test]
    fn limits_set_lists_the_resources_resulting_limits() {
        let p = planned("entities:\n  a:\n    limits:\n      api:\n        rpm: {capacity: 20}\n        tpm: {capacity: 1000}\n", false);
        let by = p.by_entity();
        let recs = audit_records(&by["a"], table().entities.get("a"));
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].2["limits"].as_array().unwrap().len(), 2);
    }
}

/// Whether `current` (the entity as read again) already shows every one of
/// `changes`: a write whose reply was lost (a timeout, then a retry whose
/// condition sees the first attempt's result) is not a concurrent edit.
pub fn already_applied(changes: &[&Change], current: &EntityState) -> bool {
    changes.iter().all(|c| match c {
        Change::CreateEntity { name, parent, .. } => {
            current.meta.as_ref()
                == Some(&Meta {
                    name: name.clone(),
                    parent: parent.clone(),
                })
        }
        Change::UpdateEntity { new, .. } => current.meta.as_ref() == Some(new),
        Change::DeleteEntity { .. } => current.meta.is_none(),
        Change::AddLimit {
            resource,
            limit,
            new,
            ..
        }
        | Change::ChangeLimit {
            resource,
            limit,
            new,
            ..
        } => current.limits.get(&(resource.clone(), limit.clone())) == Some(new),
        Change::RemoveLimit {
            resource, limit, ..
        } => !current
            .limits
            .contains_key(&(resource.clone(), limit.clone())),
    })
}

#[cfg(test)]
mod already_applied_tests {
    use super::*;

    #[test]
    fn a_write_already_in_the_table_is_not_a_conflict() {
        let l = |c| Limit {
            capacity: c,
            burst: c,
            refill_amount: c,
            refill_period_seconds: 60,
        };
        let change = Change::ChangeLimit {
            entity: "a".into(),
            resource: "api".into(),
            limit: "rpm".into(),
            old: l(1),
            new: l(2),
        };
        let mut now = EntityState::default();
        now.limits.insert(("api".into(), "rpm".into()), l(2));
        assert!(already_applied(&[&change], &now));
        now.limits.insert(("api".into(), "rpm".into()), l(9));
        assert!(!already_applied(&[&change], &now));
    }
}
