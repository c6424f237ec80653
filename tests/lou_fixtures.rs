//! The lou pack's threshold rules on the committed fixtures and on a workbook written in code, as of
//! the reference date and as of an earlier one, an organisation's own limit on a real routine, and a
//! real procurement statistics export (rows from 2021 are history, not mistakes).

mod common;

use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use upplint::check::RuleSet;
use upplint::check::env::Env;
use upplint::finding::{Finding, Severity};
use upplint::read::{Limits, read_path};
use upplint::rules::{LoadOptions, load};

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(relative)
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The embedded packs (or a config's layers), compiled as of `as_of`.
fn rule_set(options: LoadOptions, as_of: &str) -> RuleSet {
    let loaded = load(&options).unwrap();
    RuleSet::compile(&loaded, Env::from_layers(&loaded, date(as_of))).unwrap()
}

fn embedded(as_of: &str) -> RuleSet {
    rule_set(
        LoadOptions {
            no_config: true,
            ..LoadOptions::default()
        },
        as_of,
    )
}

/// The findings of the lou pack's amount and threshold rules in one file (not its stale-law rules).
fn lou_findings(set: &RuleSet, path: &Path) -> Vec<Finding> {
    const AMOUNT_KINDS: [&str; 4] = ["threshold", "stale-value", "sheet-row", "sheet-aggregate"];
    let is_amount_rule = |id: &str| {
        set.rules
            .iter()
            .any(|r| r.meta.id == id && AMOUNT_KINDS.contains(&r.meta.kind.as_str()))
    };
    let doc = read_path(path, &Limits::default()).unwrap();
    set.check_document(&doc)
        .into_iter()
        .filter(|f| f.rule.starts_with("lou/") && is_amount_rule(&f.rule))
        .collect()
}

fn cell(finding: &Finding) -> String {
    format!(
        "{}!{}",
        finding.location.sheet.as_deref().unwrap_or("?"),
        finding.location.cell.as_deref().unwrap_or("?")
    )
}

#[test]
fn the_procurement_plan_gives_the_direct_award_above_the_limit_and_the_it_aggregate() {
    let found = lou_findings(
        &embedded("2026-11-21"),
        &fixture("upphandlingsplan-2026.xlsx"),
    );
    let summary: Vec<(String, &str, Severity)> = found
        .iter()
        .map(|f| (cell(f), f.rule.as_str(), f.severity))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "Plan 2026!E2".to_string(),
                "lou/plan-direktupphandlingar-summa",
                Severity::Info
            ),
            (
                "Plan 2026!E8".to_string(),
                "lou/plan-direktupphandling-over-grans",
                Severity::Error
            ),
            (
                "Plan 2026!D9".to_string(),
                "lou/plan-forfarandenamn",
                Severity::Warning
            ),
            (
                "Plan 2026!E10".to_string(),
                "lou/plan-belopp-som-text",
                Severity::Info
            ),
        ]
    );
    assert!(
        found[3]
            .message
            .contains("beloppet 450 000 kr står som text")
    );
    assert!(
        found[2]
            .message
            .contains("förfarandet ”Förenklat förfarande” finns inte sedan 2022-02-01")
    );
    let aggregate = &found[0];
    assert!(
        aggregate
            .message
            .contains("Konsulttjänster IT (E2, E3, E4) är tillsammans 750 000 kr")
    );
    assert!(aggregate.message.contains("5 kap. LOU"));
    let above = &found[1];
    assert_eq!(above.matched, "850000");
    assert!(above.message.contains("850 000 kr"));
    assert!(
        above
            .message
            .contains("direktupphandlingsgränsen enligt LOU, 700 000 kr, gällande från 2022-02-01")
    );
}

#[test]
fn the_direct_award_request_states_a_stale_limit_in_2026_but_not_in_2021() {
    let path = fixture("direktupphandling-forfragan.docx");
    let found = lou_findings(&embedded("2026-11-21"), &path);
    assert_eq!(found.len(), 1, "{found:#?}");
    let stale = &found[0];
    assert_eq!(stale.rule, "lou/direktupphandlingsgrans-inaktuell");
    assert_eq!(stale.severity, Severity::Error);
    assert_eq!(stale.matched, "615 312 kronor");
    assert_eq!(stale.location.paragraph, 9);
    assert_eq!(
        stale.location.heading,
        ["1 Administrativa föreskrifter", "1.2 Upphandlingsform"]
    );
    assert!(stale.message.contains("gällande 2020-01-01–2021-12-31"));
    assert!(stale.message.contains("700 000 kr"));

    // Checked as of 2021, 615 312 kr was the limit in force: nothing to say.
    assert!(lou_findings(&embedded("2021-06-01"), &path).is_empty());
}

