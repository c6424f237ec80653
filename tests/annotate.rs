//! `upplint annotate`: one Word comment per finding on its matched text, the input never touched, the
//! copy reading back with the same text, every other zip entry byte-identical, existing comments and
//! tracked changes kept, real-world files annotated cleanly, and LibreOffice opening the copies.

mod support;

use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{corpus_dir, external, rules_from_pack, test_config, test_rules, word_fixtures};
use upplint::annotate::{AUTHOR, INITIALS, annotate_file};
use upplint::check::RuleSet;
use upplint::finding::Finding;
use upplint::model::{Document, Part};
use upplint::read::{Limits, read_path};

fn sha256(path: &Path) -> String {
    let digest = Sha256::digest(std::fs::read(path).unwrap());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every zip entry as stored: name → (CRC, compressed bytes).
fn raw_entries(path: &Path) -> BTreeMap<String, (u32, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index_raw(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        out.insert(entry.name().unwrap().to_string(), (entry.crc32(), bytes));
    }
    out
}

/// The entries an annotation may change or add (a new comments part is `comments2.xml` when a
/// `comments.xml` that nothing refers to is in the way).
fn may_change(name: &str) -> bool {
    matches!(
        name,
        "word/document.xml"
            | "word/comments.xml"
            | "word/comments2.xml"
            | "word/_rels/document.xml.rels"
            | "[Content_Types].xml"
    )
}

fn findings_of(rules: &RuleSet, doc: &Document) -> Vec<Finding> {
    let mut findings = rules.check_document(doc);
    findings.truncate(Limits::default().max_findings_per_file);
    findings
}

/// Blocks other than comment paragraphs: (location, text, marks).
fn content(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .filter(|b| b.location.part != Some(Part::Comment))
        .map(|b| format!("{:?} {:?} {:?}", b.location, b.text, b.marks))
        .collect()
}

struct Annotation {
    before: Document,
    after: Document,
    findings: Vec<Finding>,
    input: PathBuf,
    output: PathBuf,
}

fn annotate(input: &Path, rules: &RuleSet, dir: &Path) -> Annotation {
    let output = dir.join(format!(
        "{}-kommenterad.docx",
        input.file_stem().unwrap().to_string_lossy()
    ));
    let limits = Limits::default();
    let before = read_path(input, &limits).unwrap();
    let findings = findings_of(rules, &before);
    let hash = sha256(input);
    let done = annotate_file(input, &output, rules, &limits).unwrap();
    assert_eq!(sha256(input), hash, "the input is never written to");
    assert_eq!(done.comments, findings.len(), "{}", input.display());
    let after = read_path(&output, &limits).unwrap();
    Annotation {
        before,
        after,
        findings,
        input: input.to_path_buf(),
        output,
    }
}

fn ours(doc: &Document) -> Vec<&upplint::model::Comment> {
    doc.comments
        .iter()
        .filter(|c| c.author.as_deref() == Some(AUTHOR))
        .collect()
}

#[test]
fn every_fixture_gets_one_comment_per_finding_on_its_matched_text() {
    let rules = test_rules();
    let dir = tempfile::tempdir().unwrap();
    let mut total = 0;
    for input in word_fixtures() {
        let a = annotate(&input, &rules, dir.path());
        let comments = ours(&a.after);
        assert_eq!(comments.len(), a.findings.len(), "{}", input.display());
        for (finding, comment) in a.findings.iter().zip(&comments) {
            assert_eq!(comment.initials.as_deref(), Some(INITIALS));
            let lines: Vec<&str> = comment.text.lines().collect();
            assert_eq!(lines.last(), Some(&format!("[{}]", finding.rule).as_str()));
            assert!(lines.contains(&finding.message.as_str()), "{lines:?}");
            if let Some(suggestion) = &finding.suggestion {
                assert!(lines.contains(&format!("Förslag: {suggestion}").as_str()));
            }
            let in_body = finding
                .block
                .and_then(|b| a.before.blocks.get(b))
                .is_some_and(|b| b.location.part == Some(Part::Body));
            let block = comment.anchor_block.and_then(|b| a.after.blocks.get(b));
            if in_body && !finding.matched.is_empty() {
                assert_eq!(comment.anchor_text, finding.matched, "{}", input.display());
                assert_eq!(
                    block.map(|b| &b.location),
                    Some(&finding.location),
                    "anchored in the finding's own paragraph"
                );
            } else if !in_body {
                assert!(lines[0].starts_with("Gäller "), "{lines:?}");
                assert_eq!(block.and_then(|b| b.location.part), Some(Part::Body));
            }
        }
        total += comments.len();
    }
    assert!(total > 30, "the fixtures give plenty of comments: {total}");
}

#[test]
fn the_copy_reads_back_with_the_same_text_and_only_comments_added() {
    let rules = test_rules();
    let dir = tempfile::tempdir().unwrap();
    for input in word_fixtures() {
        let a = annotate(&input, &rules, dir.path());
        assert_eq!(content(&a.before), content(&a.after), "{}", input.display());
        let kept: Vec<String> = a
            .after
            .comments
            .iter()
            .filter(|c| c.author.as_deref() != Some(AUTHOR))
            .map(|c| format!("{c:?}"))
            .collect();
        let original: Vec<String> = a.before.comments.iter().map(|c| format!("{c:?}")).collect();
        assert_eq!(kept, original, "existing comments are untouched");
        assert_eq!(
            format!("{:?}", a.before.revisions),
            format!("{:?}", a.after.revisions),
            "tracked changes are untouched"
        );
        assert_eq!(
            format!("{:?}", (&a.before.field_codes, &a.before.properties)),
            format!("{:?}", (&a.after.field_codes, &a.after.properties))
        );
    }
}

#[test]
fn every_other_zip_entry_is_byte_identical() {
    let rules = test_rules();
    let dir = tempfile::tempdir().unwrap();
    for input in word_fixtures() {
        let a = annotate(&input, &rules, dir.path());
        let before = raw_entries(&a.input);
        let after = raw_entries(&a.output);
        for (name, entry) in &before {
            if !may_change(name) {
                assert_eq!(
                    after.get(name),
                    Some(entry),
                    "{name} in {}",
                    input.display()
                );
            }
        }
        let added: BTreeSet<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
        assert!(added.iter().all(|name| may_change(name)), "{added:?}");
        if a.findings.is_empty() {
            assert_eq!(before, after, "nothing to say: an identical package");
        }
    }
}

#[test]
fn existing_comments_and_tracked_changes_survive_in_the_fixture_that_has_them() {
    let input = support::fixtures().join("direktupphandling-forfragan.docx");
    let dir = tempfile::tempdir().unwrap();
    let a = annotate(&input, &test_rules(), dir.path());
    let anna: Vec<_> = a
        .after
        .comments
        .iter()
        .filter(|c| c.author.as_deref() == Some("Anna Handläggare"))
        .collect();
    assert_eq!(anna.len(), 1);
    assert_eq!(
        anna[0].anchor_text,
        "Direktupphandlingsgränsen är 615 312 kronor."
    );
    assert!(anna[0].text.starts_with("Stämmer beloppet fortfarande?"));
    let kinds: Vec<String> = a
        .after
        .revisions
        .iter()
        .map(|r| format!("{:?} {}", r.kind, r.text))
        .collect();
    assert_eq!(kinds, ["Deleted 60", "Inserted 90"]);
    // The comment on the inserted "90" sits on exactly that text, inside the insertion.
    let on_insert = ours(&a.after)
        .into_iter()
        .find(|c| c.text.contains("infogad text"))
        .unwrap();
    assert_eq!(on_insert.anchor_text, "90");
    // Document-level findings (names in the properties) go on the first paragraph, saying so.
    let properties: Vec<_> = ours(&a.after)
        .into_iter()
        .filter(|c| c.text.contains("[rapport/egenskaper]"))
        .collect();
    assert_eq!(properties.len(), 2);
    assert!(
        properties
            .iter()
            .all(|c| c.text.starts_with("Gäller hela dokumentet.")
                && c.anchor_text == "Förfrågan om direktupphandling")
    );
}

#[test]
fn the_cli_never_overwrites_the_input_unless_told_to() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("anbud.docx");
    std::fs::copy(
        support::fixtures().join("direktupphandling-forfragan.docx"),
        &input,
    )
    .unwrap();
    let hash = sha256(&input);
    let upplint = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_upplint"))
            .arg("annotate")
            .args(args)
            .arg("--config")
            .arg(test_config())
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let no_output = upplint(&["anbud.docx"]);
    assert_eq!(no_output.status.code(), Some(2));
    let same = upplint(&["anbud.docx", "--output", "./anbud.docx"]);
    assert_eq!(same.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&same.stderr).contains("--in-place"));
    assert_eq!(sha256(&input), hash);

    let copy = upplint(&["anbud.docx", "-o", "kopia.docx"]);
    assert_eq!(copy.status.code(), Some(0), "{copy:?}");
    assert!(String::from_utf8_lossy(&copy.stderr).contains("16 kommentarer i kopia.docx"));
    assert_eq!(sha256(&input), hash);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n != "anbud.docx" && n != "kopia.docx")
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary files left: {leftovers:?}"
    );

    let in_place = upplint(&["anbud.docx", "--in-place"]);
    assert_eq!(in_place.status.code(), Some(0));
    assert_ne!(sha256(&input), hash, "--in-place replaces the input");
    let replaced = read_path(&input, &Limits::default()).unwrap();
    assert_eq!(ours(&replaced).len(), 16);
    let unreadable = upplint(&["saknas.docx", "-o", "x.docx"]);
    assert_eq!(unreadable.status.code(), Some(2));
}

