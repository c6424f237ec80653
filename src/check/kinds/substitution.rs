//! Kind `substitution`: a stiff word and the wording to use instead, with its inflected forms.

use super::KindSpec;
use crate::check::emit::Emitter;
use crate::check::matcher::PatternId;
use crate::check::regex_util::{compile_pattern, compile_pattern_ci};
use crate::check::{Check, CompileCtx, DocView, RuleMeta};
use crate::finding::Severity;
use crate::rules::diagnostic::PackDiagnostic;
use crate::rules::pack::deserialize;
use crate::rules::schema::fields_of;
use serde::Deserialize;
use toml::Spanned;
use toml::de::DeValue;

pub const SPEC: KindSpec = KindSpec {
    name: "substitution",
    fields: fields_of::<Params>,
    vars: &["suggestion"],
    compile,
    summary: "krångligt ord → föreslagen formulering (med böjningsformer)",
};

#[derive(Deserialize)]
struct Params {
    /// `[[rule.word]]`: forms (or a stem pattern) and the suggestion.
    word: Vec<WordDef>,
    #[serde(default)]
    case_sensitive: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordDef {
    /// Every form to catch: erforderlig, erforderligt, erforderliga.
    #[serde(default)]
    forms: Vec<String>,
    /// Or a pattern for the forms: 'erforderlig(a|t|e)?' (whole words).
    #[serde(default)]
    pattern: Option<Spanned<String>>,
    /// The wording to use instead (required unless `exception`).
    #[serde(default)]
    suggestion: Option<String>,
    /// Report this word at a lower severity than the rule's (never higher).
    #[serde(default)]
    severity: Option<Severity>,
    /// Forms that are fine as written ('icke-diskriminering', 'i detta avseende'): never reported, and
    /// a match of another word of the rule that overlaps one is not reported either.
    #[serde(default)]
    exception: bool,
}

/// What a registered pattern stands for in this rule.
#[derive(Clone)]
enum Entry {
    Word {
        suggestion: String,
        severity: Option<Severity>,
    },
    Exception,
}

/// A word definition's entry, or None (reported) when it has no forms or no suggestion.
fn entry_of(
    def: &WordDef,
    table: &Spanned<DeValue<'static>>,
    ctx: &mut CompileCtx<'_>,
) -> Option<Entry> {
    let name = def
        .suggestion
        .clone()
        .or_else(|| def.forms.first().cloned())
        .unwrap_or_default();
    if def.forms.is_empty() && def.pattern.is_none() {
        ctx.problems.push(
            PackDiagnostic::at(
                ctx.source,
                table.span(),
                format!("a word with suggestion `{name}` has neither `forms` nor `pattern`"),
            )
            .with_label("inga former"),
        );
        return None;
    }
    match (&def.suggestion, def.exception) {
        (_, true) => Some(Entry::Exception),
        (Some(suggestion), false) => Some(Entry::Word {
            suggestion: suggestion.clone(),
            severity: def.severity,
        }),
        (None, false) => {
            ctx.problems.push(
                PackDiagnostic::at(
                    ctx.source,
                    table.span(),
                    format!("the word `{name}` has no `suggestion`"),
                )
                .with_label("inget förslag")
                .with_help("give a suggestion, or mark forms that are fine as `exception = true`"),
            );
            None
        }
    }
}

struct Substitution {
    words: Vec<(PatternId, Entry)>,
}

fn compile(
    _meta: &RuleMeta,
    table: &Spanned<DeValue<'static>>,
    ctx: &mut CompileCtx<'_>,
) -> Option<Box<dyn Check>> {
    let params: Params = deserialize(ctx.source, table, ctx.problems)?;
    let mut words = Vec::new();
    let mut exception_patterns = Vec::new();
    for def in &params.word {
        let Some(entry) = entry_of(def, table, ctx) else {
            continue;
        };
        for form in &def.forms {
            let id = ctx.matcher.word(form, params.case_sensitive, true);
            words.push((id, entry.clone()));
        }
        if let Some(pattern) = &def.pattern {
            let regex = if params.case_sensitive {
                compile_pattern(pattern, ctx.source, ctx.problems)?
            } else {
                compile_pattern_ci(pattern, ctx.source, ctx.problems)?
            };
            match entry {
                Entry::Exception => exception_patterns.push(regex),
                Entry::Word { .. } => words.push((ctx.matcher.regex(regex, true), entry)),
            }
        }
    }
    // An exception pattern only hides this rule's hits, so it runs only where one of them is.
    let guards: Vec<PatternId> = words
        .iter()
        .filter(|(_, entry)| !matches!(entry, Entry::Exception))
        .map(|(id, _)| *id)
        .collect();
    for regex in exception_patterns {
        let id = ctx.matcher.guarded_regex(regex, true, &guards);
        words.push((id, Entry::Exception));
    }
    Some(Box::new(Substitution { words }))
}

impl Check for Substitution {
    fn check(&self, doc: &DocView<'_>, emit: &mut Emitter<'_>) {
        let scope = emit.meta().scope.clone();
        let exceptions: Vec<(u32, u32, u32)> = self
            .words
            .iter()
            .filter(|(_, entry)| matches!(entry, Entry::Exception))
            .flat_map(|(id, _)| doc.hits_in(*id, &scope).map(|h| (h.block, h.start, h.end)))
            .collect();
        let mut hits: Vec<(u32, u32, u32, &str, Option<Severity>)> = self
            .words
            .iter()
            .filter_map(|(id, entry)| match entry {
                Entry::Word {
                    suggestion,
                    severity,
                } => Some((id, suggestion.as_str(), *severity)),
                Entry::Exception => None,
            })
            .flat_map(|(id, suggestion, severity)| {
                doc.hits_in(*id, &scope)
                    .map(move |h| (h.block, h.start, h.end, suggestion, severity))
            })
            .filter(|&(block, start, end, _, _)| {
                !exceptions
                    .iter()
                    .any(|&(b, s, e)| b == block && start < e && s < end)
            })
            .collect();
        hits.sort_by_key(|&(block, start, end, _, _)| (block, start, std::cmp::Reverse(end)));
        let mut last: Option<(u32, u32)> = None;
        for (block, start, end, suggestion, severity) in hits {
            if last.is_some_and(|(b, e)| b == block && start < e) {
                continue;
            }
            last = Some((block, end));
            let matched = doc
                .doc
                .blocks
                .get(block as usize)
                .and_then(|b| b.text.get(start as usize..end as usize))
                .unwrap_or("");
            let mut builder = emit
                .at(block as usize, start as usize..end as usize)
                .suggestion(match_case(matched, suggestion));
            if let Some(severity) = severity {
                builder = builder.severity(severity);
            }
            builder.push();
        }
    }
}

/// Capitalises the suggestion when the matched word starts a sentence with a capital.
fn match_case(matched: &str, suggestion: &str) -> String {
    let starts_upper = matched.chars().next().is_some_and(char::is_uppercase);
    if !starts_upper {
        return suggestion.to_string();
    }
    let mut chars = suggestion.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::match_case;

    #[test]
    fn keeps_the_capital_of_the_match() {
        assert_eq!(match_case("Skall", "ska"), "Ska");
        assert_eq!(match_case("skall", "ska"), "ska");
        assert_eq!(match_case("Ej", "inte"), "Inte");
    }
}
