//! Where each finding's comment goes and what it says.
//!
//! A finding in a body paragraph is anchored on its matched text (the whole paragraph when it matched
//! nothing, or when the paragraph's text here differs from the reader's). Word has no comments in
//! headers and footers, so findings there — and in notes, text boxes, reviewer comments, or about the
//! document as a whole — go on the first body paragraph with text, saying where they belong. So do
//! findings in paragraphs LibreOffice mishandles comments in (see `BodyMap::takes_comments`):
//! they go on the nearest paragraph that takes comments.

use super::markup::CommentRange;
use super::positions::BodyMap;
use crate::finding::Finding;
use crate::model::{Document, Part};
use std::ops::Range;

/// One comment to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub range: CommentRange,
    /// One paragraph each: [where,] message, [suggestion,] `[rule id]` last.
    pub lines: Vec<String>,
}

/// The comments, with counts of the ones not anchored on their own text.
#[derive(Debug, Default)]
pub struct Placement {
    pub comments: Vec<Planned>,
    /// Put on the first body paragraph (headers, footers, notes, the whole document…).
    pub moved: usize,
    /// Anchored on their whole paragraph because its text here differed from the reader's.
    pub whole_paragraph: usize,
    /// Not written: the body has no paragraph at all.
    pub unplaced: usize,
}

/// Plans one comment per finding, with ids from `first_id` on.
pub fn plan(doc: &Document, findings: &[Finding], map: &BodyMap, first_id: u32) -> Placement {
    let mut placement = Placement::default();
    let fallback = first_text_paragraph(map);
    let mut id = first_id;
    for finding in findings {
        let (paragraph, text, away) = match own_paragraph(doc, finding, map) {
            Some(Target::Exact(p, _) | Target::Whole(p)) if !is_safe(map, p) => {
                placement.moved += 1;
                (nearest_safe(map, p), None, true)
            }
            Some(Target::Exact(p, range)) => (p, range, false),
            Some(Target::Whole(p)) => {
                placement.whole_paragraph += 1;
                (p, None, false)
            }
            None => match fallback {
                Some(p) => {
                    placement.moved += 1;
                    (p, None, true)
                }
                None => {
                    placement.unplaced += 1;
                    continue;
                }
            },
        };
        placement.comments.push(Planned {
            range: CommentRange {
                id,
                paragraph,
                text,
            },
            lines: lines(finding, away),
        });
        id = id.saturating_add(1);
    }
    placement
}

enum Target {
    /// The paragraph and the matched bytes (None when the finding matched nothing).
    Exact(usize, Option<Range<usize>>),
    /// The paragraph, whose text differs from the reader's.
    Whole(usize),
}

/// The body paragraph a finding belongs to, if it is in the body.
fn own_paragraph(doc: &Document, finding: &Finding, map: &BodyMap) -> Option<Target> {
    let block = doc.blocks.get(finding.block?)?;
    if block.location.part != Some(Part::Body) {
        return None;
    }
    let index = usize::try_from(block.location.paragraph.checked_sub(1)?).ok()?;
    let paragraph = map.paragraphs.get(index)?;
    if paragraph.text != block.text {
        return Some(Target::Whole(index));
    }
    let (start, end) = finding.byte_range;
    let range = (start < end && end <= block.text.len()).then_some(start..end);
    Some(Target::Exact(index, range))
}

/// Whether comment marks may go in paragraph `index` (see `BodyMap::takes_comments`).
fn is_safe(map: &BodyMap, index: usize) -> bool {
    map.takes_comments(index)
}

/// The closest paragraph after `index` (else before it) where marks may go; `index` when none may.
fn nearest_safe(map: &BodyMap, index: usize) -> usize {
    (index + 1..map.paragraphs.len())
        .chain((0..index).rev())
        .find(|&i| is_safe(map, i))
        .unwrap_or(index)
}