#[test]
fn current_facts_and_advertised_tenders_give_no_threshold_findings() {
    let set = embedded("2026-11-21");
    for file in [
        "kommun/direktupphandling-rutin.docx",
        "upphandlingsdokument-ren.docx",
        "upphandlingsdokument-stadtjanster.docx",
        "prisbilaga.xlsx",
        "paket-skolskjuts/upphandlingsdokument.docx",
    ] {
        let found = lou_findings(&set, &fixture(file));
        assert!(found.is_empty(), "{file}: {found:#?}");
    }
}

const KOMMUN_PACK: &str = r#"[pack]
name = "kommun"
version = "1.0.0"
description = "Exempelby kommuns egna regler"

[[rule]]
id = "kommun/konkurrensgrans-inaktuell"
kind = "stale-value"
severity = "warning"
message = "{amount} var {limit}, {period}. Nu gäller {current_value}."
limit = "konkurrens"
context = ['konkurrens']
"#;

const KOMMUN_CONFIG: &str = r#"packs = ["lou", "./regler"]

[[limit]]
name = "konkurrens"
label = "kommunens gräns för konkurrensutsättning"
value = 30000
valid_from = 2019-06-19
valid_to = 2025-03-16
source = "Upphandlingspolicy, KF 2019-06-19 § 90"

[[limit]]
name = "konkurrens"
label = "kommunens gräns för konkurrensutsättning"
value = 100000
valid_from = 2025-03-17
source = "Riktlinjer för upphandling och inköp, KF 2025-03-17 § 45"
"#;

#[test]
fn the_routine_still_states_the_organisations_old_competition_limit() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("regler")).unwrap();
    std::fs::write(dir.path().join("regler/pack.toml"), KOMMUN_PACK).unwrap();
    std::fs::write(dir.path().join("upplint.toml"), KOMMUN_CONFIG).unwrap();
    let options = || LoadOptions {
        config: Some(dir.path().join("upplint.toml")),
        ..LoadOptions::default()
    };
    let path = fixture("kommun/direktupphandling-rutin.docx");
    let doc = read_path(&path, &Limits::default()).unwrap();
    let found: Vec<Finding> = rule_set(options(), "2026-11-21")
        .check_document(&doc)
        .into_iter()
        .filter(|f| f.rule.starts_with("kommun/") || f.rule.starts_with("lou/"))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule, "kommun/konkurrensgrans-inaktuell");
    assert_eq!(found[0].matched, "30 000 kr");
    assert_eq!(found[0].location.paragraph, 10);
    assert_eq!(
        found[0].message,
        "30 000 kr var kommunens gräns för konkurrensutsättning, gällande 2019-06-19–2025-03-16. Nu gäller 100 000 kr."
    );
    let before = rule_set(options(), "2025-01-01").check_document(&doc);
    assert!(before.iter().all(|f| !f.rule.starts_with("kommun/")));
}

