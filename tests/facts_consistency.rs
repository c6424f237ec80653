//! Typed facts and the `samstammighet` pack end to end: Word documents built in code and the committed
//! fixtures, checked through the whole run (read → facts → consistency rules → package phase).

use chrono::NaiveDate;
use docx_rs::{Docx, Paragraph, Run, Style, StyleType, Table, TableCell, TableRow};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use upplint::check::RuleSet;
use upplint::check::env::Env;
use upplint::finding::{Finding, Severity};
use upplint::read::{Limits, read_path};
use upplint::rules::{LoadOptions, load};
use upplint::run::{Report, run};

/// One line of a test document: a heading, a paragraph, or a table row of cells.
enum Line<'a> {
    Heading(&'a str),
    Text(&'a str),
    Row(&'a [&'a str]),
}

use Line::{Heading, Row, Text};

fn paragraph(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

/// Writes a .docx whose body is `lines` (consecutive rows make one table).
fn write_docx(path: &Path, lines: &[Line<'_>]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut docx = Docx::new().add_style(
        Style::new("Heading1", StyleType::Paragraph)
            .name("heading 1")
            .outline_lvl(0),
    );
    let mut rows: Vec<TableRow> = Vec::new();
    for line in lines {
        if let Row(cells) = line {
            let cells = cells
                .iter()
                .map(|c| TableCell::new().add_paragraph(paragraph(c)))
                .collect();
            rows.push(TableRow::new(cells));
            continue;
        }
        if !rows.is_empty() {
            docx = docx.add_table(Table::new(std::mem::take(&mut rows)));
        }
        docx = match line {
            Heading(text) => docx.add_paragraph(paragraph(text).style("Heading1")),
            Text(text) => docx.add_paragraph(paragraph(text)),
            Row(_) => docx,
        };
    }
    if !rows.is_empty() {
        docx = docx.add_table(Table::new(rows));
    }
    let file = std::fs::File::create(path).unwrap();
    docx.build().pack(file).unwrap();
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The embedded packs (no config), checked as of `as_of`.
fn embedded_rules(as_of: &str) -> RuleSet {
    rules_with(
        &LoadOptions {
            no_config: true,
            ..LoadOptions::default()
        },
        as_of,
    )
}

fn rules_with(options: &LoadOptions, as_of: &str) -> RuleSet {
    let loaded = load(options).unwrap_or_else(|e| panic!("{:?}", e.problems));
    RuleSet::compile(&loaded, Env::from_layers(&loaded, date(as_of)))
        .unwrap_or_else(|e| panic!("{:?}", e.problems))
}

fn check(paths: &[PathBuf], rules: &RuleSet) -> Report {
    run(paths, rules, &Limits::default())
}

fn consistency_findings(report: &Report) -> Vec<&Finding> {
    report
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("samstammighet/"))
        .collect()
}

/// A call-off (avropsförfrågan) with its timetable; the contract period is a form row.
fn call_off(path: &Path, deadline: &str, period: &str) {
    write_docx(
        path,
        &[
            Text("Avropsförfrågan – Arkivkonsult"),
            Text("Diarienummer: KS 2024/77"),
            Heading("1 Tidplan"),
            Text("Sista dag för frågor är 2024-02-09."),
            Text(&format!("Sista dag för att lämna anbud är {deadline}.")),
            Text("Anbudet ska vara giltigt till och med 2024-06-30."),
            Heading("2 Avtal"),
            Row(&["Kontraktsperiod", period]),
            Row(&["Uppskattat värde", "450 000 kr"]),
        ],
    );
}

#[test]
fn a_call_off_whose_contract_period_lies_before_its_deadline_is_an_error_at_the_period() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("avrop.docx");
    call_off(&file, "2024-02-23 kl. 12.00", "2023-03-15 – 2023-09-30");
    let report = check(std::slice::from_ref(&file), &embedded_rules("2024-01-15"));
    let found = consistency_findings(&report);
    assert_eq!(found.len(), 1, "{found:#?}");
    let finding = found[0];
    assert_eq!(finding.rule, "samstammighet/avtalsstart-fore-anbudsdag");
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.matched, "2023-03-15");
    assert_eq!(
        finding
            .location
            .table
            .as_ref()
            .map(|t| (t[0].row, t[0].col)),
        Some((1, 2))
    );
    assert!(
        finding
            .message
            .contains("sista anbudsdag är 2024-02-23 kl. 12.00 (¶5)"),
        "{}",
        finding.message
    );
    assert!(finding.message.contains("(2023-03-15 – 2023-09-30)"));
    let related = &finding.related[0];
    assert_eq!(related.path, file.to_string_lossy());
    assert_eq!(related.location.paragraph, 5);
    assert!(related.location.table.is_none());
}

