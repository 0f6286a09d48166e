//! The aggregator's snapshot windows.

use clap::ValueEnum;

/// A snapshot window of the aggregator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Window {
    /// Hourly usage snapshots.
    Hourly,
    /// Daily usage snapshots.
    Daily,
    /// Monthly usage snapshots.
    Monthly,
}

impl Window {
    /// The name used in parameters and snapshot items.
    pub fn as_str(self) -> &'static str {
        match self {
            Window::Hourly => "hourly",
            Window::Daily => "daily",
            Window::Monthly => "monthly",
        }
    }
}
