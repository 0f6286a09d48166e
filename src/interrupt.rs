//! Ctrl-C and SIGTERM: waiting loops stop on them; steps that must not be cut
//! in half (shipping, publishing, moving `live`, writing the record) are
//! shielded: the first signal is acknowledged and the step finishes, a second
//! one stops at once and says what state things may be in.

use std::future::Future;

use crate::error::{Error, ErrorKind, Result};

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Runs `step` to the end through one interruption; a second interruption
/// stops it and returns an `Interrupted` error made of `stopped` (what state
/// things may be in) and `next` (what to run).
pub async fn shield<T>(
    what: &str,
    stopped: &str,
    next: &str,
    step: impl Future<Output = Result<T>>,
) -> Result<T> {
    tokio::pin!(step);
    tokio::select! {
        out = &mut step => return out,
        _ = signal() => {
            crate::report::note(format!(
                "interrupted: finishing {what} first so that nothing is left half done; interrupt again to stop at once"
            ));
        }
    }
    tokio::select! {
        out = &mut step => out,
        _ = signal() => Err(Error::new(ErrorKind::Interrupted, format!("stopped during {what}: {stopped}")).hint(next.to_string())),
    }
}
