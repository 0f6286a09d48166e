//! Releasing the aggregator, as typed facts and pure decisions: the version record
//! (`record`), the published versions and the alias `live` (`versions`), and the
//! verification of a release (`verify`).

pub mod record;
pub mod verify;
pub mod versions;
