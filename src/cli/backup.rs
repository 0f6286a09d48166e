//! `backup create` and `backup list`: on-demand backups of the limiter's table.

use super::{OutputArgs, TargetArgs};
use crate::error::Result;
use crate::ops::backups;
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
                report::emit(a.output.output, &listing)?;
            }
        }
        Ok(0)
    }
}
