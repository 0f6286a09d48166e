//! Whether deploy may change an existing stack over what its table records:
//! never over a schema that needs a migration, never with a tool that is too old,
//! never downgrading a newer aggregator.

use crate::domain::compat;
use crate::domain::naming::LimiterName;
use crate::domain::release::record::ReadRecord;
use crate::error::{Error, Result};

/// The verdict for an existing stack whose table read gave `read` (`None`: no
/// table). Pure.
pub fn verdict(read: &Option<ReadRecord>) -> compat::Verdict {
    use crate::domain::compat::Deployed;
    let deployed = match read {
        None => Deployed::StackWithoutTable,
        Some(ReadRecord::Absent) => Deployed::Stack(None),
        Some(ReadRecord::Unreadable(w)) => Deployed::Unreadable(w.clone()),
        Some(ReadRecord::Present(r)) => Deployed::Stack(Some(r.versions())),
    };
    compat::verdict(&compat::tool_version(), &compat::tool_schema(), &deployed)
}

/// Deploy changes an existing stack only when this tool may: not over a schema
/// that needs a migration, not when the tool is too old, never downgrading a
/// newer aggregator (upgrade --force is the explicit way). Pure.
pub fn refuse_incompatible(name: &LimiterName, verdict: &compat::Verdict) -> Result<()> {
    use crate::domain::compat::Verdict;
    match verdict {
        Verdict::Unreadable { why } => Err(Error::failure(format!(
            "the version record of {} cannot be read ({why}); deploy changed nothing",
            name.table()
        ))
        .hint(format!(
            "inspect it with `zae-limiter version --name {name}` and aws dynamodb get-item; fix or delete the item, then deploy again"
        ))),
        Verdict::SchemaMigration { .. } | Verdict::ToolTooOld { .. } => {
            let e = crate::domain::upgrade::decide(verdict, false, name.as_str());
            e.map(|_| ())
        }
        Verdict::Compatible { lambda_newer: true, deployed_lambda } => Err(Error::failure(format!(
            "the deployed aggregator {deployed_lambda} is newer than this tool ({}); deploy would downgrade it",
            compat::tool_version()
        ))
        .hint(format!("use a newer zae-limiter, or downgrade on purpose: zae-limiter upgrade --name {name} --force"))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::release::record::VersionRecord;
    use crate::error::ErrorKind;

    fn name() -> LimiterName {
        LimiterName::parse("guard").unwrap()
    }

    fn read(schema: &str, lambda: &str, min: &str) -> Option<ReadRecord> {
        Some(ReadRecord::Present(VersionRecord {
            schema_version: schema.into(),
            lambda_version: Some(lambda.into()),
            client_min_version: Some(min.into()),
            updated_at: None,
            updated_by: None,
        }))
    }

    #[test]
    fn a_current_or_older_record_may_be_deployed_over() {
        let tool = compat::tool_version().to_string();
        let schema = compat::tool_schema().to_string();
        assert!(refuse_incompatible(&name(), &verdict(&read(&schema, &tool, "0.0.0"))).is_ok());
        assert!(refuse_incompatible(&name(), &verdict(&read(&schema, "0.0.1", "0.0.0"))).is_ok());
        assert!(refuse_incompatible(&name(), &verdict(&Some(ReadRecord::Absent))).is_ok());
    }

    #[test]
    fn a_newer_aggregator_a_newer_minimum_or_a_new_schema_are_refused() {
        let schema = compat::tool_schema().to_string();
        let e =
            refuse_incompatible(&name(), &verdict(&read(&schema, "999.0.0", "0.0.0"))).unwrap_err();
        assert!(e.message.contains("downgrade"), "{}", e.message);
        let e =
            refuse_incompatible(&name(), &verdict(&read(&schema, "0.0.1", "999.0.0"))).unwrap_err();
        assert_eq!(e.kind, ErrorKind::ToolTooOld);
        let e =
            refuse_incompatible(&name(), &verdict(&read("999.0.0", "0.0.1", "0.0.0"))).unwrap_err();
        assert_eq!(e.kind, ErrorKind::SchemaMigration);
        let unreadable = Some(ReadRecord::Unreadable("`data` is not a map".into()));
        let e = refuse_incompatible(&name(), &verdict(&unreadable)).unwrap_err();
        assert!(e.message.contains("cannot be read"), "{}", e.message);
    }
}
