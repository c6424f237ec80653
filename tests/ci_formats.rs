//! The CI output formats: SARIF validates against the official 2.1.0 schema, and the GitHub and JUnit
//! outputs say the same as the JSON report (count, rules, lines); snapshots pin each format.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;
use upplint::read::Limits;
use upplint::report::rule_info::RuleInfo;
use upplint::report::{Format, Style, render};
use upplint::run::{Report, check_file};
use upplint::suppress;

/// A Word-like document with headings, a table, a header, suppression comments (one used, one without a
/// reason, one that suppresses nothing anywhere), and an unreadable second file.
fn sample_report() -> Report {
    let set = rule_set();
    let mut doc = document(
        "underlag/förfrågan 1.docx",
        "# 1 Inledning\n\
         Sista dag för anbud är «Ange datum».\n\
         <comment author=\"Anna\" text=\"upplint-ignorera: test/platshallare Leverantören fyller i\">Svar senast «Ange tid».</comment>\n\
         ## 1.1 Krav\n\
         Leverantören skall leverera, 100% av tiden: \"alltid\".\n\
         | Pris | «Ange pris» |\n\
         <comment author=\"Bo\" text=\"upplint-ignorera: test/skall\">Detta skall bort.</comment>\n\
         <comment author=\"Bo\" text=\"upplint-ignorera: annat/blindtext Gäller inte här\">Inget att se.</comment>",
    );
    if let Some(comment) = doc.comments.last_mut() {
        comment.anchor_block = None;
    }
    let findings = suppress::comments::apply(&doc, &set, set.check_document(&doc));
    let mut ok = check_file(Path::new(&doc.path), &set, &Limits::default()).status;
    ok.status = "ok";
    ok.error = None;
    ok.error_code = None;
    ok.error_sv = None;
    let unreadable = check_file(Path::new("saknas.docx"), &set, &Limits::default()).status;
    let mut report = Report::new(as_of(), set.packs.clone(), vec![ok, unreadable], findings);
    report.refresh();
    report.rules = RuleInfo::from_set(&set);
    report
}

fn rendered(report: &Report, format: Format) -> String {
    render(report, format, Style::default())
}

/// The official schema's `run.language` pattern has a stray `]`, which a validator that checks formats
/// rejects as a regex before validating anything; it is repaired here (upplint writes no `language`).
const BROKEN_LANGUAGE_PATTERN: &str = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
const LANGUAGE_PATTERN: &str = r#""^[a-zA-Z]{2}$|^[a-zA-Z]{2}-[a-zA-Z]{2}$""#;

fn assert_valid_sarif(text: &str) {
    let path = shared_dir().join("schemas/sarif-schema-2.1.0.json");
    let schema_text = std::fs::read_to_string(path)
        .unwrap()
        .replace(BROKEN_LANGUAGE_PATTERN, LANGUAGE_PATTERN);
    let schema: Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let instance: Value = serde_json::from_str(text).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF is not valid: {errors:#?}");
}

#[test]
fn sarif_of_a_word_document_validates_against_the_schema() {
    let report = sample_report();
    let sarif = rendered(&report, Format::Sarif);
    assert_valid_sarif(&sarif);
    let value: Value = serde_json::from_str(&sarif).unwrap();
    let run = &value["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), report.findings.len());
    let placeholder = results
        .iter()
        .find(|r| r["ruleId"] == "test/platshallare")
        .unwrap();
    let location = &placeholder["locations"][0];
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        "underlag/f%C3%B6rfr%C3%A5gan%201.docx"
    );
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uriBaseId"],
        "%SRCROOT%"
    );
    let region = &location["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 2);
    assert_eq!(region["startColumn"], 24);
    assert_eq!(region["endColumn"], 36);
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "1 Inledning › ¶2"
    );
    assert!(
        placeholder["partialFingerprints"]["upplint/v1"]
            .as_str()
            .is_some_and(|f| !f.is_empty())
    );
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let rule = rules
        .iter()
        .find(|r| r["id"] == "test/platshallare")
        .unwrap();
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    assert_eq!(rule["helpUri"], "https://example.org/regler/platshallare");
    assert_eq!(
        rule["shortDescription"]["text"],
        "Platshållaren '…' står kvar."
    );
    let notifications = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notifications.len(), 1);
}

