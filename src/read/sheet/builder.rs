//! Gathers a workbook's cells sheet by sheet and lays each sheet out as blocks: row-major order, the header
//! row (the sheet's first non-empty row) and the hidden flags.

use super::lines::HiddenLines;
use super::value::Typed;
use crate::model::{
    Block, CellInfo, CellValue, DocKind, Document, Location, Properties, SheetInfo,
};
use crate::read::{Limits, ReadError};
use std::collections::HashMap;
use std::sync::Arc;

/// What a workbook may cost once read: kept (non-empty) cells against `Limits::max_cells`, and the bytes of
/// text those cells hold (display text, typed value, formula) against `Limits::max_part_bytes`. The text
/// budget stops a shared string of a megabyte referenced from thousands of cells: calamine borrows it,
/// every block owns a copy. (Sheet names and column headers are shared by the cells, not copied.)
#[derive(Debug)]
pub(super) struct CellBudget {
    cells: u64,
    max_cells: u64,
    text_bytes: u64,
    max_text_bytes: u64,
}

impl CellBudget {
    pub fn new(limits: &Limits) -> Self {
        CellBudget {
            cells: 0,
            max_cells: limits.max_cells,
            text_bytes: 0,
            max_text_bytes: limits.max_part_bytes,
        }
    }

    fn take_cell(&mut self) -> Result<(), ReadError> {
        if self.cells >= self.max_cells {
            return Err(ReadError::TooManyCells {
                limit: self.max_cells,
            });
        }
        self.cells += 1;
        Ok(())
    }

    /// Cells that may still be kept.
    fn cells_left(&self) -> u64 {
        self.max_cells.saturating_sub(self.cells)
    }

    fn take_text(&mut self, bytes: usize) -> Result<(), ReadError> {
        self.text_bytes = self.text_bytes.saturating_add(bytes as u64);
        if self.text_bytes > self.max_text_bytes {
            return Err(ReadError::EntryTooLarge {
                entry: "cell text of the workbook (shared strings copied into each cell)".into(),
                size: self.text_bytes,
                limit: self.max_text_bytes,
            });
        }
        Ok(())
    }
}

/// One sheet's non-empty cells as blocks, in the order the reader met them; the header row and the
/// column headers are filled in when the sheet is finished.
#[derive(Debug)]
pub(super) struct SheetCells {
    name: Arc<str>,
    hidden: bool,
    lines: HiddenLines,
    blocks: Vec<Block>,
}

impl SheetCells {
    /// Makes room for the cells a scan counted (no more than the budget may still keep), so that a
    /// large sheet's blocks are not copied each time the list grows.
    pub fn reserve(&mut self, budget: &CellBudget, cells: u64) {
        let cells = cells.min(budget.cells_left());
        // Only address space until cells are written; should even that be refused, the list grows.
        if let Ok(cells) = usize::try_from(cells) {
            let _ = self.blocks.try_reserve(cells);
        }
    }

    /// Keeps a cell that has a value or a formula (a formula without a cached value is kept with empty text).
    pub fn push(
        &mut self,
        budget: &mut CellBudget,
        (row, col): (u32, u32),
        typed: Option<Typed>,
        formula: Option<String>,
    ) -> Result<(), ReadError> {
        let formula = formula.filter(|f| !f.is_empty());
        if typed.is_none() && formula.is_none() {
            return Ok(());
        }
        budget.take_cell()?;
        let text = typed
            .as_ref()
            .map_or(0, |t| t.text.len() + value_text_len(&t.value));
        budget.take_text(text + formula.as_ref().map_or(0, String::len))?;
        let (text, value) = match typed {
            Some(typed) => (typed.text, typed.value),
            None => (String::new(), CellValue::Empty),
        };
        let mut block = Block::new(text, Location::cell(self.name.clone(), row, col));
        block.cell = Some(CellInfo {
            row,
            col,
            value,
            formula,
            header: None,
            is_header: false,
            hidden_sheet: self.hidden,
            hidden_row: self.lines.rows.contains(row),
            hidden_col: self.lines.cols.contains(col),
        });
        self.blocks.push(block);
        Ok(())
    }

