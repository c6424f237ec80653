//! Inputs that once crashed, hung or blew up upplint (found by the fuzzers or by review), kept with the
//! answer each must now get: `tests/regressions/EXPECTED.tsv` lists file, expected outcome (`ok` or an
//! error code), who found it and what it was. Each is read in process, from its file and from memory,
//! with the default limits. (`hostile_process.rs` also runs them through the binary under a memory cap.)

use std::path::PathBuf;
use upplint::read::{Limits, read_bytes, read_path};

fn regressions_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/regressions")
}

/// (file, expected) from EXPECTED.tsv.
fn expected() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(regressions_dir().join("EXPECTED.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut fields = line.split('\t');
            let file = fields.next().unwrap().to_string();
            let outcome = fields
                .next()
                .unwrap_or_else(|| panic!("{line}"))
                .to_string();
            (file, outcome)
        })
        .collect()
}

#[test]
fn every_regression_input_is_listed() {
    let listed: Vec<String> = expected().into_iter().map(|(f, _)| f).collect();
    for entry in std::fs::read_dir(regressions_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name != "EXPECTED.tsv" {
            assert!(listed.contains(&name), "{name} is not in EXPECTED.tsv");
        }
    }
}

#[test]
fn every_regression_input_gets_its_answer() {
    let limits = Limits::default();
    let mut failures = Vec::new();
    for (file, outcome) in expected() {
        let path = regressions_dir().join(&file);
        let bytes = std::fs::read(&path).unwrap();
        for (how, result) in [
            ("file", read_path(&path, &limits)),
            ("memory", read_bytes(&file, &bytes, &limits)),
        ] {
            let got = match &result {
                Ok(_) => "ok".to_string(),
                Err(e) => e.code().to_string(),
            };
            if got != outcome {
                failures.push(format!("{file} ({how}): {got}, expected {outcome}"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
