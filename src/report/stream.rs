//! Reports written as the run goes: each file's findings as soon as the file is checked, the package
//! comparisons after the last file, the totals at the end — so a run over thousands of documents holds
//! one document's findings at a time, not the whole report.

use super::{Format, Style, github, human, json, render};
use crate::check::PackInfo;
use crate::finding::{Finding, Severity};
use crate::report::rule_info::RuleInfo;
use crate::run::{FileOutcome, FileStatus, Report, Sink, Summary, count_package_findings};
use crate::stats::DocStats;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::io::{self, Write};

/// What a report says before the first file.
pub struct Head<'a> {
    pub as_of: NaiveDate,
    pub packs: &'a [PackInfo],
    pub rules: &'a [RuleInfo],
}

/// What a report says after the last file.
pub struct Tail<'a> {
    pub files: &'a [FileStatus],
    pub summary: &'a Summary,
    pub documents: &'a [DocStats],
}

/// One output format, written piece by piece.
pub trait Writer: Send {
    fn head(&mut self, _out: &mut dyn Write, _head: &Head) -> io::Result<()> {
        Ok(())
    }
    /// One file, with its findings (after suppressions and the baseline), in report order.
    fn file(
        &mut self,
        out: &mut dyn Write,
        status: &FileStatus,
        findings: &[&Finding],
    ) -> io::Result<()>;
    /// The findings that compare the documents of a package, after every file.
    fn packages(&mut self, out: &mut dyn Write, findings: &[&Finding]) -> io::Result<()>;
    fn tail(&mut self, out: &mut dyn Write, tail: &Tail) -> io::Result<()>;
    /// Whether the tail shows each document's readability figures (otherwise they are not kept).
    fn shows_documents(&self) -> bool {
        false
    }
}

/// The writer of `format`. Human, JSON and GitHub output are written as the run goes; SARIF, JUnit and
/// HTML put totals or a table of contents first, so they are collected and rendered at the end.
pub fn writer(format: Format, style: Style) -> Box<dyn Writer> {
    match format {
        Format::Human => Box::new(human::Stream::new(style)),
        Format::Json => Box::new(json::Stream::default()),
        Format::Github => Box::new(github::Stream),
        Format::Sarif | Format::Junit | Format::Html => Box::new(Whole::new(format, style)),
    }
}

/// Writes a finished report with `writer`: the same text as a run streamed into it, except that package
/// comparisons stand with the findings of their files.
pub fn write_report(
    report: &Report,
    writer: &mut dyn Writer,
    out: &mut dyn Write,
) -> io::Result<()> {
    writer.head(
        out,
        &Head {
            as_of: report.as_of,
            packs: &report.packs,
            rules: &report.rules,
        },
    )?;
    let by_path = super::by_path(&report.findings);
    for file in &report.files {
        let findings = by_path
            .get(file.path.as_str())
            .map_or(&[][..], Vec::as_slice);
        writer.file(out, file, findings)?;
    }
    let listed: HashSet<&str> = report.files.iter().map(|f| f.path.as_str()).collect();
    let unlisted: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| !listed.contains(f.path.as_str()))
        .collect();
    writer.packages(out, &unlisted)?;
    writer.tail(
        out,
        &Tail {
            files: &report.files,
            summary: &report.summary,
            documents: &report.documents,
        },
    )
}

/// A report collected whole and rendered at the end, for formats that cannot be written as they go.
struct Whole {
    format: Format,
    style: Style,
    as_of: Option<NaiveDate>,
    packs: Vec<PackInfo>,
    rules: Vec<RuleInfo>,
    findings: Vec<Finding>,
}

impl Whole {
    fn new(format: Format, style: Style) -> Whole {
        Whole {
            format,
            style,
            as_of: None,
            packs: Vec::new(),
            rules: Vec::new(),
            findings: Vec::new(),
        }
    }
}

impl Writer for Whole {
    fn head(&mut self, _out: &mut dyn Write, head: &Head) -> io::Result<()> {
        self.as_of = Some(head.as_of);
        self.packs = head.packs.to_vec();
        self.rules = head.rules.to_vec();
        Ok(())
    }

    fn file(
        &mut self,
        _out: &mut dyn Write,
        _status: &FileStatus,
        findings: &[&Finding],
    ) -> io::Result<()> {
        self.findings.extend(findings.iter().map(|&f| f.clone()));
        Ok(())
    }

    fn packages(&mut self, _out: &mut dyn Write, findings: &[&Finding]) -> io::Result<()> {
        self.findings.extend(findings.iter().map(|&f| f.clone()));
        crate::check::sort_findings(&mut self.findings);
        Ok(())
    }

