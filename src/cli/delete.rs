//! `delete`: remove the limiter stack. The table and its data are kept (the
//! template retains it) unless the operator explicitly says `--delete-data`.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

use super::{OutputArgs, TargetArgs, WaitArgs};
use crate::error::{Error, ErrorKind, Result};
use crate::ops::stack as ops;
use crate::{ops::record, report};

/// Arguments of `delete`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: TargetArgs,
    /// Do not ask for confirmation (required when stdin is not a terminal).
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// Also delete the table and ALL its data (rate-limit state, limits, usage).
    #[arg(long)]
    pub delete_data: bool,
    #[command(flatten)]
    wait: WaitArgs,
    #[command(flatten)]
    output: OutputArgs,
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

impl Args {
    /// Runs delete.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let name = &self.target.name;
        let (stack, table) = (name.stack(), name.table());
        if !self.yes && !report::stdin_is_terminal() {
            return Err(Error::failure(format!(
                "refusing to delete {stack} without confirmation: stdin is not a terminal"
            ))
            .hint("pass --yes to confirm in scripts"));
        }
        let aws = self.target.aws().await?;
        let (existing, rec) = tokio::join!(
            ops::describe(&aws, &stack),
            record::read_if_table(&aws, &table)
        );
        let existing = existing?;
        let table_exists = rec?.is_some();
        if existing.is_none() && !(table_exists && self.delete_data) {
            let mut e = Error::new(ErrorKind::NotDeployed, format!("stack {stack} not found"));
            if table_exists {
                e = e.hint(format!(
                    "only the table {table} is left, without a stack: zae-limiter deploy --name {} adopts it (keeping its data); to delete it and its data pass --delete-data", self.target.name
                ));
            } else {
                e = e.hint(
                    "check --name and --region (zae-limiter list shows the limiters in a region)",
                );
            }
            return Err(e);
        }
        if !self.yes {
            let mut q = String::new();
            if existing.is_some() {
                q.push_str(&format!(
                    "Delete stack {stack} (function, queue, role, alarms)"
                ));
            }
            if self.delete_data && table_exists {
                q.push_str(&format!(
                    "{}DELETE table {table} and ALL its data",
                    if q.is_empty() { "" } else { " and " }
                ));
            } else if table_exists {
                q.push_str(&format!(", keeping table {table} and its data"));
            }
            q.push('?');
            if !report::confirm(&q) {
                report::note("nothing deleted");
                return Ok(1);
            }
        }
        let mut completed = false;
        if existing.is_some() {
            ops::delete(&aws, &stack).await?;
            report::note(format!("deleting stack {stack}"));
            if self.wait.should_wait() || self.delete_data {
                let timeout = Duration::from_secs(self.wait.wait_timeout * 60);
                let waited = ops::wait_interruptible(&aws, &stack, timeout).await?;
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
        let mut table_state = if table_exists { "kept" } else { "absent" };
        if self.delete_data && table_exists {
            // Asked for explicitly and confirmed above: protection has done its job.
            aws.ddb()
                .update_table()
                .table_name(&table)
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
                .table_name(&table)
                .send()
                .await
                .map_err(|e| {
                    aws.error("DeleteTable", e).hint(format!(
                        "if deletion protection is on, turn it off first: aws dynamodb update-table --table-name {table} --no-deletion-protection-enabled"
                    ))
                })?;
            table_state = "deleted";
        }
        report::emit(
            self.output.output,
            &DeleteResult {
                stack,
                stack_deleted: existing.is_some(),
                completed,
                table,
                table_state,
            },
        )?;
        Ok(0)
    }
}
