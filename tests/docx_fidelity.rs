//! The .docx reader against the feature documents: every `MK_*`/`RS_*` marker lands in the right
//! part, with the right location and flags; what is not visible text stays out of the text.

mod common;

use regex::Regex;
use std::collections::BTreeMap;
use std::io::Write;
use upplint::model::{Block, Document, MarkKind, Part, RevisionKind, TablePos};
use upplint::read::{Limits, read_path};

fn read_feature(name: &str) -> Document {
    let path = common::corpus_file(&format!("features/{name}"));
    read_path(&path, &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The one block whose text contains `marker` as a whole token.
fn block<'d>(doc: &'d Document, marker: &str) -> &'d Block {
    let found: Vec<&Block> = doc
        .blocks
        .iter()
        .filter(|b| token_counts(&b.text).contains_key(marker))
        .collect();
    assert_eq!(found.len(), 1, "{marker} should be in exactly one block");
    found[0]
}

/// Marker tokens in `text`; runs are joined without spaces, so `MK_AMK_B` is two markers.
fn token_counts(text: &str) -> BTreeMap<String, usize> {
    let re = Regex::new(r"(MK|RS)_[A-Z0-9_]+").unwrap();
    let inner = Regex::new(r".(MK|RS)_").unwrap();
    let mut counts = BTreeMap::new();
    for m in re.find_iter(text) {
        let mut token = m.as_str();
        while let Some(next) = inner.find(token) {
            let split = next.start() + 1;
            *counts.entry(token[..split].to_string()).or_insert(0) += 1;
            token = &token[split..];
        }
        *counts.entry(token.to_string()).or_insert(0) += 1;
    }
    counts
}

fn all_tokens(doc: &Document) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for b in &doc.blocks {
        for (token, n) in token_counts(&b.text) {
            *counts.entry(token).or_insert(0) += n;
        }
    }
    counts
}

fn part_of(doc: &Document, marker: &str) -> (Part, Option<String>) {
    let b = block(doc, marker);
    (b.location.part.unwrap(), b.location.part_name.clone())
}

fn table_of(doc: &Document, marker: &str) -> Option<Vec<(u32, u32)>> {
    block(doc, marker).location.table.as_ref().map(|path| {
        path.iter()
            .map(|TablePos { row, col }| (*row, *col))
            .collect()
    })
}

fn heading_of(doc: &Document, marker: &str) -> Vec<String> {
    block(doc, marker).location.heading.clone()
}

/// Whether the marker's whole token is flagged `kind` in its block.
fn is_marked(doc: &Document, marker: &str, kind: MarkKind) -> bool {
    let b = block(doc, marker);
    let start = b.text.find(marker).unwrap();
    let end = start + marker.len();
    b.marks
        .iter()
        .any(|m| m.kind == kind && m.start <= start && end <= m.end)
}

fn mark_label(doc: &Document, marker: &str, kind: MarkKind) -> Option<String> {
    let b = block(doc, marker);
    let start = b.text.find(marker).unwrap();
    b.marks
        .iter()
        .find(|m| m.kind == kind && m.start <= start && start < m.end)
        .and_then(|m| m.label.clone())
}

fn revision_texts(doc: &Document, kind: RevisionKind) -> Vec<&str> {
    doc.revisions
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| r.text.as_str())
        .collect()
}

fn no_block_contains(doc: &Document, marker: &str) -> bool {
    doc.blocks.iter().all(|b| !b.text.contains(marker))
}

