//! Every spreadsheet of the real corpus (~1,300 files from other projects' test suites) is read or
//! refused with a named reason; no panic escapes. Prints the outcome counts.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use upplint::read::{Limits, read_path};

const EXTENSIONS: [&str; 7] = ["xlsx", "xlsm", "xltx", "xltm", "xlsb", "xls", "ods"];

/// Files under `dir` with a spreadsheet extension, walked with an explicit stack.
fn spreadsheets(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn real_spreadsheets_are_read_or_refused_by_name() {
    let files = spreadsheets(&common::corpus_dir().join("real"));
    assert!(
        files.len() > 1000,
        "corpus has {} spreadsheets",
        files.len()
    );
    let started = Instant::now();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut cells = 0usize;
    for path in &files {
        let code = match read_path(path, &Limits::default()) {
            Ok(doc) => {
                cells += doc.blocks.len();
                "ok".to_string()
            }
            Err(e) => {
                eprintln!("{}: {} ({e})", path.display(), e.code());
                e.code().to_string()
            }
        };
        *counts.entry(code).or_default() += 1;
    }
    eprintln!(
        "{} spreadsheets, {cells} cells, {:?}: {counts:?}",
        files.len(),
        started.elapsed()
    );
    let ok = counts.get("ok").copied().unwrap_or(0);
    assert!(
        ok * 100 >= files.len() * 95,
        "only {ok} of {} read",
        files.len()
    );
}
