//! Money and date-aware limits end to end: the threshold and stale-value kinds on documents built in
//! code, checked as of different dates, with an organisation's own limits overriding a pack's.

use chrono::NaiveDate;
use std::path::Path;
use upplint::check::RuleSet;
use upplint::check::env::Env;
use upplint::check::examples::build_document;
use upplint::finding::{Finding, Severity};
use upplint::rules::format::ExampleDef;
use upplint::rules::{LoadOptions, load};

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A rule set of one local pack and a config body, as of `as_of`.
fn rules(pack: &str, config: &str, as_of: &str) -> Result<RuleSet, String> {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p/pack.toml", pack);
    write(
        dir.path(),
        "upplint.toml",
        &format!("packs = [\"./p\"]\n{config}"),
    );
    let loaded = load(&LoadOptions {
        config: Some(dir.path().join("upplint.toml")),
        ..LoadOptions::default()
    })
    .map_err(|e| short(&e.problems))?;
    let env = Env::from_layers(&loaded, date(as_of));
    RuleSet::compile(&loaded, env).map_err(|e| short(&e.problems))
}

fn short(problems: &[upplint::rules::diagnostic::PackDiagnostic]) -> String {
    problems
        .iter()
        .map(|p| p.short())
        .collect::<Vec<_>>()
        .join("\n")
}

fn example(text: Option<&str>, rows: Option<Vec<Vec<&str>>>) -> ExampleDef {
    ExampleDef {
        text: text.map(|t| toml::Spanned::new(0..0, t.to_string())),
        rows: rows.map(|r| {
            toml::Spanned::new(
                0..0,
                r.into_iter()
                    .map(|row| row.into_iter().map(str::to_string).collect())
                    .collect(),
            )
        }),
        sheet: Some("Plan 2026".into()),
        file: None,
        properties: None,
        as_of: None,
        findings: None,
        matches: None,
        message_contains: None,
        severity: None,
    }
}

fn check(set: &RuleSet, text: &str) -> Vec<Finding> {
    set.check_document(&build_document(&example(Some(text), None)).unwrap())
}

fn matches(found: &[Finding]) -> Vec<&str> {
    found.iter().map(|f| f.matched.as_str()).collect()
}

const HEAD: &str = "[pack]\nname = \"t\"\nversion = \"1.0.0\"\ndescription = \"test\"\n";

const LOU_LIMITS: &str = r#"
[[limit]]
name = "lou-direkt"
label = "direktupphandlingsgränsen enligt LOU"
value = 586907
valid_from = 2018-01-01
valid_to = 2019-12-31
source = "UHM [V]"

[[limit]]
name = "lou-direkt"
label = "direktupphandlingsgränsen enligt LOU"
value = 615312
valid_from = 2020-01-01
valid_to = 2021-12-31
source = "UHM [V]"

[[limit]]
name = "lou-direkt"
label = "direktupphandlingsgränsen enligt LOU"
value = 700000
valid_from = 2022-02-01
source = "19 a kap. 2 § LOU [V]"

[[limit]]
name = "eu-kommun"
label = "tröskelvärdet för kommuner"
value = 2389585
valid_from = 2024-01-01
valid_to = 2025-12-31

[[limit]]
name = "eu-kommun"
label = "tröskelvärdet för kommuner"
currency = "EUR"
value = 221000
valid_from = 2024-01-01
valid_to = 2025-12-31

[[limit]]
name = "eu-kommun"
label = "tröskelvärdet för kommuner"
currency = "EUR"
value = 216000
valid_from = 2026-01-01
valid_to = 2027-12-31
"#;

fn threshold_pack(extra: &str) -> String {
    format!(
        "{HEAD}{LOU_LIMITS}\n[[rule]]\nid = \"t/over\"\nkind = \"threshold\"\nseverity = \"warning\"\nmessage = \"{{amount}} är över {{limit}}, {{limit_value}}, {{period}}.\"\nlimit = \"lou-direkt\"\ncontext = ['direktupphandl']\nunless = ['\\bLUFS?\\b']\n{extra}"
    )
}

