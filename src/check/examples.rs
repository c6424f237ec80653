//! A rule's `[[rule.example]]` entries: a small markup for example documents, and running them as tests.
//!
//! Example text is one paragraph per line. `# Rubrik` / `## Underrubrik` are headings (outline levels 0, 1…),
//! `| a | b |` lines are table rows, `@sidhuvud:`, `@sidfot:`, `@fotnot:`, `@slutnot:`, `@textruta:` put a
//! line in that part. Inline tags mark text: `<ins>…</ins>` tracked insertion, `<del>…</del>` tracked
//! deletion (kept out of the text), `<hidden>…</hidden>`, `<cc>…</cc>` content control,
//! `<placeholder>…</placeholder>` content control showing its placeholder, `<field instr="REF x">…</field>`,
//! and `<comment author="…" text="…">…</comment>`. A `rows = [[…], …]` example is a sheet whose first row
//! is the header row. A line `@fil: namn.docx` starts another document of the same example: the
//! documents are checked one by one and then compared as one tender package.

use super::emit::Emitter;
use super::package::PackageEmitter;
use super::{CompiledRule, DocView, RuleSet};
use crate::finding::Finding;
use crate::model::{
    Block, CellInfo, CellValue, Comment, DocKind, Document, FieldCode, Location, Mark, MarkKind,
    Part, Revision, RevisionKind, SheetInfo, TablePos,
};
use crate::rules::format::ExampleDef;
use chrono::NaiveDate;

/// The outcome of one example.
#[derive(Debug)]
pub struct ExampleResult {
    pub rule: String,
    pub index: usize,
    pub passed: bool,
    /// What went wrong, in English for the pack author.
    pub problem: Option<String>,
    pub findings: Vec<Finding>,
    /// Byte span of the example in its pack file.
    pub span: std::ops::Range<usize>,
}

/// Runs every example of every rule in the set.
pub fn run_all(set: &RuleSet) -> Vec<ExampleResult> {
    set.rules
        .iter()
        .flat_map(|rule| {
            rule.examples
                .iter()
                .enumerate()
                .map(move |(i, ex)| run_example(set, rule, i, ex))
        })
        .collect()
}

fn run_example(
    set: &RuleSet,
    rule: &CompiledRule,
    index: usize,
    example: &ExampleDef,
) -> ExampleResult {
    let span = example
        .text
        .as_ref()
        .map(|t| t.span())
        .or_else(|| example.rows.as_ref().map(|r| r.span()))
        .unwrap_or(rule.id_span.clone());
    let mut result = ExampleResult {
        rule: rule.meta.id.clone(),
        index,
        passed: false,
        problem: None,
        findings: Vec::new(),
        span,
    };
    let docs = match build_documents(example) {
        Ok(docs) => docs,
        Err(problem) => {
            result.problem = Some(problem);
            return result;
        }
    };
    let mut env = set.env.clone();
    if let Some(date) = &example.as_of {
        match NaiveDate::parse_from_str(date.get_ref(), "%Y-%m-%d") {
            Ok(date) => env.as_of = date,
            Err(_) => {
                result.problem = Some(format!(
                    "as_of `{}` is not a YYYY-MM-DD date",
                    date.get_ref()
                ));
                return result;
            }
        }
    }
    let mut findings = Vec::new();
    let mut package = Vec::new();
    for doc in &docs {
        if !rule.meta.scope.allows_file(&doc.path, doc.kind) {
            continue;
        }
        let view = DocView::new(doc, &set.matcher, &env);
        let mut emitter = Emitter::new(doc, &rule.meta, rule.meta.severity, &mut findings);
        rule.check.check(&view, &mut emitter);
        package.push(view.into_facts());
    }
    if docs.len() >= 2 && rule.check.checks_packages() {
        let members: Vec<_> = package.iter().collect();
        let mut emitter = PackageEmitter::new(&rule.meta, Vec::new(), &mut findings);
        rule.check.check_package(&members, &mut emitter);
    }
    result.problem = verdict(example, &findings);
    result.passed = result.problem.is_none();
    result.findings = findings;
    result
}

