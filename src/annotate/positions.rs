//! Where the text of each body paragraph sits in `word/document.xml`: one walk over the XML that builds
//! paragraph texts the way the reader does (`read::docx::body`) and records, for every piece of text,
//! the XML bytes it came from and the run (`w:r`) and text element (`w:t`) holding it.
//!
//! The reader is left untouched (it knows nothing of positions); instead the texts built here are
//! compared with the reader's blocks before any position is used, and a paragraph whose text differs is
//! annotated as a whole. Iterative, depth-limited, no DTDs, no entities beyond the predefined ones.

use crate::read::docx::xml::resolve_reference;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use std::ops::Range;

const W_TRANSITIONAL: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The body part mapped: its main-story paragraphs in order (paragraph N is at index N − 1).
#[derive(Debug, Default)]
pub struct BodyMap {
    pub paragraphs: Vec<ParagraphMap>,
    pub runs: Vec<RunMap>,
    pub texts: Vec<TextElement>,
    /// Run-level content controls and fields (`w:sdt`, `w:fldSimple`, `fldChar` begin…end), from the
    /// start of their first element to the end of their last: a comment on text inside one goes around
    /// it (a plain-text control or a field result cannot hold comment marks safely). Empty until closed.
    pub containers: Vec<Range<usize>>,
    /// Per outermost body table, in order: whether it holds a footnote or endnote reference.
    pub tables_with_notes: Vec<bool>,
    /// Comment ids already used by range marks and references in the body.
    pub comment_ids: Vec<String>,
    /// Whether the part uses the Strict namespace (which the annotator does not write).
    pub strict: bool,
}

/// One body paragraph (`w:p`) of the main story (text boxes are other stories).
#[derive(Debug, Clone)]
pub struct ParagraphMap {
    /// The start tag, or the whole element when it is empty (`<w:p/>`).
    pub start_tag: Range<usize>,
    pub empty_element: bool,
    /// Where content may be inserted first: after `w:pPr` when it comes first, else after the start tag.
    pub content_start: usize,
    /// Where the end tag `</w:p>` starts (the end of the element when it is empty).
    pub content_end: usize,
    /// The element's qualified name (`w:p`), for its prefix.
    pub qname: String,
    pub text: String,
    pub pieces: Vec<Piece>,
    /// Whether it is the first paragraph inside a block-level content control (`w:sdt` around
    /// paragraphs or tables). LibreOffice (7.4) drops the text before a comment mark in such a
    /// paragraph, so comments are put elsewhere.
    pub first_in_control: bool,
    /// Whether it holds a drawing, picture or object (`w:drawing`, `w:pict`, `w:object`): LibreOffice
    /// (7.4) stops showing a text box whose anchor paragraph carries a comment.
    pub holds_drawing: bool,
    /// The outermost table it sits in (index into `BodyMap::tables_with_notes`).
    pub table: Option<usize>,
}

impl BodyMap {
    /// Whether comment marks may go in paragraph `index` without LibreOffice (7.4) losing text: not the
    /// first paragraph of a block-level control, not a drawing's anchor, and not in a table holding
    /// footnote or endnote references (a comment anywhere in such a table empties those notes there).
    pub fn takes_comments(&self, index: usize) -> bool {
        self.paragraphs.get(index).is_some_and(|p| {
            let notes_in_table = p
                .table
                .and_then(|t| self.tables_with_notes.get(t))
                .is_some_and(|&notes| notes);
            !p.first_in_control && !p.holds_drawing && !notes_in_table
        })
    }
}

/// A piece of a paragraph's text and the XML it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Byte range in the paragraph text.
    pub text: Range<usize>,
    /// Byte range in the XML: the escaped characters, or the whole element for a tab, break or symbol.
    pub raw: Range<usize>,
    /// Whether `raw` holds exactly the text's bytes, so a position inside it maps one to one.
    pub exact: bool,
    /// Index into `BodyMap::texts` of the `w:t` holding it, if any.
    pub text_element: Option<usize>,
    /// Index into `BodyMap::runs` of the `w:r` holding it, if any.
    pub run: Option<usize>,
    /// Indexes into `BodyMap::containers` of the controls and fields around it, outermost first.
    pub containers: Vec<usize>,
}