#[test]
fn threshold_reports_direct_awards_above_the_limit_in_force() {
    let set = rules(&threshold_pack(""), "", "2026-11-21").unwrap();
    let found = check(
        &set,
        "Direktupphandlingen beräknas till 850 000 kr. Ramavtalet omfattar 900 000 kr.\n\
         Direktupphandling får användas upp till 800 000 kr.\n\
         Direktupphandling får inte användas om värdet överstiger 700 000 kr.\n\
         Direktupphandlingen värderas till högst 700 000 kr.\n\
         Direktupphandling enligt LUF får ske upp till 1 200 000 kr.\n\
         Direktupphandlingen kostar 850 000 kr inkl. moms.\n\
         Direktupphandlingen kostar 1 000 000 kr inkl. moms.",
    );
    assert_eq!(
        matches(&found),
        ["850 000 kr", "800 000 kr", "1 000 000 kr"]
    );
    assert_eq!(
        found[0].message,
        "850 000 kr är över direktupphandlingsgränsen enligt LOU, 700 000 kr, gällande från 2022-02-01."
    );
    assert_eq!(found[0].severity, Severity::Warning);
}

#[test]
fn threshold_within_paragraph_reaches_other_sentences() {
    let text = "Vi gör en direktupphandling. Värdet är 750 000 kr.";
    let sentence = rules(&threshold_pack(""), "", "2026-11-21").unwrap();
    assert!(check(&sentence, text).is_empty());
    let paragraph = rules(
        &threshold_pack("within = \"paragraph\"\n"),
        "",
        "2026-11-21",
    )
    .unwrap();
    assert_eq!(matches(&check(&paragraph, text)), ["750 000 kr"]);
}

#[test]
fn threshold_depends_on_the_as_of_date() {
    let text = "Direktupphandlingens värde är 650 000 kr.";
    let in_2021 = rules(&threshold_pack(""), "", "2021-06-01").unwrap();
    let found = check(&in_2021, text);
    assert_eq!(matches(&found), ["650 000 kr"]);
    assert!(
        found[0]
            .message
            .contains("615 312 kr, gällande 2020-01-01–2021-12-31")
    );
    let in_2026 = rules(&threshold_pack(""), "", "2026-11-21").unwrap();
    assert!(check(&in_2026, text).is_empty());
}

#[test]
fn threshold_never_converts_currencies() {
    let pack = format!(
        "{HEAD}{LOU_LIMITS}\n[[rule]]\nid = \"t/eu\"\nkind = \"threshold\"\nseverity = \"warning\"\nmessage = \"{{amount}} är {{compare}} {{limit}} ({{limit_value}}).\"\nlimit = \"eu-kommun\"\ncompare = \"at-or-above\"\ncontext = ['uppskattade? värde']\n"
    );
    let text = "Det uppskattade värdet är 12 000 000 kr. Det uppskattade värdet är 3 000 000 kr.\n\
                Det uppskattade värdet är 230 000 euro.";
    let in_2025 = rules(&pack, "", "2025-06-01").unwrap();
    let found = check(&in_2025, text);
    assert_eq!(
        matches(&found),
        ["12 000 000 kr", "3 000 000 kr", "230 000 euro"]
    );
    assert!(found[0].message.contains("2 389 585 kr"));
    assert!(found[2].message.contains("221 000 euro"));

    let in_2026 = rules(&pack, "", "2026-11-21").unwrap();
    let found = check(&in_2026, text);
    assert_eq!(matches(&found), ["12 000 000 kr", "230 000 euro"]);
    assert_eq!(found[0].severity, Severity::Info);
    assert!(
        found[0].message.contains("kunde inte jämföras"),
        "{}",
        found[0].message
    );
    assert!(found[0].message.contains("216 000 euro"));
    assert_eq!(found[1].severity, Severity::Warning);

    // The organisation supplies the kronor value; the pack's euro periods stay.
    let config = "[[limit]]\nname = \"eu-kommun\"\nlabel = \"tröskelvärdet för kommuner\"\nvalue = 2400000\nvalid_from = 2026-01-01\nvalid_to = 2027-12-31\n";
    let with_sek = rules(&pack, config, "2026-11-21").unwrap();
    let found = check(&with_sek, text);
    assert_eq!(
        matches(&found),
        ["12 000 000 kr", "3 000 000 kr", "230 000 euro"]
    );
    assert!(found.iter().all(|f| f.severity == Severity::Warning));
    assert!(found[0].message.contains("2 400 000 kr"));
}