#[test]
fn python_docx_features_every_marker_in_place() {
    let doc = read_feature("rich_pydocx.docx");

    // Every marker the generator writes as visible text is read exactly once (templated cell
    // markers are checked one by one below); the invisible ones are nowhere in the text.
    let generator = std::fs::read_to_string(common::corpus_file("features/rich_docx.py")).unwrap();
    let invisible = ["MK_DELETED", "MK_MOVEDFROM", "MK_INSTR"];
    let found = all_tokens(&doc);
    for marker in token_counts(&generator).keys() {
        // The generator writes "MK_RUN" and "SPLIT " as separate runs.
        let marker = if marker == "MK_RUN" {
            "MK_RUNSPLIT"
        } else {
            marker
        };
        if invisible.contains(&marker) {
            assert!(no_block_contains(&doc, marker), "{marker} must not be text");
        } else if marker.ends_with("_R") {
            assert!(found.keys().any(|t| t.starts_with(marker)), "{marker}");
        } else {
            assert_eq!(found.get(marker), Some(&1), "{marker} should be read once");
        }
    }

    // Runs are joined without added spaces; special characters map as documented.
    assert_eq!(
        block(&doc, "MK_RUNSPLIT").text,
        "MK_RUNSPLIT Leverandøren skal levere"
    );
    assert_eq!(
        block(&doc, "MK_NBSP").text,
        "MK_NBSP 10\u{a0}000 kr\tMK_AFTERTAB\nMK_AFTERBR\nMK_AFTERCR e-postx"
    );

    // Parts.
    assert_eq!(part_of(&doc, "MK_PLAIN"), (Part::Body, None));
    let named = |part, name: &str| (part, Some(name.to_string()));
    assert_eq!(
        part_of(&doc, "MK_HEADER1"),
        named(Part::Header, "word/header1.xml")
    );
    assert_eq!(
        part_of(&doc, "MK_HEADER2"),
        named(Part::Header, "word/header2.xml")
    );
    assert_eq!(
        part_of(&doc, "MK_FOOTER1"),
        named(Part::Footer, "word/footer1.xml")
    );
    assert_eq!(
        part_of(&doc, "MK_FOOTNOTEBODY"),
        named(Part::Footnote, "word/footnotes.xml")
    );
    assert_eq!(
        part_of(&doc, "MK_ENDNOTEBODY"),
        named(Part::Endnote, "word/endnotes.xml")
    );
    assert_eq!(
        part_of(&doc, "MK_COMMENTBODY"),
        named(Part::Comment, "word/comments.xml")
    );
    assert_eq!(part_of(&doc, "MK_TEXTBOX"), (Part::Textbox, None));
    assert_eq!(
        block(&doc, "MK_HEADER2").location.paragraph,
        1,
        "numbered per part file"
    );

    // Tables: grid columns (the merged cell spans columns 1-2), nested cells have 2-level paths.
    for r in 0..3u32 {
        for c in 0..3u32 {
            let marker = format!("MK_CELL_R{r}C{c}");
            let col = if r == 2 && c < 2 { 1 } else { c + 1 };
            assert_eq!(
                table_of(&doc, &marker),
                Some(vec![(r + 1, col)]),
                "{marker}"
            );
        }
    }
    for r in 0..2u32 {
        for c in 0..2u32 {
            let marker = format!("MK_NESTED_R{r}C{c}");
            assert_eq!(table_of(&doc, &marker), Some(vec![(2, 2), (r + 1, c + 1)]));
        }
    }
    assert_eq!(table_of(&doc, "MK_PLAIN"), None);

    // Headings: a heading's own path ends with itself; body blocks carry their enclosing headings.
    let h1 = "MK_H1 Innledning";
    let h2 = "MK_H2 Omfang";
    assert_eq!(block(&doc, "MK_H1").outline_level, Some(0));
    assert_eq!(block(&doc, "MK_H2").outline_level, Some(1));
    assert_eq!(heading_of(&doc, "MK_H1"), [h1]);
    assert_eq!(heading_of(&doc, "MK_PLAIN"), [h1]);
    assert_eq!(heading_of(&doc, "MK_RUNSPLIT"), [h1, h2]);
    assert_eq!(heading_of(&doc, "MK_CELL_R1C1"), ["MK_H1B Krav"]);
    assert_eq!(heading_of(&doc, "MK_SEC2"), ["MK_H1C Vedlegg"]);
    assert!(heading_of(&doc, "MK_HEADER1").is_empty());
    assert_eq!(
        heading_of(&doc, "MK_FOOTNOTEBODY"),
        ["MK_H1B Krav"],
        "where it is referenced"
    );

    // Tracked changes.
    assert!(is_marked(&doc, "MK_INSERTED", MarkKind::Inserted));
    assert!(is_marked(&doc, "MK_MOVEDTO", MarkKind::Inserted));
    assert!(!is_marked(&doc, "MK_TRACK", MarkKind::Inserted));
    assert_eq!(
        mark_label(&doc, "MK_INSERTED", MarkKind::Inserted).as_deref(),
        Some("A")
    );
    assert_eq!(
        revision_texts(&doc, RevisionKind::Inserted),
        ["MK_INSERTED"]
    );
    assert_eq!(revision_texts(&doc, RevisionKind::MovedTo), ["MK_MOVEDTO"]);
    assert_eq!(revision_texts(&doc, RevisionKind::Deleted), ["MK_DELETED"]);
    assert_eq!(
        revision_texts(&doc, RevisionKind::MovedFrom),
        ["MK_MOVEDFROM"]
    );
    let track = doc
        .blocks
        .iter()
        .position(|b| b.text.starts_with("MK_TRACK"))
        .unwrap();
    for r in &doc.revisions {
        assert_eq!(r.block, Some(track));
        assert_eq!(r.author.as_deref(), Some("A"));
    }
    let deleted = doc
        .revisions
        .iter()
        .find(|r| r.kind == RevisionKind::Deleted)
        .unwrap();
    assert_eq!(deleted.offset, "MK_TRACK start MK_INSERTED".len());

    // Hyperlinks, fields, content controls, wrappers.
    assert!(is_marked(&doc, "MK_HYPERLINK", MarkKind::Hyperlink));
    assert!(is_marked(&doc, "MK_INTERNALLINK", MarkKind::Hyperlink));
    assert!(!is_marked(&doc, "MK_LINKPARA", MarkKind::Hyperlink));
    assert!(is_marked(&doc, "MK_FIELDRESULT", MarkKind::FieldResult));
    assert!(is_marked(&doc, "MK_SIMPLEFIELD", MarkKind::FieldResult));
    let codes: Vec<&str> = doc
        .field_codes
        .iter()
        .map(|f| f.instruction.as_str())
        .collect();
    assert_eq!(
        codes,
        ["DATE \\@ \"dd.MM.yyyy\" MK_INSTR", "NUMPAGES", "PAGE"]
    );
    let fields_block = doc
        .blocks
        .iter()
        .position(|b| b.text.starts_with("MK_FIELDS"))
        .unwrap();
    assert_eq!(doc.field_codes[0].block, Some(fields_block));
    assert!(is_marked(&doc, "MK_SDTRUN", MarkKind::ContentControl));
    assert_eq!(
        mark_label(&doc, "MK_SDTRUN", MarkKind::ContentControl).as_deref(),
        Some("price")
    );
    assert!(!is_marked(&doc, "MK_SDTPARA", MarkKind::ContentControl));
    assert!(block(&doc, "MK_SDTBLOCK").is_all(MarkKind::ContentControl));
    assert_eq!(
        mark_label(&doc, "MK_SDTBLOCK", MarkKind::ContentControl).as_deref(),
        Some("block")
    );
    assert_eq!(
        block(&doc, "MK_WRAPPERS").text,
        "MK_WRAPPERS MK_SMARTTAG MK_CUSTOMXML"
    );
    // Neither placeholders nor hidden text exist in this document.
    for b in &doc.blocks {
        assert!(
            b.marks
                .iter()
                .all(|m| m.kind != MarkKind::Placeholder && m.kind != MarkKind::Hidden)
        );
    }

    // Comments.
    assert_eq!(doc.comments.len(), 1);
    let c = &doc.comments[0];
    assert_eq!(c.author.as_deref(), Some("Rev"));
    assert_eq!(c.initials.as_deref(), Some("R"));
    assert_eq!(c.text, "MK_COMMENTBODY sjekk dette");
    assert_eq!(c.anchor_text, "MK_COMMENTED tekst med kommentar");
    let commented = doc
        .blocks
        .iter()
        .position(|b| b.text.starts_with("MK_COMMENTED"))
        .unwrap();
    assert_eq!(
        (c.anchor_block, c.anchor_start, c.anchor_end),
        (Some(commented), 0, 32)
    );

    // Properties.
    assert_eq!(doc.properties.author.as_deref(), Some("python-docx"));
    assert_eq!(doc.properties.template.as_deref(), Some("Normal.dotm"));
    assert_eq!(
        doc.properties.created.as_deref(),
        Some("2013-12-23T23:15:00Z")
    );
    assert_eq!(doc.properties.company, None);
    assert_eq!(doc.protection, None);
}

