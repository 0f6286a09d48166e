//! Operations on one entity's items: `show` (read and compute what the client
//! would see now), `verify` (integrity rules) and `reset` (batched deletes of
//! bucket items only).

mod convert;
mod read;
pub mod reset;
pub mod show;
pub mod verify;

/// The current time in epoch milliseconds (the client's clock unit).
fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Epoch milliseconds as ISO-8601 UTC.
fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_else(|| ms.to_string())
}
