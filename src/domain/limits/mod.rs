//! Limits as code: the file model, parsing and validation with positions,
//! the plan (what differs between the file and the table), and export.
//! Pure: the table's state arrives as typed facts from `ops::limits`.

pub mod export;
pub mod model;
pub mod parse;
pub mod plan;
pub mod validate;

pub use model::{EntityState, Limit, LimitKey, Meta, TableState};
pub use plan::{Change, Plan};