#[test]
fn docx_rs_features_every_marker_in_place() {
    let doc = read_feature("rich_docxrs.docx");
    let visible = [
        "RS_H1",
        "RS_H2",
        "RS_SPLIT",
        "RS_NBSP",
        "RS_AFTERTAB",
        "RS_AFTERBR",
        "RS_TRACK",
        "RS_INSERTED",
        "RS_LINK",
        "RS_HYPERLINK",
        "RS_FIELD",
        "RS_FIELDRESULT",
        "RS_SDTBLOCK",
        "RS_COMMENTED",
        "RS_COMMENTBODY",
        "RS_FN",
        "RS_FOOTNOTEBODY",
        "RS_CELL_00",
        "RS_CELL_01",
        "RS_NESTED_A",
        "RS_NESTED_B",
        "RS_SPAN_10",
        "RS_HEADER",
        "RS_FOOTER",
    ];
    let found = all_tokens(&doc);
    for marker in visible {
        assert_eq!(found.get(marker), Some(&1), "{marker}");
    }
    assert_eq!(found.len(), visible.len(), "unexpected markers: {found:?}");
    assert!(no_block_contains(&doc, "RS_DELETED"));
    assert!(no_block_contains(&doc, "RS_INSTR"));

    assert_eq!(block(&doc, "RS_SPLIT").text, "RS_SPLIT Leverandøren");
    assert_eq!(
        block(&doc, "RS_NBSP").text,
        "RS_NBSP 10\u{a0}000\tRS_AFTERTAB\nRS_AFTERBR"
    );
    let named = |part, name: &str| (part, Some(name.to_string()));
    assert_eq!(
        part_of(&doc, "RS_HEADER"),
        named(Part::Header, "word/header1.xml")
    );
    assert_eq!(
        part_of(&doc, "RS_FOOTER"),
        named(Part::Footer, "word/footer1.xml")
    );
    assert_eq!(
        part_of(&doc, "RS_FOOTNOTEBODY"),
        named(Part::Footnote, "word/footnotes.xml")
    );
    assert_eq!(
        part_of(&doc, "RS_COMMENTBODY"),
        named(Part::Comment, "word/comments.xml")
    );

    assert_eq!(table_of(&doc, "RS_CELL_00"), Some(vec![(1, 1)]));
    assert_eq!(table_of(&doc, "RS_CELL_01"), Some(vec![(1, 2)]));
    assert_eq!(table_of(&doc, "RS_NESTED_A"), Some(vec![(1, 2), (1, 1)]));
    assert_eq!(table_of(&doc, "RS_NESTED_B"), Some(vec![(1, 2), (1, 2)]));
    assert_eq!(table_of(&doc, "RS_SPAN_10"), Some(vec![(2, 1)]));

    let path = ["RS_H1 Innledning", "RS_H2 Omfang"];
    assert_eq!(heading_of(&doc, "RS_H1"), path[..1]);
    assert_eq!(heading_of(&doc, "RS_H2"), path);
    assert_eq!(heading_of(&doc, "RS_SPAN_10"), path);

    assert!(is_marked(&doc, "RS_INSERTED", MarkKind::Inserted));
    assert_eq!(
        revision_texts(&doc, RevisionKind::Inserted),
        ["RS_INSERTED"]
    );
    assert_eq!(revision_texts(&doc, RevisionKind::Deleted), ["RS_DELETED"]);
    assert!(is_marked(&doc, "RS_HYPERLINK", MarkKind::Hyperlink));
    assert!(is_marked(&doc, "RS_FIELDRESULT", MarkKind::FieldResult));
    let codes: Vec<&str> = doc
        .field_codes
        .iter()
        .map(|f| f.instruction.as_str())
        .collect();
    assert_eq!(codes, ["DATE RS_INSTR", "PAGE"]);
    // A content control without tag or alias: marked, with no label.
    assert!(block(&doc, "RS_SDTBLOCK").is_all(MarkKind::ContentControl));
    assert_eq!(
        mark_label(&doc, "RS_SDTBLOCK", MarkKind::ContentControl),
        None
    );

    // This generator puts the comment range around an empty run after the text: a point comment.
    assert_eq!(doc.comments.len(), 1);
    let c = &doc.comments[0];
    assert_eq!((c.id.as_str(), c.author.as_deref()), ("1", Some("rev")));
    assert_eq!(c.text, "RS_COMMENTBODY");
    let commented = doc
        .blocks
        .iter()
        .position(|b| b.text == "RS_COMMENTED")
        .unwrap();
    assert_eq!(c.anchor_block, Some(commented));
    assert_eq!(
        (c.anchor_start, c.anchor_end, c.anchor_text.as_str()),
        (12, 12, "")
    );
    assert_eq!(c.parent_id, None);
    assert_eq!(doc.properties.author.as_deref(), Some("unknown"));
}

