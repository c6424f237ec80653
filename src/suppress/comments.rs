//! Suppressions written in Word: a comment `upplint-ignorera: RULE reason` on the text it concerns, or a
//! reply `upplint-ignorera: reason` to one of upplint's own annotation comments (which end in `[RULE]`).

use super::builtin::{self, BuiltinRule};
use crate::check::emit::{Emitter, disambiguate};
use crate::check::{RuleSet, sort_findings};
use crate::finding::Finding;
use crate::model::{Comment, Document, Part};
use crate::rules::layer::target_matches;

/// How a suppression comment starts (compared without regard to case).
pub const DIRECTIVE: &str = "upplint-ignorera:";

/// Why a suppression that names no rule can never apply (the `{orsak}` of the unused-suppression finding).
const NO_RULE: &str = "den anger ingen regel";
const REPLY_WITHOUT_RULE: &str =
    "den svarar på en kommentar som inte slutar med ett regel-id inom hakparentes";
const SUPPRESSES_NOTHING: &str = "regeln hittar inget i den kommenterade texten";

/// The commented text a suppression covers: a byte range of one block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    pub block: usize,
    pub start: usize,
    pub end: usize,
}

/// One suppression comment, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Rule ids or prefixes it names (for a reply without ids: the rule of the comment it answers).
    pub targets: Vec<String>,
    pub reason: Option<String>,
    pub anchor: Option<Anchor>,
    /// Why it can never apply, when it cannot.
    pub defect: Option<&'static str>,
    /// The comment's first line, for messages.
    pub directive: String,
}

impl Suppression {
    /// Whether this suppression removes `finding`: it names the rule, gives a reason, and covers the place.
    pub fn suppresses(&self, finding: &Finding) -> bool {
        self.defect.is_none()
            && self.reason.is_some()
            && self
                .targets
                .iter()
                .any(|t| target_matches(t, &finding.rule, pack_of(&finding.rule)))
            && self.covers(finding)
    }

    /// A document-level finding is covered anywhere; a finding in a block where the anchor overlaps it.
    fn covers(&self, finding: &Finding) -> bool {
        let Some(block) = finding.block else {
            return true;
        };
        let Some(anchor) = self.anchor else {
            return false;
        };
        let (start, end) = finding.byte_range;
        anchor.block == block
            && start < anchor.end.max(anchor.start + 1)
            && anchor.start < end.max(start + 1)
    }
}

/// Splits a directive into the rule ids it names and its reason; None when `text` is no directive.
pub fn parse_directive(text: &str) -> Option<(Vec<String>, Option<String>)> {
    let trimmed = text.trim_start();
    let head = trimmed.get(..DIRECTIVE.len())?;
    if !head.eq_ignore_ascii_case(DIRECTIVE) {
        return None;
    }
    let mut rest = trimmed.get(DIRECTIVE.len()..).unwrap_or("");
    let mut targets = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        let end = rest
            .find(|c: char| c.is_whitespace() || c == ',')
            .unwrap_or(rest.len());
        let (token, after) = rest.split_at(end);
        let token = token.trim_end_matches([':', ';', '.']);
        if !is_rule_ref(token) {
            break;
        }
        targets.push(token.to_string());
        rest = after;
    }
    let reason = rest
        .trim_start_matches(|c: char| c.is_whitespace() || "-–—:;,.".contains(c))
        .trim();
    let reason = reason
        .chars()
        .any(char::is_alphanumeric)
        .then(|| reason.to_string());
    Some((targets, reason))
}

/// Whether a word reads as a rule id or prefix (`klarsprak/skall`, `klarsprak/`).
fn is_rule_ref(token: &str) -> bool {
    token.contains('/')
        && token.chars().next().is_some_and(char::is_alphanumeric)
        && token
            .chars()
            .all(|c| c.is_alphanumeric() || "-_/.".contains(c))
}

/// The rule id an annotation comment ends with: `[publicering/platshallare]` on its last line.
pub fn annotation_rule(text: &str) -> Option<String> {
    let last = text.lines().rev().map(str::trim).find(|l| !l.is_empty())?;
    let inner = last.strip_suffix(']')?;
    let open = inner.rfind('[')?;
    let id = inner.get(open + 1..)?.trim();
    is_rule_ref(id).then(|| id.to_string())
}

/// Every suppression comment of a document.
pub fn suppressions(doc: &Document) -> Vec<Suppression> {
    doc.comments
        .iter()
        .filter_map(|comment| suppression(doc, comment))
        .collect()
}

fn suppression(doc: &Document, comment: &Comment) -> Option<Suppression> {
    let (mut targets, reason) = parse_directive(&comment.text)?;
    let parent = comment
        .parent_id
        .as_deref()
        .and_then(|id| doc.comments.iter().find(|c| c.id == id));
    let mut defect = None;
    if targets.is_empty() {
        match parent.and_then(|p| annotation_rule(&p.text)) {
            Some(rule) => targets.push(rule),
            None if comment.parent_id.is_some() => defect = Some(REPLY_WITHOUT_RULE),
            None => defect = Some(NO_RULE),
        }
    }
    Some(Suppression {
        targets,
        reason,
        anchor: parent.and_then(anchor_of).or_else(|| anchor_of(comment)),
        defect,
        directive: first_line(&comment.text),
    })
}

