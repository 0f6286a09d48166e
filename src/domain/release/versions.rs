//! The aggregator's published versions and the alias `live` as typed facts, and
//! the pure decisions over them: what a release must do, which versions to keep,
//! where a rollback goes, and how a version's description names its release.

use std::collections::BTreeMap;

use serde::Serialize;

/// The alias the template's stream mapping targets.
pub const LIVE_ALIAS: &str = "live";
/// `--keep-versions` default.
pub const DEFAULT_KEEP: usize = 5;
/// What a published version's description starts with.
const DESCRIPTION_PREFIX: &str = "zae-limiter ";

/// What makes two function configurations run the same way: a published
/// version is a frozen copy of these, so `live` is only current when its
/// version matches `$LATEST` in all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Fingerprint {
    /// `CodeSha256` (base64, as Lambda reports it).
    pub code_sha256: String,
    /// Memory, MB.
    pub memory_mb: Option<i32>,
    /// Timeout, seconds.
    pub timeout_seconds: Option<i32>,
    /// Runtime.
    pub runtime: Option<String>,
    /// Handler.
    pub handler: Option<String>,
    /// Execution role ARN.
    pub role: Option<String>,
    /// Environment variables.
    pub environment: BTreeMap<String, String>,
}

/// One published version (never `$LATEST`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Published {
    /// Version number.
    pub number: u64,
    /// Its description (`zae-limiter <tool version> sha256:<hex>` when this tool published it).
    pub description: String,
    /// The tool version its description names.
    pub tool_version: Option<String>,
    /// The package SHA-256 (hex) its description names.
    pub package_sha256: Option<String>,
    /// What it runs.
    #[serde(skip)]
    pub fingerprint: Fingerprint,
}

/// Where `live` points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "version")]
pub enum Live {
    /// The stack predates the alias (the mapping invokes the function itself).
    NoAlias,
    /// `$LATEST`: nothing has been published yet.
    Latest,
    /// A published version.
    Version(u64),
}

/// The function's versions as read.
#[derive(Debug, Clone)]
pub struct Versions {
    /// `$LATEST`'s configuration.
    pub latest: Fingerprint,
    /// Published versions, oldest first.
    pub published: Vec<Published>,
    /// Where `live` points.
    pub live: Live,
}

impl Versions {
    /// The published version `live` points at.
    pub fn live_version(&self) -> Option<&Published> {
        match self.live {
            Live::Version(n) => self.published.iter().find(|p| p.number == n),
            _ => None,
        }
    }

    /// Versions `rollback` could move `live` to: published before the live one, newest first.
    pub fn rollback_candidates(&self) -> Vec<&Published> {
        let below = match self.live {
            Live::Version(n) => n,
            _ => return vec![],
        };
        self.published
            .iter()
            .rev()
            .filter(|p| p.number < below)
            .collect()
    }
}

/// A published version as reports show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionView {
    /// Version number.
    pub version: u64,
    /// The tool version that published it (`None`: not published by zae-limiter).
    pub tool_version: Option<String>,
    /// The package SHA-256 (hex) it runs, as its description names it.
    pub package_sha256: Option<String>,
}

/// Where `live` points and where it could go back to, as `status` and
/// `version` report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveView {
    /// Where `live` points.
    pub live: Live,
    /// The live version's details (`None` unless `live` is on a published version).
    pub live_version: Option<VersionView>,
    /// Versions `rollback` can move `live` to, newest first.
    pub rollback_candidates: Vec<VersionView>,
}

impl VersionView {
    /// The view of a published version.
    pub fn of(p: &Published) -> Self {
        VersionView {
            version: p.number,
            tool_version: p.tool_version.clone(),
            package_sha256: p.package_sha256.clone(),
        }
    }
}

impl std::fmt::Display for VersionView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.version)?;
        match (&self.tool_version, &self.package_sha256) {
            (Some(t), Some(sha)) => write!(f, " (zae-limiter {t}, sha256 {}…)", &sha[..12]),
            (Some(t), None) => write!(f, " (zae-limiter {t})"),
            _ => write!(f, " (not published by zae-limiter)"),
        }
    }
}

