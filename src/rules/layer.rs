//! Layering: packs in order, then the organisation's config; later layers win, except over a locked rule.

use super::diagnostic::{PackDiagnostic, SourceFile};
use super::format::Level;
use super::pack::{Pack, RawRule};
use super::schema::closest;
use std::sync::Arc;
use toml::Spanned;
use toml::de::DeValue;

/// One `[rules]` entry: `"klarsprak/skall" = "info"` or `"klarsprak/lix" = { severity = "warning", max = 45 }`.
#[derive(Debug, Clone)]
pub struct Adjustment {
    /// A rule id, a prefix ending in `/` (`klarsprak/`), or a pack name.
    pub target: Spanned<String>,
    pub level: Option<Spanned<Level>>,
    pub locked: Option<bool>,
    /// Parameters for the rule's kind, replacing the pack's values.
    pub params: Vec<(Spanned<String>, Spanned<DeValue<'static>>)>,
    pub source: Arc<SourceFile>,
}

/// Reads a `[rules]` table into adjustments.
pub fn parse_adjustments(
    source: &Arc<SourceFile>,
    value: &Spanned<DeValue<'static>>,
    problems: &mut Vec<PackDiagnostic>,
) -> Vec<Adjustment> {
    let DeValue::Table(table) = value.get_ref() else {
        problems.push(PackDiagnostic::at(
            source,
            value.span(),
            "[rules] must be a table",
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, entry) in table.iter() {
        let target = Spanned::new(key.span(), key.get_ref().to_string());
        let mut adjustment = Adjustment {
            target,
            level: None,
            locked: None,
            params: Vec::new(),
            source: source.clone(),
        };
        match entry.get_ref() {
            DeValue::String(level) => {
                adjustment.level = parse_level(source, level, entry.span(), problems)
            }
            DeValue::Table(fields) => {
                for (name, field) in fields.iter() {
                    match name.get_ref().as_ref() {
                        "severity" | "level" => match field.get_ref().as_str() {
                            Some(level) => {
                                adjustment.level =
                                    parse_level(source, level, field.span(), problems)
                            }
                            None => problems.push(PackDiagnostic::at(
                                source,
                                field.span(),
                                "severity must be a string",
                            )),
                        },
                        "locked" => match field.get_ref().as_bool() {
                            Some(locked) => adjustment.locked = Some(locked),
                            None => problems.push(PackDiagnostic::at(
                                source,
                                field.span(),
                                "locked must be true or false",
                            )),
                        },
                        other => adjustment
                            .params
                            .push((Spanned::new(name.span(), other.to_string()), field.clone())),
                    }
                }
            }
            _ => problems.push(
                PackDiagnostic::at(
                    source,
                    entry.span(),
                    "a rule setting is a severity string or a table",
                )
                .with_help(
                    "write \"off\", \"info\", \"warning\", \"error\", or { severity = \"…\", … }",
                ),
            ),
        }
        out.push(adjustment);
    }
    out
}

fn parse_level(
    source: &SourceFile,
    text: &str,
    span: std::ops::Range<usize>,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<Spanned<Level>> {
    let level = match text {
        "off" => Level::Off,
        "info" => Level::Info,
        "warning" => Level::Warning,
        "error" => Level::Error,
        _ => {
            problems.push(
                PackDiagnostic::at(source, span, format!("unknown severity `{text}`"))
                    .with_help("use \"off\", \"info\", \"warning\" or \"error\""),
            );
            return None;
        }
    };
    Some(Spanned::new(span, level))
}

/// A rule after all layers: its effective default level, lock, and parameter overrides.
#[derive(Debug, Clone)]
pub struct ResolvedRule {
    pub raw: RawRule,
    pub level: Level,
    /// The layer that locked the rule, if any.
    pub locked_by: Option<String>,
    pub params: Vec<(Spanned<String>, Spanned<DeValue<'static>>, Arc<SourceFile>)>,
}

impl ResolvedRule {
    pub fn id(&self) -> &str {
        self.raw.id()
    }
}

/// Applies packs in order and then the config's adjustments.
pub fn resolve(
    packs: &[Pack],
    config: &[Adjustment],
) -> Result<Vec<ResolvedRule>, Vec<PackDiagnostic>> {
    let mut rules: Vec<ResolvedRule> = Vec::new();
    let mut problems = Vec::new();
    for pack in packs {
        for raw in &pack.rules {
            if let Some(existing) = rules.iter().find(|r| r.id() == raw.id()) {
                problems.push(PackDiagnostic::at(
                    &raw.source,
                    raw.common.id.span(),
                    format!(
                        "rule `{}` is already defined by pack `{}`",
                        raw.id(),
                        existing.raw.pack
                    ),
                ));
                continue;
            }
            rules.push(initial(raw, pack));
        }
        let layer = format!("pack `{}` ({})", pack.name(), pack.source.name);
        apply(&mut rules, &pack.adjustments, &layer, &mut problems);
    }
    apply(&mut rules, config, "the configuration", &mut problems);
    if problems.is_empty() {
        Ok(rules)
    } else {
        Err(problems)
    }
}

fn initial(raw: &RawRule, pack: &Pack) -> ResolvedRule {
    let common = &raw.common;
    let level = if common.enabled {
        Level::from(*common.severity.get_ref())
    } else {
        Level::Off
    };
    ResolvedRule {
        raw: raw.clone(),
        level,
        locked_by: common
            .locked
            .then(|| format!("pack `{}` ({})", pack.name(), pack.source.name)),
        params: Vec::new(),
    }
}

fn apply(
    rules: &mut [ResolvedRule],
    adjustments: &[Adjustment],
    layer: &str,
    problems: &mut Vec<PackDiagnostic>,
) {
    for adjustment in adjustments {
        let indices = targets(rules, adjustment.target.get_ref());
        if indices.is_empty() {
            problems.push(unknown_target(rules, adjustment));
            continue;
        }
        for index in indices {
            let Some(rule) = rules.get_mut(index) else {
                continue;
            };
            apply_one(rule, adjustment, layer, problems);
        }
    }
}

fn apply_one(
    rule: &mut ResolvedRule,
    adjustment: &Adjustment,
    layer: &str,
    problems: &mut Vec<PackDiagnostic>,
) {
    if let Some(level) = &adjustment.level {
        if *level.get_ref() == Level::Off
            && let Some(locker) = &rule.locked_by
        {
            problems.push(
                PackDiagnostic::at(
                    &adjustment.source,
                    level.span(),
                    format!("rule `{}` is locked by {locker} and cannot be switched off", rule.id()),
                )
                .with_label("låst regel")
                .with_help("a locked rule may change severity but not be disabled; ask the owner of the locking pack"),
            );
        } else {
            rule.level = *level.get_ref();
        }
    }
    if adjustment.locked == Some(true) {
        rule.locked_by = Some(layer.to_string());
    }
    if !adjustment.params.is_empty() && adjustment.target.get_ref() == rule.id() {
        for (key, value) in &adjustment.params {
            rule.params.retain(|(k, _, _)| k.get_ref() != key.get_ref());
            rule.params
                .push((key.clone(), value.clone(), adjustment.source.clone()));
        }
    } else if !adjustment.params.is_empty() {
        problems.push(
            PackDiagnostic::at(
                &adjustment.source,
                adjustment.target.span(),
                "parameters can only be set for one rule, by its full id",
            )
            .with_help("use the rule's full id as the key"),
        );
    }
}

/// Indices of the rules a target names: an id, an id prefix ending in '/', or a pack name.
pub fn targets(rules: &[ResolvedRule], target: &str) -> Vec<usize> {
    rules
        .iter()
        .enumerate()
        .filter(|(_, r)| target_matches(target, r.id(), &r.raw.pack))
        .map(|(i, _)| i)
        .collect()
}

/// Whether a selector (id, `prefix/`, or pack name) names this rule.
pub fn target_matches(target: &str, id: &str, pack: &str) -> bool {
    id == target || (target.ends_with('/') && id.starts_with(target)) || target == pack
}

fn unknown_target(rules: &[ResolvedRule], adjustment: &Adjustment) -> PackDiagnostic {
    let target = adjustment.target.get_ref();
    let diag = PackDiagnostic::at(
        &adjustment.source,
        adjustment.target.span(),
        format!("no rule `{target}`"),
    )
    .with_label("okänd regel");
    match closest(target, rules.iter().map(|r| r.id())) {
        Some(best) => diag.with_help(format!("did you mean `{best}`?")),
        None => diag.with_help("list the rules with `upplint rules`"),
    }
}