fn anchor_of(comment: &Comment) -> Option<Anchor> {
    comment.anchor_block.map(|block| Anchor {
        block,
        start: comment.anchor_start,
        end: comment.anchor_end,
    })
}

fn first_line(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or("").trim();
    if line.chars().count() <= 80 {
        return line.to_string();
    }
    let cut: String = line.chars().take(79).collect();
    format!("{cut}…")
}

/// The pack part of a rule id.
fn pack_of(rule: &str) -> &str {
    rule.split('/').next().unwrap_or(rule)
}

/// Removes the findings the document's suppression comments cover, and adds findings about suppressions
/// without a reason and suppressions that suppress nothing. Findings in the text of a suppression comment
/// itself (a comment part block) are dropped: the directive is not document text.
pub fn apply(doc: &Document, rules: &RuleSet, findings: Vec<Finding>) -> Vec<Finding> {
    let list = suppressions(doc);
    let mut used = vec![false; list.len()];
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        if is_in_directive_comment(doc, &finding) {
            continue;
        }
        let mut suppressed = false;
        for (suppression, used) in list.iter().zip(used.iter_mut()) {
            if suppression.suppresses(&finding) {
                *used = true;
                suppressed = true;
            }
        }
        if !suppressed {
            kept.push(finding);
        }
    }
    let mut own = Vec::new();
    for (suppression, used) in list.iter().zip(&used) {
        report_problem(doc, rules, suppression, *used, &mut own);
    }
    if own.is_empty() {
        return kept;
    }
    disambiguate(&mut own);
    kept.append(&mut own);
    sort_findings(&mut kept);
    kept
}

/// A finding for a suppression without a reason, one that can never apply, or one that applied nowhere.
fn report_problem(
    doc: &Document,
    rules: &RuleSet,
    suppression: &Suppression,
    used: bool,
    out: &mut Vec<Finding>,
) {
    let problem = if let Some(defect) = suppression.defect {
        Some((builtin::UNUSED, defect))
    } else if suppression.reason.is_none() {
        Some((builtin::WITHOUT_REASON, ""))
    } else if !used && suppression.targets.iter().any(|t| rule_ran(rules, doc, t)) {
        Some((builtin::UNUSED, SUPPRESSES_NOTHING))
    } else {
        None
    };
    if let Some((id, reason)) = problem
        && let Some(rule) = builtin::rule(id)
    {
        emit(doc, rule, suppression, reason, out);
    }
}

fn emit(
    doc: &Document,
    rule: &BuiltinRule,
    suppression: &Suppression,
    reason: &str,
    out: &mut Vec<Finding>,
) {
    let meta = builtin::meta(rule);
    let mut emitter = Emitter::new(doc, &meta, rule.severity, out);
    let builder = match suppression.anchor.filter(|a| doc.block(a.block).is_some()) {
        Some(anchor) => emitter.at(anchor.block, anchor.start..anchor.end),
        None => emitter.document(),
    };
    builder
        .var("direktiv", suppression.directive.clone())
        .var("orsak", reason)
        .push();
}

/// Whether a rule the target names was applied to this document (so its silence means something).
fn rule_ran(rules: &RuleSet, doc: &Document, target: &str) -> bool {
    rules.rules.iter().enumerate().any(|(index, rule)| {
        target_matches(target, &rule.meta.id, &rule.meta.pack)
            && rule.meta.scope.allows_file(&doc.path, doc.kind)
            && rules.severity_for(index, &doc.path).is_some()
    })
}

fn is_in_directive_comment(doc: &Document, finding: &Finding) -> bool {
    finding.block.and_then(|i| doc.block(i)).is_some_and(|b| {
        b.location.part == Some(Part::Comment) && parse_directive(&b.text).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rule_ids_and_reason() {
        let (targets, reason) =
            parse_directive("Upplint-ignorera: publicering/platshallare, klarsprak/ — mallen")
                .unwrap();
        assert_eq!(targets, vec!["publicering/platshallare", "klarsprak/"]);
        assert_eq!(reason.as_deref(), Some("mallen"));
        let (targets, reason) =
            parse_directive("upplint-ignorera: publicering/platshallare").unwrap();
        assert_eq!(targets.len(), 1);
        assert_eq!(reason, None);
        let (targets, reason) = parse_directive("upplint-ignorera: avsiktligt kvar").unwrap();
        assert!(targets.is_empty());
        assert_eq!(reason.as_deref(), Some("avsiktligt kvar"));
        assert!(parse_directive("Ändra detta").is_none());
        assert!(parse_directive("upplint").is_none());
        assert!(parse_directive("upplint-ignoreråå").is_none());
    }

    #[test]
    fn reads_the_rule_of_an_annotation_comment() {
        assert_eq!(
            annotation_rule(
                "Mallens platshållare står kvar.\nFörslag: …\n[publicering/platshallare]\n"
            )
            .as_deref(),
            Some("publicering/platshallare")
        );
        assert_eq!(
            annotation_rule("Regel: [klarsprak/skall]").as_deref(),
            Some("klarsprak/skall")
        );
        assert_eq!(annotation_rule("Bara en kommentar [se bilaga]"), None);
        assert_eq!(annotation_rule(""), None);
    }
}