/// A pack that finds something in most real documents, in all kinds of places: common short words
/// (inside runs, across run boundaries), whole sentences, and hygiene findings.
const CORPUS_PACK: &str = r#"
[pack]
name = "korpus"
version = "1.0.0"
description = "Breda regler för att kommentera verkliga dokument"

[[rule]]
id = "korpus/ord"
kind = "pattern"
severity = "info"
message = "Ordet '{match}'."
words = ["the", "and", "och", "att", "of", "test"]

[[rule]]
id = "korpus/ing"
kind = "pattern"
severity = "info"
message = "Ändelse: '{match}'."
patterns = ['\b\w+ing\b']

[[rule]]
id = "korpus/mening"
kind = "readability"
severity = "warning"
message = "Meningen har {words} ord."
measure = "sentence-length"
levels = { warning = 20 }

[[rule]]
id = "korpus/kommentar"
kind = "hygiene"
severity = "error"
message = "Kommentar: {comment}"
check = "comments"

[[rule]]
id = "korpus/dold"
kind = "hygiene"
severity = "error"
message = "Dold text."
check = "hidden-text"

[[rule]]
id = "korpus/spar"
kind = "hygiene"
severity = "error"
message = "Spårad ändring: {change}"
check = "tracked-changes"
"#;

/// Word files of the real corpus: every one when UPPLINT_ANNOTATE_ALL is set, else a fixed sample.
fn corpus_sample() -> Vec<PathBuf> {
    let Some(dir) = corpus_dir() else {
        return Vec::new();
    };
    let mut files = Vec::new();
    let mut dirs = vec![dir.join("real")];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "docx") {
                files.push(path);
            }
        }
    }
    files.sort();
    if std::env::var_os("UPPLINT_ANNOTATE_ALL").is_some() {
        return files;
    }
    files.into_iter().step_by(12).collect()
}

