//! The JSON report: a stable machine contract (`version` 1), written as the run goes.
//!
//! `{"version", "as_of", "packs", "findings": [...], "files", "summary", "documents"}`: the findings are
//! written as each file is checked, the package comparisons after them; the files' statuses, which count
//! the package findings too, come after the findings.

use super::stream::{Head, Tail, Writer};
use crate::finding::Finding;
use crate::run::{FileStatus, Report};
use serde::Serialize;
use std::io::{self, Write};

pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    let _ = write(report, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes a finished report.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    super::stream::write_report(report, &mut Stream::default(), out)
}

/// The JSON report, written piece by piece.
#[derive(Default)]
pub struct Stream {
    findings_written: usize,
}

impl Stream {
    fn findings(&mut self, out: &mut dyn Write, findings: &[&Finding]) -> io::Result<()> {
        for &finding in findings {
            out.write_all(if self.findings_written == 0 {
                b"\n    "
            } else {
                b",\n    "
            })?;
            write_indented(out, finding, "    ")?;
            self.findings_written += 1;
        }
        Ok(())
    }
}

impl Writer for Stream {
    fn head(&mut self, out: &mut dyn Write, head: &Head) -> io::Result<()> {
        out.write_all(b"{\n  \"version\": 1,\n  \"as_of\": ")?;
        serde_json::to_writer(&mut *out, &head.as_of)?;
        out.write_all(b",\n  \"packs\": ")?;
        write_indented(out, &head.packs, "  ")?;
        out.write_all(b",\n  \"findings\": [")
    }

    fn file(
        &mut self,
        out: &mut dyn Write,
        _status: &FileStatus,
        findings: &[&Finding],
    ) -> io::Result<()> {
        self.findings(out, findings)
    }

    fn packages(&mut self, out: &mut dyn Write, findings: &[&Finding]) -> io::Result<()> {
        self.findings(out, findings)
    }

    fn tail(&mut self, out: &mut dyn Write, tail: &Tail) -> io::Result<()> {
        out.write_all(if self.findings_written == 0 {
            b"]"
        } else {
            b"\n  ]"
        })?;
        out.write_all(b",\n  \"files\": ")?;
        write_indented(out, &tail.files, "  ")?;
        out.write_all(b",\n  \"summary\": ")?;
        write_indented(out, tail.summary, "  ")?;
        out.write_all(b",\n  \"documents\": ")?;
        write_indented(out, &tail.documents, "  ")?;
        out.write_all(b"\n}\n")
    }

    fn shows_documents(&self) -> bool {
        true
    }
}

/// Pretty JSON of `value` as it stands at a depth of `indent` in the document: JSON strings never hold a
/// raw line break, so indenting each line after the first is exact.
fn write_indented(out: &mut dyn Write, value: &impl Serialize, indent: &str) -> io::Result<()> {
    let text = serde_json::to_vec_pretty(value)?;
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
            out.write_all(indent.as_bytes())?;
        }
        out.write_all(line)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_report_is_the_serialised_report() {
        let loaded = crate::rules::load(&crate::rules::LoadOptions {
            no_config: true,
            ..Default::default()
        })
        .unwrap();
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let env = crate::check::env::Env::from_layers(&loaded, as_of);
        let rules = crate::check::RuleSet::compile(&loaded, env).unwrap_or_else(|_| panic!());
        let report = crate::run::run(
            &[std::path::PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/fixtures/upphandlingsdokument-stadtjanster.docx"
            ))],
            &rules,
            &crate::read::Limits::default(),
        );
        let written = render(&report);
        assert!(report.summary.findings > 0);
        let parsed: serde_json::Value = serde_json::from_str(&written).unwrap();
        let expected = serde_json::to_value(&report).unwrap();
        assert_eq!(parsed, expected, "the same document as serde would write");
        assert!(written.starts_with("{\n  \"version\": 1,\n  \"as_of\": \"2026-11-21\",\n"));
        assert!(
            written.ends_with("\n  ]\n}\n"),
            "documents close the report"
        );
    }
}
