//! The CI-facing options of `upplint check`: `--select`/`--ignore`, `[[ignore]]` from the config, and
//! baselines — applied in the order of the data flow: rules narrowed before checking, then suppressions,
//! then the baseline.

use super::EXIT_USAGE;
use super::output::write_atomic;
use super::packs::report_pack_errors;
use crate::baseline::Baseline;
use crate::check::RuleSet;
use crate::check::select::Selection;
use crate::rules::config::Config;
use crate::run::Report;
use crate::suppress::config::ConfigIgnores;
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

/// What is ready before checking starts.
pub struct Prepared {
    ignores: Option<ConfigIgnores>,
    baseline: Option<Baseline>,
}

impl CiArgs {
    /// Narrows the rule set and loads the config's ignores and the baseline, so mistakes stop the run
    /// before any file is read.
    pub fn prepare(&self, rules: &mut RuleSet, config: Option<&Config>) -> Result<Prepared, u8> {
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
        let baseline = match &self.baseline {
            Some(path) => Some(Baseline::load(path).map_err(|e| {
                eprintln!("upplint: {e}");
                EXIT_USAGE
            })?),
            None => None,
        };
        Ok(Prepared { ignores, baseline })
    }

    /// Applies the config's ignores and the baseline to a finished report, and writes a baseline when
    /// asked. Returns whether a baseline was written.
    pub fn finish(
        &self,
        prepared: Prepared,
        report: &mut Report,
        rules: &RuleSet,
    ) -> Result<bool, u8> {
        if let Some(ignores) = prepared.ignores.filter(|i| !i.is_empty()) {
            let counts = ignores.apply(&mut report.findings);
            for note in ignores.notes(&counts, rules) {
                eprintln!("upplint: note: {note}");
            }
        }
        let written = match &self.write_baseline {
            Some(path) => {
                write_baseline(path, report)?;
                true
            }
            None => false,
        };
        if let (Some(baseline), Some(path)) = (prepared.baseline, &self.baseline) {
            let known = baseline.remove_known(&mut report.findings, &folder_of(path));
            if known > 0 {
                eprintln!(
                    "upplint: {known} finding(s) already in the baseline {} are not reported",
                    path.display()
                );
            }
        }
        report.refresh();
        Ok(written)
    }
}

fn write_baseline(path: &Path, report: &Report) -> Result<(), u8> {
    let baseline = Baseline::from_findings(&report.findings, &folder_of(path));
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
