//! Hostile spreadsheets: each one is read or refused with a named reason, in one process, with no panic
//! and no abort. Besides the shared corpus's files, the tests build variants that make calamine itself
//! abort on allocation (checked in subprocesses while the guards were written), so the guards must stop
//! them first.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use upplint::read::{Limits, read_path};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// "ok" or the error code.
fn outcome(path: &Path) -> String {
    match read_path(path, &Limits::default()) {
        Ok(_) => "ok".to_string(),
        Err(e) => e.code().to_string(),
    }
}

fn is_hostile_sheet(name: &str) -> bool {
    (name.starts_with("x_") && name.ends_with(".xlsx"))
        || (name.starts_with("ods_") && name.ends_with(".ods"))
        || (name.starts_with("xls_") && name.ends_with(".xls"))
        || name == "far_cell.xlsx"
        || name == "csv_renamed.xlsx"
}

#[test]
fn every_hostile_spreadsheet_is_read_or_refused_by_name() {
    let dir = common::corpus_dir().join("hostile");
    let mut outcomes = BTreeMap::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if is_hostile_sheet(&name) {
            outcomes.insert(name.clone(), outcome(&dir.join(&name)));
        }
    }
    let expected: BTreeMap<String, String> = [
        ("csv_renamed.xlsx", "not-zip"),
        ("far_cell.xlsx", "ok"),
        ("ods_repeat_bomb.ods", "too-many-cells"),
        ("ods_truncated_content.ods", "invalid-xml"),
        ("x_bad_cellref.xlsx", "corrupt"),
        ("x_bad_number.xlsx", "ok"),
        ("x_billion_laughs_sst.xlsx", "dtd"),
        ("x_bomb_1g.xlsx", "part-too-large"),
        ("x_corrupt_deflate.xlsx", "corrupt"),
        ("x_far_Z200000.xlsx", "ok"),
        ("x_missing_sheet.xlsx", "missing-part"),
        ("x_missing_sst.xlsx", "sheet"),
        ("x_missing_styles.xlsx", "ok"),
        ("x_sheet_mismatch.xlsx", "invalid-xml"),
        ("x_sheet_truncated.xlsx", "invalid-xml"),
        ("x_sst_index_oob.xlsx", "sheet"),
        ("x_truncated.xlsx", "corrupt"),
        ("xls_garbled.xls", "corrupt"),
        ("xls_truncated.xls", "corrupt"),
    ]
    .into_iter()
    .map(|(name, code)| (name.to_string(), code.to_string()))
    .collect();
    assert_eq!(outcomes, expected);
}

/// Copies a zip package, passing each entry's bytes through `edit`.
fn rewrite_zip(src: &Path, dst: &Path, edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) {
    let mut archive = ZipArchive::new(fs::File::open(src).unwrap()).unwrap();
    let mut writer = ZipWriter::new(fs::File::create(dst).unwrap());
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(&edit(&name, bytes)).unwrap();
    }
    writer.finish().unwrap();
}

fn replace_in(
    part: &'static str,
    from: &'static str,
    to: String,
) -> impl Fn(&str, Vec<u8>) -> Vec<u8> {
    move |name, bytes| {
        if name != part {
            return bytes;
        }
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains(from), "{part} has no {from}");
        text.replacen(from, &to, 1).into_bytes()
    }
}

/// Text that does not compress much (so the ratio check stays out of the way).
fn letters(len: usize) -> String {
    let mut state: u32 = 0x9E37_79B9;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            char::from(b'a' + (state % 26) as u8)
        })
        .collect()
}

struct Variants {
    dir: tempfile::TempDir,
}

