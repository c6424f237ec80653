//! Suppressions: Word comments (`upplint-ignorera: RULE reason`, and replies to upplint's annotation
//! comments) and `[[ignore]]` in upplint.toml each remove exactly their findings; suppressions without a
//! reason, and ones that suppress nothing, are reported.

mod common;

use common::*;
use upplint::finding::Finding;
use upplint::model::{Block, Document, Location, Part};
use upplint::suppress::builtin::{UNUSED, WITHOUT_REASON};
use upplint::suppress::comments::{apply, suppressions};

fn checked(doc: &Document) -> (Vec<Finding>, Vec<Finding>) {
    let set = rule_set();
    let before = set.check_document(doc);
    let after = apply(doc, &set, before.clone());
    (before, after)
}

fn summary(findings: &[Finding]) -> Vec<(String, String)> {
    findings
        .iter()
        .map(|f| (f.rule.clone(), f.matched.clone()))
        .collect()
}

fn pair(rule: &str, matched: &str) -> (String, String) {
    (rule.to_string(), matched.to_string())
}

#[test]
fn a_comment_suppresses_exactly_the_commented_finding() {
    let doc = document(
        "anbud.docx",
        "Sista dag är «Ange datum».\n\
         <comment author=\"Anna\" text=\"upplint-ignorera: test/platshallare Leverantören fyller i tiden\">Svar senast «Ange tid»</comment> på «Ange plats».\n\
         Leverantören skall leverera.",
    );
    let (before, after) = checked(&doc);
    assert_eq!(before.len(), 4);
    assert_eq!(
        summary(&after),
        vec![
            pair("test/platshallare", "«Ange datum»"),
            pair("test/platshallare", "«Ange plats»"),
            pair("test/skall", "skall"),
        ]
    );
}

#[test]
fn a_suppression_names_a_rule_prefix_or_several_rules() {
    let doc = document(
        "anbud.docx",
        "<comment author=\"A\" text=\"upplint-ignorera: test/ — citat ur ett äldre avtal\">Det skall stå «Ange datum».</comment>\n\
         <comment author=\"A\" text=\"upplint-ignorera: test/skall, test/platshallare: citat\">Det skall stå «Ange datum».</comment>\n\
         Det skall stå «Ange datum».",
    );
    let (_, after) = checked(&doc);
    assert_eq!(after.len(), 2, "{:#?}", summary(&after));
    assert!(after.iter().all(|f| f.location.paragraph == 3));
}

#[test]
fn a_suppression_without_a_reason_is_itself_a_finding_and_suppresses_nothing() {
    let doc = document(
        "anbud.docx",
        "Svar senast <comment author=\"Anna\" text=\"upplint-ignorera: test/platshallare\">«Ange tid»</comment>.",
    );
    let (_, after) = checked(&doc);
    assert_eq!(
        summary(&after),
        vec![
            pair("test/platshallare", "«Ange tid»"),
            pair(WITHOUT_REASON, "«Ange tid»"),
        ]
    );
    let own = after.iter().find(|f| f.rule == WITHOUT_REASON).unwrap();
    assert_eq!(own.severity, upplint::finding::Severity::Warning);
    assert!(own.message.contains("saknar motivering"), "{}", own.message);
}

#[test]
fn a_suppression_that_suppresses_nothing_is_reported() {
    let doc = document(
        "anbud.docx",
        "<comment author=\"A\" text=\"upplint-ignorera: test/skall Citat\">Leverantören ska leverera.</comment>\n\
         <comment author=\"A\" text=\"upplint-ignorera: okand/regel Inte i kraft här\">Inget här.</comment>\n\
         <comment author=\"A\" text=\"upplint-ignorera: Glömde regeln\">Inget här heller.</comment>",
    );
    let (before, after) = checked(&doc);
    assert!(before.is_empty());
    assert_eq!(
        summary(&after),
        vec![
            pair(UNUSED, "Leverantören ska leverera."),
            pair(UNUSED, "Inget här heller."),
        ],
        "a rule that did not run is not reported as unused"
    );
    assert!(
        after[0].message.contains("hittar inget"),
        "{}",
        after[0].message
    );
    assert!(
        after[1].message.contains("anger ingen regel"),
        "{}",
        after[1].message
    );
    assert_eq!(after[0].location.paragraph, 1);
}