/// A run (`w:r`): where it starts and ends, and its properties to copy when it is split.
#[derive(Debug, Clone, Default)]
pub struct RunMap {
    pub start_tag: Range<usize>,
    /// The element's qualified name (`w:r`), for the end tag of a split.
    pub qname: String,
    /// `w:rPr`, when it is the run's first child.
    pub properties: Option<Range<usize>>,
    /// After the start tag and properties.
    pub content_start: usize,
    /// The end tag `</w:r>`.
    pub end_tag: Range<usize>,
}

/// A text element (`w:t`).
#[derive(Debug, Clone, Default)]
pub struct TextElement {
    pub start_tag: Range<usize>,
    pub qname: String,
    /// The escaped text between the tags.
    pub content: Range<usize>,
    /// The end of the end tag.
    pub end: usize,
}

/// Why a body part could not be mapped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MapError {
    #[error("invalid XML in the body part: {0}")]
    Xml(String),
    #[error("the body part nests deeper than {0} elements")]
    TooDeep(usize),
}

/// Maps the body part `xml` (without a byte-order mark: XML readers skip it, which would shift every
/// position), refusing nesting deeper than `max_depth`.
pub fn map_body(xml: &str, max_depth: usize) -> Result<BodyMap, MapError> {
    if xml.starts_with('\u{feff}') {
        return Err(MapError::Xml("a byte-order mark precedes the XML".into()));
    }
    let mut walker = Walker::new(xml, max_depth);
    walker.run()?;
    Ok(walker.map)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    W,
    Mc,
    Other,
}

/// Which text element the next text events belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sink {
    Visible(usize),
    Ignored,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldPhase {
    Instruction,
    Result,
}

/// One story: the body, or a text box inside it.
#[derive(Debug, Default)]
struct Story {
    /// (depth, index into `BodyMap::paragraphs` for the main story).
    paragraph: Option<(usize, Option<usize>)>,
    /// (depth, index into `BodyMap::runs`).
    run: Option<(usize, usize)>,
    fields: Vec<FieldPhase>,
    deletes: usize,
    open_containers: Vec<OpenContainer>,
    /// Complex fields that ended in the open run: their container ends with the run.
    ending_with_run: Vec<usize>,
    /// A block-level content control started and no paragraph has started since.
    control_started: bool,
    /// Open tables: the outermost one's index in `BodyMap::tables_with_notes`, and the nesting depth.
    table: Option<(usize, usize)>,
}

/// A container being read: its index in `BodyMap::containers` and what closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct OpenContainer {
    index: usize,
    /// The depth of its element (`w:sdt`, `w:fldSimple`), or None for a complex field.
    depth: Option<usize>,
}

impl Story {
    fn in_instruction(&self) -> bool {
        self.fields.contains(&FieldPhase::Instruction)
    }
}

/// What to do when the subtree being skipped ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capture {
    Nothing,
    /// The end of a paragraph's `w:pPr` is where its content starts.
    ParagraphProperties(usize),
    /// A run's `w:rPr`, copied when the run is split.
    RunProperties(usize, usize),
    /// The end of a tab, break or symbol given as a start and an end tag.
    Piece(usize, usize),
}

struct Skip {
    depth: usize,
    capture: Capture,
}

struct Alternate {
    depth: usize,
    taken: bool,
}

struct Walker<'x> {
    xml: &'x str,
    max_depth: usize,
    map: BodyMap,
    main: Story,
    boxes: Vec<Story>,
    sink: Sink,
    skip: Option<Skip>,
    alternates: Vec<Alternate>,
    depth: usize,
    /// The byte range of the event being handled.
    event: Range<usize>,
}

impl<'x> Walker<'x> {
    fn new(xml: &'x str, max_depth: usize) -> Self {
        Walker {
            xml,
            max_depth,
            map: BodyMap::default(),
            main: Story::default(),
            boxes: Vec::new(),
            sink: Sink::Ignored,
            skip: None,
            alternates: Vec::new(),
            depth: 0,
            event: 0..0,
        }
    }

    fn story(&mut self) -> &mut Story {
        self.boxes.last_mut().unwrap_or(&mut self.main)
    }

