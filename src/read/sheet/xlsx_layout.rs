//! What calamine's xlsx cell reader does not tell: where each sheet's part is, and which rows and columns
//! are hidden (`<row hidden="1">`, `<col min max hidden="1">`), found in one streaming pass per sheet.

use super::lines::{HiddenLines, HiddenLinesCollector};
use super::package::Package;
use super::xlsx::{MAX_COLS, MAX_ROWS};
use super::xml::{XmlWalk, attr, attr_is_true, attr_text, attr_u64};
use crate::read::opc::resolve_in_folder;
use crate::read::{Limits, ReadError};
use quick_xml::events::Event;
use std::collections::HashMap;
use std::io::Read;

const DEFAULT_WORKBOOK: &str = "xl/workbook.xml";

/// Sheet name → part name (`Priser` → `xl/worksheets/sheet1.xml`). Missing or unreadable workbook parts
/// give an empty map: calamine reports those, and hidden rows are only a refinement.
pub(super) fn sheet_parts(
    package: &mut Package,
    limits: &Limits,
) -> Result<HashMap<String, String>, ReadError> {
    let workbook = main_part(package, limits)?.unwrap_or_else(|| DEFAULT_WORKBOOK.to_string());
    let (dir, file) = workbook.rsplit_once('/').unwrap_or(("", workbook.as_str()));
    let rels_name = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let targets = relationship_targets(package, &rels_name, dir, limits)?;
    let sheets = sheet_ids(package, &workbook, limits)?;
    let mut parts = HashMap::new();
    let mut owners: HashMap<String, String> = HashMap::new();
    for (name, id) in sheets {
        let Some(target) = targets.get(&id) else {
            continue;
        };
        // Sheets sharing one part would make every pass over it run once per sheet.
        if let Some(owner) = owners.insert(target.to_ascii_lowercase(), name.clone()) {
            return Err(ReadError::Corrupt(format!(
                "sheets '{owner}' and '{name}' share the part '{target}'"
            )));
        }
        parts.insert(name, target.clone());
    }
    Ok(parts)
}

/// The workbook part named by the package relationships (`officeDocument`), if any.
fn main_part(package: &mut Package, limits: &Limits) -> Result<Option<String>, ReadError> {
    let Some(source) = package.part_reader("_rels/.rels")? else {
        return Ok(None);
    };
    let mut walk = XmlWalk::new(source, "_rels/.rels", limits.max_xml_depth);
    let mut buf = Vec::new();
    loop {
        match walk.next(&mut buf)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let kind = attr_text(&e, "Type").unwrap_or_default();
                if kind.ends_with("/officeDocument") {
                    return Ok(attr_text(&e, "Target").and_then(|t| resolve_in_folder("", &t)));
                }
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// Relationship id → resolved part name, for the relationships part `rels_name` of a part in `dir`.
fn relationship_targets(
    package: &mut Package,
    rels_name: &str,
    dir: &str,
    limits: &Limits,
) -> Result<HashMap<String, String>, ReadError> {
    let mut targets = HashMap::new();
    let Some(source) = package.part_reader(rels_name)? else {
        return Ok(targets);
    };
    let mut walk = XmlWalk::new(source, rels_name, limits.max_xml_depth);
    let mut buf = Vec::new();
    loop {
        match walk.next(&mut buf)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (
                    attr_text(&e, "Id"),
                    attr_text(&e, "Target").and_then(|t| resolve_in_folder(dir, &t)),
                ) {
                    targets.insert(id, target);
                }
            }
            Event::Eof => return Ok(targets),
            _ => {}
        }
    }
}

/// `(sheet name, relationship id)` for each `<sheet>` of the workbook part.
fn sheet_ids(
    package: &mut Package,
    workbook: &str,
    limits: &Limits,
) -> Result<Vec<(String, String)>, ReadError> {
    let mut sheets = Vec::new();
    let Some(source) = package.part_reader(workbook)? else {
        return Ok(sheets);
    };
    let mut walk = XmlWalk::new(source, workbook, limits.max_xml_depth);
    let mut buf = Vec::new();
    loop {
        match walk.next(&mut buf)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                if let (Some(name), Some(id)) = (attr_text(&e, "name"), attr_text(&e, "id")) {
                    sheets.push((name, id));
                }
            }
            Event::Eof => return Ok(sheets),
            _ => {}
        }
    }
}

/// What the pass over a worksheet part found before calamine reads its cells.
#[derive(Debug, Default)]
pub(super) struct SheetScan {
    pub lines: HiddenLines,
    /// `<c>` elements with content (not `<c …/>`): at least as many as the cells that will be kept, so
    /// the sheet's blocks can be allocated once.
    pub filled_cells: u64,
}

