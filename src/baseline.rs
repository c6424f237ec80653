//! Baselines: the findings a project has accepted for now (`--write-baseline`), so that a run with
//! `--baseline` reports only new ones. Entries are matched by path (relative to the baseline file's folder)
//! and fingerprint, which survives edits elsewhere in the document.

use crate::finding::Finding;
use crate::paths::relative_to;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The version of the baseline file format this build reads and writes.
pub const VERSION: u32 = 1;

/// A baseline file: `{"version": 1, "tool": "upplint", "findings": [{path, rule, fingerprint}, …]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    #[serde(default)]
    pub tool: String,
    pub findings: Vec<Entry>,
}

/// One accepted finding. Entries are sorted by path, rule and fingerprint, so the file diffs well.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
}

impl Baseline {
    /// The baseline of `findings`, their paths made relative to `base` (the baseline file's folder).
    pub fn from_findings(findings: &[Finding], base: &Path) -> Baseline {
        let mut recorder = Recorder::new(base);
        recorder.record(findings);
        recorder.baseline()
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Parses a baseline file's text; another version or shape is an error that says so.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let baseline: Baseline =
            serde_json::from_str(text).map_err(|e| format!("not an upplint baseline: {e}"))?;
        if baseline.version != VERSION {
            return Err(format!(
                "baseline version {} is not supported (this upplint reads version {VERSION})",
                baseline.version
            ));
        }
        Ok(baseline)
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        Baseline::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Removes the findings the baseline holds; returns how many were removed.
    pub fn remove_known(&self, findings: &mut Vec<Finding>, base: &Path) -> usize {
        Known::new(self, base).remove_from(findings)
    }
}

/// A baseline's entries, looked up by path and fingerprint, for removing them run by run or file by file.
pub struct Known {
    entries: BTreeSet<(String, String)>,
    base: PathBuf,
}

impl Known {
    pub fn new(baseline: &Baseline, base: &Path) -> Known {
        Known {
            entries: baseline
                .findings
                .iter()
                .map(|e| (e.path.clone(), e.fingerprint.clone()))
                .collect(),
            base: base.to_path_buf(),
        }
    }

    /// Removes the findings the baseline holds; returns how many were removed.
    pub fn remove_from(&self, findings: &mut Vec<Finding>) -> usize {
        let before = findings.len();
        findings.retain(|f| {
            let key = (relative_to(&f.path, &self.base), f.fingerprint.clone());
            !self.entries.contains(&key)
        });
        before - findings.len()
    }
}

/// A baseline being recorded from findings as they come.
pub struct Recorder {
    entries: BTreeSet<Entry>,
    base: PathBuf,
}

impl Recorder {
    /// Paths will be made relative to `base`, the baseline file's folder.
    pub fn new(base: &Path) -> Recorder {
        Recorder {
            entries: BTreeSet::new(),
            base: base.to_path_buf(),
        }
    }

    pub fn record(&mut self, findings: &[Finding]) {
        self.entries.extend(findings.iter().map(|f| Entry {
            path: relative_to(&f.path, &self.base),
            rule: f.rule.clone(),
            fingerprint: f.fingerprint.clone(),
        }));
    }

    pub fn baseline(self) -> Baseline {
        Baseline {
            version: VERSION,
            tool: "upplint".to_string(),
            findings: self.entries.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_other_versions_and_shapes() {
        assert!(Baseline::parse(r#"{"version": 2, "findings": []}"#).is_err());
        assert!(Baseline::parse(r#"{"findings": []}"#).is_err());
        assert!(Baseline::parse("[]").is_err());
        let empty = Baseline::parse(r#"{"version": 1, "findings": []}"#).unwrap();
        assert!(empty.findings.is_empty());
    }
}
