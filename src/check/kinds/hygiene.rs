//! Kind `hygiene`: what must not be published — comments, tracked changes, hidden text, content controls
//! still showing placeholder text (buyer fields), personal names in document properties.

use super::KindSpec;
use crate::check::emit::Emitter;
use crate::check::regex_util::PackRegex;
use crate::check::regex_util::compile_pattern_ci;
use crate::check::{Check, CompileCtx, DocView, RuleMeta};
use crate::finding::Severity;
use crate::model::{Block, Document, MarkKind, RevisionKind, TablePos};
use crate::rules::diagnostic::PackDiagnostic;
use crate::rules::pack::deserialize;
use crate::rules::schema::fields_of;
use serde::Deserialize;
use std::collections::HashMap;
use toml::Spanned;
use toml::de::DeValue;

pub const SPEC: KindSpec = KindSpec {
    name: "hygiene",
    fields: fields_of::<Params>,
    vars: &[
        "author", "comment", "change", "count", "property", "value", "label",
    ],
    compile,
    summary: "sådant som inte får publiceras: kommentarer, spårade ändringar, dold text, platshållare, namn i egenskaper",
};

#[derive(Deserialize)]
struct Params {
    /// comments | tracked-changes | hidden-text | placeholders | properties
    check: Spanned<String>,
    /// For `placeholders`: labels of fields the supplier fills in (their placeholders are intended).
    #[serde(default)]
    supplier_fields: Option<Spanned<String>>,
    /// For `properties`: values that name an organisation, not a person.
    #[serde(default)]
    organisation_names: Option<Spanned<String>>,
}

enum What {
    Comments,
    TrackedChanges,
    HiddenText,
    Placeholders { supplier: Option<PackRegex> },
    Properties { organisation: Option<PackRegex> },
}

struct Hygiene {
    what: What,
}

fn compile(
    _meta: &RuleMeta,
    table: &Spanned<DeValue<'static>>,
    ctx: &mut CompileCtx<'_>,
) -> Option<Box<dyn Check>> {
    let params: Params = deserialize(ctx.source, table, ctx.problems)?;
    let what = match params.check.get_ref().as_str() {
        "comments" => What::Comments,
        "tracked-changes" => What::TrackedChanges,
        "hidden-text" => What::HiddenText,
        "placeholders" => What::Placeholders {
            supplier: match &params.supplier_fields {
                Some(p) => Some(compile_pattern_ci(p, ctx.source, ctx.problems)?),
                None => None,
            },
        },
        "properties" => What::Properties {
            organisation: match &params.organisation_names {
                Some(p) => Some(compile_pattern_ci(p, ctx.source, ctx.problems)?),
                None => None,
            },
        },
        other => {
            ctx.problems.push(
                PackDiagnostic::at(
                    ctx.source,
                    params.check.span(),
                    format!("unknown hygiene check `{other}`"),
                )
                .with_help(
                    "use comments, tracked-changes, hidden-text, placeholders or properties",
                ),
            );
            return None;
        }
    };
    Some(Box::new(Hygiene { what }))
}

impl Check for Hygiene {
    fn check(&self, doc: &DocView<'_>, emit: &mut Emitter<'_>) {
        match &self.what {
            What::Comments => comments(doc.doc, emit),
            What::TrackedChanges => tracked_changes(doc.doc, emit),
            What::HiddenText => hidden_text(doc.doc, emit),
            What::Placeholders { supplier } => placeholders(doc.doc, supplier.as_ref(), emit),
            What::Properties { organisation } => properties(doc.doc, organisation.as_ref(), emit),
        }
    }
}

/// Comments that are upplint's own controls (suppressions and their replies) are not reported here.
fn comments(doc: &Document, emit: &mut Emitter<'_>) {
    for comment in &doc.comments {
        if crate::suppress::comments::parse_directive(&comment.text).is_some() {
            continue;
        }
        let author = comment.author.clone().unwrap_or_else(|| "okänd".into());
        let text = shorten(&comment.text, 80);
        let builder = match comment.anchor_block {
            Some(block) => emit.at(
                block,
                comment.anchor_start..comment.anchor_end.max(comment.anchor_start),
            ),
            None => emit
                .document()
                .key(format!("comment {} {}", author, comment.text)),
        };
        builder.var("author", author).var("comment", text).push();
    }
}

fn tracked_changes(doc: &Document, emit: &mut Emitter<'_>) {
    for revision in &doc.revisions {
        let change = match revision.kind {
            RevisionKind::Inserted | RevisionKind::MovedTo => "infogad text",
            RevisionKind::Deleted | RevisionKind::MovedFrom => "borttagen text",
            RevisionKind::Formatting => "ändrad formatering",
        };
        let author = revision.author.clone().unwrap_or_else(|| "okänd".into());
        let range = match revision.kind {
            RevisionKind::Inserted | RevisionKind::MovedTo => {
                revision.offset..revision.offset + revision.text.len()
            }
            _ => revision.offset..revision.offset,
        };
        let builder = match revision.block {
            Some(block) => emit.at(block, range),
            None => emit
                .document()
                .key(format!("revision {} {}", change, revision.text)),
        };
        builder
            .var(
                "change",
                format!("{change} \u{201d}{}\u{201d}", shorten(&revision.text, 60)),
            )
            .var("author", author)
            .push();
    }
}

fn hidden_text(doc: &Document, emit: &mut Emitter<'_>) {
    for (index, block) in doc.blocks.iter().enumerate() {
        for (start, end) in merged_marks(block, MarkKind::Hidden) {
            emit.at(index, start..end).push();
        }
    }
}

