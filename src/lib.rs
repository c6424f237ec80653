//! upplint: a linter for Swedish public procurement documents — read → check → report.

pub mod annotate;
pub mod baseline;
pub mod check;
pub mod cli;
pub mod discover;
pub mod finding;
pub mod model;
pub mod paths;
pub mod read;
pub mod report;
pub mod rules;
pub mod run;
pub mod stats;
pub mod suppress;
pub mod text;