/// What a plan row holds in its value column.
enum Value {
    Number(f64),
    Text(&'static str),
    /// A formula (rust_xlsxwriter caches 0 as its result; formulas without any cached value are
    /// covered with example markup in tests/thresholds.rs).
    Formula,
}

/// A plan written by a spreadsheet program: numbers, a text amount, real dates, a formula.
fn write_plan(path: &Path) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Plan").unwrap();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let header = [
        "Område",
        "Beskrivning",
        "Förfarande",
        "Uppskattat\nvärde (kr)",
        "Start",
    ];
    for (col, text) in header.iter().enumerate() {
        sheet.write_string(0, col as u16, *text).unwrap();
    }
    let rows = [
        (
            "Fordon",
            "Bilar",
            "Direktupphandling",
            Value::Number(720_000.0),
        ),
        (
            "IT",
            "Licenser",
            "Direktupphandling",
            Value::Number(400_000.0),
        ),
        (
            "IT",
            "Support",
            "direktupphandling",
            Value::Text("350 000 kr"),
        ),
        (
            "Bygg",
            "Skola",
            "Öppet förfarande",
            Value::Number(30_000_000.0),
        ),
        ("Kaffe", "Automater", "Direktupphandling", Value::Formula),
    ];
    for (i, (area, what, procedure, value)) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, *area).unwrap();
        sheet.write_string(row, 1, *what).unwrap();
        sheet.write_string(row, 2, *procedure).unwrap();
        match value {
            Value::Number(n) => {
                sheet.write_number(row, 3, *n).unwrap();
            }
            Value::Text(t) => {
                sheet.write_string(row, 3, *t).unwrap();
            }
            Value::Formula => {
                sheet.write_formula(row, 3, Formula::new("=D2*2")).unwrap();
            }
        }
        let start = ExcelDateTime::from_ymd(2026, 3, 1).unwrap();
        sheet
            .write_datetime_with_format(row, 4, &start, &date_format)
            .unwrap();
    }
    workbook.save(path).unwrap();
}

#[test]
fn a_workbook_from_a_spreadsheet_program_is_read_cell_by_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    write_plan(&path);
    let doc = read_path(&path, &Limits::default()).unwrap();
    let formula = doc
        .blocks
        .iter()
        .find_map(|b| b.cell.as_ref().filter(|c| c.formula.is_some()))
        .unwrap();
    assert_eq!(formula.formula.as_deref(), Some("D2*2"));
    let found = lou_findings(&embedded("2026-11-21"), &path);
    let summary: Vec<(String, &str)> = found.iter().map(|f| (cell(f), f.rule.as_str())).collect();
    assert_eq!(
        summary,
        [
            (
                "Plan!D2".to_string(),
                "lou/plan-direktupphandling-over-grans"
            ),
            ("Plan!D3".to_string(), "lou/plan-direktupphandlingar-summa"),
            ("Plan!D4".to_string(), "lou/plan-belopp-som-text"),
        ]
    );
    assert!(found[0].message.contains("(Bilar)"));
    assert!(
        found[1]
            .message
            .contains("IT (D3, D4) är tillsammans 750 000 kr")
    );
}

#[test]
fn the_embedded_packs_pass_their_own_examples_whatever_the_run_date() {
    for as_of in ["2021-06-01", "2026-11-21", "2031-01-01"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_upplint"))
            .args(["test-packs", "--as-of", as_of])
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{as_of}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Upphandlingsmyndigheten's statistics export (okfse/oppna-upphandlingsdata, contracts of 2021): its
/// Förfarande column names förenklat förfarande and urvalsförfarande, which existed then, and its CPV
/// and SNI columns hold the classifications' own names. None of that is the reader's text to fix.
#[test]
fn a_statistics_export_of_2021_is_history_not_mistakes() {
    let path =
        common::corpus_dir().join("real/oppna-upphandlingsdata/data/excel/contracted_value.xlsx");
    let doc = read_path(&path, &Limits::default()).unwrap();
    let header_of = |f: &Finding| {
        doc.blocks
            .get(f.block.unwrap_or(usize::MAX))
            .and_then(|b| b.cell.as_ref())
            .and_then(|c| c.header.clone())
            .unwrap_or_default()
    };
    let found = embedded("2026-11-21").check_document(&doc);
    let procedures: Vec<&Finding> = found
        .iter()
        .filter(|f| f.rule.contains("forfarandenamn"))
        .collect();
    assert!(
        procedures.is_empty(),
        "{:#?}",
        &procedures[..procedures.len().min(3)]
    );
    let classifications: Vec<&Finding> = found
        .iter()
        .filter(|f| {
            let header = header_of(f);
            header.contains("CPV") || header.contains("SNI")
        })
        .collect();
    assert!(
        classifications.is_empty(),
        "{:#?}",
        &classifications[..classifications.len().min(3)]
    );
    // What is left is plain-language advice on the titles the buyers wrote (info, a few warnings).
    assert!(
        found
            .iter()
            .all(|f| &*header_of(f) == "Upphandlingens titel"),
        "{:#?}",
        found
            .iter()
            .find(|f| &*header_of(f) != "Upphandlingens titel")
    );
    assert!(found.iter().all(|f| f.severity != Severity::Error));
}
