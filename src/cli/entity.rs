//! `entity show|verify|reset`: what the table holds for one entity, its
//! integrity, and deleting its buckets so the client recreates them full.

use std::fmt;
use std::io::Write;

use super::{OutputArgs, TargetArgs};
use crate::error::{exit, Error, ErrorKind, Result};
use crate::ops::entity::reset::{self, Mode, ResetResult};
use crate::ops::entity::show::{self, EntityView};
use crate::ops::entity::verify::{self, VerifyReport};
use crate::report;

/// The entity subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Metadata, parents, children, stored limits, buckets with tokens available now, latest usage.
    Show(ShowArgs),
    /// Check the entity's items for integrity problems; exit 0 healthy, 7 warnings, 8 critical, 9 missing.
    Verify(VerifyArgs),
    /// Delete the entity's bucket items (the client recreates them full); nothing else is touched.
    Reset(ResetArgs),
}

/// Which entity of which limiter.
#[derive(Debug, clap::Args)]
pub struct EntityArgs {
    #[command(flatten)]
    target: TargetArgs,
    /// The entity id (as the client library names it).
    #[arg(long, value_name = "ID", value_parser = entity_id)]
    pub entity: String,
}

/// Arguments of `entity show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    #[command(flatten)]
    which: EntityArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Arguments of `entity verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    which: EntityArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Arguments of `entity reset`.
#[derive(Debug, clap::Args)]
pub struct ResetArgs {
    #[command(flatten)]
    which: EntityArgs,
    /// Only buckets of this resource.
    #[arg(long, value_name = "RESOURCE", value_parser = key_part)]
    pub resource: Option<String>,
    /// Only buckets of this limit name.
    #[arg(long, value_name = "LIMIT", value_parser = key_part)]
    pub limit: Option<String>,
    /// Print what would be deleted; delete nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Delete without asking (required when stdin is not a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Who the audit event names (default: the caller's identity from STS).
    #[arg(long, value_name = "NAME")]
    pub principal: Option<String>,
    #[command(flatten)]
    output: OutputArgs,
}

fn entity_id(s: &str) -> std::result::Result<String, String> {
    if s.trim().is_empty() {
        Err("must not be empty".into())
    } else {
        Ok(s.to_string())
    }
}

/// Resources and limit names end at `#` in the key, so they cannot hold one.
fn key_part(s: &str) -> std::result::Result<String, String> {
    if s.trim().is_empty() {
        Err("must not be empty".into())
    } else if s.contains('#') {
        Err("must not contain `#` (it separates the parts of a bucket's key)".into())
    } else {
        Ok(s.to_string())
    }
}

fn not_found(name: &str, entity: &str, buckets: usize) -> Error {
    let e = Error::new(
        ErrorKind::EntityNotFound,
        format!("entity `{entity}` has no metadata (#META) in limiter {name}"),
    );
    if buckets > 0 {
        e.hint(format!(
            "{buckets} bucket item(s) exist without metadata: create the entity with the client, \
             or delete them with: zae-limiter entity reset --name {name} --entity {entity}"
        ))
    } else {
        e.hint("check the entity id (it is case-sensitive) and --name")
    }
}

fn deploy_hint(name: &str) -> impl Fn(Error) -> Error + '_ {
    move |e| match e.kind {
        ErrorKind::NotDeployed => e.hint(format!(
            "check --name and --region; deploy it with: zae-limiter deploy --name {name}"
        )),
        _ => e,
    }
}

impl Command {
    /// Runs the chosen entity subcommand.
    pub async fn run(self, verbose: u8) -> Result<i32> {
        match self {
            Command::Show(a) => a.run(verbose).await,
            Command::Verify(a) => a.run(verbose).await,
            Command::Reset(a) => a.run(verbose).await,
        }
    }
}

impl ShowArgs {
    /// Runs `entity show`.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let aws = self.which.target.aws().await?;
        let name = &self.which.target.name;
        let view = show::show(&aws, &name.to_string(), &name.table(), &self.which.entity)
            .await
            .map_err(deploy_hint(&name.to_string()))?;
        report::emit(self.output.output, &view)?;
        if !view.found {
            return Err(not_found(&view.name, &view.entity, view.buckets.len()));
        }
        Ok(exit::OK)
    }
}

