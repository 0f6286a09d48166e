//! `limits export|plan|apply`: an entity's stored limits managed as a YAML
//! file (format in docs/operations.md, schema in schemas/limits.schema.json).

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use super::{OutputArgs, TargetArgs};
use crate::domain::limits::{Change, Plan};
use crate::error::{exit, Error, ErrorKind, Result};
use crate::ops::limits::apply::{self, ApplyOutcome};
use crate::ops::{audit, limits};
use crate::report::{self, OutputFormat};

/// Arguments of `limits`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

/// `limits export`, `limits plan` or `limits apply`.
#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Write every entity's metadata and stored limits as a limits file.
    Export(ExportArgs),
    /// Validate a limits file and show what apply would change; changes nothing (exit 10 when changes are pending).
    Plan(PlanArgs),
    /// Make the table's entities and limits match a limits file, with an audit event per change.
    Apply(ApplyArgs),
}

/// Arguments of `limits export`.
#[derive(Debug, clap::Args)]
struct ExportArgs {
    #[command(flatten)]
    target: TargetArgs,
    /// Write the file here instead of stdout.
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    out: Option<std::path::PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// The file and pruning, shared by plan and apply.
#[derive(Debug, clap::Args)]
struct FileArgs {
    /// The limits file (YAML).
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    file: std::path::PathBuf,
    /// Also remove limits and entity metadata that the file does not name (buckets and usage are kept).
    #[arg(long)]
    prune: bool,
}

/// Arguments of `limits plan`.
#[derive(Debug, clap::Args)]
struct PlanArgs {
    #[command(flatten)]
    target: TargetArgs,
    #[command(flatten)]
    file: FileArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Arguments of `limits apply`.
#[derive(Debug, clap::Args)]
struct ApplyArgs {
    #[command(flatten)]
    target: TargetArgs,
    #[command(flatten)]
    file: FileArgs,
    /// Do not ask for confirmation (required when stdin is not a terminal).
    #[arg(short = 'y', long)]
    yes: bool,
    /// Who to record in the audit events (default: the caller's identity from STS).
    #[arg(long, value_name = "NAME")]
    principal: Option<String>,
    #[command(flatten)]
    output: OutputArgs,
}

/// The export document.
#[derive(Debug, Serialize)]
pub struct ExportReport {
    /// Limiter name.
    pub name: String,
    /// Where the file was written (null: printed).
    pub file: Option<String>,
    /// Entities exported.
    pub entities: usize,
    /// Limits exported.
    pub limits: usize,
    /// The file's text.
    pub yaml: String,
}

impl fmt::Display for ExportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(p) => writeln!(
                f,
                "exported {} entities and {} limits of {} to {p}",
                self.entities, self.limits, self.name
            ),
            None => write!(f, "{}", self.yaml),
        }
    }
}

/// Counts of a plan's changes by kind.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Entities whose metadata is created.
    pub entities_created: usize,
    /// Entities whose name or parent changes.
    pub entities_updated: usize,
    /// Entities whose metadata is removed (`--prune`).
    pub entities_deleted: usize,
    /// Limits added.
    pub limits_added: usize,
    /// Limits changed.
    pub limits_changed: usize,
    /// Limits removed (`--prune`).
    pub limits_removed: usize,
}

impl Summary {
    fn of(plan: &Plan) -> Summary {
        let mut s = Summary::default();
        for c in &plan.changes {
            match c {
                Change::CreateEntity { .. } => s.entities_created += 1,
                Change::UpdateEntity { .. } => s.entities_updated += 1,
                Change::DeleteEntity { .. } => s.entities_deleted += 1,
                Change::AddLimit { .. } => s.limits_added += 1,
                Change::ChangeLimit { .. } => s.limits_changed += 1,
                Change::RemoveLimit { .. } => s.limits_removed += 1,
            }
        }
        s
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "entities: {} to create, {} to update, {} to delete; limits: {} to add, {} to change, {} to remove",
            self.entities_created,
            self.entities_updated,
            self.entities_deleted,
            self.limits_added,
            self.limits_changed,
            self.limits_removed
        )
    }
}

/// The plan document.
#[derive(Debug, Serialize)]
pub struct PlanReport {
    /// Limiter name.
    pub name: String,
    /// The limits file.
    pub file: String,
    /// Whether removals were planned (`--prune`).
    pub prune: bool,
    /// True when the table differs from the file (exit 10).
    pub changes_pending: bool,
    /// Counts by kind.
    pub summary: Summary,
    /// Every change, entity by entity.
    pub changes: Vec<Change>,
    /// Entities in the table that the file does not name, left alone.
    pub unmanaged_entities: usize,
    /// Limits in the table that the file does not name, left alone.
    pub unmanaged_limits: usize,
}

impl PlanReport {
    fn new(name: String, file: String, prune: bool, plan: Plan) -> PlanReport {
        PlanReport {
            name,
            file,
            prune,
            changes_pending: !plan.changes.is_empty(),
            summary: Summary::of(&plan),
            unmanaged_entities: plan.unmanaged_entities,
            unmanaged_limits: plan.unmanaged_limits,
            changes: plan.changes,
        }
    }
}

impl fmt::Display for PlanReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.changes_pending {
            writeln!(f, "no changes: {} matches {}", self.name, self.file)?;
        } else {
            for c in &self.changes {
                writeln!(f, "{c}")?;
            }
            writeln!(f, "{}", self.summary)?;
        }
        if self.unmanaged_entities + self.unmanaged_limits > 0 {
            writeln!(
                f,
                "left alone (not in the file; --prune removes them): {} entities, {} limits",
                self.unmanaged_entities, self.unmanaged_limits
            )?;
        }
        Ok(())
    }
}

