//! Amounts that stand near a context pattern: in the same sentence (or paragraph) as one of its hits,
//! and not in one with an `unless` hit — "direktupphandlingsgränsen är 615 312 kronor".

use super::kinds::register_all;
use super::matcher::PatternId;
use super::scope::Scope;
use super::{CompileCtx, DocView};
use crate::text::amount::{Amount, find_amounts};
use crate::text::readability::sentences;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

/// How far from a context hit an amount may stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Within {
    /// The same sentence (sentence ends as in the readability measures).
    #[default]
    Sentence,
    /// The same paragraph, table cell or spreadsheet cell.
    Paragraph,
}

/// The compiled context of a rule.
pub struct Context {
    context: Vec<PatternId>,
    unless: Vec<PatternId>,
    within: Within,
}

/// An amount found near the context, in block `block`.
#[derive(Debug, Clone)]
pub struct Near {
    pub block: usize,
    pub amount: Amount,
    /// The sentence or paragraph it stands in (bytes of the block text).
    pub window: Range<usize>,
}

impl Context {
    /// Registers the patterns (case-insensitive regexes) with the shared matcher.
    pub fn compile(
        context: &[Spanned<String>],
        unless: &[Spanned<String>],
        within: Within,
        ctx: &mut CompileCtx<'_>,
    ) -> Option<Context> {
        Some(Context {
            context: register_all(context, ctx)?,
            unless: register_all(unless, ctx)?,
            within,
        })
    }

    /// Every amount near a context hit, in document order.
    pub fn amounts(&self, doc: &DocView<'_>, scope: &Scope) -> Vec<Near> {
        let context = hits_by_block(doc, scope, &self.context);
        let unless = hits_by_block(doc, scope, &self.unless);
        let mut out = Vec::new();
        for (&block, hits) in &context {
            let Some(text) = doc.doc.blocks.get(block).map(|b| b.text.as_str()) else {
                continue;
            };
            let windows = self.windows(text);
            let blocked = unless.get(&block).map(Vec::as_slice).unwrap_or(&[]);
            for amount in find_amounts(text) {
                let allowed = doc
                    .doc
                    .blocks
                    .get(block)
                    .is_some_and(|b| scope.allows_range(b, amount.span.start, amount.span.end));
                let window = window_of(&windows, amount.span.start, text.len());
                if allowed && overlaps_any(hits, &window) && !overlaps_any(blocked, &window) {
                    out.push(Near {
                        block,
                        amount,
                        window,
                    });
                }
            }
        }
        out
    }

    fn windows(&self, text: &str) -> Vec<Range<usize>> {
        match self.within {
            Within::Paragraph => std::iter::once(0..text.len()).collect(),
            Within::Sentence => sentences(text).into_iter().map(|s| s.span).collect(),
        }
    }
}

/// Hit ranges of some patterns, by block, in allowed blocks only.
fn hits_by_block(
    doc: &DocView<'_>,
    scope: &Scope,
    patterns: &[PatternId],
) -> BTreeMap<usize, Vec<Range<usize>>> {
    let mut out: BTreeMap<usize, Vec<Range<usize>>> = BTreeMap::new();
    for id in patterns {
        for hit in doc.hits_in(*id, scope) {
            out.entry(hit.block as usize).or_default().push(hit.range());
        }
    }
    out
}

/// The window holding byte `at`; the whole text when no sentence does (it sits between sentences).
fn window_of(windows: &[Range<usize>], at: usize, len: usize) -> Range<usize> {
    windows
        .iter()
        .find(|w| w.start <= at && at < w.end)
        .cloned()
        .unwrap_or(0..len)
}

fn overlaps_any(hits: &[Range<usize>], window: &Range<usize>) -> bool {
    hits.iter()
        .any(|h| h.start < window.end && window.start < h.end)
}