fn stale_pack() -> String {
    format!(
        "{HEAD}{LOU_LIMITS}\n[[rule]]\nid = \"t/inaktuell\"\nkind = \"stale-value\"\nseverity = \"error\"\nmessage = \"{{amount}} var {{limit}} {{period}}; nu gäller {{current}}.\"\nlimit = \"lou-direkt\"\ncontext = ['direktupphandl']\n"
    )
}

#[test]
fn stale_value_depends_on_the_as_of_date() {
    let text = "Direktupphandlingsgränsen är 615 312 kronor.";
    let in_2021 = rules(&stale_pack(), "", "2021-06-01").unwrap();
    assert!(check(&in_2021, text).is_empty());
    let in_2026 = rules(&stale_pack(), "", "2026-11-21").unwrap();
    let found = check(&in_2026, text);
    assert_eq!(matches(&found), ["615 312 kronor"]);
    assert_eq!(
        found[0].message,
        "615 312 kr var direktupphandlingsgränsen enligt LOU gällande 2020-01-01–2021-12-31; nu gäller direktupphandlingsgränsen enligt LOU, 700 000 kr, gällande från 2022-02-01."
    );
}

#[test]
fn stale_value_needs_an_earlier_value_not_just_another_figure() {
    let set = rules(&stale_pack(), "", "2026-11-21").unwrap();
    let found = check(
        &set,
        "Direktupphandlingsgränsen är 700 000 kr.\n\
         Direktupphandlingen beräknas till 615 000 kr.\n\
         Direktupphandlingsgränsen är ca 615 000 kr.\n\
         Direktupphandlingsgränsen är ca 600 000 kr.\n\
         Direktupphandlingsgränsen var 615 312 kr under 2020–2021.\n\
         Gränsen är 586 907 kr.\n\
         Direktupphandling över 586 907 kr är inte tillåten.",
    );
    // The span of "ca 615 000 kr" is the amount itself; the qualifier is read, not matched.
    assert_eq!(matches(&found), ["615 000 kr", "586 907 kr"]);
    assert!(found[1].message.contains("gällande 2018-01-01–2019-12-31"));
}

fn kommun_pack() -> String {
    format!(
        "{HEAD}\n[[limit]]\nname = \"konkurrens\"\nlabel = \"gränsen för konkurrensutsättning\"\nvalue = 30000\nvalid_from = 2015-01-01\n\n\
         [[rule]]\nid = \"t/konkurrens\"\nkind = \"stale-value\"\nseverity = \"warning\"\nmessage = \"{{amount}} var {{limit}} {{period}}; nu gäller {{current_value}}.\"\nlimit = \"konkurrens\"\ncontext = ['konkurrens']\n"
    )
}

const KOMMUN_CONFIG: &str = r#"
[[limit]]
name = "konkurrens"
label = "kommunens gräns för konkurrensutsättning"
value = 30000
valid_from = 2015-01-01
valid_to = 2024-12-31
source = "Riktlinjer för upphandling och inköp, KF 2025-03-17 § 45"

[[limit]]
name = "konkurrens"
label = "kommunens gräns för konkurrensutsättning"
value = 100000
valid_from = 2025-01-01
source = "Riktlinjer för upphandling och inköp, KF 2025-03-17 § 45"
"#;

#[test]
fn an_organisations_own_limit_overrides_the_packs() {
    let text = "Om värdet överstiger 30 000 kr ska du konkurrensutsätta köpet.";
    let pack_only = rules(&kommun_pack(), "", "2026-11-21").unwrap();
    assert!(check(&pack_only, text).is_empty());
    let with_config = rules(&kommun_pack(), KOMMUN_CONFIG, "2026-11-21").unwrap();
    let found = check(&with_config, text);
    assert_eq!(matches(&found), ["30 000 kr"]);
    assert_eq!(
        found[0].message,
        "30 000 kr var kommunens gräns för konkurrensutsättning gällande 2015-01-01–2024-12-31; nu gäller 100 000 kr."
    );
    let before = rules(&kommun_pack(), KOMMUN_CONFIG, "2024-06-01").unwrap();
    assert!(check(&before, text).is_empty());
}

