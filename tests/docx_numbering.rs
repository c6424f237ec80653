//! List numbering (numbering.xml) in Word documents built with docx-rs: the labels Word shows before
//! numbered headings and list items, and heading paths that read "1.2 Upphandlingsform".

mod common;

use docx_rs::{
    AbstractNumbering, Docx, IndentLevel, Level, LevelJc, LevelOverride, LevelText, NumberFormat,
    Numbering, NumberingId, Paragraph, Run, Start, Style, StyleType,
};
use std::io::{Cursor, Read, Write};
use upplint::model::{Document, Part};
use upplint::read::{Limits, read_bytes};

/// Heading styles numbered through the styles (numId 2), as Word's multilevel heading lists are.
const HEADINGS: usize = 2;
/// A lowerLetter list "a)", its restarted copy, and a continuation sharing its counters.
const LETTERS: usize = 3;
const LETTERS_RESTARTED: usize = 4;
const LETTERS_CONTINUED: usize = 5;
/// Roman numerals over two levels: "I." and "(i)".
const ROMAN: usize = 6;
const BULLETS: usize = 7;

fn level(ilvl: usize, format: &str, text: &str) -> Level {
    Level::new(
        ilvl,
        Start::new(1),
        NumberFormat::new(format),
        LevelText::new(text),
        LevelJc::new("left"),
    )
}

fn heading_style(id: &str, name: &str, outline: usize) -> Style {
    let mut style = Style::new(id, StyleType::Paragraph)
        .name(name)
        .outline_lvl(outline);
    // Word writes the heading list into the style with the numId only; the level comes from the
    // list level whose pStyle names the style.
    style.paragraph_property = style
        .paragraph_property
        .numbering_property(docx_rs::NumberingProperty::new().id(NumberingId::new(HEADINGS)));
    style
}

fn text(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

fn heading(style: &str, title: &str) -> Paragraph {
    text(title).style(style)
}

fn item(num: usize, ilvl: usize, title: &str) -> Paragraph {
    text(title).numbering(NumberingId::new(num), IndentLevel::new(ilvl))
}

fn numbered_document() -> Docx {
    let headings = AbstractNumbering::new(HEADINGS)
        .add_level(level(0, "decimal", "%1").paragraph_style("Rubrik1"))
        .add_level(level(1, "decimal", "%1.%2").paragraph_style("Rubrik2"));
    let letters = AbstractNumbering::new(LETTERS).add_level(level(0, "lowerLetter", "%1)"));
    let roman = AbstractNumbering::new(ROMAN)
        .add_level(level(0, "upperRoman", "%1."))
        .add_level(level(1, "lowerRoman", "(%2)"));
    let bullets = AbstractNumbering::new(BULLETS).add_level(level(0, "bullet", "\u{F0B7}"));
    Docx::new()
        .add_style(heading_style("Rubrik1", "heading 1", 0))
        .add_style(heading_style("Rubrik2", "heading 2", 1))
        .add_abstract_numbering(headings)
        .add_abstract_numbering(letters)
        .add_abstract_numbering(roman)
        .add_abstract_numbering(bullets)
        .add_numbering(Numbering::new(HEADINGS, HEADINGS))
        .add_numbering(Numbering::new(LETTERS, LETTERS))
        .add_numbering(
            Numbering::new(LETTERS_RESTARTED, LETTERS).add_override(LevelOverride::new(0).start(1)),
        )
        .add_numbering(Numbering::new(LETTERS_CONTINUED, LETTERS))
        .add_numbering(Numbering::new(ROMAN, ROMAN))
        .add_numbering(Numbering::new(BULLETS, BULLETS))
}

/// The body, one paragraph per entry: (paragraph, expected label, expected heading path).
fn body() -> Vec<(Paragraph, &'static str, &'static [&'static str])> {
    const INLEDNING: &[&str] = &["1 Inledning"];
    const MYNDIGHET: &[&str] = &["1 Inledning", "1.1 Upphandlande myndighet"];
    const FORM: &[&str] = &["1 Inledning", "1.2 Upphandlingsform"];
    const KRAV: &[&str] = &["2 Krav"];
    const KVAL: &[&str] = &["2 Krav", "2.1 Kvalificeringskrav"];
    const BILAGOR: &[&str] = &["Bilagor"];
    vec![
        (heading("Rubrik1", "Inledning"), "1", INLEDNING),
        (
            text("Den här förfrågan gäller städtjänster."),
            "",
            INLEDNING,
        ),
        (
            heading("Rubrik2", "Upphandlande myndighet"),
            "1.1",
            MYNDIGHET,
        ),
        (heading("Rubrik2", "Upphandlingsform"), "1.2", FORM),
        (text("Anbudet skall lämnas senast den 1 mars."), "", FORM),
        (heading("Rubrik1", "Krav"), "2", KRAV),
        (heading("Rubrik2", "Kvalificeringskrav"), "2.1", KVAL),
        (item(LETTERS, 0, "Registrering"), "a)", KVAL),
        (item(LETTERS, 0, "Skatter"), "b)", KVAL),
        (item(LETTERS_RESTARTED, 0, "Omsättning"), "a)", KVAL),
        (item(LETTERS_RESTARTED, 0, "Referenser"), "b)", KVAL),
        (item(LETTERS_CONTINUED, 0, "Försäkring"), "c)", KVAL),
        (item(LETTERS_RESTARTED, 0, "Kollektivavtal"), "d)", KVAL),
        (item(LETTERS, 0, "Underleverantörer"), "e)", KVAL),
        (item(ROMAN, 0, "Miljö"), "I.", KVAL),
        (item(ROMAN, 1, "Fordon"), "(i)", KVAL),
        (item(ROMAN, 1, "Kemikalier"), "(ii)", KVAL),
        (item(ROMAN, 0, "Arbetsrätt"), "II.", KVAL),
        (item(ROMAN, 1, "Lön"), "(i)", KVAL),
        (item(BULLETS, 0, "punkt"), "•", KVAL),
        (
            heading("Rubrik1", "Bilagor").numbering(NumberingId::new(0), IndentLevel::new(0)),
            "",
            BILAGOR,
        ),
        (heading("Rubrik1", "Avtal"), "3", &["3 Avtal"]),
    ]
}

fn pack(docx: Docx) -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).unwrap();
    bytes.into_inner()
}

