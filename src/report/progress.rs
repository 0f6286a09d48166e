//! Progress on stderr for long waits and copies: a spinner or a counting bar
//! with an ETA on a terminal, nothing at all otherwise (scripts read the
//! result, not the progress).

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A spinner with `msg`, drawn only when stderr is a terminal.
pub fn spinner(msg: impl Into<String>) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, target());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(msg.into());
    if crate::report::stderr_is_terminal() {
        bar.enable_steady_tick(Duration::from_millis(120));
    }
    bar
}

/// A bar counting `total` items with their rate and an ETA, drawn only when
/// stderr is a terminal.
pub fn counter(total: u64, msg: impl Into<String>) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), target());
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} items, {per_sec}, ETA {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(msg.into());
    bar
}

fn target() -> ProgressDrawTarget {
    if crate::report::stderr_is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    }
}