impl std::fmt::Display for LiveView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.live, &self.live_version) {
            (_, Some(v)) => write!(f, "version {v}")?,
            (Live::Version(n), None) => write!(f, "version {n} (missing)")?,
            (Live::Latest, _) => write!(f, "$LATEST (nothing published yet)")?,
            (Live::NoAlias, _) => write!(f, "no alias (stack predates versioned releases)")?,
        }
        if !self.rollback_candidates.is_empty() {
            let list: Vec<String> = self
                .rollback_candidates
                .iter()
                .map(|c| match &c.tool_version {
                    Some(t) => format!("{} ({t})", c.version),
                    None => c.version.to_string(),
                })
                .collect();
            write!(f, "; can roll back to {}", list.join(", "))?;
        }
        Ok(())
    }
}

impl LiveView {
    /// A short state word for tables: the live version, `$LATEST` or `none`.
    pub fn live_state(&self) -> String {
        match self.live {
            Live::Version(n) => format!("version {n}"),
            Live::Latest => "$LATEST".into(),
            Live::NoAlias => "none".into(),
        }
    }
}

impl Versions {
    /// The report view of `live` and the rollback candidates.
    pub fn view(&self) -> LiveView {
        LiveView {
            live: self.live.clone(),
            live_version: self.live_version().map(VersionView::of),
            rollback_candidates: self
                .rollback_candidates()
                .into_iter()
                .map(VersionView::of)
                .collect(),
        }
    }
}

/// The description of a version this tool publishes.
pub fn description(tool_version: &str, package_sha256_hex: &str) -> String {
    format!("{DESCRIPTION_PREFIX}{tool_version} sha256:{package_sha256_hex}")
}

/// The tool version and package SHA a description names, when it is one of
/// ours. Pure; never panics on foreign text.
pub fn parse_description(text: &str) -> (Option<String>, Option<String>) {
    let Some(rest) = text.strip_prefix(DESCRIPTION_PREFIX) else {
        return (None, None);
    };
    let mut words = rest.split_whitespace();
    let tool = words
        .next()
        .filter(|v| crate::domain::compat::parse_version(v).is_some())
        .map(str::to_string);
    let sha = words
        .next()
        .and_then(|w| w.strip_prefix("sha256:"))
        .filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_string);
    (tool, sha)
}

/// Base64 `CodeSha256` → hex, as descriptions carry it.
pub fn sha_hex(code_sha256_b64: &str) -> Option<String> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(code_sha256_b64)
        .ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// What the release step must do to the function. Pure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReleasePlan {
    /// Upload the package.
    pub ship: bool,
    /// Publish a version and point `live` at it.
    pub publish: bool,
}

/// Decides the release: ship when `$LATEST` runs other code (or `force`);
/// publish when shipping, or when `live` does not run exactly what `$LATEST`
/// runs (configuration included, e.g. after a memory change). Pure.
pub fn plan_release(v: &Versions, package_sha: &str, force: bool) -> ReleasePlan {
    let ship = force || v.latest.code_sha256 != package_sha;
    let live_current = v.live_version().is_some_and(|p| p.fingerprint == v.latest);
    ReleasePlan {
        ship,
        publish: ship || !live_current,
    }
}

/// Versions to delete so that at most `keep` published versions remain,
/// oldest first; never the live one nor the one published before it. Pure.
pub fn retention(published: &[u64], live: &Live, keep: usize) -> Vec<u64> {
    let mut sorted = published.to_vec();
    sorted.sort_unstable();
    let protected: Vec<u64> = match live {
        Live::Version(n) => {
            let before = sorted.iter().copied().filter(|v| v < n).max();
            std::iter::once(*n).chain(before).collect()
        }
        _ => vec![],
    };
    let excess = sorted.len().saturating_sub(keep);
    sorted
        .into_iter()
        .filter(|v| !protected.contains(v))
        .take(excess)
        .collect()
}