/// None when the findings are what the example expects; otherwise what differs.
fn verdict(example: &ExampleDef, findings: &[Finding]) -> Option<String> {
    if let Some(expected) = &example.matches {
        let got: Vec<&str> = findings.iter().map(|f| f.matched.as_str()).collect();
        if got
            != expected
                .get_ref()
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
        {
            return Some(format!(
                "expected matches {:?}, got {:?}",
                expected.get_ref(),
                got
            ));
        }
    }
    if let Some(expected) = &example.findings
        && findings.len() != *expected.get_ref()
    {
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        return Some(format!(
            "expected {} finding(s), got {}: {:?}",
            expected.get_ref(),
            findings.len(),
            messages
        ));
    }
    if example.findings.is_none() && example.matches.is_none() {
        return Some("the example says neither `findings` nor `matches`".into());
    }
    if let Some(needle) = &example.message_contains
        && let Some(f) = findings
            .iter()
            .find(|f| !f.message.contains(needle.as_str()))
    {
        return Some(format!(
            "message `{}` does not contain `{needle}`",
            f.message
        ));
    }
    if let Some(expected) = example.severity
        && let Some(f) = findings.iter().find(|f| f.severity != expected)
    {
        return Some(format!(
            "expected severity {}, got {} for `{}`",
            expected.as_str(),
            f.severity.as_str(),
            f.message
        ));
    }
    None
}

/// Builds the example's documents: one, or one per `@fil:` line.
pub fn build_documents(example: &ExampleDef) -> Result<Vec<Document>, String> {
    let Some(text) = &example.text else {
        return Ok(vec![build_document(example)?]);
    };
    let chunks = split_files(text.get_ref())?;
    if chunks.is_empty() {
        return Ok(vec![build_document(example)?]);
    }
    chunks
        .into_iter()
        .map(|(file, body)| {
            build_document(&ExampleDef {
                text: Some(toml::Spanned::new(text.span(), body)),
                file: Some(file),
                ..example.clone()
            })
        })
        .collect()
}

/// `@fil: a.docx` lines and the text under each; empty when the text names no files.
fn split_files(text: &str) -> Result<Vec<(String, String)>, String> {
    if !text.lines().any(|l| l.starts_with("@fil:")) {
        return Ok(Vec::new());
    }
    let mut chunks: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("@fil:") {
            chunks.push((name.trim().to_string(), String::new()));
            continue;
        }
        match chunks.last_mut() {
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
            None if line.trim().is_empty() => {}
            None => return Err("text before the first `@fil:` line".into()),
        }
    }
    if chunks.iter().any(|(name, _)| name.is_empty()) {
        return Err("`@fil:` needs a file name".into());
    }
    Ok(chunks)
}

/// Builds the example's document from its text markup or rows.
pub fn build_document(example: &ExampleDef) -> Result<Document, String> {
    let file = example.file.clone().unwrap_or_else(|| {
        if example.rows.is_some() {
            "exempel.xlsx".into()
        } else {
            "exempel.docx".into()
        }
    });
    let mut doc = if let Some(rows) = &example.rows {
        sheet_document(
            &file,
            example.sheet.as_deref().unwrap_or("Blad1"),
            rows.get_ref(),
        )
    } else {
        let text = example
            .text
            .as_ref()
            .map(|t| t.get_ref().as_str())
            .unwrap_or("");
        let kind = if file.ends_with(".txt") || file.ends_with(".md") {
            DocKind::Text
        } else {
            DocKind::Word
        };
        text_document(&file, kind, text)?
    };
    if let Some(props) = &example.properties {
        let get = |k: &str| props.get(k).and_then(|v| v.as_str()).map(str::to_string);
        doc.properties.author = get("author");
        doc.properties.last_modified_by = get("last_modified_by");
        doc.properties.company = get("company");
        doc.properties.title = get("title");
        doc.properties.manager = get("manager");
    }
    Ok(doc)
}

