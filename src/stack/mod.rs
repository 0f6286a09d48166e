//! The limiter stack: its template and parameters, CloudFormation operations,
//! and what a status means.

pub mod events;
pub mod import;
pub mod ops;
pub mod params;
pub mod route;
pub mod template;
pub mod watch;
