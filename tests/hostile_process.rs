//! Every file of the hostile corpus (and of `tests/regressions/`) through the real `upplint check`, each
//! in its own process under a memory cap (`ulimit -v`) and a timeout: the process exits 0, 1 or 2 (never a
//! signal, never killed), prints no panic, every refused file carries a named reason, and no input
//! changes by a byte. Also: a run over the whole
//! folder goes on past every bad file, and no report is ever written over an input.

mod common;

use common::process::{Outcome, TIMEOUT, run_capped, signal_of};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

fn hostile_files() -> Vec<PathBuf> {
    common::files_in(&common::corpus_file("hostile"))
}

fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions")
}

/// The shared hostile corpus and the inputs of `tests/regressions/` (fuzzer finds and review finds).
fn all_hostile_inputs() -> Vec<PathBuf> {
    let mut files = hostile_files();
    files.extend(
        common::files_in(&regressions_dir())
            .into_iter()
            .filter(|p| p.extension().is_none_or(|e| e != "tsv")),
    );
    files
}

/// Content hash, size and modification time: what "unchanged" means here.
fn fingerprint(path: &Path) -> (String, u64, std::time::SystemTime) {
    let bytes = std::fs::read(path).unwrap();
    let meta = std::fs::metadata(path).unwrap();
    let hash = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (hash, meta.len(), meta.modified().unwrap())
}

/// Checks one process's outcome; returns (answer for the table, problems).
fn judge(name: &str, outcome: &Outcome, expected_files: usize) -> (String, Vec<String>) {
    let mut problems = Vec::new();
    if outcome.timed_out {
        problems.push(format!("{name}: killed after {TIMEOUT:?}"));
    }
    if let Some(signal) = signal_of(&outcome.status) {
        problems.push(format!(
            "{name}: died of signal {signal}; stderr: {}",
            outcome.stderr
        ));
    }
    if outcome.stderr.contains("panicked") {
        problems.push(format!(
            "{name}: a panic reached stderr: {}",
            outcome.stderr
        ));
    }
    let code = outcome.status.code();
    if !matches!(code, Some(0..=2)) {
        problems.push(format!(
            "{name}: exit status {code:?}; stderr: {}",
            outcome.stderr
        ));
    }
    let report: serde_json::Value = match serde_json::from_slice(&outcome.stdout) {
        Ok(report) => report,
        Err(e) => {
            problems.push(format!(
                "{name}: no JSON report ({e}); stderr: {}",
                outcome.stderr
            ));
            return ("no report".into(), problems);
        }
    };
    let files = report["files"].as_array().cloned().unwrap_or_default();
    if files.len() != expected_files {
        problems.push(format!(
            "{name}: {} files in the report, expected {expected_files}",
            files.len()
        ));
    }
    let mut answers = Vec::new();
    let mut any_error = false;
    for file in &files {
        match file["status"].as_str() {
            Some("ok") => answers.push(format!("ok ({} findings)", file["findings"])),
            Some("error") => {
                any_error = true;
                let error_code = file["error_code"].as_str().unwrap_or_default();
                let message = file["error"].as_str().unwrap_or_default();
                if error_code.is_empty() || message.is_empty() {
                    problems.push(format!("{name}: refused without a named reason: {file}"));
                }
                answers.push(format!("error {error_code}"));
            }
            other => problems.push(format!("{name}: file status {other:?}")),
        }
    }
    if any_error && code != Some(2) {
        problems.push(format!(
            "{name}: an unreadable file must give exit status 2, got {code:?}"
        ));
    }
    if !any_error && code == Some(2) {
        problems.push(format!(
            "{name}: exit status 2 with every file read; stderr: {}",
            outcome.stderr
        ));
    }
    (answers.join(", "), problems)
}