    /// The blocks in row-major order, with the header row (the first non-empty row) marked and each
    /// cell below it given its column's header.
    fn into_blocks(self) -> Vec<Block> {
        let mut blocks = self.blocks;
        // Readers give cells in row-major order; a stable sort would allocate half the sheet as scratch.
        let key = |b: &Block| b.cell.as_ref().map(|c| (c.row, c.col));
        if !blocks.is_sorted_by_key(key) {
            blocks.sort_by_key(key);
        }
        let Some(header_row) = blocks.first().and_then(|b| b.cell.as_ref()).map(|c| c.row) else {
            return blocks;
        };
        let headers = header_texts(&blocks, header_row);
        for block in &mut blocks {
            let Some(cell) = block.cell.as_mut() else {
                continue;
            };
            cell.is_header = cell.row == header_row;
            if !cell.is_header {
                cell.header = headers.get(&cell.col).cloned();
            }
        }
        blocks
    }
}

/// Bytes a typed value holds besides the display text.
fn value_text_len(value: &CellValue) -> usize {
    match value {
        CellValue::Text(s) | CellValue::Date(s) | CellValue::Error(s) => s.len(),
        _ => 0,
    }
}

/// Column → trimmed header text, from the cells of the header row (blank headers are left out).
fn header_texts(blocks: &[Block], header_row: u32) -> HashMap<u32, Arc<str>> {
    let mut headers = HashMap::new();
    for block in blocks {
        let Some(cell) = block.cell.as_ref().filter(|c| c.row == header_row) else {
            break;
        };
        let text = block.text.trim();
        if !text.is_empty() {
            headers.entry(cell.col).or_insert_with(|| Arc::from(text));
        }
    }
    headers
}

/// Builds the sheet document: sheet list, blocks and properties.
#[derive(Debug)]
pub(super) struct WorkbookBuilder {
    doc: Document,
    pub budget: CellBudget,
}

impl WorkbookBuilder {
    pub fn new(display: &str, limits: &Limits) -> Self {
        WorkbookBuilder {
            doc: Document::new(display, DocKind::Sheet),
            budget: CellBudget::new(limits),
        }
    }

    pub fn set_properties(&mut self, properties: Properties) {
        self.doc.properties = properties;
    }

    /// Lists the sheet in the workbook and returns the collector for its cells.
    pub fn start_sheet(&mut self, name: &str, hidden: bool, lines: HiddenLines) -> SheetCells {
        self.doc.sheets.push(SheetInfo {
            name: name.to_string(),
            hidden,
        });
        SheetCells {
            name: Arc::from(name),
            hidden,
            lines,
            blocks: Vec::new(),
        }
    }

    pub fn finish_sheet(&mut self, sheet: SheetCells) -> Result<(), ReadError> {
        let mut blocks = sheet.into_blocks();
        if self.doc.blocks.is_empty() {
            // Moved, not copied: a large first sheet would otherwise be in memory twice.
            self.doc.blocks = blocks;
        } else {
            self.doc.blocks.append(&mut blocks);
        }
        Ok(())
    }

