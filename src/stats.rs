//! Per-document readability figures for reports: LIX and word counts of the whole text and of each section.
//!
//! Measured the way the `readability` rule kind measures LIX: prose only (headings and table cells are
//! fragments, not prose), body text (and plain-text lines), sections split at every body heading.

use crate::check::kinds::readability::sections;
use crate::model::{Block, Document};
use crate::text::readability::{TextStats, stats};
use serde::Serialize;

/// Readability of one document, computed while it is still in memory (documents are dropped after checks).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocStats {
    pub path: String,
    /// LIX of all prose, rounded to one decimal (0 when there are no words).
    pub lix: f64,
    pub words: usize,
    /// Sections with prose, in document order.
    pub sections: Vec<SectionStats>,
}

/// One section: the heading path of its heading (empty before the first heading).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SectionStats {
    pub heading_path: Vec<String>,
    pub lix: f64,
    pub words: usize,
}

/// The readability figures of `doc`.
pub fn doc_stats(doc: &Document) -> DocStats {
    let mut total = TextStats::default();
    let mut out = Vec::new();
    for section in sections(&doc.blocks) {
        let blocks = doc.blocks.get(section.body.clone()).unwrap_or_default();
        let measured = prose_stats(blocks);
        if measured.words == 0 {
            continue;
        }
        total.merge(&measured);
        let heading_path = section
            .heading
            .and_then(|h| doc.blocks.get(h))
            .map(|b| b.location.heading.clone())
            .unwrap_or_default();
        out.push(SectionStats {
            heading_path,
            lix: round1(measured.lix),
            words: measured.words,
        });
    }
    DocStats {
        path: doc.path.clone(),
        lix: round1(total.lix),
        words: total.words,
        sections: out,
    }
}

/// Counts of the prose blocks among `blocks`.
fn prose_stats(blocks: &[Block]) -> TextStats {
    let mut total = TextStats::default();
    for block in blocks.iter().filter(|b| b.is_prose()) {
        total.merge(&stats(&block.text));
    }
    total
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocKind, Location, TablePos};

    fn heading(text: &str, path: &[&str], paragraph: u32) -> Block {
        let mut block = Block::new(text, Location::body(paragraph));
        block.outline_level = Some(path.len().saturating_sub(1) as u8);
        block.location.heading = path.iter().map(|s| s.to_string()).collect();
        block
    }

    #[test]
    fn measures_prose_per_section_and_in_total() {
        let mut doc = Document::new("a.docx", DocKind::Word);
        doc.blocks
            .push(Block::new("Jag gick hem.", Location::body(1)));
        doc.blocks.push(heading("1 Krav", &["1 Krav"], 2));
        doc.blocks.push(Block::new(
            "Regeringen presenterade proposition.",
            Location::body(3),
        ));
        let mut cell = Block::new("Tabelltext utan betydelse", Location::body(4));
        cell.location.table = Some(vec![TablePos { row: 1, col: 1 }]);
        doc.blocks.push(cell);
        doc.blocks.push(heading("2 Tom", &["2 Tom"], 5));
        let stats = doc_stats(&doc);
        assert_eq!(stats.words, 6);
        assert_eq!(stats.sections.len(), 2, "the empty section is left out");
        assert_eq!(stats.sections[0].heading_path, Vec::<String>::new());
        assert_eq!(stats.sections[0].lix, 3.0);
        assert_eq!(stats.sections[1].heading_path, vec!["1 Krav".to_string()]);
        assert_eq!(stats.sections[1].lix, 103.0);
        assert_eq!(stats.sections[1].words, 3);
    }

    #[test]
    fn headers_and_sheets_have_no_prose() {
        let mut doc = Document::new("a.xlsx", DocKind::Sheet);
        doc.blocks
            .push(Block::new("Pris per enhet", Location::cell("Priser", 0, 0)));
        let stats = doc_stats(&doc);
        assert_eq!((stats.words, stats.lix), (0, 0.0));
        assert!(stats.sections.is_empty());
    }
}
