//! `restore`: put the table's data back from a backup or a point in time,
//! into a new limiter (`--as`) or into the live table (`--in-place`).

use chrono::{DateTime, Utc};

use super::{OutputArgs, TargetArgs};
use crate::domain::naming::{parse_name, LimiterName};
use crate::error::{Error, Result};
use crate::ops::restore::source::{parse_time, Wanted};
use crate::ops::restore::{self, InPlaceEnd};
use crate::report;

pub use crate::ops::restore::view::question;

/// Arguments of `restore`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("from").required(true).args(["backup", "time", "latest"])))]
#[command(group(clap::ArgGroup::new("into").required(true).args(["as_name", "in_place"])))]
pub struct Args {
    #[command(flatten)]
    target: TargetArgs,
    /// Restore this on-demand backup of the table (its ARN or its name; see `backup list`).
    #[arg(long, value_name = "ARN|NAME")]
    backup: Option<String>,
    /// Restore the table as it was at this time (RFC 3339, e.g. 2026-01-15T10:00:00Z); needs point-in-time recovery.
    #[arg(long, value_name = "RFC3339", value_parser = parse_time)]
    time: Option<DateTime<Utc>>,
    /// Restore the latest restorable time of point-in-time recovery.
    #[arg(long)]
    latest: bool,
    /// Restore into a new table ZAEL-<NEW> (refused if it exists); `deploy --name NEW` then adopts it.
    #[arg(long = "as", value_name = "NEW", value_parser = parse_name)]
    as_name: Option<LimiterName>,
    /// Put the live table's items back to the source's, keeping the stack (safety backup first).
    #[arg(long)]
    in_place: bool,
    /// Do not ask for confirmation of --in-place (required when stdin is not a terminal).
    #[arg(short = 'y', long)]
    yes: bool,
    /// With --in-place: keep the side table the source was restored into.
    #[arg(long, requires = "in_place")]
    keep_side_table: bool,
    #[command(flatten)]
    output: OutputArgs,
}

impl Args {
    /// Runs restore.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let wanted = match (&self.backup, self.time, self.latest) {
            (Some(b), _, _) => Wanted::Backup(b.clone()),
            (_, Some(t), _) => Wanted::Time(t),
            _ => Wanted::Latest,
        };
        let name = &self.target.name;
        if self.in_place && !self.yes && !report::stdin_is_terminal() {
            return Err(Error::failure(format!(
                "refusing to restore {} in place without confirmation: stdin is not a terminal",
                name.table()
            ))
            .hint("pass --yes to confirm in scripts; nothing was changed"));
        }
        let aws = self.target.aws().await?;
        if let Some(new) = &self.as_name {
            let done = restore::restore_as(&aws, name, &wanted, new).await?;
            report::emit(self.output.output, &done)?;
            return Ok(0);
        }
        let yes = self.yes;
        let end = restore::in_place(
            &aws,
            name,
            &wanted,
            self.keep_side_table,
            move |table, source, plan| yes || report::confirm(&question(table, source, plan)),
        )
        .await?;
        match end {
            InPlaceEnd::Done(done) => {
                report::emit(self.output.output, &*done)?;
                Ok(0)
            }
            InPlaceEnd::Declined { side_table, kept } => {
                report::note(if kept {
                    format!(
                        "nothing changed in {}; side table {side_table} kept",
                        name.table()
                    )
                } else {
                    format!("nothing changed in {}", name.table())
                });
                Ok(1)
            }
        }
    }
}
