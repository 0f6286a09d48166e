//! A fleet rollout (`upgrade --all`): region by region, the stacks that need this
//! tool's release are upgraded in waves; after each wave a bake time passes and a
//! health gate judges every stack of the wave; the first unhealthy wave is rolled
//! back and the rollout stops. A lease item in each table keeps two rollouts off one
//! stack. Gather (every region first) → decide (`domain::rollout`) → act → report.

pub mod bake;
pub mod result;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::aws::Aws;
use crate::domain::compat;
use crate::domain::naming::{LimiterName, PREFIX};
use crate::domain::release::versions::Live;
use crate::domain::rollout::gate;
use crate::domain::rollout::lease::{self, Lease, Take};
use crate::domain::rollout::standing::{standing, Standing};
use crate::domain::rollout::waves::{self, WaveTarget};
use crate::error::{Error, ErrorKind, Result};
use crate::ops::{deployed, fleet, function_versions, rollback, rollout_lease, upgrade};
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

/// What is known of a stack once its upgrade is done, for the gate and a rollback.
#[derive(Debug, Clone, Copy)]
struct Done {
    /// Visible DLQ messages when its upgrade started.
    dlq_before: Option<i64>,
    /// Where `live` pointed before the upgrade (what a rollback returns to).
    previous_live: Option<u64>,
    /// Whether `live` moved (a new version was published and made live).
    moved: bool,
    /// Whether the stack's template or parameters changed (not undone by the tool).
    stack_updated: bool,
    /// When the upgrade finished (epoch seconds): the gate's metric window starts here.
    finished_at: i64,
}

