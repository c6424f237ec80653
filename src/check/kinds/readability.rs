//! Kind `readability`: sentence length, paragraph length, and LIX per section or document.
//!
//! Word, sentence and long word are defined once, in `text::readability`. Counts (words per sentence or
//! paragraph) are flagged when *more than* a level; LIX when *at or above* it, as the LIX scale is read.
//! LIX measures prose only (`Block::is_prose`: headings, table and sheet cells, headers, footers and notes
//! are fragments), as the reports' figures do; sentence and paragraph length read every block.

use super::KindSpec;
use crate::check::emit::Emitter;
use crate::check::{Check, CompileCtx, DocView, RuleMeta};
use crate::finding::Severity;
use crate::model::Block;
use crate::rules::diagnostic::PackDiagnostic;
use crate::rules::pack::deserialize;
use crate::rules::schema::fields_of;
use crate::text::readability::{TextStats, sentences, stats};
use serde::Deserialize;
use toml::Spanned;
use toml::de::DeValue;

pub const SPEC: KindSpec = KindSpec {
    name: "readability",
    fields: fields_of::<Params>,
    vars: &["words", "lix", "limit", "section"],
    compile,
    summary: "meningslängd, styckelängd och LIX per avsnitt eller dokument",
};

#[derive(Deserialize)]
struct Params {
    /// sentence-length | paragraph-length | lix
    measure: Spanned<String>,
    /// Severity → level: `{ info = 25, warning = 40 }`. A finding takes the highest level it passes.
    levels: Spanned<toml::Table>,
    /// For `lix`: `section` (default) or `document`.
    #[serde(default)]
    per: Option<Spanned<String>>,
    /// For `lix`: sections with fewer words are not measured (LIX is noise on a few sentences).
    #[serde(default = "default_min_words")]
    min_words: usize,
}

fn default_min_words() -> usize {
    60
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Measure {
    SentenceLength,
    ParagraphLength,
    LixPerSection,
    LixPerDocument,
}

struct Readability {
    measure: Measure,
    /// (level, severity), highest level first.
    levels: Vec<(f64, Severity)>,
    min_words: usize,
}

fn compile(
    _meta: &RuleMeta,
    table: &Spanned<DeValue<'static>>,
    ctx: &mut CompileCtx<'_>,
) -> Option<Box<dyn Check>> {
    let params: Params = deserialize(ctx.source, table, ctx.problems)?;
    let per = params
        .per
        .as_ref()
        .map(|p| p.get_ref().as_str())
        .unwrap_or("section");
    let measure = match (params.measure.get_ref().as_str(), per) {
        ("sentence-length", _) => Measure::SentenceLength,
        ("paragraph-length", _) => Measure::ParagraphLength,
        ("lix", "section") => Measure::LixPerSection,
        ("lix", "document") => Measure::LixPerDocument,
        ("lix", other) => {
            let span = params
                .per
                .as_ref()
                .map(|p| p.span())
                .unwrap_or(table.span());
            ctx.problems.push(
                PackDiagnostic::at(ctx.source, span, format!("unknown `per` value `{other}`"))
                    .with_help("use \"section\" or \"document\""),
            );
            return None;
        }
        (other, _) => {
            ctx.problems.push(
                PackDiagnostic::at(
                    ctx.source,
                    params.measure.span(),
                    format!("unknown measure `{other}`"),
                )
                .with_help("use sentence-length, paragraph-length or lix"),
            );
            return None;
        }
    };
    let levels = parse_levels(&params.levels, ctx)?;
    Some(Box::new(Readability {
        measure,
        levels,
        min_words: params.min_words,
    }))
}

fn parse_levels(
    levels: &Spanned<toml::Table>,
    ctx: &mut CompileCtx<'_>,
) -> Option<Vec<(f64, Severity)>> {
    let mut out = Vec::new();
    for (name, value) in levels.get_ref() {
        let severity = Severity::parse(name);
        let number = value
            .as_float()
            .or_else(|| value.as_integer().map(|i| i as f64));
        match (severity, number) {
            (Some(severity), Some(number)) => out.push((number, severity)),
            _ => {
                ctx.problems.push(
                    PackDiagnostic::at(
                        ctx.source,
                        levels.span(),
                        format!("invalid level `{name} = {value}`"),
                    )
                    .with_help("write levels as { info = 25, warning = 40 }"),
                );
                return None;
            }
        }
    }
    if out.is_empty() {
        ctx.problems.push(
            PackDiagnostic::at(ctx.source, levels.span(), "`levels` is empty")
                .with_help("write levels as { info = 25, warning = 40 }"),
        );
        return None;
    }
    out.sort_by(|a, b| b.0.total_cmp(&a.0));
    Some(out)
}

impl Readability {
    /// Whether a word count of `block` could pass a level: a word is at least one byte and two words
    /// are at least one byte apart, so a text of n bytes has at most (n + 1) / 2 words. Most sheet cells
    /// and short paragraphs are skipped without being split into words.
    fn may_pass(&self, block: &Block) -> bool {
        let most_words = block.text.len().div_ceil(2);
        self.passed(most_words as f64).is_some()
    }

    /// The severity and level a value passes, if any: more than the level for counts, at or above for LIX.
    fn passed(&self, value: f64) -> Option<(f64, Severity)> {
        let lix = matches!(
            self.measure,
            Measure::LixPerSection | Measure::LixPerDocument
        );
        self.levels
            .iter()
            .find(|(level, _)| if lix { value >= *level } else { value > *level })
            .copied()
    }
}

impl Check for Readability {
    fn check(&self, doc: &DocView<'_>, emit: &mut Emitter<'_>) {
        let scope = emit.meta().scope.clone();
        let blocks = doc
            .doc
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| scope.allows_block(b) && b.outline_level.is_none());
        match self.measure {
            Measure::SentenceLength => {
                for (index, block) in blocks.filter(|(_, b)| self.may_pass(b)) {
                    self.sentence_lengths(index, block, emit);
                }
            }
            Measure::ParagraphLength => {
                for (index, block) in blocks.filter(|(_, b)| self.may_pass(b)) {
                    let words = stats(&block.text).words;
                    if let Some((limit, severity)) = self.passed(words as f64) {
                        emit.at(index, 0..block.text.len())
                            .severity(severity)
                            .var("words", words.to_string())
                            .var("limit", format_number(limit))
                            .push();
                    }
                }
            }
            Measure::LixPerSection => self.lix_per_section(doc, emit),
            Measure::LixPerDocument => {
                let mut total = TextStats::default();
                for (_, block) in blocks.filter(|(_, b)| b.is_prose()) {
                    total.merge(&stats(&block.text));
                }
                if total.words >= self.min_words
                    && let Some((limit, severity)) = self.passed(total.lix)
                {
                    emit.document()
                        .severity(severity)
                        .key("lix document")
                        .var("lix", format!("{:.0}", total.lix))
                        .var("words", total.words.to_string())
                        .var("limit", format_number(limit))
                        .var("section", "hela dokumentet")
                        .push();
                }
            }
        }
    }
}