#[test]
fn limits_in_prisbasbelopp_follow_the_year() {
    let pack = format!(
        "{HEAD}\n[[rule]]\nid = \"t/halv\"\nkind = \"threshold\"\nseverity = \"warning\"\nmessage = \"{{amount}} över {{limit_value}}\"\nlimit = \"halv-pbb\"\ncontext = ['konkurrens']\n"
    );
    let config = "prisbasbelopp = { 2025 = 58800, 2026 = 59200 }\n[[limit]]\nname = \"halv-pbb\"\npbb = 0.5\nvalid_from = 2025-01-01\n";
    let text = "Köp över 29 500 kr kräver konkurrens.";
    let in_2025 = rules(&pack, config, "2025-06-01").unwrap();
    let found = check(&in_2025, text);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message,
        "29 500 kr över 29 400 kr (0,5 prisbasbelopp för 2025)"
    );
    let in_2026 = rules(&pack, config, "2026-06-01").unwrap();
    assert!(check(&in_2026, text).is_empty());
    let in_2027 = rules(&pack, config, "2027-06-01").unwrap();
    let found = check(&in_2027, text);
    assert_eq!(found[0].severity, Severity::Info);
    assert!(found[0].message.contains("prisbasbeloppet för 2027 saknas"));
}

#[test]
fn unknown_limits_and_bad_periods_are_pack_errors() {
    let pack = format!(
        "{HEAD}[[rule]]\nid = \"t/x\"\nkind = \"threshold\"\nseverity = \"warning\"\nmessage = \"x\"\nlimit = \"lou-direkt\"\ncontext = ['a']\n"
    );
    let error = rules(&pack, "", "2026-01-01").err().unwrap();
    assert!(error.contains("no [[limit]] named `lou-direkt`"), "{error}");
    let config = "[[limit]]\nname = \"a\"\nvalue = 1\nvalid_from = 2025-01-01\n[[limit]]\nname = \"a\"\nvalue = 2\nvalid_from = 2025-06-01\n";
    let error = rules(HEAD, config, "2026-01-01").err().unwrap();
    assert!(error.contains("overlapping periods"), "{error}");
}

fn check_rows(set: &RuleSet, rows: Vec<Vec<&str>>) -> Vec<Finding> {
    set.check_document(&build_document(&example(None, Some(rows))).unwrap())
}

fn cells(found: &[Finding]) -> Vec<String> {
    found
        .iter()
        .map(|f| {
            format!(
                "{}!{}",
                f.location.sheet.as_deref().unwrap_or("?"),
                f.location.cell.as_deref().unwrap_or("?")
            )
        })
        .collect()
}

fn plan() -> Vec<Vec<&'static str>> {
    vec![
        vec![
            "Nr",
            "Område",
            "Förfarande",
            "Uppskattat  värde (kr)",
            "Avtalsstart",
        ],
        vec![
            "1",
            "Konsulttjänster IT",
            "Direktupphandling",
            "300000",
            "2026-02-01",
        ],
        vec![
            "2",
            "konsulttjänster  it",
            "Direktupphandling",
            "250 000 kr",
            "2026-04-01",
        ],
        vec![
            "3",
            "Konsulttjänster IT",
            "Direktupphandling",
            "200000",
            "2026-09-01",
        ],
        vec![
            "4",
            "Städtjänster",
            "Öppet förfarande",
            "12000000",
            "2027-05-01",
        ],
        vec!["5", "Möbler", "Direktupphandling", "850000", "2026-06-01"],
        vec![
            "6",
            "Tryck",
            "Direktupphandling",
            "ca 650 000 kr",
            "2021-05-01",
        ],
        vec!["7", "Arkiv", "Direktupphandling", "=A1*2", "2026-03-01"],
        vec!["8", "Arkiv", "Direktupphandling", "", "2026-03-01"],
        vec![
            "9",
            "Konsulttjänster IT",
            "Öppet förfarande",
            "900000",
            "2026-03-01",
        ],
    ]
}