/// The first body paragraph with text where marks may go, else the first such paragraph, else the first.
fn first_text_paragraph(map: &BodyMap) -> Option<usize> {
    let paragraphs = &map.paragraphs;
    (0..paragraphs.len())
        .find(|&i| {
            map.takes_comments(i) && paragraphs.get(i).is_some_and(|p| !p.text.trim().is_empty())
        })
        .or_else(|| (0..paragraphs.len()).find(|&i| map.takes_comments(i)))
        .or_else(|| (!paragraphs.is_empty()).then_some(0))
}

fn lines(finding: &Finding, away: bool) -> Vec<String> {
    let mut lines = Vec::new();
    if away {
        lines.push(where_line(finding));
    }
    lines.push(finding.message.clone());
    if let Some(suggestion) = &finding.suggestion {
        lines.push(format!("Förslag: {suggestion}"));
    }
    lines.push(format!("[{}]", finding.rule));
    lines
}

/// "Gäller sidhuvud 1 › ¶1: ”Exempelby kommun”", or the document as a whole.
fn where_line(finding: &Finding) -> String {
    if finding.block.is_none() {
        return "Gäller hela dokumentet.".to_string();
    }
    let place = finding.location.describe();
    if finding.matched.is_empty() {
        format!("Gäller {place}.")
    } else {
        format!(
            "Gäller {place}: \u{201d}{}\u{201d}",
            shorten(&finding.matched, 80)
        )
    }
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::super::positions::map_body;
    use super::*;
    use crate::finding::Severity;
    use crate::model::{Block, DocKind, Location};

    fn finding(block: Option<usize>, range: (usize, usize), doc: &Document) -> Finding {
        let (location, matched) = match block.and_then(|b| doc.blocks.get(b)) {
            Some(b) => (b.location.clone(), b.text[range.0..range.1].to_string()),
            None => (Location::default(), String::new()),
        };
        Finding {
            rule: "t/a".into(),
            severity: Severity::Warning,
            message: "Meddelande".into(),
            path: "a.docx".into(),
            location,
            start: range.0,
            end: range.1,
            matched,
            context: String::new(),
            suggestion: Some("ska".into()),
            help: None,
            source: None,
            url: None,
            related: Vec::new(),
            fingerprint: String::new(),
            block,
            byte_range: range,
            context_range: (0, 0),
        }
    }

    #[test]
    fn places_body_findings_on_their_text_and_the_rest_on_the_first_paragraph() {
        let xml = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p/><w:p><w:r><w:t>Vi skall.</w:t></w:r></w:p><w:p><w:r><w:t>Annan text</w:t></w:r></w:p></w:body></w:document>"#;
        let map = map_body(xml, 64).unwrap();
        let mut doc = Document::new("a.docx", DocKind::Word);
        doc.blocks.push(Block::new("", Location::body(1)));
        doc.blocks.push(Block::new("Vi skall.", Location::body(2)));
        doc.blocks.push(Block::new("Inte samma", Location::body(3)));
        let mut header = Block::new("Exempelby kommun", Location::default());
        header.location.part = Some(Part::Header);
        header.location.part_name = Some("word/header1.xml".into());
        header.location.paragraph = 1;
        doc.blocks.push(header);
        let findings = vec![
            finding(Some(1), (3, 8), &doc),
            finding(Some(2), (0, 4), &doc),
            finding(Some(3), (0, 9), &doc),
            finding(None, (0, 0), &doc),
        ];
        let placed = plan(&doc, &findings, &map, 5);
        let ranges: Vec<(u32, usize, Option<Range<usize>>)> = placed
            .comments
            .iter()
            .map(|c| (c.range.id, c.range.paragraph, c.range.text.clone()))
            .collect();
        assert_eq!(
            ranges,
            [(5, 1, Some(3..8)), (6, 2, None), (7, 1, None), (8, 1, None)]
        );
        assert_eq!((placed.moved, placed.whole_paragraph), (2, 1));
        assert_eq!(
            placed.comments[0].lines,
            ["Meddelande", "Förslag: ska", "[t/a]"]
        );
        assert_eq!(
            placed.comments[2].lines[0],
            "Gäller sidhuvud 1 › ¶1: \u{201d}Exempelby\u{201d}"
        );
        assert_eq!(placed.comments[3].lines[0], "Gäller hela dokumentet.");
    }
}
