//! The document model every reader produces and every check consumes: text blocks with exact locations.

mod location;

pub use location::{CellRef, Location, Part, TablePos, a1};

use serde::Serialize;
use std::sync::Arc;

/// What kind of file a document came from; some rule kinds only apply to one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Word,
    Sheet,
    Text,
}

/// One read input file: its text blocks (in reading order) plus package-level facts.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// The path as given on the command line (or found while walking a folder).
    pub path: String,
    pub kind: DocKind,
    pub blocks: Vec<Block>,
    /// Reviewer comments (Word), with the text range they are anchored to.
    pub comments: Vec<Comment>,
    /// Tracked changes: deleted and moved-from text (not in any block's text), and inserted text records.
    pub revisions: Vec<Revision>,
    /// Field instructions (`w:instrText`, `w:fldSimple/@w:instr`), which are never in the text.
    pub field_codes: Vec<FieldCode>,
    pub properties: Properties,
    /// Sheets of a workbook, in workbook order, with their visibility.
    pub sheets: Vec<SheetInfo>,
    /// `w:documentProtection/@w:edit` when the document enforces protection (e.g. "forms").
    pub protection: Option<String>,
}

impl Document {
    pub fn new(path: impl Into<String>, kind: DocKind) -> Self {
        Document {
            path: path.into(),
            kind,
            blocks: Vec::new(),
            comments: Vec::new(),
            revisions: Vec::new(),
            field_codes: Vec::new(),
            properties: Properties::default(),
            sheets: Vec::new(),
            protection: None,
        }
    }

    /// Whether the document holds unaccepted tracked changes of any kind.
    pub fn has_tracked_changes(&self) -> bool {
        !self.revisions.is_empty()
    }

    /// The block a location index refers to, if any.
    pub fn block(&self, index: usize) -> Option<&Block> {
        self.blocks.get(index)
    }
}

/// One paragraph (Word), one cell (spreadsheet) or one line (plain text).
///
/// `text` holds runs joined with no added spaces; tabs are `\t`, line breaks `\n`. Inserted text is part
/// of `text` (and marked in `marks`); deleted and moved-from text is not (see `Document::revisions`).
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub text: String,
    pub location: Location,
    /// Outline level (0 = Heading 1) when this paragraph is a heading, from styles.xml or direct formatting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outline_level: Option<u8>,
    /// Paragraph style id (Word), when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
    /// The list number or bullet Word shows before the paragraph ("1.2", "a)", "Krav 3.4", "•"),
    /// from numbering.xml. Not part of `text`: offsets and patterns see the text as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Box<str>>,
    /// Flagged character ranges of `text` (byte offsets, on char boundaries).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<Mark>,
    /// Spreadsheet cells only: the typed value and column facts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<CellInfo>,
}

impl Block {
    pub fn new(text: impl Into<String>, location: Location) -> Self {
        Block {
            text: text.into(),
            location,
            outline_level: None,
            style: None,
            label: None,
            marks: Vec::new(),
            cell: None,
        }
    }

    /// Whether the block is running prose, the text LIX measures: a body paragraph or plain-text line
    /// that is neither a heading nor a table cell. Headings, table and sheet cells, headers, footers
    /// and notes are fragments: counted as prose they make a price sheet one long "text".
    pub fn is_prose(&self) -> bool {
        matches!(self.location.part, Some(Part::Body | Part::Line))
            && self.outline_level.is_none()
            && self.location.table.is_none()
    }

    /// Whether any byte of `start..end` carries a mark of `kind`.
    pub fn is_marked(&self, kind: MarkKind, start: usize, end: usize) -> bool {
        self.marks
            .iter()
            .any(|m| m.kind == kind && m.start < end.max(start + 1) && start < m.end)
    }

    /// Whether the whole block is hidden text (`w:vanish` on every character).
    pub fn is_all(&self, kind: MarkKind) -> bool {
        if self.text.is_empty() {
            return false;
        }
        let mut covered = 0usize;
        let mut ranges: Vec<(usize, usize)> = self
            .marks
            .iter()
            .filter(|m| m.kind == kind)
            .map(|m| (m.start, m.end))
            .collect();
        ranges.sort_unstable();
        for (s, e) in ranges {
            if s > covered {
                return false;
            }
            covered = covered.max(e);
        }
        covered >= self.text.len()
    }
}