fn sheet_document(file: &str, sheet: &str, rows: &[Vec<String>]) -> Document {
    let mut doc = Document::new(file, DocKind::Sheet);
    doc.sheets.push(SheetInfo {
        name: sheet.to_string(),
        hidden: false,
    });
    let headers: Vec<String> = rows.first().cloned().unwrap_or_default();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let (row_index, col_index) = (r as u32, c as u32);
            let value = match text.parse::<f64>() {
                Ok(n) => CellValue::Number(n),
                Err(_) if text.starts_with('=') => CellValue::Empty,
                Err(_) => CellValue::Text(text.clone()),
            };
            let mut block = Block::new(
                if text.starts_with('=') {
                    ""
                } else {
                    text.as_str()
                },
                Location::cell(sheet, row_index, col_index),
            );
            block.cell = Some(CellInfo {
                row: row_index,
                col: col_index,
                value,
                formula: text.strip_prefix('=').map(str::to_string),
                header: if r == 0 {
                    None
                } else {
                    headers
                        .get(c)
                        .filter(|h| !h.is_empty())
                        .map(|h| std::sync::Arc::from(h.as_str()))
                },
                is_header: r == 0,
                hidden_sheet: false,
                hidden_row: false,
                hidden_col: false,
            });
            doc.blocks.push(block);
        }
    }
    doc
}

/// Per-part paragraph counters and the heading path while building an example document.
#[derive(Default)]
struct Layout {
    counters: Vec<(Part, u32)>,
    headings: Vec<(u8, String)>,
    table_row: u32,
}

impl Layout {
    fn next_paragraph(&mut self, part: Part) -> u32 {
        match self.counters.iter_mut().find(|(p, _)| *p == part) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                self.counters.push((part, 1));
                1
            }
        }
    }
}

fn text_document(file: &str, kind: DocKind, text: &str) -> Result<Document, String> {
    let mut doc = Document::new(file, kind);
    let mut layout = Layout::default();
    for line in text.lines() {
        if kind == DocKind::Text {
            let number = layout.next_paragraph(Part::Line);
            let block_index = doc.blocks.len();
            let inline = parse_inline(line, block_index, &mut doc)?;
            let mut block = Block::new(inline.text, Location::line(number));
            block.marks = inline.marks;
            doc.blocks.push(block);
            continue;
        }
        add_word_line(&mut doc, &mut layout, line)?;
    }
    Ok(doc)
}

fn add_word_line(doc: &mut Document, layout: &mut Layout, line: &str) -> Result<(), String> {
    let (part, content) = part_prefix(line);
    let trimmed = content.trim();
    if part == Part::Body && trimmed.starts_with('|') {
        layout.table_row += 1;
        let cells: Vec<&str> = trimmed.trim_matches('|').split('|').collect();
        for (col, cell) in cells.iter().enumerate() {
            let mut location = body_location(layout, Part::Body);
            location.table = Some(vec![TablePos {
                row: layout.table_row,
                col: col as u32 + 1,
            }]);
            push_block(doc, location, cell.trim(), None)?;
        }
        return Ok(());
    }
    layout.table_row = 0;
    let level = heading_level(trimmed);
    if let (Some(level), Part::Body) = (level, part) {
        let title = trimmed.trim_start_matches('#').trim();
        layout.headings.retain(|(l, _)| *l < level);
        layout.headings.push((level, title.to_string()));
        let location = body_location(layout, Part::Body);
        return push_block(doc, location, title, Some(level));
    }
    let location = body_location(layout, part);
    push_block(doc, location, content, None)
}

fn body_location(layout: &mut Layout, part: Part) -> Location {
    let paragraph = layout.next_paragraph(part);
    Location {
        part: Some(part),
        paragraph,
        heading: if part == Part::Body {
            layout.headings.iter().map(|(_, h)| h.clone()).collect()
        } else {
            Vec::new()
        },
        ..Location::default()
    }
}

