//! `backup create` and `backup list`: on-demand backups of the limiter's table.

use std::fmt;

use super::{OutputArgs, TargetArgs};
use crate::error::Result;
use crate::ops::backups::{self, create::Created, human_bytes, list::Listing};
use crate::report;

/// Arguments of `backup`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

/// `backup create` or `backup list`.
#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Take an on-demand backup of the table and print its ARN.
    Create(CreateArgs),
    /// List the table's on-demand backups (newest first) and its point-in-time recovery window.
    List(ListArgs),
}

/// Arguments of `backup create`.
#[derive(Debug, clap::Args)]
struct CreateArgs {
    #[command(flatten)]
    target: TargetArgs,
    /// A word added to the backup's name (letters, digits, '-', '_', '.').
    #[arg(long, value_name = "TEXT", value_parser = backups::parse_label)]
    label: Option<String>,
    /// Return once AWS has started the backup instead of waiting until it is AVAILABLE.
    #[arg(long)]
    no_wait: bool,
    #[command(flatten)]
    output: OutputArgs,
}

/// Arguments of `backup list`.
#[derive(Debug, clap::Args)]
struct ListArgs {
    #[command(flatten)]
    target: TargetArgs,
    #[command(flatten)]
    output: OutputArgs,
}

impl Args {
    /// Runs `backup create` or `backup list`.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        match self.action {
            Action::Create(a) => {
                let aws = a.target.aws().await?;
                let table = a.target.name.table();
                let created =
                    backups::create::manual(&aws, &table, a.label.as_deref(), !a.no_wait).await?;
                report::emit(a.output.output, &created)?;
            }
            Action::List(a) => {
                let aws = a.target.aws().await?;
                let listing = backups::list::list(&aws, &a.target.name.table()).await?;
                report::emit(a.output.output, &ListView(listing))?;
            }
        }
        Ok(0)
    }
}

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

/// `backup list`'s text rendering (its JSON is the listing itself).
#[derive(serde::Serialize)]
#[serde(transparent)]
struct ListView(Listing);

impl fmt::Display for ListView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let l = &self.0;
        if l.backups.is_empty() {
            writeln!(f, "no on-demand backups of {}", l.table)?;
        } else {
            let mut t = report::table(&["created", "name", "status", "size", "taken by", "ARN"]);
            for b in &l.backups {
                t.add_row(vec![
                    b.created.clone().unwrap_or_else(|| "-".into()),
                    b.name.clone(),
                    b.status.clone(),
                    b.size_bytes.map(human_bytes).unwrap_or_else(|| "-".into()),
                    b.kind.describe().to_string(),
                    b.arn.clone(),
                ]);
            }
            writeln!(f, "{t}")?;
        }
        let p = &l.pitr;
        match p.status.as_str() {
            "ENABLED" => writeln!(
                f,
                "point-in-time recovery: enabled, restorable from {} to {}",
                p.earliest_restorable.as_deref().unwrap_or("?"),
                p.latest_restorable.as_deref().unwrap_or("?")
            ),
            "TABLE_NOT_FOUND" => writeln!(
                f,
                "point-in-time recovery: table {} not found (its backups can still be restored with --as)",
                l.table
            ),
            other => writeln!(
                f,
                "point-in-time recovery: {} (restore --time/--latest need it on; deploy turns it on)",
                other.to_ascii_lowercase()
            ),
        }
    }
}