/// upplint's own annotation comment on the placeholder, and a reply to it.
fn annotated(reply: &str, annotation: &str) -> Document {
    let mut doc = document(
        "anbud.docx",
        "Sista dag är <comment author=\"upplint\" text=\"x\">«Ange datum»</comment>.\nOch «Ange tid».",
    );
    doc.comments[0].text = annotation.to_string();
    let mut answer = doc.comments[0].clone();
    answer.id = "svar".into();
    answer.author = Some("Anna".into());
    answer.text = reply.to_string();
    answer.parent_id = Some(doc.comments[0].id.clone());
    answer.anchor_block = None;
    doc.comments.push(answer);
    doc
}

#[test]
fn a_reply_to_an_annotation_suppresses_its_rule_on_its_text() {
    let doc = annotated(
        "upplint-ignorera: Leverantören anger datumet i sitt anbud",
        "Platshållaren '«Ange datum»' står kvar.\nFörslag: fyll i datumet\n[test/platshallare]",
    );
    let list = suppressions(&doc);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].targets, vec!["test/platshallare"]);
    let (before, after) = checked(&doc);
    assert_eq!(before.len(), 2);
    assert_eq!(
        summary(&after),
        vec![pair("test/platshallare", "«Ange tid»")]
    );
}

#[test]
fn a_reply_to_a_comment_without_a_rule_id_suppresses_nothing_and_says_why() {
    let doc = annotated(
        "upplint-ignorera: Leverantören anger datumet",
        "Kolla datumet med Bo.",
    );
    let (before, after) = checked(&doc);
    assert_eq!(after.len(), before.len() + 1);
    let own = after.iter().find(|f| f.rule == UNUSED).unwrap();
    assert!(
        own.message.contains("svarar på en kommentar"),
        "{}",
        own.message
    );
}

#[test]
fn a_document_level_finding_is_suppressed_by_such_a_comment_anywhere() {
    let doc = document(
        "anbud.docx",
        "Text.\n<comment author=\"A\" text=\"upplint-ignorera: test/skall Gäller hela mallen\">Annan text.</comment>",
    );
    let set = rule_set();
    let other = document("anbud.docx", "Det skall stå.");
    let mut finding = set.check_document(&other).remove(0);
    let list = suppressions(&doc);
    assert!(!list[0].suppresses(&finding), "a block finding elsewhere");
    finding.block = None;
    finding.location.paragraph = 0;
    assert!(list[0].suppresses(&finding), "a document-level finding");
}

#[test]
fn the_text_of_a_suppression_comment_yields_no_findings() {
    let mut doc = document(
        "anbud.docx",
        "Det <comment author=\"A\" text=\"upplint-ignorera: test/skall Citat: så skall det stå\">skall</comment> stå.",
    );
    let comment_block = |text: &str, paragraph| {
        let mut block = Block::new(
            text,
            Location {
                part: Some(Part::Comment),
                paragraph,
                ..Location::default()
            },
        );
        block.outline_level = None;
        block
    };
    doc.blocks.push(comment_block(
        "upplint-ignorera: test/skall Citat: så skall det stå",
        1,
    ));
    doc.blocks.push(comment_block("Här skall det ändras.", 2));
    let (before, after) = checked(&doc);
    assert_eq!(
        before.len(),
        4,
        "the rule id in the directive reads as a word too"
    );
    assert_eq!(after.len(), 1, "{:#?}", summary(&after));
    assert_eq!(after[0].location.part, Some(Part::Comment));
    assert_eq!(after[0].location.paragraph, 2);
}

// --- [[ignore]] in upplint.toml, through the binary ---------------------------------------------------

const CONFIG_HEAD: &str = "packs = [\"./packs/test\", \"./packs/annat\"]\n";

fn config_project(ignores: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_packs(dir.path());
    write(
        dir.path(),
        "upplint.toml",
        &format!("{CONFIG_HEAD}{ignores}"),
    );
    write(
        dir.path(),
        "docs/mallar/mall.txt",
        "Datum: «Ange datum»\nDet skall stå.\n",
    );
    write(dir.path(), "docs/anbud.txt", "Datum: «Ange datum»\n");
    dir
}

