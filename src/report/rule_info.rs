//! What reports say about the rules of a run (SARIF's `tool.driver.rules`): taken from the rule set once.

use crate::check::RuleSet;
use crate::finding::Severity;
use crate::suppress::builtin;

/// One rule in force, as reports describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    pub id: String,
    pub pack: String,
    /// The default severity after layering (per-file overrides may change it).
    pub severity: Severity,
    /// The message template, with its `{placeholders}`.
    pub message: String,
    pub help: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
}

impl RuleInfo {
    /// Every rule of the set, then upplint's own rules about suppressions.
    pub fn from_set(set: &RuleSet) -> Vec<RuleInfo> {
        let mut rules: Vec<RuleInfo> = set
            .rules
            .iter()
            .map(|rule| RuleInfo {
                id: rule.meta.id.clone(),
                pack: rule.meta.pack.clone(),
                severity: rule.meta.severity,
                message: rule.meta.message.clone(),
                help: rule.meta.help.clone(),
                url: rule.meta.url.clone(),
                source: rule.meta.source.clone(),
            })
            .collect();
        rules.extend(builtin::RULES.iter().map(|rule| RuleInfo {
            id: rule.id.to_string(),
            pack: builtin::PACK.to_string(),
            severity: rule.severity,
            message: rule.message.to_string(),
            help: Some(rule.help.to_string()),
            url: None,
            source: None,
        }));
        rules
    }
}