/// A package written here, with what the feature documents lack: hidden text (direct and by
/// character style), a placeholder content control, a reply comment, protection, custom properties.
#[test]
fn generated_package_with_hidden_text_placeholders_and_replies() {
    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml""#;
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let document = format!(
        r#"<w:document {W}><w:body><w:p><w:pPr><w:pStyle w:val="Rubrik1"/></w:pPr><w:r><w:t>1 Krav</w:t></w:r></w:p><w:p><w:commentRangeStart w:id="1"/><w:r><w:t>Synlig </w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>dold</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Gomd"/></w:rPr><w:t>gömd</w:t></w:r><w:commentRangeEnd w:id="1"/></w:p><w:sdt><w:sdtPr><w:alias w:val="Anbudssumma"/><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Klicka här för att ange text.</w:t></w:r></w:p></w:sdtContent></w:sdt></w:body></w:document>"#
    );
    let styles = format!(
        r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/></w:style><w:style w:type="character" w:styleId="Gomd"><w:rPr><w:vanish/></w:rPr></w:style></w:styles>"#
    );
    let comments = format!(
        r#"<w:comments {W}><w:comment w:id="1" w:author="Anna"><w:p w14:paraId="00000001"><w:r><w:t>Varför dold?</w:t></w:r></w:p></w:comment><w:comment w:id="2" w:author="Bo"><w:p w14:paraId="00000002"><w:r><w:t>Misstag.</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let comments_ex = r#"<w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:commentEx w15:paraId="00000001" w15:done="0"/><w15:commentEx w15:paraId="00000002" w15:paraIdParent="00000001" w15:done="0"/></w15:commentsEx>"#;
    let settings = format!(
        r#"<w:settings {W}><w:documentProtection w:edit="forms" w:enforcement="1"/></w:settings>"#
    );
    let custom = r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Diarienummer"><vt:lpwstr>KS 2024/17</vt:lpwstr></property></Properties>"#;
    let app = r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Template>Upphandling.dotx</Template><Company>Exempelkommunen</Company></Properties>"#;
    let package_rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="huvud/dokument.xml"/><Relationship Id="rId2" Type="{REL}/custom-properties" Target="docProps/custom.xml"/><Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/></Relationships>"#
    );
    let document_rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/styles" Target="stilar.xml"/><Relationship Id="rId2" Type="{REL}/comments" Target="/huvud/kommentarer.xml"/><Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="kommentarerEx.xml"/><Relationship Id="rId4" Type="{REL}/settings" Target="installningar.xml"/><Relationship Id="rId5" Type="{REL}/hyperlink" Target="https://example.com" TargetMode="External"/></Relationships>"#
    );
    let parts: [(&str, &str); 9] = [
        ("_rels/.rels", &package_rels),
        ("huvud/_rels/dokument.xml.rels", &document_rels),
        ("huvud/dokument.xml", &document),
        ("huvud/stilar.xml", &styles),
        ("huvud/kommentarer.xml", &comments),
        ("huvud/kommentarerEx.xml", comments_ex),
        ("huvud/installningar.xml", &settings),
        ("docProps/custom.xml", custom),
        ("docProps/app.xml", app),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("anbud.docx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();

    let doc = read_path(&path, &Limits::default()).unwrap();
    let texts: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "1 Krav",
            "Synlig doldgömd",
            "Klicka här för att ange text.",
            "Varför dold?",
            "Misstag."
        ]
    );
    let hidden = &doc.blocks[1];
    assert!(!hidden.is_marked(MarkKind::Hidden, 0, 7));
    assert!(hidden.is_marked(MarkKind::Hidden, 7, hidden.text.len()));
    assert_eq!(hidden.location.heading, ["1 Krav"]);
    let placeholder = &doc.blocks[2];
    assert!(placeholder.is_all(MarkKind::Placeholder));
    assert!(placeholder.is_all(MarkKind::ContentControl));
    assert_eq!(placeholder.marks[0].label.as_deref(), Some("Anbudssumma"));

    assert_eq!(doc.comments.len(), 2);
    assert_eq!(doc.comments[0].anchor_text, "Synlig doldgömd");
    assert_eq!(doc.comments[1].parent_id.as_deref(), Some("1"));
    assert_eq!(doc.comments[0].parent_id, None);
    assert_eq!(doc.protection.as_deref(), Some("forms"));
    assert_eq!(
        doc.properties.custom,
        [("Diarienummer".to_string(), "KS 2024/17".to_string())]
    );
    assert_eq!(doc.properties.company.as_deref(), Some("Exempelkommunen"));
    assert_eq!(doc.properties.template.as_deref(), Some("Upphandling.dotx"));
}
