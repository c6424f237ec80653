//! Text parts (body, headers, footers, notes, comments) into blocks: paragraphs, runs, tables, text
//! boxes, tracked changes, fields, content controls and hyperlinks, all from one streaming pass.
//!
//! Conventions:
//! - One block per `w:p`, reserved when the paragraph starts so that revisions, field codes and
//!   comment anchors can name it; a text box's paragraphs therefore follow the paragraph holding it.
//! - Heading path (body only): the texts of the enclosing headings, outermost first. A heading's
//!   own block includes itself as the last element. Empty headings do not enter the path.
//! - Text boxes (`w:txbxContent`) are read where they occur, except inside `mc:Fallback` (the VML
//!   copy of a DrawingML shape), so each box is read once. Their blocks are `Part::Textbox`, numbered
//!   1.. across the whole document, with no part name and their own table stack; in the body they
//!   carry the heading path of where they sit.
//! - Paragraph numbers of other blocks count every `w:p` of their part file, empty ones included.
//! - List labels (numbering.xml): each part file counts its own lists, its text boxes included, in
//!   reading order; a paragraph is counted when its properties end, so before the text boxes it
//!   holds. A heading's entry in the heading path is "label text" ("1.2 Upphandlingsform").

use super::comments::CommentAnchors;
use super::fields::FieldStack;
use super::numbering::{ListCounters, Numbering};
use super::paragraph::{ParagraphBuilder, TextFlags};
use super::styles::Styles;
use super::tables::TableStack;
use super::xml::{self, Flow, Ns, Sink};
use crate::model::{Block, Comment, Document, FieldCode, Location, Part, Revision, RevisionKind};
use crate::read::{Limits, ReadError};
use quick_xml::events::BytesStart;
use std::collections::HashMap;

/// Document-wide state shared by the readers of all text parts.
pub(super) struct Collector {
    pub doc: Document,
    pub styles: Styles,
    pub numbering: Numbering,
    pub max_depth: usize,
    pub anchors: CommentAnchors,
    /// paraId of each comment's last paragraph → comment id (for commentsExtended).
    pub comment_para_ids: HashMap<String, String>,
    textbox_paragraphs: u32,
    /// Open headings of the body: (outline level, text).
    headings: Vec<(u8, String)>,
    /// Heading path where each footnote/endnote is referenced from the body.
    note_headings: HashMap<(Part, String), Vec<String>>,
    budget: Budget,
}

/// What the paragraphs of a document may cost beyond the XML they come from: blocks against
/// `Limits::max_blocks`, and the bytes copied into every block (its heading path, its part name) against
/// `Limits::max_part_bytes`. Without it an 8 KB file holding one megabyte-long heading over a few
/// thousand paragraphs asks for gigabytes. The first overrun is kept and ends the part's reading.
#[derive(Debug)]
struct Budget {
    blocks: u64,
    max_blocks: u64,
    copied: u64,
    max_copied: u64,
    exceeded: Option<ReadError>,
}

impl Budget {
    fn unlimited() -> Self {
        Budget {
            blocks: 0,
            max_blocks: u64::MAX,
            copied: 0,
            max_copied: u64::MAX,
            exceeded: None,
        }
    }

    fn take_block(&mut self) -> bool {
        self.blocks = self.blocks.saturating_add(1);
        if self.blocks > self.max_blocks {
            self.exceeded.get_or_insert(ReadError::TooManyBlocks {
                limit: self.max_blocks,
            });
            return false;
        }
        true
    }

    /// Whether `bytes` more may be copied; false (and the overrun kept) when not.
    fn take_copy(&mut self, bytes: usize) -> bool {
        self.copied = self.copied.saturating_add(bytes as u64);
        if self.copied > self.max_copied {
            self.exceeded.get_or_insert(ReadError::TooMuchText {
                what: "text copied into each paragraph (heading paths, part names)",
                limit: self.max_copied,
            });
            return false;
        }
        true
    }
}

/// The bytes a heading path holds.
/// Whether a list label numbers its paragraph (not a bullet): it has a letter or digit.
fn is_numbered(label: &str) -> bool {
    label.chars().any(char::is_alphanumeric)
}

fn path_bytes(path: &[String]) -> usize {
    path.iter().map(String::len).sum()
}

impl Collector {
    pub fn new(doc: Document, styles: Styles, max_depth: usize) -> Self {
        Collector {
            doc,
            styles,
            numbering: Numbering::default(),
            max_depth,
            anchors: CommentAnchors::default(),
            comment_para_ids: HashMap::new(),
            textbox_paragraphs: 0,
            headings: Vec::new(),
            note_headings: HashMap::new(),
            budget: Budget::unlimited(),
        }
    }

    /// Gives paragraphs list labels from these definitions (a new collector has none).
    pub fn with_numbering(mut self, numbering: Numbering) -> Self {
        self.numbering = numbering;
        self
    }

    /// Applies the block and copy limits (a new collector has none).
    pub fn with_limits(mut self, limits: &Limits) -> Self {
        self.budget.max_blocks = limits.max_blocks;
        self.budget.max_copied = limits.max_part_bytes;
        self
    }

    /// Reads one text part into blocks. `part_name` is the package part (`word/header2.xml`).
    pub fn read_part(
        &mut self,
        xml_text: &str,
        part: Part,
        part_name: &str,
    ) -> Result<(), ReadError> {
        let max_depth = self.max_depth;
        let mut reader = PartReader::new(self, part, part_name);
        xml::drive(xml_text, part_name, max_depth, &mut reader)?;
        match self.budget.exceeded.take() {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    /// The open headings, copied, or nothing once the copy budget is spent.
    fn heading_path(&mut self) -> Vec<String> {
        let bytes = self.headings.iter().map(|(_, text)| text.len()).sum();
        if !self.budget.take_copy(bytes) {
            return Vec::new();
        }
        self.headings.iter().map(|(_, text)| text.clone()).collect()
    }

    /// A finished body heading closes the headings at its level and below, then opens itself as
    /// "label text", whitespace runs made single spaces. An empty heading opens nothing.
    fn enter_heading(&mut self, level: u8, label: Option<&str>, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        let words = label.into_iter().flat_map(str::split_whitespace);
        let text = words
            .chain(text.split_whitespace())
            .collect::<Vec<_>>()
            .join(" ");
        while self.headings.last().is_some_and(|(open, _)| *open >= level) {
            self.headings.pop();
        }
        self.headings.push((level, text));
    }
}

/// Which run-level text element the next text event belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextSink {
    /// `w:t`: visible text (unless inside a deletion or a field instruction).
    Visible,
    /// `w:delText`: deleted text.
    Deleted,
    /// `w:instrText`: a field instruction.
    Instruction,
}

/// A property container whose children are read as settings, never as content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Props {
    Paragraph,
    Run,
    ContentControl,
    Cell,
    Row,
}

