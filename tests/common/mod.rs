//! Helpers shared by the integration tests: the shared corpus, small test packs, rule sets, documents
//! built from markup, and the binary.

#![allow(dead_code)]

pub mod process;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use upplint::check::RuleSet;
use upplint::check::env::Env;
use upplint::check::examples::build_document;
use upplint::model::Document;
use upplint::rules::format::ExampleDef;
use upplint::rules::{LoadOptions, load};

/// Pack `test`: a placeholder rule (error; `«Ange datum»`, so it does not meet the embedded `[Ange …]`
/// rule) and a `skall` rule (warning) that also reads comments.
pub const TEST_PACK: &str = r#"
[pack]
name = "test"
version = "1.0.0"
description = "Testpaket"

[[rule]]
id = "test/platshallare"
kind = "pattern"
severity = "error"
message = "Platshållaren '{match}' står kvar."
help = "Fyll i uppgiften."
url = "https://example.org/regler/platshallare"
source = "Egen erfarenhet"
patterns = ['«[^»]{1,40}»']
whole_word = false

[[rule]]
id = "test/skall"
kind = "pattern"
severity = "warning"
message = "Skriv 'ska' i stället för '{match}'."
words = ["skall"]
[rule.scope]
parts = ["body", "line", "comment"]
"#;

/// Pack `annat`: one info rule.
pub const OTHER_PACK: &str = r#"
[pack]
name = "annat"
version = "1.0.0"
description = "Ett annat testpaket"

[[rule]]
id = "annat/blindtext"
kind = "pattern"
severity = "info"
message = "Blindtext: {match}"
words = ["lorem ipsum"]
"#;

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// Writes both test packs under `dir/packs/`, and a config using only them (`packs/endast-test.toml`),
/// and returns their folders.
pub fn write_packs(dir: &Path) -> Vec<PathBuf> {
    write(dir, "packs/test/pack.toml", TEST_PACK);
    write(dir, "packs/annat/pack.toml", OTHER_PACK);
    write(
        dir,
        "packs/endast-test.toml",
        "packs = [\"./test\", \"./annat\"]\n",
    );
    vec![dir.join("packs/test"), dir.join("packs/annat")]
}

/// The rule set of the test packs only (no embedded packs, no config), as of 2026-06-01.
pub fn rule_set() -> RuleSet {
    let dir = tempfile::tempdir().unwrap();
    let packs = write_packs(dir.path());
    let mut loaded = load(&LoadOptions {
        extra_packs: packs,
        no_config: true,
        ..LoadOptions::default()
    })
    .unwrap();
    let own = |name: &str| matches!(name, "test" | "annat");
    loaded.packs.retain(|p| own(p.name()));
    loaded.rules.retain(|r| own(&r.raw.pack));
    let env = Env::from_layers(&loaded, as_of());
    RuleSet::compile(&loaded, env).unwrap()
}

pub fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
}

/// A Word-like document from the example markup (one paragraph per line, `#` headings, `<comment>`…).
pub fn document(file: &str, text: &str) -> Document {
    let mut table = toml::Table::new();
    table.insert("text".into(), text.into());
    table.insert("file".into(), file.into());
    let example: ExampleDef = toml::from_str(&toml::to_string(&table).unwrap()).unwrap();
    build_document(&example).unwrap()
}

/// Runs `upplint ARGS` in `dir` with the test packs and no config unless `args` say otherwise.
pub fn upplint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_upplint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .unwrap()
}

/// Runs `upplint ARGS` from the repository root (so `fixtures/…` paths work), without colour.
pub fn upplint_at_root(args: &[&str]) -> Output {
    upplint(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// The regular files directly in `dir`, sorted.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// `upplint check --config packs/endast-test.toml --as-of 2026-06-01 ARGS`: only the test packs.
pub fn check(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec![
        "check",
        "--config",
        "packs/endast-test.toml",
        "--as-of",
        "2026-06-01",
    ];
    all.extend_from_slice(args);
    upplint(dir, &all)
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The rule and line of every finding in a JSON report, in order.
pub fn json_rules_and_lines(json: &str) -> Vec<(String, u64)> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let location = &f["location"];
            let line = location["line"]
                .as_u64()
                .or_else(|| location["paragraph"].as_u64())
                .unwrap();
            (f["rule"].as_str().unwrap().to_string(), line.max(1))
        })
        .collect()
}

/// The folder holding the shared schemas: `../shared` from the main repository, `../../shared` from a
/// worktree.
pub fn shared_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    [manifest.join("../shared"), manifest.join("../../shared")]
        .into_iter()
        .find(|p| p.join("schemas").is_dir())
        .expect("shared/ with schemas beside the repository")
}

/// The shared corpus (`features/`, `hostile/`, `real/`): `../shared/corpus` from the main checkout,
/// `../../shared/corpus` from a worktree under `/work/wt/`.
pub fn corpus_dir() -> PathBuf {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        crate_dir.join("../shared/corpus"),
        crate_dir.join("../../shared/corpus"),
    ];
    candidates
        .iter()
        .find(|dir| dir.is_dir())
        .cloned()
        .unwrap_or_else(|| panic!("shared test corpus not found; looked in {candidates:?}"))
}

pub fn corpus_file(relative: &str) -> PathBuf {
    corpus_dir().join(relative)
}
