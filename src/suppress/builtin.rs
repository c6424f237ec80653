//! upplint's own rules about suppressions: they are not in any pack, but report like any other rule.

use crate::check::RuleMeta;
use crate::check::scope::Scope;
use crate::finding::Severity;

/// The pack name upplint's own rules are reported under.
pub const PACK: &str = "upplint";

/// A suppression comment that gives no reason.
pub const WITHOUT_REASON: &str = "upplint/suppression-utan-motivering";
/// A suppression comment that suppresses nothing.
pub const UNUSED: &str = "upplint/oanvand-suppression";

/// One of upplint's own rules.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinRule {
    pub id: &'static str,
    pub severity: Severity,
    /// Swedish message with placeholders: `{direktiv}` the comment's first line, `{orsak}` why.
    pub message: &'static str,
    pub help: &'static str,
}

pub const RULES: &[BuiltinRule] = &[
    BuiltinRule {
        id: WITHOUT_REASON,
        severity: Severity::Warning,
        message: "Undertryckningen '{direktiv}' saknar motivering och gäller därför inte.",
        help: "Skriv varför regeln inte ska gälla här efter regelns id, t.ex. \
               'upplint-ignorera: publicering/platshallare Leverantören fyller i datumet'.",
    },
    BuiltinRule {
        id: UNUSED,
        severity: Severity::Warning,
        message: "Undertryckningen '{direktiv}' undertrycker inget: {orsak}.",
        help: "Ta bort kommentaren, så att den inte döljer fynd som kommer senare.",
    },
];

/// The rule's metadata, for building its findings with the usual emitter.
pub fn meta(rule: &BuiltinRule) -> RuleMeta {
    RuleMeta {
        id: rule.id.to_string(),
        pack: PACK.to_string(),
        kind: "builtin".to_string(),
        severity: rule.severity,
        message: rule.message.to_string(),
        help: Some(rule.help.to_string()),
        url: None,
        source: None,
        scope: Scope::default(),
        locked_by: None,
    }
}

/// A built-in rule by id.
pub fn rule(id: &str) -> Option<&'static BuiltinRule> {
    RULES.iter().find(|r| r.id == id)
}