fn push_block(
    doc: &mut Document,
    location: Location,
    text: &str,
    level: Option<u8>,
) -> Result<(), String> {
    let index = doc.blocks.len();
    let inline = parse_inline(text, index, doc)?;
    let mut block = Block::new(inline.text, location);
    block.marks = inline.marks;
    block.outline_level = level;
    doc.blocks.push(block);
    Ok(())
}

fn heading_level(line: &str) -> Option<u8> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    (hashes > 0 && line[hashes..].starts_with(' ')).then(|| (hashes - 1).min(8) as u8)
}

fn part_prefix(line: &str) -> (Part, &str) {
    const PREFIXES: [(&str, Part); 5] = [
        ("@sidhuvud:", Part::Header),
        ("@sidfot:", Part::Footer),
        ("@fotnot:", Part::Footnote),
        ("@slutnot:", Part::Endnote),
        ("@textruta:", Part::Textbox),
    ];
    for (prefix, part) in PREFIXES {
        if let Some(rest) = line.strip_prefix(prefix) {
            return (part, rest.trim_start());
        }
    }
    (Part::Body, line)
}

/// An open inline tag: name, attributes, start offset in the text, and (for `<del>`) the deleted text.
struct OpenTag {
    name: String,
    attrs: Vec<(String, String)>,
    start: usize,
    deleted: String,
}

struct Inline {
    text: String,
    marks: Vec<Mark>,
}

/// Parses inline tags without recursion: an explicit stack of open tags.
fn parse_inline(source: &str, block: usize, doc: &mut Document) -> Result<Inline, String> {
    let mut text = String::new();
    let mut marks = Vec::new();
    let mut open: Vec<OpenTag> = Vec::new();
    let mut rest = source;
    while let Some(lt) = rest.find('<') {
        let (before, tail) = rest.split_at(lt);
        append(&mut text, &mut open, before);
        let Some(gt) = tail.find('>') else {
            append(&mut text, &mut open, tail);
            rest = "";
            break;
        };
        let tag = &tail[1..gt];
        rest = &tail[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let Some(tag) = open.pop() else {
                return Err(format!("closing tag </{name}> without an opening tag"));
            };
            if tag.name != name {
                return Err(format!("<{}> closed by </{name}>", tag.name));
            }
            close_tag(&tag, &text, block, &mut marks, doc)?;
        } else if is_known_tag(tag) {
            let (name, attrs) = parse_tag(tag);
            open.push(OpenTag {
                name,
                attrs,
                start: text.len(),
                deleted: String::new(),
            });
        } else {
            append(&mut text, &mut open, &tail[..gt + 1]);
        }
    }
    append(&mut text, &mut open, rest);
    if let Some(tag) = open.last() {
        return Err(format!("<{}> is never closed", tag.name));
    }
    Ok(Inline { text, marks })
}

const TAGS: [&str; 7] = [
    "ins",
    "del",
    "hidden",
    "cc",
    "placeholder",
    "field",
    "comment",
];

fn is_known_tag(tag: &str) -> bool {
    let name = tag.split_whitespace().next().unwrap_or("");
    TAGS.contains(&name)
}

/// Text goes to the block, except inside `<del>`, where it is kept for the deletion record.
fn append(text: &mut String, open: &mut [OpenTag], chunk: &str) {
    match open.iter_mut().rev().find(|tag| tag.name == "del") {
        Some(tag) => tag.deleted.push_str(chunk),
        None => text.push_str(chunk),
    }
}

fn parse_tag(tag: &str) -> (String, Vec<(String, String)>) {
    let name = tag.split_whitespace().next().unwrap_or("").to_string();
    let mut attrs = Vec::new();
    let mut rest = &tag[name.len()..];
    while let Some(eq) = rest.find("=\"") {
        let key = rest[..eq].trim().to_string();
        let after = &rest[eq + 2..];
        let Some(end) = after.find('"') else { break };
        attrs.push((key, after[..end].to_string()));
        rest = &after[end + 1..];
    }
    (name, attrs)
}

