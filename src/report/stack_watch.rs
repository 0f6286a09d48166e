//! Drawing a stack operation's progress: one live line per resource on a
//! terminal (indicatif), plain timestamped lines on stderr otherwise.

use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::domain::stack::events::{self, Event};
use crate::report;

/// The progress view of one wait.
pub struct View {
    live: Option<Live>,
    last_status: String,
    events: Vec<Event>,
}

struct Live {
    multi: MultiProgress,
    bars: Vec<(String, ProgressBar)>,
}

impl View {
    /// A view; live bars only when `terminal`.
    pub fn new(terminal: bool) -> Self {
        let live = terminal.then(|| Live {
            multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
            bars: Vec::new(),
        });
        View {
            live,
            last_status: String::new(),
            events: Vec::new(),
        }
    }

    /// Shows new events (oldest first).
    pub fn show(&mut self, new: &[Event]) {
        self.events.extend_from_slice(new);
        let Some(live) = &mut self.live else {
            for e in new {
                report::note(events::line(e));
            }
            return;
        };
        for row in events::rows(&self.events) {
            let msg = format!(
                "{:<28} {:<34} {:<24} {}s",
                row.logical_id, row.resource_type, row.status, row.elapsed_secs
            );
            match live.bars.iter().find(|(id, _)| *id == row.logical_id) {
                Some((_, bar)) => bar.set_message(msg),
                None => {
                    let bar = live.multi.add(ProgressBar::new_spinner());
                    bar.set_style(
                        ProgressStyle::with_template("{spinner} {msg}")
                            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                    );
                    bar.enable_steady_tick(Duration::from_millis(120));
                    bar.set_message(msg);
                    live.bars.push((row.logical_id.clone(), bar));
                }
            }
            if !row.status.ends_with("_IN_PROGRESS") {
                if let Some((_, bar)) = live.bars.iter().find(|(id, _)| *id == row.logical_id) {
                    bar.disable_steady_tick();
                    bar.tick();
                }
            }
        }
    }

    /// Reports the stack's own status when it changes (off a terminal, and
    /// where the endpoint emits no events).
    pub fn stack_status(&mut self, stack: &str, status: &str, elapsed: Duration) {
        if status == self.last_status {
            return;
        }
        self.last_status = status.to_string();
        if self.live.is_none()
            && !self
                .events
                .iter()
                .any(|e| e.logical_id == stack && e.status == status)
        {
            report::note(format!(
                "{}  {stack} {status} ({})",
                chrono::Utc::now().format("%H:%M:%S"),
                report::human_secs(elapsed.as_secs_f64())
            ));
        }
    }

    /// Stops the live bars, leaving their last lines on screen.
    pub fn finish(&mut self) {
        if let Some(live) = &self.live {
            for (_, bar) in &live.bars {
                bar.finish();
            }
        }
    }
}