#[test]
fn a_call_off_whose_deadline_is_past_as_of_the_check_date_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("avrop.docx");
    call_off(&file, "2024-02-23 kl. 12.00", "2024-04-01 – 2025-03-31");
    let late = check(std::slice::from_ref(&file), &embedded_rules("2026-11-21"));
    let found = consistency_findings(&late);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule, "samstammighet/anbudsdag-passerad");
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(found[0].matched, "2024-02-23 kl. 12.00");
    assert_eq!(found[0].location.paragraph, 5);
    assert!(found[0].message.contains("granskat 2026-11-21"));
    let on_the_day = check(&[file], &embedded_rules("2024-02-23"));
    assert!(consistency_findings(&on_the_day).is_empty());
}

#[test]
fn a_consistent_call_off_gives_no_consistency_finding_though_its_facts_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("avrop.docx");
    call_off(&file, "2024-02-23 kl. 12.00", "2024-04-01 – 2025-03-31");
    let rules = embedded_rules("2024-01-15");
    let report = check(std::slice::from_ref(&file), &rules);
    assert!(
        consistency_findings(&report).is_empty(),
        "{:#?}",
        report.findings
    );
    let doc = read_path(&file, &Limits::default()).unwrap();
    let facts: Vec<(String, String)> = rules
        .facts_of(&doc)
        .items
        .into_iter()
        .map(|f| (f.name, f.text))
        .collect();
    let expected = [
        ("foremal", "Arkivkonsult"),
        ("diarienummer", "KS 2024/77"),
        ("sista-fragedag", "2024-02-09"),
        ("sista-anbudsdag", "2024-02-23 kl. 12.00"),
        ("anbudets-giltighet", "2024-06-30"),
        ("avtalsperiod", "2024-04-01 – 2025-03-31"),
        ("uppskattat-varde", "450 000 kr"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(facts, expected);
}

/// A tender document and a contract draft of one package, in `folder`.
fn package(folder: &Path, value_a: &str, value_b: &str, dnr_b: &str) -> (PathBuf, PathBuf) {
    let tender = folder.join("upphandlingsdokument.docx");
    let draft = folder.join("avtalsutkast.docx");
    write_docx(
        &tender,
        &[
            Text("Upphandlingsdokument – Skolskjuts"),
            Text("Diarienummer: KS 2027/12"),
            Text(&format!("Uppskattat värde: {value_a}.")),
            Text("Sista anbudsdag: 2027-03-15 kl. 23.59."),
            Text("Avtalsperiod: 2027-08-01 – 2029-07-31."),
        ],
    );
    write_docx(
        &draft,
        &[
            Text("Avtalsutkast – Skolskjuts"),
            Text(&format!("Dnr {dnr_b}")),
            Text("Avtalsperiod: 2027-08-01 – 2029-07-31."),
            Text(&format!("Avtalets värde uppskattas till {value_b}.")),
        ],
    );
    (tender, draft)
}

#[test]
fn a_package_disagreeing_on_the_estimated_value_is_reported_in_both_documents() {
    let dir = tempfile::tempdir().unwrap();
    let (tender, draft) = package(dir.path(), "4 200 000 kr", "3 800 000 kr", "KS 2027/12");
    let report = check(&[dir.path().to_path_buf()], &embedded_rules("2026-11-21"));
    let found = consistency_findings(&report);
    assert_eq!(found.len(), 2, "{found:#?}");
    let (tender, draft) = (tender.to_string_lossy(), draft.to_string_lossy());
    let in_draft = found.iter().find(|f| f.path == draft).unwrap();
    let in_tender = found.iter().find(|f| f.path == tender).unwrap();
    for finding in [in_draft, in_tender] {
        assert_eq!(finding.rule, "samstammighet/paket-motsagelse");
        assert_eq!(finding.severity, Severity::Error);
        assert_eq!(finding.related.len(), 1);
    }
    assert_eq!(in_tender.matched, "4 200 000 kr");
    assert_eq!(in_tender.location.paragraph, 3);
    assert_eq!(in_tender.related[0].path, draft);
    assert_eq!(in_tender.related[0].location.paragraph, 4);
    assert!(
        in_tender
            .message
            .contains("4 200 000 kr här, men 3 800 000 kr i avtalsutkast.docx, ¶4"),
        "{}",
        in_tender.message
    );
    assert_eq!(in_draft.matched, "3 800 000 kr");
    assert_eq!(in_draft.location.paragraph, 4);
    assert_eq!(in_draft.related[0].path, tender);
    assert_eq!(in_draft.related[0].location.paragraph, 3);
    assert!(in_draft.context.contains("3 800 000 kr"));
    let status = report.files.iter().find(|s| s.path == draft).unwrap();
    assert_eq!(status.findings, 1);
}

#[test]
fn a_package_that_agrees_gives_no_finding() {
    let dir = tempfile::tempdir().unwrap();
    package(dir.path(), "4 200 000 kr", "4 200 000 kronor", "KS 2027/12");
    let report = check(&[dir.path().to_path_buf()], &embedded_rules("2026-11-21"));
    assert!(consistency_findings(&report).is_empty());
}

#[test]
fn a_folder_holding_two_reference_numbers_is_not_one_package() {
    let dir = tempfile::tempdir().unwrap();
    package(dir.path(), "4 200 000 kr", "3 800 000 kr", "KS 2027/99");
    let report = check(&[dir.path().to_path_buf()], &embedded_rules("2026-11-21"));
    assert!(
        consistency_findings(&report).is_empty(),
        "{:#?}",
        report.findings
    );
}

/// Two clean tenders for different things, without reference numbers, saved in one folder: their
/// subjects tell them apart, so their different values are no contradiction.
#[test]
fn a_folder_holding_two_subjects_is_not_one_package() {
    let dir = tempfile::tempdir().unwrap();
    write_docx(
        &dir.path().join("lokalvard.docx"),
        &[
            Text("Upphandlingsdokument – Lokalvård"),
            Text("Uppskattat värde: 28 000 000 kr."),
            Text("Avtalsperiod: 2027-09-01 – 2030-08-31."),
        ],
    );
    write_docx(
        &dir.path().join("skolbygge.docx"),
        &[
            Text("Upphandling av en totalentreprenad för Norrby skola"),
            Text("Uppskattat värde: 14 000 000 kr."),
            Text("Avtalsperiod: 2027-06-01 – 2028-12-31."),
        ],
    );
    let report = check(&[dir.path().to_path_buf()], &embedded_rules("2026-11-21"));
    assert!(
        consistency_findings(&report).is_empty(),
        "{:#?}",
        report.findings
    );
    // The same two documents, both about lokalvård, are one package that disagrees.
    write_docx(
        &dir.path().join("skolbygge.docx"),
        &[
            Text("Avtalsutkast – Lokalvård"),
            Text("Uppskattat värde: 14 000 000 kr."),
        ],
    );
    let report = check(&[dir.path().to_path_buf()], &embedded_rules("2026-11-21"));
    assert_eq!(
        consistency_findings(&report).len(),
        2,
        "{:#?}",
        report.findings
    );
}

#[test]
fn a_config_package_compares_files_in_different_folders_named_relative_to_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let (tender, _) = package(
        &dir.path().join("a"),
        "4 200 000 kr",
        "3 800 000 kr",
        "KS 2027/12",
    );
    let (_, draft) = package(
        &dir.path().join("b"),
        "4 200 000 kr",
        "3 900 000 kr",
        "KS 2027/12",
    );
    std::fs::remove_file(dir.path().join("a/avtalsutkast.docx")).unwrap();
    std::fs::remove_file(dir.path().join("b/upphandlingsdokument.docx")).unwrap();
    let config = dir.path().join("upplint.toml");
    std::fs::write(
        &config,
        "packs = [\"samstammighet\"]\n\n[[package]]\nname = \"skolskjuts\"\nfiles = [\"a/upphandlingsdokument.docx\", \"b/*.docx\"]\n",
    )
    .unwrap();
    let rules = rules_with(
        &LoadOptions {
            config: Some(config),
            ..LoadOptions::default()
        },
        "2026-11-21",
    );
    let report = check(&[tender.clone(), draft.clone()], &rules);
    let found = consistency_findings(&report);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found
            .iter()
            .all(|f| f.rule == "samstammighet/paket-motsagelse")
    );
    assert!(found.iter().any(|f| f.matched == "3 900 000 kr"));
    let separate = check(&[tender, draft], &embedded_rules("2026-11-21"));
    assert!(consistency_findings(&separate).is_empty());
}

