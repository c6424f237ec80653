//! The spreadsheet reader on the feature workbooks of the shared corpus (generator: features/sheets.py):
//! every marker cell at its sheet and A1 reference, typed values, formulas, headers and hidden flags.

mod common;

use upplint::model::{Block, CellInfo, CellValue, DocKind, Document};
use upplint::read::{Limits, read_path};

fn read(relative: &str) -> Document {
    let path = common::corpus_file(relative);
    read_path(&path, &Limits::default()).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The one block at `sheet!a1` (panics when there is none or more than one).
fn block<'d>(doc: &'d Document, sheet: &str, a1: &str) -> &'d Block {
    let found: Vec<&Block> = doc
        .blocks
        .iter()
        .filter(|b| {
            b.location.sheet.as_deref() == Some(sheet) && b.location.cell.as_deref() == Some(a1)
        })
        .collect();
    assert_eq!(found.len(), 1, "{sheet}!{a1} in {}", doc.path);
    found[0]
}

fn cell<'d>(doc: &'d Document, sheet: &str, a1: &str) -> &'d CellInfo {
    block(doc, sheet, a1)
        .cell
        .as_ref()
        .expect("sheet blocks carry cell info")
}

fn text(s: &str) -> CellValue {
    CellValue::Text(s.to_string())
}

fn sheets(doc: &Document) -> Vec<(&str, bool)> {
    doc.sheets
        .iter()
        .map(|s| (s.name.as_str(), s.hidden))
        .collect()
}