fn close_tag(
    tag: &OpenTag,
    text: &str,
    block: usize,
    marks: &mut Vec<Mark>,
    doc: &mut Document,
) -> Result<(), String> {
    let (name, attrs, start, deleted) = (
        tag.name.as_str(),
        &tag.attrs,
        tag.start,
        tag.deleted.as_str(),
    );
    let end = text.len();
    let attr = |k: &str| {
        attrs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let mut mark = |kind: MarkKind| {
        marks.push(Mark {
            kind,
            start,
            end,
            label: attr("tag"),
        })
    };
    match name {
        "ins" => {
            mark(MarkKind::Inserted);
            doc.revisions.push(revision(
                RevisionKind::Inserted,
                &text[start..end],
                block,
                start,
                attr("author"),
            ));
        }
        "del" => doc.revisions.push(revision(
            RevisionKind::Deleted,
            deleted,
            block,
            start,
            attr("author"),
        )),
        "hidden" => mark(MarkKind::Hidden),
        "cc" => mark(MarkKind::ContentControl),
        "placeholder" => {
            mark(MarkKind::ContentControl);
            mark(MarkKind::Placeholder);
        }
        "field" => {
            mark(MarkKind::FieldResult);
            doc.field_codes.push(FieldCode {
                instruction: attr("instr").unwrap_or_default(),
                block: Some(block),
            });
        }
        "comment" => doc.comments.push(Comment {
            id: doc.comments.len().to_string(),
            author: attr("author"),
            initials: None,
            date: None,
            text: attr("text").unwrap_or_default(),
            anchor_text: text[start..end].to_string(),
            anchor_block: Some(block),
            anchor_start: start,
            anchor_end: end,
            parent_id: None,
        }),
        other => return Err(format!("unknown tag <{other}>")),
    }
    Ok(())
}

fn revision(
    kind: RevisionKind,
    text: &str,
    block: usize,
    offset: usize,
    author: Option<String>,
) -> Revision {
    Revision {
        kind,
        author,
        date: None,
        text: text.to_string(),
        block: Some(block),
        offset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(text: &str) -> ExampleDef {
        ExampleDef {
            text: Some(toml::Spanned::new(0..0, text.to_string())),
            rows: None,
            sheet: None,
            file: None,
            properties: None,
            as_of: None,
            findings: None,
            matches: None,
            message_contains: None,
            severity: None,
        }
    }

    #[test]
    fn builds_headings_tables_parts_and_marks() {
        let doc = build_document(&example(
            "# 1 Inledning\nText med <ins>ny</ins> och <del>gammal</del> text.\n## 1.1 Krav\n| Krav | <placeholder>Klicka här</placeholder> |\n@sidhuvud: Exempelby kommun\n<comment author=\"A\" text=\"Ändra\">detta</comment>",
        ))
        .unwrap();
        assert_eq!(doc.blocks[1].text, "Text med ny och  text.");
        assert_eq!(doc.blocks[1].location.heading, vec!["1 Inledning"]);
        assert!(doc.blocks[1].is_marked(MarkKind::Inserted, 9, 11));
        assert_eq!(doc.revisions.len(), 2);
        assert_eq!(doc.revisions[1].text, "gammal");
        assert_eq!(
            doc.blocks[3].location.table,
            Some(vec![TablePos { row: 1, col: 1 }])
        );
        assert_eq!(
            doc.blocks[4].location.heading,
            vec!["1 Inledning", "1.1 Krav"]
        );
        assert!(doc.blocks[4].is_all(MarkKind::Placeholder));
        assert_eq!(doc.blocks[5].location.part, Some(Part::Header));
        assert_eq!(doc.blocks[5].location.paragraph, 1);
        assert_eq!(doc.comments[0].anchor_text, "detta");
    }

    #[test]
    fn rejects_unbalanced_tags() {
        assert!(build_document(&example("<ins>öppen")).is_err());
        assert!(build_document(&example("stängd</ins>")).is_err());
        assert_eq!(
            build_document(&example("a < b > c")).unwrap().blocks[0].text,
            "a < b > c"
        );
    }
}
