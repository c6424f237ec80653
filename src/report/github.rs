//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,endColumn=…,title=RULE::message`, one per
//! finding (error, warning, notice), escaped as the runner expects; the summary line closes the output.

use crate::finding::{Finding, Severity};
use crate::model::Part;
use crate::paths::relative_to_cwd;
use crate::run::{FileStatus, Report};
use std::fmt::Write;

use super::human::summary_line;
use super::place;

pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    let _ = super::stream::write_report(report, &mut Stream, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Workflow commands, written file by file: an unreadable file is an error of its own.
pub struct Stream;

impl super::stream::Writer for Stream {
    fn file(
        &mut self,
        out: &mut dyn std::io::Write,
        status: &FileStatus,
        findings: &[&Finding],
    ) -> std::io::Result<()> {
        if status.status == "error" {
            writeln!(out, "{}", unreadable(status))?;
        }
        self.packages(out, findings)
    }

    fn packages(
        &mut self,
        out: &mut dyn std::io::Write,
        findings: &[&Finding],
    ) -> std::io::Result<()> {
        for &finding in findings {
            writeln!(out, "{}", command(finding))?;
        }
        Ok(())
    }

    fn tail(
        &mut self,
        out: &mut dyn std::io::Write,
        tail: &super::stream::Tail,
    ) -> std::io::Result<()> {
        writeln!(out, "{}", summary_line(tail.summary))
    }
}

/// One workflow command for one finding.
pub fn command(finding: &Finding) -> String {
    let line = finding.location.line_number();
    let mut properties = format!(
        "file={},line={line},endLine={line}",
        escape_property(&relative_to_cwd(&finding.path))
    );
    if !place::is_document_level(finding) {
        let _ = write!(
            properties,
            ",col={},endColumn={}",
            finding.start + 1,
            finding.end.max(finding.start) + 1
        );
    }
    let _ = write!(properties, ",title={}", escape_property(&finding.rule));
    format!(
        "::{} {properties}::{}",
        command_name(finding.severity),
        escape_data(&message(finding))
    )
}

/// The message, with where it is for documents whose "line" is a paragraph or a row, and the suggestion.
fn message(finding: &Finding) -> String {
    let mut text = finding.message.clone();
    if finding.location.part != Some(Part::Line) {
        let _ = write!(text, " ({})", place::describe(finding));
    }
    if let Some(suggestion) = &finding.suggestion {
        let _ = write!(text, "\nFörslag: {suggestion}");
    }
    text
}

fn unreadable(file: &FileStatus) -> String {
    let reason = file
        .error_sv
        .as_deref()
        .or(file.error.as_deref())
        .unwrap_or("");
    format!(
        "::error file={},title=upplint::{}",
        escape_property(&relative_to_cwd(&file.path)),
        escape_data(&format!("Filen kunde inte läsas: {reason}"))
    )
}

fn command_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes a command's message: `%`, CR and LF.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as data, plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(escape_data("50%\r\nrad"), "50%25%0D%0Arad");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
