//! The report contracts: the JSON report parsed field by field, and the human report as snapshots.

use std::path::Path;
use std::process::Output;

mod common;

fn upplint(args: &[&str]) -> Output {
    common::upplint_at_root(args)
}

const CONFIG: &str = "tests/data/snapshot/upplint.toml";

#[test]
fn json_report_has_the_documented_fields() {
    let out = upplint(&[
        "check",
        "--config",
        CONFIG,
        "--format",
        "json",
        "fixtures/direktupphandling-forfragan.docx",
        "fixtures/anteckningar.txt",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["version"], 1);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    for file in files {
        assert!(file["path"].is_string());
        assert_eq!(file["status"], "ok");
    }
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        for field in [
            "rule",
            "severity",
            "message",
            "path",
            "location",
            "match",
            "context",
            "fingerprint",
        ] {
            assert!(!f[field].is_null(), "finding lacks {field}: {f}");
        }
        let location = &f["location"];
        for field in [
            "part",
            "paragraph",
            "heading",
            "table",
            "sheet",
            "cell",
            "line",
        ] {
            assert!(
                location.get(field).is_some(),
                "location lacks {field}: {location}"
            );
        }
        assert!(f["start"].as_u64().unwrap() <= f["end"].as_u64().unwrap());
    }
    let placeholder = findings
        .iter()
        .find(|f| {
            f["rule"] == "snapshot/platshallare" && f["path"].as_str().unwrap().ends_with(".docx")
        })
        .unwrap();
    assert_eq!(placeholder["match"], "[Ange datum]");
    assert_eq!(placeholder["location"]["part"], "body");
    assert_eq!(
        placeholder["location"]["heading"][0],
        "1 Administrativa föreskrifter"
    );
    let context = placeholder["context"].as_str().unwrap();
    let (start, end) = (
        placeholder["start"].as_u64().unwrap() as usize,
        placeholder["end"].as_u64().unwrap() as usize,
    );
    let chars: String = context.chars().skip(start).take(end - start).collect();
    assert_eq!(
        chars, "[Ange datum]",
        "start/end count characters of the context"
    );
    let summary = &report["summary"];
    assert_eq!(summary["files"], 2);
    assert_eq!(
        summary["findings"].as_u64().unwrap() as usize,
        findings.len()
    );
    assert_eq!(report["as_of"], "2026-11-21");
}

#[test]
fn unreadable_files_get_a_status_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("trasig.docx");
    std::fs::write(&bad, b"inte en zip").unwrap();
    let out = upplint(&[
        "check",
        "--config",
        CONFIG,
        "--format",
        "json",
        bad.to_str().unwrap(),
        "fixtures/anteckningar.txt",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let bad_status = &report["files"].as_array().unwrap()[0];
    assert_eq!(bad_status["status"], "error");
    assert_eq!(bad_status["error_code"], "not-zip");
    assert!(
        !report["findings"].as_array().unwrap().is_empty(),
        "the run went on"
    );
}

#[test]
fn output_file_is_written_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("rapport.json");
    let out = upplint(&[
        "check",
        "--config",
        CONFIG,
        "--format",
        "json",
        "--output",
        out_path.to_str().unwrap(),
        "fixtures/anteckningar.txt",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out_path).unwrap()).unwrap();
    assert_eq!(written["summary"]["files"], 1);
}

#[test]
fn human_report_snapshots() {
    let text = upplint(&["check", "--config", CONFIG, "fixtures/anteckningar.txt"]);
    insta::assert_snapshot!("human_text", String::from_utf8_lossy(&text.stdout));
    let docx = upplint(&[
        "check",
        "--config",
        CONFIG,
        "fixtures/direktupphandling-forfragan.docx",
    ]);
    insta::assert_snapshot!("human_docx", String::from_utf8_lossy(&docx.stdout));
    let quiet = upplint(&[
        "check",
        "--config",
        CONFIG,
        "--quiet",
        "fixtures/direktupphandling-forfragan.docx",
    ]);
    insta::assert_snapshot!("human_quiet", String::from_utf8_lossy(&quiet.stdout));
}