#[test]
fn facts_are_kept_for_the_package_phase_only_when_a_rule_compares_packages() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("avrop.docx");
    call_off(&file, "2024-02-23", "2024-04-01 – 2025-03-31");
    let doc = read_path(&file, &Limits::default()).unwrap();
    let (_, facts) = embedded_rules("2024-01-15").check_document_with_facts(&doc);
    assert!(facts.is_some_and(|f| !f.items.is_empty()));
    let config = dir.path().join("upplint.toml");
    std::fs::write(&config, "packs = [\"publicering\"]\n").unwrap();
    let publishing_only = rules_with(
        &LoadOptions {
            config: Some(config),
            ..LoadOptions::default()
        },
        "2024-01-15",
    );
    let (_, facts) = publishing_only.check_document_with_facts(&doc);
    assert!(facts.is_none());
}

// ------------------------------------------------------------------------------------------------
// The committed fixtures, through the command line.
// ------------------------------------------------------------------------------------------------

fn upplint(args: &[&str]) -> (Option<i32>, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_upplint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), json)
}

fn fact<'a>(facts: &'a [Value], name: &str) -> &'a Value {
    facts
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no fact {name} in {facts:#?}"))
}

#[test]
fn dump_lists_the_facts_of_the_call_off_fixture() {
    let (status, dump) = upplint(&[
        "dump",
        "--no-config",
        "fixtures/direktupphandling-forfragan.docx",
    ]);
    assert_eq!(status, Some(0));
    assert!(dump["blocks"].is_array());
    let facts = dump["facts"].as_array().unwrap();
    let deadline = fact(facts, "sista-anbudsdag");
    assert_eq!(deadline["type"], "date");
    assert_eq!(deadline["value"], "2024-03-15");
    assert_eq!(deadline["time"], "12:00:00");
    assert_eq!(deadline["text"], "2024-03-15 kl. 12.00");
    assert_eq!(deadline["location"]["paragraph"], 14);
    let period = fact(facts, "avtalsperiod");
    assert_eq!(period["type"], "period");
    assert_eq!(period["value"]["start"], "2024-03-01");
    assert_eq!(period["value"]["end"], "2025-02-28");
    assert_eq!(period["location"]["paragraph"], 15);
    assert_eq!(period["location"]["heading"][1], "1.3 Tidplan");
    let value = fact(facts, "uppskattat-varde");
    assert_eq!(value["type"], "amount");
    assert_eq!(value["value"], 450000.0);
    assert_eq!(value["currency"], "SEK");
    assert_eq!(value["location"]["paragraph"], 12);
    assert!(facts.iter().all(|f| f["name"] != "anbudets-giltighet"));
}

