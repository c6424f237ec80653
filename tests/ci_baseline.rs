//! Baselines: `--write-baseline` records the findings, `--baseline` reports only new ones — and a
//! paragraph inserted at the top (or the same text repeated further down) does not make old findings new.

mod common;

use common::*;
use std::path::Path;
use upplint::baseline::Baseline;
use upplint::finding::Finding;

const BEFORE: &str = "# 1 Inledning\n\
                      Sista dag för anbud är «Ange datum».\n\
                      Leverantören skall leverera varorna.\n\
                      ## 1.1 Krav\n\
                      | Pris | «Ange pris» |";

/// The same document with a paragraph inserted at the top, the first paragraph repeated under a new
/// heading, and one truly new finding.
const AFTER: &str = "Ny inledande text utan fynd.\n\
                     # 1 Inledning\n\
                     Sista dag för anbud är «Ange datum».\n\
                     Leverantören skall leverera varorna.\n\
                     ## 1.1 Krav\n\
                     | Pris | «Ange pris» |\n\
                     # 2 Tillägg\n\
                     Sista dag för anbud är «Ange datum».\n\
                     Kontaktperson: «Ange namn».";

fn where_and_what(findings: &[Finding]) -> Vec<(u32, String)> {
    findings
        .iter()
        .map(|f| (f.location.paragraph, f.matched.clone()))
        .collect()
}

#[test]
fn a_baseline_survives_a_paragraph_inserted_at_the_top() {
    let set = rule_set();
    let old = set.check_document(&document("anbud.docx", BEFORE));
    assert_eq!(old.len(), 3);
    let baseline =
        Baseline::parse(&Baseline::from_findings(&old, Path::new(".")).to_json()).unwrap();

    let mut new = set.check_document(&document("anbud.docx", AFTER));
    assert_eq!(new.len(), 5);
    let repeated: Vec<&str> = new
        .iter()
        .filter(|f| f.matched == "«Ange datum»")
        .map(|f| f.fingerprint.as_str())
        .collect();
    assert_eq!(repeated.len(), 2);
    assert_eq!(
        repeated[1],
        format!("{}:2", repeated[0]),
        "the repeat is told apart"
    );

    let known = baseline.remove_known(&mut new, Path::new("."));
    assert_eq!(known, 3);
    assert_eq!(
        where_and_what(&new),
        vec![
            (9, "«Ange datum»".to_string()),
            (10, "«Ange namn»".to_string())
        ]
    );
}

#[test]
fn a_baseline_is_sorted_stable_and_versioned() {
    let set = rule_set();
    let mut findings = set.check_document(&document("b.docx", BEFORE));
    findings.extend(set.check_document(&document("a.docx", AFTER)));
    let baseline = Baseline::from_findings(&findings, Path::new("."));
    let json = baseline.to_json();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["version"], 1);
    let entries = value["findings"].as_array().unwrap();
    assert_eq!(entries.len(), 8);
    let keys: Vec<(String, String, String)> = entries
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_string(),
                e["rule"].as_str().unwrap().to_string(),
                e["fingerprint"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    findings.reverse();
    assert_eq!(
        Baseline::from_findings(&findings, Path::new(".")).to_json(),
        json
    );
}

#[test]
fn the_command_line_writes_a_baseline_and_then_reports_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    write_packs(dir.path());
    let file = "docs/anbud.txt";
    write(
        dir.path(),
        file,
        "Sista dag för anbud är «Ange datum».\nLeverantören skall leverera.\n",
    );
    let written = check(
        dir.path(),
        &["docs", "--write-baseline", "upplint-baseline.json"],
    );
    assert_eq!(written.status.code(), Some(0), "{}", stderr(&written));
    assert!(stderr(&written).contains("wrote 2 finding(s) to the baseline"));
    let first = std::fs::read_to_string(dir.path().join("upplint-baseline.json")).unwrap();
    assert!(first.contains("\"path\": \"docs/anbud.txt\""), "{first}");
    check(
        dir.path(),
        &["./docs", "--write-baseline", "upplint-baseline.json"],
    );
    let second = std::fs::read_to_string(dir.path().join("upplint-baseline.json")).unwrap();
    assert_eq!(first, second, "the same findings give the same file");

    let unchanged = check(
        dir.path(),
        &[
            "./docs/anbud.txt",
            "--baseline",
            "upplint-baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(unchanged.status.code(), Some(0));
    assert!(json_rules_and_lines(&stdout(&unchanged)).is_empty());

    write(
        dir.path(),
        file,
        "Ny första rad.\nSista dag för anbud är «Ange datum».\nLeverantören skall leverera.\nSvar till «Ange adress».\n",
    );
    let output = check(
        dir.path(),
        &[
            "docs",
            "--baseline",
            "upplint-baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        json_rules_and_lines(&stdout(&output)),
        vec![("test/platshallare".to_string(), 4)]
    );
    assert!(stderr(&output).contains("2 finding(s) already in the baseline"));
}

#[test]
fn a_broken_baseline_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    write_packs(dir.path());
    write(dir.path(), "a.txt", "text\n");
    write(dir.path(), "fel.json", "{\"version\": 7, \"findings\": []}");
    let output = check(dir.path(), &["a.txt", "--baseline", "fel.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("baseline version 7"),
        "{}",
        stderr(&output)
    );
    let output = check(dir.path(), &["a.txt", "--baseline", "saknas.json"]);
    assert_eq!(output.status.code(), Some(2));
}