/// A flagged range of a block's text, in byte offsets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mark {
    pub kind: MarkKind,
    pub start: usize,
    pub end: usize,
    /// For content controls: the control's tag or alias; for insertions: the author.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// Tracked insertion (`w:ins`, `w:moveTo`): in the text, not yet accepted.
    Inserted,
    /// Hidden text (`w:vanish`).
    Hidden,
    /// Inside a content control (`w:sdt`).
    ContentControl,
    /// Inside a content control that still shows its placeholder (`w:showingPlcHdr`).
    Placeholder,
    /// Hyperlink text.
    Hyperlink,
    /// A field's result (`w:fldSimple` or between `separate` and `end`).
    FieldResult,
}

/// A reviewer comment and what it is anchored to.
#[derive(Debug, Clone, Serialize)]
pub struct Comment {
    pub id: String,
    pub author: Option<String>,
    pub initials: Option<String>,
    pub date: Option<String>,
    pub text: String,
    /// The commented text, as it appears in the blocks (empty for a point comment).
    pub anchor_text: String,
    /// Index into `Document::blocks` of the block where the comment range starts, if it was found.
    pub anchor_block: Option<usize>,
    /// Byte range of the anchor within that block (end clamped to the block when the range spans blocks).
    pub anchor_start: usize,
    pub anchor_end: usize,
    /// Id of the comment this one replies to (from commentsExtended), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
}

/// A tracked change that is not part of the text (deleted, moved away) or a record of an insertion.
#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    pub kind: RevisionKind,
    pub author: Option<String>,
    pub date: Option<String>,
    pub text: String,
    /// The block it sits in (for deletions: the block whose text it was removed from).
    pub block: Option<usize>,
    /// Byte offset in that block's text where the change sits.
    pub offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RevisionKind {
    Inserted,
    Deleted,
    MovedFrom,
    MovedTo,
    /// Formatting or paragraph-property changes (`w:rPrChange`, `w:pPrChange`).
    Formatting,
}

/// A field instruction such as ` REF _Ref123 \h `, kept apart from the text.
#[derive(Debug, Clone, Serialize)]
pub struct FieldCode {
    pub instruction: String,
    pub block: Option<usize>,
}

/// Document properties from docProps/core.xml, app.xml and custom.xml (or a workbook's equivalents).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Properties {
    pub title: Option<String>,
    pub subject: Option<String>,
    pub author: Option<String>,
    pub last_modified_by: Option<String>,
    pub company: Option<String>,
    pub manager: Option<String>,
    pub template: Option<String>,
    pub created: Option<String>,
    pub modified: Option<String>,
    /// Custom properties, name → value as text.
    pub custom: Vec<(String, String)>,
}

/// One sheet of a workbook.
#[derive(Debug, Clone, Serialize)]
pub struct SheetInfo {
    pub name: String,
    pub hidden: bool,
}

/// A spreadsheet cell's typed value and the facts rules address it by.
#[derive(Debug, Clone, Serialize)]
pub struct CellInfo {
    /// 0-based row and column.
    pub row: u32,
    pub col: u32,
    pub value: CellValue,
    /// Formula text (without the leading `=`), when the cell has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formula: Option<String>,
    /// The header text of this cell's column (from the sheet's header row), if any; shared by the
    /// column's cells.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<Arc<str>>,
    /// Whether this cell is in the header row itself.
    pub is_header: bool,
    pub hidden_sheet: bool,
    pub hidden_row: bool,
    pub hidden_col: bool,
}

/// A typed cell value. Dates are ISO 8601 text (`2024-02-23` or `2024-02-23T12:00:00`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum CellValue {
    Empty,
    Number(f64),
    Text(String),
    Bool(bool),
    Date(String),
    Duration(f64),
    Error(String),
}

impl CellValue {
    pub fn as_number(&self) -> Option<f64> {
        match self {
            CellValue::Number(n) => Some(*n),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_body_text_and_lines_outside_headings_and_tables() {
        let body = Block::new("Anbudet ska lämnas elektroniskt.", Location::body(1));
        assert!(body.is_prose());
        assert!(Block::new("En rad.", Location::line(1)).is_prose());
        let mut heading = body.clone();
        heading.outline_level = Some(0);
        assert!(!heading.is_prose());
        let mut cell = body.clone();
        cell.location.table = Some(Vec::new());
        assert!(!cell.is_prose());
        let mut header = body.clone();
        header.location.part = Some(Part::Header);
        assert!(!header.is_prose());
        assert!(!Block::new("Kreditupplysning", Location::cell("Priser", 0, 0)).is_prose());
    }
}