#[test]
fn dump_shows_the_two_estimated_values_of_the_school_transport_package() {
    for (file, amount, paragraph) in [
        (
            "fixtures/paket-skolskjuts/upphandlingsdokument.docx",
            4_200_000.0,
            7,
        ),
        (
            "fixtures/paket-skolskjuts/avtalsutkast.docx",
            3_800_000.0,
            7,
        ),
    ] {
        let (status, dump) = upplint(&["dump", "--no-config", file]);
        assert_eq!(status, Some(0));
        let facts = dump["facts"].as_array().unwrap();
        let value = fact(facts, "uppskattat-varde");
        assert_eq!(value["value"], amount, "{file}");
        assert_eq!(value["location"]["paragraph"], paragraph, "{file}");
        let period = fact(facts, "avtalsperiod");
        assert_eq!(period["value"]["start"], "2027-08-01", "{file}");
        assert_eq!(period["value"]["end"], "2029-07-31", "{file}");
    }
}

/// (file, rule, match, paragraph) of every samstammighet finding in a JSON report.
fn consistency_rows(report: &Value) -> Vec<(String, String, String, u64)> {
    let mut rows: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("samstammighet/"))
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["match"].as_str().unwrap().to_string(),
                f["location"]["paragraph"].as_u64().unwrap(),
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn checking_the_school_transport_folder_finds_the_value_conflict_in_both_documents() {
    let (status, report) = upplint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--as-of",
        "2026-11-21",
        "fixtures/paket-skolskjuts",
    ]);
    assert_eq!(status, Some(1));
    let tender = "fixtures/paket-skolskjuts/upphandlingsdokument.docx";
    let draft = "fixtures/paket-skolskjuts/avtalsutkast.docx";
    let rule = "samstammighet/paket-motsagelse";
    assert_eq!(
        consistency_rows(&report),
        vec![
            (draft.into(), rule.into(), "3 800 000 kr".into(), 7),
            (tender.into(), rule.into(), "4 200 000 kr".into(), 7),
        ]
    );
    for finding in report["findings"].as_array().unwrap() {
        let other = if finding["path"] == tender {
            draft
        } else {
            tender
        };
        assert_eq!(finding["severity"], "error");
        assert_eq!(finding["related"][0]["path"], other);
        assert_eq!(finding["related"][0]["location"]["paragraph"], 7);
    }
}

