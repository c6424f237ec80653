//! Finding facts in a document: a label, then the value after it in the same sentence — or, when the
//! label stands alone as in forms, in the next cell of the same row or the next paragraph.

use super::schema::{FactSchema, ValueType};
use super::value::{Parsed, parse_value};
use super::{Excerpt, Fact, FactValue, Facts};
use crate::check::emit::{char_offset, context_window};
use crate::check::matcher::{Hit, PatternId};
use crate::check::scope::DEFAULT_TEXT_PARTS;
use crate::model::{Block, Document, MarkKind, Part};
use crate::text::fold::fold_case;
use crate::text::readability::sentences;
use std::ops::Range;

/// At most this many mentions of one fact kind are kept per document (a register with a thousand rows
/// must not make the facts kept for the package phase large).
pub const MAX_MENTIONS_PER_KIND: usize = 50;

/// How many blocks are looked through for the next cell of a row.
const CELL_LOOKAHEAD: usize = 40;
/// How many blocks are looked through for the next non-empty paragraph.
const PARAGRAPH_LOOKAHEAD: usize = 3;

/// Where a fact kind's label stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LabelHit {
    pub block: usize,
    pub start: usize,
    pub end: usize,
    pub kind: usize,
}

/// Every label of every fact kind, in block and position order, from the matcher's hits.
pub fn label_hits<'h>(schema: &FactSchema, hits: impl Fn(PatternId) -> &'h [Hit]) -> Vec<LabelHit> {
    let mut labels: Vec<LabelHit> = schema
        .kinds
        .iter()
        .enumerate()
        .flat_map(|(kind, k)| {
            hits(k.label).iter().map(move |h| LabelHit {
                block: h.block as usize,
                start: h.start as usize,
                end: h.end as usize,
                kind,
            })
        })
        .collect();
    labels.sort_unstable();
    labels
}

/// The facts of `doc`, given its label hits (sorted by block and position).
pub fn extract(doc: &Document, schema: &FactSchema, labels: &[LabelHit]) -> Facts {
    let mut facts = Facts::empty(&doc.path, doc.kind);
    let mut counts = vec![0usize; schema.kinds.len()];
    let mut sentence_ends = SentenceEnds::default();
    for label in labels {
        let Some(block) = doc.blocks.get(label.block) else {
            continue;
        };
        let full = counts
            .get(label.kind)
            .is_none_or(|&n| n >= MAX_MENTIONS_PER_KIND);
        if full || !is_readable_label(block, label) {
            continue;
        }
        let ends = sentence_ends.of(label.block, &block.text);
        if let Some(fact) = fact_for(doc, schema, labels, label, ends) {
            if let Some(count) = counts.get_mut(label.kind) {
                *count += 1;
            }
            facts.items.push(fact);
        }
    }
    tidy(&mut facts.items);
    facts
}

/// Sentence ends of the block whose labels are being read (labels come block by block).
#[derive(Default)]
struct SentenceEnds {
    block: Option<usize>,
    ends: Vec<usize>,
}

impl SentenceEnds {
    fn of(&mut self, block: usize, text: &str) -> &[usize] {
        if self.block != Some(block) {
            self.block = Some(block);
            self.ends = sentences(text).into_iter().map(|s| s.span.end).collect();
        }
        &self.ends
    }
}

/// Labels count in the text a reader sees: not in comments, hidden text or a sheet's header row.
fn is_readable_label(block: &Block, label: &LabelHit) -> bool {
    let part = block.location.part.unwrap_or(Part::Body);
    DEFAULT_TEXT_PARTS.contains(&part)
        && !block.is_marked(MarkKind::Hidden, label.start, label.end)
        && !block.cell.as_ref().is_some_and(|c| c.is_header)
}

fn fact_for(
    doc: &Document,
    schema: &FactSchema,
    labels: &[LabelHit],
    label: &LabelHit,
    sentence_ends: &[usize],
) -> Option<Fact> {
    let kind = schema.get(label.kind)?;
    let block = doc.blocks.get(label.block)?;
    if kind.value == ValueType::Label {
        let text = block.text.get(label.start..label.end)?;
        let value = FactValue::Text {
            value: fold_case(text).into_owned(),
        };
        return Some(make_fact(
            &kind.name,
            label.kind,
            label.block,
            block,
            value,
            label.start..label.end,
        ));
    }
    let window = label.end..same_sentence_end(&block.text, label, labels, sentence_ends);
    if let Some(parsed) = parse_value(kind, &block.text, window).filter(|p| visible(block, p)) {
        return Some(fact_from(
            &kind.name,
            label.kind,
            label.block,
            block,
            parsed,
        ));
    }
    if !stands_alone(&block.text, label) {
        return None;
    }
    let next = neighbour(doc, label.block)?;
    let next_block = doc.blocks.get(next)?;
    let window = 0..first_sentence_end(&next_block.text, next, labels);
    let parsed = parse_value(kind, &next_block.text, window).filter(|p| visible(next_block, p))?;
    Some(fact_from(&kind.name, label.kind, next, next_block, parsed))
}

