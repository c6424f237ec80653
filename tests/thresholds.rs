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
