//! The .xls guard. calamine parses every sheet when it opens the file, and trusts the file while doing so:
//! it reserves memory for each sheet's declared DIMENSIONS, builds a dense range over the bounding box of
//! each sheet's cells (one cell at row 65535, column 65535 asks for ~137 GB), and gives every label the
//! capacity its length field claims. This pass reads the same records first (from a checked compound
//! file, see `cfb`) and refuses what would pass the limits; it also collects hidden rows (ROW records)
//! and hidden columns (COLINFO records).

use super::cfb::CompoundFile;
use super::lines::{HiddenLines, HiddenLinesCollector};
use crate::read::source::Source;
use crate::read::{Limits, ReadError};

const FILE_PASS: u16 = 0x002F;
const BOUND_SHEET: u16 = 0x0085;
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const DIMENSIONS: u16 = 0x0200;
const ROW: u16 = 0x0208;
const COLINFO: u16 = 0x007D;
const FORMULA: u16 = 0x0006;
const MUL_RK: u16 = 0x00BD;
const LABEL: u16 = 0x0204;
const RSTRING: u16 = 0x00D6;
const STRING: u16 = 0x0207;
/// Records whose first two fields are the cell's row and column.
const CELL_RECORDS: [u16; 7] = [0x0203, LABEL, RSTRING, 0x0205, 0x027E, 0x00FD, FORMULA];

/// The streams calamine opens by name: the workbook (or its BIFF5 name) and the property sets.
const STREAMS_CALAMINE_READS: [&str; 4] = [
    "Workbook",
    "Book",
    "\u{5}SummaryInformation",
    "\u{5}DocumentSummaryInformation",
];

/// More sheets than any real workbook has (each one costs calamine a parse from its offset).
const MAX_SHEETS: usize = 4096;

/// Hidden rows and columns of each sheet, in workbook (BoundSheet) order — calamine's sheet order.
#[derive(Debug, Default)]
pub(super) struct XlsLayout {
    pub sheets: Vec<HiddenLines>,
}

pub(super) fn check(source: &Source<'_>, limits: &Limits) -> Result<XlsLayout, ReadError> {
    let bytes = source.head(limits.max_file_bytes)?;
    let compound = CompoundFile::parse(&bytes)?;
    let mut workbook = None;
    for name in STREAMS_CALAMINE_READS {
        let stream = compound.stream(name)?;
        if workbook.is_none() && (name == "Workbook" || name == "Book") {
            workbook = stream;
        }
    }
    let workbook = workbook.ok_or_else(|| ReadError::MissingPart("Workbook stream".into()))?;
    scan_workbook(&workbook, limits)
}

/// One BIFF record: type and body.
struct Record<'a> {
    kind: u16,
    data: &'a [u8],
}

/// Records from `at` on; a record cut short by the end of the stream ends it with an error.
fn records(stream: &[u8], at: usize) -> impl Iterator<Item = Result<Record<'_>, ReadError>> {
    let mut rest = stream.get(at..).unwrap_or_default();
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let header = rest.get(..4);
        let record = header.and_then(|h| {
            let kind = u16::from_le_bytes([h[0], h[1]]);
            let len = usize::from(u16::from_le_bytes([h[2], h[3]]));
            let data = rest.get(4..4 + len)?;
            Some((Record { kind, data }, 4 + len))
        });
        match record {
            Some((record, used)) => {
                rest = rest.get(used..).unwrap_or_default();
                Some(Ok(record))
            }
            None => {
                rest = &[];
                Some(Err(corrupt("record cut short by the end of the stream")))
            }
        }
    })
}