/// Ranges of one mark kind in a block, adjacent ones merged.
fn merged_marks(block: &Block, kind: MarkKind) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = block
        .marks
        .iter()
        .filter(|m| m.kind == kind && m.start < m.end)
        .map(|m| (m.start, m.end))
        .collect();
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// Buyer fields still showing placeholder text are errors, one by one; supplier response fields are
/// intended, and reported at most as one summary at info level.
fn placeholders(doc: &Document, supplier: Option<&PackRegex>, emit: &mut Emitter<'_>) {
    let forms = doc.protection.as_deref() == Some("forms");
    let headers = column_headers(doc);
    let mut supplier_fields = 0usize;
    for (index, block) in doc.blocks.iter().enumerate() {
        for (start, end) in merged_marks(block, MarkKind::Placeholder) {
            let label = field_label(doc, index, start, &headers);
            let is_supplier = forms || supplier.is_some_and(|re| re.is_match(&label));
            if is_supplier {
                supplier_fields += 1;
                continue;
            }
            emit.at(index, start..end).var("label", label).push();
        }
    }
    if supplier_fields > 0 {
        emit.document()
            .severity(Severity::Info)
            .key("supplier placeholders")
            .var("count", supplier_fields.to_string())
            .var(
                "label",
                format!("{supplier_fields} svarsfält för leverantören (avsiktliga platshållare)"),
            )
            .message(
                "{label}: leverantören fyller i dem i sitt anbud. Kontrollera att inget av dem är ett fält som ni själva ska fylla i.",
            )
            .push();
    }
}

/// Header texts of table columns: (table path without its last row, column) → text of row 1.
fn column_headers(doc: &Document) -> HashMap<(Vec<TablePos>, u32), String> {
    let mut headers = HashMap::new();
    for block in &doc.blocks {
        let Some(table) = &block.location.table else {
            continue;
        };
        let Some((last, outer)) = table.split_last() else {
            continue;
        };
        if last.row == 1 {
            let entry = headers
                .entry((outer.to_vec(), last.col))
                .or_insert_with(String::new);
            if !entry.is_empty() {
                entry.push(' ');
            }
            entry.push_str(block.text.trim());
        }
    }
    headers
}

/// What a field is labelled with: text before it in the paragraph, the column header, the cell to its
/// left, or the previous paragraph.
fn field_label(
    doc: &Document,
    index: usize,
    start: usize,
    headers: &HashMap<(Vec<TablePos>, u32), String>,
) -> String {
    let Some(block) = doc.blocks.get(index) else {
        return String::new();
    };
    let before = block.text.get(..start).unwrap_or("").trim();
    let mut label = before.to_string();
    if let Some(table) = &block.location.table
        && let Some((last, outer)) = table.split_last()
    {
        if let Some(header) = headers.get(&(outer.to_vec(), last.col)) {
            label.push(' ');
            label.push_str(header);
        }
        let left = doc.blocks[..index].iter().rev().find(|b| {
            b.location
                .table
                .as_ref()
                .and_then(|t| t.split_last())
                .is_some_and(|(l, o)| o == outer && l.row == last.row && l.col + 1 == last.col)
        });
        if let Some(left) = left {
            label.push(' ');
            label.push_str(left.text.trim());
        }
    }
    if label.trim().is_empty()
        && let Some(previous) = index.checked_sub(1).and_then(|i| doc.blocks.get(i))
    {
        label = previous.text.clone();
    }
    // "Kontaktperson:" names the field "Kontaktperson".
    shorten(label.trim().trim_end_matches(':').trim_end(), 80)
}

/// Document properties that look like a person's name (two or more capitalised words, no organisation word).
fn properties(doc: &Document, organisation: Option<&PackRegex>, emit: &mut Emitter<'_>) {
    let props = &doc.properties;
    let fields = [
        ("författare", &props.author),
        ("senast sparad av", &props.last_modified_by),
        ("chef", &props.manager),
    ];
    for (name, value) in fields {
        let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
            continue;
        };
        if organisation.is_some_and(|re| re.is_match(value)) || !looks_like_person(value) {
            continue;
        }
        emit.document()
            .key(format!("property {name} {value}"))
            .var("property", name)
            .var("value", value)
            .push();
    }
}

fn looks_like_person(value: &str) -> bool {
    let words: Vec<&str> = value.split_whitespace().collect();
    let capitalised = |w: &&str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).any(char::is_lowercase)
    };
    const ORGANISATION_WORDS: [&str; 10] = [
        "kommun",
        "region",
        "ab",
        "landsting",
        "förvaltning",
        "myndighet",
        "bolag",
        "enhet",
        "avdelning",
        "stad",
    ];
    let organisation_word = words
        .iter()
        .any(|w| ORGANISATION_WORDS.contains(&w.to_lowercase().as_str()));
    (2..=4).contains(&words.len())
        && words.iter().all(capitalised)
        && !organisation_word
        && !value.chars().any(|c| c.is_ascii_digit())
}

fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::looks_like_person;

    #[test]
    fn tells_people_from_organisations() {
        assert!(looks_like_person("Anna Handläggare"));
        assert!(looks_like_person("Per Erik Svensson"));
        assert!(!looks_like_person("upphandling"));
        assert!(!looks_like_person("KS 2024"));
        assert!(!looks_like_person("Administratör"));
        assert!(!looks_like_person("Exempelby Kommun"));
    }
}