fn read(bytes: &[u8]) -> Document {
    read_bytes("numrerad.docx", bytes, &Limits::default()).unwrap()
}

fn built() -> (Vec<u8>, Vec<(&'static str, &'static [&'static str])>) {
    let mut docx = numbered_document();
    let mut expected = Vec::new();
    for (paragraph, label, path) in body() {
        docx = docx.add_paragraph(paragraph);
        expected.push((label, path));
    }
    (pack(docx), expected)
}

fn labels(doc: &Document) -> Vec<&str> {
    doc.blocks
        .iter()
        .map(|b| b.label.as_deref().unwrap_or(""))
        .collect()
}

#[test]
fn numbered_headings_and_lists_get_their_labels_and_heading_paths() {
    let (bytes, expected) = built();
    let doc = read(&bytes);
    let want: Vec<&str> = expected.iter().map(|(label, _)| *label).collect();
    assert_eq!(labels(&doc), want);
    for (block, (_, path)) in doc.blocks.iter().zip(&expected) {
        assert_eq!(block.location.heading, *path, "{}", block.text);
    }
    let form = &doc.blocks[4];
    assert_eq!(form.text, "Anbudet skall lämnas senast den 1 mars.");
    assert_eq!(
        form.location.describe(),
        "1 Inledning › 1.2 Upphandlingsform › ¶5"
    );
    assert_eq!(
        doc.blocks[3].text, "Upphandlingsform",
        "the label is not text"
    );
}

#[test]
fn labels_are_dumped_only_where_set() {
    let (bytes, _) = built();
    let doc = read(&bytes);
    let json = serde_json::to_value(&doc).unwrap();
    let blocks = json["blocks"].as_array().unwrap();
    assert_eq!(blocks[2]["label"], "1.1");
    assert!(blocks[1].get("label").is_none(), "{}", blocks[1]);
}

/// A copy of a package with `part` replaced by `text`.
fn with_part(bytes: &[u8], part: &str, text: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        out.start_file(name.as_str(), options).unwrap();
        if name == part {
            out.write_all(text.as_bytes()).unwrap();
        } else {
            out.write_all(&content).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_broken_numbering_part_costs_the_labels_not_the_document() {
    let (bytes, expected) = built();
    let broken = [
        "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:abstractNum",
        "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY x \"y\">]><w:numbering/>",
        "not xml at all &bogus;",
        "",
    ];
    for text in broken {
        let doc = read(&with_part(&bytes, "word/numbering.xml", text));
        assert_eq!(doc.blocks.len(), expected.len(), "{text}");
        assert!(doc.blocks.iter().all(|b| b.label.is_none()), "{text}");
        assert_eq!(
            doc.blocks[4].location.heading,
            ["Inledning", "Upphandlingsform"]
        );
    }
}

#[test]
fn the_numbering_part_counts_against_the_part_size_limit() {
    let (bytes, _) = built();
    let mut numbering = String::new();
    zip::ZipArchive::new(Cursor::new(&bytes))
        .unwrap()
        .by_name("word/numbering.xml")
        .unwrap()
        .read_to_string(&mut numbering)
        .unwrap();
    let at = numbering.rfind("</").unwrap();
    numbering.insert_str(at, &" ".repeat(200_000));
    let padded = with_part(&bytes, "word/numbering.xml", &numbering);
    let limits = Limits {
        max_part_bytes: 100_000,
        ..Limits::default()
    };
    let error = read_bytes("numrerad.docx", &padded, &limits).unwrap_err();
    assert_eq!(error.code(), "part-too-large");
    assert!(error.to_string().contains("word/numbering.xml"), "{error}");
    assert_eq!(
        read(&padded).blocks.len(),
        body().len(),
        "within the default limits"
    );
}

#[test]
fn hostile_numbering_definitions_stay_cheap() {
    let (bytes, _) = built();
    // 50,000 definitions with absurd values, and one list whose level text is long.
    let mut numbering = String::from(
        "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    );
    for i in 0..50_000u32 {
        numbering.push_str(&format!(
            "<w:abstractNum w:abstractNumId=\"{i}\"><w:lvl w:ilvl=\"{i}\"><w:start w:val=\"-99999999999\"/></w:lvl><w:lvl w:ilvl=\"0\"><w:start w:val=\"99999999999999\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"{}\"/><w:lvlRestart w:val=\"-4\"/></w:lvl></w:abstractNum><w:num w:numId=\"{i}\"><w:abstractNumId w:val=\"{i}\"/><w:lvlOverride w:ilvl=\"99\"><w:startOverride w:val=\"7\"/></w:lvlOverride></w:num>",
            "%1%2%9".repeat(if i == LETTERS as u32 { 10_000 } else { 1 }),
        ));
    }
    numbering.push_str("</w:numbering>");
    let started = std::time::Instant::now();
    let doc = read(&with_part(&bytes, "word/numbering.xml", &numbering));
    assert!(started.elapsed().as_secs() < 10);
    let letters = &doc.blocks[7];
    assert_eq!(letters.text, "Registrering");
    let label = letters.label.as_deref().unwrap();
    assert!(label.starts_with("1000000000"), "{label}");
    assert!(label.len() <= 64 * 10, "{}", label.len());
}

/// docx4j's list numbering tests open each numbered paragraph with `[expect]LABEL[/expect]`, written
/// from what Word shows: article/section headings with and without isLgl, and a start override
/// that restarts a list once, after which both nums count on together.
#[test]
fn labels_match_what_word_shows_in_docx4j_list_tests() {
    let folder = "real/docx4j/docx4j-core-tests/src/test/java/org/docx4j/model/listnumbering";
    let expect = regex::Regex::new(r"^\[expect\](.*?)\[/expect\]").unwrap();
    for name in [
        "article-section-NotIsLgl.docx",
        "article-section-isLgl.docx",
        "startOverride.docx",
    ] {
        let path = common::corpus_file(&format!("{folder}/{name}"));
        let doc = upplint::read::read_path(&path, &Limits::default()).unwrap();
        let mut checked = 0;
        for block in &doc.blocks {
            let want = expect.captures(&block.text).map(|c| c[1].to_string());
            let got = block.label.as_deref().map(str::to_string);
            assert_eq!(got, want, "{name}: {}", block.text);
            checked += usize::from(want.is_some());
        }
        assert!(checked >= 6, "{name}: {checked} labels checked");
    }
}

/// The human, JSON and HTML reports name the numbered headings, and `annotate` copies a numbered
/// document whose comment lands on the matched text and whose labels read back unchanged.
#[test]
fn reports_and_annotations_name_numbered_headings() {
    let dir = tempfile::tempdir().unwrap();
    common::write_packs(dir.path());
    let (bytes, _) = built();
    std::fs::write(dir.path().join("numrerad.docx"), &bytes).unwrap();

    let human = common::check(dir.path(), &["numrerad.docx"]);
    let out = common::stdout(&human);
    assert!(
        out.contains("numrerad.docx › 1 Inledning › 1.2 Upphandlingsform › ¶5"),
        "{out}"
    );

    let json = common::check(dir.path(), &["--format", "json", "numrerad.docx"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let finding = &report["findings"][0];
    assert_eq!(finding["match"], "skall");
    assert_eq!(
        finding["location"]["heading"],
        serde_json::json!(["1 Inledning", "1.2 Upphandlingsform"])
    );

    let html = common::check(
        dir.path(),
        &[
            "--format",
            "html",
            "--output",
            "rapport.html",
            "numrerad.docx",
        ],
    );
    assert_eq!(html.status.code(), Some(0), "{}", common::stderr(&html));
    let page = std::fs::read_to_string(dir.path().join("rapport.html")).unwrap();
    assert!(
        page.contains("1 Inledning › 1.2 Upphandlingsform"),
        "no heading path in the page"
    );

    let annotated = common::upplint(
        dir.path(),
        &[
            "annotate",
            "--config",
            "packs/endast-test.toml",
            "numrerad.docx",
            "--output",
            "granskad.docx",
        ],
    );
    assert_eq!(
        annotated.status.code(),
        Some(0),
        "{}",
        common::stderr(&annotated)
    );
    let original = read(&bytes);
    let copy =
        upplint::read::read_path(&dir.path().join("granskad.docx"), &Limits::default()).unwrap();
    let body_labels = |doc: &Document| -> Vec<Option<Box<str>>> {
        let body = doc
            .blocks
            .iter()
            .filter(|b| b.location.part == Some(Part::Body));
        body.map(|b| b.label.clone()).collect()
    };
    assert_eq!(body_labels(&copy), body_labels(&original));
    let comment = copy.comments.last().unwrap();
    assert_eq!(comment.anchor_text, "skall");
    assert_eq!(comment.anchor_block, Some(4));
}

/// A numbered requirement that is not a heading is named by its number as well: "¶2, Krav 1" in the
/// human report and `location.label` in JSON; a bare number reads "punkt 2"; bullets name nothing.
#[test]
fn findings_in_numbered_requirements_name_the_requirement() {
    const REQUIREMENTS: usize = 8;
    const POINTS: usize = 9;
    let docx = numbered_document()
        .add_abstract_numbering(
            AbstractNumbering::new(REQUIREMENTS).add_level(level(0, "decimal", "Krav %1")),
        )
        .add_abstract_numbering(AbstractNumbering::new(POINTS).add_level(Level::new(
            0,
            Start::new(2),
            NumberFormat::new("decimal"),
            LevelText::new("%1."),
            LevelJc::new("left"),
        )))
        .add_numbering(Numbering::new(REQUIREMENTS, REQUIREMENTS))
        .add_numbering(Numbering::new(POINTS, POINTS))
        .add_paragraph(heading("Rubrik1", "Krav"))
        .add_paragraph(item(
            REQUIREMENTS,
            0,
            "Leverantören skall ha kollektivavtal.",
        ))
        .add_paragraph(item(POINTS, 0, "Fakturan skall vara elektronisk."))
        .add_paragraph(item(BULLETS, 0, "Varorna skall levereras fritt."));
    let dir = tempfile::tempdir().unwrap();
    common::write_packs(dir.path());
    std::fs::write(dir.path().join("krav.docx"), pack(docx)).unwrap();

    let human = common::check(dir.path(), &["krav.docx"]);
    let out = common::stdout(&human);
    assert!(out.contains("krav.docx › 1 Krav › ¶2, Krav 1"), "{out}");
    assert!(out.contains("krav.docx › 1 Krav › ¶3, punkt 2"), "{out}");
    assert!(out.contains("krav.docx › 1 Krav › ¶4]"), "{out}");

    let json = common::check(dir.path(), &["--format", "json", "krav.docx"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let labels: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["match"] == "skall")
        .map(|f| f["location"].get("label").cloned())
        .collect();
    assert_eq!(
        labels,
        vec![
            Some(serde_json::json!("Krav 1")),
            Some(serde_json::json!("2.")),
            None
        ]
    );
}
