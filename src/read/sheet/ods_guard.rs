//! One streaming pass over an .ods `content.xml` before calamine expands it. calamine turns
//! `table:number-columns-repeated` and `table:number-rows-repeated` into real cells (a 5 KB file can ask
//! for billions, and just under its own cap of 100 million it allocates ~6 GB), so this pass works out
//! what calamine would allocate — the cells it stores per row, the dense rectangle it builds per table,
//! and the text it clones per repeat — and refuses the file over the limits. The same pass notes the
//! hidden (collapsed or filtered) rows and columns of each table.
//!
//! Elements are matched by local name, a superset of calamine's exact `table:` names, so the estimate
//! never misses what calamine expands.

use super::lines::{HiddenLines, HiddenLinesCollector};
use super::package::Package;
use super::xml::{XmlWalk, attr, attr_text, attr_u64};
use crate::read::{Limits, ReadError};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::BufRead;

/// calamine's caps on expanded rows and stored columns per row.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLS: u64 = 16_384;

const PART: &str = "content.xml";

/// What the pass learned: each named table's hidden rows and columns (the first table of a name wins).
#[derive(Debug, Default)]
pub(super) struct OdsLayout {
    tables: HashMap<String, HiddenLines>,
}

impl OdsLayout {
    pub fn hidden_lines(&self, table: &str) -> HiddenLines {
        self.tables.get(table).cloned().unwrap_or_default()
    }
}

