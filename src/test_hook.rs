//! Test seams, compiled into debug builds only (`#[cfg(debug_assertions)]` in
//! lib.rs and at each call): a release binary has no hidden pause, no early stop
//! and not even the variables' names. A pause point for the emulator tests, inert
//! unless its environment variable is set. The tests use it to change AWS state between shipping and
//! verifying (e.g. disable the stream mapping) from outside the tool, so that
//! a failed verification is exercised without a special code path.

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The variable naming the handshake path `P`: the tool creates `P.ready`,
/// then waits (up to a minute) until `P.go` exists.
pub const PAUSE_BEFORE_VERIFY: &str = "ZAE_LIMITER_TEST_PAUSE_BEFORE_VERIFY";

/// Pauses before verification when the variable is set; otherwise returns at once.
pub async fn pause_before_verify() {
    let Some(base) = std::env::var_os(PAUSE_BEFORE_VERIFY) else {
        return;
    };
    let base = PathBuf::from(base);
    let with = |ext: &str| {
        let mut p = base.clone().into_os_string();
        p.push(ext);
        PathBuf::from(p)
    };
    let _ = std::fs::write(with(".ready"), b"");
    let go = with(".go");
    let start = Instant::now();
    while !go.exists() && start.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The variable that stops `restore --in-place`'s sync after N write batches,
/// as an interruption would (tests of a rerun after an interrupted sync).
pub const STOP_SYNC_AFTER_BATCHES: &str = "ZAE_LIMITER_TEST_STOP_SYNC_AFTER_BATCHES";

/// N from `STOP_SYNC_AFTER_BATCHES`, when set to a number.
pub fn stop_sync_after_batches() -> Option<u64> {
    std::env::var(STOP_SYNC_AFTER_BATCHES)
        .ok()
        .and_then(|v| v.parse().ok())
}

/// The variable naming the handshake path of a pause between `limits apply`'s
/// plan and its writes (tests of an edit made meanwhile).
pub const PAUSE_BEFORE_LIMITS_WRITE: &str = "ZAE_LIMITER_TEST_PAUSE_BEFORE_LIMITS_WRITE";

/// Pauses between `limits apply`'s plan and its writes when the variable is
/// set (debug builds only), with the same `.ready`/`.go` handshake.
pub async fn pause_before_limits_write() {
    let Some(base) = std::env::var_os(PAUSE_BEFORE_LIMITS_WRITE) else {
        return;
    };
    let base = PathBuf::from(base);
    let with = |ext: &str| {
        let mut p = base.clone().into_os_string();
        p.push(ext);
        PathBuf::from(p)
    };
    let _ = std::fs::write(with(".ready"), b"");
    let go = with(".go");
    let start = Instant::now();
    while !go.exists() && start.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