fn scan_workbook(stream: &[u8], limits: &Limits) -> Result<XlsLayout, ReadError> {
    let mut sheet_offsets = Vec::new();
    // Bytes walked so far: the globals substream, then each sheet's.
    let mut walked = 0usize;
    for record in records(stream, 0) {
        let record = record?;
        walked += 4 + record.data.len();
        match record.kind {
            FILE_PASS if u16_at(record.data, 0).is_some_and(|v| v != 0) => {
                return Err(ReadError::Encrypted);
            }
            BOUND_SHEET => {
                let offset = u32_at(record.data, 0).ok_or_else(|| corrupt("short BOUNDSHEET"))?;
                sheet_offsets.push(offset as usize);
            }
            EOF => break,
            _ => {}
        }
    }
    if sheet_offsets.len() > MAX_SHEETS {
        return Err(corrupt("more BOUNDSHEET records than any workbook has"));
    }
    let mut totals = Totals::default();
    let mut layout = XlsLayout::default();
    for offset in sheet_offsets {
        if offset > stream.len() {
            return Err(corrupt("sheet offset past the end of the workbook stream"));
        }
        let sheet = scan_sheet(stream, offset, limits)?;
        // Each record belongs to one substream: overlapping ones would be parsed once per sheet.
        walked = walked.saturating_add(sheet.bytes);
        if walked > stream.len() {
            return Err(corrupt("sheet substreams overlap"));
        }
        totals.add(&sheet, limits)?;
        layout.sheets.push(sheet.hidden.finish());
    }
    Ok(layout)
}

/// What one sheet costs calamine, and its hidden lines.
#[derive(Default)]
struct SheetScan {
    values: Bounds,
    formulas: Bounds,
    cells: u64,
    string_bytes: u64,
    hidden: HiddenLinesCollector,
    /// Bytes of the workbook stream the substream spans.
    bytes: usize,
}

/// Bounding box of cell positions.
#[derive(Default, Clone, Copy)]
struct Bounds {
    rows: Option<(u32, u32)>,
    cols: (u32, u32),
}

impl Bounds {
    fn add(&mut self, row: u32, first_col: u32, last_col: u32) {
        match &mut self.rows {
            Some((min, max)) => {
                *min = (*min).min(row);
                *max = (*max).max(row);
                self.cols = (self.cols.0.min(first_col), self.cols.1.max(last_col));
            }
            None => {
                self.rows = Some((row, row));
                self.cols = (first_col, last_col);
            }
        }
    }

    /// Cells of the dense range calamine builds over the box.
    fn area(&self) -> u64 {
        match self.rows {
            Some((min, max)) => {
                let rows = u64::from(max - min) + 1;
                let cols = u64::from(self.cols.1.saturating_sub(self.cols.0)) + 1;
                rows.saturating_mul(cols)
            }
            None => 0,
        }
    }
}

/// Running totals over the sheets, refused once past the limits.
#[derive(Default)]
struct Totals {
    dense_cells: u64,
    cells: u64,
    string_bytes: u64,
}

impl Totals {
    fn add(&mut self, sheet: &SheetScan, limits: &Limits) -> Result<(), ReadError> {
        let dense = sheet.values.area().saturating_add(sheet.formulas.area());
        self.dense_cells = self.dense_cells.saturating_add(dense);
        self.cells = self.cells.saturating_add(sheet.cells);
        self.string_bytes = self.string_bytes.saturating_add(sheet.string_bytes);
        if self.dense_cells > limits.max_cells || self.cells > limits.max_cells {
            return Err(ReadError::TooManyCells {
                limit: limits.max_cells,
            });
        }
        if self.string_bytes > limits.max_part_bytes {
            return Err(ReadError::EntryTooLarge {
                entry: "Workbook stream (declared text lengths)".into(),
                size: self.string_bytes,
                limit: limits.max_part_bytes,
            });
        }
        Ok(())
    }
}

/// Walks one sheet's substream like calamine does: from its BOF to its EOF, skipping embedded
/// substreams (charts) that have their own BOF/EOF pairs.
fn scan_sheet(stream: &[u8], offset: usize, limits: &Limits) -> Result<SheetScan, ReadError> {
    let mut sheet = SheetScan::default();
    let mut seen_bof = false;
    let mut nested = 0usize;
    for record in records(stream, offset) {
        let record = record?;
        sheet.bytes += 4 + record.data.len();
        if nested > 0 {
            match record.kind {
                BOF => nested += 1,
                EOF => nested -= 1,
                _ => {}
            }
            continue;
        }
        match record.kind {
            BOF if seen_bof => nested += 1,
            BOF => seen_bof = true,
            EOF => break,
            _ => scan_sheet_record(&mut sheet, &record, limits)?,
        }
    }
    Ok(sheet)
}

