//! Rule packs end to end: each kind on documents built in code, layering and locks, and broken packs.

use std::path::Path;
use std::process::Command;
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

/// A rule set of one local pack (and an optional config body added after `packs = ["./p"]`).
fn rules(pack: &str, config: &str) -> Result<RuleSet, String> {
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
    .map_err(|e| {
        e.problems
            .iter()
            .map(|p| p.short())
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let env = Env::from_layers(
        &loaded,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
    );
    RuleSet::compile(&loaded, env).map_err(|e| {
        e.problems
            .iter()
            .map(|p| p.short())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn check(set: &RuleSet, text: &str) -> Vec<Finding> {
    check_file(set, text, "anbud.docx")
}

fn check_file(set: &RuleSet, text: &str, file: &str) -> Vec<Finding> {
    let example = ExampleDef {
        text: Some(toml::Spanned::new(0..0, text.to_string())),
        rows: None,
        sheet: None,
        file: Some(file.to_string()),
        properties: None,
        as_of: None,
        findings: None,
        matches: None,
        message_contains: None,
        severity: None,
    };
    set.check_document(&build_document(&example).unwrap())
}

const HEAD: &str = "[pack]\nname = \"t\"\nversion = \"1.0.0\"\ndescription = \"test\"\n";

#[test]
fn pattern_rules_find_words_and_regexes_with_locations() {
    let set = rules(
        &format!(
            "{HEAD}[[rule]]\nid = \"t/lorem\"\nkind = \"pattern\"\nseverity = \"error\"\nmessage = \"Blindtext: {{match}}\"\nwords = [\"lorem ipsum\"]\npatterns = ['20XX']\n"
        ),
        "",
    )
    .unwrap();
    let found = check(
        &set,
        "# 1 Inledning\n## 1.1 Omfattning\nAvtalet gäller från 20XX. Lorem Ipsum dolor.",
    );
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].matched, "20XX");
    assert_eq!(found[0].location.heading, ["1 Inledning", "1.1 Omfattning"]);
    assert_eq!(found[0].location.paragraph, 3);
    assert_eq!(found[1].message, "Blindtext: Lorem Ipsum");
    assert_eq!((found[1].start, found[1].end), (26, 37));
}

#[test]
fn substitution_rules_suggest_and_catch_inflected_forms() {
    let set = rules(
        &format!(
            "{HEAD}[[rule]]\nid = \"t/ord\"\nkind = \"substitution\"\nseverity = \"warning\"\nmessage = \"Skriv {{suggestion}} i stället för {{match}}.\"\n[[rule.word]]\nforms = [\"erforderlig\", \"erforderligt\", \"erforderliga\"]\nsuggestion = \"nödvändig\"\n[[rule.word]]\npattern = 'tillse(s|tt)?'\nsuggestion = \"se till\"\n"
        ),
        "",
    )
    .unwrap();
    let found = check(
        &set,
        "Erforderliga intyg ska bifogas. Köparen tillses. Ett erforderligtvis ord.",
    );
    let matches: Vec<&str> = found.iter().map(|f| f.matched.as_str()).collect();
    assert_eq!(matches, ["Erforderliga", "tillses"]);
    assert_eq!(found[0].suggestion.as_deref(), Some("Nödvändig"));
    assert_eq!(
        found[0].message,
        "Skriv Nödvändig i stället för Erforderliga."
    );
    assert_eq!(found[0].severity, Severity::Warning);
}

#[test]
fn substitution_words_can_be_milder_or_exceptions() {
    let set = rules(
        &format!(
            "{HEAD}[[rule]]\nid = \"t/icke\"\nkind = \"substitution\"\nseverity = \"warning\"\nmessage = \"{{suggestion}}\"\n[[rule.word]]\nforms = [\"icke\"]\nsuggestion = \"inte\"\n[[rule.word]]\nforms = [\"icke tillämpligt\"]\nsuggestion = \"gäller inte\"\nseverity = \"info\"\n[[rule.word]]\npattern = 'icke-\\w+|principen om icke diskriminering'\nexception = true\n"
        ),
        "",
    )
    .unwrap();
    let found = check(
        &set,
        "Anbudet är icke komplett. Punkt 4: Icke tillämpligt.\nPrincipen om icke-diskriminering gäller, liksom principen om icke diskriminering.",
    );
    let got: Vec<(&str, Severity)> = found
        .iter()
        .map(|f| (f.matched.as_str(), f.severity))
        .collect();
    assert_eq!(
        got,
        [
            ("icke", Severity::Warning),
            ("Icke tillämpligt", Severity::Info)
        ]
    );
    let broken = rules(
        &format!(
            "{HEAD}[[rule]]\nid = \"t/x\"\nkind = \"substitution\"\nseverity = \"info\"\nmessage = \"m\"\n[[rule.word]]\nforms = [\"ej\"]\n"
        ),
        "",
    );
    let Err(problems) = broken else {
        panic!("a word without a suggestion must not compile")
    };
    assert!(problems.contains("has no `suggestion`"), "{problems}");
}

#[test]
fn required_rules_report_what_is_missing_under_the_right_heading() {
    let pack = format!(
        "{HEAD}[[rule]]\nid = \"t/villkor\"\nkind = \"required\"\nseverity = \"warning\"\nmessage = \"Saknas: {{missing}} ({{trigger}})\"\ntrigger = ['städ']\nany = ['arbetsrättsliga villkor', 'kollektivavtal']\nunder_heading = 'avtalsvillkor'\nmissing = \"arbetsrättsliga villkor\"\n"
    );
    let set = rules(&pack, "").unwrap();
    let missing = check(
        &set,
        "# 1 Uppdrag\nStädtjänster i skolor.\n# 5 Avtalsvillkor\nBetalning sker mot faktura.",
    );
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].message, "Saknas: arbetsrättsliga villkor (Städ)");
    assert_eq!(
        missing[0].matched, "5 Avtalsvillkor",
        "points at the heading where it belongs"
    );
    let elsewhere = check(
        &set,
        "# 1 Uppdrag\nStädtjänster. Kollektivavtal gäller.\n# 5 Avtalsvillkor\nBetalning.",
    );
    assert_eq!(
        elsewhere.len(),
        1,
        "present, but not under the required heading"
    );
    let present = check(
        &set,
        "# 1 Uppdrag\nStädtjänster.\n# 5 Avtalsvillkor\nLön enligt kollektivavtal.",
    );
    assert!(present.is_empty());
    let no_trigger = check(&set, "# 1 Uppdrag\nKontorsmaterial.");
    assert!(no_trigger.is_empty());
}

#[test]
fn policy_rules_find_retired_references_and_missing_current_ones() {
    let pack = format!(
        "{HEAD}[[rule]]\nid = \"t/upphavd\"\nkind = \"policy\"\nseverity = \"error\"\nmessage = \"{{policy}} ({{decided}}) är upphävd; hänvisa till {{replacement}}.\"\nmode = \"retired\"\n\n[[rule]]\nid = \"t/saknas\"\nkind = \"policy\"\nseverity = \"warning\"\nmessage = \"Hänvisa till {{current}}.\"\nmode = \"missing\"\ntrigger = ['direktupphandl']\n\n[[policy]]\nid = \"riktlinjer-2025\"\ntitle = \"Riktlinjer för upphandling och inköp\"\nstatus = \"current\"\n\n[[policy]]\nid = \"policy-2019\"\ntitle = \"Upphandlingspolicy\"\nstatus = \"retired\"\nreplaced_by = \"riktlinjer-2025\"\ndecided = \"2019-06-19\"\ndecided_by = \"KF\"\ndnr = \"KS 2019/777\"\n"
    );
    let set = rules(&pack, "").unwrap();
    let found = check(
        &set,
        "Direktupphandling görs enligt Upphandlingspolicy (Dnr KS 2019/777).",
    );
    let ids: Vec<&str> = found.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(
        ids,
        ["t/saknas", "t/upphavd", "t/upphavd"],
        "document-level findings come first"
    );
    assert_eq!(
        found[1].message,
        "Upphandlingspolicy (KF 2019-06-19) är upphävd; hänvisa till Riktlinjer för upphandling och inköp."
    );
    assert_eq!(
        found[1].suggestion.as_deref(),
        Some("Riktlinjer för upphandling och inköp")
    );
    assert!(
        check(
            &set,
            "Direktupphandling görs enligt Riktlinjer för upphandling och inköp."
        )
        .is_empty()
    );
    // A config layer can replace the register: the org's own retired title is then found.
    let overridden = rules(&pack, "[[policy]]\nid = \"riktlinjer-2025\"\ntitle = \"Riktlinjer för upphandling och inköp\"\nstatus = \"retired\"\n").unwrap();
    assert_eq!(
        check(&overridden, "Enligt Riktlinjer för upphandling och inköp.").len(),
        1
    );
}

#[test]
fn hygiene_rules_find_leftovers_but_not_supplier_fields() {
    let pack = format!(
        "{HEAD}[[rule]]\nid = \"t/kommentar\"\nkind = \"hygiene\"\nseverity = \"error\"\nmessage = \"Kommentar av {{author}}: {{comment}}\"\ncheck = \"comments\"\n\n[[rule]]\nid = \"t/spar\"\nkind = \"hygiene\"\nseverity = \"error\"\nmessage = \"Spårad ändring: {{change}}\"\ncheck = \"tracked-changes\"\n\n[[rule]]\nid = \"t/dold\"\nkind = \"hygiene\"\nseverity = \"error\"\nmessage = \"Dold text\"\ncheck = \"hidden-text\"\n\n[[rule]]\nid = \"t/falt\"\nkind = \"hygiene\"\nseverity = \"error\"\nmessage = \"Ifyllnadsfält: {{label}}\"\ncheck = \"placeholders\"\nsupplier_fields = 'leverantörens svar|pris'\n\n[[rule]]\nid = \"t/egenskaper\"\nkind = \"hygiene\"\nseverity = \"info\"\nmessage = \"{{property}}: {{value}}\"\ncheck = \"properties\"\n"
    );
    let set = rules(&pack, "").unwrap();
    let text = "Kontaktperson: <placeholder>Klicka eller tryck här för att ange text.</placeholder>\n| Krav | Leverantörens svar |\n| Miljöbil | <placeholder>Klicka här</placeholder> |\n| Leasing | <placeholder>Klicka här</placeholder> |\nPriset är <del>60</del><ins>90</ins> kr.\n<hidden>Intern notering.</hidden>\nSe <comment author=\"Anna\" text=\"Stämmer detta?\">punkt 4</comment>.";
    let found = check(&set, text);
    let summary: Vec<(&str, &str)> = found
        .iter()
        .map(|f| (f.rule.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "t/falt",
                "2 svarsfält för leverantören (avsiktliga platshållare): leverantören fyller i dem i sitt anbud. Kontrollera att inget av dem är ett fält som ni själva ska fylla i."
            ),
            ("t/falt", "Ifyllnadsfält: Kontaktperson"),
            (
                "t/spar",
                "Spårad ändring: borttagen text \u{201d}60\u{201d}"
            ),
            ("t/spar", "Spårad ändring: infogad text \u{201d}90\u{201d}"),
            ("t/dold", "Dold text"),
            ("t/kommentar", "Kommentar av Anna: Stämmer detta?"),
        ]
    );
    assert_eq!(
        found[0].severity,
        Severity::Info,
        "supplier fields are one info summary"
    );
    assert_eq!(found[1].severity, Severity::Error);
}

