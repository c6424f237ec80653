//! What calamine's xlsx cell reader does not tell: where each sheet's part is, and which rows and columns
//! are hidden (`<row hidden="1">`, `<col min max hidden="1">`), found in one streaming pass per sheet.

use super::lines::{HiddenLines, HiddenLinesCollector};
use super::package::Package;
use super::tags::{self, Declined, Tag, TagScanner};
use super::xlsx::{MAX_COLS, MAX_ROWS};
use super::xml::{XmlWalk, attr, attr_text};
use crate::read::opc::resolve_in_folder;
use crate::read::{Limits, ReadError};
use quick_xml::events::Event;
use std::borrow::Cow;
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

/// One pass over a worksheet part, up to the end of `<sheetData>`: collects hidden rows and columns
/// (columns come before the data, rows inside it), counts the cells with content, and refuses cell and
/// row references outside Excel's grid before calamine parses them (its reference parser overflows on
/// absurd ones). Plain markup goes through the fast tag scanner (`tags`); anything it declines, through
/// quick-xml, which reports what is wrong with it.
pub(super) fn scan_sheet(
    package: &mut Package,
    part: &str,
    limits: &Limits,
) -> Result<SheetScan, ReadError> {
    let Some(mut source) = package.part_reader(part)? else {
        return Ok(SheetScan::default());
    };
    // Inflated whole (within the part-size limit) so that tags borrow from it.
    let mut xml = Vec::new();
    source
        .read_to_end(&mut xml)
        .map_err(|e| ReadError::Corrupt(format!("cannot inflate '{part}': {e}")))?;
    match scan_tags(&xml, part, limits) {
        Ok(scan) => scan,
        Err(Declined) => scan_events(&xml, part, limits),
    }
}

/// What the layout pass collects, fed one element at a time by either scanner.
#[derive(Default)]
struct Layout {
    lines: HiddenLinesCollector,
    filled_cells: u64,
    /// 0-based index the next `<row>` without an `r` attribute gets.
    next_row: u32,
}

impl Layout {
    /// A start tag (`has_content`: not `<… />`) with local name `local`; `attr` gives an attribute's
    /// raw value by local name.
    fn element<'v>(
        &mut self,
        local: &[u8],
        has_content: bool,
        attr: impl Fn(&str) -> Option<Cow<'v, str>>,
        part: &str,
    ) -> Result<(), ReadError> {
        match local {
            b"c" => {
                check_cell_ref(attr("r").as_deref(), part)?;
                if has_content {
                    self.filled_cells += 1;
                }
            }
            b"row" => {
                let row = row_index(attr("r").as_deref(), part)?.unwrap_or(self.next_row);
                self.next_row = row.saturating_add(1);
                if is_true(attr("hidden").as_deref()) {
                    self.lines.hide_rows(row, 1);
                }
            }
            b"col" if is_true(attr("hidden").as_deref()) => {
                hide_col_span(
                    &mut self.lines,
                    parse_u64(attr("min").as_deref()),
                    parse_u64(attr("max").as_deref()),
                );
            }
            _ => {}
        }
        Ok(())
    }

    fn finish(self) -> SheetScan {
        SheetScan {
            lines: self.lines.finish(),
            filled_cells: self.filled_cells,
        }
    }
}

/// The attributes `Layout::element` reads.
const LAYOUT_ATTRS: [&str; 4] = ["r", "hidden", "min", "max"];

/// The layout pass over the fast tag scanner; Declined as soon as it meets markup it does not take
/// (an attribute of a `c`, `row` or `col` tag included).
fn scan_tags(
    xml: &[u8],
    part: &str,
    limits: &Limits,
) -> Result<Result<SheetScan, ReadError>, Declined> {
    let mut scanner = TagScanner::new(xml, limits.max_xml_depth)?;
    let mut layout = Layout::default();
    while let Some(tag) = scanner.next_tag()? {
        match tag {
            Tag::Start { name, attrs, empty } => {
                let local = tags::local_name(name);
                if !matches!(local, b"c" | b"row" | b"col") {
                    continue;
                }
                // All of the element's attributes are read, so a malformed one declines here.
                let values = tags::attrs(attrs, LAYOUT_ATTRS.map(str::as_bytes))?;
                let attr = |name: &str| {
                    let index = LAYOUT_ATTRS.iter().position(|n| *n == name)?;
                    values.get(index).copied().flatten().map(Cow::Borrowed)
                };
                if let Err(error) = layout.element(local, !empty, attr, part) {
                    return Ok(Err(error));
                }
            }
            Tag::End { name } if tags::local_name(name) == b"sheetData" => break,
            Tag::End { .. } => {}
        }
    }
    Ok(Ok(layout.finish()))
}

