//! `read_bytes` (the in-memory entry point the fuzzers use) gives exactly what `read_path` gives, for
//! readable files and refused ones alike.

mod common;

use std::path::{Path, PathBuf};
use upplint::read::{Limits, read_bytes, read_path};

fn same_outcome(path: &Path) {
    let limits = Limits::default();
    let name = path.to_string_lossy().to_string();
    let bytes = std::fs::read(path).unwrap();
    let from_file = read_path(path, &limits);
    let from_memory = read_bytes(&name, &bytes, &limits);
    match (from_file, from_memory) {
        (Ok(a), Ok(b)) => assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap(),
            "{name}: documents differ"
        ),
        (Err(a), Err(b)) => assert_eq!(a, b, "{name}: errors differ"),
        (a, b) => panic!(
            "{name}: file gives {:?}, memory gives {:?}",
            a.map(|_| "a document"),
            b.map(|_| "a document")
        ),
    }
}

#[test]
fn fixtures_and_features_read_the_same_from_memory() {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = common::files_in(&fixtures);
    files.extend(common::files_in(&common::corpus_file("features")));
    files.retain(|p| upplint::read::Format::from_path(p).is_some());
    assert!(files.len() >= 10, "{files:?}");
    for path in &files {
        same_outcome(path);
    }
}

#[test]
fn hostile_files_are_refused_the_same_from_memory() {
    let files = common::files_in(&common::corpus_file("hostile"));
    assert!(files.len() >= 30);
    for path in &files {
        same_outcome(path);
    }
}

#[test]
fn limits_apply_to_memory_too() {
    let limits = Limits {
        max_file_bytes: 3,
        ..Limits::default()
    };
    let err = read_bytes("a.txt", b"four", &limits).unwrap_err();
    assert_eq!(err.code(), "file-too-large");
    let err = read_bytes("a.pdf", b"%PDF", &Limits::default()).unwrap_err();
    assert_eq!(err.code(), "unsupported");
    let doc = read_bytes("a.txt", "rad ett\nrad två\n".as_bytes(), &Limits::default()).unwrap();
    assert_eq!(doc.blocks.len(), 2);
}