#[test]
fn layers_change_severity_disable_by_prefix_and_set_parameters() {
    let pack = format!(
        "{HEAD}[[rule]]\nid = \"t/a\"\nkind = \"pattern\"\nseverity = \"error\"\nmessage = \"a\"\nwords = [\"alfa\"]\n\n[[rule]]\nid = \"t/b\"\nkind = \"pattern\"\nseverity = \"error\"\nmessage = \"b\"\nwords = [\"beta\"]\n"
    );
    let set = rules(
        &pack,
        "[rules]\n\"t/a\" = \"info\"\n\"t/b\" = { words = [\"gamma\"] }\n",
    )
    .unwrap();
    let found = check(&set, "alfa beta gamma");
    let got: Vec<(&str, Severity, &str)> = found
        .iter()
        .map(|f| (f.rule.as_str(), f.severity, f.matched.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("t/a", Severity::Info, "alfa"),
            ("t/b", Severity::Error, "gamma")
        ]
    );
    let off = rules(&pack, "[rules]\n\"t/\" = \"off\"\n").unwrap();
    assert!(check(&off, "alfa beta").is_empty());
    let templates = rules(
        &pack,
        "[[override]]\nfiles = [\"mallar/**\"]\nrules = { \"t/a\" = \"off\" }\n",
    )
    .unwrap();
    assert_eq!(check_file(&templates, "alfa", "mallar/mall.docx").len(), 0);
    assert_eq!(check_file(&templates, "alfa", "utkast/anbud.docx").len(), 1);
}

