//! A fleet rollout (`upgrade --all --waves`): region by region, the stacks that need
//! this tool's release are upgraded in waves; after each wave a bake time passes and
//! a health gate judges every stack of the wave; the first unhealthy wave is rolled
//! back and the rollout stops. A lease item in each table keeps two rollouts off one
//! stack. Gather → decide (`domain::rollout`) → act, with a report at the end.

pub mod bake;
pub mod result;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::aws::Aws;
use crate::domain::compat;
use crate::domain::naming::{LimiterName, PREFIX};
use crate::domain::rollout::gate;
use crate::domain::rollout::lease::{self, Lease, Take};
use crate::domain::rollout::standing::{standing, Standing};
use crate::domain::rollout::waves::{self, WaveTarget};
use crate::error::{Error, ErrorKind, Result};
use crate::ops::{deployed, fleet, rollback, rollout_lease, upgrade};
use crate::report;
use result::{Before, RegionRollout, Rollout, StackOutcome, Wave};

/// How the rollout runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Cumulative wave targets.
    pub waves: Vec<WaveTarget>,
    /// Only these limiters (empty: all).
    pub select: Vec<String>,
    /// Leave these out.
    pub exclude: Vec<String>,
    /// This one goes first, alone.
    pub canary: Option<String>,
    /// Wait this long after a wave before judging it.
    pub bake: Duration,
    /// How many stacks of a wave are upgraded at once.
    pub concurrency: usize,
    /// Print the plan only.
    pub plan_only: bool,
    /// Roll a failed wave back (`--no-rollback` turns it off).
    pub rollback: bool,
    /// The upgrade each stack gets.
    pub upgrade: upgrade::Flags,
}

/// Stops starting new work on the first Ctrl-C/SIGTERM; what runs finishes.
fn stop_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let set = flag.clone();
    tokio::spawn(async move {
        crate::interrupt::signal().await;
        report::note("interrupted: finishing the stacks in flight, starting no more; run the same command again to continue");
        set.store(true, Ordering::SeqCst);
    });
    flag
}

/// Who runs this rollout, for other runs' refusal messages.
fn owner() -> String {
    let user = std::env::var("USER").unwrap_or_else(|_| "someone".into());
    let host = std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "a host".into());
    format!("{user}@{host} pid {}", std::process::id())
}