fn visible(block: &Block, parsed: &Parsed) -> bool {
    let (start, end) = (parsed.span.start, parsed.span.end);
    !block.is_marked(MarkKind::Hidden, start, end)
        && !block.is_marked(MarkKind::Placeholder, start, end)
}

/// Where the value after a label may end: the end of the label's sentence or the next label there.
fn same_sentence_end(
    text: &str,
    label: &LabelHit,
    labels: &[LabelHit],
    sentence_ends: &[usize],
) -> usize {
    let sentence_end = sentence_ends
        .get(sentence_ends.partition_point(|&end| end <= label.start))
        .copied()
        .unwrap_or(text.len());
    let in_block = labels_of_block(labels, label.block);
    let next_label = in_block
        .get(in_block.partition_point(|l| l.start < label.end))
        .map(|l| l.start)
        .unwrap_or(text.len());
    sentence_end.min(next_label).max(label.end)
}

/// The end of a neighbour block's first sentence, or of the text before its first label.
fn first_sentence_end(text: &str, block: usize, labels: &[LabelHit]) -> usize {
    let sentence_end = sentences(text)
        .first()
        .map(|s| s.span.end)
        .unwrap_or(text.len());
    let first_label = labels_of_block(labels, block)
        .first()
        .map(|l| l.start)
        .unwrap_or(text.len());
    sentence_end.min(first_label)
}

/// The labels of one block (labels are sorted by block first).
fn labels_of_block(labels: &[LabelHit], block: usize) -> &[LabelHit] {
    let from = labels.partition_point(|l| l.block < block);
    let to = labels.partition_point(|l| l.block <= block);
    labels.get(from..to).unwrap_or(&[])
}

/// A label alone in its paragraph or cell: only numbering before it (`3`, `1.2`, `a)`), and after it
/// only a colon, a dash or a bracketed unit (`(kr)`).
fn stands_alone(text: &str, label: &LabelHit) -> bool {
    let before = text.get(..label.start).unwrap_or("x").trim();
    let after = text.get(label.end..).unwrap_or("x");
    let after = after.trim().trim_start_matches([':', '-', '–', '—']).trim();
    let numbering = before
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ')' | ' '))
        || is_letter_item(before);
    let bracketed = after.starts_with('(') && after.ends_with(')') && after.len() <= 20;
    numbering && (after.is_empty() || bracketed)
}

/// A list letter such as `a)` (looks at three characters at most, whatever the text's length).
fn is_letter_item(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(char::is_alphabetic)
        && chars.next() == Some(')')
        && chars.next().is_none()
}

/// Where the value of a label standing alone is: the next cell of its row (tables and sheets), or the
/// next non-empty paragraph of the same part before any heading.
fn neighbour(doc: &Document, index: usize) -> Option<usize> {
    let block = doc.blocks.get(index)?;
    if block.location.table.is_some() {
        return next_table_cell(doc, index);
    }
    if block.cell.is_some() {
        return next_sheet_cell(doc, index);
    }
    next_paragraph(doc, index)
}

fn next_table_cell(doc: &Document, index: usize) -> Option<usize> {
    let path = doc.blocks.get(index)?.location.table.as_ref()?;
    let (here, outer) = path.split_last()?;
    for (i, block) in doc
        .blocks
        .iter()
        .enumerate()
        .skip(index + 1)
        .take(CELL_LOOKAHEAD)
    {
        let Some(other) = &block.location.table else {
            return None;
        };
        if other.len() > path.len() {
            continue;
        }
        let (there, other_outer) = other.split_last()?;
        if other.len() < path.len() || other_outer != outer || there.row != here.row {
            return None;
        }
        if there.col > here.col && !block.text.trim().is_empty() {
            return Some(i);
        }
    }
    None
}