/// The apply document.
#[derive(Debug, Serialize)]
pub struct ApplyReport {
    /// What was planned.
    #[serde(flatten)]
    pub plan: PlanReport,
    /// Who the audit events name.
    pub principal: Option<String>,
    /// What was written.
    pub applied: ApplyOutcome,
}

impl fmt::Display for ApplyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.plan.changes_pending {
            return write!(f, "{}", self.plan);
        }
        writeln!(
            f,
            "applied {} changes to {} entities of {} ({} audit events as {})",
            self.applied.changes_written,
            self.applied.entities_written,
            self.plan.name,
            self.applied.audit_events_written,
            self.principal.as_deref().unwrap_or("-")
        )?;
        if !self.applied.conflicts.is_empty() {
            writeln!(
                f,
                "not applied, changed since the plan was read: {}",
                self.applied.conflicts.join(", ")
            )?;
        }
        Ok(())
    }
}

fn read_file(path: &std::path::Path) -> Result<(String, String)> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::new(ErrorKind::Usage, format!("cannot read {shown}: {e}")).hint(
            "pass the limits file with -f FILE; `zae-limiter limits export -o FILE` writes one",
        )
    })?;
    Ok((shown, text))
}

impl Args {
    /// Runs `limits export|plan|apply`.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        match self.action {
            Action::Export(a) => a.run().await,
            Action::Plan(a) => a.run().await,
            Action::Apply(a) => a.run().await,
        }
    }
}

impl ExportArgs {
    async fn run(self) -> Result<i32> {
        let aws = self.target.aws().await?;
        let (yaml, entities, limits) = limits::export(&aws, &self.target.name.table()).await?;
        if let Some(p) = &self.out {
            std::fs::write(p, &yaml).map_err(|e| {
                Error::failure(format!("cannot write {}: {e}", p.display()))
                    .hint("check the directory exists and is writable")
            })?;
        }
        let doc = ExportReport {
            name: self.target.name.to_string(),
            file: self.out.map(|p| p.display().to_string()),
            entities,
            limits,
            yaml,
        };
        report::emit(self.output.output, &doc)?;
        Ok(exit::OK)
    }
}

impl PlanArgs {
    async fn run(self) -> Result<i32> {
        let (path, text) = read_file(&self.file.file)?;
        limits::check_syntax(&path, &text)?;
        let aws = self.target.aws().await?;
        let table = self.target.name.table();
        let prepared = limits::prepare(&aws, &table, &path, &text, self.file.prune).await?;
        let doc = PlanReport::new(
            self.target.name.to_string(),
            path,
            self.file.prune,
            prepared.plan,
        );
        report::emit(self.output.output, &doc)?;
        Ok(if doc.changes_pending {
            exit::CHANGES_PENDING
        } else {
            exit::OK
        })
    }
}

impl ApplyArgs {
    async fn run(self) -> Result<i32> {
        let (path, text) = read_file(&self.file.file)?;
        limits::check_syntax(&path, &text)?;
        if !self.yes && !report::stdin_is_terminal() {
            return Err(Error::failure(format!(
                "refusing to apply {path} without confirmation: stdin is not a terminal"
            ))
            .hint("pass --yes to confirm in scripts (run `limits plan` first to review)"));
        }
        let aws = self.target.aws().await?;
        let table = self.target.name.table();
        let name = self.target.name.to_string();
        let prepared = limits::prepare(&aws, &table, &path, &text, self.file.prune).await?;
        let plan_doc = PlanReport::new(
            name.clone(),
            path.clone(),
            self.file.prune,
            prepared.plan.clone(),
        );
        if prepared.plan.changes.is_empty() {
            let doc = ApplyReport {
                plan: plan_doc,
                principal: None,
                applied: ApplyOutcome::default(),
            };
            report::emit(self.output.output, &doc)?;
            return Ok(exit::OK);
        }
        let principal = audit::principal(&aws, self.principal.as_deref()).await?;
        // The plan goes to stderr so that stdout stays the one result document.
        eprint!("{plan_doc}");
        if !self.yes && !report::confirm(&format!("apply these changes to {name}?")) {
            report::note("nothing changed");
            return Ok(exit::FAILURE);
        }
        // The test seam exists only in debug builds.
        #[cfg(debug_assertions)]
        crate::test_hook::pause_before_limits_write().await;
        let entities = prepared.plan.by_entity().len() as u64;
        let bar = crate::report::progress::counter(entities, "applying");
        let tick = bar.clone();
        let applied = apply::apply(
            &aws,
            &table,
            &prepared.plan,
            &prepared.before,
            &principal,
            Arc::new(move |n| tick.set_position(n)),
        )
        .await;
        bar.finish_and_clear();
        let applied = applied?;
        let conflicts = applied.conflicts.clone();
        let doc = ApplyReport {
            plan: plan_doc,
            principal: Some(principal),
            applied,
        };
        if self.output.output == OutputFormat::Json || conflicts.is_empty() {
            report::emit(self.output.output, &doc)?;
        }
        if !conflicts.is_empty() {
            return Err(Error::failure(format!(
                "{} entit{} changed in the table since the plan was read and {} not written: {} ({} other entities were applied)",
                conflicts.len(),
                if conflicts.len() == 1 { "y" } else { "ies" },
                if conflicts.len() == 1 { "was" } else { "were" },
                conflicts.join(", "),
                doc.applied.entities_written
            ))
            .hint(format!("review with `zae-limiter limits plan --name {name} -f {path}`, then apply again")));
        }
        Ok(exit::OK)
    }
}
