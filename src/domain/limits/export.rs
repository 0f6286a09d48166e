//! Export: the table's entities and limits as a limits file, in id order
//! with every limit value written out, so export then plan shows no change.

use std::collections::BTreeMap;

use super::model::{EntitySpec, LimitSpec, LimitsFile, TableState};

/// The file that describes `table` exactly.
pub fn to_file(table: &TableState) -> LimitsFile {
    let mut file = LimitsFile::default();
    for (id, e) in &table.entities {
        let mut spec = EntitySpec::default();
        if let Some(m) = &e.meta {
            // The name defaults to the id; written only when it differs.
            spec.name = (m.name != *id).then(|| m.name.clone());
            spec.parent = m.parent.clone();
        }
        let mut limits: BTreeMap<String, BTreeMap<String, LimitSpec>> = BTreeMap::new();
        for ((resource, name), l) in &e.limits {
            limits.entry(resource.clone()).or_default().insert(
                name.clone(),
                LimitSpec {
                    capacity: l.capacity,
                    burst: Some(l.burst),
                    refill_amount: Some(l.refill_amount),
                    refill_period_seconds: Some(l.refill_period_seconds),
                },
            );
        }
        spec.limits = limits;
        file.entities.insert(id.clone(), spec);
    }
    file
}

/// The YAML text of `file`, after a one-line header naming its source.
pub fn render(file: &LimitsFile, source: &str) -> Result<String, String> {
    let body = serde_norway::to_string(file).map_err(|e| e.to_string())?;
    Ok(format!(
        "# Limits of {source}, exported by zae-limiter. Schema: schemas/limits.schema.json\n{body}"
    ))
}

#[cfg(test)]
mod tests {
    use super::super::model::{EntityState, Limit, Meta};
    use super::super::parse::parse;
    use super::super::plan::plan;
    use super::super::validate::validate;
    use super::*;

    #[test]
    fn export_then_plan_is_no_change_and_stable() {
        let mut t = TableState::default();
        let mut e = EntityState {
            meta: Some(Meta {
                name: "Acme Corp".into(),
                parent: None,
            }),
            ..Default::default()
        };
        e.limits.insert(
            ("api".into(), "rpm".into()),
            Limit {
                capacity: 100,
                burst: 150,
                refill_amount: 100,
                refill_period_seconds: 60,
            },
        );
        t.entities.insert("acme".into(), e);
        t.entities.insert(
            "acme-user-1".into(),
            EntityState {
                meta: Some(Meta {
                    name: "acme-user-1".into(),
                    parent: Some("acme".into()),
                }),
                ..Default::default()
            },
        );
        // Limits without metadata, as the client may store them.
        let mut bare = EntityState::default();
        bare.limits.insert(
            ("llm".into(), "tpm".into()),
            Limit {
                capacity: 5,
                burst: 5,
                refill_amount: 5,
                refill_period_seconds: 1,
            },
        );
        t.entities.insert("bare".into(), bare);
        let text = render(&to_file(&t), "ZAEL-x").unwrap();
        assert_eq!(text, render(&to_file(&t), "ZAEL-x").unwrap());
        let desired = validate(&parse(&text).unwrap(), &text, &t).unwrap();
        let p = plan(&desired, &t, true);
        assert!(p.changes.is_empty(), "{p:?}\n{text}");
        assert!(text.find("acme:").unwrap() < text.find("acme-user-1:").unwrap());
    }
}