/// The layout pass over quick-xml events.
fn scan_events(xml: &[u8], part: &str, limits: &Limits) -> Result<SheetScan, ReadError> {
    let mut walk = XmlWalk::new(xml, part, limits.max_xml_depth);
    let mut layout = Layout::default();
    loop {
        match walk.next_borrowed()? {
            Event::Start(e) => {
                layout.element(
                    e.local_name().as_ref().as_bytes(),
                    true,
                    |n| attr(&e, n),
                    part,
                )?;
            }
            Event::Empty(e) => {
                layout.element(
                    e.local_name().as_ref().as_bytes(),
                    false,
                    |n| attr(&e, n),
                    part,
                )?;
            }
            Event::End(e) if e.local_name().as_ref() == "sheetData" => break,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(layout.finish())
}

/// An XML Schema boolean (`1`/`true`).
fn is_true(value: Option<&str>) -> bool {
    value.is_some_and(|v| matches!(v.trim(), "1" | "true"))
}

fn parse_u64(value: Option<&str>) -> Option<u64> {
    value?.trim().parse().ok()
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

/// The fast tag scanner against quick-xml: wherever the fast pass does not decline, both passes give
/// the same layout or the same error.
#[cfg(test)]
mod agreement {
    use super::*;
    use proptest::prelude::*;
    use std::path::{Path, PathBuf};

    /// Whether both passes agree on `xml`; Some(declined) when they do.
    fn agree(xml: &[u8]) -> Result<bool, String> {
        let limits = Limits {
            max_xml_depth: 12,
            ..Limits::default()
        };
        let full = scan_events(xml, "p.xml", &limits);
        let fast = match scan_tags(xml, "p.xml", &limits) {
            Err(Declined) => return Ok(true),
            Ok(fast) => fast,
        };
        match (&fast, &full) {
            (Ok(a), Ok(b)) if a.lines == b.lines && a.filled_cells == b.filled_cells => Ok(false),
            (Err(a), Err(b)) if a.code() == b.code() && a.to_string() == b.to_string() => Ok(false),
            _ => Err(format!("fast {fast:?} vs full {full:?}")),
        }
    }

    fn corpus_dir() -> Option<PathBuf> {
        let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        ["../shared/corpus", "../../shared/corpus"]
            .iter()
            .map(|d| crate_dir.join(d))
            .find(|d| d.is_dir())
    }

    fn workbooks(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut pending = vec![dir.to_path_buf()];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|e| {
                    e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm")
                }) {
                    out.push(path);
                }
            }
        }
    }

    fn worksheet_parts(path: &Path) -> Vec<(String, Vec<u8>)> {
        let Ok(file) = std::fs::File::open(path) else {
            return Vec::new();
        };
        let Ok(mut zip) = zip::ZipArchive::new(file) else {
            return Vec::new();
        };
        let mut parts = Vec::new();
        for index in 0..zip.len() {
            let Ok(entry) = zip.by_index(index) else {
                continue;
            };
            let Ok(name) = entry.name().map(|n| n.to_string()) else {
                continue;
            };
            if !name.contains("worksheets/") || !name.ends_with(".xml") {
                continue;
            }
            let mut xml = Vec::new();
            if entry.take(64 << 20).read_to_end(&mut xml).is_ok() {
                parts.push((name, xml));
            }
        }
        parts
    }

    #[test]
    fn both_passes_agree_on_every_corpus_worksheet() {
        let Some(corpus) = corpus_dir() else {
            panic!("shared test corpus not found");
        };
        let mut books = Vec::new();
        workbooks(&corpus, &mut books);
        let (mut parts, mut declined) = (0, 0);
        for book in &books {
            for (name, xml) in worksheet_parts(book) {
                parts += 1;
                match agree(&xml) {
                    Ok(true) => declined += 1,
                    Ok(false) => {}
                    Err(difference) => panic!("{} {name}: {difference}", book.display()),
                }
            }
        }
        assert!(parts > 1000, "{parts} worksheet parts");
        // Real worksheets are plain markup: the fast pass takes nearly all of them (2,122 of 2,125).
        assert!(declined * 20 < parts, "{declined} of {parts} declined");
    }

    const SHEET: &str = "<?xml version=\"1.0\"?><worksheet xmlns:x=\"urn:x\"><cols><col min=\"2\" \
                         max=\"3\" hidden=\"1\"/></cols><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\">\
                         <v>0</v></c><c r=\"B1\"/></row><row r=\"4\" hidden=\"true\"><x:c x:r=\"C4\">\
                         <f>A1&amp;B1</f><v>1</v></x:c></row></sheetData><c r=\"XFE1\"/></worksheet>";

    #[test]
    fn the_sample_is_taken_by_the_fast_pass() {
        assert_eq!(agree(SHEET.as_bytes()), Ok(false));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Markup-shaped edits anywhere in a worksheet: the passes never disagree.
        #[test]
        fn edited_worksheets_agree(
            edits in proptest::collection::vec(
                (0usize..400, prop::sample::select(vec![
                    "<", ">", "/", "\"", "'", "&", ";", "=", " ", "<!--", "-->", "<![CDATA[", "]]>",
                    "<?x?>", "<!DOCTYPE a>", "</c>", "<c r=\"XFE9\">", "<row r=\"0\">", "<c>", "<v>",
                    "</row>", "<row hidden=\"1\"/>", "x:", "\u{e5}", "\u{ff}", "r=\"A1\"",
                ]), any::<bool>()),
                1..4,
            )
        ) {
            let mut xml = SHEET.as_bytes().to_vec();
            for (at, text, replace) in edits {
                let at = at.min(xml.len());
                let bytes: Vec<u8> = if text == "\u{ff}" { vec![0xff] } else { text.as_bytes().to_vec() };
                if replace && at < xml.len() {
                    xml.remove(at);
                }
                xml.splice(at..at, bytes);
            }
            prop_assert!(agree(&xml).is_ok(), "{:?}: {:?}", String::from_utf8_lossy(&xml), agree(&xml));
        }
    }
}