#[test]
fn real_documents_annotate_with_text_and_other_entries_unchanged() {
    let files = corpus_sample();
    if files.is_empty() {
        eprintln!(
            "SKIPPED real_documents_annotate…: the shared corpus is not beside the repository"
        );
        return;
    }
    let rules = rules_from_pack(CORPUS_PACK);
    let limits = Limits::default();
    let dir = tempfile::tempdir().unwrap();
    let (mut annotated, mut comments, mut whole, mut refused) = (0, 0, 0, Vec::new());
    for (i, input) in files.iter().enumerate() {
        let Ok(before) = read_path(input, &limits) else {
            continue; // unreadable files are the reader's business (named errors)
        };
        let findings = findings_of(&rules, &before);
        let output = dir.path().join(format!("{i}.docx"));
        let done = match annotate_file(input, &output, &rules, &limits) {
            Ok(done) => done,
            Err(e) => {
                refused.push(format!("{}: {e}", input.display()));
                continue;
            }
        };
        let after = read_path(&output, &limits)
            .unwrap_or_else(|e| panic!("{} reads back: {e}", input.display()));
        assert_eq!(content(&before), content(&after), "{}", input.display());
        assert_eq!(
            ours(&after).len() + done.unplaced,
            findings.len(),
            "{}",
            input.display()
        );
        let (raw_before, raw_after) = (raw_entries(input), raw_entries(&output));
        for (name, entry) in &raw_before {
            let lower = name.to_ascii_lowercase();
            let file = lower.rsplit('/').next().unwrap_or_default();
            let changeable = lower == "[content_types].xml"
                || lower.starts_with("word/")
                    && (file.starts_with("document") || file.starts_with("comments"));
            if !changeable {
                assert!(
                    raw_after.get(name) == Some(entry),
                    "{name} in {} is not byte-identical",
                    input.display()
                );
            }
        }
        let kept: Vec<String> = after
            .comments
            .iter()
            .filter(|c| c.author.as_deref() != Some(AUTHOR))
            .map(|c| format!("{c:?}"))
            .collect();
        let original: Vec<String> = before.comments.iter().map(|c| format!("{c:?}")).collect();
        assert_eq!(kept, original, "{}", input.display());
        annotated += 1;
        comments += done.comments;
        whole += done.whole_paragraph;
    }
    eprintln!(
        "annotated {annotated} real documents with {comments} comments; {whole} on a whole paragraph; refused: {refused:#?}"
    );
    assert!(
        annotated >= files.len() / 2,
        "{annotated} of {}",
        files.len()
    );
    assert!(comments > annotated, "the pack finds plenty");
    assert!(
        refused.iter().all(|r| r.contains("Strict")),
        "only Strict documents are refused: {refused:#?}"
    );
    assert_eq!(whole, 0, "every paragraph's text matched the reader's");
}

