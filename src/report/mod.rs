//! Shared rendering: the text/JSON switch, tables, colour and terminal checks.
//! Each command's result type lives beside the command; this file holds only
//! what they all use.

pub mod progress;
pub mod stack_watch;

use std::fmt::Display;
use std::io::{IsTerminal, Write};

use clap::ValueEnum;
use comfy_table::{presets, ContentArrangement, Table};
use serde::Serialize;

use crate::error::{Error, Result};

/// `--output text|json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Human-readable text.
    Text,
    /// One JSON document on stdout.
    Json,
}

/// Prints a result: its `Display` for text, its `Serialize` for JSON.
pub fn emit<T: Serialize + Display>(format: OutputFormat, value: &T) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let written = match format {
        OutputFormat::Text => write!(out, "{value}"),
        OutputFormat::Json => serde_json::to_string_pretty(value)
            .map_err(|e| std::io::Error::other(e.to_string()))
            .and_then(|s| writeln!(out, "{s}")),
    };
    match written.and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (e.g. `| head`) is not the operator's problem.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::failure(format!("could not write the output: {e}"))),
    }
}

/// Whether stderr is a terminal (progress bars only then).
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// Whether stdin is a terminal (confirmations only then).
pub fn stdin_is_terminal() -> bool {
    std::io::stdin().is_terminal()
}

/// Whether colour may be used on stdout: a terminal and `NO_COLOR` unset.
pub fn colour_on_stdout() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// A table for text output: borders and wrapping on a terminal, plain ASCII otherwise.
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    if std::io::stdout().is_terminal() {
        t.load_preset(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        t.load_preset(presets::ASCII_MARKDOWN);
    }
    t.set_header(header.iter().copied());
    t
}

static VERBOSITY: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Sets how many `-v` were given (once, at start-up).
pub fn set_verbosity(level: u8) {
    VERBOSITY.store(level, std::sync::atomic::Ordering::Relaxed);
}

/// Whether `-v` was given.
pub fn verbose() -> bool {
    VERBOSITY.load(std::sync::atomic::Ordering::Relaxed) > 0
}

/// A diagnostic shown only with `-v`. Callers never pass credentials.
pub fn debug(msg: impl Display) {
    if VERBOSITY.load(std::sync::atomic::Ordering::Relaxed) > 0 {
        let _ = writeln!(std::io::stderr(), "debug: {msg}");
    }
}

/// A diagnostic line on stderr (never stdout: stdout is for results).
pub fn note(msg: impl Display) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}

/// Wraps text in an ANSI colour when colour is allowed.
pub fn paint(text: &str, colour: Colour, enabled: bool) -> String {
    if !enabled {
        return text.to_string();
    }
    let code = match colour {
        Colour::Green => "32",
        Colour::Yellow => "33",
        Colour::Red => "31",
        Colour::Bold => "1",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// The few colours the tool uses.
#[derive(Debug, Clone, Copy)]
pub enum Colour {
    /// Healthy / done.
    Green,
    /// Needs attention.
    Yellow,
    /// Failed.
    Red,
    /// Emphasis.
    Bold,
}

/// Asks a yes/no question on the terminal; `false` unless the answer is yes.
pub fn confirm(question: &str) -> bool {
    let mut err = std::io::stderr();
    let _ = write!(err, "{question} [y/N] ");
    let _ = err.flush();
    let mut answer = String::new();
    if std::io::stdin().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

/// Formats a duration in seconds for people: `1.4s`, `2m05s`.
pub fn human_secs(secs: f64) -> String {
    if secs < 60.0 {
        format!("{secs:.1}s")
    } else {
        let s = secs.round() as u64;
        format!("{}m{:02}s", s / 60, s % 60)
    }
}

/// Formats a size in bytes for people: `812 B`, `1.2 KiB`, `3.4 MiB`.
pub fn human_bytes(bytes: i64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(human_bytes(812), "812 B");
        assert_eq!(human_bytes(1229), "1.2 KiB");
        assert_eq!(human_bytes(5 * 1024 * 1024), "5.0 MiB");
    }

    #[test]
    fn durations() {
        assert_eq!(human_secs(1.44), "1.4s");
        assert_eq!(human_secs(125.0), "2m05s");
    }

    #[test]
    fn paint_only_when_enabled() {
        assert_eq!(paint("ok", Colour::Green, false), "ok");
        assert_eq!(paint("ok", Colour::Green, true), "\x1b[32mok\x1b[0m");
    }
}