    pub fn finish(self) -> Document {
        self.doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::sheet::lines::LineSet;

    fn text(s: &str) -> Option<Typed> {
        Some(Typed {
            value: CellValue::Text(s.into()),
            text: s.into(),
        })
    }

    #[test]
    fn first_non_empty_row_is_the_header_row() {
        let mut builder = WorkbookBuilder::new("a.xlsx", &Limits::default());
        let lines = HiddenLines {
            rows: LineSet::from_ranges(vec![(3, 3)]),
            cols: LineSet::default(),
        };
        let mut sheet = builder.start_sheet("Priser", false, lines);
        let budget = &mut builder.budget;
        sheet.push(budget, (3, 1), text("under B"), None).unwrap();
        sheet.push(budget, (2, 1), text("  Pris "), None).unwrap();
        sheet.push(budget, (2, 0), text("Post"), None).unwrap();
        sheet.push(budget, (3, 2), text("no header"), None).unwrap();
        sheet
            .push(budget, (4, 0), None, Some("A1*2".into()))
            .unwrap();
        sheet.push(budget, (5, 0), None, None).unwrap();
        builder.finish_sheet(sheet).unwrap();
        let doc = builder.finish();
        let cells: Vec<&CellInfo> = doc.blocks.iter().filter_map(|b| b.cell.as_ref()).collect();
        assert_eq!(doc.blocks.len(), 5);
        assert_eq!(doc.blocks[0].location.cell.as_deref(), Some("A3"));
        assert!(cells[0].is_header && cells[1].is_header);
        assert_eq!(cells[2].header.as_deref(), Some("Pris"));
        assert!(cells[2].hidden_row);
        assert_eq!(cells[3].header, None);
        assert_eq!(doc.blocks[4].text, "");
        assert_eq!(cells[4].formula.as_deref(), Some("A1*2"));
        assert_eq!(cells[4].header.as_deref(), Some("Post"));
    }

    #[test]
    fn budget_counts_the_whole_workbook() {
        let limits = Limits {
            max_cells: 2,
            ..Limits::default()
        };
        let mut builder = WorkbookBuilder::new("a.xlsx", &limits);
        let mut first = builder.start_sheet("A", false, HiddenLines::default());
        first
            .push(&mut builder.budget, (0, 0), text("x"), None)
            .unwrap();
        first
            .push(&mut builder.budget, (0, 1), text("y"), None)
            .unwrap();
        let mut second = builder.start_sheet("B", false, HiddenLines::default());
        let err = second
            .push(&mut builder.budget, (0, 0), text("z"), None)
            .unwrap_err();
        assert_eq!(err, ReadError::TooManyCells { limit: 2 });
    }

    #[test]
    fn headers_are_shared_not_copied() {
        let limits = Limits {
            max_part_bytes: 100,
            ..Limits::default()
        };
        let long = "x".repeat(20);
        let mut builder = WorkbookBuilder::new("a.xlsx", &limits);
        let mut sheet = builder.start_sheet("A", false, HiddenLines::default());
        // 20 bytes of text + 20 of value for the header, then 2 × 2 bytes per cell below it: 80 ≤ 100.
        sheet
            .push(&mut builder.budget, (0, 0), text(&long), None)
            .unwrap();
        for row in 1..=10 {
            sheet
                .push(&mut builder.budget, (row, 0), text("y"), None)
                .unwrap();
        }
        builder.finish_sheet(sheet).unwrap();
        let doc = builder.finish();
        let headers: Vec<&Arc<str>> = doc
            .blocks
            .iter()
            .filter_map(|b| b.cell.as_ref()?.header.as_ref())
            .collect();
        assert_eq!(headers.len(), 10);
        assert!(headers.iter().all(|h| Arc::ptr_eq(h, headers[0])));
        let sheets: Vec<&Arc<str>> = doc
            .blocks
            .iter()
            .filter_map(|b| b.location.sheet.as_ref())
            .collect();
        assert!(sheets.iter().all(|s| Arc::ptr_eq(s, sheets[0])));
    }

    #[test]
    fn budget_counts_text_copies() {
        let limits = Limits {
            max_part_bytes: 100,
            ..Limits::default()
        };
        let long = "x".repeat(30);
        let mut builder = WorkbookBuilder::new("a.xlsx", &limits);
        let mut sheet = builder.start_sheet("A", false, HiddenLines::default());
        sheet
            .push(&mut builder.budget, (0, 0), text(&long), None)
            .unwrap();
        // 60 bytes so far; another 60 go over the limit.
        let err = sheet
            .push(&mut builder.budget, (1, 0), text(&long), None)
            .unwrap_err();
        assert_eq!(err.code(), "part-too-large");
    }
}