/// One streaming pass over a worksheet part, up to the end of `<sheetData>`: collects hidden rows and
/// columns (columns come before the data, rows inside it), counts the cells with content, and refuses
/// cell and row references outside Excel's grid before calamine parses them (its reference parser
/// overflows on absurd ones).
pub(super) fn scan_sheet(
    package: &mut Package,
    part: &str,
    limits: &Limits,
) -> Result<SheetScan, ReadError> {
    let mut lines = HiddenLinesCollector::default();
    let mut filled_cells: u64 = 0;
    let Some(mut source) = package.part_reader(part)? else {
        return Ok(SheetScan::default());
    };
    // Inflated whole (within the part-size limit) so that events borrow from it: a sheet is mostly
    // `<c>` elements, and copying each into a buffer doubled the cost of this pass.
    let mut xml = Vec::new();
    source
        .read_to_end(&mut xml)
        .map_err(|e| ReadError::Corrupt(format!("cannot inflate '{part}': {e}")))?;
    let mut walk = XmlWalk::new(xml.as_slice(), part, limits.max_xml_depth);
    // 0-based index the next `<row>` without an `r` attribute gets.
    let mut next_row: u32 = 0;
    loop {
        match walk.next_borrowed()? {
            Event::Start(e) if e.local_name().as_ref() == "c" => {
                check_cell_ref(attr(&e, "r").as_deref(), part)?;
                filled_cells += 1;
            }
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "c" => check_cell_ref(attr(&e, "r").as_deref(), part)?,
                "row" => {
                    let row = row_index(attr(&e, "r").as_deref(), part)?.unwrap_or(next_row);
                    next_row = row.saturating_add(1);
                    if attr_is_true(&e, "hidden") {
                        lines.hide_rows(row, 1);
                    }
                }
                "col" if attr_is_true(&e, "hidden") => {
                    hide_col_span(&mut lines, attr_u64(&e, "min"), attr_u64(&e, "max"));
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "sheetData" => break,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(SheetScan {
        lines: lines.finish(),
        filled_cells,
    })
}

/// The 0-based row of a `<row r="…">`, None without `r`, an error outside the grid.
fn row_index(r: Option<&str>, part: &str) -> Result<Option<u32>, ReadError> {
    let Some(r) = r else {
        return Ok(None);
    };
    match r.trim().parse::<u32>() {
        Ok(row @ 1..=MAX_ROWS) => Ok(Some(row - 1)),
        _ => Err(bad_reference(r, part)),
    }
}

fn check_cell_ref(r: Option<&str>, part: &str) -> Result<(), ReadError> {
    match r {
        Some(r) if parse_cell_ref(r).is_none() => Err(bad_reference(r, part)),
        _ => Ok(()),
    }
}

/// `B12` → 0-based (row, col) when inside A1:XFD1048576 (letters in either case, as calamine reads them).
fn parse_cell_ref(r: &str) -> Option<(u32, u32)> {
    let digits_at = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(digits_at);
    if letters.is_empty() || letters.len() > 3 || digits.len() > 7 {
        return None;
    }
    let mut col: u32 = 0;
    for c in letters.chars() {
        if !c.is_ascii_alphabetic() {
            return None;
        }
        col = col * 26 + u32::from(c.to_ascii_uppercase() as u8 - b'A') + 1;
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let row: u32 = digits.parse().ok()?;
    ((1..=MAX_ROWS).contains(&row) && (1..=MAX_COLS).contains(&col)).then(|| (row - 1, col - 1))
}

fn bad_reference(r: &str, part: &str) -> ReadError {
    let shown: String = r.chars().take(24).collect();
    ReadError::Corrupt(format!(
        "{part}: reference '{shown}' is outside the sheet (A1:XFD1048576)"
    ))
}

/// `<col min="6" max="8">` is 1-based and inclusive.
fn hide_col_span(lines: &mut HiddenLinesCollector, min: Option<u64>, max: Option<u64>) {
    let Some(first) = min.and_then(|m| m.checked_sub(1)) else {
        return;
    };
    let last = max.and_then(|m| m.checked_sub(1)).unwrap_or(first);
    let count = last.checked_add(1).and_then(|end| end.checked_sub(first));
    if let (Ok(first), Some(count)) = (u32::try_from(first), count) {
        lines.hide_cols(first, count);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_must_lie_in_the_grid() {
        assert_eq!(parse_cell_ref("A1"), Some((0, 0)));
        assert_eq!(parse_cell_ref("xfd1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_cell_ref("XFE1"), None);
        assert_eq!(parse_cell_ref("A1048577"), None);
        assert_eq!(parse_cell_ref("ZZZZZ99999999"), None);
        assert_eq!(parse_cell_ref("A0"), None);
        assert_eq!(parse_cell_ref("1A"), None);
        assert_eq!(parse_cell_ref("A1B"), None);
        assert_eq!(row_index(Some("7"), "p").unwrap(), Some(6));
        assert_eq!(row_index(None, "p").unwrap(), None);
        assert!(row_index(Some("0"), "p").is_err());
        assert!(row_index(Some("99999999999"), "p").is_err());
    }

    #[test]
    fn column_spans_are_one_based_and_inclusive() {
        let mut lines = HiddenLinesCollector::default();
        hide_col_span(&mut lines, Some(6), Some(8));
        hide_col_span(&mut lines, Some(0), Some(3));
        hide_col_span(&mut lines, Some(10), Some(9));
        let hidden = lines.finish();
        assert!(!hidden.cols.contains(4));
        assert!(hidden.cols.contains(5) && hidden.cols.contains(7));
        assert!(!hidden.cols.contains(8) && !hidden.cols.contains(9));
    }
}