fn json_findings(dir: &std::path::Path, as_of: &str) -> (Vec<(String, String)>, String, i32) {
    let output = upplint(
        dir,
        &["check", "docs", "--format", "json", "--as-of", as_of],
    );
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let findings = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (findings, stderr(&output), output.status.code().unwrap())
}

#[test]
fn a_config_ignore_removes_exactly_its_findings() {
    let without = config_project("");
    let (all, _, _) = json_findings(without.path(), "2026-06-01");
    assert_eq!(all.len(), 3);
    let dir = config_project(
        "\n[[ignore]]\nfiles = [\"docs/mallar/**\"]\nrule = \"test/platshallare\"\nreason = \"Mallar har platshållare\"\n",
    );
    let (kept, notes, _) = json_findings(dir.path(), "2026-06-01");
    assert_eq!(
        kept,
        vec![
            pair("test/platshallare", "docs/anbud.txt"),
            pair("test/skall", "docs/mallar/mall.txt"),
        ]
    );
    assert!(notes.is_empty(), "{notes}");
}

#[test]
fn a_config_ignore_takes_prefixes_and_pack_names_and_globs_relative_to_the_config() {
    let dir = config_project(
        "\n[[ignore]]\nfiles = [\"docs/mallar/*.txt\"]\nrule = \"test\"\nreason = \"Mallar\"\n",
    );
    let (kept, _, _) = json_findings(dir.path(), "2026-06-01");
    assert_eq!(kept, vec![pair("test/platshallare", "docs/anbud.txt")]);
    let output = upplint(
        &dir.path().join("docs"),
        &[
            "check",
            "mallar",
            "--format",
            "json",
            "--as-of",
            "2026-06-01",
        ],
    );
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        value["findings"].as_array().unwrap().len(),
        0,
        "run from a subfolder"
    );
}

#[test]
fn an_unused_config_ignore_is_reported_on_stderr() {
    let dir = config_project(
        "\n[[ignore]]\nfiles = [\"arkiv/**\"]\nrule = \"test/skall\"\nreason = \"Arkivet\"\n\
         \n[[ignore]]\nfiles = [\"**\"]\nrule = \"tset/skall\"\nreason = \"Stavfel\"\n",
    );
    let (kept, notes, _) = json_findings(dir.path(), "2026-06-01");
    assert_eq!(kept.len(), 3);
    assert!(
        notes
            .contains("upplint.toml:5: [[ignore]] of `test/skall` for arkiv/** suppressed nothing"),
        "{notes}"
    );
    assert!(
        notes.contains("upplint.toml:10: [[ignore]] of `tset/skall` names no rule in force"),
        "{notes}"
    );
}

#[test]
fn a_config_ignore_past_its_last_day_no_longer_applies_and_says_so() {
    let dir = config_project(
        "\n[[ignore]]\nfiles = [\"docs/mallar/**\"]\nrule = \"test/\"\nreason = \"Mallar\"\nuntil = 2026-05-31\n",
    );
    let (kept, notes, _) = json_findings(dir.path(), "2026-06-01");
    assert_eq!(kept.len(), 3);
    assert!(
        notes.contains("ended on 2026-05-31 and no longer applies"),
        "{notes}"
    );
    let (kept, notes, _) = json_findings(dir.path(), "2026-05-31");
    assert_eq!(kept.len(), 1, "still in force on its last day");
    assert!(notes.is_empty(), "{notes}");
}

#[test]
fn a_config_ignore_without_a_reason_is_a_config_error_pointing_at_it() {
    let dir = config_project("\n[[ignore]]\nfiles = [\"docs/**\"]\nrule = \"test/skall\"\n");
    let output = upplint(dir.path(), &["check", "docs", "--as-of", "2026-06-01"]);
    let (notes, status) = (stderr(&output), output.status.code().unwrap());
    assert_eq!(status, 2);
    assert!(
        notes.contains("[[ignore]] of `test/skall` has no reason"),
        "{notes}"
    );
    assert!(notes.contains("motivering saknas"), "{notes}");
    assert!(notes.contains("upplint.toml:5"), "{notes}");
}
