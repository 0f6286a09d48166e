//! `backup create`: take an on-demand backup of the limiter's table.

use std::fmt;

use serde::Serialize;

use super::{manual_name, wait, BackupInfo};
use crate::aws::Aws;
use crate::error::{Error, ErrorKind, Result};

/// What `backup create` did.
#[derive(Debug, Clone, Serialize)]
pub struct Created {
    /// The new backup's ARN.
    pub backup_arn: String,
    /// Everything known of it (name, kind, status, size once available).
    pub backup: BackupInfo,
    /// Whether the command waited for `AVAILABLE`.
    pub waited: bool,
}

/// Takes a backup of `table` named from the label and the time; waits for
/// `AVAILABLE` when `wait`. `what` names it in progress and errors.
pub async fn create(
    aws: &Aws,
    table: &str,
    name: String,
    wait_for_it: bool,
    what: &str,
) -> Result<Created> {
    let out = aws
        .ddb()
        .create_backup()
        .table_name(table)
        .backup_name(&name)
        .send()
        .await
        .map_err(|e| {
            if e.as_service_error()
                .is_some_and(|s| s.is_table_not_found_exception())
            {
                return Error::new(ErrorKind::NotDeployed, format!("table {table} not found"))
                    .hint(
                    "check --name and --region (zae-limiter list shows the limiters in a region)",
                );
            }
            aws.error("CreateBackup", e)
                .hint("nothing was changed; fix the cause and run the command again")
        })?;
    let details = out
        .backup_details()
        .ok_or_else(|| Error::failure(format!("CreateBackup of {table} returned no details")))?;
    let arn = details.backup_arn().to_string();
    let mut info = BackupInfo::new(
        table,
        details.backup_name(),
        &arn,
        super::from_smithy(details.backup_creation_date_time()),
        details.backup_size_bytes(),
        details.backup_status().as_str(),
    );
    if wait_for_it && info.status != "AVAILABLE" {
        info.size_bytes = wait::available(aws, &arn, what).await?.or(info.size_bytes);
        info.status = "AVAILABLE".into();
    }
    Ok(Created {
        backup_arn: arn,
        backup: info,
        waited: wait_for_it,
    })
}

/// `backup create`: a manual backup, optionally labelled.
pub async fn manual(
    aws: &Aws,
    table: &str,
    label: Option<&str>,
    wait_for_it: bool,
) -> Result<Created> {
    let name = manual_name(table, label, chrono::Utc::now());
    create(aws, table, name, wait_for_it, "the backup").await
}

/// `backup create`'s text: the backup, its state and its ARN.
impl fmt::Display for Created {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.backup.status == "AVAILABLE" {
            "available".to_string()
        } else {
            format!(
                "{} (check with `zae-limiter backup list`)",
                self.backup.status
            )
        };
        writeln!(
            f,
            "backup {} of {}: {state}",
            self.backup.name, self.backup.table
        )?;
        writeln!(f, "{}", self.backup_arn)
    }
}
