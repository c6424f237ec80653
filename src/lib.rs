//! upplint: a linter for Swedish public procurement documents — read → check → report.

pub mod discover;
pub mod finding;
pub mod model;
pub mod read;
pub mod text;
