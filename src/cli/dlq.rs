//! `dlq show` and `dlq redrive`: the batches Lambda parked in the aggregator's
//! dead-letter queue, listed without consuming them, and replayed from the stream.

use std::fmt;

use super::{OutputArgs, TargetArgs};
use crate::domain::dlq::verdict::Availability;
use crate::error::{exit, Error, Result};
use crate::ops::dlq::redrive::{self, Outcome, RedriveResult};
use crate::ops::dlq::show::{self, ShowResult};
use crate::ops::dlq::ParkedMessage;
use crate::report;

/// Arguments of `dlq`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to do with the dead-letter queue.
    #[command(subcommand)]
    pub command: DlqCommand,
}

/// The `dlq` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum DlqCommand {
    /// List the parked batches (shard, sequence range, size, still in the stream?) without consuming them.
    Show(ShowArgs),
    /// Replay each parked batch from the stream through the alias `live`; delete its message only when that succeeded.
    Redrive(RedriveArgs),
}

/// Arguments of `dlq show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    #[command(flatten)]
    target: TargetArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Arguments of `dlq redrive`.
#[derive(Debug, clap::Args)]
pub struct RedriveArgs {
    #[command(flatten)]
    target: TargetArgs,
    /// Show what would be replayed, kept or discarded; invoke nothing, delete nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Delete the messages whose records are no longer in the stream (asks first).
    #[arg(long)]
    pub discard_expired: bool,
    /// Do not ask for confirmation of --discard-expired (required when stdin is not a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    #[command(flatten)]
    output: OutputArgs,
}

impl Args {
    /// Runs the chosen subcommand.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        match self.command {
            DlqCommand::Show(a) => a.run().await,
            DlqCommand::Redrive(a) => a.run().await,
        }
    }
}

impl ShowArgs {
    async fn run(self) -> Result<i32> {
        let aws = self.target.aws().await?;
        let result = show::run(&aws, &self.target.name).await?;
        report::emit(self.output.output, &result)?;
        Ok(exit::OK)
    }
}

impl RedriveArgs {
    async fn run(self) -> Result<i32> {
        let name = &self.target.name;
        if self.discard_expired && !self.dry_run && !self.yes {
            if !report::stdin_is_terminal() {
                return Err(Error::failure(
                    "refusing to discard expired batches without confirmation: stdin is not a terminal",
                )
                .hint("pass --yes to confirm in scripts; nothing was changed"));
            }
            if !report::confirm(&format!(
                "Delete the messages of {} whose records are no longer in the stream (their usage is lost)?",
                name.queue()
            )) {
                report::note("nothing changed");
                return Ok(exit::FAILURE);
            }
        }
        let aws = self.target.aws().await?;
        let options = redrive::Options {
            dry_run: self.dry_run,
            discard_expired: self.discard_expired,
        };
        let result = redrive::run(&aws, name, options).await?;
        report::emit(self.output.output, &result)?;
        Ok(if result.failed > 0 {
            exit::FAILURE
        } else {
            exit::OK
        })
    }
}

fn range(m: &ParkedMessage) -> (String, String, String) {
    match &m.batch {
        Some(b) => (
            b.shard_id.clone(),
            format!("{}..{}", b.start_sequence_number, b.end_sequence_number),
            b.batch_size.to_string(),
        ),
        None => ("-".into(), "-".into(), "-".into()),
    }
}

fn in_stream(m: &ParkedMessage) -> String {
    match &m.availability {
        Some(Availability::InStream) => "yes".into(),
        Some(Availability::Expired(_)) => "no".into(),
        None => "-".into(),
    }
}

impl fmt::Display for ShowResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.messages.is_empty() {
            return writeln!(f, "no parked batches in {}", self.queue);
        }
        let mut t = report::table(&[
            "sent",
            "condition",
            "function error",
            "shard",
            "sequence range",
            "size",
            "in stream",
        ]);
        for m in &self.messages {
            let (shard, seq, size) = range(m);
            let b = m.batch.as_ref();
            t.add_row(vec![
                m.sent_at.clone().unwrap_or_else(|| "-".into()),
                b.map_or("unreadable".into(), |b| b.condition.clone()),
                b.and_then(|b| b.function_error.clone())
                    .unwrap_or_else(|| "-".into()),
                shard,
                seq,
                size,
                in_stream(m),
            ]);
        }
        writeln!(f, "{t}")?;
        writeln!(
            f,
            "{} parked batch(es) in {}",
            self.messages.len(),
            self.queue
        )?;
        for m in &self.messages {
            if let Some(Availability::Expired(why)) = &m.availability {
                writeln!(f, "  {}: not replayable: {why}", m.message_id)?;
            }
            if let Some(why) = &m.unreadable {
                writeln!(f, "  {}: {why}", m.message_id)?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for RedriveResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for m in &self.messages {
            let (shard, seq, _) = range(&m.message);
            let what = match m.outcome {
                Outcome::Replayed => format!(
                    "replayed {} record(s), message deleted",
                    m.records_sent.unwrap_or(0)
                ),
                Outcome::Failed => "replay failed, message kept".into(),
                Outcome::Expired => "records no longer in the stream, message kept".into(),
                Outcome::Discarded => "records no longer in the stream, message deleted".into(),
                Outcome::DryRun => format!(
                    "would {}",
                    match m.action {
                        crate::domain::dlq::verdict::Action::Replay => "replay",
                        crate::domain::dlq::verdict::Action::Keep => "keep (records gone)",
                        crate::domain::dlq::verdict::Action::Discard => "discard (records gone)",
                    }
                ),
            };
            writeln!(f, "{shard} {seq}: {what}")?;
            if let Some(d) = &m.detail {
                writeln!(f, "  {d}")?;
            }
        }
        let prefix = if self.dry_run {
            "dry run, nothing changed: "
        } else {
            ""
        };
        writeln!(
            f,
            "{prefix}{} replayed, {} failed, {} expired (kept), {} discarded",
            self.replayed, self.failed, self.expired, self.discarded
        )?;
        if self.expired > 0 && !self.dry_run {
            writeln!(f, "expired batches cannot be replayed; drop them with: zae-limiter dlq redrive --name {} --discard-expired", self.name)?;
        }
        Ok(())
    }
}