/// Password-protected .ods files keep their zip layout but encrypt content.xml; the manifest says so.
pub(super) fn check_not_encrypted(package: &mut Package, limits: &Limits) -> Result<(), ReadError> {
    const MANIFEST: &str = "META-INF/manifest.xml";
    let Some(source) = package.part_reader(MANIFEST)? else {
        return Ok(());
    };
    let mut walk = XmlWalk::new(source, MANIFEST, limits.max_xml_depth);
    let mut buf = Vec::new();
    loop {
        match walk.next(&mut buf)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "encryption-data" => {
                return Err(ReadError::Encrypted);
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Scans content.xml; a missing content.xml is left for calamine to report.
pub(super) fn scan(package: &mut Package, limits: &Limits) -> Result<OdsLayout, ReadError> {
    match package.part_reader(PART)? {
        Some(source) => scan_source(source, limits),
        None => Ok(OdsLayout::default()),
    }
}

fn scan_source(source: impl BufRead, limits: &Limits) -> Result<OdsLayout, ReadError> {
    let mut walk = XmlWalk::new(source, PART, limits.max_xml_depth);
    let mut scan = Scan::new(limits);
    let mut buf = Vec::new();
    loop {
        match walk.next(&mut buf)? {
            Event::Start(e) => scan.open(&e),
            Event::Empty(e) => {
                scan.open(&e);
                scan.close(e.local_name().as_ref())?;
            }
            Event::End(e) => scan.close(e.local_name().as_ref())?,
            Event::Text(t) => scan.add_text(t.len() as u64),
            Event::CData(t) => scan.add_text(t.len() as u64),
            Event::GeneralRef(r) => scan.add_text(r.len() as u64 + 2),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(scan.finish())
}

/// Running totals over all tables, checked as the pass goes so a bomb stops it early.
struct Scan {
    limits: Limits,
    tables: HashMap<String, HiddenLines>,
    table: Option<TableScan>,
    /// Nesting of `table` elements inside the open table (only the outermost one counts).
    inner_tables: u32,
    /// Cells calamine stores row by row before building ranges.
    stored_cells: u64,
    /// Cells of the dense ranges of the finished tables.
    dense_cells: u64,
    /// Bytes of cell text and attributes, multiplied out by the repeats that clone them.
    expanded_bytes: u64,
}

#[derive(Default)]
struct TableScan {
    name: Option<String>,
    hidden: HiddenLinesCollector,
    next_col: u64,
    /// Expanded rows so far (calamine stops counting at MAX_ROWS).
    rows: u64,
    row: Option<RowScan>,
    /// Expanded index of the first non-empty row, and the index just after the last one.
    first_row: Option<u64>,
    end_row: u64,
    col_min: u64,
    col_max: u64,
}

impl TableScan {
    fn dense_cells(&self) -> u64 {
        match self.first_row {
            Some(first) => {
                let width = (self.col_max + 1).saturating_sub(self.col_min);
                (self.end_row - first).saturating_mul(width)
            }
            None => 0,
        }
    }
}

#[derive(Default)]
struct RowScan {
    repeats: u64,
    /// Cells calamine stores for this row (empty cells only when a non-empty one follows).
    width: u64,
    pending_empty: u64,
    first_filled: Option<u64>,
    last_filled: u64,
    cell: Option<CellScan>,
}

/// A non-empty cell being read: how many stored copies it has and how many bytes each copy holds.
struct CellScan {
    copies: u64,
    bytes: u64,
}

impl Scan {
    fn new(limits: &Limits) -> Scan {
        Scan {
            limits: *limits,
            tables: HashMap::new(),
            table: None,
            inner_tables: 0,
            stored_cells: 0,
            dense_cells: 0,
            expanded_bytes: 0,
        }
    }

    fn open(&mut self, e: &BytesStart<'_>) {
        let name = e.local_name();
        let name = name.as_ref();
        if name == "table" {
            if self.table.is_some() {
                self.inner_tables += 1;
            } else {
                self.table = Some(TableScan {
                    name: attr_text(e, "name"),
                    col_min: u64::MAX,
                    ..TableScan::default()
                });
            }
            return;
        }
        let Some(table) = self.table.as_mut() else {
            return;
        };
        match name {
            "table-column" => open_column(table, e),
            "table-row" => open_row(table, e),
            "table-cell" | "covered-table-cell" => {
                if let Some(row) = table.row.as_mut() {
                    open_cell(row, e);
                }
            }
            "s" => {
                let spaces = attr_u64(e, "c").unwrap_or(1);
                self.add_text(spaces);
            }
            "tab" | "line-break" => self.add_text(1),
            _ => {}
        }
    }

    fn close(&mut self, name: &str) -> Result<(), ReadError> {
        match name {
            "table-cell" | "covered-table-cell" => self.close_cell(),
            "table-row" => self.close_row(),
            "table" if self.inner_tables > 0 => {
                self.inner_tables -= 1;
                Ok(())
            }
            "table" => self.close_table(),
            _ => Ok(()),
        }
    }

    fn add_text(&mut self, bytes: u64) {
        if let Some(cell) = self.open_cell_mut() {
            cell.bytes = cell.bytes.saturating_add(bytes);
        }
    }

    fn open_cell_mut(&mut self) -> Option<&mut CellScan> {
        self.table.as_mut()?.row.as_mut()?.cell.as_mut()
    }

    fn close_cell(&mut self) -> Result<(), ReadError> {
        let Some(table) = self.table.as_mut() else {
            return Ok(());
        };
        let Some(row) = table.row.as_mut() else {
            return Ok(());
        };
        let Some(cell) = row.cell.take() else {
            return Ok(());
        };
        let clones = cell.copies.saturating_mul(row.repeats.max(1));
        self.expanded_bytes = self
            .expanded_bytes
            .saturating_add(cell.bytes.saturating_mul(clones));
        self.check()
    }

    fn close_row(&mut self) -> Result<(), ReadError> {
        let Some(table) = self.table.as_mut() else {
            return Ok(());
        };
        let Some(row) = table.row.take() else {
            return Ok(());
        };
        self.stored_cells = self.stored_cells.saturating_add(row.width);
        if let Some(first_filled) = row.first_filled {
            table.first_row.get_or_insert(table.rows);
            table.end_row = table.rows + row.repeats;
            table.col_min = table.col_min.min(first_filled);
            table.col_max = table.col_max.max(row.last_filled);
        }
        table.rows += row.repeats;
        self.check()
    }

    fn close_table(&mut self) -> Result<(), ReadError> {
        let Some(table) = self.table.take() else {
            return Ok(());
        };
        self.dense_cells = self.dense_cells.saturating_add(table.dense_cells());
        if let Some(name) = table.name {
            self.tables
                .entry(name)
                .or_insert_with(|| table.hidden.finish());
        }
        self.check()
    }

    /// Refuses the file once what calamine would allocate passes the limits.
    fn check(&self) -> Result<(), ReadError> {
        let open_dense = self.table.as_ref().map_or(0, TableScan::dense_cells);
        let dense = self.dense_cells.saturating_add(open_dense);
        if self.stored_cells > self.limits.max_cells || dense > self.limits.max_cells {
            return Err(ReadError::TooManyCells {
                limit: self.limits.max_cells,
            });
        }
        if self.expanded_bytes > self.limits.max_part_bytes {
            return Err(ReadError::EntryTooLarge {
                entry: format!("{PART} (cells expanded by their repeat counts)"),
                size: self.expanded_bytes,
                limit: self.limits.max_part_bytes,
            });
        }
        Ok(())
    }

    fn finish(self) -> OdsLayout {
        OdsLayout {
            tables: self.tables,
        }
    }
}

fn is_hidden(e: &BytesStart<'_>) -> bool {
    attr(e, "visibility").is_some_and(|v| matches!(v.as_ref(), "collapse" | "filter"))
}

fn open_column(table: &mut TableScan, e: &BytesStart<'_>) {
    let repeats = attr_u64(e, "number-columns-repeated").unwrap_or(1);
    if is_hidden(e) {
        if let Ok(first) = u32::try_from(table.next_col) {
            table.hidden.hide_cols(first, repeats);
        }
    }
    table.next_col = table.next_col.saturating_add(repeats);
}

/// Mirrors calamine: repeats are capped so the table never passes MAX_ROWS expanded rows.
fn open_row(table: &mut TableScan, e: &BytesStart<'_>) {
    let requested = attr_u64(e, "number-rows-repeated").unwrap_or(1);
    let repeats = requested.min(MAX_ROWS.saturating_sub(table.rows));
    if is_hidden(e) {
        if let Ok(first) = u32::try_from(table.rows) {
            table.hidden.hide_rows(first, repeats);
        }
    }
    table.row = Some(RowScan {
        repeats,
        ..RowScan::default()
    });
}

/// Mirrors calamine's `read_row`: empty cells are stored only when a non-empty cell follows them, and a
/// row never stores more than MAX_COLS cells.
fn open_cell(row: &mut RowScan, e: &BytesStart<'_>) {
    let requested = attr_u64(e, "number-columns-repeated").unwrap_or(1);
    let pending = row.pending_empty.min(MAX_COLS.saturating_sub(row.width));
    row.width += pending;
    row.pending_empty = 0;
    let copies = requested.min(MAX_COLS.saturating_sub(row.width));
    if !has_content(e) {
        row.pending_empty = copies;
        return;
    }
    if copies > 0 {
        row.first_filled.get_or_insert(row.width);
        row.last_filled = row.width + copies - 1;
        row.width += copies;
    }
    row.cell = Some(CellScan {
        copies,
        bytes: cloned_attribute_bytes(e),
    });
}

/// Bytes of the attribute values calamine keeps as heap strings per copy (formula, string, date, time).
fn cloned_attribute_bytes(e: &BytesStart<'_>) -> u64 {
    e.attributes()
        .with_checks(false)
        .flatten()
        .filter(|a| {
            matches!(
                a.key.local_name().as_ref(),
                "formula" | "string-value" | "date-value" | "time-value"
            )
        })
        .map(|a| a.value.len() as u64)
        .sum()
}

/// Whether calamine may give the cell a value or formula (a superset: any value-like attribute).
fn has_content(e: &BytesStart<'_>) -> bool {
    e.attributes().with_checks(false).flatten().any(|a| {
        matches!(
            a.key.local_name().as_ref(),
            "value-type"
                | "value"
                | "date-value"
                | "time-value"
                | "boolean-value"
                | "string-value"
                | "formula"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_str(content: &str, limits: &Limits) -> Result<OdsLayout, ReadError> {
        scan_source(content.as_bytes(), limits)
    }

    fn table(rows: &str) -> String {
        format!(
            r#"<office:spreadsheet><table:table table:name="T">{rows}</table:table></office:spreadsheet>"#
        )
    }

    const CELL: &str =
        r#"<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>"#;

    #[test]
    fn trailing_empty_repeats_cost_nothing() {
        let content = table(&format!(
            r#"<table:table-row>{CELL}<table:table-cell table:number-columns-repeated="16383"/></table:table-row>
               <table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#
        ));
        let limits = Limits {
            max_cells: 10,
            ..Limits::default()
        };
        assert!(scan_str(&content, &limits).is_ok());
    }

    #[test]
    fn repeated_content_is_counted_as_calamine_expands_it() {
        let cell = CELL.replace(
            "<table:table-cell ",
            r#"<table:table-cell table:number-columns-repeated="100" "#,
        );
        let content = table(&format!(
            r#"<table:table-row table:number-rows-repeated="100">{cell}</table:table-row>"#
        ));
        let limits = Limits {
            max_cells: 9_999,
            ..Limits::default()
        };
        assert_eq!(
            scan_str(&content, &limits).unwrap_err().code(),
            "too-many-cells"
        );
        let limits = Limits {
            max_cells: 10_000,
            ..Limits::default()
        };
        assert!(scan_str(&content, &limits).is_ok());
    }

    #[test]
    fn numeric_repeats_are_refused_by_cell_count() {
        let content = table(
            r#"<table:table-row table:number-rows-repeated="3000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="2000"/></table:table-row>"#,
        );
        let err = scan_str(&content, &Limits::default()).unwrap_err();
        assert_eq!(err.code(), "too-many-cells");
    }

    #[test]
    fn empty_gap_between_filled_rows_is_dense() {
        let content = table(&format!(
            r#"<table:table-row>{CELL}</table:table-row>
               <table:table-row table:number-rows-repeated="5000"><table:table-cell/></table:table-row>
               <table:table-row><table:table-cell table:number-columns-repeated="9"/>{CELL}</table:table-row>"#
        ));
        let limits = Limits {
            max_cells: 50_000,
            ..Limits::default()
        };
        assert_eq!(
            scan_str(&content, &limits).unwrap_err().code(),
            "too-many-cells"
        );
    }

    #[test]
    fn space_runs_count_as_text() {
        let content = table(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="4000000000"/></text:p></table:table-cell></table:table-row>"#,
        );
        let err = scan_str(&content, &Limits::default()).unwrap_err();
        assert_eq!(err.code(), "part-too-large");
    }

    #[test]
    fn hidden_rows_and_columns_follow_repeats() {
        let content = table(&format!(
            r#"<table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapse"/>
               <table:table-row>{CELL}</table:table-row>
               <table:table-row table:number-rows-repeated="3" table:visibility="filter">{CELL}</table:table-row>"#
        ));
        let layout = scan_str(&content, &Limits::default()).unwrap();
        let hidden = layout.hidden_lines("T");
        assert!(hidden.cols.contains(2) && !hidden.cols.contains(1));
        assert!(!hidden.rows.contains(0));
        assert!(hidden.rows.contains(1) && hidden.rows.contains(3) && !hidden.rows.contains(4));
        assert_eq!(layout.hidden_lines("other"), HiddenLines::default());
    }
}