#[test]
fn checking_all_fixtures_finds_the_planted_date_problems_and_the_package_conflict_only() {
    let (_, report) = upplint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--as-of",
        "2026-11-21",
        "fixtures",
    ]);
    let call_off = "fixtures/direktupphandling-forfragan.docx";
    assert_eq!(
        consistency_rows(&report),
        vec![
            (
                call_off.into(),
                "samstammighet/anbudsdag-passerad".into(),
                "2024-03-15 kl. 12.00".into(),
                14
            ),
            (
                call_off.into(),
                "samstammighet/avtalsstart-fore-anbudsdag".into(),
                "2024-03-01".into(),
                15
            ),
            (
                "fixtures/paket-skolskjuts/avtalsutkast.docx".into(),
                "samstammighet/paket-motsagelse".into(),
                "3 800 000 kr".into(),
                7
            ),
            (
                "fixtures/paket-skolskjuts/upphandlingsdokument.docx".into(),
                "samstammighet/paket-motsagelse".into(),
                "4 200 000 kr".into(),
                7
            ),
        ]
    );
}

// ------------------------------------------------------------------------------------------------
// Mistakes in packs are diagnostics, not panics or silent rules.
// ------------------------------------------------------------------------------------------------

const HEAD: &str = "[pack]\nname = \"t\"\nversion = \"1.0.0\"\ndescription = \"test\"\n\n[[fact]]\nname = \"anbudsdag\"\ndescription = \"sista anbudsdag\"\nvalue = \"date\"\nlabel = 'sista anbudsdag'\n\n[[fact]]\nname = \"period\"\ndescription = \"avtalsperioden\"\nvalue = \"period\"\nlabel = 'avtalsperiod'\n\n[[fact]]\nname = \"varde\"\ndescription = \"värdet\"\nvalue = \"amount\"\nlabel = 'uppskattat värde'\n";

