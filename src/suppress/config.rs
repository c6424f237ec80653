//! `[[ignore]]` in upplint.toml: a rule (id, prefix or pack) switched off for some files, with a required
//! reason and an optional last day (`until`). An ignore past its last day no longer applies; that, and an
//! ignore that suppressed nothing, are told on stderr as notes (they concern the config, not a document).

use crate::check::RuleSet;
use crate::check::scope::{glob_candidates, globs};
use crate::finding::Finding;
use crate::paths::relative_to;
use crate::rules::config::{Config, IgnoreDef};
use crate::rules::diagnostic::PackDiagnostic;
use crate::rules::layer::target_matches;
use chrono::NaiveDate;
use globset::GlobSet;
use std::path::PathBuf;

/// The compiled `[[ignore]]` entries of one config.
#[derive(Debug)]
pub struct ConfigIgnores {
    entries: Vec<IgnoreEntry>,
    /// The config's folder: globs are matched against paths relative to it (and as given).
    base: PathBuf,
    config_name: String,
    as_of: NaiveDate,
}

#[derive(Debug)]
struct IgnoreEntry {
    files: GlobSet,
    patterns: Vec<String>,
    rule: String,
    until: Option<NaiveDate>,
    /// 1-based line of the entry's `rule` in the config, for notes.
    line: usize,
}

impl IgnoreEntry {
    fn expired(&self, as_of: NaiveDate) -> bool {
        self.until.is_some_and(|until| as_of > until)
    }
}

/// What applying the ignores did: findings suppressed per entry, in config order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IgnoreCounts(pub Vec<usize>);

impl ConfigIgnores {
    /// Compiles the entries; a missing reason, an empty file list, a bad glob or a non-date `until` is a
    /// config error pointing at the entry.
    pub fn compile(
        config: &Config,
        as_of: NaiveDate,
    ) -> Result<ConfigIgnores, Vec<PackDiagnostic>> {
        let mut problems = Vec::new();
        let entries = config
            .file
            .ignore
            .iter()
            .filter_map(|def| compile_entry(config, def, &mut problems))
            .collect();
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(ConfigIgnores {
            entries,
            base: config.dir.clone(),
            config_name: config.source.name.clone(),
            as_of,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Removes the findings an entry in force covers.
    pub fn apply(&self, findings: &mut Vec<Finding>) -> IgnoreCounts {
        let mut counts = vec![0; self.entries.len()];
        findings.retain(|finding| {
            let mut candidates = glob_candidates(&finding.path);
            candidates.push(relative_to(&finding.path, &self.base));
            let pack = finding.rule.split('/').next().unwrap_or("");
            let mut keep = true;
            for (entry, count) in self.entries.iter().zip(counts.iter_mut()) {
                if !entry.expired(self.as_of)
                    && target_matches(&entry.rule, &finding.rule, pack)
                    && candidates.iter().any(|c| entry.files.is_match(c))
                {
                    *count += 1;
                    keep = false;
                }
            }
            keep
        });
        IgnoreCounts(counts)
    }

    /// `apply`'s counts, added to `total` (for a run that applies the ignores file by file).
    pub fn apply_counting(&self, findings: &mut Vec<Finding>, total: &mut IgnoreCounts) {
        let counts = self.apply(findings);
        if total.0.len() < counts.0.len() {
            total.0.resize(counts.0.len(), 0);
        }
        for (sum, count) in total.0.iter_mut().zip(counts.0) {
            *sum += count;
        }
    }

    /// Notes for stderr: entries past their last day, entries that suppressed nothing, and entries that
    /// name no rule in force.
    pub fn notes(&self, counts: &IgnoreCounts, rules: &RuleSet) -> Vec<String> {
        let mut notes = Vec::new();
        for (entry, count) in self.entries.iter().zip(&counts.0) {
            let place = format!("{}:{}", self.config_name, entry.line);
            if let Some(until) = entry.until.filter(|_| entry.expired(self.as_of)) {
                notes.push(format!(
                    "{place}: [[ignore]] of `{}` ended on {until} and no longer applies \
                     (checked as of {}); its findings are reported again",
                    entry.rule, self.as_of
                ));
            } else if !names_a_rule(rules, &entry.rule) {
                notes.push(format!(
                    "{place}: [[ignore]] of `{}` names no rule in force",
                    entry.rule
                ));
            } else if *count == 0 {
                notes.push(format!(
                    "{place}: [[ignore]] of `{}` for {} suppressed nothing; remove it?",
                    entry.rule,
                    entry.patterns.join(", ")
                ));
            }
        }
        notes
    }
}

fn names_a_rule(rules: &RuleSet, target: &str) -> bool {
    rules
        .rules
        .iter()
        .any(|r| target_matches(target, &r.meta.id, &r.meta.pack))
        || super::builtin::RULES
            .iter()
            .any(|r| target_matches(target, r.id, super::builtin::PACK))
}

fn compile_entry(
    config: &Config,
    def: &IgnoreDef,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<IgnoreEntry> {
    let source = &config.source;
    let rule_span = def.rule.span();
    let before = problems.len();
    if def.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        problems.push(
            PackDiagnostic::at(
                source,
                rule_span.clone(),
                format!("[[ignore]] of `{}` has no reason", def.rule.get_ref()),
            )
            .with_label("motivering saknas")
            .with_help("add reason = \"…\": why the rule does not apply to these files"),
        );
    }
    if def.files.is_empty() {
        problems.push(
            PackDiagnostic::at(source, rule_span.clone(), "[[ignore]] has no files")
                .with_help("add files = [\"mallar/**\"]: the globs the ignore applies to"),
        );
    }
    let files = globs(&def.files, source, problems);
    let until = def.until.as_ref().and_then(|until| {
        let date = until
            .get_ref()
            .date
            .filter(|_| until.get_ref().time.is_none())
            .and_then(|d| {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            });
        if date.is_none() {
            problems.push(
                PackDiagnostic::at(source, until.span(), "until must be a date")
                    .with_help("write until = 2027-06-30 (the last day the ignore applies)"),
            );
        }
        date
    });
    if problems.len() > before {
        return None;
    }
    Some(IgnoreEntry {
        files: files?,
        patterns: def.files.iter().map(|f| f.get_ref().clone()).collect(),
        rule: def.rule.get_ref().clone(),
        until,
        line: source.line_of(rule_span.start),
    })
}