#[test]
fn every_hostile_file_in_its_own_capped_process() {
    let files = all_hostile_inputs();
    assert!(
        files.len() >= 40,
        "hostile corpus incomplete: {}",
        files.len()
    );
    let mut problems = Vec::new();
    eprintln!("{:32} {:>6} {:>9}  answer", "file", "exit", "time");
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let before = fingerprint(path);
        let outcome = run_capped(&[
            "check",
            "--no-config",
            "--format",
            "json",
            path.to_str().unwrap(),
        ]);
        let (answer, mut found) = judge(&name, &outcome, 1);
        eprintln!(
            "{name:32} {:>6} {:>8.2}s  {answer}",
            outcome
                .status
                .code()
                .map_or_else(|| "signal".to_string(), |c| c.to_string()),
            outcome.elapsed.as_secs_f64()
        );
        problems.append(&mut found);
        if fingerprint(path) != before {
            problems.push(format!("{name}: the input changed"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The cap is real: with its budget lifted, the heading-copy bomb of `tests/regressions/` asks for far
/// more than the cap and dies of it (a signal), where with the default limits it is refused by name.
#[test]
fn the_memory_cap_bites() {
    let bomb = regressions_dir().join("heading_copy_bomb.docx");
    let bomb = bomb.to_str().unwrap();
    let lifted = run_capped(&[
        "check",
        "--no-config",
        "--max-part-size",
        "100000000000",
        bomb,
    ]);
    assert!(
        signal_of(&lifted.status).is_some() || lifted.status.code() == Some(101),
        "the bomb ran within the cap ({:?}): is ulimit -v applied? {}",
        lifted.status,
        lifted.stderr
    );
    let outcome = run_capped(&["check", "--no-config", "--format", "json", bomb]);
    let (answer, problems) = judge("heading_copy_bomb.docx", &outcome, 1);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(answer, "error too-much-text");
}

#[test]
fn a_run_over_the_whole_hostile_folder_goes_on_past_every_bad_file() {
    let dir = common::corpus_file("hostile");
    let files = hostile_files();
    let before: Vec<_> = files.iter().map(|p| fingerprint(p)).collect();
    let outcome = run_capped(&[
        "check",
        "--no-config",
        "--format",
        "json",
        dir.to_str().unwrap(),
    ]);
    let (_, problems) = judge("hostile/", &outcome, files.len());
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(outcome.status.code(), Some(2));
    let after: Vec<_> = files.iter().map(|p| fingerprint(p)).collect();
    assert!(before == after, "an input changed");
}

#[test]
fn a_report_is_never_written_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/anteckningar.txt");
    let input = dir.path().join("anteckningar.txt");
    std::fs::copy(&fixture, &input).unwrap();
    let before = fingerprint(&input);
    let input_str = input.to_str().unwrap();
    // The same file by another spelling of its path.
    let other = dir.path().join(".").join("anteckningar.txt");
    for output in [input_str, other.to_str().unwrap()] {
        let outcome = run_capped(&["check", "--no-config", "-o", output, input_str]);
        assert_eq!(outcome.status.code(), Some(2), "{}", outcome.stderr);
        assert!(outcome.stderr.contains("refusing"), "{}", outcome.stderr);
        let outcome = run_capped(&["dump", "-o", output, input_str]);
        assert_eq!(outcome.status.code(), Some(2), "{}", outcome.stderr);
    }
    assert!(fingerprint(&input) == before, "the input changed");
    // A report beside it is written, and only the report.
    let report = dir.path().join("report.json");
    let outcome = run_capped(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "-o",
        report.to_str().unwrap(),
        input_str,
    ]);
    assert!(
        matches!(outcome.status.code(), Some(0 | 1)),
        "{}",
        outcome.stderr
    );
    assert!(fingerprint(&input) == before, "the input changed");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

/// Files are written in one place only (`cli/output.rs::write_atomic`, temporary file + rename); the
/// readers only ever open files with `File::open`, which is read-only.
#[test]
fn nothing_but_write_atomic_writes_files() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut pending = vec![src.clone()];
    let mut offenders = Vec::new();
    let forbidden = [
        "File::create",
        "fs::write",
        "OpenOptions",
        "fs::rename",
        "fs::remove_file",
        "fs::copy",
        "set_permissions",
        "set_len",
    ];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || path.ends_with("cli/output.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // Unit tests may write their own temporary files.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (i, line) in code.lines().enumerate() {
                if forbidden.iter().any(|f| line.contains(f)) {
                    offenders.push(format!(
                        "{}:{}: {}",
                        path.strip_prefix(&src).unwrap().display(),
                        i + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "write files through cli::output::write_atomic (temp file + rename), never in place: {offenders:#?}"
    );
}