#[derive(Debug, Default)]
struct RunState {
    depth: usize,
    direct_vanish: Option<bool>,
    style_vanish: Option<bool>,
}

/// An open `w:ins`/`w:moveTo`/`w:del`/`w:moveFrom`.
#[derive(Debug)]
struct Change {
    kind: RevisionKind,
    author: Option<String>,
    date: Option<String>,
    /// Index in `Document::revisions` of the record collecting this change's text in the current block.
    record: Option<usize>,
}

#[derive(Debug, Default)]
struct ContentControl {
    depth: usize,
    tag: Option<String>,
    alias: Option<String>,
    placeholder: bool,
    in_content: bool,
}

impl ContentControl {
    fn label(&self) -> &str {
        self.tag
            .as_deref()
            .filter(|t| !t.is_empty())
            .or(self.alias.as_deref())
            .unwrap_or("")
    }
}

/// One story: the part's main text, or a text box inside it, with its own open elements.
#[derive(Debug, Default)]
struct Story {
    is_textbox: bool,
    paragraph: Option<ParagraphBuilder>,
    run: Option<RunState>,
    tables: TableStack,
    fields: FieldStack,
    simple_fields: u32,
    hyperlinks: u32,
    inserts: Vec<Change>,
    deletes: Vec<Change>,
    controls: Vec<ContentControl>,
}

impl Story {
    fn hidden(&self) -> bool {
        let paragraph_vanish = self.paragraph.as_ref().and_then(|p| p.style_vanish);
        self.run
            .as_ref()
            .and_then(|r| r.direct_vanish.or(r.style_vanish))
            .or(paragraph_vanish)
            .unwrap_or(false)
    }
}

/// The `mc:AlternateContent` being read: only its first choice (or, lacking one, its fallback) counts.
#[derive(Debug)]
struct Alternate {
    depth: usize,
    taken: bool,
}

/// A comment of the comments part being read.
#[derive(Debug)]
struct CommentDraft {
    comment: Comment,
    first_block: usize,
    last_para_id: Option<String>,
}

struct PartReader<'c> {
    c: &'c mut Collector,
    part: Part,
    /// The package part name, kept on every block except body and text-box blocks.
    part_name: Option<String>,
    paragraphs: u32,
    /// The part's main story.
    main: Story,
    /// Text boxes being read inside it, innermost last.
    boxes: Vec<Story>,
    /// List counters of this part (numbering.xml).
    lists: ListCounters,
    text_sink: Option<TextSink>,
    props: Option<Props>,
    alternates: Vec<Alternate>,
    /// Comment ranges opened between paragraphs: they start at the next paragraph.
    pending_comment_starts: Vec<String>,
    /// The last finished block of the main story.
    last_block: Option<usize>,
    /// Heading path given to notes (where they are referenced from).
    note_heading: Vec<String>,
    comment: Option<CommentDraft>,
    /// `w:instrText` outside any `fldChar` field.
    stray_instruction: String,
}

impl<'c> PartReader<'c> {
    fn new(c: &'c mut Collector, part: Part, part_name: &str) -> Self {
        PartReader {
            c,
            part,
            part_name: (part != Part::Body).then(|| part_name.to_string()),
            paragraphs: 0,
            main: Story::default(),
            boxes: Vec::new(),
            lists: ListCounters::default(),
            text_sink: None,
            props: None,
            alternates: Vec::new(),
            pending_comment_starts: Vec::new(),
            last_block: None,
            note_heading: Vec::new(),
            comment: None,
            stray_instruction: String::new(),
        }
    }

    /// The innermost story being read.
    fn story(&mut self) -> &mut Story {
        self.boxes.last_mut().unwrap_or(&mut self.main)
    }

    fn current_block(&mut self) -> Option<usize> {
        self.story().paragraph.as_ref().map(|p| p.block)
    }

    /// Where text would be appended now: (block, offset).
    fn position(&mut self) -> Option<(usize, usize)> {
        self.story()
            .paragraph
            .as_ref()
            .map(|p| (p.block, p.text.len()))
    }

    // ---- paragraphs ----

    fn start_paragraph(&mut self, element: &BytesStart<'_>, depth: usize) {
        if self.story().paragraph.is_some() {
            // A paragraph inside a paragraph of the same story is malformed: close the outer one.
            self.finish_paragraph();
        }
        let is_textbox = self.story().is_textbox;
        let (part, part_name, number) = if is_textbox {
            self.c.textbox_paragraphs = self.c.textbox_paragraphs.saturating_add(1);
            (Part::Textbox, None, self.c.textbox_paragraphs)
        } else {
            self.paragraphs = self.paragraphs.saturating_add(1);
            (self.part, self.part_name.clone(), self.paragraphs)
        };
        let name_bytes = part_name.as_ref().map_or(0, String::len);
        if !self.c.budget.take_block() || !self.c.budget.take_copy(name_bytes) {
            return;
        }
        let location = Location {
            part: Some(part),
            part_name,
            paragraph: number,
            table: self.story().tables.path(),
            ..Location::default()
        };
        let block = self.c.doc.blocks.len();
        self.c.doc.blocks.push(Block::new(String::new(), location));
        if !is_textbox {
            for id in std::mem::take(&mut self.pending_comment_starts) {
                self.c.anchors.start(&id, (block, 0));
            }
        }
        if let Some(draft) = self.comment.as_mut() {
            draft.last_para_id = xml::attr(element, "paraId").map(|id| id.into_owned());
        }
        let facts = self.c.styles.paragraph_facts(None);
        let mut paragraph = ParagraphBuilder::new(block, depth);
        paragraph.style_vanish = facts.vanish;
        self.story().paragraph = Some(paragraph);
    }

    fn set_paragraph_style(&mut self, style_id: &str) {
        let facts = self.c.styles.paragraph_facts(Some(style_id));
        if let Some(p) = self.story().paragraph.as_mut() {
            p.style = Some(style_id.to_string());
            p.style_vanish = facts.vanish;
        }
    }