const SHEET_ROW: &str = "[[rule]]\nid = \"t/plan-over\"\nkind = \"sheet-row\"\nseverity = \"error\"\nmessage = \"{sheet}!{cell}: {label} ({amount}) är över {limit}, {limit_value}, {period}.\"\nwhen = [{ column = 'förfarande', matches = 'direktupphandl' }]\ncolumn = 'uppskattat värde'\nlabel_column = 'område'\nlimit = \"lou-direkt\"\n";

#[test]
fn sheet_row_finds_direct_awards_above_the_limit() {
    let set = rules(&format!("{HEAD}{LOU_LIMITS}{SHEET_ROW}"), "", "2026-11-21").unwrap();
    let found = check_rows(&set, plan());
    assert_eq!(cells(&found), ["Plan 2026!D6"]);
    assert_eq!(found[0].matched, "850000");
    assert_eq!(
        found[0].message,
        "Plan 2026!D6: Möbler (850 000 kr) är över direktupphandlingsgränsen enligt LOU, 700 000 kr, gällande från 2022-02-01."
    );
    // A text document is not a sheet: the kind says nothing there.
    assert!(check(&set, "Direktupphandling 850 000 kr").is_empty());
}

#[test]
fn sheet_row_can_use_each_rows_date() {
    let pack = format!("{HEAD}{LOU_LIMITS}{SHEET_ROW}date_column = 'avtalsstart'\n");
    let set = rules(&pack, "", "2026-11-21").unwrap();
    let found = check_rows(&set, plan());
    // Row 7 starts in 2021, when the limit was 615 312 kr.
    assert_eq!(cells(&found), ["Plan 2026!D6", "Plan 2026!D7"]);
    assert!(
        found[1]
            .message
            .contains("615 312 kr, gällande 2020-01-01–2021-12-31")
    );
}

#[test]
fn sheet_row_reports_empty_cells_and_amounts_written_as_text() {
    let pack = format!(
        "{HEAD}[[rule]]\nid = \"t/tomt-pris\"\nkind = \"sheet-row\"\nseverity = \"error\"\nmessage = \"À-pris saknas för {{label}} ({{cell}}).\"\nwhen = [{{ column = 'antal' }}]\ncolumn = 'à-pris'\nlabel_column = '^artikel'\nempty = true\n\n\
         [[rule]]\nid = \"t/text\"\nkind = \"sheet-row\"\nseverity = \"info\"\nmessage = \"{{cell}}: beloppet {{amount}} är skrivet som text.\"\ncolumn = 'à-pris'\ntext_amount = true\n"
    );
    let set = rules(&pack, "", "2026-11-21").unwrap();
    let rows = vec![
        vec!["Pos", "Artikel", "Antal", "À-pris (kr)", "Summa (kr)"],
        vec!["1", "Papper", "400", "42.5", "=C2*D2"],
        vec!["2", "Penna", "600", "", "=C3*D3"],
        vec!["3", "Gem", "150", "6 kr", "=C4*D4"],
        vec!["4", "Pärm", "180", "=E1", "=C5*D5"],
        vec!["", "Summa totalt", "", "", "=SUM(E2:E5)"],
        vec!["Not: priser exklusive moms."],
    ];
    let found = check_rows(&set, rows);
    assert_eq!(cells(&found), ["Plan 2026!D3", "Plan 2026!D4"]);
    assert_eq!(found[0].message, "À-pris saknas för Penna (D3).");
    assert_eq!(found[0].matched, "");
    assert_eq!(found[1].rule, "t/text");
    assert_eq!(found[1].message, "D4: beloppet 6 kr är skrivet som text.");
}

const AGGREGATE: &str = "[[rule]]\nid = \"t/summa\"\nkind = \"sheet-aggregate\"\nseverity = \"info\"\nmessage = \"Direktupphandlingarna inom {group} ({cells}) är tillsammans {sum}, över {limit} ({limit_value}).\"\nwhen = [{ column = 'förfarande', matches = 'direktupphandl' }]\ngroup_by = 'område'\nsum = 'uppskattat värde'\nlimit = \"lou-direkt\"\n";

