//! Word packages (.docx/.docm/.dotx/.dotm), read by streaming `zip` + `quick-xml`: no DOM, no
//! recursion the input controls, every limit checked before the work it guards.

mod body;
mod comments;
mod fields;
mod numbering;
mod package;
mod paragraph;
mod props;
mod styles;
mod tables;
pub(crate) mod xml;

use super::source::Source;
use super::{Limits, ReadError};
use crate::model::{DocKind, Document, Part};
use body::Collector;
use numbering::Numbering;
use package::{Package, Relationship};
use props::PropsPart;
use styles::Styles;

pub(super) fn read(
    source: &Source<'_>,
    display: &str,
    limits: &Limits,
) -> Result<Document, ReadError> {
    let mut package = Package::open(source, limits)?;
    let package_rels = package.relationships("")?;
    let main = package.main_part(&package_rels)?;
    let main_text = package
        .read_text(&main)?
        .ok_or_else(|| ReadError::MissingPart(main.clone()))?;
    let mut rels = package.relationships(&main)?;
    if rels.is_empty() {
        rels = package.conventional_relationships(&main);
    }
    let styles = read_styles(&mut package, &rels, limits)?;
    let numbering = read_numbering(&mut package, &rels, &styles, limits)?;

    let mut collector = Collector::new(
        Document::new(display, DocKind::Word),
        styles,
        limits.max_xml_depth,
    )
    .with_numbering(numbering)
    .with_limits(limits);
    collector.read_part(&main_text, Part::Body, &main)?;
    drop(main_text);
    for (kind, part) in [
        ("header", Part::Header),
        ("footer", Part::Footer),
        ("footnotes", Part::Footnote),
        ("endnotes", Part::Endnote),
        ("comments", Part::Comment),
    ] {
        for name in targets(&rels, kind) {
            if let Some(text) = package.read_text(&name)? {
                collector.read_part(&text, part, &name)?;
            }
        }
    }
    comments::resolve_anchors(&mut collector.doc, &collector.anchors);
    if let Some(name) = targets(&rels, "commentsExtended").into_iter().next() {
        if let Some(text) = package.read_text(&name)? {
            comments::apply_reply_links(
                &mut collector.doc,
                &text,
                &name,
                limits.max_xml_depth,
                &collector.comment_para_ids,
            )?;
        }
    }
    let mut doc = collector.doc;
    if let Some(name) = targets(&rels, "settings").into_iter().next() {
        if let Some(text) = package.read_text(&name)? {
            doc.protection = props::read_protection(&text, &name, limits.max_xml_depth)?;
        }
    }
    read_package_properties(&mut package, &package_rels, limits, &mut doc)?;
    Ok(doc)
}

fn read_styles(
    package: &mut Package,
    rels: &[Relationship],
    limits: &Limits,
) -> Result<Styles, ReadError> {
    let Some(name) = targets(rels, "styles").into_iter().next() else {
        return Ok(Styles::default());
    };
    match package.read_text(&name)? {
        Some(text) => Styles::parse(&text, &name, limits.max_xml_depth),
        None => Ok(Styles::default()),
    }
}

/// The list definitions. A numbering part that cannot be parsed (invalid XML, a DTD, too deep, not
/// inflatable) costs the labels, not the document: it reads as no numbering. Parts over the size or
/// compression limits, and encryption, stop the file as they would anywhere else.
fn read_numbering(
    package: &mut Package,
    rels: &[Relationship],
    styles: &Styles,
    limits: &Limits,
) -> Result<Numbering, ReadError> {
    let Some(name) = targets(rels, "numbering").into_iter().next() else {
        return Ok(Numbering::default());
    };
    let parsed = package.read_text(&name).and_then(|text| match text {
        Some(text) => Numbering::parse(&text, &name, limits.max_xml_depth, styles),
        None => Ok(Numbering::default()),
    });
    match parsed {
        Ok(numbering) => Ok(numbering),
        Err(
            error @ (ReadError::EntryTooLarge { .. }
            | ReadError::TooCompressed { .. }
            | ReadError::Encrypted),
        ) => Err(error),
        Err(_) => Ok(Numbering::default()),
    }
}

fn read_package_properties(
    package: &mut Package,
    package_rels: &[Relationship],
    limits: &Limits,
    doc: &mut Document,
) -> Result<(), ReadError> {
    for (kind, fallback, props_part) in [
        ("core-properties", "docProps/core.xml", PropsPart::Core),
        ("extended-properties", "docProps/app.xml", PropsPart::App),
        (
            "custom-properties",
            "docProps/custom.xml",
            PropsPart::Custom,
        ),
    ] {
        let name = targets(package_rels, kind)
            .into_iter()
            .next()
            .unwrap_or_else(|| fallback.to_string());
        if let Some(text) = package.read_text(&name)? {
            props::read_properties(
                &text,
                &name,
                props_part,
                limits.max_xml_depth,
                &mut doc.properties,
            )?;
        }
    }
    Ok(())
}

/// The distinct targets of relationships of `kind`, in part-number order (`header2` before `header10`).
fn targets(rels: &[Relationship], kind: &str) -> Vec<String> {
    let mut names: Vec<String> = rels
        .iter()
        .filter(|r| r.kind == kind)
        .filter_map(|r| r.target.clone())
        .collect();
    names.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    names.dedup();
    names
}