    fn run(&mut self) -> Result<(), MapError> {
        let mut reader = NsReader::from_str(self.xml);
        loop {
            let before = position(&reader);
            let (ns, event) = match reader.read_resolved_event() {
                Ok((resolved, event)) => (classify(&resolved, &mut self.map), event),
                Err(e) => return Err(MapError::Xml(e.to_string())),
            };
            self.event = before..position(&reader);
            match event {
                Event::Start(element) => {
                    self.depth += 1;
                    self.check_depth(self.depth)?;
                    if self.skip.is_none() {
                        self.start(ns, &element, false);
                    }
                }
                Event::Empty(element) => {
                    self.check_depth(self.depth + 1)?;
                    if self.skip.is_none() {
                        self.depth += 1;
                        self.start(ns, &element, true);
                        if self.skip.as_ref().is_some_and(|s| s.depth == self.depth) {
                            self.end_skip();
                        } else {
                            self.end(ns, local_name(element.name().as_ref()));
                        }
                        self.depth -= 1;
                    }
                }
                Event::End(element) => {
                    match &self.skip {
                        Some(skip) if skip.depth == self.depth => self.end_skip(),
                        Some(_) => {}
                        None => self.end(ns, local_name(element.name().as_ref())),
                    }
                    self.depth = self.depth.saturating_sub(1);
                }
                Event::Text(text) if self.skip.is_none() => {
                    let decoded = text.xml10_content();
                    self.text(&decoded);
                }
                Event::CData(data) if self.skip.is_none() => {
                    let decoded = data.xml10_content();
                    self.text(&decoded);
                }
                Event::GeneralRef(reference) if self.skip.is_none() => {
                    let resolved = resolve_reference(&reference)
                        .ok_or_else(|| MapError::Xml("unknown entity reference".into()))?;
                    self.text(&resolved);
                }
                Event::DocType(_) => return Err(MapError::Xml("a DTD is not allowed".into())),
                Event::Eof => {
                    if self.depth != 0 {
                        return Err(MapError::Xml("unexpected end of data".into()));
                    }
                    return Ok(());
                }
                _ => {}
            }
        }
    }

    fn check_depth(&self, depth: usize) -> Result<(), MapError> {
        if depth > self.max_depth {
            return Err(MapError::TooDeep(self.max_depth));
        }
        Ok(())
    }

    fn skip(&mut self, capture: Capture) {
        self.skip = Some(Skip {
            depth: self.depth,
            capture,
        });
    }

    fn end_skip(&mut self) {
        let Some(skip) = self.skip.take() else {
            return;
        };
        let end = self.event.end;
        match skip.capture {
            Capture::Nothing => {}
            Capture::ParagraphProperties(p) => {
                if let Some(paragraph) = self.map.paragraphs.get_mut(p) {
                    paragraph.content_start = end;
                }
            }
            Capture::RunProperties(r, start) => {
                if let Some(run) = self.map.runs.get_mut(r) {
                    run.properties = Some(start..end);
                    run.content_start = end;
                }
            }
            Capture::Piece(p, _) => self.end_piece_element(p, end),
        }
    }

    fn end_piece_element(&mut self, paragraph: usize, end: usize) {
        if let Some(piece) = self
            .map
            .paragraphs
            .get_mut(paragraph)
            .and_then(|p| p.pieces.last_mut())
        {
            piece.raw.end = end;
        }
    }

    fn start(&mut self, ns: Ns, element: &BytesStart<'_>, empty: bool) {
        let qname = element.name().as_ref().to_string();
        let local = local_name(&qname).to_string();
        match ns {
            Ns::W => self.start_w(&local, &qname, element, empty),
            Ns::Mc if local == "AlternateContent" => self.alternates.push(Alternate {
                depth: self.depth,
                taken: false,
            }),
            Ns::Mc => self.start_alternate_branch(&local),
            Ns::Other => {}
        }
    }

