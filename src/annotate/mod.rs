//! `upplint annotate`: a copy of a Word document with every finding as a Word comment on the matched
//! text (author "upplint", initials "UL"; the message, "Förslag: …", and the rule id in brackets on the
//! last line), for people who work in Word.
//!
//! Only the package is edited: comment ranges go into the body part, the comments part is created or
//! extended (with its relationship and content type); every other zip entry is copied raw. The input is
//! never written to: the copy is made in a temporary file beside the output and renamed into place.

mod markup;
mod package;
mod parts;
mod plan;
pub mod positions;

use crate::check::RuleSet;
use crate::model::{DocKind, Document};
use crate::read::opc::{rels_part_name, resolve_target};
use crate::read::{Limits, ReadError, read_path};
use package::{Changes, PackageError, SourcePackage};
use parts::{NewComment, PartError};
use positions::{BodyMap, MapError, map_body};
use std::collections::HashSet;
use std::path::Path;

/// Who the comments are from.
pub const AUTHOR: &str = "upplint";
pub const INITIALS: &str = "UL";

/// What an annotation wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotated {
    /// Comments written (one per finding).
    pub comments: usize,
    /// Of those, put on the first body paragraph (headers, footers, notes, the whole document).
    pub moved: usize,
    /// Of those, anchored on a whole paragraph whose text could not be matched exactly.
    pub whole_paragraph: usize,
    /// Findings not written: the document has no body paragraph.
    pub unplaced: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum AnnotateError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("only Word documents (.docx, .docm, .dotx, .dotm) can be annotated")]
    NotWord,
    #[error("the document uses Strict Open XML, which upplint does not write")]
    Strict,
    #[error("the package has no main document part")]
    NoMainPart,
    #[error(transparent)]
    Package(#[from] PackageError),
    #[error(transparent)]
    Map(#[from] MapError),
    #[error(transparent)]
    Markup(#[from] markup::MarkupError),
    #[error(transparent)]
    Part(#[from] PartError),
    #[error("cannot write {path}: {message}")]
    Write { path: String, message: String },
}

/// Checks `input` with `rules` and writes the annotated copy to `output` (which may be `input` itself
/// only when the caller asked for that).
pub fn annotate_file(
    input: &Path,
    output: &Path,
    rules: &RuleSet,
    limits: &Limits,
) -> Result<Annotated, AnnotateError> {
    let doc = read_path(input, limits)?;
    if doc.kind != DocKind::Word {
        return Err(AnnotateError::NotWord);
    }
    let mut findings = rules.check_document(&doc);
    findings.truncate(limits.max_findings_per_file);

    let mut package = SourcePackage::open(input, limits)?;
    let main = main_part(&mut package)?;
    let body = package.read_text(&main)?.ok_or(AnnotateError::NoMainPart)?;
    let map = map_body(&body, limits.max_xml_depth)?;
    if map.strict {
        return Err(AnnotateError::Strict);
    }
    let placement = plan::plan(&doc, &findings, &map, next_comment_id(&doc, &map));
    let mut changes = Changes::default();
    if !placement.comments.is_empty() {
        let ranges: Vec<_> = placement.comments.iter().map(|c| c.range.clone()).collect();
        let annotated_body = markup::insert_comment_ranges(&body, &map, &ranges)?;
        changes.replace(&main, annotated_body.into_bytes());
        add_comments_part(
            &mut package,
            &main,
            &body,
            &placement.comments,
            &mut changes,
        )?;
    }
    let dir = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let temp = package.write_copy(dir, &changes)?;
    drop(package);
    temp.persist(output).map_err(|e| AnnotateError::Write {
        path: output.display().to_string(),
        message: e.error.to_string(),
    })?;
    Ok(Annotated {
        comments: placement.comments.len(),
        moved: placement.moved,
        whole_paragraph: placement.whole_paragraph,
        unplaced: placement.unplaced,
    })
}

/// The main document part, from the package relationships (else the usual name).
fn main_part(package: &mut SourcePackage) -> Result<String, AnnotateError> {
    let name = "_rels/.rels";
    if let Some(rels) = package.read_text(name)? {
        let main = parts::relationships(&rels, name)?
            .into_iter()
            .filter(|r| r.kind.ends_with("/officeDocument") && !r.external)
            .filter_map(|r| resolve_target("", &r.target))
            .find(|part| package.has_part(part));
        if let Some(main) = main {
            return Ok(main);
        }
    }
    let fallback = "word/document.xml";
    if package.has_part(fallback) {
        Ok(fallback.to_string())
    } else {
        Err(AnnotateError::NoMainPart)
    }
}

/// One more than the highest numeric comment id in use (0 when there is none).
fn next_comment_id(doc: &Document, map: &BodyMap) -> u32 {
    doc.comments
        .iter()
        .map(|c| c.id.as_str())
        .chain(map.comment_ids.iter().map(String::as_str))
        .filter_map(|id| id.trim().parse::<u32>().ok())
        .max()
        .map_or(0, |max| max.saturating_add(1))
}

/// Creates or extends the comments part, and adds its relationship and content type when needed.
fn add_comments_part(
    package: &mut SourcePackage,
    main: &str,
    body: &str,
    planned: &[plan::Planned],
    changes: &mut Changes,
) -> Result<(), AnnotateError> {
    let rels_name = rels_part_name(main);
    let rels = package.read_text(&rels_name)?;
    let relationships = match &rels {
        Some(text) => parts::relationships(text, &rels_name)?,
        None => Vec::new(),
    };
    let linked = relationships
        .iter()
        .filter(|r| r.kind.ends_with("/comments") && !r.external)
        .find_map(|r| resolve_target(main, &r.target));
    let part_name = match &linked {
        Some(name) => name.clone(),
        None => free_part_name(package, main),
    };
    let existing = package.read_text(&part_name)?;
    let with_para_ids = existing.as_deref().is_none_or(parts::declares_w14);
    let mut used_ids = para_ids_in(body);
    used_ids.extend(existing.as_deref().map(para_ids_in).unwrap_or_default());
    let comments = new_comments(planned, with_para_ids, &mut used_ids);
    match existing {
        Some(text) => {
            let extended = parts::extend_comments_part(&text, &part_name, &comments)?;
            changes.replace(&part_name, extended.into_bytes());
        }
        None => changes.added.push((
            part_name.clone(),
            parts::new_comments_part(&comments).into_bytes(),
        )),
    }
    if linked.is_none() {
        let id = free_relationship_id(&relationships);
        let target = relative_target(main, &part_name);
        let updated = parts::add_relationship(
            rels.as_deref(),
            &rels_name,
            &id,
            parts::COMMENTS_REL_TYPE,
            &target,
        )?;
        match rels {
            Some(_) => changes.replace(&rels_name, updated.into_bytes()),
            None => changes.added.push((rels_name, updated.into_bytes())),
        }
    }
    let types_name = "[Content_Types].xml";
    if let Some(types) = package.read_text(types_name)? {
        let updated = parts::add_content_type_override(
            &types,
            &format!("/{part_name}"),
            parts::COMMENTS_CONTENT_TYPE,
        )?;
        if updated != types {
            changes.replace(types_name, updated.into_bytes());
        }
    }
    Ok(())
}

fn new_comments(
    planned: &[plan::Planned],
    with_para_ids: bool,
    used_ids: &mut HashSet<String>,
) -> Vec<NewComment> {
    let date = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut next_para_id = 0x2A00_0000u32;
    planned
        .iter()
        .map(|p| NewComment {
            id: p.range.id,
            author: AUTHOR.to_string(),
            initials: INITIALS.to_string(),
            date: date.clone(),
            lines: p.lines.clone(),
            para_ids: if with_para_ids {
                p.lines
                    .iter()
                    .map(|_| fresh_para_id(&mut next_para_id, used_ids))
                    .collect()
            } else {
                Vec::new()
            },
        })
        .collect()
}

/// A paragraph id (`w14:paraId`, hex below 0x80000000) not used anywhere yet.
fn fresh_para_id(next: &mut u32, used: &mut HashSet<String>) -> String {
    loop {
        let id = format!("{:08X}", *next);
        *next = next.wrapping_add(1) & 0x7FFF_FFFF;
        if used.insert(id.clone()) {
            return id;
        }
    }
}

/// The `paraId` values in a part (upper-cased).
fn para_ids_in(xml: &str) -> HashSet<String> {
    xml.match_indices("paraId=\"")
        .filter_map(|(i, m)| xml.get(i + m.len()..i + m.len() + 8))
        .filter(|id| id.chars().all(|c| c.is_ascii_hexdigit()))
        .map(str::to_ascii_uppercase)
        .collect()
}

/// `comments.xml` beside the main part, or `comments2.xml`… when that name is taken.
fn free_part_name(package: &SourcePackage, main: &str) -> String {
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let name = |n: u32| {
        let file = if n == 1 {
            "comments.xml".to_string()
        } else {
            format!("comments{n}.xml")
        };
        if dir.is_empty() {
            file
        } else {
            format!("{dir}/{file}")
        }
    };
    (1..)
        .map(name)
        .find(|candidate| !package.has_part(candidate))
        .unwrap_or_else(|| name(1))
}

/// `rIdN` one above the highest such id in use.
fn free_relationship_id(relationships: &[parts::Relationship]) -> String {
    let highest = relationships
        .iter()
        .filter_map(|r| r.id.strip_prefix("rId")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    let mut n = highest.saturating_add(1);
    while relationships.iter().any(|r| r.id == format!("rId{n}")) {
        n = n.saturating_add(1);
    }
    format!("rId{n}")
}

/// The target of `part` relative to the folder of `main` (both in the same folder in practice).
fn relative_target(main: &str, part: &str) -> String {
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    match part
        .strip_prefix(dir)
        .and_then(|rest| rest.strip_prefix('/'))
    {
        Some(relative) if !dir.is_empty() => relative.to_string(),
        _ => format!("/{part}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names() {
        let mut used: HashSet<String> = ["2A000000".to_string()].into_iter().collect();
        let mut next = 0x2A00_0000;
        assert_eq!(fresh_para_id(&mut next, &mut used), "2A000001");
        assert_eq!(
            para_ids_in(r#"<w:p w14:paraId="0ab1c2d3"/><w:p w14:paraId="1234"/>"#),
            ["0AB1C2D3".to_string()].into_iter().collect()
        );
        let rels = vec![parts::Relationship {
            id: "rId7".into(),
            kind: "x".into(),
            target: "y".into(),
            external: false,
        }];
        assert_eq!(free_relationship_id(&rels), "rId8");
        assert_eq!(
            relative_target("word/document.xml", "word/comments.xml"),
            "comments.xml"
        );
        assert_eq!(
            relative_target("document.xml", "comments.xml"),
            "/comments.xml"
        );
    }
}
