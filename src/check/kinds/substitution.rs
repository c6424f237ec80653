//! Kind `substitution`: a stiff word and the wording to use instead, with its inflected forms.

use super::KindSpec;
use crate::check::emit::Emitter;
use crate::check::matcher::PatternId;
use crate::check::regex_util::{compile_pattern, compile_pattern_ci};
use crate::check::{Check, CompileCtx, DocView, RuleMeta};
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
    suggestion: String,
}

struct Substitution {
    /// Pattern id → suggestion.
    words: Vec<(PatternId, String)>,
}

fn compile(
    _meta: &RuleMeta,
    table: &Spanned<DeValue<'static>>,
    ctx: &mut CompileCtx<'_>,
) -> Option<Box<dyn Check>> {
    let params: Params = deserialize(ctx.source, table, ctx.problems)?;
    let mut words = Vec::new();
    for def in &params.word {
        if def.forms.is_empty() && def.pattern.is_none() {
            ctx.problems.push(
                PackDiagnostic::at(
                    ctx.source,
                    table.span(),
                    format!(
                        "a word with suggestion `{}` has neither `forms` nor `pattern`",
                        def.suggestion
                    ),
                )
                .with_label("inga former"),
            );
            continue;
        }
        for form in &def.forms {
            words.push((
                ctx.matcher.word(form, params.case_sensitive, true),
                def.suggestion.clone(),
            ));
        }
        if let Some(pattern) = &def.pattern {
            let regex = if params.case_sensitive {
                compile_pattern(pattern, ctx.source, ctx.problems)?
            } else {
                compile_pattern_ci(pattern, ctx.source, ctx.problems)?
            };
            words.push((
                ctx.matcher.regex(regex, !params.case_sensitive, true),
                def.suggestion.clone(),
            ));
        }
    }
    Some(Box::new(Substitution { words }))
}

impl Check for Substitution {
    fn check(&self, doc: &DocView<'_>, emit: &mut Emitter<'_>) {
        let scope = emit.meta().scope.clone();
        let mut hits: Vec<(u32, u32, u32, &str)> = self
            .words
            .iter()
            .flat_map(|(id, suggestion)| {
                doc.hits_in(*id, &scope)
                    .map(move |h| (h.block, h.start, h.end, suggestion.as_str()))
            })
            .collect();
        hits.sort_by_key(|&(block, start, end, _)| (block, start, std::cmp::Reverse(end)));
        let mut last: Option<(u32, u32)> = None;
        for (block, start, end, suggestion) in hits {
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
            emit.at(block as usize, start as usize..end as usize)
                .suggestion(match_case(matched, suggestion))
                .push();
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