fn scan_sheet_record(
    sheet: &mut SheetScan,
    record: &Record<'_>,
    limits: &Limits,
) -> Result<(), ReadError> {
    let data = record.data;
    match record.kind {
        DIMENSIONS => check_dimensions(data, limits)?,
        ROW => {
            let hidden = u16_at(data, 12).is_some_and(|flags| flags & 0x20 != 0);
            if let (true, Some(row)) = (hidden, u16_at(data, 0)) {
                sheet.hidden.hide_rows(u32::from(row), 1);
            }
        }
        COLINFO => {
            let hidden = u16_at(data, 8).is_some_and(|flags| flags & 0x01 != 0);
            if let (true, Some(first), Some(last)) = (hidden, u16_at(data, 0), u16_at(data, 2)) {
                let count = u64::from(last).saturating_sub(u64::from(first)) + 1;
                sheet.hidden.hide_cols(u32::from(first), count);
            }
        }
        MUL_RK => {
            let (Some(row), Some(first)) = (u16_at(data, 0), u16_at(data, 2)) else {
                return Ok(());
            };
            let count = data.len().saturating_sub(6) / 6;
            if count > 0 {
                let last =
                    u32::from(first).saturating_add(u32::try_from(count - 1).unwrap_or(u32::MAX));
                sheet.values.add(u32::from(row), u32::from(first), last);
                sheet.cells = sheet.cells.saturating_add(count as u64);
            }
        }
        STRING => {
            let claimed = u16_at(data, 0).unwrap_or(0);
            sheet.string_bytes += u64::from(claimed);
        }
        kind if CELL_RECORDS.contains(&kind) => {
            let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) else {
                return Ok(());
            };
            let (row, col) = (u32::from(row), u32::from(col));
            sheet.values.add(row, col, col);
            sheet.cells += 1;
            if kind == FORMULA {
                check_formula_length(data)?;
                sheet.formulas.add(row, col, col);
            }
            if kind == LABEL || kind == RSTRING {
                sheet.string_bytes += u64::from(u16_at(data, 6).unwrap_or(0));
            }
        }
        _ => {}
    }
    Ok(())
}

/// calamine slices a FORMULA record's parsed formula by the length the record claims for it (`cce`, at
/// byte 20), unchecked: a claim past the record's end panics inside calamine (found by fuzzing).
/// Records shorter than 20 bytes calamine refuses itself.
fn check_formula_length(data: &[u8]) -> Result<(), ReadError> {
    if data.len() < 20 {
        return Ok(());
    }
    let fits = u16_at(data, 20).is_some_and(|cce| 22 + usize::from(cce) <= data.len());
    if fits {
        Ok(())
    } else {
        Err(corrupt("FORMULA record whose formula runs past the record"))
    }
}

