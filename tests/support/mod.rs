//! Helpers shared by the report and annotation tests: the fixed test pack, fixtures, external programs.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use upplint::check::RuleSet;
use upplint::check::env::Env;
use upplint::rules::{LoadOptions, load};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    root().join("fixtures")
}

/// The config of the fixed test pack (`tests/data/rapport`).
pub fn test_config() -> PathBuf {
    root().join("tests/data/rapport/upplint.toml")
}

/// The rules of the fixed test pack, as of 2026-11-21.
pub fn test_rules() -> RuleSet {
    let loaded = load(&LoadOptions {
        config: Some(test_config()),
        ..LoadOptions::default()
    })
    .unwrap_or_else(|e| panic!("test pack: {:?}", e.problems.len()));
    let env = Env::from_layers(
        &loaded,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
    );
    RuleSet::compile(&loaded, env).unwrap_or_else(|_| panic!("test pack compiles"))
}

/// The Word fixtures, sorted.
pub fn word_fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![fixtures()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "docx") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Whether a program answers `--version`.
fn available(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// An external program a test needs, or None when it is absent outside CI (the test then skips, saying
/// so). In CI (`CI` set) a missing program fails the test: `.ci/run` installs it.
pub fn external(program: &str, test: &str) -> Option<String> {
    if available(program) {
        return Some(program.to_string());
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "{test}: `{program}` is not installed, and CI must run this test (.ci/run installs it)"
        );
    }
    eprintln!("SKIPPED {test}: `{program}` is not installed (apt-get install it to run this test)");
    None
}

/// Runs headless Chromium on a local file and returns the DOM after scripts ran.
pub fn chromium_dom(chromium: &str, file: &Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The shared test corpus (`shared/corpus` beside the repository or its worktree folder).
pub fn corpus_dir() -> Option<PathBuf> {
    let crate_dir = root();
    [
        crate_dir.join("../shared/corpus"),
        crate_dir.join("../../shared/corpus"),
    ]
    .into_iter()
    .find(|dir| dir.is_dir())
}

/// A rule set of one pack given as text (in a temporary folder), as of 2026-11-21.
pub fn rules_from_pack(pack: &str) -> RuleSet {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("p")).unwrap();
    std::fs::write(dir.path().join("p/pack.toml"), pack).unwrap();
    std::fs::write(dir.path().join("upplint.toml"), "packs = [\"./p\"]\n").unwrap();
    let loaded = load(&LoadOptions {
        config: Some(dir.path().join("upplint.toml")),
        ..LoadOptions::default()
    })
    .unwrap_or_else(|e| panic!("pack: {} problems", e.problems.len()));
    let env = Env::from_layers(
        &loaded,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
    );
    RuleSet::compile(&loaded, env).unwrap_or_else(|_| panic!("pack compiles"))
}