/// Blocks come sheet by sheet, row-major within a sheet.
fn assert_row_major(doc: &Document) {
    let order: Vec<(usize, u32, u32)> = doc
        .blocks
        .iter()
        .map(|b| {
            let sheet = b.location.sheet.as_deref().unwrap();
            let index = doc.sheets.iter().position(|s| s.name == sheet).unwrap();
            let c = b.cell.as_ref().unwrap();
            (index, c.row, c.col)
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "{}", doc.path);
}

#[test]
fn xlsx_written_by_excel() {
    let doc = read("features/features.xlsx");
    assert_eq!(doc.kind, DocKind::Sheet);
    assert_eq!(
        sheets(&doc),
        [
            ("Priser", false),
            ("Skjult", true),
            ("VeldigSkjult", true),
            ("Tom", false)
        ]
    );
    assert_eq!(doc.blocks.len(), 25);
    assert_row_major(&doc);

    for (a1, header) in [
        ("A1", "Postnr"),
        ("B1", "Beskrivelse"),
        ("C1", "Antall"),
        ("D1", "Enhetspris"),
        ("E1", "Sum"),
    ] {
        let c = cell(&doc, "Priser", a1);
        assert!(c.is_header, "{a1}");
        assert_eq!(c.header, None);
        assert_eq!(block(&doc, "Priser", a1).text, header);
    }

    let b2 = block(&doc, "Priser", "B2");
    assert_eq!(b2.text, "Leverandør ÆØÅ\nlinje 2");
    assert_eq!(b2.location.describe(), "Priser!B2");
    assert_eq!(
        cell(&doc, "Priser", "B2").header.as_deref(),
        Some("Beskrivelse")
    );

    let c2 = cell(&doc, "Priser", "C2");
    assert_eq!((c2.row, c2.col), (1, 2));
    assert_eq!(c2.value, CellValue::Number(10.0));
    assert_eq!(block(&doc, "Priser", "C2").text, "10");
    assert_eq!(c2.header.as_deref(), Some("Antall"));
    assert_eq!(cell(&doc, "Priser", "D2").value, CellValue::Number(19.95));

    let e2 = cell(&doc, "Priser", "E2");
    assert_eq!(e2.value, CellValue::Number(199.5));
    assert_eq!(e2.formula.as_deref(), Some("C2*D2"));
    assert_eq!(e2.header.as_deref(), Some("Sum"));
    assert_eq!(cell(&doc, "Priser", "E3").formula.as_deref(), Some("C3*D3"));
    let e4 = cell(&doc, "Priser", "E4");
    assert_eq!(e4.value, CellValue::Error("#DIV/0!".into()));
    assert_eq!(e4.formula.as_deref(), Some("1/0"));
    let e6 = cell(&doc, "Priser", "E6");
    assert_eq!(e6.value, text("00123x"));
    assert_eq!(e6.formula.as_deref(), Some("CONCATENATE(A2,\"x\")"));

    let f2 = cell(&doc, "Priser", "F2");
    assert_eq!(f2.value, text("HIDDEN_COL_F"));
    assert!(f2.hidden_col && !f2.hidden_row);
    assert_eq!(f2.header, None, "column F has no header cell");
    assert_eq!(cell(&doc, "Priser", "G2").value, text("Ja"));

    assert_eq!(cell(&doc, "Priser", "A5").value, CellValue::Bool(true));
    assert_eq!(block(&doc, "Priser", "A5").text, "TRUE");
    assert_eq!(
        cell(&doc, "Priser", "B5").value,
        CellValue::Date("2024-12-31".into())
    );
    assert_eq!(cell(&doc, "Priser", "C5").value, CellValue::Number(0.25));
    assert_eq!(block(&doc, "Priser", "D5").text, "1234567890123");

    let a7 = cell(&doc, "Priser", "A7");
    assert_eq!(a7.value, text("HIDDEN_ROW_7"));
    assert!(a7.hidden_row && !a7.hidden_col);
    assert_eq!(a7.header.as_deref(), Some("Postnr"));
    assert_eq!(cell(&doc, "Priser", "A10").value, text("MERGED_A10_C10"));
    assert_eq!(cell(&doc, "Priser", "A12").value, text("LINK_A12"));
    assert_eq!(cell(&doc, "Priser", "A13").value, text("RICH_STRING"));
    assert!(!cell(&doc, "Priser", "A13").hidden_sheet);

    for (sheet, marker) in [
        ("Skjult", "IN_HIDDEN_SHEET"),
        ("VeldigSkjult", "IN_VERY_HIDDEN"),
    ] {
        let c = cell(&doc, sheet, "A1");
        assert_eq!(c.value, text(marker));
        assert!(c.hidden_sheet && c.is_header);
    }
    assert!(
        !doc.blocks
            .iter()
            .any(|b| b.location.sheet.as_deref() == Some("Tom"))
    );
    assert_eq!(
        doc.properties.created.as_deref(),
        Some("2026-11-21T19:46:33Z")
    );
    assert_eq!(
        doc.properties.author, None,
        "an empty dc:creator is no author"
    );
}

#[test]
fn xlsx_written_by_openpyxl() {
    let doc = read("features/features_openpyxl.xlsx");
    assert_eq!(sheets(&doc), [("Priser", false), ("Skjult", true)]);
    assert_eq!(doc.blocks.len(), 17);
    assert_row_major(&doc);
    assert_eq!(doc.properties.author.as_deref(), Some("openpyxl"));

    // A formula without a cached value: kept, with empty text.
    let e2 = block(&doc, "Priser", "E2");
    assert_eq!(e2.text, "");
    let info = e2.cell.as_ref().unwrap();
    assert_eq!(info.value, CellValue::Empty);
    assert_eq!(info.formula.as_deref(), Some("C2*D2"));

    assert_eq!(cell(&doc, "Priser", "A2").value, text("00123"));
    assert_eq!(cell(&doc, "Priser", "B2").value, text("Leverandør ÆØÅ"));
    assert_eq!(
        cell(&doc, "Priser", "B3").value,
        CellValue::Date("2024-12-31".into())
    );
    assert_eq!(
        cell(&doc, "Priser", "C3").value,
        CellValue::Date("13:30:00".into())
    );
    let d3 = block(&doc, "Priser", "D3");
    assert_eq!(d3.cell.as_ref().unwrap().value, CellValue::Duration(1.5));
    assert_eq!(d3.text, "36:00:00");
    assert_eq!(cell(&doc, "Priser", "A4").value, text("INLINE?"));
    let a7 = cell(&doc, "Priser", "A7");
    assert_eq!(a7.value, text("HIDDEN_ROW"));
    assert!(a7.hidden_row);
    assert!(!cell(&doc, "Priser", "A10").hidden_row);
    assert_eq!(cell(&doc, "Priser", "A10").value, text("MERGED"));
    let hidden = cell(&doc, "Skjult", "A1");
    assert_eq!(hidden.value, text("HIDDEN_SHEET"));
    assert!(hidden.hidden_sheet);
}

#[test]
fn xls_written_by_xlwt() {
    let doc = read("features/features.xls");
    assert_eq!(sheets(&doc), [("Priser", false), ("Skjult", true)]);
    assert_row_major(&doc);
    assert_eq!(doc.blocks.len(), 11, "one block per cell");

    assert!(cell(&doc, "Priser", "A1").is_header);
    assert_eq!(cell(&doc, "Priser", "A2").value, text("00123"));
    assert_eq!(cell(&doc, "Priser", "A2").header.as_deref(), Some("Postnr"));
    assert_eq!(cell(&doc, "Priser", "B2").value, text("Leverandør ÆØÅ"));
    assert_eq!(
        cell(&doc, "Priser", "B2").header,
        None,
        "the header row has only A1"
    );
    assert_eq!(cell(&doc, "Priser", "C2").value, CellValue::Number(10.0));
    assert_eq!(cell(&doc, "Priser", "D2").value, CellValue::Number(19.95));
    assert_eq!(cell(&doc, "Priser", "E2").formula.as_deref(), Some("C2*D2"));
    assert_eq!(
        cell(&doc, "Priser", "B3").value,
        CellValue::Date("2024-12-31".into())
    );
    assert_eq!(cell(&doc, "Priser", "A4").value, CellValue::Bool(true));
    let a7 = cell(&doc, "Priser", "A7");
    assert_eq!(a7.value, text("HIDDEN_ROW"));
    assert!(a7.hidden_row);
    assert_eq!(cell(&doc, "Priser", "A10").value, text("MERGED"));
    let hidden = cell(&doc, "Skjult", "A1");
    assert_eq!(hidden.value, text("HIDDEN_SHEET"));
    assert!(hidden.hidden_sheet);
}

#[test]
fn ods_written_by_odfpy() {
    let doc = read("features/features.ods");
    assert_eq!(sheets(&doc), [("Priser", false), ("Skjult", true)]);
    assert_eq!(doc.blocks.len(), 11);
    assert_row_major(&doc);

    assert!(cell(&doc, "Priser", "A1").is_header && cell(&doc, "Priser", "B1").is_header);
    assert_eq!(cell(&doc, "Priser", "A2").value, text("00123"));
    let b2 = cell(&doc, "Priser", "B2");
    assert_eq!(b2.value, CellValue::Number(199.5));
    assert_eq!(b2.formula.as_deref(), Some("[.C2]*[.D2]"));
    assert_eq!(b2.header.as_deref(), Some("Sum"));
    assert_eq!(block(&doc, "Priser", "B2").text, "199.5");
    assert_eq!(
        cell(&doc, "Priser", "A3").value,
        CellValue::Date("2024-12-31".into())
    );
    assert_eq!(cell(&doc, "Priser", "B3").value, CellValue::Bool(true));
    assert_eq!(cell(&doc, "Priser", "A4").value, text("MERGED"));
    for a1 in ["A5", "B5", "C5"] {
        assert_eq!(cell(&doc, "Priser", a1).value, text("REPEATED"), "{a1}");
    }
    assert_eq!(cell(&doc, "Priser", "C5").header, None);
    let hidden = cell(&doc, "Skjult", "A1");
    assert_eq!(hidden.value, text("HIDDEN_SHEET"));
    assert!(hidden.hidden_sheet);
}

#[test]
fn far_cells_cost_nothing() {
    let doc = read("hostile/far_cell.xlsx");
    assert_eq!(doc.blocks.len(), 2);
    let last = cell(&doc, "Sheet1", "XFD1048576");
    assert_eq!((last.row, last.col), (1_048_575, 16_383));
    assert_eq!(last.value, text("LAST_CELL_XFD1048576"));
    assert_eq!(last.header, None, "column XFD has no header cell");

    let doc = read("hostile/x_far_Z200000.xlsx");
    assert_eq!(
        cell(&doc, "Priser", "Z200000").value,
        CellValue::Number(1.0)
    );
}