/// Converts files with one LibreOffice run (headless, own profile) into `out`.
fn soffice_convert(soffice: &str, inputs: &[PathBuf], format: &str, out: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(soffice)
        .arg("--headless")
        .arg("--norestore")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--convert-to", format, "--outdir"])
        .arg(out)
        .args(inputs)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
}

fn converted(out: &Path, input: &Path, extension: &str) -> PathBuf {
    out.join(format!(
        "{}.{extension}",
        input.file_stem().unwrap().to_string_lossy()
    ))
}

#[test]
fn libreoffice_opens_the_copies_and_shows_the_same_text() {
    let Some(soffice) = external(
        "soffice",
        "libreoffice_opens_the_copies_and_shows_the_same_text",
    ) else {
        return;
    };
    let rules = test_rules();
    let dir = tempfile::tempdir().unwrap();
    let (pdf_dir, text_dir) = (dir.path().join("pdf"), dir.path().join("txt"));
    let mut originals = Vec::new();
    let mut copies = Vec::new();
    for input in word_fixtures() {
        let a = annotate(&input, &rules, dir.path());
        originals.push(input);
        copies.push(a.output);
    }
    soffice_convert(&soffice, &copies, "pdf", &pdf_dir);
    let all: Vec<PathBuf> = originals.iter().chain(&copies).cloned().collect();
    soffice_convert(&soffice, &all, "txt:Text (encoded):UTF8", &text_dir);
    for (original, copy) in originals.iter().zip(&copies) {
        let pdf = std::fs::read(converted(&pdf_dir, copy, "pdf")).unwrap();
        assert!(
            pdf.starts_with(b"%PDF") && pdf.len() > 1000,
            "{}",
            copy.display()
        );
        let text =
            |path: &Path| std::fs::read_to_string(converted(&text_dir, path, "txt")).unwrap();
        assert_eq!(
            text(copy),
            text(original),
            "LibreOffice shows the same text for {}",
            original.display()
        );
    }
}

