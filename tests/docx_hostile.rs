//! Malformed and hostile Word files: each one reads, or is refused with the named reason expected
//! of it, without panicking (bombs are refused before inflating, DTDs before any entity is seen).

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;
use upplint::model::{Document, Part};
use upplint::read::{Limits, read_path};

/// The reason code each hostile file must be refused with; files not listed must read.
const REFUSED: [(&str, &str); 18] = [
    ("bomb_1g.docx", "part-too-large"),
    ("lying_size_4g.docx", "part-too-large"),
    ("lying_size_small.docx", "corrupt"),
    ("billion_laughs.docx", "dtd"),
    ("xxe.docx", "dtd"),
    ("nested_tables_100000.docx", "xml-too-deep"),
    ("nested_tables_1000.docx", "xml-too-deep"),
    ("not_zip.docx", "legacy-binary"),
    ("empty.docx", "not-zip"),
    ("truncated_60pct.docx", "corrupt"),
    ("truncated_tail100.docx", "corrupt"),
    ("corrupt_deflate.docx", "corrupt"),
    ("bad_crc.docx", "corrupt"),
    ("invalid_xml_ampersand.docx", "invalid-xml"),
    ("invalid_xml_mismatch.docx", "invalid-xml"),
    ("invalid_xml_truncated.docx", "invalid-xml"),
    ("invalid_utf8.docx", "invalid-xml"),
    ("missing_document.docx", "missing-part"),
];

fn texts_contain(doc: &Document, needle: &str) -> bool {
    doc.blocks.iter().any(|b| b.text.contains(needle))
}

#[test]
fn every_hostile_word_file_reads_or_fails_by_name() {
    let dir = common::corpus_file("hostile");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    files.sort();
    assert!(files.len() >= 25, "hostile corpus incomplete: {files:?}");
    let limits = Limits::default();
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| read_path(path, &limits)));
        let expected = REFUSED.iter().find(|(n, _)| *n == name).map(|(_, c)| *c);
        let verdict = match (&outcome, expected) {
            (Err(_), _) => "PANIC".to_string(),
            (Ok(Ok(doc)), None) => check_readable(&name, doc),
            (Ok(Ok(_)), Some(code)) => format!("read, but should be refused as {code}"),
            (Ok(Err(e)), Some(code)) if e.code() == code => "ok".to_string(),
            (Ok(Err(e)), _) => format!("refused as {} ({e}), expected {expected:?}", e.code()),
        };
        let outcome_text = match &outcome {
            Ok(Ok(doc)) => format!("read, {} blocks", doc.blocks.len()),
            Ok(Err(e)) => format!("{}: {e}", e.code()),
            Err(_) => "panic".to_string(),
        };
        eprintln!("{name:32} {:>8.1?}  {outcome_text}", started.elapsed());
        if verdict != "ok" {
            failures.push(format!("{name}: {verdict}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// What a damaged-but-readable file must still give.
fn check_readable(name: &str, doc: &Document) -> String {
    let mut problems = Vec::new();
    if !texts_contain(doc, "MK_PLAIN") {
        problems.push("body text missing");
    }
    match name {
        "utf16_document.docx" if !texts_contain(doc, "Leverandøren") => {
            problems.push("UTF-16 text not decoded");
        }
        "missing_header_part.docx" => {
            let headers: Vec<_> = doc
                .blocks
                .iter()
                .filter(|b| b.location.part == Some(Part::Header))
                .filter_map(|b| b.location.part_name.as_deref())
                .collect();
            if headers != ["word/header2.xml"] {
                problems.push("the remaining header should still be read");
            }
        }
        "missing_rels.docx" if !texts_contain(doc, "MK_HEADER1") => {
            problems.push("headers should be found by their usual names");
        }
        "missing_styles.docx" if doc.blocks.iter().any(|b| b.outline_level.is_some()) => {
            problems.push("no styles, so no headings by style");
        }
        _ => {}
    }
    if problems.is_empty() {
        "ok".to_string()
    } else {
        problems.join("; ")
    }
}