#[test]
fn sheet_aggregate_sums_each_group() {
    let set = rules(&format!("{HEAD}{LOU_LIMITS}{AGGREGATE}"), "", "2026-11-21").unwrap();
    let found = check_rows(&set, plan());
    assert_eq!(cells(&found), ["Plan 2026!D2"]);
    assert_eq!(
        found[0].message,
        "Direktupphandlingarna inom Konsulttjänster IT (D2, D3, D4) är tillsammans 750 000 kr, över direktupphandlingsgränsen enligt LOU (700 000 kr)."
    );
    assert_eq!(found[0].related.len(), 2);
    assert_eq!(found[0].related[1].location.cell.as_deref(), Some("D4"));
    assert_eq!(found[0].severity, Severity::Info);

    let strict = rules(
        &format!("{HEAD}{LOU_LIMITS}{AGGREGATE}min_rows = 4\n"),
        "",
        "2026-11-21",
    )
    .unwrap();
    assert!(check_rows(&strict, plan()).is_empty());
}

#[test]
fn sheet_rules_ask_for_a_value_they_cannot_compare() {
    let pack = format!(
        "{HEAD}{LOU_LIMITS}[[rule]]\nid = \"t/eu\"\nkind = \"sheet-row\"\nseverity = \"warning\"\nmessage = \"{{cell}} {{amount}} är över {{limit_value}}\"\ncolumn = 'värde'\nlimit = \"eu-kommun\"\n"
    );
    let set = rules(&pack, "", "2026-11-21").unwrap();
    let rows = vec![
        vec!["Område", "Värde"],
        vec!["Bygg", "25000000"],
        vec!["Städ", "12000000"],
        vec!["Konsult", "250 000 euro"],
    ];
    let found = check_rows(&set, rows);
    assert_eq!(cells(&found), ["Plan 2026!B2", "Plan 2026!B4"]);
    assert_eq!(found[0].severity, Severity::Info);
    assert!(found[0].message.contains("kunde inte jämföras"));
    assert_eq!(found[1].message, "B4 250 000 euro är över 216 000 euro");
}

#[test]
fn sheet_rule_parameters_are_checked() {
    let both = format!(
        "{HEAD}{LOU_LIMITS}[[rule]]\nid = \"t/x\"\nkind = \"sheet-row\"\nseverity = \"error\"\nmessage = \"x\"\ncolumn = 'a'\nlimit = \"lou-direkt\"\nempty = true\n"
    );
    assert!(
        rules(&both, "", "2026-01-01")
            .err()
            .unwrap()
            .contains("exactly one thing")
    );
    let bad_condition = format!(
        "{HEAD}[[rule]]\nid = \"t/x\"\nkind = \"sheet-row\"\nseverity = \"error\"\nmessage = \"x\"\ncolumn = 'a'\nempty = true\nwhen = [{{ column = 'b', matchs = 'c' }}]\n"
    );
    assert!(
        rules(&bad_condition, "", "2026-01-01")
            .err()
            .unwrap()
            .contains("matchs")
    );
    let two_tests = format!(
        "{HEAD}[[rule]]\nid = \"t/x\"\nkind = \"sheet-row\"\nseverity = \"error\"\nmessage = \"x\"\ncolumn = 'a'\npattern = 'x'\nwhen = [{{ column = 'b', matches = 'c', not_before = 2022-02-01 }}]\n"
    );
    assert!(
        rules(&two_tests, "", "2026-01-01")
            .err()
            .unwrap()
            .contains("one of `matches`, `filled` or `not_before`")
    );
}

fn labour_pack() -> String {
    format!(
        "{HEAD}{LOU_LIMITS}[[rule]]\nid = \"t/arbetsratt\"\nkind = \"required\"\nseverity = \"warning\"\nmessage = \"Värdet {{value}} når {{limit}} ({{limit_value}}) men {{missing}} saknas.\"\ntrigger = ['städ']\nany = ['arbetsrättsliga villkor']\nmissing = \"arbetsrättsliga villkor\"\nvalue_at_least = {{ limit = \"eu-kommun\", context = 'uppskattade? (kontrakts)?värde|avtalets värde' }}\n"
    )
}

