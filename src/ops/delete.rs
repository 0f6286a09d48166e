//! The delete operation: remove the limiter stack, keeping the table and its data
//! (the template retains it) unless the operator explicitly asked for
//! `--delete-data`. Checked first (`plan`), changed second (`apply`), so that the
//! command can ask for confirmation in between.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

use crate::aws::Aws;
use crate::domain::naming::LimiterName;
use crate::error::{Error, ErrorKind, Result};
use crate::ops::stack as ops;
use crate::{ops::record, report};

/// What exists of a limiter, found before anything is deleted.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The stack exists.
    pub stack_exists: bool,
    /// The table exists.
    pub table_exists: bool,
    /// The table and its data are to be deleted too.
    pub delete_data: bool,
}

impl Planned {
    /// The confirmation question: what goes and what stays.
    pub fn question(&self, name: &LimiterName) -> String {
        let (stack, table) = (name.stack(), name.table());
        let mut q = String::new();
        if self.stack_exists {
            q.push_str(&format!(
                "Delete stack {stack} (function, queue, role, alarms)"
            ));
        }
        if self.delete_data && self.table_exists {
            q.push_str(&format!(
                "{}DELETE table {table} and ALL its data",
                if q.is_empty() { "" } else { " and " }
            ));
        } else if self.table_exists {
            q.push_str(&format!(", keeping table {table} and its data"));
        }
        q.push('?');
        q
    }
}

/// What delete did.
#[derive(Debug, Serialize)]
pub struct DeleteResult {
    /// Stack name.
    pub stack: String,
    /// Whether a stack deletion was started.
    pub stack_deleted: bool,
    /// Whether deletion was waited for and completed.
    pub completed: bool,
    /// Table name.
    pub table: String,
    /// `kept`, `deleted` or `absent`.
    pub table_state: &'static str,
}

impl fmt::Display for DeleteResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.stack_deleted {
            let how = if self.completed {
                "deleted"
            } else {
                "deletion started"
            };
            writeln!(f, "stack {} {how}", self.stack)?;
        }
        match self.table_state {
            "deleted" => writeln!(f, "table {} deleted with all its data", self.table),
            "absent" => writeln!(f, "table {} did not exist", self.table),
            _ => writeln!(
                f,
                "table {} kept with all its data (delete it with --delete-data)",
                self.table
            ),
        }
    }
}

/// Finds what exists; refuses (not deployed) when there is nothing this delete
/// would remove. Changes nothing.
pub async fn plan(aws: &Aws, name: &LimiterName, delete_data: bool) -> Result<Planned> {
    let (stack, table) = (name.stack(), name.table());
    let (existing, rec) = tokio::join!(
        ops::describe(aws, &stack),
        record::read_if_table(aws, &table)
    );
    let stack_exists = existing?.is_some();
    let table_exists = rec?.is_some();
    if !(stack_exists || (table_exists && delete_data)) {
        let mut e = Error::new(ErrorKind::NotDeployed, format!("stack {stack} not found"));
        if table_exists {
            e = e.hint(format!(
                "only the table {table} is left, without a stack: zae-limiter deploy --name {name} adopts it (keeping its data); to delete it and its data pass --delete-data"
            ));
        } else {
            e = e.hint(
                "check --name and --region (zae-limiter list shows the limiters in a region)",
            );
        }
        return Err(e);
    }
    Ok(Planned {
        stack_exists,
        table_exists,
        delete_data,
    })
}

/// Deletes what `planned` found: the stack (waiting when `wait`, or always before
/// deleting data), then, only when asked, the table with its data.
pub async fn apply(
    aws: &Aws,
    name: &LimiterName,
    planned: &Planned,
    wait: bool,
    timeout: Duration,
) -> Result<DeleteResult> {
    let (stack, table) = (name.stack(), name.table());
    let mut completed = false;
    if planned.stack_exists {
        ops::delete(aws, &stack).await?;
        report::note(format!("deleting stack {stack}"));
        if wait || planned.delete_data {
            let waited = ops::wait_interruptible(aws, &stack, timeout).await?;
            if let Some(info) = waited.info {
                let mut msg = format!(
                    "stack {stack} could not be deleted: {}{}",
                    info.status,
                    info.reason.map(|r| format!(" ({r})")).unwrap_or_default()
                );
                for f in &waited.failures {
                    msg.push_str(&format!(
                        "\n  {} ({}): {}",
                        f.logical_id, f.resource_type, f.reason
                    ));
                }
                return Err(Error::failure(msg).hint(format!(
                    "fix the resources named above and delete again; the table {table} was not touched"
                )));
            }
            completed = true;
        }
    }
    let mut table_state = if planned.table_exists {
        "kept"
    } else {
        "absent"
    };
    if planned.delete_data && planned.table_exists {
        delete_table(aws, &table).await?;
        table_state = "deleted";
    }
    Ok(DeleteResult {
        stack,
        stack_deleted: planned.stack_exists,
        completed,
        table,
        table_state,
    })
}

/// Deletes the table and its data. Asked for explicitly and confirmed:
/// deletion protection has done its job and is turned off first.
async fn delete_table(aws: &Aws, table: &str) -> Result<()> {
    aws.ddb()
        .update_table()
        .table_name(table)
        .deletion_protection_enabled(false)
        .send()
        .await
        .map_err(|e| {
            aws.error("UpdateTable", e).hint(format!(
                "the table {table} and its data are still there; fix the cause and run delete --delete-data again"
            ))
        })?;
    report::note(format!("turned deletion protection of {table} off"));
    aws.ddb()
        .delete_table()
        .table_name(table)
        .send()
        .await
        .map_err(|e| {
            aws.error("DeleteTable", e).hint(format!(
                "if deletion protection is on, turn it off first: aws dynamodb update-table --table-name {table} --no-deletion-protection-enabled"
            ))
        })?;
    Ok(())
}