fn next_sheet_cell(doc: &Document, index: usize) -> Option<usize> {
    let block = doc.blocks.get(index)?;
    let cell = block.cell.as_ref()?;
    for (i, other) in doc
        .blocks
        .iter()
        .enumerate()
        .skip(index + 1)
        .take(CELL_LOOKAHEAD)
    {
        let other_cell = other.cell.as_ref()?;
        if other.location.sheet != block.location.sheet || other_cell.row != cell.row {
            return None;
        }
        if other_cell.col > cell.col && !other.text.trim().is_empty() {
            return Some(i);
        }
    }
    None
}

fn next_paragraph(doc: &Document, index: usize) -> Option<usize> {
    let block = doc.blocks.get(index)?;
    for (i, other) in doc
        .blocks
        .iter()
        .enumerate()
        .skip(index + 1)
        .take(PARAGRAPH_LOOKAHEAD)
    {
        let same_part = other.location.part == block.location.part
            && other.location.part_name == block.location.part_name;
        if !same_part || other.location.table.is_some() || other.outline_level.is_some() {
            return None;
        }
        if !other.text.trim().is_empty() {
            return Some(i);
        }
    }
    None
}

fn fact_from(name: &str, kind: usize, index: usize, block: &Block, parsed: Parsed) -> Fact {
    make_fact(name, kind, index, block, parsed.value, parsed.span)
}

fn make_fact(
    name: &str,
    kind: usize,
    index: usize,
    block: &Block,
    value: FactValue,
    span: Range<usize>,
) -> Fact {
    let text = block.text.get(span.clone()).unwrap_or("").to_string();
    Fact {
        name: name.to_string(),
        value,
        text,
        location: block.location.clone(),
        block: index,
        excerpt: excerpt(&block.text, &span),
        span,
        kind,
    }
}

fn excerpt(text: &str, span: &Range<usize>) -> Excerpt {
    let (context, context_range) = context_window(text, span.start, span.end);
    Excerpt {
        context,
        context_range,
        chars: (char_offset(text, span.start), char_offset(text, span.end)),
    }
}

