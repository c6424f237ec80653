//! The CI-facing options of `upplint check`: `--select`/`--ignore`, `[[ignore]]` from the config, and
//! baselines — applied in the order of the data flow: rules narrowed before checking, then suppressions,
//! then the baseline.

use super::EXIT_USAGE;
use super::output::write_atomic;
use super::packs::report_pack_errors;
use crate::baseline::{Baseline, Known, Recorder};
use crate::check::RuleSet;
use crate::check::select::Selection;
use crate::finding::Finding;
use crate::report::stream::Filter;
use crate::rules::config::Config;
use crate::suppress::config::{ConfigIgnores, IgnoreCounts};
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Args, Debug, Clone, Default)]
pub struct CiArgs {
    /// Only these rules: ids, prefixes (`klarsprak/`) or pack names; comma-separated or repeated.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,
    /// Leave out these rules (ids, prefixes or pack names); wins over an equally specific --select.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record this run's findings as the accepted baseline (the run then exits 0 unless a file is
    /// unreadable).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

/// The CI filters, applied to each file's findings as the run goes, in the order of the data flow: the
/// config's ignores, then recording a baseline, then leaving out what the baseline knows.
pub struct CiFilter {
    ignores: Option<ConfigIgnores>,
    ignored: IgnoreCounts,
    recorder: Option<Recorder>,
    known: Option<Known>,
    known_removed: usize,
}

impl Filter for CiFilter {
    fn retain(&mut self, findings: &mut Vec<Finding>) {
        if let Some(ignores) = &self.ignores {
            ignores.apply_counting(findings, &mut self.ignored);
        }
        if let Some(recorder) = &mut self.recorder {
            recorder.record(findings);
        }
        if let Some(known) = &self.known {
            self.known_removed += known.remove_from(findings);
        }
    }
}

impl CiArgs {
    /// Narrows the rule set and loads the config's ignores and the baseline, so mistakes stop the run
    /// before any file is read.
    pub fn prepare(&self, rules: &mut RuleSet, config: Option<&Config>) -> Result<CiFilter, u8> {
        let selection = Selection {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
        };
        if !selection.is_empty() {
            let narrowed = rules.narrow(&selection).map_err(|e| {
                eprintln!("upplint: {e}");
                EXIT_USAGE
            })?;
            for locked in &narrowed.kept_locked {
                eprintln!("upplint: note: {locked} stays on: it cannot be switched off");
            }
        }
        let ignores = match config {
            Some(config) => Some(ConfigIgnores::compile(config, rules.env.as_of).map_err(
                |problems| {
                    report_pack_errors(&problems.into());
                    EXIT_USAGE
                },
            )?),
            None => None,
        };
        let known = match &self.baseline {
            Some(path) => {
                let baseline = Baseline::load(path).map_err(|e| {
                    eprintln!("upplint: {e}");
                    EXIT_USAGE
                })?;
                Some(Known::new(&baseline, &folder_of(path)))
            }
            None => None,
        };
        Ok(CiFilter {
            ignores: ignores.filter(|i| !i.is_empty()),
            ignored: IgnoreCounts::default(),
            recorder: self
                .write_baseline
                .as_deref()
                .map(|path| Recorder::new(&folder_of(path))),
            known,
            known_removed: 0,
        })
    }

    /// After the run: notes on the ignores, the baseline written when asked, and how many known findings
    /// were left out. Returns whether a baseline was written.
    pub fn finish(&self, filter: CiFilter, rules: &RuleSet) -> Result<bool, u8> {
        if let Some(ignores) = &filter.ignores {
            for note in ignores.notes(&filter.ignored, rules) {
                eprintln!("upplint: note: {note}");
            }
        }
        let written = match (&self.write_baseline, filter.recorder) {
            (Some(path), Some(recorder)) => {
                write_baseline(path, recorder.baseline())?;
                true
            }
            _ => false,
        };
        if let (Some(path), true) = (&self.baseline, filter.known_removed > 0) {
            eprintln!(
                "upplint: {} finding(s) already in the baseline {} are not reported",
                filter.known_removed,
                path.display()
            );
        }
        Ok(written)
    }
}

fn write_baseline(path: &Path, baseline: Baseline) -> Result<(), u8> {
    write_atomic(path, baseline.to_json().as_bytes()).map_err(|e| {
        eprintln!("upplint: cannot write {}: {e}", path.display());
        EXIT_USAGE
    })?;
    eprintln!(
        "upplint: wrote {} finding(s) to the baseline {}",
        baseline.findings.len(),
        path.display()
    );
    Ok(())
}

fn folder_of(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}