    /// Counts the open paragraph in its list, once, and keeps its label. The list comes from the
    /// paragraph's `w:numPr` or its style's (numId 0: none). The level: the direct `w:ilvl`, else
    /// the list level whose `w:pStyle` is the paragraph's style (§17.9.23), else the style's ilvl, else 0.
    fn count_in_list(&mut self) {
        let story = self.boxes.last_mut().unwrap_or(&mut self.main);
        let Some(p) = story.paragraph.as_mut() else {
            return;
        };
        if std::mem::replace(&mut p.numbered, true) || self.c.numbering.is_empty() {
            return;
        }
        let styles = &self.c.styles;
        let facts = styles.paragraph_facts(p.style.as_deref());
        let Some(num_id) = p.num_id.or(facts.num_id) else {
            return;
        };
        let style_id = styles.paragraph_style(p.style.as_deref());
        let ilvl = p
            .ilvl
            .or_else(|| style_id.and_then(|id| self.c.numbering.level_for_style(num_id, id)))
            .or(facts.ilvl)
            .unwrap_or(0);
        let label = self.lists.label(&self.c.numbering, num_id, ilvl);
        if let Some(label) = label {
            if self.c.budget.take_copy(label.len()) {
                p.label = Some(label);
            }
        }
    }

    fn finish_paragraph(&mut self) {
        self.count_in_list();
        let story = self.story();
        let is_textbox = story.is_textbox;
        let Some(p) = story.paragraph.take() else {
            return;
        };
        story.run = None;
        let facts = self.c.styles.paragraph_facts(p.style.as_deref());
        let outline_level = match p.direct_outline_level {
            Some(level) => (level < 9).then_some(level),
            None => facts.outline_level,
        };
        let heading = if self.part == Part::Body {
            if let (Some(level), false) = (outline_level, is_textbox) {
                self.c.enter_heading(level, p.label.as_deref(), &p.text);
            }
            self.c.heading_path()
        } else if self.c.budget.take_copy(path_bytes(&self.note_heading)) {
            self.note_heading.clone()
        } else {
            Vec::new()
        };
        // A numbered paragraph's label goes into its location too (headings have theirs in the path).
        let location_label = match outline_level {
            None => p
                .label
                .as_deref()
                .filter(|l| is_numbered(l) && self.c.budget.take_copy(l.len()))
                .map(Into::into),
            Some(_) => None,
        };
        if let Some(block) = self.c.doc.blocks.get_mut(p.block) {
            block.text = p.text;
            block.marks = p.marks;
            block.style = p.style;
            block.location.label = location_label;
            block.label = p.label;
            block.outline_level = outline_level;
            block.location.heading = heading;
        }
        if !is_textbox {
            self.last_block = Some(p.block);
        }
    }

    // ---- text ----