/// One fact per kind and place (a heading and its paragraph may both lead to the same value), at most
/// [`MAX_MENTIONS_PER_KIND`] per kind, in document order.
fn tidy(items: &mut Vec<Fact>) {
    items.sort_by_key(|f| (f.kind, f.block, f.span.start));
    items.dedup_by_key(|f| (f.kind, f.block, f.span.start));
    let mut seen: Vec<(usize, usize)> = Vec::new();
    items.retain(|f| match seen.iter_mut().find(|(k, _)| *k == f.kind) {
        Some((_, count)) => {
            *count += 1;
            *count <= MAX_MENTIONS_PER_KIND
        }
        None => {
            seen.push((f.kind, 1));
            true
        }
    });
    items.sort_by_key(|f| (f.block, f.span.start, f.kind));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::examples::build_document;
    use crate::check::facts::FactKind;
    use crate::check::matcher::MatcherBuilder;
    use crate::rules::format::ExampleDef;

    const KINDS: &[(&str, &str, ValueType)] = &[
        (
            "sista-anbudsdag",
            r"\bsista (?:dag för anbud|anbudsdag(?:en)?)\b",
            ValueType::Date,
        ),
        (
            "sista-fragedag",
            r"\bsista dag för frågor\b",
            ValueType::Date,
        ),
        ("avtalsstart", r"\bavtalsstart(?:en)?\b", ValueType::Date),
        (
            "avtalsperiod",
            r"\bavtalsperiod(?:en)?\b",
            ValueType::Period,
        ),
        ("forfarande", r"\böppet förfarande\b", ValueType::Label),
    ];

    fn document(text: &str, rows: Option<Vec<Vec<String>>>) -> Document {
        build_document(&ExampleDef {
            text: Some(toml::Spanned::new(0..0, text.to_string())),
            rows: rows.map(|r| toml::Spanned::new(0..0, r)),
            sheet: None,
            file: None,
            properties: None,
            as_of: None,
            findings: None,
            matches: None,
            message_contains: None,
            severity: None,
        })
        .unwrap()
    }

    fn facts_of(doc: &Document) -> Vec<(String, String)> {
        let mut builder = MatcherBuilder::default();
        let kinds = KINDS
            .iter()
            .map(|(name, label, value)| FactKind {
                name: name.to_string(),
                description: name.to_string(),
                value: *value,
                label: builder.regex(
                    crate::check::regex_util::PackRegex::parse(label, true).unwrap(),
                    false,
                ),
                pattern: None,
                identity: crate::rules::format::Identity::No,
            })
            .collect();
        let schema = FactSchema { kinds };
        let matcher = builder.build().unwrap();
        let hits = matcher.scan(doc);
        let labels = label_hits(&schema, |id| {
            let from = hits.partition_point(|h| h.pattern < id);
            let to = hits.partition_point(|h| h.pattern <= id);
            &hits[from..to]
        });
        extract(doc, &schema, &labels)
            .items
            .into_iter()
            .map(|f| (f.name, f.text))
            .collect()
    }

    fn facts(text: &str) -> Vec<(String, String)> {
        facts_of(&document(text, None))
    }

    fn pair(name: &str, text: &str) -> (String, String) {
        (name.to_string(), text.to_string())
    }

    #[test]
    fn values_follow_their_label_in_the_same_sentence_up_to_the_next_label() {
        assert_eq!(
            facts("Sista dag för frågor är 2027-02-15 och sista dag för anbud 2027-03-01."),
            vec![
                pair("sista-fragedag", "2027-02-15"),
                pair("sista-anbudsdag", "2027-03-01")
            ]
        );
        assert_eq!(
            facts("Sista dag för frågor meddelas senare. Anbud 2027-03-01."),
            vec![]
        );
    }

    #[test]
    fn a_label_alone_takes_the_next_cell_or_paragraph() {
        assert_eq!(
            facts("| Sista anbudsdag | 2027-03-15 kl. 12.00 |\n| Avtalsstart: | 2027-07-01 |"),
            vec![
                pair("sista-anbudsdag", "2027-03-15 kl. 12.00"),
                pair("avtalsstart", "2027-07-01")
            ]
        );
        assert_eq!(
            facts("# 3 Avtalsperiod\nAvtalet gäller 2027-08-01 – 2029-07-31."),
            vec![pair("avtalsperiod", "2027-08-01 – 2029-07-31")]
        );
    }

    #[test]
    fn a_heading_and_its_labelled_paragraph_give_one_fact() {
        assert_eq!(
            facts("# 3 Avtalsperiod\nAvtalsperiod: 2027-08-01 – 2029-07-31."),
            vec![pair("avtalsperiod", "2027-08-01 – 2029-07-31")]
        );
    }

    #[test]
    fn a_label_inside_prose_or_before_another_label_takes_nothing_from_the_next_paragraph() {
        assert_eq!(
            facts("Rapporten lämnas åtta veckor efter avtalsstart.\n2027-05-01"),
            vec![]
        );
        assert_eq!(
            facts("Sista dag för frågor\nSista anbudsdag: 2027-03-15"),
            vec![pair("sista-anbudsdag", "2027-03-15")]
        );
        assert_eq!(facts("# Avtalsstart\n# 2027-05-01"), vec![]);
    }

    #[test]
    fn hidden_and_placeholder_values_are_not_facts() {
        assert_eq!(
            facts("Sista anbudsdag: <hidden>2027-03-15</hidden>."),
            vec![]
        );
        assert_eq!(
            facts("Avtalsstart: <placeholder>2027-03-15</placeholder>"),
            vec![]
        );
        assert_eq!(
            facts("<hidden>Sista anbudsdag:</hidden> 2027-03-15"),
            vec![]
        );
    }

    #[test]
    fn label_values_are_the_label_itself() {
        assert_eq!(
            facts("Vi använder ett Öppet förfarande."),
            vec![pair("forfarande", "Öppet förfarande")]
        );
    }

    #[test]
    fn sheets_pair_a_label_cell_with_the_next_cell_of_its_row_but_not_header_cells() {
        let rows = vec![
            vec!["Avtalsstart".to_string(), "Sista anbudsdag".to_string()],
            vec!["2027-01-01".to_string(), "2027-02-01".to_string()],
            vec!["Sista anbudsdag".to_string(), "2027-03-15".to_string()],
        ];
        assert_eq!(
            facts_of(&document("", Some(rows))),
            vec![pair("sista-anbudsdag", "2027-03-15")]
        );
    }

    #[test]
    fn mentions_per_kind_are_capped() {
        let text = "Sista anbudsdag: 2027-03-15.\n".repeat(MAX_MENTIONS_PER_KIND + 10);
        assert_eq!(facts(&text).len(), MAX_MENTIONS_PER_KIND);
    }
}
