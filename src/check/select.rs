//! `--select` / `--ignore`: narrowing the rule set before checking, by rule id, prefix (`klarsprak/`) or
//! pack name, as in ruff: the most specific selector wins, and `--ignore` wins a tie.

use super::{RuleMeta, RuleSet};
use crate::rules::layer::target_matches;
use crate::rules::schema::closest;

/// The selectors of one run.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

/// What narrowing did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Narrowed {
    /// Rules taken out of the set.
    pub removed: usize,
    /// Rules a selector would have taken out but a layer has locked on.
    pub kept_locked: Vec<String>,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.select.is_empty() && self.ignore.is_empty()
    }

    /// Whether a rule stays: selected (or there is no `--select`), and not ignored at least as specifically.
    pub fn keeps(&self, meta: &RuleMeta) -> bool {
        let selected = if self.select.is_empty() {
            Some(0)
        } else {
            most_specific(&self.select, meta)
        };
        let Some(selected) = selected else {
            return false;
        };
        most_specific(&self.ignore, meta).is_none_or(|ignored| ignored < selected)
    }
}

/// How specifically the best of `selectors` names the rule: an exact id beats a longer prefix beats a
/// shorter one; a pack name counts as the prefix `pack/`.
fn most_specific(selectors: &[String], meta: &RuleMeta) -> Option<usize> {
    selectors
        .iter()
        .filter(|s| target_matches(s, &meta.id, &meta.pack))
        .map(|s| {
            if *s == meta.id {
                usize::MAX
            } else if *s == meta.pack {
                meta.pack.len() + 1
            } else {
                s.len()
            }
        })
        .max()
}

impl RuleSet {
    /// Removes the rules the selection leaves out (locked rules stay, and are named in the outcome).
    /// A selector that names no rule in the set is an error, with the closest rule id or pack name.
    pub fn narrow(&mut self, selection: &Selection) -> Result<Narrowed, String> {
        self.check_selectors(selection)?;
        let mut outcome = Narrowed::default();
        let keep: Vec<bool> = self
            .rules
            .iter()
            .map(|rule| {
                let keep = selection.keeps(&rule.meta);
                if !keep && let Some(locker) = &rule.meta.locked_by {
                    outcome
                        .kept_locked
                        .push(format!("{} (locked by {locker})", rule.meta.id));
                    return true;
                }
                keep
            })
            .collect();
        self.retain_rules(&keep);
        outcome.removed = keep.iter().filter(|k| !**k).count();
        Ok(outcome)
    }

    fn check_selectors(&self, selection: &Selection) -> Result<(), String> {
        let flags = selection
            .select
            .iter()
            .map(|s| ("--select", s))
            .chain(selection.ignore.iter().map(|s| ("--ignore", s)));
        for (flag, selector) in flags {
            if self
                .rules
                .iter()
                .any(|r| target_matches(selector, &r.meta.id, &r.meta.pack))
            {
                continue;
            }
            let mut names: Vec<&str> = self.rules.iter().map(|r| r.meta.id.as_str()).collect();
            names.extend(self.rules.iter().map(|r| r.meta.pack.as_str()));
            let hint = closest(selector, names)
                .map(|best| format!(" (did you mean `{best}`?)"))
                .unwrap_or_default();
            return Err(format!(
                "{flag} `{selector}` matches no rule in force{hint}; list them with `upplint rules`"
            ));
        }
        Ok(())
    }

    /// Keeps the rules whose flag is true, renumbering the per-file overrides that refer to rules by index.
    fn retain_rules(&mut self, keep: &[bool]) {
        let mut new_index = Vec::with_capacity(keep.len());
        let mut next = 0usize;
        for &k in keep {
            new_index.push(k.then_some(next));
            next += usize::from(k);
        }
        let rules = std::mem::take(&mut self.rules);
        self.rules = rules
            .into_iter()
            .zip(keep)
            .filter(|(_, k)| **k)
            .map(|(rule, _)| rule)
            .collect();
        for o in &mut self.overrides {
            o.levels = o
                .levels
                .iter()
                .filter_map(|(i, level)| new_index.get(*i).copied().flatten().map(|n| (n, *level)))
                .collect();
        }
    }
}
