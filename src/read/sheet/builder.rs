//! Gathers a workbook's cells sheet by sheet and lays each sheet out as blocks: row-major order, the header
//! row (the sheet's first non-empty row) and the hidden flags.

use super::lines::HiddenLines;
use super::value::Typed;
use crate::model::{
    Block, CellInfo, CellValue, DocKind, Document, Location, Properties, SheetInfo,
};
use crate::read::{Limits, ReadError};
use std::collections::HashMap;

/// What a workbook may cost once read: kept (non-empty) cells against `Limits::max_cells`, and the bytes of
/// text those cells hold (display text, typed value, formula, the column header copied to each cell)
/// against `Limits::max_part_bytes`. The text budget stops a shared string of a megabyte referenced from
/// thousands of cells: calamine borrows it, every block owns a copy.
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

/// One sheet's non-empty cells, in the order the reader met them.
#[derive(Debug)]
pub(super) struct SheetCells {
    name: String,
    hidden: bool,
    lines: HiddenLines,
    cells: Vec<RawCell>,
}

#[derive(Debug)]
struct RawCell {
    row: u32,
    col: u32,
    typed: Option<Typed>,
    formula: Option<String>,
}

impl RawCell {
    fn text(&self) -> &str {
        self.typed.as_ref().map_or("", |t| t.text.as_str())
    }
}

impl SheetCells {
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
        self.cells.push(RawCell {
            row,
            col,
            typed,
            formula,
        });
        Ok(())
    }

    fn into_blocks(self, budget: &mut CellBudget) -> Result<Vec<Block>, ReadError> {
        let SheetCells {
            name,
            hidden,
            lines,
            mut cells,
        } = self;
        cells.sort_by_key(|c| (c.row, c.col));
        let Some(header_row) = cells.first().map(|c| c.row) else {
            return Ok(Vec::new());
        };
        let headers = header_texts(&cells, header_row);
        cells
            .into_iter()
            .map(|cell| {
                let is_header = cell.row == header_row;
                let header = if is_header {
                    None
                } else {
                    headers.get(&cell.col).cloned()
                };
                budget.take_text(header.as_ref().map_or(0, String::len))?;
                let info = CellInfo {
                    row: cell.row,
                    col: cell.col,
                    value: CellValue::Empty,
                    formula: None,
                    header,
                    is_header,
                    hidden_sheet: hidden,
                    hidden_row: lines.rows.contains(cell.row),
                    hidden_col: lines.cols.contains(cell.col),
                };
                Ok(cell_block(&name, cell, info))
            })
            .collect()
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
fn header_texts(cells: &[RawCell], header_row: u32) -> HashMap<u32, String> {
    let mut headers = HashMap::new();
    for cell in cells.iter().take_while(|c| c.row == header_row) {
        let text = cell.text().trim();
        if !text.is_empty() {
            headers.entry(cell.col).or_insert_with(|| text.to_string());
        }
    }
    headers
}

fn cell_block(sheet: &str, cell: RawCell, mut info: CellInfo) -> Block {
    let (text, value) = match cell.typed {
        Some(typed) => (typed.text, typed.value),
        None => (String::new(), CellValue::Empty),
    };
    info.value = value;
    info.formula = cell.formula;
    let mut block = Block::new(text, Location::cell(sheet, cell.row, cell.col));
    block.cell = Some(info);
    block
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
            name: name.to_string(),
            hidden,
            lines,
            cells: Vec::new(),
        }
    }

    pub fn finish_sheet(&mut self, sheet: SheetCells) -> Result<(), ReadError> {
        let blocks = sheet.into_blocks(&mut self.budget)?;
        self.doc.blocks.extend(blocks);
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
    fn budget_counts_text_copies_including_headers() {
        let limits = Limits {
            max_part_bytes: 100,
            ..Limits::default()
        };
        let long = "x".repeat(20);
        let mut builder = WorkbookBuilder::new("a.xlsx", &limits);
        let mut sheet = builder.start_sheet("A", false, HiddenLines::default());
        // 20 bytes of text + 20 of value for the header, then 2 × 2 bytes per cell below it.
        sheet
            .push(&mut builder.budget, (0, 0), text(&long), None)
            .unwrap();
        for row in 1..=10 {
            sheet
                .push(&mut builder.budget, (row, 0), text("y"), None)
                .unwrap();
        }
        // Each of the 10 cells also gets a 20-byte copy of the header: 40 + 20 + 200 > 100.
        let err = builder.finish_sheet(sheet).unwrap_err();
        assert_eq!(err.code(), "part-too-large");
    }
}