impl Variants {
    fn new() -> Self {
        Variants {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn xlsx(&self, name: &str, edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> PathBuf {
        let path = self.dir.path().join(name);
        rewrite_zip(&common::corpus_file("features/features.xlsx"), &path, edit);
        path
    }

    fn ods(&self, name: &str, edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> PathBuf {
        let path = self.dir.path().join(name);
        rewrite_zip(&common::corpus_file("features/features.ods"), &path, edit);
        path
    }

    fn xls(&self, name: &str, edit: impl Fn(&mut Vec<u8>)) -> PathBuf {
        let mut bytes = fs::read(common::corpus_file("features/features.xls")).unwrap();
        edit(&mut bytes);
        let path = self.dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        path
    }
}

const SHEET1: &str = "xl/worksheets/sheet1.xml";
const ODS_FIRST_ROW: &str =
    r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Postnr"#;

/// Packages whose parts make calamine abort (or nearly so) unless refused first.
#[test]
fn zip_package_bombs_are_refused_before_calamine_sees_them() {
    let v = Variants::new();
    let cases = [
        // calamine reserves Vec<String> capacity for the announced count: aborts.
        (
            v.xlsx(
                "sst_count.xlsx",
                replace_in("xl/sharedStrings.xml", r#"uniqueCount="15""#, r#"uniqueCount="4000000000""#.into()),
            ),
            "too-many-cells",
        ),
        // 32 MiB of whitespace compresses ~1000:1 (above the 16 MiB floor where ratios count).
        (
            v.xlsx("squeezed.xlsx", replace_in(SHEET1, "<sheetData>", format!("<sheetData>{}", " ".repeat(32 << 20)))),
            "too-compressed",
        ),
        (
            v.xlsx(
                "deep.xlsx",
                replace_in(SHEET1, "<sheetData>", format!("<extLst>{}{}</extLst><sheetData>", "<x>".repeat(300), "</x>".repeat(300))),
            ),
            "xml-too-deep",
        ),
        (
            v.xlsx(
                "dtd_workbook.xlsx",
                replace_in("xl/workbook.xml", "?>", r#"?><!DOCTYPE workbook [<!ENTITY x SYSTEM "file:///etc/passwd">]>"#.into()),
            ),
            "dtd",
        ),
        // Two sheets on one part: every pass over it would run once per sheet.
        (
            v.xlsx(
                "shared_part.xlsx",
                replace_in("xl/_rels/workbook.xml.rels", "worksheets/sheet2.xml", "worksheets/sheet1.xml".into()),
            ),
            "corrupt",
        ),
        // A 2 MB shared string used by 200 cells: calamine borrows it, every block would own a copy.
        (
            v.xlsx("shared_string_fanout.xlsx", |name, bytes| {
                let text = String::from_utf8(bytes).unwrap();
                match name {
                    "xl/sharedStrings.xml" => text.replacen("<t>Postnr</t>", &format!("<t>{}</t>", letters(2 << 20)), 1).into_bytes(),
                    SHEET1 => {
                        let rows: String = (20..220).map(|r| format!(r#"<row r="{r}"><c r="B{r}" t="s"><v>0</v></c></row>"#)).collect();
                        text.replacen("</sheetData>", &format!("{rows}</sheetData>"), 1).into_bytes()
                    }
                    _ => text.into_bytes(),
                }
            }),
            "part-too-large",
        ),
        // Repeats that calamine expands into ~6 GB of cells (just under its own cap) and 2 GB of spaces.
        (
            v.ods(
                "ods_numbers.ods",
                replace_in(
                    "content.xml",
                    ODS_FIRST_ROW,
                    format!(
                        r#"<table:table-row table:number-rows-repeated="3000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="2000"/></table:table-row>{ODS_FIRST_ROW}"#
                    ),
                ),
            ),
            "too-many-cells",
        ),
        (
            v.ods(
                "ods_spaces.ods",
                replace_in("content.xml", "<text:p>00123</text:p>", r#"<text:p>00123<text:s text:c="2000000000"/></text:p>"#.into()),
            ),
            "part-too-large",
        ),
    ];
    for (path, code) in cases {
        assert_eq!(outcome(&path), code, "{}", path.display());
    }
}

#[test]
fn variants_that_calamine_reads_are_still_read() {
    let v = Variants::new();
    // calamine's plain formula API resizes a vector to the shared index (aborts); the metadata API does not.
    let shared = v.xlsx(
        "shared_si.xlsx",
        replace_in(
            SHEET1,
            "<f>C2*D2</f>",
            r#"<f t="shared" si="3000000000" ref="E2:E2">C2*D2</f>"#.into(),
        ),
    );
    let doc = read_path(&shared, &Limits::default()).unwrap();
    let e2 = doc
        .blocks
        .iter()
        .find(|b| b.location.cell.as_deref() == Some("E2"))
        .unwrap();
    assert_eq!(e2.cell.as_ref().unwrap().formula.as_deref(), Some("C2*D2"));
}

/// Offset of the first BIFF record with this type and length in the file.
fn find_record(bytes: &[u8], kind: u16, len: u16, row: Option<u16>) -> usize {
    let mut head = kind.to_le_bytes().to_vec();
    head.extend(len.to_le_bytes());
    if let Some(row) = row {
        head.extend(row.to_le_bytes());
    }
    bytes
        .windows(head.len())
        .position(|w| w == head.as_slice())
        .expect("record present")
}

fn put_u16(bytes: &mut [u8], at: usize, value: u16) {
    bytes[at..at + 2].copy_from_slice(&value.to_le_bytes());
}

fn put_u32(bytes: &mut [u8], at: usize, value: u32) {
    bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

/// .xls files that make calamine abort: a grid from A1 to a far cell, huge or inverted DIMENSIONS, and a
/// directory sector chain that points at itself.
#[test]
fn xls_bombs_are_refused_before_calamine_sees_them() {
    let v = Variants::new();
    const LABEL_SST: u16 = 0x00FD;
    const DIMENSIONS: u16 = 0x0200;
    let far = |col: u16| {
        move |bytes: &mut Vec<u8>| {
            // The MERGED label at A10 moves to row 65536.
            let at = find_record(bytes, LABEL_SST, 10, Some(9));
            put_u16(bytes, at + 4, 65535);
            put_u16(bytes, at + 6, col);
        }
    };
    let dimensions = |first_row: u32, row_end: u32| {
        move |bytes: &mut Vec<u8>| {
            let at = find_record(bytes, DIMENSIONS, 14, None);
            put_u32(bytes, at + 4, first_row);
            put_u32(bytes, at + 8, row_end);
        }
    };
    let directory_loop = |bytes: &mut Vec<u8>| {
        let dir_start = u32::from_le_bytes(bytes[48..52].try_into().unwrap());
        let fat_sector = u32::from_le_bytes(bytes[76..80].try_into().unwrap());
        let entry = 512 + fat_sector as usize * 512 + 4 * dir_start as usize;
        put_u32(bytes, entry, dir_start);
    };
    let cases = [
        (v.xls("far_255.xls", far(255)), "too-many-cells"),
        (v.xls("far_65535.xls", far(65535)), "too-many-cells"),
        (
            v.xls("dims_big.xls", dimensions(0, 0x1000_0000)),
            "too-many-cells",
        ),
        (v.xls("dims_inverted.xls", dimensions(5, 2)), "corrupt"),
        (v.xls("dir_loop.xls", directory_loop), "corrupt"),
    ];
    for (path, code) in cases {
        assert_eq!(outcome(&path), code, "{}", path.display());
    }
}