#[test]
fn a_locked_rule_cannot_be_switched_off_by_a_later_layer() {
    let pack = format!(
        "{HEAD}[[rule]]\nid = \"t/a\"\nkind = \"pattern\"\nseverity = \"error\"\nmessage = \"a\"\nwords = [\"alfa\"]\nlocked = true\n"
    );
    let error = rules(&pack, "[rules]\n\"t/a\" = \"off\"\n").err().unwrap();
    assert!(
        error.contains("upplint.toml:3: rule `t/a` is locked by pack `t`"),
        "{error}"
    );
    let error = rules(
        &pack,
        "[[override]]\nfiles = [\"*.docx\"]\nrules = { \"t/a\" = \"off\" }\n",
    )
    .err()
    .unwrap();
    assert!(error.contains("is locked by pack `t`"), "{error}");
    assert!(
        rules(&pack, "[rules]\n\"t/a\" = \"warning\"\n").is_ok(),
        "changing severity is allowed"
    );
}

#[test]
fn pack_mistakes_are_reported_with_file_and_line() {
    let cases = [
        ("[pack\nname = 1", "pack.toml:1:"),
        (
            &format!(
                "{HEAD}[[rule]]\nid = \"t/a\"\nkind = \"pattern\"\nseverity = \"error\"\nmessage = \"a\"\npatterns = ['(oavslutad']\n"
            ) as &str,
            "pack.toml:10: the regular expression does not compile",
        ),
        (
            &format!(
                "{HEAD}[[rule]]\nid = \"t/a\"\nkind = \"pattern\"\nseverity = \"error\"\nmesage = \"a\"\nwords = [\"x\"]\n"
            ),
            "pack.toml:9: unknown field `mesage` in [[rule]]",
        ),
        (
            &format!(
                "{HEAD}[[rule]]\nid = \"t/a\"\nkind = \"patern\"\nseverity = \"error\"\nmessage = \"a\"\n"
            ),
            "pack.toml:7: unknown rule kind `patern`",
        ),
        (
            &format!(
                "{HEAD}[[rule]]\nid = \"t/a\"\nkind = \"pattern\"\nseverity = \"error\"\nmessage = \"a\"\npatterns = [\"\\bskall\\b\"]\n"
            ),
            "pack.toml:10: the pattern contains the control character U+0008",
        ),
        (
            &format!(
                "{HEAD}[[rule]]\nid = \"t/a\"\nkind = \"pattern\"\nseverity = \"error\"\nmessage = \"a\"\nwords = [\"x\"]\n[[rule]]\nid = \"t/a\"\nkind = \"pattern\"\nseverity = \"error\"\nmessage = \"b\"\nwords = [\"y\"]\n"
            ),
            "pack.toml:12: duplicate rule id `t/a`",
        ),
        (
            &format!(
                "{HEAD}[[rule]]\nid = \"t/a\"\nkind = \"pattern\"\nseverity = \"fatal\"\nmessage = \"a\"\nwords = [\"x\"]\n"
            ),
            "pack.toml:8:",
        ),
        (
            &format!(
                "{HEAD}[[rule]]\nid = \"t/a\"\nkind = \"pattern\"\nseverity = \"error\"\nmessage = \"{{okand}}\"\nwords = [\"x\"]\n"
            ),
            "pack.toml:9: unknown placeholder `{okand}`",
        ),
    ];
    for (pack, expected) in cases {
        let error = rules(pack, "").err().unwrap_or_default();
        assert!(
            error.contains(expected),
            "expected `{expected}` in:\n{error}"
        );
    }
}