/// Adds a reply by "Anna" to comment `parent` of the copy, as Word writes one: its own comment with a
/// range beside the parent's, and a `commentsExtended` link from the reply's paragraph to the parent's.
fn reply_to(copy: &Path, parent: &str, text: &str, out: &Path) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(copy).unwrap()).unwrap();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        parts.push((entry.name().unwrap().to_string(), bytes));
    }
    let text_of = |parts: &[(String, Vec<u8>)], name: &str| {
        String::from_utf8(parts.iter().find(|(n, _)| n == name).unwrap().1.clone()).unwrap()
    };
    let comments = text_of(&parts, "word/comments.xml");
    let reply_id = "9001";
    let parent_start = comments
        .find(&format!("<w:comment w:id=\"{parent}\""))
        .unwrap();
    let parent_end = parent_start + comments[parent_start..].find("</w:comment>").unwrap();
    let parent_para = comments[parent_start..parent_end]
        .rmatch_indices("w14:paraId=\"")
        .next()
        .map(|(i, m)| &comments[parent_start + i + m.len()..parent_start + i + m.len() + 8])
        .unwrap()
        .to_string();
    let reply = format!(
        "<w:comment w:id=\"{reply_id}\" w:author=\"Anna\" w:initials=\"A\"><w:p w14:paraId=\"5EED0001\" w14:textId=\"77777777\"><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p></w:comment></w:comments>"
    );
    let comments = comments.replace("</w:comments>", &reply);
    let body = text_of(&parts, "word/document.xml")
        .replace(
            &format!("<w:commentRangeStart w:id=\"{parent}\"/>"),
            &format!("<w:commentRangeStart w:id=\"{parent}\"/><w:commentRangeStart w:id=\"{reply_id}\"/>"),
        )
        .replace(
            &format!("<w:commentReference w:id=\"{parent}\"/></w:r>"),
            &format!("<w:commentReference w:id=\"{parent}\"/></w:r><w:commentRangeEnd w:id=\"{reply_id}\"/><w:r><w:commentReference w:id=\"{reply_id}\"/></w:r>"),
        );
    let links = format!(
        "<w15:commentEx w15:paraId=\"{parent_para}\" w15:done=\"0\"/><w15:commentEx w15:paraId=\"5EED0001\" w15:paraIdParent=\"{parent_para}\" w15:done=\"0\"/>"
    );
    let has_extended = parts.iter().any(|(n, _)| n == "word/commentsExtended.xml");
    let extended = if has_extended {
        let existing = text_of(&parts, "word/commentsExtended.xml");
        let end = existing.rfind("</").unwrap();
        format!("{}{links}{}", &existing[..end], &existing[end..])
    } else {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w15:commentsEx xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\">{links}</w15:commentsEx>"
        )
    };
    let mut rels = text_of(&parts, "word/_rels/document.xml.rels");
    let mut types = text_of(&parts, "[Content_Types].xml");
    if !has_extended {
        rels = rels.replace(
            "</Relationships>",
            "<Relationship Id=\"rIdReply\" Type=\"http://schemas.microsoft.com/office/2011/relationships/commentsExtended\" Target=\"commentsExtended.xml\"/></Relationships>",
        );
        types = types.replace(
            "</Types>",
            "<Override PartName=\"/word/commentsExtended.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml\"/></Types>",
        );
    }
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in parts {
        let bytes = match name.as_str() {
            "word/comments.xml" => comments.clone().into_bytes(),
            "word/document.xml" => body.clone().into_bytes(),
            "word/_rels/document.xml.rels" => rels.clone().into_bytes(),
            "[Content_Types].xml" => types.clone().into_bytes(),
            "word/commentsExtended.xml" => extended.clone().into_bytes(),
            _ => bytes,
        };
        writer.start_file(name, options).unwrap();
        std::io::Write::write_all(&mut writer, &bytes).unwrap();
    }
    if !has_extended {
        writer
            .start_file("word/commentsExtended.xml", options)
            .unwrap();
        std::io::Write::write_all(&mut writer, extended.as_bytes()).unwrap();
    }
    writer.finish().unwrap();
}

#[test]
fn a_reply_saying_upplint_ignorera_makes_the_next_check_skip_the_finding() {
    let input = support::fixtures().join("direktupphandling-forfragan.docx");
    let dir = tempfile::tempdir().unwrap();
    let rules = test_rules();
    let a = annotate(&input, &rules, dir.path());
    let placeholder = ours(&a.after)
        .into_iter()
        .find(|c| c.text.ends_with("[rapport/platshallare]"))
        .unwrap();
    let replied = dir.path().join("besvarad.docx");
    reply_to(
        &a.output,
        &placeholder.id,
        "upplint-ignorera: datumet bestäms på mötet",
        &replied,
    );
    let reread = read_path(&replied, &Limits::default()).unwrap();
    let reply = reread
        .comments
        .iter()
        .find(|c| c.text.starts_with("upplint-ignorera:"))
        .unwrap();
    assert_eq!(reply.parent_id.as_deref(), Some(placeholder.id.as_str()));
    let output = Command::new(env!("CARGO_BIN_EXE_upplint"))
        .args(["check", "--format", "json", "--config"])
        .arg(test_config())
        .arg(&replied)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rules_found: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        !rules_found.contains(&"rapport/platshallare"),
        "{rules_found:?}"
    );
    assert!(rules_found.contains(&"rapport/stelt"), "the others stay");
}