/// Runs the rollout over `regions` (each an AWS configuration), stopping at the
/// first region whose rollout does not complete.
pub async fn run(regions: Vec<Aws>, opts: &Options) -> Result<Rollout> {
    let stop = stop_flag();
    let holder = format!(
        "{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    );
    let mut out = Rollout {
        verdict: if opts.plan_only {
            "planned".into()
        } else {
            "completed".into()
        },
        bake_seconds: opts.bake.as_secs(),
        regions: vec![],
    };
    let mut halted = false;
    for aws in regions {
        if halted {
            out.regions.push(RegionRollout {
                region: aws.region.clone(),
                before: vec![],
                waves: vec![],
                verdict: "not_started".into(),
            });
            continue;
        }
        let r = region(&aws, opts, &holder, &stop).await?;
        if !matches!(r.verdict.as_str(), "completed" | "planned") {
            out.verdict = r.verdict.clone();
            halted = true;
        }
        out.regions.push(r);
    }
    Ok(out)
}

/// Reads each stack's standing (concurrently, bounded).
async fn survey(aws: &Aws, concurrency: usize) -> Result<Vec<(Before, Option<Lease>)>> {
    let found = fleet::discover(aws).await?;
    let rows = fleet::bounded(found, concurrency.max(4), {
        let aws = aws.clone();
        move |s| {
            let aws = aws.clone();
            async move {
                let name = s.stack.trim_start_matches(PREFIX).to_string();
                let mut before = Before {
                    name: name.clone(),
                    stack_status: s.status.clone(),
                    lambda_version: None,
                    schema_version: None,
                    standing: "refused",
                    reason: String::new(),
                };
                let Ok(limiter) = LimiterName::parse(&name) else {
                    before.reason = "not a valid limiter name".into();
                    return (before, None);
                };
                let table = limiter.table();
                let (facts, held) = tokio::join!(
                    deployed::gather(&aws, &limiter),
                    rollout_lease::read(&aws, &table)
                );
                let facts = match facts {
                    Ok(f) => f,
                    Err(e) => {
                        before.reason = format!("could not be read: {}", e.message);
                        return (before, None);
                    }
                };
                if let Some(r) = facts.version_record() {
                    before.lambda_version = r.lambda_version.clone();
                    before.schema_version = Some(r.schema_version.clone());
                }
                let verdict = compat::verdict(
                    &compat::tool_version(),
                    &compat::tool_schema(),
                    &facts.deployed(),
                );
                match standing(&name, &s.status, &verdict) {
                    Standing::Candidate => before.standing = "candidate",
                    Standing::Current => before.standing = "current",
                    Standing::Refused(why) => before.reason = why,
                }
                (before, held.ok().flatten())
            }
        }
    })
    .await;
    Ok(rows)
}

async fn region(
    aws: &Aws,
    opts: &Options,
    holder: &str,
    stop: &Arc<AtomicBool>,
) -> Result<RegionRollout> {
    let surveyed = survey(aws, opts.concurrency).await?;
    let now = chrono::Utc::now().timestamp();
    // A stack current but left `upgrading`/`baking` by a run that was interrupted or
    // lost (its lease expired or released) was never judged: it is judged again,
    // first, so that a rerun leaves it healthy or rolled back.
    let resume: HashMap<String, bool> = surveyed
        .iter()
        .filter_map(|(b, l)| {
            let l = l.as_ref()?;
            (b.standing == "current"
                && matches!(l.state.as_str(), "upgrading" | "baking")
                && lease::may_take(Some(l), holder, now) == Take::Free)
                .then(|| (b.name.clone(), l.published))
        })
        .collect();
    let mut before: Vec<Before> = surveyed.into_iter().map(|(b, _)| b).collect();
    before.sort_by(|a, b| a.name.cmp(&b.name));
    let candidates: Vec<String> = before
        .iter()
        .filter(|b| b.standing == "candidate" || resume.contains_key(&b.name))
        .map(|b| b.name.clone())
        .collect();
    // Names are checked against the whole fleet (a typo is an error), then only the
    // stacks to upgrade stay, in that order (a canary already current just goes).
    let all: Vec<String> = before.iter().map(|b| b.name.clone()).collect();
    let order: Vec<String> =
        waves::order(&all, &opts.select, &opts.exclude, opts.canary.as_deref())
            .map_err(|e| {
                Error::new(ErrorKind::Usage, format!("{}: {e}", aws.region))
                    .hint("`zae-limiter list` shows the limiters of the region")
            })?
            .into_iter()
            .filter(|n| candidates.contains(n))
            .collect();
    // The report (and the refusals that decide the exit code) covers the stacks the
    // rollout was asked about: --select and --exclude narrow it.
    before.retain(|b| {
        (opts.select.is_empty() || opts.select.contains(&b.name)) && !opts.exclude.contains(&b.name)
    });
    let planned = waves::plan_waves(&order, &opts.waves);
    let mut waves_out: Vec<Wave> = planned
        .iter()
        .enumerate()
        .map(|(i, names)| Wave {
            number: i + 1,
            stacks: names
                .iter()
                .map(|n| StackOutcome {
                    name: n.clone(),
                    outcome: "planned".into(),
                    from: before
                        .iter()
                        .find(|b| &b.name == n)
                        .and_then(|b| b.lambda_version.clone()),
                    to: None,
                    seconds: 0.0,
                    health: None,
                    backup_arn: None,
                    detail: if resume.contains_key(n) {
                        "upgraded by an earlier run that stopped before its health gate: judged again".into()
                    } else {
                        String::new()
                    },
                })
                .collect(),
            gate: "planned".into(),
        })
        .collect();
    let mut r = RegionRollout {
        region: aws.region.clone(),
        before,
        waves: vec![],
        verdict: if opts.plan_only {
            "planned".into()
        } else {
            "completed".into()
        },
    };
    if opts.plan_only {
        r.waves = waves_out;
        return Ok(r);
    }
    let total = waves_out.len();
    for (i, wave) in waves_out.iter_mut().enumerate() {
        if r.verdict != "completed" {
            wave.gate = "not_reached".into();
            continue;
        }
        if stop.load(Ordering::SeqCst) {
            wave.gate = "not_reached".into();
            r.verdict = "interrupted".into();
            continue;
        }
        report::note(format!(
            "{}: wave {}/{total}: {}",
            aws.region,
            i + 1,
            wave.stacks
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        run_wave(aws, opts, holder, stop, &resume, wave).await;
        r.verdict = match wave.gate.as_str() {
            "passed" => "completed".into(),
            "interrupted" => "interrupted".into(),
            "failed" if wave.stacks.iter().any(|s| s.outcome == "failed") => "failed".into(),
            _ => "stopped".into(),
        };
    }
    r.waves = waves_out;
    Ok(r)
}

/// Upgrades one wave, bakes, judges, and rolls it back when the gate fails.
async fn run_wave(
    aws: &Aws,
    opts: &Options,
    holder: &str,
    stop: &Arc<AtomicBool>,
    resume: &HashMap<String, bool>,
    wave: &mut Wave,
) {
    let wave_started = chrono::Utc::now().timestamp();
    // The lease lasts through the upgrade and the bake, with a margin.
    let hold_for = opts.upgrade.timeout.as_secs() as i64 + opts.bake.as_secs() as i64 + 300;
    let names: Vec<StackOutcome> = std::mem::take(&mut wave.stacks);
    let shared = Arc::new((
        aws.clone(),
        opts.clone(),
        holder.to_string(),
        stop.clone(),
        resume.clone(),
    ));
    let upgraded = fleet::bounded(names, opts.concurrency, move |mut s| {
        let shared = shared.clone();
        async move {
            let (aws, opts, holder, stop, resume) = &*shared;
            let Ok(name) = LimiterName::parse(&s.name) else {
                s.outcome = "failed".into();
                return (s, None);
            };
            if stop.load(Ordering::SeqCst) {
                s.outcome = "interrupted".into();
                s.detail = "not started: interrupted".into();
                return (s, None);
            }
            let now = chrono::Utc::now().timestamp();
            let resumed = resume.get(&s.name).copied();
            let mine = Lease {
                holder: holder.clone(),
                owner: owner(),
                expires_at: now + hold_for,
                state: if resumed.is_some() {
                    "baking"
                } else {
                    "upgrading"
                }
                .into(),
                target_version: compat::tool_version().to_string(),
                published: resumed.unwrap_or(false),
            };
            match rollout_lease::take(aws, &name.table(), &mine, now).await {
                Ok(Take::Free) => {}
                Ok(Take::Held(other)) => {
                    s.outcome = "held".into();
                    s.detail = lease::held_message(&name.stack(), &other, now);
                    return (s, None);
                }
                Err(e) => {
                    s.outcome = "failed".into();
                    s.detail = format!("could not take the rollout lease: {}", e.message);
                    return (s, None);
                }
            }
            let dlq_before = bake::dlq_depth(aws, &name).await;
            if let Some(published) = resumed {
                // Upgraded by a run that stopped before its gate: judged now.
                s.outcome = "upgraded".into();
                s.to = Some(compat::tool_version().to_string());
                return (s, Some((dlq_before, published, false)));
            }
            let started = Instant::now();
            let upgraded = upgrade::upgrade_one(aws, &name, &opts.upgrade).await;
            report::note(format!(
                "{}: {}: {} ({})",
                aws.region,
                s.name,
                match &upgraded {
                    Ok(_) => "upgraded".to_string(),
                    Err(e) => format!("failed: {}", e.message),
                },
                report::human_secs(started.elapsed().as_secs_f64())
            ));
            match upgraded {
                Ok(u) if u.action == "unchanged" => {
                    // Another run finished it between our survey and our lease.
                    s.seconds = started.elapsed().as_secs_f64();
                    s.outcome = "unchanged".into();
                    s.to = u.lambda_version.clone();
                    s.detail = u.notes.join("; ");
                    let _ = rollout_lease::release(aws, &name.table(), holder).await;
                    (s, None)
                }
                Ok(u) => {
                    s.seconds = started.elapsed().as_secs_f64();
                    s.outcome = "upgraded".into();
                    s.to = u.lambda_version.clone();
                    s.backup_arn = u.backup_arn.clone();
                    let mut d = vec![];
                    if u.stack_updated {
                        d.push("stack updated".to_string());
                    }
                    if let Some(v) = u.release.published_version {
                        d.push(format!("live → version {v}"));
                    }
                    if u.record_written {
                        d.push("record written".into());
                    }
                    s.detail = d.join(", ");
                    let baking = Lease {
                        state: "baking".into(),
                        published: u.release.published_version.is_some(),
                        ..mine
                    };
                    let _ = rollout_lease::take(aws, &name.table(), &baking, now).await;
                    (
                        s,
                        Some((
                            dlq_before,
                            u.release.published_version.is_some(),
                            u.stack_updated,
                        )),
                    )
                }
                Err(e) => {
                    s.seconds = started.elapsed().as_secs_f64();
                    s.outcome = "failed".into();
                    s.detail = e.message.clone();
                    let _ = rollout_lease::release(aws, &name.table(), holder).await;
                    (s, None)
                }
            }
        }
    })
    .await;

    let any_failed = upgraded.iter().any(|(s, _)| s.outcome == "failed");
    if !any_failed && !opts.bake.is_zero() {
        bake_wait(opts.bake, stop).await;
    }
    if stop.load(Ordering::SeqCst) {
        // Leave the upgraded stacks' leases as `baking`, expired now, so that a rerun
        // judges them first.
        for (s, done) in &upgraded {
            if let (Some((_, published, _)), Ok(name)) = (done, LimiterName::parse(&s.name)) {
                expire_now(aws, &name, holder, *published).await;
            }
        }
        wave.stacks = upgraded.into_iter().map(|(s, _)| s).collect();
        wave.gate = "interrupted".into();
        return;
    }
    // Judge every upgraded stack, concurrently.
    let judged = futures_join_all(upgraded.into_iter().map(|(mut s, done)| {
        let aws = aws.clone();
        async move {
            if let (Some((dlq_before, _, _)), Ok(name)) = (done, LimiterName::parse(&s.name)) {
                let facts = bake::facts(&aws, &name, wave_started, dlq_before).await;
                s.health = Some(gate::judge(&facts));
            }
            (s, done)
        }
    }))
    .await;
    let unhealthy = any_failed
        || judged
            .iter()
            .any(|(s, _)| s.health.as_ref().is_some_and(|h| !h.healthy));
    if !unhealthy {
        for (s, _) in &judged {
            if let Ok(name) = LimiterName::parse(&s.name) {
                let _ = rollout_lease::release(aws, &name.table(), holder).await;
            }
        }
        wave.stacks = judged.into_iter().map(|(s, _)| s).collect();
        wave.gate = "passed".into();
        return;
    }
    let mut stacks = Vec::new();
    for (mut s, done) in judged {
        let Ok(name) = LimiterName::parse(&s.name) else {
            stacks.push(s);
            continue;
        };
        if let (Some((_, published, stack_updated)), true) = (done, opts.rollback) {
            roll_back(aws, &name, published, stack_updated, &mut s).await;
        }
        let _ = rollout_lease::release(aws, &name.table(), holder).await;
        stacks.push(s);
    }
    wave.stacks = stacks;
    wave.gate = "failed".into();
}

/// Rolls one upgraded stack of a failed wave back: the aggregator to the version
/// before (the existing rollback); a template change cannot be undone by the tool,
/// so it is reported with the backup taken before it.
async fn roll_back(
    aws: &Aws,
    name: &LimiterName,
    published: bool,
    stack_updated: bool,
    s: &mut StackOutcome,
) {
    let mut notes = vec![];
    if published {
        let done = async {
            let planned = rollback::plan(aws, name, None).await?;
            rollback::apply(aws, name, planned).await
        }
        .await;
        match done {
            Ok(r) => {
                s.outcome = "rolled_back".into();
                s.to = Some(r.record_lambda_after.clone());
                notes.push(format!("live back to version {}", r.after.version));
            }
            Err(e) => {
                s.outcome = "rollback_failed".into();
                notes.push(format!("rollback failed: {}", e.message));
            }
        }
    } else {
        s.outcome = "rolled_back".into();
        notes.push("no new aggregator version was published: nothing to move back".into());
    }
    if stack_updated {
        notes.push(format!(
            "the stack's template change stays (CloudFormation cannot be rolled back by the tool){}",
            s.backup_arn
                .as_deref()
                .map(|b| format!("; backup taken before it: {b}"))
                .unwrap_or_default()
        ));
    }
    let reasons = s
        .health
        .as_ref()
        .map(|h| h.reasons.join("; "))
        .unwrap_or_default();
    s.detail = [reasons, notes.join("; ")]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(" — ");
}

/// Marks an upgraded stack's lease as expired now, state `baking`: a rerun judges it.
async fn expire_now(aws: &Aws, name: &LimiterName, holder: &str, published: bool) {
    let now = chrono::Utc::now().timestamp();
    let lease = Lease {
        holder: holder.to_string(),
        owner: owner(),
        expires_at: now,
        state: "baking".into(),
        target_version: compat::tool_version().to_string(),
        published,
    };
    let _ = rollout_lease::take(aws, &name.table(), &lease, now).await;
}

/// Waits out the bake, with a countdown on a terminal; an interruption ends it early
/// (the wave is then left for a rerun to judge).
async fn bake_wait(bake: Duration, stop: &Arc<AtomicBool>) {
    let bar = report::stderr_is_terminal().then(|| {
        report::progress::spinner(format!("baking {}", report::human_secs(bake.as_secs_f64())))
    });
    let until = Instant::now() + bake;
    while Instant::now() < until && !stop.load(Ordering::SeqCst) {
        if let Some(b) = &bar {
            let left = until.saturating_duration_since(Instant::now());
            b.set_message(format!(
                "baking: {} left",
                report::human_secs(left.as_secs_f64())
            ));
        }
        tokio::time::sleep(Duration::from_millis(200).min(bake)).await;
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
}

/// Runs futures concurrently and keeps their order.
async fn futures_join_all<F, T>(futs: impl Iterator<Item = F>) -> Vec<T>
where
    F: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let handles: Vec<_> = futs.map(tokio::spawn).collect();
    let mut out = Vec::with_capacity(handles.len());
    for h in handles {
        if let Ok(v) = h.await {
            out.push(v);
        }
    }
    out
}
