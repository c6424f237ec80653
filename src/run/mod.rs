//! One run: discover files, read and check them in parallel, and hand each file's findings on in file
//! order as soon as they are ready — to a report written as the run goes, or collected whole.

pub mod ordered;

use crate::check::facts::Facts;
use crate::check::{PackInfo, RuleSet, sort_findings};
use crate::discover::discover;
use crate::finding::{Finding, Severity};
use crate::read::{Limits, ReadError, read_path};
use crate::report::rule_info::RuleInfo;
use crate::stats::{DocStats, doc_stats};
use crate::suppress;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

/// How one input file went.
#[derive(Debug, Clone, Serialize)]
pub struct FileStatus {
    pub path: String,
    /// "ok" or "error".
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<&'static str>,
    /// The reason in Swedish, for reports read by procurement staff.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_sv: Option<String>,
    pub findings: usize,
    /// Findings beyond the per-file limit that were counted but not listed.
    #[serde(skip_serializing_if = "is_zero")]
    pub findings_dropped: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub files: usize,
    pub files_unreadable: usize,
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// Everything a reporter renders.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub version: u32,
    pub as_of: NaiveDate,
    pub packs: Vec<PackInfo>,
    pub files: Vec<FileStatus>,
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// The rules in force (for SARIF's rule list); not part of the JSON contract.
    #[serde(skip)]
    pub rules: Vec<RuleInfo>,
    /// Readability of each document read (for the HTML report), in file order; additive to version 1.
    pub documents: Vec<DocStats>,
}

impl Report {
    pub fn new(
        as_of: NaiveDate,
        packs: Vec<PackInfo>,
        files: Vec<FileStatus>,
        findings: Vec<Finding>,
    ) -> Report {
        let summary = summarise(&files, &findings);
        Report {
            version: 1,
            as_of,
            packs,
            files,
            findings,
            summary,
            rules: Vec::new(),
            documents: Vec::new(),
        }
    }

    /// Recomputes the summary after findings were filtered (suppressions, baseline, selection).
    pub fn refresh(&mut self) {
        let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for finding in &self.findings {
            *counts.entry(finding.path.as_str()).or_default() += 1;
        }
        for file in &mut self.files {
            file.findings = counts.get(file.path.as_str()).copied().unwrap_or(0);
        }
        self.summary = summarise(&self.files, &self.findings);
    }

    /// Whether any finding is at or above `level`.
    pub fn fails_at(&self, level: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= level)
    }
}