    fn start_w(&mut self, local: &str, qname: &str, element: &BytesStart<'_>, empty: bool) {
        match local {
            "p" => self.start_paragraph(qname, empty),
            "r" => self.start_run(qname),
            "pPr" => {
                let capture = match self.main_paragraph_here() {
                    Some(p) if self.story_is_main() => Capture::ParagraphProperties(p),
                    _ => Capture::Nothing,
                };
                self.skip(capture);
            }
            "rPr" => {
                let here = self.depth;
                let capture = match self.story().run {
                    Some((depth, run)) if depth + 1 == here => {
                        Capture::RunProperties(run, self.event.start)
                    }
                    _ => Capture::Nothing,
                };
                self.skip(capture);
            }
            "sdtPr" | "tcPr" | "trPr" | "sdtEndPr" | "sectPr" | "tblPr" | "tblGrid" | "tblPrEx"
            | "delInstrText" | "customXmlPr" | "smartTagPr" | "fldData" | "ffData"
            | "bookmarkStart" => self.skip(Capture::Nothing),
            "t" => self.start_text_element(qname, empty),
            "delText" | "instrText" => self.sink = Sink::Ignored,
            "tab" | "ptab" => self.synthetic("\t", empty),
            "br" | "cr" => self.synthetic("\n", empty),
            "noBreakHyphen" => self.synthetic("-", empty),
            "sym" => {
                if let Some(ch) = symbol_char(element) {
                    self.synthetic(ch.encode_utf8(&mut [0u8; 4]), empty);
                }
            }
            "del" | "moveFrom" => self.story().deletes += 1,
            "sdt" | "fldSimple" => self.open_element_container(empty),
            "drawing" | "pict" | "object" => self.mark_drawing(),
            "tbl" if self.story_is_main() => self.enter_table(),
            "footnoteReference" | "endnoteReference" if self.story_is_main() => self.mark_note(),
            "fldChar" => {
                self.field_char(element);
                self.skip(Capture::Nothing);
            }
            "txbxContent" => {
                self.sink = Sink::Ignored;
                self.boxes.push(Story::default());
            }
            "commentRangeStart" | "commentRangeEnd" | "commentReference" => {
                if let Some(id) = attr(element, "id") {
                    self.map.comment_ids.push(id);
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, ns: Ns, local: &str) {
        match ns {
            Ns::W => self.end_w(local),
            Ns::Mc
                if local == "AlternateContent"
                    && self
                        .alternates
                        .last()
                        .is_some_and(|a| a.depth == self.depth) =>
            {
                self.alternates.pop();
            }
            _ => {}
        }
    }

    fn end_w(&mut self, local: &str) {
        match local {
            "p" => {
                let depth = self.depth;
                if self.story().paragraph.is_some_and(|(d, _)| d == depth) {
                    self.finish_paragraph();
                }
            }
            "r" => self.end_run(),
            "t" => self.end_text_element(),
            "delText" | "instrText" => self.sink = Sink::Ignored,
            "del" | "moveFrom" => {
                let story = self.story();
                story.deletes = story.deletes.saturating_sub(1);
            }
            "sdt" | "fldSimple" => self.close_element_container(),
            "tbl" if self.story_is_main() => self.leave_table(),
            "txbxContent" if !self.boxes.is_empty() => {
                self.finish_paragraph();
                self.boxes.pop();
            }
            _ => {}
        }
    }

    fn story_is_main(&self) -> bool {
        self.boxes.is_empty()
    }

    /// The map index of the main-story paragraph open right above this element, if any.
    fn main_paragraph_here(&mut self) -> Option<usize> {
        let depth = self.depth;
        match self.story().paragraph {
            Some((d, Some(index))) if d + 1 == depth => Some(index),
            _ => None,
        }
    }

    fn start_paragraph(&mut self, qname: &str, empty: bool) {
        if self.story().paragraph.is_some() {
            // A paragraph inside a paragraph of the same story is malformed: the reader closes the outer.
            self.finish_paragraph();
        }
        let index = if self.story_is_main() {
            let tag = self.event.clone();
            let first_in_control = std::mem::take(&mut self.main.control_started);
            self.map.paragraphs.push(ParagraphMap {
                start_tag: tag.clone(),
                empty_element: empty,
                content_start: tag.end,
                content_end: tag.end,
                qname: qname.to_string(),
                text: String::new(),
                pieces: Vec::new(),
                first_in_control,
                holds_drawing: false,
                table: self.main.table.map(|(t, _)| t),
            });
            Some(self.map.paragraphs.len() - 1)
        } else {
            self.story().control_started = false;
            None
        };
        let depth = self.depth;
        self.story().paragraph = Some((depth, index));
    }

    fn finish_paragraph(&mut self) {
        let start = self.event.start;
        let story = self.story();
        story.run = None;
        let Some((_, index)) = story.paragraph.take() else {
            return;
        };
        if let Some(paragraph) = index.and_then(|i| self.map.paragraphs.get_mut(i)) {
            if !paragraph.empty_element {
                paragraph.content_end = start.max(paragraph.content_start);
            }
        }
    }

    fn start_run(&mut self, qname: &str) {
        let tag = self.event.clone();
        self.map.runs.push(RunMap {
            start_tag: tag.clone(),
            qname: qname.to_string(),
            properties: None,
            content_start: tag.end,
            end_tag: tag.end..tag.end,
        });
        let index = self.map.runs.len() - 1;
        let depth = self.depth;
        self.story().run = Some((depth, index));
    }

    fn end_run(&mut self) {
        let depth = self.depth;
        let end_tag = self.event.clone();
        let story = self.story();
        if let Some((d, index)) = story.run {
            if d == depth {
                story.run = None;
                let ended = std::mem::take(&mut story.ending_with_run);
                if let Some(run) = self.map.runs.get_mut(index) {
                    run.end_tag = end_tag.clone();
                }
                for container in ended {
                    self.set_container_end(container, end_tag.end);
                }
            }
        }
    }

    fn start_text_element(&mut self, qname: &str, empty: bool) {
        if empty {
            return;
        }
        let tag = self.event.clone();
        self.map.texts.push(TextElement {
            start_tag: tag.clone(),
            qname: qname.to_string(),
            content: tag.end..tag.end,
            end: tag.end,
        });
        self.sink = Sink::Visible(self.map.texts.len() - 1);
    }

    fn end_text_element(&mut self) {
        if let Sink::Visible(index) = self.sink {
            if let Some(text) = self.map.texts.get_mut(index) {
                text.content.end = self.event.start;
                text.end = self.event.end;
            }
        }
        self.sink = Sink::Ignored;
    }

    /// Text inside a `w:t` (escaped characters, an entity or a character reference).
    fn text(&mut self, decoded: &str) {
        let Sink::Visible(element) = self.sink else {
            return;
        };
        let raw = self.event.clone();
        let exact = self.xml.get(raw.clone()) == Some(decoded);
        self.visible(decoded, raw, exact, Some(element));
    }

    /// A tab, break or symbol: text from an element. Its raw range ends with its end tag, if it has one.
    fn synthetic(&mut self, text: &str, empty: bool) {
        let raw = self.event.clone();
        let appended = self.visible(text, raw, false, None);
        if let (Some(paragraph), false) = (appended, empty) {
            self.skip(Capture::Piece(paragraph, self.event.start));
        }
    }

    /// Appends visible text to the open paragraph, as the reader does; returns the main paragraph index
    /// when a piece was recorded.
    fn visible(
        &mut self,
        text: &str,
        raw: Range<usize>,
        exact: bool,
        text_element: Option<usize>,
    ) -> Option<usize> {
        if text.is_empty() {
            return None;
        }
        let story = self.story();
        if story.in_instruction() || story.deletes > 0 {
            return None;
        }
        let (_, index) = story.paragraph?;
        let run = story.run.map(|(_, r)| r);
        let containers: Vec<usize> = story.open_containers.iter().map(|c| c.index).collect();
        let index = index?;
        let paragraph = self.map.paragraphs.get_mut(index)?;
        let start = paragraph.text.len();
        paragraph.text.push_str(text);
        paragraph.pieces.push(Piece {
            text: start..paragraph.text.len(),
            raw,
            exact,
            text_element,
            run,
            containers,
        });
        Some(index)
    }

    fn field_char(&mut self, element: &BytesStart<'_>) {
        let kind = attr(element, "fldCharType").unwrap_or_default();
        match kind.as_str() {
            "begin" => {
                let start = self.current_run_start().unwrap_or(self.event.start);
                let index = self.new_container(start);
                let story = self.story();
                story.fields.push(FieldPhase::Instruction);
                story
                    .open_containers
                    .push(OpenContainer { index, depth: None });
            }
            "separate" => {
                if let Some(last) = self.story().fields.last_mut() {
                    *last = FieldPhase::Result;
                }
            }
            "end" => {
                let end = self.event.end;
                let story = self.story();
                story.fields.pop();
                let Some(at) = story
                    .open_containers
                    .iter()
                    .rposition(|c| c.depth.is_none())
                else {
                    return;
                };
                let container = story.open_containers.remove(at).index;
                if story.run.is_some() {
                    story.ending_with_run.push(container);
                } else {
                    self.set_container_end(container, end);
                }
            }
            _ => {}
        }
    }

    fn enter_table(&mut self) {
        self.main.table = match self.main.table {
            Some((t, depth)) => Some((t, depth + 1)),
            None => {
                self.map.tables_with_notes.push(false);
                Some((self.map.tables_with_notes.len() - 1, 1))
            }
        };
    }

    fn leave_table(&mut self) {
        self.main.table = match self.main.table {
            Some((t, depth)) if depth > 1 => Some((t, depth - 1)),
            _ => None,
        };
    }

    fn mark_note(&mut self) {
        if let Some(notes) = self
            .main
            .table
            .and_then(|(t, _)| self.map.tables_with_notes.get_mut(t))
        {
            *notes = true;
        }
    }

    /// A drawing inside a main-story paragraph (directly or through a text box) marks that paragraph.
    fn mark_drawing(&mut self) {
        if let Some((_, Some(index))) = self.main.paragraph {
            if let Some(paragraph) = self.map.paragraphs.get_mut(index) {
                paragraph.holds_drawing = true;
            }
        }
    }

    fn current_run_start(&mut self) -> Option<usize> {
        let (_, run) = self.story().run?;
        self.map.runs.get(run).map(|r| r.start_tag.start)
    }

    fn new_container(&mut self, start: usize) -> usize {
        self.map.containers.push(start..start);
        self.map.containers.len() - 1
    }

    fn set_container_end(&mut self, container: usize, end: usize) {
        if let Some(range) = self.map.containers.get_mut(container) {
            range.end = end;
        }
    }

    /// A run-level `w:sdt` or a `w:fldSimple` (inside a paragraph) starts a container; a block-level
    /// `w:sdt` marks the next paragraph as the first in a control.
    fn open_element_container(&mut self, empty: bool) {
        if self.story().paragraph.is_none() {
            if !empty {
                self.story().control_started = true;
            }
            return;
        }
        let index = self.new_container(self.event.start);
        if empty {
            self.set_container_end(index, self.event.end);
            return;
        }
        let depth = Some(self.depth);
        self.story()
            .open_containers
            .push(OpenContainer { index, depth });
    }

    fn close_element_container(&mut self) {
        let depth = Some(self.depth);
        let end = self.event.end;
        let story = self.story();
        if story
            .open_containers
            .last()
            .is_some_and(|c| c.depth == depth)
        {
            if let Some(container) = story.open_containers.pop() {
                self.set_container_end(container.index, end);
            }
        }
    }

    fn start_alternate_branch(&mut self, local: &str) {
        let depth = self.depth;
        let Some(alternate) = self.alternates.last_mut() else {
            return;
        };
        if alternate.depth + 1 != depth {
            return;
        }
        match local {
            "Choice" | "Fallback" if !alternate.taken => alternate.taken = true,
            _ => self.skip(Capture::Nothing),
        }
    }
}

fn position(reader: &NsReader<&[u8]>) -> usize {
    usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
}

fn classify(resolved: &ResolveResult<'_>, map: &mut BodyMap) -> Ns {
    match resolved {
        ResolveResult::Bound(ns) if ns.0 == W_TRANSITIONAL => Ns::W,
        ResolveResult::Bound(ns) if ns.0 == W_STRICT => {
            map.strict = true;
            Ns::W
        }
        ResolveResult::Bound(ns) if ns.0 == MC => Ns::Mc,
        _ => Ns::Other,
    }
}

fn local_name(qname: &str) -> &str {
    qname.rsplit_once(':').map_or(qname, |(_, local)| local)
}

/// The value of the attribute whose local name is `name`.
fn attr(element: &BytesStart<'_>, name: &str) -> Option<String> {
    let mut attributes = element.attributes();
    attributes.with_checks(false);
    attributes
        .flatten()
        .find_map(|a| (local_name(a.key.as_ref()) == name).then(|| a.value.as_ref().to_string()))
}

/// `w:sym`: the character when it is a real one (the reader drops symbol-font private-use points).
fn symbol_char(element: &BytesStart<'_>) -> Option<char> {
    let code = attr(element, "char")?;
    let ch = char::from_u32(u32::from_str_radix(code.trim(), 16).ok()?)?;
    let private_use = ('\u{E000}'..='\u{F8FF}').contains(&ch);
    (!private_use && !ch.is_control()).then_some(ch)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    fn body(inner: &str) -> String {
        format!("<w:document {NS}><w:body>{inner}</w:body></w:document>")
    }

    fn pieces_text(xml: &str, p: &ParagraphMap) -> Vec<String> {
        p.pieces
            .iter()
            .map(|piece| xml[piece.raw.clone()].to_string())
            .collect()
    }

    #[test]
    fn pieces_point_at_their_xml() {
        let xml = body(
            r#"<w:p><w:pPr><w:pStyle w:val="Rubrik1"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Lever</w:t></w:r><w:r><w:t>an&amp;tör</w:t><w:tab/><w:br></w:br><w:sym w:char="00E5"/></w:r></w:p><w:p/>"#,
        );
        let map = map_body(&xml, 64).unwrap();
        assert_eq!(map.paragraphs.len(), 2);
        let p = &map.paragraphs[0];
        assert_eq!(p.text, "Leveran&tör\t\nå");
        assert_eq!(
            pieces_text(&xml, p),
            [
                "Lever",
                "an",
                "&amp;",
                "tör",
                "<w:tab/>",
                "<w:br></w:br>",
                "<w:sym w:char=\"00E5\"/>"
            ]
        );
        assert!(p.pieces[0].exact && !p.pieces[2].exact);
        assert_eq!(&xml[p.content_start..p.content_start + 5], "<w:r>");
        assert_eq!(&xml[p.content_end..p.content_end + 6], "</w:p>");
        let run = &map.runs[0];
        assert_eq!(
            &xml[run.properties.clone().unwrap()],
            "<w:rPr><w:b/></w:rPr>"
        );
        assert_eq!(&xml[run.end_tag.clone()], "</w:r>");
        let t = &map.texts[0];
        assert_eq!(&xml[t.start_tag.clone()], r#"<w:t xml:space="preserve">"#);
        assert_eq!(&xml[t.content.clone()], "Lever");
        assert!(map.paragraphs[1].empty_element);
    }

    #[test]
    fn deleted_instruction_and_text_box_text_is_not_body_text() {
        let xml = body(
            r#"<w:p><w:del w:author="A"><w:r><w:delText>60</w:delText></w:r></w:del><w:ins w:author="A"><w:r><w:t>90</w:t></w:r></w:ins><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF x </w:instrText></w:r><w:r><w:t>inte</w:t></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>resultat</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>i rutan</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>i rutan</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent><w:t> slut</w:t></w:r></w:p><w:p><w:r><w:t>två</w:t></w:r></w:p>"#,
        );
        let map = map_body(&xml, 64).unwrap();
        let texts: Vec<&str> = map.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["90resultat slut", "två"]);
    }

    #[test]
    fn first_paragraphs_in_block_level_controls_are_marked() {
        let xml = body(
            r#"<w:p/><w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p/></w:sdtContent></w:sdt><w:p><w:sdt><w:sdtContent><w:r><w:t>b</w:t></w:r></w:sdtContent></w:sdt></w:p><w:sdt><w:sdtContent><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:sdtContent></w:sdt>"#,
        );
        let map = map_body(&xml, 64).unwrap();
        let first: Vec<bool> = map.paragraphs.iter().map(|p| p.first_in_control).collect();
        assert_eq!(first, [false, true, false, false, true]);
        let xml = body(
            r#"<w:p><w:r><w:drawing><wp:inline xmlns:wp="urn:x"/></w:drawing></w:r></w:p><w:p><w:r><w:t>a</w:t></w:r></w:p>"#,
        );
        let map = map_body(&xml, 64).unwrap();
        let takes: Vec<bool> = (0..2).map(|i| map.takes_comments(i)).collect();
        assert_eq!(takes, [false, true]);
        let xml = body(
            r#"<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:footnoteReference w:id="2"/></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl><w:p/><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"#,
        );
        let map = map_body(&xml, 64).unwrap();
        let takes: Vec<bool> = (0..4).map(|i| map.takes_comments(i)).collect();
        assert_eq!(takes, [false, false, true, true]);
    }

    #[test]
    fn comment_ids_depth_and_bad_xml() {
        let xml = body(
            r#"<w:p><w:commentRangeStart w:id="7"/><w:r><w:t>a</w:t></w:r><w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="7"/></w:r></w:p>"#,
        );
        let map = map_body(&xml, 64).unwrap();
        assert_eq!(map.comment_ids, ["7", "7", "7"]);
        assert_eq!(map_body(&xml, 3).unwrap_err(), MapError::TooDeep(3));
        assert!(matches!(map_body("<a><b>", 64), Err(MapError::Xml(_))));
        assert!(matches!(map_body("<a>&x;</a>", 64), Err(MapError::Xml(_))));
    }
}