#[test]
fn formats_are_pinned_by_snapshots() {
    let report = sample_report();
    insta::assert_snapshot!("github", rendered(&report, Format::Github));
    insta::assert_snapshot!("junit", rendered(&report, Format::Junit));
    insta::assert_snapshot!("sarif", rendered(&report, Format::Sarif));
}

/// Text files with findings of every severity, a clean file and an unreadable one, checked by the binary.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_packs(dir.path());
    write(
        dir.path(),
        "docs/anbud.txt",
        "Sista dag är «Ange datum».\nLeverantören skall, med 50% rabatt, leverera.\nlorem ipsum\n",
    );
    write(dir.path(), "docs/ren.txt", "Inget att anmärka på.\n");
    write(dir.path(), "docs/åäö, test.txt", "Det skall: «Ange pris»\n");
    write(dir.path(), "docs/trasig.docx", "detta är ingen zip");
    dir
}

#[test]
fn github_and_junit_outputs_agree_with_the_json_findings() {
    let dir = project();
    let json = stdout(&check(dir.path(), &["docs", "--format", "json"]));
    let expected = json_rules_and_lines(&json);
    assert_eq!(expected.len(), 5, "{json}");

    let github = stdout(&check(dir.path(), &["docs", "--format", "github"]));
    let annotations: Vec<(String, u64)> = github
        .lines()
        .filter(|l| l.starts_with("::") && !l.contains("title=upplint::"))
        .map(|l| {
            let field = |name: &str| {
                l.split([' ', ',', ':'])
                    .find_map(|p| p.strip_prefix(name))
                    .unwrap()
                    .to_string()
            };
            (
                field("title=").replace("%2C", ","),
                field("line=").parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(annotations, expected, "{github}");
    assert!(github.contains("::error file=docs/trasig.docx,title=upplint::"));
    assert!(github.contains("file=docs/åäö%2C test.txt,"), "{github}");

    let junit = stdout(&check(dir.path(), &["docs", "--format", "junit"]));
    let cases: Vec<(String, u64)> = junit
        .lines()
        .filter(|l| l.contains("<testcase ") && l.contains(" (rad "))
        .map(|l| {
            let name = l.split("name=\"").nth(1).unwrap();
            let (rule, rest) = name.split_once(" (rad ").unwrap();
            (
                rule.to_string(),
                rest.split(')').next().unwrap().parse().unwrap(),
            )
        })
        .collect();
    let mut sorted_expected = expected.clone();
    sorted_expected.sort();
    let mut sorted_cases = cases;
    sorted_cases.sort();
    assert_eq!(sorted_cases, sorted_expected, "{junit}");
    assert_eq!(junit.matches("<failure ").count(), 5);
    assert_eq!(junit.matches("<error ").count(), 1);
    assert!(junit.contains("<testcase name=\"inga fynd\" classname=\"docs/ren.txt\"/>"));
}

#[test]
fn sarif_from_the_command_line_validates_and_matches_the_json() {
    let dir = project();
    let json = stdout(&check(dir.path(), &["docs", "--format", "json"]));
    let output = check(
        dir.path(),
        &["docs", "--format", "sarif", "--output", "upplint.sarif"],
    );
    assert_eq!(output.status.code(), Some(2), "an unreadable file gives 2");
    let sarif = std::fs::read_to_string(dir.path().join("upplint.sarif")).unwrap();
    assert_valid_sarif(&sarif);
    let value: Value = serde_json::from_str(&sarif).unwrap();
    let results: Vec<(String, u64)> = value["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap(),
            )
        })
        .collect();
    assert_eq!(results, json_rules_and_lines(&json));
}

#[test]
fn every_format_can_be_written_to_a_file() {
    let dir = project();
    for format in ["human", "json", "sarif", "github", "junit"] {
        let name = format!("rapport.{format}");
        let output = check(
            dir.path(),
            &["docs/anbud.txt", "--format", format, "--output", &name],
        );
        assert_eq!(output.status.code(), Some(1), "{format}");
        assert!(stdout(&output).is_empty(), "{format}");
        let text = std::fs::read_to_string(dir.path().join(&name)).unwrap();
        assert!(text.contains("platshallare"), "{format}: {text}");
    }
}