    fn tail(&mut self, out: &mut dyn Write, tail: &Tail) -> io::Result<()> {
        let report = Report {
            version: 1,
            as_of: self.as_of.unwrap_or_default(),
            packs: std::mem::take(&mut self.packs),
            files: tail.files.to_vec(),
            findings: std::mem::take(&mut self.findings),
            summary: tail.summary.clone(),
            rules: std::mem::take(&mut self.rules),
            documents: tail.documents.to_vec(),
        };
        out.write_all(render(&report, self.format, self.style).as_bytes())
    }

    fn shows_documents(&self) -> bool {
        self.format == Format::Html
    }
}

/// Which findings a run reports: the CLI drops those the config ignores or the baseline knows.
pub trait Filter: Send {
    fn retain(&mut self, findings: &mut Vec<Finding>);
}

/// Every finding is reported.
pub struct KeepAll;

impl Filter for KeepAll {
    fn retain(&mut self, _findings: &mut Vec<Finding>) {}
}

/// How a streamed run ended.
#[derive(Debug, Clone)]
pub struct Written {
    pub summary: Summary,
    pub files: Vec<FileStatus>,
    /// The most severe finding reported.
    pub worst: Option<Severity>,
}

impl Written {
    /// Whether any finding is at or above `level`.
    pub fn fails_at(&self, level: Severity) -> bool {
        self.worst.is_some_and(|worst| worst >= level)
    }
}

/// A run's sink that filters each file's findings, counts them and writes them at once. Only the
/// files' statuses and readability figures are kept to the end (for the totals and the JSON `files`).
pub struct Streaming<'a> {
    writer: Box<dyn Writer>,
    out: &'a mut (dyn Write + Send),
    filter: &'a mut dyn Filter,
    files: Vec<FileStatus>,
    documents: Vec<DocStats>,
    summary: Summary,
    worst: Option<Severity>,
    failed: Option<io::Error>,
}

impl<'a> Streaming<'a> {
    /// Starts the report: writes its head.
    pub fn start(
        mut writer: Box<dyn Writer>,
        out: &'a mut (dyn Write + Send),
        filter: &'a mut dyn Filter,
        head: &Head,
    ) -> Streaming<'a> {
        let failed = writer.head(out, head).err();
        Streaming {
            writer,
            out,
            filter,
            files: Vec::new(),
            documents: Vec::new(),
            summary: Summary::default(),
            worst: None,
            failed,
        }
    }

    /// Writes the totals. The run's totals come back even when writing failed (the first error, if any,
    /// is returned beside them): the exit status still depends on them.
    pub fn finish(mut self) -> (Written, io::Result<()>) {
        let written = match self.failed.take() {
            Some(error) => Err(error),
            None => self.writer.tail(
                self.out,
                &Tail {
                    files: &self.files,
                    summary: &self.summary,
                    documents: &self.documents,
                },
            ),
        };
        let totals = Written {
            summary: self.summary,
            files: self.files,
            worst: self.worst,
        };
        (totals, written)
    }

    fn count(&mut self, findings: &[Finding]) {
        self.summary.findings += findings.len();
        for finding in findings {
            match finding.severity {
                Severity::Error => self.summary.errors += 1,
                Severity::Warning => self.summary.warnings += 1,
                Severity::Info => self.summary.infos += 1,
            }
            self.worst = self.worst.max(Some(finding.severity));
        }
    }

    fn write(&mut self, write: impl FnOnce(&mut dyn Writer, &mut dyn Write) -> io::Result<()>) {
        if self.failed.is_none()
            && let Err(error) = write(self.writer.as_mut(), self.out)
        {
            self.failed = Some(error);
        }
    }
}

impl Sink for Streaming<'_> {
    /// Once the output cannot be written (a closed pipe, a full disk), checking more files is wasted.
    fn stopped(&self) -> bool {
        self.failed.is_some()
    }

    fn file(&mut self, outcome: FileOutcome) {
        let FileOutcome {
            mut status,
            mut findings,
            stats,
            ..
        } = outcome;
        self.filter.retain(&mut findings);
        status.findings = findings.len();
        self.summary.files += 1;
        if status.status == "error" {
            self.summary.files_unreadable += 1;
        }
        self.count(&findings);
        if self.writer.shows_documents() {
            self.documents.extend(stats);
        }
        let refs: Vec<&Finding> = findings.iter().collect();
        self.write(|writer, out| writer.file(out, &status, &refs));
        self.files.push(status);
    }

    fn packages(&mut self, mut findings: Vec<Finding>) {
        self.filter.retain(&mut findings);
        count_package_findings(&mut self.files, &findings);
        self.count(&findings);
        let refs: Vec<&Finding> = findings.iter().collect();
        self.write(|writer, out| writer.packages(out, &refs));
    }
}
