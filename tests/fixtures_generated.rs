//! The committed `fixtures/` are exactly what `examples/make_fixtures.rs` writes, and every Office file opens.

#[allow(dead_code)]
#[path = "../examples/make_fixtures.rs"]
mod make_fixtures;

use std::fs;
use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// All files under `root`, as sorted paths relative to it with `/` separators.
fn files_under(root: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).expect("readable directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).expect("under root");
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

/// Files of the kinds the generator owns; other files (e.g. an organisation's config) may sit beside them.
fn generator_owned(rel: &str) -> bool {
    rel == "EXPECTED.md"
        || rel == "kommun/README.md"
        || [".docx", ".xlsx", ".txt"]
            .iter()
            .any(|ext| rel.ends_with(ext))
}

// docx-rs numbers some ids from process-wide counters, so the generator runs once in this process:
// this is the only test here that calls it.
#[test]
fn committed_fixtures_match_the_generator() {
    let tmp = tempfile::tempdir().expect("temp dir");
    make_fixtures::generate(tmp.path()).expect("generator runs");

    let generated = files_under(tmp.path());
    let committed: Vec<String> = files_under(&fixtures_dir())
        .into_iter()
        .filter(|f| generator_owned(f))
        .collect();
    assert_eq!(
        generated, committed,
        "the generator's files and the committed fixtures differ; run `cargo run --example make_fixtures` and commit"
    );

    let mut drifted = Vec::new();
    for rel in &generated {
        let fresh = fs::read(tmp.path().join(rel)).expect("generated file");
        let stored = fs::read(fixtures_dir().join(rel)).expect("committed file");
        if fresh != stored {
            drifted.push(rel.as_str());
        }
    }
    assert!(
        drifted.is_empty(),
        "committed fixtures drifted from the generator: {drifted:?}; run `cargo run --example make_fixtures` and commit"
    );
}

#[test]
fn every_office_fixture_opens_with_its_main_part() {
    let mut checked = 0;
    for rel in files_under(&fixtures_dir()) {
        let main_part = if rel.ends_with(".docx") {
            "word/document.xml"
        } else if rel.ends_with(".xlsx") {
            "xl/workbook.xml"
        } else {
            continue;
        };
        let file = fs::File::open(fixtures_dir().join(&rel)).expect("fixture opens");
        let mut archive =
            zip::ZipArchive::new(file).unwrap_or_else(|e| panic!("{rel} is not a zip: {e}"));
        assert!(
            archive.by_name(main_part).is_ok(),
            "{rel} has no {main_part}"
        );
        checked += 1;
    }
    assert_eq!(checked, 9, "expected 7 .docx and 2 .xlsx fixtures");
}