#[test]
fn required_rules_can_apply_only_at_or_above_a_limit() {
    let above = "Upphandlingen avser städtjänster.\nDet uppskattade värdet är 12 000 000 kr för hela avtalsperioden.";
    let below = "Upphandlingen avser städtjänster.\nDet uppskattade värdet är 900 000 kr.";
    let silent = "Upphandlingen avser städtjänster.";
    let fulfilled = "Upphandlingen avser städtjänster.\nDet uppskattade värdet är 12 000 000 kr.\nVi ställer arbetsrättsliga villkor.";
    let in_2025 = rules(&labour_pack(), "", "2025-06-01").unwrap();
    let found = check(&in_2025, above);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message,
        "Värdet 12 000 000 kr når tröskelvärdet för kommuner (2 389 585 kr) men arbetsrättsliga villkor saknas."
    );
    assert!(check(&in_2025, below).is_empty());
    assert!(check(&in_2025, silent).is_empty());
    assert!(check(&in_2025, fulfilled).is_empty());

    // 2026: the threshold is only known in euro, so the rule says it could not compare.
    let in_2026 = rules(&labour_pack(), "", "2026-11-21").unwrap();
    let found = check(&in_2026, above);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Info);
    assert_eq!(found[0].matched, "12 000 000 kr");
    assert!(
        found[0].message.contains("216 000 euro"),
        "{}",
        found[0].message
    );
    assert!(check(&in_2026, fulfilled).is_empty());
    let euro = "Upphandlingen avser städtjänster.\nDet uppskattade värdet är 1 100 000 euro.";
    assert_eq!(check(&in_2026, euro)[0].severity, Severity::Warning);
}

/// An organisation's `upplint.toml` that supplies the 2026–2027 kronor value of the EU threshold for
/// municipalities, which upplint does not ship (it is not verified).
///
/// TEST VALUE: 2 000 000 kr is made up for this test. It is NOT the real threshold.
const ORG_WITH_TEST_THRESHOLD: &str = r#"packs = ["lou", "hallbarhet"]

# TESTVÄRDE: påhittat för upplints tester. Det är INTE det verkliga tröskelvärdet för 2026–2027.
[[limit]]
name = "eu-troskel-kommun"
label = "EU:s tröskelvärde för varor och tjänster hos kommuner och regioner"
currency = "SEK"
value = 2000000
valid_from = 2026-01-01
valid_to = 2027-12-31
source = "TESTVÄRDE i upplints tester, inte ett verkligt tröskelvärde"
"#;

/// The embedded packs, with or without the organisation's test value, as of 2026-11-21.
fn embedded_packs(config: Option<&str>) -> RuleSet {
    let dir = tempfile::tempdir().unwrap();
    let options = match config {
        Some(body) => {
            write(dir.path(), "upplint.toml", body);
            LoadOptions {
                config: Some(dir.path().join("upplint.toml")),
                ..LoadOptions::default()
            }
        }
        None => LoadOptions {
            no_config: true,
            ..LoadOptions::default()
        },
    };
    let loaded = load(&options).unwrap();
    RuleSet::compile(&loaded, Env::from_layers(&loaded, date("2026-11-21"))).unwrap()
}

fn labour_findings(set: &RuleSet, text: &str) -> Vec<Finding> {
    check(set, text)
        .into_iter()
        .filter(|f| f.rule == "hallbarhet/arbetsrattsliga-villkor")
        .collect()
}