impl Readability {
    fn sentence_lengths(&self, index: usize, block: &Block, emit: &mut Emitter<'_>) {
        for sentence in sentences(&block.text) {
            if let Some((limit, severity)) = self.passed(sentence.words as f64) {
                emit.at(index, sentence.span.clone())
                    .severity(severity)
                    .var("words", sentence.words.to_string())
                    .var("limit", format_number(limit))
                    .push();
            }
        }
    }

    fn lix_per_section(&self, doc: &DocView<'_>, emit: &mut Emitter<'_>) {
        let scope = emit.meta().scope.clone();
        for section in sections(&doc.doc.blocks) {
            let mut total = TextStats::default();
            for block in doc.doc.blocks.get(section.body.clone()).unwrap_or(&[]) {
                if scope.allows_block(block) && block.is_prose() {
                    total.merge(&stats(&block.text));
                }
            }
            if total.words < self.min_words {
                continue;
            }
            let Some((limit, severity)) = self.passed(total.lix) else {
                continue;
            };
            let (index, name) = match section.heading {
                Some(h) => (
                    h,
                    doc.doc
                        .blocks
                        .get(h)
                        .map(|b| b.text.clone())
                        .unwrap_or_default(),
                ),
                None => (section.body.start, "inledningen".to_string()),
            };
            let len = if section.heading.is_some() {
                name.len()
            } else {
                0
            };
            emit.at(index, 0..len)
                .severity(severity)
                .key(format!("lix {name}"))
                .var("lix", format!("{:.0}", total.lix))
                .var("words", total.words.to_string())
                .var("limit", format_number(limit))
                .var("section", name)
                .push();
        }
    }
}

/// A body section: its heading block (None before the first heading) and the blocks up to the next heading.
pub struct Section {
    pub heading: Option<usize>,
    pub body: std::ops::Range<usize>,
}

/// Splits body blocks into sections at every heading (any level): LIX is measured per heading's own text.
pub fn sections(blocks: &[Block]) -> Vec<Section> {
    let mut out = Vec::new();
    let mut heading = None;
    let mut start = 0;
    for (index, block) in blocks.iter().enumerate() {
        if block.outline_level.is_some() && block.location.part == Some(crate::model::Part::Body) {
            if index > start || heading.is_some() {
                out.push(Section {
                    heading,
                    body: start..index,
                });
            }
            heading = Some(index);
            start = index + 1;
        }
    }
    if start < blocks.len() || heading.is_some() {
        out.push(Section {
            heading,
            body: start..blocks.len(),
        });
    }
    out
}

fn format_number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}