/// Where `rollback` moves `live`: version `to`, or the newest published
/// before the live one. Errors say why there is nowhere to go. Pure.
pub fn rollback_target(v: &Versions, to: Option<u64>) -> std::result::Result<u64, String> {
    let live = match v.live {
        Live::NoAlias => {
            return Err(
                "the stack has no alias `live` yet (it predates versioned releases); \
                        run `zae-limiter upgrade` to bring it onto the alias"
                    .into(),
            )
        }
        Live::Latest => {
            return Err("`live` is on $LATEST: no version has been published yet".into())
        }
        Live::Version(n) => n,
    };
    match to {
        Some(n) if n == live => Err(format!("version {n} is already live")),
        Some(n) => v
            .published
            .iter()
            .find(|p| p.number == n)
            .map(|p| p.number)
            .ok_or_else(|| {
                format!(
                    "version {n} does not exist; published versions: {}",
                    list(&v.published)
                )
            }),
        None => v
            .rollback_candidates()
            .first()
            .map(|p| p.number)
            .ok_or_else(|| {
                format!("nothing to roll back to: version {live} is the oldest published version")
            }),
    }
}

fn list(published: &[Published]) -> String {
    if published.is_empty() {
        return "none".into();
    }
    published
        .iter()
        .map(|p| p.number.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(sha: &str, mem: i32) -> Fingerprint {
        Fingerprint {
            code_sha256: sha.into(),
            memory_mb: Some(mem),
            ..Default::default()
        }
    }

    fn published(number: u64, sha: &str, mem: i32) -> Published {
        Published {
            number,
            description: description("0.3.0", &"a".repeat(64)),
            tool_version: Some("0.3.0".into()),
            package_sha256: Some("a".repeat(64)),
            fingerprint: fp(sha, mem),
        }
    }

    fn versions(latest: Fingerprint, published: Vec<Published>, live: Live) -> Versions {
        Versions {
            latest,
            published,
            live,
        }
    }

    #[test]
    fn descriptions_round_trip_and_foreign_text_is_not_ours() {
        let sha = "0123456789abcdef".repeat(4);
        let d = description("0.3.0", &sha);
        assert_eq!(d, format!("zae-limiter 0.3.0 sha256:{sha}"));
        assert_eq!(parse_description(&d), (Some("0.3.0".into()), Some(sha)));
        assert_eq!(
            parse_description("zae-limiter usage aggregator"),
            (None, None)
        );
        assert_eq!(parse_description("hand-published"), (None, None));
        assert_eq!(parse_description(""), (None, None));
        assert_eq!(
            parse_description("zae-limiter 0.2.0 sha256:short"),
            (Some("0.2.0".into()), None)
        );
    }

    #[test]
    fn sha_hex_decodes_lambda_base64() {
        // SHA-256 of the empty input, as Lambda reports it (base64) and as hex.
        assert_eq!(
            sha_hex("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=").as_deref(),
            Some("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        );
        assert_eq!(sha_hex("not base64!"), None);
    }

    #[test]
    fn plan_ships_and_publishes_new_code() {
        let v = versions(
            fp("old", 256),
            vec![published(1, "old", 256)],
            Live::Version(1),
        );
        assert_eq!(
            plan_release(&v, "new", false),
            ReleasePlan {
                ship: true,
                publish: true
            }
        );
    }

    #[test]
    fn plan_does_nothing_when_live_runs_latest() {
        let v = versions(
            fp("new", 256),
            vec![published(1, "new", 256)],
            Live::Version(1),
        );
        assert_eq!(
            plan_release(&v, "new", false),
            ReleasePlan {
                ship: false,
                publish: false
            }
        );
    }

    #[test]
    fn plan_publishes_after_a_configuration_change() {
        // The stack update raised memory on $LATEST; live still runs the old copy.
        let v = versions(
            fp("new", 512),
            vec![published(1, "new", 256)],
            Live::Version(1),
        );
        assert_eq!(
            plan_release(&v, "new", false),
            ReleasePlan {
                ship: false,
                publish: true
            }
        );
    }

    #[test]
    fn plan_publishes_when_live_is_latest_or_missing_or_rolled_back() {
        for live in [Live::Latest, Live::NoAlias] {
            let v = versions(fp("new", 256), vec![], live);
            assert_eq!(
                plan_release(&v, "new", false),
                ReleasePlan {
                    ship: false,
                    publish: true
                }
            );
        }
        let v = versions(
            fp("new", 256),
            vec![published(1, "old", 256), published(2, "new", 256)],
            Live::Version(1),
        );
        assert_eq!(
            plan_release(&v, "new", false),
            ReleasePlan {
                ship: false,
                publish: true
            }
        );
    }

    #[test]
    fn plan_force_ships() {
        let v = versions(
            fp("new", 256),
            vec![published(1, "new", 256)],
            Live::Version(1),
        );
        assert_eq!(
            plan_release(&v, "new", true),
            ReleasePlan {
                ship: true,
                publish: true
            }
        );
    }

    #[test]
    fn retention_keeps_the_newest_and_never_live_or_its_predecessor() {
        let all: Vec<u64> = (1..=8).collect();
        assert_eq!(retention(&all, &Live::Version(8), 5), vec![1, 2, 3]);
        // Rolled back to 2: 2 and 1 are protected, the oldest others go.
        assert_eq!(retention(&all, &Live::Version(2), 5), vec![3, 4, 5]);
        // keep 1 still keeps live and the one before it.
        assert_eq!(
            retention(&all, &Live::Version(8), 1),
            vec![1, 2, 3, 4, 5, 6]
        );
        assert_eq!(retention(&[1, 2], &Live::Version(2), 5), Vec::<u64>::new());
        assert_eq!(retention(&[], &Live::Latest, 5), Vec::<u64>::new());
        // Gaps from earlier deletions do not matter.
        assert_eq!(retention(&[3, 7, 9, 12], &Live::Version(12), 2), vec![3, 7]);
        assert_eq!(retention(&[3, 7, 9, 12], &Live::Version(12), 3), vec![3]);
    }

    #[test]
    fn rollback_goes_to_the_previous_version_or_the_one_named() {
        let v = versions(
            fp("c", 256),
            vec![
                published(2, "a", 256),
                published(4, "b", 256),
                published(5, "c", 256),
            ],
            Live::Version(5),
        );
        assert_eq!(rollback_target(&v, None), Ok(4));
        assert_eq!(rollback_target(&v, Some(2)), Ok(2));
        assert!(rollback_target(&v, Some(5))
            .unwrap_err()
            .contains("already live"));
        let e = rollback_target(&v, Some(3)).unwrap_err();
        assert!(e.contains("does not exist") && e.contains("2, 4, 5"), "{e}");
        let oldest = versions(fp("a", 256), vec![published(2, "a", 256)], Live::Version(2));
        assert!(rollback_target(&oldest, None)
            .unwrap_err()
            .contains("nothing to roll back to"));
        let latest = versions(fp("a", 256), vec![], Live::Latest);
        assert!(rollback_target(&latest, None)
            .unwrap_err()
            .contains("$LATEST"));
        let old = versions(fp("a", 256), vec![], Live::NoAlias);
        assert!(rollback_target(&old, Some(1))
            .unwrap_err()
            .contains("upgrade"));
    }

    #[test]
    fn candidates_are_older_than_live_newest_first() {
        let v = versions(
            fp("c", 256),
            vec![
                published(1, "a", 256),
                published(2, "b", 256),
                published(3, "c", 256),
            ],
            Live::Version(2),
        );
        let c: Vec<u64> = v.rollback_candidates().iter().map(|p| p.number).collect();
        assert_eq!(c, vec![1]);
        assert_eq!(v.live_version().map(|p| p.number), Some(2));
    }
}
