//! Kind `pattern`: words or regexes that must not occur.

use super::KindSpec;
use crate::check::emit::Emitter;
use crate::check::matcher::PatternId;
use crate::check::regex_util::{compile_pattern, compile_pattern_ci};
use crate::check::{Check, CompileCtx, DocView, RuleMeta};
use crate::rules::pack::deserialize;
use crate::rules::schema::fields_of;
use serde::Deserialize;
use toml::Spanned;
use toml::de::DeValue;

pub const SPEC: KindSpec = KindSpec {
    name: "pattern",
    fields: fields_of::<Params>,
    vars: &[],
    compile,
    summary: "ord eller reguljära uttryck som inte får förekomma",
};

#[derive(Deserialize)]
struct Params {
    /// Literal words or phrases.
    #[serde(default)]
    words: Vec<String>,
    /// Regular expressions (Rust regex syntax; write them as 'literal strings').
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    case_sensitive: bool,
    /// Matches must not be part of a longer word (default true).
    #[serde(default = "yes")]
    whole_word: bool,
}

fn yes() -> bool {
    true
}

struct PatternCheck {
    ids: Vec<PatternId>,
}

fn compile(
    _meta: &RuleMeta,
    table: &Spanned<DeValue<'static>>,
    ctx: &mut CompileCtx<'_>,
) -> Option<Box<dyn Check>> {
    let params: Params = deserialize(ctx.source, table, ctx.problems)?;
    if params.words.is_empty() && params.patterns.is_empty() {
        ctx.problems.push(
            crate::rules::diagnostic::PackDiagnostic::at(
                ctx.source,
                table.span(),
                "a pattern rule needs `words` or `patterns`",
            )
            .with_label("inga mönster"),
        );
        return None;
    }
    let mut ids: Vec<PatternId> = params
        .words
        .iter()
        .map(|w| {
            ctx.matcher
                .word(w, params.case_sensitive, params.whole_word)
        })
        .collect();
    for pattern in &params.patterns {
        let regex = if params.case_sensitive {
            compile_pattern(pattern, ctx.source, ctx.problems)?
        } else {
            compile_pattern_ci(pattern, ctx.source, ctx.problems)?
        };
        ids.push(ctx.matcher.regex(regex, params.whole_word));
    }
    ids.sort_unstable();
    ids.dedup();
    Some(Box::new(PatternCheck { ids }))
}

impl Check for PatternCheck {
    fn check(&self, doc: &DocView<'_>, emit: &mut Emitter<'_>) {
        let scope = emit.meta().scope.clone();
        let mut hits: Vec<_> = self
            .ids
            .iter()
            .flat_map(|id| doc.hits_in(*id, &scope))
            .copied()
            .collect();
        hits.sort_by_key(|h| (h.block, h.start, std::cmp::Reverse(h.end)));
        let mut last: Option<(u32, u32)> = None;
        for hit in hits {
            if last.is_some_and(|(block, end)| block == hit.block && hit.start < end) {
                continue;
            }
            last = Some((hit.block, hit.end));
            emit.at(hit.block as usize, hit.range()).push();
        }
    }
}