#[test]
fn unknown_fields_get_the_closest_valid_name() {
    let pack = format!(
        "{HEAD}[[rule]]\nid = \"t/a\"\nkind = \"pattern\"\nseverity = \"error\"\nmessage = \"a\"\nwrods = [\"x\"]\n"
    );
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p/pack.toml", &pack);
    let out = Command::new(env!("CARGO_BIN_EXE_upplint"))
        .args(["test-packs"])
        .arg(dir.path().join("p"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unknown field `wrods`") && stderr.contains("did you mean `words`?"),
        "{stderr}"
    );
    assert!(stderr.contains("pack.toml:10:"), "{stderr}");
}

#[test]
fn test_packs_runs_examples_and_points_at_the_failing_one() {
    let dir = tempfile::tempdir().unwrap();
    let pack = format!(
        "{HEAD}[[rule]]\nid = \"t/a\"\nkind = \"pattern\"\nseverity = \"error\"\nmessage = \"a\"\nwords = [\"alfa\"]\n[[rule.example]]\ntext = \"alfa\"\nfindings = 1\n[[rule.example]]\ntext = \"alfa och alfa\"\nfindings = 1\n"
    );
    write(dir.path(), "p/pack.toml", &pack);
    let out = Command::new(env!("CARGO_BIN_EXE_upplint"))
        .arg("test-packs")
        .arg(dir.path().join("p"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("example 2 of `t/a` fails: expected 1 finding(s), got 2"),
        "{stderr}"
    );
    assert!(stderr.contains("pack.toml:15:"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 passed, 1 failed"));
}

#[test]
fn the_cli_exits_2_on_a_broken_config() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "upplint.toml",
        "[rules]\n\"publicering/platshallare\" = \"av\"\n",
    );
    write(dir.path(), "a.txt", "text\n");
    let out = Command::new(env!("CARGO_BIN_EXE_upplint"))
        .arg("check")
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unknown severity `av`") && stderr.contains("upplint.toml:2:"),
        "{stderr}"
    );
}

#[test]
fn required_all_needs_every_pattern() {
    let pack = format!(
        "{HEAD}[[rule]]\nid = \"t/ilo\"\nkind = \"required\"\nseverity = \"info\"\nmessage = \"Ange alla tio ILO-konventioner.\"\ntrigger = ['ILO']\nall = ['\\b155\\b', '\\b187\\b']\n"
    );
    let set = rules(&pack, "").unwrap();
    assert_eq!(
        check(
            &set,
            "ILO:s kärnkonventioner nr 29, 87, 98, 100, 105, 111, 138 och 182."
        )
        .len(),
        1
    );
    assert_eq!(
        check(
            &set,
            "ILO:s kärnkonventioner nr 29, 87, 98, 100, 105, 111, 138, 155, 182 och 187."
        )
        .len(),
        0
    );
}

#[test]
fn readability_flags_long_sentences_by_level_and_hard_sections() {
    let pack = format!(
        "{HEAD}[[rule]]\nid = \"t/mening\"\nkind = \"readability\"\nseverity = \"warning\"\nmessage = \"{{words}} ord (över {{limit}})\"\nmeasure = \"sentence-length\"\nlevels = {{ info = 10, warning = 20 }}\n\n[[rule]]\nid = \"t/lix\"\nkind = \"readability\"\nseverity = \"warning\"\nmessage = \"LIX {{lix}} i {{section}}\"\nmeasure = \"lix\"\nlevels = {{ info = 40 }}\nmin_words = 5\n"
    );
    let set = rules(&pack, "").unwrap();
    let twelve = "Ett två tre fyra fem sex sju åtta nio tio elva tolv.";
    let long = "Ett två tre fyra fem sex sju åtta nio tio elva tolv tretton fjorton femton sexton sjutton arton nitton tjugo tjugoett.";
    let found = check(
        &set,
        &format!(
            "# 1 Lätt\nJag gick hem. Det var bra. {twelve}\n# 2 Svårt\nUpphandlingsdokumentation tillhandahålles upphandlingsmyndigheten. {long}"
        ),
    );
    let got: Vec<(&str, Severity, &str)> = found
        .iter()
        .map(|f| (f.rule.as_str(), f.severity, f.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("t/mening", Severity::Info, "12 ord (över 10)"),
            ("t/lix", Severity::Info, "LIX 41 i 2 Svårt"),
            ("t/mening", Severity::Warning, "21 ord (över 20)"),
        ]
    );
    assert_eq!(
        found[1].matched, "2 Svårt",
        "a section's LIX points at its heading"
    );
}
