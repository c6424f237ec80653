//! Rendering a report in the format its reader needs; renderers never re-run checks.

pub mod html;
pub mod human;
pub mod json;

use crate::run::Report;

/// The output formats of `upplint check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Grouped by file, the paragraph shown with the match underlined.
    Human,
    /// `{"version": 1, "files": [...], "findings": [...], "summary": {...}}`.
    Json,
    /// One self-contained HTML page in Swedish (with --output rapport.html).
    Html,
}

/// How the human format may decorate its output.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
    pub quiet: bool,
}

/// Renders the whole report as text.
pub fn render(report: &Report, format: Format, style: Style) -> String {
    match format {
        Format::Human => human::render(report, style),
        Format::Json => json::render(report),
        Format::Html => html::render(report),
    }
}
