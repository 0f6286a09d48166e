//! Backup before change: an on-demand DynamoDB backup of the table, taken
//! before deploy or upgrade changes an existing stack's template or parameters.

use crate::aws::Aws;
use crate::error::Result;
use crate::report;

/// The backup's name: `ZAEL-X-pre-upgrade-<UTC timestamp>`. Pure.
pub fn backup_name(table: &str, now: chrono::DateTime<chrono::Utc>) -> String {
    format!("{table}-pre-upgrade-{}", now.format("%Y%m%dT%H%M%SZ"))
}

/// Takes the backup and returns its ARN (without waiting for `AVAILABLE`: DynamoDB
/// takes the snapshot at the request, so the change may start at once).
pub async fn take(aws: &Aws, table: &str) -> Result<String> {
    let name = backup_name(table, chrono::Utc::now());
    let created = crate::ops::backups::create::create(aws, table, name.clone(), false, "backup")
        .await
        .map_err(|e| {
            e.hint("nothing was changed; fix the cause, or pass --no-backup to change the stack without a backup")
        })?;
    report::note(format!(
        "backed up {table} as {name} ({})",
        created.backup_arn
    ));
    Ok(created.backup_arn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_valid_backup_names() {
        let t = chrono::DateTime::from_timestamp(1_768_471_200, 0).unwrap();
        let n = backup_name("ZAEL-prod", t);
        assert_eq!(n, "ZAEL-prod-pre-upgrade-20260115T100000Z");
        assert!(n
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)));
    }
}