    fn visible_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let story = self.story();
        if story.fields.in_instruction() {
            story.fields.push_instruction(text);
            return;
        }
        if !story.deletes.is_empty() {
            self.deleted_text(text);
            return;
        }
        let story = self.boxes.last_mut().unwrap_or(&mut self.main);
        let hidden = story.hidden();
        let Story {
            paragraph,
            fields,
            simple_fields,
            hyperlinks,
            inserts,
            controls,
            ..
        } = story;
        let Some(paragraph) = paragraph.as_mut() else {
            return;
        };
        let control = controls.iter().rev().find(|c| c.in_content);
        let flags = TextFlags {
            hidden,
            inserted: inserts.last().map(|c| c.author.as_deref().unwrap_or("")),
            content_control: control.map(ContentControl::label),
            placeholder: controls.iter().any(|c| c.in_content && c.placeholder),
            hyperlink: *hyperlinks > 0 || fields.in_hyperlink_result(),
            field_result: *simple_fields > 0 || fields.in_result(),
        };
        let (start, _) = paragraph.push(text, &flags);
        let block = paragraph.block;
        if let Some(change) = inserts.last_mut() {
            record_change(&mut self.c.doc.revisions, change, text, block, start);
        }
    }

    fn deleted_text(&mut self, text: &str) {
        let position = self.position();
        let story = self.boxes.last_mut().unwrap_or(&mut self.main);
        if story.fields.in_instruction() {
            return;
        }
        let (block, offset) = match position {
            Some((block, offset)) => (Some(block), offset),
            None => (None, 0),
        };
        let mut ad_hoc = Change {
            kind: RevisionKind::Deleted,
            author: None,
            date: None,
            record: None,
        };
        let change = story.deletes.last_mut().unwrap_or(&mut ad_hoc);
        match block {
            Some(block) => record_change(&mut self.c.doc.revisions, change, text, block, offset),
            None => self.c.doc.revisions.push(Revision {
                kind: change.kind,
                author: change.author.clone(),
                date: change.date.clone(),
                text: text.to_string(),
                block: None,
                offset: 0,
            }),
        }
    }

    fn record_field_code(&mut self, instruction: String) {
        if instruction.is_empty() {
            return;
        }
        let block = self.current_block().or(self.last_block);
        self.c
            .doc
            .field_codes
            .push(FieldCode { instruction, block });
    }

    fn record_formatting_change(&mut self, element: &BytesStart<'_>) {
        let (block, offset) = match self.position() {
            Some((block, offset)) => (Some(block), offset),
            None => (None, 0),
        };
        self.c.doc.revisions.push(Revision {
            kind: RevisionKind::Formatting,
            author: xml::attr(element, "author").map(|a| a.into_owned()),
            date: xml::attr(element, "date").map(|d| d.into_owned()),
            text: String::new(),
            block,
            offset,
        });
    }

    // ---- element dispatch ----

    fn start_w(&mut self, local: &str, element: &BytesStart<'_>, depth: usize) -> Flow {
        match local {
            "p" => self.start_paragraph(element, depth),
            "r" => {
                self.story().run = Some(RunState {
                    depth,
                    ..RunState::default()
                })
            }
            "pPr" => return self.enter_props(Props::Paragraph, depth),
            "rPr" => return self.enter_props(Props::Run, depth),
            "t" => self.text_sink = Some(TextSink::Visible),
            "delText" => self.text_sink = Some(TextSink::Deleted),
            "instrText" => self.text_sink = Some(TextSink::Instruction),
            "tab" | "ptab" => self.visible_text("\t"),
            "br" | "cr" => self.visible_text("\n"),
            "noBreakHyphen" => self.visible_text("-"),
            "sym" => {
                if let Some(ch) = symbol_char(element) {
                    self.visible_text(ch.encode_utf8(&mut [0u8; 4]));
                }
            }
            "tbl" => self.story().tables.start_table(depth),
            "tr" => self.story().tables.start_row(),
            "tc" => self.story().tables.start_cell(),
            "trPr" => return self.enter_props(Props::Row, depth),
            "tcPr" => return self.enter_props(Props::Cell, depth),
            "ins" | "moveTo" | "del" | "moveFrom" => self.start_change(local, element),
            "hyperlink" => self.story().hyperlinks += 1,
            "fldSimple" => {
                let instruction = xml::attr(element, "instr").unwrap_or_default();
                self.record_field_code(instruction.trim().to_string());
                self.story().simple_fields += 1;
            }
            "fldChar" => {
                self.field_char(element);
                return Flow::Skip;
            }
            "sdt" => self.story().controls.push(ContentControl {
                depth,
                ..ContentControl::default()
            }),
            "sdtPr" => return self.enter_props(Props::ContentControl, depth),
            "sdtContent" => {
                if let Some(control) = self.story().controls.last_mut() {
                    control.in_content = true;
                }
            }
            "txbxContent" => {
                self.count_in_list();
                self.text_sink = None;
                self.boxes.push(Story {
                    is_textbox: true,
                    ..Story::default()
                });
            }
            "commentRangeStart" => self.comment_range_start(element),
            "commentRangeEnd" => self.comment_range_end(element),
            "commentReference" => {
                if let (Some(id), Some(pos)) = (xml::attr(element, "id"), self.position()) {
                    self.c.anchors.reference(&id, pos);
                }
            }
            "footnoteReference" | "endnoteReference" => self.note_reference(local, element),
            "footnote" | "endnote" if depth == 2 => return self.start_note(element),
            "comment" if depth == 2 && self.part == Part::Comment => self.start_comment(element),
            "sdtEndPr" | "sectPr" | "tblPr" | "tblGrid" | "tblPrEx" | "delInstrText"
            | "customXmlPr" | "smartTagPr" | "fldData" | "ffData" | "bookmarkStart" => {
                return Flow::Skip;
            }
            _ => {}
        }
        Flow::Descend
    }

    fn end_w(&mut self, local: &str, depth: usize) {
        match local {
            "p" => self.end_paragraph(depth),
            "r" => {
                let story = self.story();
                if story.run.as_ref().is_some_and(|r| r.depth == depth) {
                    story.run = None;
                }
            }
            "pPr" | "rPr" | "trPr" | "tcPr" | "sdtPr" => self.end_props(),
            "t" | "delText" => self.text_sink = None,
            "instrText" => {
                self.text_sink = None;
                if !self.stray_instruction.is_empty() {
                    let instruction = std::mem::take(&mut self.stray_instruction);
                    self.record_field_code(instruction.trim().to_string());
                }
            }
            "tbl" => self.story().tables.end_table(depth),
            "tc" => self.story().tables.end_cell(),
            "ins" | "moveTo" => {
                self.story().inserts.pop();
            }
            "del" | "moveFrom" => {
                self.story().deletes.pop();
            }
            "hyperlink" => {
                let story = self.story();
                story.hyperlinks = story.hyperlinks.saturating_sub(1);
            }
            "fldSimple" => {
                let story = self.story();
                story.simple_fields = story.simple_fields.saturating_sub(1);
            }
            "sdt" => {
                let story = self.story();
                if story.controls.last().is_some_and(|c| c.depth == depth) {
                    story.controls.pop();
                }
            }
            "txbxContent" => self.end_textbox(),
            "footnote" | "endnote" if depth == 2 => self.note_heading.clear(),
            "comment" if depth == 2 && self.part == Part::Comment => self.finish_comment(),
            _ => {}
        }
    }

    fn end_paragraph(&mut self, depth: usize) {
        let open_here = self
            .story()
            .paragraph
            .as_ref()
            .is_some_and(|p| p.depth == depth);
        if open_here {
            self.finish_paragraph();
        }
    }

    /// A property container ends; a paragraph's properties are all known now: count it in its list.
    fn end_props(&mut self) {
        if self.props.take() == Some(Props::Paragraph) {
            self.count_in_list();
        }
    }

    fn end_textbox(&mut self) {
        if !self.boxes.is_empty() {
            self.finish_paragraph();
            self.boxes.pop();
        }
    }

    fn end_alternate(&mut self, depth: usize) {
        if self.alternates.last().is_some_and(|a| a.depth == depth) {
            self.alternates.pop();
        }
    }

    fn instruction_text(&mut self, text: &str) {
        if !self.story().fields.push_instruction(text) {
            self.stray_instruction.push_str(text);
        }
    }

    /// Enters a property container when it belongs to the element being read; otherwise skips it.
    fn enter_props(&mut self, props: Props, depth: usize) -> Flow {
        let story = self.story();
        let owner_depth = match props {
            Props::Paragraph => story.paragraph.as_ref().map(|p| p.depth),
            Props::Run => story.run.as_ref().map(|r| r.depth),
            Props::ContentControl => story.controls.last().map(|c| c.depth),
            Props::Cell | Props::Row => Some(depth - 1),
        };
        if owner_depth != Some(depth - 1) {
            return Flow::Skip;
        }
        self.props = Some(props);
        Flow::Descend
    }

    /// A child of a property container: read the few settings that matter, skip everything else.
    fn start_prop(&mut self, props: Props, local: &str, element: &BytesStart<'_>) -> Flow {
        match (props, local) {
            (Props::Paragraph, "pStyle") => {
                if let Some(id) = xml::attr(element, "val") {
                    self.set_paragraph_style(&id);
                }
            }
            (Props::Paragraph, "outlineLvl") => {
                let level = xml::attr(element, "val").and_then(|v| v.trim().parse::<u8>().ok());
                if let Some(p) = self.story().paragraph.as_mut() {
                    p.direct_outline_level = level;
                }
            }
            (Props::Paragraph, "numPr") => return Flow::Descend,
            (Props::Paragraph, "numId") => {
                let id = xml::attr(element, "val").and_then(|v| v.trim().parse().ok());
                if let Some(p) = self.story().paragraph.as_mut() {
                    p.num_id = id;
                }
            }
            (Props::Paragraph, "ilvl") => {
                let level = xml::attr(element, "val").and_then(|v| v.trim().parse().ok());
                if let Some(p) = self.story().paragraph.as_mut() {
                    p.ilvl = level;
                }
            }
            (Props::Paragraph, "pPrChange") | (Props::Run, "rPrChange") => {
                self.record_formatting_change(element);
            }
            (Props::Run, "vanish") => {
                if let Some(run) = self.story().run.as_mut() {
                    run.direct_vanish = Some(xml::on_off(element));
                }
            }
            (Props::Run, "rStyle") => {
                let vanish =
                    xml::attr(element, "val").and_then(|id| self.c.styles.facts(&id).vanish);
                if let Some(run) = self.story().run.as_mut() {
                    run.style_vanish = vanish;
                }
            }
            (Props::ContentControl, "tag" | "alias") => {
                let value = xml::attr(element, "val").map(|v| v.into_owned());
                if let Some(control) = self.story().controls.last_mut() {
                    if local == "tag" {
                        control.tag = value;
                    } else {
                        control.alias = value;
                    }
                }
            }
            (Props::ContentControl, "showingPlcHdr") => {
                let on = xml::on_off(element);
                if let Some(control) = self.story().controls.last_mut() {
                    control.placeholder = on;
                }
            }
            (Props::Cell, "gridSpan") => {
                if let Some(span) = xml::attr(element, "val").and_then(|v| v.trim().parse().ok()) {
                    self.story().tables.set_span(span);
                }
            }
            (Props::Row, "gridBefore") => {
                if let Some(n) = xml::attr(element, "val").and_then(|v| v.trim().parse().ok()) {
                    self.story().tables.grid_before(n);
                }
            }
            _ => {}
        }
        Flow::Skip
    }

    fn start_change(&mut self, local: &str, element: &BytesStart<'_>) {
        let kind = match local {
            "ins" => RevisionKind::Inserted,
            "moveTo" => RevisionKind::MovedTo,
            "del" => RevisionKind::Deleted,
            _ => RevisionKind::MovedFrom,
        };
        let change = Change {
            kind,
            author: xml::attr(element, "author").map(|a| a.into_owned()),
            date: xml::attr(element, "date").map(|d| d.into_owned()),
            record: None,
        };
        let story = self.story();
        match kind {
            RevisionKind::Inserted | RevisionKind::MovedTo => story.inserts.push(change),
            _ => story.deletes.push(change),
        }
    }

    fn field_char(&mut self, element: &BytesStart<'_>) {
        let kind = xml::attr(element, "fldCharType").unwrap_or_default();
        let fields = &mut self.story().fields;
        let instruction = match kind.as_ref() {
            "begin" => {
                fields.begin();
                None
            }
            "separate" => fields.separate(),
            "end" => fields.end(),
            _ => None,
        };
        if let Some(instruction) = instruction {
            self.record_field_code(instruction);
        }
    }

    fn comment_range_start(&mut self, element: &BytesStart<'_>) {
        let Some(id) = xml::attr(element, "id") else {
            return;
        };
        match self.position() {
            Some(pos) => self.c.anchors.start(&id, pos),
            None => self.pending_comment_starts.push(id.into_owned()),
        }
    }

    fn comment_range_end(&mut self, element: &BytesStart<'_>) {
        let Some(id) = xml::attr(element, "id") else {
            return;
        };
        let pos = self.position().or_else(|| {
            let block = self.last_block?;
            Some((block, self.c.doc.blocks.get(block)?.text.len()))
        });
        if let Some(pos) = pos {
            self.c.anchors.end(&id, pos);
        }
    }

    fn note_reference(&mut self, local: &str, element: &BytesStart<'_>) {
        if self.part != Part::Body {
            return;
        }
        let part = if local == "footnoteReference" {
            Part::Footnote
        } else {
            Part::Endnote
        };
        if let Some(id) = xml::attr(element, "id") {
            let path = self.c.heading_path();
            self.c
                .note_headings
                .entry((part, id.into_owned()))
                .or_insert(path);
        }
    }

    /// Separator notes are layout, not text: skipped.
    fn start_note(&mut self, element: &BytesStart<'_>) -> Flow {
        let kind = xml::attr(element, "type").unwrap_or_default();
        if matches!(
            kind.as_ref(),
            "separator" | "continuationSeparator" | "continuationNotice"
        ) {
            return Flow::Skip;
        }
        let id = xml::attr(element, "id").unwrap_or_default();
        let path = self
            .c
            .note_headings
            .get(&(self.part, id.into_owned()))
            .cloned()
            .unwrap_or_default();
        // Charged like any copy: a note's paragraphs copy it again each.
        self.note_heading = if self.c.budget.take_copy(path_bytes(&path)) {
            path
        } else {
            Vec::new()
        };
        Flow::Descend
    }

    fn start_comment(&mut self, element: &BytesStart<'_>) {
        let owned = |name: &str| xml::attr(element, name).map(|v| v.into_owned());
        self.comment = Some(CommentDraft {
            comment: Comment {
                id: owned("id").unwrap_or_default(),
                author: owned("author"),
                initials: owned("initials").filter(|i| !i.is_empty()),
                date: owned("date"),
                text: String::new(),
                anchor_text: String::new(),
                anchor_block: None,
                anchor_start: 0,
                anchor_end: 0,
                parent_id: None,
            },
            first_block: self.c.doc.blocks.len(),
            last_para_id: None,
        });
    }

    fn finish_comment(&mut self) {
        self.finish_paragraph();
        let Some(mut draft) = self.comment.take() else {
            return;
        };
        let texts: Vec<&str> = self
            .c
            .doc
            .blocks
            .get(draft.first_block..)
            .unwrap_or_default()
            .iter()
            .filter(|b| b.location.part == Some(Part::Comment))
            .map(|b| b.text.as_str())
            .collect();
        draft.comment.text = texts.join("\n");
        if let Some(para_id) = draft.last_para_id {
            self.c
                .comment_para_ids
                .insert(para_id, draft.comment.id.clone());
        }
        self.c.doc.comments.push(draft.comment);
    }

    fn start_alternate_branch(&mut self, local: &str, depth: usize) -> Flow {
        let Some(alternate) = self.alternates.last_mut() else {
            return Flow::Descend;
        };
        if alternate.depth + 1 != depth {
            return Flow::Descend;
        }
        match local {
            "Choice" | "Fallback" if !alternate.taken => {
                alternate.taken = true;
                Flow::Descend
            }
            _ => Flow::Skip,
        }
    }
}

