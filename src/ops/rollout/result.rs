//! What a fleet rollout reports: per region, the versions before, the refusals, the
//! waves with each stack's outcome and health, and one overall verdict.

use std::fmt;

use serde::Serialize;

use crate::domain::rollout::gate::GateVerdict;
use crate::report;

/// A stack's versions before the rollout (as `list` shows them).
#[derive(Debug, Clone, Serialize)]
pub struct Before {
    /// Limiter name.
    pub name: String,
    /// Stack status.
    pub stack_status: String,
    /// Lambda version in the version record.
    pub lambda_version: Option<String>,
    /// Schema version in the version record.
    pub schema_version: Option<String>,
    /// `candidate`, `current` or `refused`.
    pub standing: &'static str,
    /// Why it is refused (empty otherwise).
    pub reason: String,
}

/// One stack's part in a wave.
#[derive(Debug, Clone, Serialize)]
pub struct StackOutcome {
    /// Limiter name.
    pub name: String,
    /// `planned`, `upgraded`, `unchanged` (current by the time its turn came),
    /// `failed`, `rolled_back`, `rollback_failed`, `unhealthy` (judged unhealthy with
    /// nothing to move back), `held` (another rollout holds its lease) or
    /// `interrupted`.
    pub outcome: String,
    /// Lambda version before.
    pub from: Option<String>,
    /// Lambda version after (the record's).
    pub to: Option<String>,
    /// Seconds the upgrade took.
    pub seconds: f64,
    /// The gate's verdict after the bake (`None`: not judged).
    pub health: Option<GateVerdict>,
    /// Backup taken before a template change (what to restore from if it must be undone).
    pub backup_arn: Option<String>,
    /// What happened, in words.
    pub detail: String,
}

/// One wave.
#[derive(Debug, Clone, Serialize)]
pub struct Wave {
    /// 1-based.
    pub number: usize,
    /// Its stacks.
    pub stacks: Vec<StackOutcome>,
    /// `passed`, `failed`, `planned`, `not_reached` or `interrupted`. Wave number 0
    /// lists stacks another run holds (never touched).
    pub gate: String,
}

/// One region's rollout.
#[derive(Debug, Clone, Serialize)]
pub struct RegionRollout {
    /// The region.
    pub region: String,
    /// Every stack's versions before, and its standing.
    pub before: Vec<Before>,
    /// The waves (planned, or as they ran).
    pub waves: Vec<Wave>,
    /// `completed`, `planned`, `stopped`, `failed`, `incomplete` (stacks held by
    /// another run), `interrupted`, `not_started`.
    pub verdict: String,
}

/// The rollout document.
#[derive(Debug, Clone, Serialize)]
pub struct Rollout {
    /// `completed`, `planned`, `stopped` (a health gate failed), `failed` (an
    /// upgrade or a rollback failed), `incomplete` (stacks held by another run),
    /// `interrupted`.
    pub verdict: String,
    /// Seconds spent between waves waiting before each gate.
    pub bake_seconds: u64,
    /// Regions in order.
    pub regions: Vec<RegionRollout>,
}

impl Rollout {
    /// The exit code: 0 completed (no stack refused) or planned, 11 stopped by a
    /// gate, 130 interrupted, 1 otherwise (an upgrade failed, or a stack was refused).
    pub fn exit_code(&self) -> i32 {
        let refused = self
            .regions
            .iter()
            .flat_map(|r| &r.before)
            .any(|b| b.standing == "refused");
        match self.verdict.as_str() {
            "planned" => 0,
            "completed" if !refused => 0,
            "stopped" => crate::error::exit::GATE_STOPPED,
            "interrupted" => crate::error::exit::INTERRUPTED,
            _ => crate::error::exit::FAILURE,
        }
    }
}

impl fmt::Display for Rollout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in &self.regions {
            writeln!(f, "region {}: {}", r.region, r.verdict)?;
            let refused: Vec<&Before> = r
                .before
                .iter()
                .filter(|b| b.standing == "refused")
                .collect();
            let current = r.before.iter().filter(|b| b.standing == "current").count();
            if current > 0 {
                writeln!(f, "  already current: {current}")?;
            }
            for b in refused {
                writeln!(f, "  refused {}: {}", b.name, b.reason)?;
            }
            for w in &r.waves {
                writeln!(
                    f,
                    "  wave {} ({} stacks): gate {}",
                    w.number,
                    w.stacks.len(),
                    w.gate
                )?;
                let mut t = report::table(&["name", "outcome", "from → to", "time", "detail"]);
                for s in &w.stacks {
                    t.add_row(vec![
                        s.name.clone(),
                        s.outcome.clone(),
                        format!(
                            "{} → {}",
                            s.from.as_deref().unwrap_or("-"),
                            s.to.as_deref().unwrap_or("-")
                        ),
                        if s.seconds > 0.0 {
                            report::human_secs(s.seconds)
                        } else {
                            String::new()
                        },
                        s.detail.clone(),
                    ]);
                }
                writeln!(f, "{t}")?;
            }
        }
        writeln!(f, "rollout: {}", self.verdict)
    }
}