#[test]
fn labour_law_conditions_compare_with_the_kronor_threshold_an_organisation_supplies() {
    let cleaning = |value: &str| {
        format!(
            "Upphandlingen avser städtjänster.\nDet uppskattade värdet är {value} för hela avtalsperioden."
        )
    };
    let org = embedded_packs(Some(ORG_WITH_TEST_THRESHOLD));

    let above = labour_findings(&org, &cleaning("12 000 000 kr"));
    assert_eq!(above.len(), 1, "{above:#?}");
    assert_eq!(above[0].severity, Severity::Warning);
    assert!(
        above[0]
            .message
            .contains("12 000 000 kr når EU:s tröskelvärde för varor och tjänster hos kommuner och regioner (2 000 000 kr)"),
        "{}",
        above[0].message
    );
    assert!(above[0].message.contains("17 kap. 2–5 §§ LOU"));

    assert!(labour_findings(&org, &cleaning("1 500 000 kr")).is_empty());

    let unstated = labour_findings(&org, "Upphandlingen avser städtjänster.");
    assert_eq!(unstated.len(), 1);
    assert_eq!(unstated[0].severity, Severity::Info);
    assert!(unstated[0].message.contains(
        "Dokumentet anger inget värde som upplint kan jämföra med EU:s tröskelvärde för varor och tjänster hos kommuner och regioner, 2 000 000 kr, gällande 2026-01-01–2027-12-31"
    ));

    // The organisation gave no kronor value for works: a works contract cannot be compared.
    let works = labour_findings(
        &org,
        "Kommunen upphandlar en totalentreprenad för en ny skola.\nDet uppskattade värdet är 90 000 000 kr.",
    );
    assert_eq!(works.len(), 1);
    assert_eq!(works[0].severity, Severity::Info);
    assert!(
        works[0].message.contains("name = \"eu-troskel-bygg\""),
        "{}",
        works[0].message
    );

    // Without the organisation's value, the 2026 threshold is known in euro only.
    let shipped = embedded_packs(None);
    let found = labour_findings(&shipped, &cleaning("12 000 000 kr"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Info);
    assert!(found[0].message.contains("216 000 euro"));
    assert!(
        found[0]
            .message
            .contains("ange värdet i kronor för perioden i upplint.toml ([[limit]] med name = \"eu-troskel-kommun\" och currency = \"SEK\")")
    );
}

#[test]
fn value_conditions_are_checked_when_packs_load() {
    let gate = |extra: &str| {
        format!(
            "{HEAD}{LOU_LIMITS}[[rule]]\nid = \"t/arbetsratt\"\nkind = \"required\"\nseverity = \"warning\"\nmessage = \"x\"\ntrigger = ['städ']\nany = ['arbetsrättsliga villkor']\nvalue_at_least = {{ limit = \"eu-kommun\", context = 'värde'{extra} }}\n"
        )
    };
    let alone = rules(&gate(", unknown = \"info\""), "", "2026-01-01").err();
    assert!(alone.unwrap().contains("go together"));
    let typo = rules(
        &gate(", limit_if = [{ trigger = 'bygg', limit = \"eu-kommn\" }]"),
        "",
        "2026-01-01",
    )
    .err();
    assert!(typo.unwrap().contains("eu-kommn"));
    let placeholder = rules(
        &gate(", unknown = \"info\", unknown_message = \"{reson}\""),
        "",
        "2026-01-01",
    )
    .err();
    assert!(placeholder.unwrap().contains("reson"));
    assert!(
        rules(
            &gate(", unknown = \"info\", unknown_message = \"{missing}: {reason}\""),
            "",
            "2026-01-01"
        )
        .is_ok()
    );
}

const ONE_VALUE_LIMIT: &str = r#"
[[limit]]
name = "dok"
label = "gränsen för dokumentation"
value = 100000
valid_from = 2022-02-01
source = "test"
"#;

#[test]
fn stale_value_can_report_any_other_figure_of_a_limit_with_one_value() {
    let pack = |other: bool| {
        format!(
            "{HEAD}{ONE_VALUE_LIMIT}[[rule]]\nid = \"t/dok\"\nkind = \"stale-value\"\nseverity = \"warning\"\nmessage = \"{{amount}} är inte {{limit}} ({{current_value}})\"\nlimit = \"dok\"\ncontext = ['dokumenter']\nother_values = {other}\n"
        )
    };
    let text = "Köp över 50 000 kr ska dokumenteras.\nKöp som uppgår till minst 100 000 kr ska dokumenteras.\nKöp på 100 000 kr och mer ska dokumenteras, men inte köp på 40 000 kr.\nKöp upp till 700 000 kr ska dokumenteras.";
    let set = rules(&pack(true), "", "2026-11-21").unwrap();
    let found = check(&set, text);
    assert_eq!(matches(&found), ["50 000 kr"]);
    assert_eq!(
        found[0].message,
        "50 000 kr är inte gränsen för dokumentation (100 000 kr)"
    );
    // Without other_values, 50 000 kr was never a value of the limit: nothing.
    assert!(check(&rules(&pack(false), "", "2026-11-21").unwrap(), text).is_empty());
    // Before the limit was in force there is no value to differ from.
    assert!(check(&rules(&pack(true), "", "2021-06-01").unwrap(), text).is_empty());
}