/// The problems of compiling a local pack `HEAD` + `rest` (empty when it compiles).
fn pack_problems(rest: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("p")).unwrap();
    std::fs::write(dir.path().join("p/pack.toml"), format!("{HEAD}{rest}")).unwrap();
    std::fs::write(dir.path().join("upplint.toml"), "packs = [\"./p\"]\n").unwrap();
    let shorten = |problems: Vec<upplint::rules::diagnostic::PackDiagnostic>| {
        problems
            .iter()
            .map(|p| p.message.clone())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let loaded = match load(&LoadOptions {
        config: Some(dir.path().join("upplint.toml")),
        ..LoadOptions::default()
    }) {
        Ok(loaded) => loaded,
        Err(e) => return shorten(e.problems),
    };
    match RuleSet::compile(&loaded, Env::from_layers(&loaded, date("2026-11-21"))) {
        Ok(_) => String::new(),
        Err(e) => shorten(e.problems),
    }
}

fn rule(fields: &str) -> String {
    format!(
        "\n[[rule]]\nid = \"t/r\"\nkind = \"consistency\"\nseverity = \"error\"\nmessage = \"{{left}} {{right_text}}\"\n{fields}\n"
    )
}

#[test]
fn broken_fact_and_consistency_declarations_are_pack_errors_with_their_reason() {
    assert_eq!(
        pack_problems(&rule(
            "left = \"period.start\"\nrelation = \"after\"\nright = \"anbudsdag\""
        )),
        ""
    );
    let cases = [
        (
            "left = \"anbudsdg\"\nrelation = \"same\"",
            "unknown fact `anbudsdg`",
        ),
        (
            "left = \"anbudsdag.start\"\nrelation = \"before\"\nright = \"as-of\"",
            "only period facts have a .start",
        ),
        (
            "left = \"anbudsdag\"\nrelation = \"sooner\"\nright = \"as-of\"",
            "unknown relation `sooner`",
        ),
        (
            "left = \"anbudsdag\"\nrelation = \"same\"\nright = \"period\"",
            "give no `right`",
        ),
        (
            "left = \"anbudsdag\"\nrelation = \"before\"",
            "needs a `right`",
        ),
        (
            "left = \"varde\"\nrelation = \"before\"\nright = \"anbudsdag\"",
            "both sides must be dates/periods, or both amounts",
        ),
        (
            "left = \"anbudsdag\"\nrelation = \"before\"\nright = \"period\"\nacross = \"package\"",
            "supports relation = \"same\" only",
        ),
        (
            "left = \"period\"\nrelation = \"after\"\nright = \"anbudsdag\"\ncombine = \"sum\"",
            "adds amounts only",
        ),
        (
            "left = \"anbudsdag\"\nrelation = \"same\"\nacross = \"folder\"",
            "unknown value `folder`",
        ),
    ];
    for (fields, expected) in cases {
        let problems = pack_problems(&rule(fields));
        assert!(problems.contains(expected), "{fields}: {problems}");
    }
    let bad_fact = "\n[[fact]]\nname = \"Fel Namn\"\ndescription = \"x\"\nvalue = \"datum\"\nlabel = '(oavslutad'\n";
    let problems = pack_problems(bad_fact);
    for expected in [
        "invalid fact name `Fel Namn`",
        "unknown fact value `datum`",
        "does not compile",
    ] {
        assert!(problems.contains(expected), "{problems}");
    }
    let unknown_key = "\n[[fact]]\nname = \"x\"\ndescription = \"x\"\nvalue = \"date\"\nlabel = 'x'\nlable = 'y'\n";
    assert!(pack_problems(unknown_key).contains("unknown field `lable`"));
    let identity = |value: &str| {
        pack_problems(&format!(
            "\n[[fact]]\nname = \"x\"\ndescription = \"x\"\nvalue = \"text\"\nlabel = 'x'\nidentity = {value}\n"
        ))
    };
    assert_eq!(identity("true"), "");
    assert_eq!(identity("\"first\""), "");
    assert!(identity("\"last\"").contains("identity is true, false or \"first\""));
}