impl VerifyArgs {
    /// Runs `entity verify`.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let aws = self.which.target.aws().await?;
        let name = &self.which.target.name;
        let rep = verify::verify(&aws, &name.to_string(), &name.table(), &self.which.entity)
            .await
            .map_err(deploy_hint(&name.to_string()))?;
        if !rep.found {
            return Err(not_found(&rep.name, &rep.entity, rep.orphan_buckets));
        }
        report::emit(self.output.output, &rep)?;
        Ok(match rep.worst {
            None => exit::OK,
            Some(crate::domain::entity::integrity::Severity::Warning) => exit::WARNINGS,
            Some(crate::domain::entity::integrity::Severity::Critical) => exit::CRITICAL,
        })
    }
}

impl ResetArgs {
    /// Runs `entity reset`.
    pub async fn run(self, _verbose: u8) -> Result<i32> {
        let name = self.which.target.name.to_string();
        let entity = self.which.entity.clone();
        // Refused before any AWS call: nothing can be deleted unasked.
        if !self.dry_run && !self.yes && !report::stdin_is_terminal() {
            return Err(Error::failure(format!(
                "refusing to delete the buckets of entity `{entity}` without confirmation: stdin is not a terminal"
            ))
            .hint(format!(
                "pass --yes to delete, or --dry-run to see what would be deleted: \
                 zae-limiter entity reset --name {name} --entity {entity} --dry-run"
            )));
        }
        let aws = self.which.target.aws().await?;
        let yes = self.yes;
        let mode = if self.dry_run {
            Mode::DryRun
        } else {
            Mode::Confirm(Box::new(move |plan: &ResetResult| {
                if yes {
                    return Ok(true);
                }
                ask(plan)
            }))
        };
        let table = self.which.target.name.table();
        let target = reset::Target {
            name: &name,
            table: &table,
            entity: &entity,
            resource: self.resource.as_deref(),
            limit: self.limit.as_deref(),
            principal: self.principal.as_deref(),
        };
        let result = reset::reset(&aws, target, mode)
            .await
            .map_err(deploy_hint(&name))?;
        report::emit(self.output.output, &result)?;
        Ok(exit::OK)
    }
}

/// Shows the plan on stderr and reads y/N from the terminal.
fn ask(plan: &ResetResult) -> Result<bool> {
    let mut err = std::io::stderr();
    writeln!(err, "{}", Planned(plan))?;
    write!(
        err,
        "Delete these {} bucket(s) of entity `{}`? [y/N] ",
        plan.planned.len(),
        plan.entity
    )?;
    err.flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}

/// The plan as a table.
struct Planned<'a>(&'a ResetResult);

impl fmt::Display for Planned<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = report::table(&["resource", "limit", "available before"]);
        for b in &self.0.planned {
            t.add_row(vec![
                b.resource.clone(),
                b.limit.clone(),
                b.available_before.map_or("?".into(), |v| v.to_string()),
            ]);
        }
        write!(f, "{t}")
    }
}

fn opt<T: fmt::Display>(v: &Option<T>) -> String {
    v.as_ref().map_or("-".into(), |x| x.to_string())
}

impl fmt::Display for ResetResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.planned.is_empty() {
            return writeln!(
                f,
                "no bucket of entity {} matches; nothing deleted",
                self.entity
            );
        }
        writeln!(f, "{}", Planned(self))?;
        if self.dry_run {
            writeln!(
                f,
                "dry run: {} bucket(s) would be deleted; nothing deleted",
                self.planned.len()
            )
        } else if self.deleted.is_empty() {
            writeln!(f, "declined: nothing deleted")
        } else {
            writeln!(
                f,
                "deleted {} bucket(s) of entity {} in {} request(s); the client recreates them full on the next acquire",
                self.deleted.len(),
                self.entity,
                self.requests
            )
        }
    }
}