fn summarise(files: &[FileStatus], findings: &[Finding]) -> Summary {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    Summary {
        files: files.len(),
        files_unreadable: files.iter().filter(|f| f.status == "error").count(),
        findings: findings.len(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        infos: count(Severity::Info),
    }
}

/// Told how far a run has come (the CLI draws a progress bar from it).
pub trait Progress: Sync {
    fn start(&self, _files: usize) {}
    fn file_done(&self) {}
    fn finish(&self) {}
}

/// No progress shown.
pub struct NoProgress;

impl Progress for NoProgress {}

/// Receives what a run finds, file by file in the order of the files, as soon as it is ready.
pub trait Sink: Send {
    /// One file checked (or found unreadable), its findings sorted.
    fn file(&mut self, outcome: FileOutcome);
    /// The findings that compare the documents of a tender package with each other, sorted; they need
    /// every document, so they come after the last file.
    fn packages(&mut self, findings: Vec<Finding>);
    /// Whether the sink wants no more (the files not yet started are then left unchecked).
    fn stopped(&self) -> bool {
        false
    }
}

/// Reads and checks `files` in parallel and hands each outcome to `sink` in file order. Documents are
/// dropped as soon as they are checked and outcomes handed on as soon as the ones before them are, so
/// memory follows the largest files, not their number; only each document's small facts are kept, to
/// compare the documents of a tender package at the end.
pub fn check_files(
    files: &[PathBuf],
    rules: &RuleSet,
    limits: &Limits,
    progress: &dyn Progress,
    sink: &mut dyn Sink,
) {
    progress.start(files.len());
    let mut facts = Vec::new();
    let stop = AtomicBool::new(false);
    ordered::in_order(
        files,
        |path| {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            let outcome = check_file(path, rules, limits);
            progress.file_done();
            Some(outcome)
        },
        ordered::Budget {
            weigh: |outcome: &Option<FileOutcome>| outcome.as_ref().map_or(0, weight),
            limit: HELD_WEIGHT,
        },
        |outcome: Option<FileOutcome>| {
            if let Some(mut outcome) = outcome.filter(|_| !sink.stopped()) {
                facts.extend(outcome.facts.take());
                sink.file(outcome);
            }
            if sink.stopped() {
                stop.store(true, Ordering::Relaxed);
            }
        },
    );
    progress.finish();
    if !sink.stopped() {
        sink.packages(rules.check_packages(&facts));
    }
}

/// How much checked work may wait for a slower file before it is handed on, in findings (about 1–3 KB
/// each): enough that two threads never stall behind one large spreadsheet on the benchmark corpus,
/// a bound on memory however many files a run has.
const HELD_WEIGHT: usize = 10_000;

/// A file's outcome in findings: its own, and the status, facts and figures (about as much as eight).
fn weight(outcome: &FileOutcome) -> usize {
    outcome.findings.len() + 8
}

/// Reads and checks every file under `paths` into one report; unreadable files get an error status and
/// the run goes on.
pub fn run(paths: &[PathBuf], rules: &RuleSet, limits: &Limits) -> Report {
    run_with_progress(paths, rules, limits, &NoProgress)
}

/// `run`, telling `progress` about each file checked.
pub fn run_with_progress(
    paths: &[PathBuf],
    rules: &RuleSet,
    limits: &Limits,
    progress: &dyn Progress,
) -> Report {
    let mut collected = Collected::default();
    check_files(&discover(paths), rules, limits, progress, &mut collected);
    let mut findings = collected.findings;
    sort_findings(&mut findings);
    let mut report = Report::new(
        rules.env.as_of,
        rules.packs.clone(),
        collected.statuses,
        findings,
    );
    report.rules = RuleInfo::from_set(rules);
    report.documents = collected.documents;
    report
}

/// Everything a run handed on, for a report rendered whole.
#[derive(Default)]
struct Collected {
    statuses: Vec<FileStatus>,
    findings: Vec<Finding>,
    documents: Vec<DocStats>,
}

impl Sink for Collected {
    fn file(&mut self, outcome: FileOutcome) {
        let FileOutcome {
            status,
            mut findings,
            stats,
            ..
        } = outcome;
        self.statuses.push(status);
        self.findings.append(&mut findings);
        self.documents.extend(stats);
    }

    fn packages(&mut self, mut findings: Vec<Finding>) {
        count_package_findings(&mut self.statuses, &findings);
        self.findings.append(&mut findings);
    }
}

/// What checking one file gave.
#[derive(Debug)]
pub struct FileOutcome {
    pub status: FileStatus,
    pub findings: Vec<Finding>,
    /// The document's facts, kept when some rule compares tender packages.
    pub facts: Option<Facts>,
    /// Readability figures, for files that could be read.
    pub stats: Option<DocStats>,
}

/// Reads and checks one file.
pub fn check_file(path: &std::path::Path, rules: &RuleSet, limits: &Limits) -> FileOutcome {
    let display = path.to_string_lossy().to_string();
    match read_path(path, limits) {
        Ok(doc) => {
            let checked = rules.check_document_capped(&doc, limits.max_findings_per_file);
            let mut findings = suppress::comments::apply(&doc, rules, checked.findings);
            sort_findings(&mut findings);
            let dropped = checked.dropped;
            let facts = checked.facts.map(|facts| rules.keep_for_packages(facts));
            FileOutcome {
                status: ok_status(display, findings.len(), dropped),
                findings,
                facts,
                stats: Some(doc_stats(&doc)),
            }
        }
        Err(error) => FileOutcome {
            status: error_status(display, &error),
            findings: Vec::new(),
            facts: None,
            stats: None,
        },
    }
}

/// Adds the package findings to the counts of the files they are reported in.
pub fn count_package_findings(statuses: &mut [FileStatus], findings: &[Finding]) {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for finding in findings {
        counts
            .entry(finding.path.as_str())
            .and_modify(|n| *n += 1)
            .or_insert(1);
    }
    for status in statuses {
        status.findings += counts.get(status.path.as_str()).copied().unwrap_or(0);
    }
}

fn ok_status(path: String, findings: usize, dropped: usize) -> FileStatus {
    FileStatus {
        path,
        status: "ok",
        error: None,
        error_code: None,
        error_sv: None,
        findings,
        findings_dropped: dropped,
    }
}

fn error_status(path: String, error: &ReadError) -> FileStatus {
    FileStatus {
        path,
        status: "error",
        error: Some(error.to_string()),
        error_code: Some(error.code()),
        error_sv: Some(error.swedish()),
        findings: 0,
        findings_dropped: 0,
    }
}