/// Appends `text` to the change's revision record for `block`, starting a new record when needed.
fn record_change(
    revisions: &mut Vec<Revision>,
    change: &mut Change,
    text: &str,
    block: usize,
    offset: usize,
) {
    if let Some(record) = change.record.and_then(|i| revisions.get_mut(i)) {
        if record.block == Some(block) {
            record.text.push_str(text);
            return;
        }
    }
    change.record = Some(revisions.len());
    revisions.push(Revision {
        kind: change.kind,
        author: change.author.clone(),
        date: change.date.clone(),
        text: text.to_string(),
        block: Some(block),
        offset,
    });
}

/// `w:sym`: the character when it is a real one; symbol-font code points (private use area) are dropped.
fn symbol_char(element: &BytesStart<'_>) -> Option<char> {
    let code = xml::attr(element, "char")?;
    let ch = char::from_u32(u32::from_str_radix(code.trim(), 16).ok()?)?;
    let private_use = ('\u{E000}'..='\u{F8FF}').contains(&ch);
    (!private_use && !ch.is_control()).then_some(ch)
}

impl Sink for PartReader<'_> {
    fn start(
        &mut self,
        ns: Ns,
        local: &str,
        element: &BytesStart<'_>,
        depth: usize,
    ) -> Result<Flow, ReadError> {
        if let Some(error) = self.c.budget.exceeded.take() {
            return Err(error);
        }
        if let Some(props) = self.props {
            return Ok(self.start_prop(props, local, element));
        }
        Ok(match ns {
            Ns::W => self.start_w(local, element, depth),
            Ns::Mc if local == "AlternateContent" => {
                self.alternates.push(Alternate {
                    depth,
                    taken: false,
                });
                Flow::Descend
            }
            Ns::Mc => self.start_alternate_branch(local, depth),
            Ns::Other => Flow::Descend,
        })
    }

    fn end(&mut self, ns: Ns, local: &str, depth: usize) -> Result<(), ReadError> {
        match ns {
            Ns::W => self.end_w(local, depth),
            Ns::Mc if local == "AlternateContent" => self.end_alternate(depth),
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, text: &str) -> Result<(), ReadError> {
        match self.text_sink {
            Some(TextSink::Visible) => self.visible_text(text),
            Some(TextSink::Deleted) => self.deleted_text(text),
            Some(TextSink::Instruction) => self.instruction_text(text),
            None => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocKind, MarkKind, TablePos};
    use crate::read::docx::numbering::Numbering;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math""#;

    fn collector(styles_body: &str) -> Collector {
        let styles_xml = format!("<w:styles {NS}>{styles_body}</w:styles>");
        let styles = Styles::parse(&styles_xml, "word/styles.xml", 64).unwrap();
        Collector::new(Document::new("t.docx", DocKind::Word), styles, 64)
    }

    fn read_with_styles(body: &str, styles_body: &str) -> Document {
        let mut c = collector(styles_body);
        let xml = format!("<w:document {NS}><w:body>{body}</w:body></w:document>");
        c.read_part(&xml, Part::Body, "word/document.xml").unwrap();
        c.doc
    }

    fn read(body: &str) -> Document {
        read_with_styles(body, "")
    }

    fn texts(doc: &Document) -> Vec<&str> {
        doc.blocks.iter().map(|b| b.text.as_str()).collect()
    }

    fn marked(doc: &Document, block: usize, kind: MarkKind) -> Vec<&str> {
        let b = &doc.blocks[block];
        b.marks
            .iter()
            .filter(|m| m.kind == kind)
            .map(|m| &b.text[m.start..m.end])
            .collect()
    }

    #[test]
    fn runs_join_and_special_characters_map() {
        let doc = read(
            r#"<w:p><w:r><w:t>Lever</w:t></w:r><w:proofErr/><w:r><w:t xml:space="preserve">an</w:t></w:r><w:r><w:t>tör</w:t><w:tab/><w:t>a</w:t><w:br/><w:t>b</w:t><w:cr/><w:t>e</w:t><w:noBreakHyphen/><w:t>post</w:t><w:softHyphen/><w:t>x</w:t><w:sym w:char="F0B7"/><w:sym w:char="00E5"/></w:r></w:p><w:p/>"#,
        );
        assert_eq!(texts(&doc), ["Leverantör\ta\nb\ne-postxå", ""]);
        assert_eq!(doc.blocks[1].location.paragraph, 2);
    }

    #[test]
    fn hidden_text_direct_and_by_style_but_not_spec_vanish() {
        let styles =
            r#"<w:style w:type="character" w:styleId="Dold"><w:rPr><w:vanish/></w:rPr></w:style>"#;
        let doc = read_with_styles(
            r#"<w:p><w:r><w:t>a</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>HID</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Dold"/></w:rPr><w:t>STY</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Dold"/><w:vanish w:val="0"/></w:rPr><w:t>b</w:t></w:r><w:r><w:rPr><w:specVanish/></w:rPr><w:t>c</w:t></w:r><w:r><w:rPr><w:rPrChange w:author="X"><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr><w:t>d</w:t></w:r></w:p>"#,
            styles,
        );
        assert_eq!(doc.blocks[0].text, "aHIDSTYbcd");
        assert_eq!(marked(&doc, 0, MarkKind::Hidden), ["HIDSTY"]);
        assert_eq!(doc.revisions[0].kind, RevisionKind::Formatting);
        assert_eq!(doc.revisions[0].author.as_deref(), Some("X"));
    }

    #[test]
    fn content_controls_with_placeholders_in_cells() {
        let doc = read(
            r#"<w:tbl><w:tr><w:sdt><w:sdtPr><w:alias w:val="Pris"/><w:showingPlcHdr/><w:rPr><w:vanish/></w:rPr></w:sdtPr><w:sdtContent><w:tc><w:p><w:r><w:t>Ange pris</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt><w:tc><w:p><w:sdt><w:sdtPr><w:tag w:val="t"/><w:alias w:val="A"/></w:sdtPr><w:sdtContent><w:r><w:t>100</w:t></w:r></w:sdtContent></w:sdt><w:r><w:t> kr</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        );
        assert_eq!(texts(&doc), ["Ange pris", "100 kr"]);
        let b0 = &doc.blocks[0];
        assert!(b0.is_all(MarkKind::ContentControl) && b0.is_all(MarkKind::Placeholder));
        assert!(
            !b0.is_marked(MarkKind::Hidden, 0, 9),
            "sdtPr/rPr is not run formatting"
        );
        assert_eq!(b0.marks[0].label.as_deref(), Some("Pris"));
        assert_eq!(marked(&doc, 1, MarkKind::ContentControl), ["100"]);
        assert_eq!(
            doc.blocks[1].marks[0].label.as_deref(),
            Some("t"),
            "tag wins"
        );
        assert!(marked(&doc, 1, MarkKind::Placeholder).is_empty());
        assert_eq!(
            doc.blocks[1].location.table,
            Some(vec![TablePos { row: 1, col: 2 }])
        );
    }

    #[test]
    fn nested_and_simple_fields() {
        let doc = read(
            r#"<w:p><w:r><w:t>A </w:t><w:fldChar w:fldCharType="begin"/><w:instrText> IF </w:instrText><w:fldChar w:fldCharType="begin"/><w:instrText>REF x</w:instrText><w:fldChar w:fldCharType="separate"/><w:t>1</w:t><w:fldChar w:fldCharType="end"/><w:instrText> = 1 "ja" "nej"</w:instrText><w:fldChar w:fldCharType="separate"/><w:t>ja</w:t><w:fldChar w:fldCharType="end"/><w:t> B</w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple><w:r><w:fldChar w:fldCharType="begin"/><w:instrText>XE "krav"</w:instrText><w:fldChar w:fldCharType="end"/></w:r></w:p><w:p><w:r><w:instrText>STRAY</w:instrText></w:r></w:p>"#,
        );
        assert_eq!(doc.blocks[0].text, "A ja B3");
        assert_eq!(marked(&doc, 0, MarkKind::FieldResult), ["ja", "3"]);
        let codes: Vec<(&str, Option<usize>)> = doc
            .field_codes
            .iter()
            .map(|f| (f.instruction.as_str(), f.block))
            .collect();
        assert_eq!(
            codes,
            [
                ("REF x", Some(0)),
                ("IF 1 = 1 \"ja\" \"nej\"", Some(0)),
                ("PAGE", Some(0)),
                ("XE \"krav\"", Some(0)),
                ("STRAY", Some(1))
            ]
        );
    }

    #[test]
    fn tracked_changes_kept_apart() {
        let doc = read(
            r#"<w:p><w:r><w:t>Priset </w:t></w:r><w:del w:author="B" w:date="d"><w:r><w:delText>gammalt</w:delText></w:r></w:del><w:ins w:author="A"><w:r><w:t>nytt</w:t></w:r></w:ins><w:moveFrom w:author="C"><w:r><w:t>flyttat</w:t></w:r></w:moveFrom></w:p><w:p><w:moveTo w:author="C"><w:r><w:t>flyttat</w:t></w:r></w:moveTo><w:ins w:author="A"><w:r><w:t> mer</w:t></w:r></w:ins></w:p>"#,
        );
        assert_eq!(texts(&doc), ["Priset nytt", "flyttat mer"]);
        assert_eq!(marked(&doc, 0, MarkKind::Inserted), ["nytt"]);
        assert_eq!(doc.blocks[0].marks[0].label.as_deref(), Some("A"));
        let revs: Vec<(RevisionKind, &str, Option<usize>, usize)> = doc
            .revisions
            .iter()
            .map(|r| (r.kind, r.text.as_str(), r.block, r.offset))
            .collect();
        assert_eq!(
            revs,
            [
                (RevisionKind::Deleted, "gammalt", Some(0), 7),
                (RevisionKind::Inserted, "nytt", Some(0), 7),
                (RevisionKind::MovedFrom, "flyttat", Some(0), 11),
                (RevisionKind::MovedTo, "flyttat", Some(1), 0),
                (RevisionKind::Inserted, " mer", Some(1), 7),
            ]
        );
    }

    #[test]
    fn headings_from_styles_and_direct_outline_levels() {
        let styles = r#"<w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="Rubrik2"><w:name w:val="heading 2"/></w:style><w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="Min stil"/></w:style>"#;
        let doc = read_with_styles(
            r#"<w:p><w:pPr><w:pStyle w:val="Rubrik1"/></w:pPr><w:r><w:t>1 Krav</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Rubrik2"/></w:pPr><w:r><w:t>1.1  Skall</w:t><w:tab/></w:r></w:p><w:p><w:r><w:t>text</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Heading3"/></w:pPr><w:r><w:t>inte rubrik</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Rubrik2"/></w:pPr></w:p><w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>1.2 Direkt</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Rubrik1"/><w:outlineLvl w:val="9"/></w:pPr><w:r><w:t>brödtext</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Rubrik1"/></w:pPr><w:r><w:t>2 Avtal</w:t></w:r></w:p><w:p><w:r><w:t>sist</w:t></w:r></w:p>"#,
            styles,
        );
        let paths: Vec<Vec<&str>> = doc
            .blocks
            .iter()
            .map(|b| b.location.heading.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(paths[0], ["1 Krav"]);
        assert_eq!(paths[1], ["1 Krav", "1.1 Skall"]);
        assert_eq!(paths[2], ["1 Krav", "1.1 Skall"]);
        assert_eq!(paths[3], ["1 Krav", "1.1 Skall"]);
        assert_eq!(doc.blocks[3].outline_level, None);
        assert_eq!(paths[4], ["1 Krav", "1.1 Skall"], "empty headings stay out");
        assert_eq!(paths[5], ["1 Krav", "1.2 Direkt"]);
        assert_eq!(doc.blocks[6].outline_level, None);
        assert_eq!(paths[7], ["2 Avtal"]);
        assert_eq!(paths[8], ["2 Avtal"]);
        assert_eq!(doc.blocks[0].style.as_deref(), Some("Rubrik1"));
        assert_eq!(doc.blocks[1].outline_level, Some(1));
    }

    fn read_numbered(body: &str, styles_body: &str, numbering_body: &str) -> Document {
        let styles_xml = format!("<w:styles {NS}>{styles_body}</w:styles>");
        let styles = Styles::parse(&styles_xml, "word/styles.xml", 64).unwrap();
        let numbering_xml = format!("<w:numbering {NS}>{numbering_body}</w:numbering>");
        let numbering =
            Numbering::parse(&numbering_xml, "word/numbering.xml", 64, &styles).unwrap();
        let mut c = Collector::new(Document::new("t.docx", DocKind::Word), styles, 64)
            .with_numbering(numbering);
        let xml = format!("<w:document {NS}><w:body>{body}</w:body></w:document>");
        c.read_part(&xml, Part::Body, "word/document.xml").unwrap();
        c.doc
    }

    fn labels(doc: &Document) -> Vec<&str> {
        doc.blocks
            .iter()
            .map(|b| b.label.as_deref().unwrap_or(""))
            .collect()
    }

    const OUTLINE: &str = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/><w:pStyle w:val="Rubrik1"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:pStyle w:val="Rubrik2"/></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;

    #[test]
    fn list_labels_from_styles_and_direct_numbering_enter_heading_paths() {
        let styles = r#"<w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Rubrik2"><w:name w:val="heading 2"/><w:basedOn w:val="Rubrik1"/><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr></w:style>"#;
        let h1 = |t: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="Rubrik1"/></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>"#
            )
        };
        let h2 = |t: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="Rubrik2"/></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>"#
            )
        };
        let item = |t: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>"#
            )
        };
        let off = r#"<w:p><w:pPr><w:pStyle w:val="Rubrik2"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>Onumrerad</w:t></w:r></w:p>"#;
        let body = [
            h1("Inledning"),
            h2("Upphandlande myndighet"),
            item("krav"),
            item("krav"),
            h2("Upphandlingsform"),
            "<w:p><w:r><w:t>text</w:t></w:r></w:p>".to_string(),
            off.to_string(),
            h1("Krav"),
            item("krav"),
        ]
        .concat();
        let doc = read_numbered(&body, styles, OUTLINE);
        assert_eq!(
            labels(&doc),
            ["1", "1.1", "a)", "b)", "1.2", "", "", "2", "a)"]
        );
        assert_eq!(
            texts(&doc)[1],
            "Upphandlande myndighet",
            "labels stay out of the text"
        );
        let paths: Vec<String> = doc
            .blocks
            .iter()
            .map(|b| b.location.heading.join(" / "))
            .collect();
        assert_eq!(paths[3], "1 Inledning / 1.1 Upphandlande myndighet");
        assert_eq!(paths[5], "1 Inledning / 1.2 Upphandlingsform");
        assert_eq!(paths[6], "1 Inledning / Onumrerad");
        assert_eq!(paths[8], "2 Krav");
        assert_eq!(doc.blocks[8].location.describe(), "2 Krav › ¶9, a)");
    }

    #[test]
    fn paragraphs_are_counted_before_their_text_boxes_and_parts_count_apart() {
        let item = |t: &str, inner: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>{t}</w:t>{inner}</w:r></w:p>"#
            )
        };
        let boxed = item(
            "yttre",
            &format!(
                "<w:pict><w:txbxContent>{}</w:txbxContent></w:pict>",
                item("inre", "")
            ),
        );
        let body = [item("ett", ""), boxed, item("tre", "")].concat();
        let doc = read_numbered(&body, "", OUTLINE);
        assert_eq!(texts(&doc), ["ett", "yttre", "inre", "tre"]);
        assert_eq!(labels(&doc), ["1", "2", "3", "4"]);
        let mut c = Collector::new(
            Document::new("t.docx", DocKind::Word),
            Styles::default(),
            64,
        )
        .with_numbering(
            Numbering::parse(
                &format!("<w:numbering {NS}>{OUTLINE}</w:numbering>"),
                "n",
                64,
                &Styles::default(),
            )
            .unwrap(),
        );
        let part = format!("<w:hdr {NS}>{}</w:hdr>", item("x", ""));
        c.read_part(&part, Part::Header, "word/header1.xml")
            .unwrap();
        c.read_part(&part, Part::Header, "word/header2.xml")
            .unwrap();
        assert_eq!(labels(&c.doc), ["1", "1"]);
    }

    #[test]
    fn text_boxes_once_and_vml_only_boxes() {
        let doc = read(
            r#"<w:p><w:r><w:t>före</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>RUTA</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>RUTA</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t> efter</w:t></w:r></w:p><w:p><w:r><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>VML</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></w:r></w:p><w:p><w:r><mc:AlternateContent><mc:Fallback><w:t>ENDAST</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
        );
        assert_eq!(texts(&doc), ["före efter", "RUTA", "", "VML", "ENDAST"]);
        let parts: Vec<(Part, u32)> = doc
            .blocks
            .iter()
            .map(|b| (b.location.part.unwrap(), b.location.paragraph))
            .collect();
        assert_eq!(
            parts,
            [
                (Part::Body, 1),
                (Part::Textbox, 1),
                (Part::Body, 2),
                (Part::Textbox, 2),
                (Part::Body, 3)
            ]
        );
    }

    #[test]
    fn math_and_unknown_namespaces_are_not_text() {
        let doc = read(
            r#"<w:p><w:r><w:t>x</w:t></w:r><m:oMath><m:r><w:rPr><w:vanish/></w:rPr><m:t>y</m:t></m:r></m:oMath><w:r><w:t>z</w:t></w:r></w:p>"#,
        );
        assert_eq!(doc.blocks[0].text, "xz");
        assert!(doc.blocks[0].marks.is_empty());
    }

    #[test]
    fn comment_ranges_between_paragraphs_and_in_notes() {
        let mut c = collector("");
        let body = format!(
            r#"<w:document {NS}><w:body><w:commentRangeStart w:id="5"/><w:p><w:r><w:t>ett</w:t></w:r></w:p><w:p><w:r><w:t>två</w:t><w:footnoteReference w:id="2"/></w:r></w:p><w:commentRangeEnd w:id="5"/></w:body></w:document>"#
        );
        c.read_part(&body, Part::Body, "word/document.xml").unwrap();
        let comments = format!(
            r#"<w:comments {NS}><w:comment w:id="5" w:author="Granskare" w:initials=""><w:p w14:paraId="AB" xmlns:w14="x"><w:r><w:t>Fråga</w:t></w:r></w:p><w:p w14:paraId="CD" xmlns:w14="x"><w:r><w:t>rad två</w:t></w:r></w:p></w:comment><w:comment w:id="6"><w:p w14:paraId="EF" xmlns:w14="x"/><w:p/></w:comment></w:comments>"#
        );
        c.read_part(&comments, Part::Comment, "word/comments.xml")
            .unwrap();
        let notes = format!(
            r#"<w:footnotes {NS}><w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:t>not</w:t></w:r></w:p></w:footnote></w:footnotes>"#
        );
        c.read_part(&notes, Part::Footnote, "word/footnotes.xml")
            .unwrap();
        crate::read::docx::comments::resolve_anchors(&mut c.doc, &c.anchors);
        let comment = &c.doc.comments[0];
        assert_eq!(comment.text, "Fråga\nrad två");
        assert_eq!(comment.author.as_deref(), Some("Granskare"));
        assert_eq!(comment.initials, None);
        assert_eq!(comment.anchor_text, "ett\ntvå");
        assert_eq!(
            (
                comment.anchor_block,
                comment.anchor_start,
                comment.anchor_end
            ),
            (Some(0), 0, 3)
        );
        assert_eq!(
            c.comment_para_ids.get("AB"),
            None,
            "paraId of the last paragraph"
        );
        let note = c.doc.blocks.last().unwrap();
        assert_eq!(
            (note.text.as_str(), note.location.part),
            ("not", Some(Part::Footnote))
        );
        assert_eq!(
            note.location.part_name.as_deref(),
            Some("word/footnotes.xml")
        );
        assert_eq!(note.location.paragraph, 1);
    }
}
