//! The limiter stack as data: its template and parameters, what an import holds,
//! which way deploy goes from each state, and its events.

pub mod events;
pub mod import;
pub mod params;
pub mod route;
pub mod state;
pub mod tags;
pub mod template;