/// Stops starting new work on the first Ctrl-C, SIGTERM or SIGHUP (a lost
/// terminal); what runs finishes.
fn stop_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let set = flag.clone();
    tokio::spawn(async move {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            if let Ok(mut hup) = signal(SignalKind::hangup()) {
                tokio::select! {
                    _ = crate::interrupt::signal() => {}
                    _ = hup.recv() => {}
                }
            } else {
                crate::interrupt::signal().await;
            }
        }
        #[cfg(not(unix))]
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

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// One region's survey: its stacks' standings and the leases found.
struct Survey {
    aws: Aws,
    rows: Vec<(Before, Option<Lease>)>,
}

/// Runs the rollout over `regions` (each an AWS configuration). Every region is
/// surveyed first, so a bad name or an unreadable region is reported before anything
/// changes; then region by region, stopping at the first that does not complete.
pub async fn run(regions: Vec<Aws>, opts: &Options) -> Result<Rollout> {
    let stop = stop_flag();
    let holder = format!(
        "{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    );
    let mut surveys = Vec::new();
    for aws in regions {
        let rows = survey(&aws, opts.concurrency).await?;
        surveys.push(Survey { aws, rows });
    }
    // Names are checked against every region's limiters together: a name may exist
    // in some regions only, but it must exist somewhere (a typo is an error).
    let all: Vec<String> = surveys
        .iter()
        .flat_map(|s| s.rows.iter().map(|(b, _)| b.name.clone()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    waves::order(&all, &opts.select, &opts.exclude, opts.canary.as_deref()).map_err(|e| {
        Error::new(ErrorKind::Usage, e)
            .hint("`zae-limiter list` shows the limiters of a region; nothing was changed")
    })?;
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
    for survey in surveys {
        if halted {
            out.regions.push(RegionRollout {
                region: survey.aws.region.clone(),
                before: vec![],
                waves: vec![],
                verdict: "not_started".into(),
            });
            continue;
        }
        let r = region(survey, opts, &holder, &stop).await;
        if !matches!(r.verdict.as_str(), "completed" | "planned") {
            out.verdict = r.verdict.clone();
            halted = true;
        }
        out.regions.push(r);
    }
    Ok(out)
}

/// Reads each stack's standing and lease (concurrently, bounded).
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
    survey: Survey,
    opts: &Options,
    holder: &str,
    stop: &Arc<AtomicBool>,
) -> RegionRollout {
    let aws = survey.aws;
    let at = now();
    // A stack current but left `upgrading`/`baking` by a run that was interrupted or
    // lost (its lease expired) was never judged: it is judged again, first, so that a
    // rerun leaves it healthy or rolled back. A current stack under another run's
    // live lease is that run's to judge: reported as held.
    let mut resume: HashMap<String, Option<u64>> = HashMap::new();
    let mut held_elsewhere: Vec<(String, Lease)> = Vec::new();
    for (b, l) in &survey.rows {
        let Some(l) = l else { continue };
        if b.standing != "current" || !matches!(l.state.as_str(), "upgrading" | "baking") {
            continue;
        }
        match lease::may_take(Some(l), holder, at) {
            Take::Free => {
                resume.insert(b.name.clone(), l.previous_live);
            }
            Take::Held(other) => held_elsewhere.push((b.name.clone(), other)),
        }
    }
    let in_scope = |n: &String| {
        (opts.select.is_empty() || opts.select.contains(n)) && !opts.exclude.contains(n)
    };
    let mut before: Vec<Before> = survey
        .rows
        .into_iter()
        .map(|(b, _)| b)
        .filter(|b| in_scope(&b.name))
        .collect();
    before.sort_by(|a, b| a.name.cmp(&b.name));
    let candidates: Vec<String> = before
        .iter()
        .filter(|b| b.standing == "candidate" || resume.contains_key(&b.name))
        .map(|b| b.name.clone())
        .collect();
    // Names were checked across regions; here only this region's stacks take part.
    let here: Vec<String> = before.iter().map(|b| b.name.clone()).collect();
    let select: Vec<String> = opts
        .select
        .iter()
        .filter(|s| here.contains(s))
        .cloned()
        .collect();
    let canary = opts
        .canary
        .as_deref()
        .filter(|c| candidates.iter().any(|x| x == c));
    let order: Vec<String> = waves::order(&here, &select, &opts.exclude, canary)
        .unwrap_or_default()
        .into_iter()
        .filter(|n| candidates.contains(n))
        .collect();
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
    // Stacks another live run is baking: reported, never touched.
    if !held_elsewhere.is_empty() {
        waves_out.push(Wave {
            number: 0,
            stacks: held_elsewhere
                .iter()
                .filter(|(n, _)| in_scope(n))
                .map(|(n, l)| StackOutcome {
                    name: n.clone(),
                    outcome: "held".into(),
                    from: None,
                    to: None,
                    seconds: 0.0,
                    health: None,
                    backup_arn: None,
                    detail: lease::held_message(&format!("{PREFIX}{n}"), l, at),
                })
                .collect(),
            gate: "not_reached".into(),
        });
        waves_out.retain(|w| !w.stacks.is_empty());
    }
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
        return r;
    }
    let total = waves_out.iter().filter(|w| w.number > 0).count();
    for wave in waves_out.iter_mut().filter(|w| w.number > 0) {
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
            wave.number,
            wave.stacks
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        run_wave(&aws, opts, holder, stop, &resume, wave).await;
        let any = |o: &str| wave.stacks.iter().any(|s| s.outcome == o);
        r.verdict = match wave.gate.as_str() {
            "passed" => "completed".into(),
            "interrupted" => "interrupted".into(),
            _ if any("failed") || any("rollback_failed") => "failed".into(),
            _ => "stopped".into(),
        };
    }
    // Stacks left to another run mean this region is not done.
    if r.verdict == "completed"
        && waves_out
            .iter()
            .flat_map(|w| &w.stacks)
            .any(|s| s.outcome == "held")
    {
        r.verdict = "incomplete".into();
    }
    r.waves = waves_out;
    r
}

/// The lease a stack is held with through its upgrade and bake.
fn lease_for(holder: &str, state: &str, hold_for: i64, previous_live: Option<u64>) -> Lease {
    Lease {
        holder: holder.to_string(),
        owner: owner(),
        expires_at: now() + hold_for,
        state: state.into(),
        target_version: compat::tool_version().to_string(),
        previous_live,
    }
}

/// Where `live` points now (`None`: `$LATEST`, no alias, or no function).
async fn live_now(aws: &Aws, name: &LimiterName) -> Option<u64> {
    match function_versions::read(aws, &name.function()).await {
        Ok(v) => match v.live {
            Live::Version(n) => Some(n),
            _ => None,
        },
        Err(_) => None,
    }
}

/// Upgrades (or, for a resumed stack, only takes) one stack of a wave.
async fn upgrade_stack(
    aws: &Aws,
    opts: &Options,
    holder: &str,
    stop: &AtomicBool,
    resumed: Option<Option<u64>>,
    hold_for: i64,
    mut s: StackOutcome,
) -> (StackOutcome, Option<Done>) {
    let Ok(name) = LimiterName::parse(&s.name) else {
        s.outcome = "failed".into();
        return (s, None);
    };
    if stop.load(Ordering::SeqCst) {
        s.outcome = "interrupted".into();
        s.detail = "not started: interrupted".into();
        return (s, None);
    }
    let previous_live = match resumed {
        Some(p) => p,
        None => live_now(aws, &name).await,
    };
    let state = if resumed.is_some() {
        "baking"
    } else {
        "upgrading"
    };
    let mine = lease_for(holder, state, hold_for, previous_live);
    match rollout_lease::take(aws, &name.table(), &mine, now()).await {
        Ok(Take::Free) => {}
        Ok(Take::Held(other)) => {
            s.outcome = "held".into();
            s.detail = lease::held_message(&name.stack(), &other, now());
            return (s, None);
        }
        Err(e) => {
            s.outcome = "failed".into();
            s.detail = format!("could not take the rollout lease: {}", e.message);
            return (s, None);
        }
    }
    let dlq_before = bake::dlq_depth(aws, &name).await;
    if resumed.is_some() {
        // Upgraded by a run that stopped before its gate: judged now.
        let live = live_now(aws, &name).await;
        s.outcome = "upgraded".into();
        s.to = Some(compat::tool_version().to_string());
        let done = Done {
            dlq_before,
            previous_live,
            moved: live != previous_live,
            stack_updated: false,
            finished_at: now(),
        };
        return (s, Some(done));
    }
    let started = Instant::now();
    let upgraded = upgrade::upgrade_one(aws, &name, &opts.upgrade).await;
    s.seconds = started.elapsed().as_secs_f64();
    report::note(format!(
        "{}: {}: {} ({})",
        aws.region,
        s.name,
        match &upgraded {
            Ok(u) => u.action.to_string(),
            Err(e) => format!("failed: {}", e.message),
        },
        report::human_secs(s.seconds)
    ));
    match upgraded {
        Ok(u) if u.action == "started" => {
            // Only with --no-wait, which --all refuses; never count it as upgraded.
            s.outcome = "failed".into();
            s.detail = "the stack update was only started".into();
            let _ = rollout_lease::release(aws, &name.table(), holder).await;
            (s, None)
        }
        Ok(u) if u.action == "unchanged" => {
            // Another run finished it between our survey and our lease.
            s.outcome = "unchanged".into();
            s.to = u.lambda_version.clone();
            s.detail = u.notes.join("; ");
            let _ = rollout_lease::release(aws, &name.table(), holder).await;
            (s, None)
        }
        Ok(u) => {
            s.outcome = "upgraded".into();
            s.to = u.lambda_version.clone();
            s.backup_arn = u.backup_arn.clone();
            let moved = u.release.published_version.is_some();
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
            let baking = lease_for(holder, "baking", hold_for, previous_live);
            let _ = rollout_lease::take(aws, &name.table(), &baking, now()).await;
            let done = Done {
                dlq_before,
                previous_live,
                moved,
                stack_updated: u.stack_updated,
                finished_at: now(),
            };
            (s, Some(done))
        }
        Err(e) if e.kind == ErrorKind::Interrupted => {
            // CloudFormation (or a release step) carries on: leave the lease for a
            // rerun, expired at once.
            s.outcome = "interrupted".into();
            s.detail = e.message.clone();
            let left = Lease {
                expires_at: now() - 1,
                ..lease_for(holder, "upgrading", 0, previous_live)
            };
            let _ = rollout_lease::take(aws, &name.table(), &left, now()).await;
            (s, None)
        }
        Err(e) => {
            s.outcome = "failed".into();
            s.detail = e.message.clone();
            let _ = rollout_lease::release(aws, &name.table(), holder).await;
            (s, None)
        }
    }
}

/// Upgrades one wave, bakes, judges, and rolls it back when the gate fails.
async fn run_wave(
    aws: &Aws,
    opts: &Options,
    holder: &str,
    stop: &Arc<AtomicBool>,
    resume: &HashMap<String, Option<u64>>,
    wave: &mut Wave,
) {
    // The lease lasts through the upgrade and the bake, with a margin; it is renewed
    // before the gate and before a rollback.
    let hold_for = opts.upgrade.timeout.as_secs() as i64 + opts.bake.as_secs() as i64 + 300;
    let names: Vec<StackOutcome> = std::mem::take(&mut wave.stacks);
    let shared = Arc::new((
        aws.clone(),
        opts.clone(),
        holder.to_string(),
        stop.clone(),
        resume.clone(),
    ));
    let upgraded = fleet::bounded(names, opts.concurrency, move |s| {
        let shared = shared.clone();
        async move {
            let (aws, opts, holder, stop, resume) = &*shared;
            let resumed = resume.get(&s.name).copied();
            upgrade_stack(aws, opts, holder, stop, resumed, hold_for, s).await
        }
    })
    .await;

    let any_failed = upgraded
        .iter()
        .any(|(s, _)| matches!(s.outcome.as_str(), "failed" | "interrupted"));
    if !any_failed && !opts.bake.is_zero() {
        bake_wait(opts.bake, stop).await;
    }
    if stop.load(Ordering::SeqCst) {
        // Leave the upgraded stacks' leases as `baking`, expired now, so that a rerun
        // judges them first.
        for (s, done) in &upgraded {
            if let (Some(d), Ok(name)) = (done, LimiterName::parse(&s.name)) {
                let left = Lease {
                    expires_at: now() - 1,
                    ..lease_for(holder, "baking", 0, d.previous_live)
                };
                let _ = rollout_lease::take(aws, &name.table(), &left, now()).await;
            }
        }
        wave.stacks = upgraded.into_iter().map(|(s, _)| s).collect();
        wave.gate = "interrupted".into();
        return;
    }
    // Judge every upgraded stack, concurrently, still holding its lease.
    let names: Vec<String> = upgraded.iter().map(|(s, _)| s.name.clone()).collect();
    let mut judging = Vec::new();
    for (s, done) in upgraded {
        let aws = aws.clone();
        let holder = holder.to_string();
        judging.push(tokio::spawn(async move {
            let mut s = s;
            let mut done = done;
            if let (Some(d), Ok(name)) = (done, LimiterName::parse(&s.name)) {
                let renewed = lease_for(&holder, "baking", 600, d.previous_live);
                if !matches!(
                    rollout_lease::take(&aws, &name.table(), &renewed, now()).await,
                    Ok(Take::Free)
                ) {
                    s.outcome = "held".into();
                    s.detail = "its rollout lease was lost during the bake (another run took it over); left to that run".into();
                    done = None;
                } else {
                    let facts = bake::facts(&aws, &name, d.finished_at, d.dlq_before).await;
                    s.health = Some(gate::judge(&facts));
                }
            }
            (s, done)
        }));
    }
    let mut judged = Vec::new();
    for (h, name) in judging.into_iter().zip(names) {
        match h.await {
            Ok(pair) => judged.push(pair),
            // A judge that panicked cannot have found the stack healthy.
            Err(e) => judged.push((
                StackOutcome {
                    name,
                    outcome: "failed".into(),
                    from: None,
                    to: None,
                    seconds: 0.0,
                    health: Some(gate::GateVerdict {
                        healthy: false,
                        reasons: vec![format!("the health check failed: {e}")],
                    }),
                    backup_arn: None,
                    detail: String::new(),
                },
                None,
            )),
        }
    }
    let unhealthy = any_failed
        || judged
            .iter()
            .any(|(s, _)| s.health.as_ref().is_some_and(|h| !h.healthy) || s.outcome == "failed");
    if !unhealthy {
        for (s, done) in &judged {
            if let (Some(_), Ok(name)) = (done, LimiterName::parse(&s.name)) {
                let _ = rollout_lease::release(aws, &name.table(), holder).await;
            }
        }
        wave.stacks = judged.into_iter().map(|(s, _)| s).collect();
        wave.gate = "passed".into();
        return;
    }
    let mut stacks = Vec::new();
    for (mut s, done) in judged {
        let (Some(d), Ok(name)) = (done, LimiterName::parse(&s.name)) else {
            stacks.push(s);
            continue;
        };
        if opts.rollback {
            roll_back(aws, &name, d, &mut s).await;
        } else {
            s.detail = format!(
                "left as upgraded (--no-rollback){}",
                reasons_of(&s)
                    .map(|r| format!(" — {r}"))
                    .unwrap_or_default()
            );
        }
        let _ = rollout_lease::release(aws, &name.table(), holder).await;
        stacks.push(s);
    }
    wave.stacks = stacks;
    wave.gate = "failed".into();
}

fn reasons_of(s: &StackOutcome) -> Option<String> {
    s.health
        .as_ref()
        .filter(|h| !h.healthy)
        .map(|h| h.reasons.join("; "))
}

/// Rolls one upgraded stack of a failed wave back: `live` to the version it pointed at
/// before this rollout's upgrade (the existing rollback, aimed at that version); a
/// template change cannot be undone by the tool, so it is reported with the backup
/// taken before it.
async fn roll_back(aws: &Aws, name: &LimiterName, d: Done, s: &mut StackOutcome) {
    let mut notes = vec![];
    match (d.moved, d.previous_live) {
        (true, Some(previous)) => {
            let done = async {
                let planned = rollback::plan(aws, name, Some(previous)).await?;
                rollback::apply(aws, name, planned).await
            }
            .await;
            match done {
                Ok(r) => {
                    s.outcome = "rolled_back".into();
                    s.to = Some(r.record_lambda_after.clone());
                    notes.push(format!("live back to version {previous}"));
                }
                Err(e) => {
                    s.outcome = "rollback_failed".into();
                    notes.push(format!(
                        "rollback to version {previous} failed: {}",
                        e.message
                    ));
                }
            }
        }
        (true, None) => {
            s.outcome = "rollback_failed".into();
            notes.push(
                "live was on no published version before the upgrade: there is no version to return to"
                    .into(),
            );
        }
        (false, _) => {
            // Nothing moved: the unhealthy aggregator is the one that ran before.
            s.outcome = "unhealthy".into();
            notes.push("no new aggregator version was made live, so there is nothing to move back; the release that runs is the one that ran before".into());
        }
    }
    if d.stack_updated {
        notes.push(format!(
            "the stack's template change stays (the tool does not undo CloudFormation updates){}",
            s.backup_arn
                .as_deref()
                .map(|b| format!("; backup taken before it: {b}"))
                .unwrap_or_default()
        ));
    }
    s.detail = [reasons_of(s).unwrap_or_default(), notes.join("; ")]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(" — ");
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
