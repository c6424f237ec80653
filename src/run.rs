//! One run: discover files, read and check them in parallel, and collect what the reporters need.

use crate::check::{PackInfo, RuleSet, sort_findings};
use crate::discover::discover;
use crate::finding::{Finding, Severity};
use crate::read::{Limits, ReadError, read_path};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use std::path::PathBuf;

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
        }
    }

    /// Recomputes the summary after findings were filtered (suppressions, baseline, selection).
    pub fn refresh(&mut self) {
        for file in &mut self.files {
            file.findings = self.findings.iter().filter(|f| f.path == file.path).count();
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

/// Reads and checks every file under `paths`; unreadable files get an error status and the run goes on.
/// Documents are dropped as soon as they are checked, so memory follows the largest file, not the count.
pub fn run(paths: &[PathBuf], rules: &RuleSet, limits: &Limits) -> Report {
    let files = discover(paths);
    let results: Vec<(FileStatus, Vec<Finding>)> = files
        .par_iter()
        .map(|path| check_file(path, rules, limits))
        .collect();
    let mut statuses = Vec::with_capacity(results.len());
    let mut findings = Vec::new();
    for (status, mut file_findings) in results {
        statuses.push(status);
        findings.append(&mut file_findings);
    }
    sort_findings(&mut findings);
    Report::new(rules.env.as_of, rules.packs.clone(), statuses, findings)
}

/// Reads and checks one file.
pub fn check_file(
    path: &std::path::Path,
    rules: &RuleSet,
    limits: &Limits,
) -> (FileStatus, Vec<Finding>) {
    let display = path.to_string_lossy().to_string();
    match read_path(path, limits) {
        Ok(doc) => {
            let (findings, dropped) =
                rules.check_document_capped(&doc, limits.max_findings_per_file);
            (ok_status(display, findings.len(), dropped), findings)
        }
        Err(error) => (error_status(display, &error), Vec::new()),
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