/// calamine reserves rows × columns cells from this record, computed without overflow checks.
fn check_dimensions(data: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let fields = match data.len() {
        10 => (
            u16_at(data, 0).map(u32::from),
            u16_at(data, 2).map(u32::from),
            u16_at(data, 4),
            u16_at(data, 6),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u16_at(data, 8),
            u16_at(data, 10),
        ),
        // calamine reports other lengths itself.
        _ => return Ok(()),
    };
    let (Some(first_row), Some(row_end), Some(first_col), Some(col_end)) = fields else {
        return Ok(());
    };
    if row_end == 0 || col_end == 0 {
        return Ok(());
    }
    let first_col = if first_col > 0xFF || col_end < first_col {
        0
    } else {
        first_col
    };
    let rows = i64::from(row_end) - i64::from(first_row);
    let cols = i64::from(col_end) - i64::from(first_col);
    if rows < 1 || cols < 1 {
        return Err(corrupt("DIMENSIONS record with its end before its start"));
    }
    if rows.saturating_mul(cols) as u64 > limits.max_cells {
        return Err(ReadError::TooManyCells {
            limit: limits.max_cells,
        });
    }
    Ok(())
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at + 2)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn corrupt(what: &str) -> ReadError {
    ReadError::Corrupt(format!("xls: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    fn cell(kind: u16, row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(col.to_le_bytes());
        data.extend([0; 10]);
        record(kind, &data)
    }

    /// A workbook stream: globals with one BOUNDSHEET, then the sheet substream.
    fn workbook(sheet_records: &[Vec<u8>]) -> Vec<u8> {
        let bof = record(BOF, &[0; 16]);
        let globals_len = bof.len() + 4 + 8 + 4;
        let mut bound = (globals_len as u32).to_le_bytes().to_vec();
        bound.extend([0, 0, 1, 0, b'S']);
        let mut stream = bof.clone();
        stream.extend(record(BOUND_SHEET, &bound[..8]));
        stream.extend(record(EOF, &[]));
        assert_eq!(stream.len(), globals_len);
        stream.extend(bof);
        for r in sheet_records {
            stream.extend(r);
        }
        stream.extend(record(EOF, &[]));
        stream
    }

    #[test]
    fn far_cell_is_refused_before_calamine_builds_the_grid() {
        let stream = workbook(&[cell(0x0203, 0, 0), cell(0x0203, 65535, 255)]);
        let err = scan_workbook(&stream, &Limits::default()).unwrap_err();
        assert_eq!(err.code(), "too-many-cells");
        let near = workbook(&[cell(0x0203, 0, 0), cell(0x0203, 99, 9)]);
        assert!(scan_workbook(&near, &Limits::default()).is_ok());
    }

    #[test]
    fn dimensions_are_checked_like_calamine_computes_them() {
        let mut big = 0u32.to_le_bytes().to_vec();
        big.extend(0x1000_0000u32.to_le_bytes());
        big.extend([0, 0, 255, 0, 0, 0]);
        let err = scan_workbook(&workbook(&[record(DIMENSIONS, &big)]), &Limits::default());
        assert_eq!(err.unwrap_err().code(), "too-many-cells");
        let mut inverted = 5u32.to_le_bytes().to_vec();
        inverted.extend(2u32.to_le_bytes());
        inverted.extend([0, 0, 255, 0, 0, 0]);
        let err = scan_workbook(
            &workbook(&[record(DIMENSIONS, &inverted)]),
            &Limits::default(),
        );
        assert_eq!(err.unwrap_err().code(), "corrupt");
    }

    #[test]
    fn hidden_rows_and_columns() {
        let mut row = 6u16.to_le_bytes().to_vec();
        row.extend([0; 10]);
        row.extend(0x20u16.to_le_bytes());
        row.extend([0; 2]);
        let mut col = 2u16.to_le_bytes().to_vec();
        col.extend(3u16.to_le_bytes());
        col.extend([0; 4]);
        col.extend(1u16.to_le_bytes());
        col.extend([0; 2]);
        let stream = workbook(&[record(ROW, &row), record(COLINFO, &col)]);
        let layout = scan_workbook(&stream, &Limits::default()).unwrap();
        let hidden = &layout.sheets[0];
        assert!(hidden.rows.contains(6) && !hidden.rows.contains(5));
        assert!(hidden.cols.contains(2) && hidden.cols.contains(3) && !hidden.cols.contains(4));
    }

    #[test]
    fn sheets_sharing_a_substream_are_refused() {
        let mut stream = workbook(&[cell(0x0203, 0, 0)]);
        // A second BOUNDSHEET pointing at the same substream, inserted after the first one.
        let first = stream
            .windows(2)
            .position(|w| w == BOUND_SHEET.to_le_bytes())
            .unwrap();
        let bound = stream[first..first + 12].to_vec();
        let offset = u32::from_le_bytes(bound[4..8].try_into().unwrap()) + 12;
        let mut second = bound.clone();
        second[4..8].copy_from_slice(&offset.to_le_bytes());
        stream[first + 4..first + 8].copy_from_slice(&offset.to_le_bytes());
        stream.splice(first + 12..first + 12, second);
        let err = scan_workbook(&stream, &Limits::default()).unwrap_err();
        assert_eq!(err, corrupt("sheet substreams overlap"));
    }

    #[test]
    fn truncated_and_encrypted_streams() {
        let mut stream = workbook(&[]);
        stream.truncate(stream.len() - 2);
        assert!(scan_workbook(&stream, &Limits::default()).is_err());
        let encrypted = record(FILE_PASS, &[1, 0, 0, 0]);
        let err = scan_workbook(&encrypted, &Limits::default()).unwrap_err();
        assert_eq!(err, ReadError::Encrypted);
    }
}