impl fmt::Display for EntityView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "entity {} in {} (at {})",
            self.entity, self.name, self.computed_at
        )?;
        match &self.metadata {
            None => writeln!(f, "  metadata: MISSING")?,
            Some(m) => {
                writeln!(f, "  name:     {}", opt(&m.name))?;
                writeln!(f, "  parent:   {}", opt(&m.parent))?;
                writeln!(f, "  cascade:  {}", opt(&m.cascade))?;
                writeln!(f, "  created:  {}", opt(&m.created_at))?;
                let mut chain = self.parents.join(" -> ");
                if chain.is_empty() {
                    chain = "(root)".into();
                }
                writeln!(f, "  chain:    {chain} [{}]", chain_end(&self.chain_end))?;
            }
        }
        writeln!(
            f,
            "  children: {}",
            if self.children.is_empty() {
                "-".to_string()
            } else {
                self.children.join(", ")
            }
        )?;
        if !self.limits.is_empty() {
            let mut t = report::table(&["resource", "limit", "capacity", "burst", "refill"]);
            for l in &self.limits {
                t.add_row(vec![
                    l.resource.clone(),
                    l.limit.clone(),
                    opt(&l.capacity),
                    opt(&l.burst),
                    format!(
                        "{} / {} s",
                        opt(&l.refill_amount),
                        opt(&l.refill_period_seconds)
                    ),
                ]);
            }
            writeln!(f, "stored limits:\n{t}")?;
        }
        if self.buckets.is_empty() {
            writeln!(f, "buckets: none")?;
        } else {
            let mut t = report::table(&[
                "resource",
                "limit",
                "available",
                "capacity",
                "burst",
                "refill",
                "full in",
            ]);
            for b in &self.buckets {
                t.add_row(vec![
                    b.resource.clone(),
                    b.limit.clone(),
                    opt(&b.available),
                    opt(&b.capacity),
                    opt(&b.burst),
                    format!(
                        "{} / {} s",
                        opt(&b.refill_amount),
                        opt(&b.refill_period_seconds)
                    ),
                    b.full_in_seconds
                        .map_or("never".into(), |s| format!("{s:.1} s")),
                ]);
            }
            writeln!(f, "buckets ({}):\n{t}", self.buckets.len())?;
        }
        if !self.usage.is_empty() {
            let mut t = report::table(&["resource", "window", "window start", "limit", "consumed"]);
            for r in &self.usage {
                t.add_row(vec![
                    r.resource.clone(),
                    r.window.clone(),
                    r.window_start.clone(),
                    r.limit.clone(),
                    r.consumed_exact.clone(),
                ]);
            }
            writeln!(f, "latest usage:\n{t}")?;
        }
        Ok(())
    }
}

fn chain_end(end: &crate::domain::entity::chain::ChainEnd) -> String {
    use crate::domain::entity::chain::ChainEnd;
    match end {
        ChainEnd::Root => "ends at a root".into(),
        ChainEnd::MissingParent(p) => format!("BROKEN: parent {p} missing"),
        ChainEnd::Cycle(p) => format!("BROKEN: cycle back to {p}"),
        ChainEnd::TooDeep => "BROKEN: too deep".into(),
    }
}

impl fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.findings.is_empty() {
            return writeln!(
                f,
                "entity {} is healthy: {} bucket(s), {} stored limit(s), {} parent(s) checked",
                self.entity, self.buckets_checked, self.limits_checked, self.parents_checked
            );
        }
        for x in &self.findings {
            let sev = match x.severity {
                crate::domain::entity::integrity::Severity::Warning => "WARNING",
                crate::domain::entity::integrity::Severity::Critical => "CRITICAL",
            };
            writeln!(f, "{sev} [{}] {}: {}", x.check, x.subject, x.problem)?;
            writeln!(f, "  remedy: {}", x.remedy)?;
        }
        writeln!(
            f,
            "{} problem(s) in entity {}: {} bucket(s), {} stored limit(s), {} parent(s) checked",
            self.findings.len(),
            self.entity,
            self.buckets_checked,
            self.limits_checked,
            self.parents_checked
        )
    }
}