#[test]
fn clean_input_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("ren.txt");
    std::fs::write(&clean, "Leverantören ska leverera varorna.\n").unwrap();
    let out = upplint(&["check", "--config", CONFIG, clean.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(Path::new(CONFIG).exists());
}

/// A finding that compares two documents names the other place on a line of its own, and amounts are
/// never split over two lines when a message wraps.
#[test]
fn human_report_names_related_places_and_keeps_amounts_whole() {
    let out = upplint(&[
        "check",
        "--no-config",
        "--select",
        "samstammighet/paket-motsagelse",
        "fixtures/paket-skolskjuts",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("  se även: fixtures/paket-skolskjuts/upphandlingsdokument.docx › 1 Administrativa föreskrifter › 1.2 Omfattning › ¶7: det uppskattade värdet (4\u{a0}200\u{a0}000 kr)"),
        "{text}"
    );
    assert!(
        text.contains("4\u{a0}200\u{a0}000 kr i upphandlingsdokument.docx"),
        "{text}"
    );
    assert!(!text.contains("¶7:7:"), "{text}");
}

/// Package comparisons need every document, so a report written as the run goes lists them after the
/// documents: in JSON after the other findings (and counted in their files), in the human report under
/// a heading of their own.
#[test]
fn package_comparisons_come_after_the_documents() {
    let out = upplint(&["check", "--no-config", "--format", "json", "fixtures"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let is_package = |f: &serde_json::Value| f["rule"] == "samstammighet/paket-motsagelse";
    let first_package = findings.iter().position(is_package).unwrap();
    assert_eq!(first_package, findings.len() - 2, "two comparisons, last");
    assert!(findings[first_package..].iter().all(is_package));
    for file in report["files"].as_array().unwrap() {
        let listed = findings
            .iter()
            .filter(|f| f["path"] == file["path"])
            .count();
        assert_eq!(file["findings"], listed, "{}", file["path"]);
    }
    assert_eq!(report["summary"]["findings"], findings.len());
    let paths: Vec<&str> = findings
        .iter()
        .take(first_package)
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(paths.is_sorted(), "documents in file order");

    let out = upplint(&["check", "--no-config", "fixtures"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let heading = text
        .find("Jämförelser mellan dokumenten i samma upphandling\n")
        .unwrap();
    let tail = &text[heading..];
    let contract = tail
        .find("\nfixtures/paket-skolskjuts/avtalsutkast.docx\n")
        .unwrap();
    let tender = tail
        .find("\nfixtures/paket-skolskjuts/upphandlingsdokument.docx\n")
        .unwrap();
    assert!(contract < tender, "{tail}");
    assert!(
        tail.trim_end().ends_with(" info."),
        "the totals close the report: {tail}"
    );
}

#[test]
fn baselines_and_ignores_cover_package_comparisons_too() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().unwrap();
    let args = ["check", "--no-config", "fixtures/paket-skolskjuts"];
    let written = upplint(&[&args[..], &["--write-baseline", baseline]].concat());
    assert_eq!(written.status.code(), Some(0));
    let recorded: serde_json::Value =
        serde_json::from_slice(&std::fs::read(baseline).unwrap()).unwrap();
    assert_eq!(recorded["findings"].as_array().unwrap().len(), 2);
    let out = upplint(&[&args[..], &["--baseline", baseline]].concat());
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("2 finding(s) already in the baseline"),
        "{stderr}"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("Jämförelser"), "{text}");
    assert!(text.contains("2 filer granskade: 0 fel"), "{text}");

    let config = dir.path().join("upplint.toml");
    std::fs::write(
        &config,
        "[[ignore]]\nfiles = [\"**/avtalsutkast.docx\"]\nrule = \"samstammighet/paket-motsagelse\"\n\
         reason = \"Avtalsutkastet uppdateras sist\"\n",
    )
    .unwrap();
    let config = config.to_str().unwrap();
    let out = upplint(&["check", "--config", config, "fixtures/paket-skolskjuts"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.contains("\nfixtures/paket-skolskjuts/avtalsutkast.docx\n"),
        "{text}"
    );
    assert!(
        text.contains("\nfixtures/paket-skolskjuts/upphandlingsdokument.docx\n"),
        "{text}"
    );
    assert!(text.contains("2 filer granskade: 1 fel"), "{text}");
}
