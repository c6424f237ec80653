//! The human report: findings grouped by file, each paragraph shown with the match underlined (miette).

use crate::finding::{Finding, Severity};
use crate::run::{FileStatus, Report, Summary};
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use std::fmt::{self, Write};

use super::Style;

pub fn render(report: &Report, style: Style) -> String {
    let mut out = Vec::new();
    let _ = super::stream::write_report(report, &mut Stream::new(style), &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The human report, written file by file.
pub struct Stream {
    handler: GraphicalReportHandler,
    style: Style,
}

impl Stream {
    pub fn new(style: Style) -> Stream {
        Stream {
            handler: handler(style),
            style,
        }
    }

    /// The findings of one file under its name (the name left out with `--quiet`).
    fn findings(&self, out: &mut String, path: &str, findings: &[&Finding]) {
        if !self.style.quiet {
            let _ = writeln!(out, "{path}");
        }
        for &finding in findings {
            self.finding(out, finding);
        }
    }

    fn finding(&self, out: &mut String, finding: &Finding) {
        if self.style.quiet {
            let _ = writeln!(out, "{}", one_line(finding));
            return;
        }
        let diagnostic = FindingDiagnostic::new(finding);
        let _ = self.handler.render_report(out, &diagnostic);
        out.push_str(&related_lines(finding));
        out.push('\n');
    }
}

impl super::stream::Writer for Stream {
    fn file(
        &mut self,
        out: &mut dyn std::io::Write,
        status: &FileStatus,
        findings: &[&Finding],
    ) -> std::io::Result<()> {
        if findings.is_empty() && status.status == "ok" {
            return Ok(());
        }
        let mut text = String::new();
        if let Some(error) = &status.error {
            if !self.style.quiet {
                let _ = writeln!(text, "{}", status.path);
            }
            let _ = writeln!(text, "  × kunde inte läsas: {error}\n");
            for &finding in findings {
                self.finding(&mut text, finding);
            }
        } else {
            self.findings(&mut text, &status.path, findings);
        }
        if status.findings_dropped > 0 {
            let _ = writeln!(
                text,
                "  … och {} fynd till som inte visas (gränsen per fil; höj den med --max-findings eller [limits] max_findings_per_file)\n",
                status.findings_dropped
            );
        }
        out.write_all(text.as_bytes())
    }

    /// Under a heading of their own, grouped by the file each is reported in.
    fn packages(
        &mut self,
        out: &mut dyn std::io::Write,
        findings: &[&Finding],
    ) -> std::io::Result<()> {
        if findings.is_empty() {
            return Ok(());
        }
        let mut text = String::new();
        if !self.style.quiet {
            text.push_str("Jämförelser mellan dokumenten i samma upphandling\n\n");
        }
        for group in findings.chunk_by(|a, b| a.path == b.path) {
            if let Some(first) = group.first() {
                self.findings(&mut text, &first.path, group);
            }
        }
        out.write_all(text.as_bytes())
    }

    fn tail(
        &mut self,
        out: &mut dyn std::io::Write,
        tail: &super::stream::Tail,
    ) -> std::io::Result<()> {
        writeln!(out, "{}", summary_line(tail.summary))
    }
}

fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
        .with_context_lines(1)
        .without_primary_span_start()
}

/// `anbud.docx:¶4: error [rule] message` — for `--quiet`.
fn one_line(f: &Finding) -> String {
    format!(
        "{} › {}: {} [{}] {}",
        f.path,
        f.location.describe(),
        f.severity.swedish(),
        f.rule,
        f.message
    )
}

/// Joins the digit groups of a number (`1 200 000 kr`) with no-break spaces, so that wrapping a long
/// message never splits an amount over two lines.
fn keep_numbers_whole(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let joins_digit_groups = c == ' '
            && i > 0
            && chars.get(i - 1).is_some_and(char::is_ascii_digit)
            && chars
                .get(i + 1..i + 4)
                .is_some_and(|group| group.iter().all(char::is_ascii_digit))
            && !chars.get(i + 4).is_some_and(char::is_ascii_digit);
        out.push(if joins_digit_groups { '\u{a0}' } else { c });
    }
    out
}

/// `  se även: fil › ¶14: meddelande` for each place a finding points to besides its own.
fn related_lines(finding: &Finding) -> String {
    let mut out = String::new();
    for related in &finding.related {
        let place = if related.path == finding.path {
            related.location.describe()
        } else {
            format!("{} › {}", related.path, related.location.describe())
        };
        let _ = writeln!(
            out,
            "  se även: {place}: {}",
            keep_numbers_whole(&related.message)
        );
    }
    out
}

/// The closing line: files, findings by severity, unreadable files.
pub fn summary_line(s: &Summary) -> String {
    let mut line = format!(
        "{} {} granskade: {} fel, {} {}, {} info",
        s.files,
        if s.files == 1 { "fil" } else { "filer" },
        s.errors,
        s.warnings,
        if s.warnings == 1 {
            "varning"
        } else {
            "varningar"
        },
        s.infos
    );
    if s.files_unreadable > 0 {
        let _ = write!(
            line,
            "; {} {} kunde inte läsas",
            s.files_unreadable,
            if s.files_unreadable == 1 {
                "fil"
            } else {
                "filer"
            }
        );
    }
    line.push('.');
    line
}

/// A finding as a miette diagnostic, its source being just the paragraph (or cell).
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    message: String,
    source: BlockSource,
    help: Option<String>,
}

impl<'a> FindingDiagnostic<'a> {
    fn new(finding: &'a Finding) -> Self {
        let help = match (&finding.suggestion, &finding.help) {
            (Some(s), Some(h)) => Some(format!("Förslag: {s}. {h}")),
            (Some(s), None) => Some(format!("Förslag: {s}")),
            (None, Some(h)) => Some(h.clone()),
            (None, None) => None,
        }
        .map(|h| keep_numbers_whole(&h));
        FindingDiagnostic {
            finding,
            message: keep_numbers_whole(&finding.message),
            source: BlockSource {
                name: format!("{} › {}", finding.path, finding.location.describe()),
                text: finding.context.clone(),
                line: finding.location.line_number() as usize,
            },
            help,
        }
    }
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding
            .url
            .as_ref()
            .map(|u| Box::new(u) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        (!self.source.text.is_empty()).then_some(&self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.source.text.is_empty() {
            return None;
        }
        let (start, end) = self.finding.context_range;
        let label = if self.finding.matched.is_empty() {
            "här"
        } else {
            "hittat här"
        };
        let span = SourceSpan::from((
            start,
            end.saturating_sub(start).max(usize::from(end == start)),
        ));
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(label.to_string()),
            span,
        ))))
    }
}

/// One block of text whose first line is shown as the paragraph (or row) number.
#[derive(Debug)]
struct BlockSource {
    name: String,
    text: String,
    line: usize,
}

impl SourceCode for BlockSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.line.saturating_sub(1),
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// Files that could not be read, for a closing list.
pub fn unreadable(files: &[FileStatus]) -> impl Iterator<Item = &FileStatus> {
    files.iter().filter(|f| f.status == "error")
}

#[cfg(test)]
mod tests {
    use super::keep_numbers_whole;

    #[test]
    fn digit_groups_are_joined_and_other_spaces_kept() {
        assert_eq!(
            keep_numbers_whole("men 3 800 000 kr i 12 avtal, 2024 123"),
            "men 3\u{a0}800\u{a0}000 kr i 12 avtal, 2024\u{a0}123"
        );
        assert_eq!(keep_numbers_whole("rad 12 3456"), "rad 12 3456");
        assert_eq!(keep_numbers_whole(""), "");
    }
}
