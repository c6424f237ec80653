//! Reviewer comments: their anchors in the text (`w:commentRangeStart`/`End`) and reply threads
//! (`commentsExtended.xml`).

use super::xml::{self, Flow, Ns, Sink};
use crate::model::Document;
use crate::read::ReadError;
use quick_xml::events::BytesStart;
use std::collections::HashMap;

/// A position in the blocks: block index and byte offset in its text.
pub(super) type TextPos = (usize, usize);

/// Where each comment id's range starts and ends, and where its reference mark sits.
#[derive(Debug, Default)]
pub(super) struct CommentAnchors {
    starts: HashMap<String, TextPos>,
    ends: HashMap<String, TextPos>,
    references: HashMap<String, TextPos>,
}

impl CommentAnchors {
    pub fn start(&mut self, id: &str, pos: TextPos) {
        self.starts.entry(id.to_string()).or_insert(pos);
    }

    pub fn end(&mut self, id: &str, pos: TextPos) {
        self.ends.entry(id.to_string()).or_insert(pos);
    }

    pub fn reference(&mut self, id: &str, pos: TextPos) {
        self.references.entry(id.to_string()).or_insert(pos);
    }

    /// The anchor of comment `id`: its range, or its reference mark for a point comment.
    fn range(&self, id: &str) -> Option<(TextPos, TextPos)> {
        let start = self.starts.get(id).or_else(|| self.references.get(id))?;
        let end = self
            .ends
            .get(id)
            .or_else(|| self.references.get(id))
            .filter(|end| *end >= start)
            .unwrap_or(start);
        Some((*start, *end))
    }
}

/// Fills each comment's anchor from the ranges found in the text parts. A range spanning blocks is
/// anchored at its start block (end clamped to that block) and its text is the whole range joined
/// with `\n` (blocks of other parts, such as text boxes read in between, are left out).
pub(super) fn resolve_anchors(doc: &mut Document, anchors: &CommentAnchors) {
    for i in 0..doc.comments.len() {
        let Some(id) = doc.comments.get(i).map(|c| c.id.clone()) else {
            continue;
        };
        let Some(((start_block, start), (end_block, end))) = anchors.range(&id) else {
            continue;
        };
        let Some(first) = doc.blocks.get(start_block) else {
            continue;
        };
        let first_len = first.text.len();
        let start = clamp_to_char(&first.text, start);
        let (anchor_end, anchor_text) = if end_block == start_block {
            let end = clamp_to_char(&first.text, end.max(start));
            (
                end,
                first.text.get(start..end).unwrap_or_default().to_string(),
            )
        } else {
            (
                first_len,
                spanning_text(doc, (start_block, start), (end_block, end)),
            )
        };
        if let Some(comment) = doc.comments.get_mut(i) {
            comment.anchor_block = Some(start_block);
            comment.anchor_start = start;
            comment.anchor_end = anchor_end;
            comment.anchor_text = anchor_text;
        }
    }
}

fn spanning_text(doc: &Document, (first, start): TextPos, (last, end): TextPos) -> String {
    let part = doc.blocks.get(first).and_then(|b| b.location.part);
    let mut pieces: Vec<&str> = Vec::new();
    for index in first..=last {
        let Some(block) = doc.blocks.get(index) else {
            break;
        };
        if block.location.part != part {
            continue;
        }
        let text = block.text.as_str();
        let from = if index == first {
            clamp_to_char(text, start)
        } else {
            0
        };
        let to = if index == last {
            clamp_to_char(text, end)
        } else {
            text.len()
        };
        pieces.push(text.get(from..to.max(from)).unwrap_or_default());
    }
    pieces.join("\n")
}

/// The largest char boundary of `text` at or below `offset`.
fn clamp_to_char(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Sets `parent_id` from `w15:commentEx` links (`paraId` → `paraIdParent`), where `para_ids` maps the
/// paraId of each comment's last paragraph to the comment id.
pub(super) fn apply_reply_links(
    doc: &mut Document,
    xml_text: &str,
    part: &str,
    max_depth: usize,
    para_ids: &HashMap<String, String>,
) -> Result<(), ReadError> {
    let mut sink = CommentsExSink::default();
    xml::drive(xml_text, part, max_depth, &mut sink)?;
    for (para_id, parent_para_id) in sink.links {
        let (Some(child), Some(parent)) = (para_ids.get(&para_id), para_ids.get(&parent_para_id))
        else {
            continue;
        };
        if let Some(comment) = doc.comments.iter_mut().find(|c| &c.id == child) {
            comment.parent_id = Some(parent.clone());
        }
    }
    Ok(())
}

#[derive(Default)]
struct CommentsExSink {
    links: Vec<(String, String)>,
}

impl Sink for CommentsExSink {
    fn start(
        &mut self,
        _ns: Ns,
        local: &str,
        element: &BytesStart<'_>,
        _depth: usize,
    ) -> Result<Flow, ReadError> {
        if local == "commentEx" {
            if let (Some(id), Some(parent)) = (
                xml::attr(element, "paraId"),
                xml::attr(element, "paraIdParent"),
            ) {
                self.links.push((id.into_owned(), parent.into_owned()));
            }
            return Ok(Flow::Skip);
        }
        Ok(Flow::Descend)
    }
    fn end(&mut self, _ns: Ns, _local: &str, _depth: usize) -> Result<(), ReadError> {
        Ok(())
    }
    fn text(&mut self, _text: &str) -> Result<(), ReadError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Comment, DocKind, Location};

    fn comment(id: &str) -> Comment {
        Comment {
            id: id.into(),
            author: None,
            initials: None,
            date: None,
            text: String::new(),
            anchor_text: String::new(),
            anchor_block: None,
            anchor_start: 0,
            anchor_end: 0,
            parent_id: None,
        }
    }

    #[test]
    fn anchors_within_and_across_blocks() {
        let mut doc = Document::new("x.docx", DocKind::Word);
        for (i, text) in ["Första stycket", "mitten", "sista åäö"].iter().enumerate() {
            doc.blocks
                .push(Block::new(*text, Location::body(i as u32 + 1)));
        }
        doc.comments = vec![comment("1"), comment("2"), comment("3"), comment("4")];
        let mut anchors = CommentAnchors::default();
        // "Första " is 8 bytes (ö takes two).
        anchors.start("1", (0, 8));
        anchors.end("1", (0, 15));
        anchors.start("2", (0, 8));
        anchors.end("2", (2, 5));
        anchors.reference("3", (1, 6));
        resolve_anchors(&mut doc, &anchors);
        let c = &doc.comments;
        assert_eq!(c[0].anchor_text, "stycket");
        assert_eq!(
            (c[0].anchor_block, c[0].anchor_start, c[0].anchor_end),
            (Some(0), 8, 15)
        );
        assert_eq!(c[1].anchor_text, "stycket\nmitten\nsista");
        assert_eq!((c[1].anchor_block, c[1].anchor_end), (Some(0), 15));
        assert_eq!(
            (c[2].anchor_block, c[2].anchor_text.as_str()),
            (Some(1), "")
        );
        assert_eq!(c[3].anchor_block, None);
    }

    #[test]
    fn offsets_are_clamped_to_char_boundaries() {
        assert_eq!(clamp_to_char("åa", 1), 0);
        assert_eq!(clamp_to_char("åa", 99), 3);
    }
}
