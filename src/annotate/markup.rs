//! Comment ranges in the body XML: `w:commentRangeStart`, `w:commentRangeEnd` and a run holding the
//! `w:commentReference`, inserted at the exact text positions, splitting a run (and its `w:t`) where a
//! range starts or ends inside it. Everything else in the part is copied byte for byte.

use super::positions::{BodyMap, ParagraphMap, Piece};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

const W_NAMESPACE: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// One comment range to insert: the paragraph (index into `BodyMap::paragraphs`) and the byte range of
/// its text, or the whole paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRange {
    pub id: u32,
    pub paragraph: usize,
    /// None, or an empty range, for the whole paragraph.
    pub text: Option<Range<usize>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarkupError {
    #[error("paragraph {0} is not in the body map")]
    NoParagraph(usize),
    #[error("internal error: overlapping edits at byte {0}")]
    Overlap(usize),
}

/// Where a marker goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Point {
    /// Between elements, at this byte: nothing needs splitting.
    At(usize),
    /// Inside run `run` (and inside its text element, when given): the run is split there.
    Split {
        at: usize,
        run: usize,
        text_element: Option<usize>,
    },
    /// Inside an empty `<w:p/>`, which is rewritten with a start and an end tag.
    InEmptyParagraph(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Marker {
    End(u32),
    Start(u32),
}

/// The order of markers at one point: ranges ending here, then ranges starting here, then the ends of
/// ranges that also start here (an empty range), so no range starts after it ends.
fn order_markers(mut markers: Vec<Marker>) -> Vec<Marker> {
    markers.sort();
    let starts: Vec<u32> = markers
        .iter()
        .filter_map(|m| match m {
            Marker::Start(id) => Some(*id),
            Marker::End(_) => None,
        })
        .collect();
    let (empty_ends, rest): (Vec<Marker>, Vec<Marker>) = markers
        .into_iter()
        .partition(|m| matches!(m, Marker::End(id) if starts.contains(id)));
    rest.into_iter().chain(empty_ends).collect()
}

/// A replacement of `range` (empty for an insertion) by `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edit {
    range: Range<usize>,
    text: String,
}

/// The body XML with every comment range inserted.
pub fn insert_comment_ranges(
    xml: &str,
    map: &BodyMap,
    ranges: &[CommentRange],
) -> Result<String, MarkupError> {
    let mut points: BTreeMap<(usize, Point), (Vec<Marker>, String)> = BTreeMap::new();
    for range in ranges {
        let paragraph = map
            .paragraphs
            .get(range.paragraph)
            .ok_or(MarkupError::NoParagraph(range.paragraph))?;
        let namespace = namespace_declaration(&paragraph.qname);
        let (start, end) = range_points(xml, map, range.paragraph, paragraph, range.text.clone());
        for (point, marker) in [
            (start, Marker::Start(range.id)),
            (end, Marker::End(range.id)),
        ] {
            let key = (offset(map, point), point);
            let entry = points
                .entry(key)
                .or_insert_with(|| (Vec::new(), namespace.clone()));
            entry.0.push(marker);
        }
    }
    let mut edits = Vec::new();
    let mut preserved: BTreeSet<usize> = BTreeSet::new();
    for ((_, point), (markers, namespace)) in points {
        let text = markers_xml(&order_markers(markers), &namespace);
        edits.extend(point_edits(xml, map, point, text, &mut preserved));
    }
    apply(xml, edits)
}

/// ` xmlns:w="…"` when the paragraph does not use the `w` prefix for the main namespace.
fn namespace_declaration(paragraph_qname: &str) -> String {
    match paragraph_qname.split_once(':') {
        Some(("w", _)) => String::new(),
        _ => format!(" xmlns:w=\"{W_NAMESPACE}\""),
    }
}

fn markers_xml(markers: &[Marker], namespace: &str) -> String {
    let mut out = String::new();
    for marker in markers {
        match marker {
            Marker::Start(id) => {
                out.push_str(&format!("<w:commentRangeStart{namespace} w:id=\"{id}\"/>"));
            }
            Marker::End(id) => out.push_str(&format!(
                "<w:commentRangeEnd{namespace} w:id=\"{id}\"/><w:r{namespace}><w:commentReference w:id=\"{id}\"/></w:r>"
            )),
        }
    }
    out
}

fn offset(map: &BodyMap, point: Point) -> usize {
    match point {
        Point::At(at) | Point::Split { at, .. } => at,
        Point::InEmptyParagraph(p) => map.paragraphs.get(p).map_or(0, |p| p.start_tag.start),
    }
}

/// The start and end points of a range in paragraph `index`.
fn range_points(
    xml: &str,
    map: &BodyMap,
    index: usize,
    paragraph: &ParagraphMap,
    text: Option<Range<usize>>,
) -> (Point, Point) {
    if paragraph.empty_element {
        return (
            Point::InEmptyParagraph(index),
            Point::InEmptyParagraph(index),
        );
    }
    // The whole paragraph is its text, not its content: a range around a run holding a drawing or a
    // text box makes LibreOffice lose the box's text. A paragraph without text gets a point comment.
    let whole = 0..paragraph.text.len();
    match text.filter(|r| r.start < r.end && r.end <= paragraph.text.len()) {
        Some(range) => (
            start_point(xml, map, paragraph, range.start),
            end_point(xml, map, paragraph, range.end),
        ),
        None if !whole.is_empty() => (
            start_point(xml, map, paragraph, whole.start),
            end_point(xml, map, paragraph, whole.end),
        ),
        None => (
            Point::At(paragraph.content_start),
            Point::At(paragraph.content_start),
        ),
    }
}

/// Where a range starting at text byte `s` starts in the XML.
fn start_point(xml: &str, map: &BodyMap, paragraph: &ParagraphMap, s: usize) -> Point {
    let Some(piece) = paragraph
        .pieces
        .iter()
        .find(|p| p.text.start <= s && s < p.text.end)
    else {
        return Point::At(paragraph.content_start);
    };
    if let Some(container) = container_around(map, paragraph, piece) {
        return Point::At(container.start);
    }
    let mut at = raw_offset(piece, s, piece.raw.start);
    let mut inside_text = None;
    if let Some((index, element)) = text_element(map, piece) {
        if at <= element.content.start {
            at = element.start_tag.start;
        } else {
            inside_text = Some(index);
        }
    }
    let Some((run_index, run)) = piece.run.and_then(|r| map.runs.get(r).map(|run| (r, run))) else {
        return Point::At(outside_text(map, piece, inside_text, at, true));
    };
    if inside_text.is_none() && is_blank(xml, run.content_start..at) {
        return Point::At(run.start_tag.start);
    }
    Point::Split {
        at,
        run: run_index,
        text_element: inside_text,
    }
}

/// Where a range ending at text byte `e` ends in the XML.
fn end_point(xml: &str, map: &BodyMap, paragraph: &ParagraphMap, e: usize) -> Point {
    let Some(piece) = paragraph
        .pieces
        .iter()
        .rev()
        .find(|p| p.text.start < e && e <= p.text.end)
    else {
        return Point::At(paragraph.content_end);
    };
    if let Some(container) = container_around(map, paragraph, piece) {
        return Point::At(container.end);
    }
    let mut at = raw_offset(piece, e, piece.raw.end);
    let mut inside_text = None;
    if let Some((index, element)) = text_element(map, piece) {
        if at >= element.content.end {
            at = element.end;
        } else {
            inside_text = Some(index);
        }
    }
    let Some((run_index, run)) = piece.run.and_then(|r| map.runs.get(r).map(|run| (r, run))) else {
        return Point::At(outside_text(map, piece, inside_text, at, false));
    };
    if inside_text.is_none() && is_blank(xml, at..run.end_tag.start) {
        return Point::At(run.end_tag.end);
    }
    Point::Split {
        at,
        run: run_index,
        text_element: inside_text,
    }
}

/// The outermost content control or field around `piece` that lies within its paragraph: comment
/// marks go around it, never inside (Word and LibreOffice treat marks inside them badly).
fn container_around<'m>(
    map: &'m BodyMap,
    paragraph: &ParagraphMap,
    piece: &Piece,
) -> Option<&'m Range<usize>> {
    piece
        .containers
        .iter()
        .filter_map(|&c| map.containers.get(c))
        .find(|r| {
            r.start < r.end && r.start >= paragraph.content_start && r.end <= paragraph.content_end
        })
}

/// The XML byte of text byte `offset` inside `piece`: exact pieces map one to one, others (entities,
/// elements) only at their ends, `snap` being the end to use.
fn raw_offset(piece: &Piece, offset: usize, snap: usize) -> usize {
    if offset == piece.text.start {
        piece.raw.start
    } else if offset == piece.text.end {
        piece.raw.end
    } else if piece.exact {
        piece.raw.start + (offset - piece.text.start)
    } else {
        snap
    }
}

fn text_element<'m>(
    map: &'m BodyMap,
    piece: &Piece,
) -> Option<(usize, &'m super::positions::TextElement)> {
    let index = piece.text_element?;
    map.texts.get(index).map(|t| (index, t))
}

/// A text element outside any run (malformed) cannot be split: the point moves to its start or end.
fn outside_text(
    map: &BodyMap,
    piece: &Piece,
    inside_text: Option<usize>,
    at: usize,
    start: bool,
) -> usize {
    match inside_text.and_then(|i| map.texts.get(i)) {
        Some(element) if start => element.start_tag.start,
        Some(element) => element.end,
        None => at.min(piece.raw.end).max(piece.raw.start),
    }
}

fn is_blank(xml: &str, range: Range<usize>) -> bool {
    xml.get(range).is_some_and(|s| s.trim().is_empty())
}

/// The edits that place `markers` at `point`.
fn point_edits(
    xml: &str,
    map: &BodyMap,
    point: Point,
    markers: String,
    preserved: &mut BTreeSet<usize>,
) -> Vec<Edit> {
    match point {
        Point::At(at) => vec![Edit {
            range: at..at,
            text: markers,
        }],
        Point::InEmptyParagraph(index) => {
            let Some(paragraph) = map.paragraphs.get(index) else {
                return Vec::new();
            };
            let tag = xml.get(paragraph.start_tag.clone()).unwrap_or_default();
            let open = tag
                .trim_end_matches('>')
                .trim_end_matches('/')
                .trim_end()
                .to_string();
            vec![Edit {
                range: paragraph.start_tag.clone(),
                text: format!("{open}>{markers}</{}>", paragraph.qname),
            }]
        }
        Point::Split {
            at,
            run,
            text_element,
        } => split_run(xml, map, at, run, text_element, markers, preserved),
    }
}

/// Closes the run (and its `w:t`) at `at`, puts the markers between, and reopens it with the same
/// start tag and properties, so both halves look alike.
fn split_run(
    xml: &str,
    map: &BodyMap,
    at: usize,
    run: usize,
    text_element: Option<usize>,
    markers: String,
    preserved: &mut BTreeSet<usize>,
) -> Vec<Edit> {
    let Some(run) = map.runs.get(run) else {
        return vec![Edit {
            range: at..at,
            text: markers,
        }];
    };
    let element = text_element.and_then(|i| map.texts.get(i).map(|t| (i, t)));
    let mut text = String::new();
    if let Some((_, t)) = element {
        text.push_str(&format!("</{}>", t.qname));
    }
    text.push_str(&format!("</{}>", run.qname));
    text.push_str(&markers);
    text.push_str(xml.get(run.start_tag.clone()).unwrap_or_default());
    if let Some(properties) = &run.properties {
        text.push_str(xml.get(properties.clone()).unwrap_or_default());
    }
    let mut edits = Vec::new();
    if let Some((index, t)) = element {
        text.push_str(&preserving_tag(&t.qname));
        // The first half may now end in a space: keep it (a split after "a " must not lose the space).
        let tag = xml.get(t.start_tag.clone()).unwrap_or_default();
        if !tag.contains("xml:space=\"preserve\"") && preserved.insert(index) {
            edits.push(Edit {
                range: t.start_tag.clone(),
                text: preserving_tag(&t.qname),
            });
        }
    }
    edits.push(Edit {
        range: at..at,
        text,
    });
    edits
}

fn preserving_tag(qname: &str) -> String {
    format!("<{qname} xml:space=\"preserve\">")
}

/// Applies edits in order of position; they must not overlap (insertions at a replaced range's start
/// go before it).
fn apply(xml: &str, mut edits: Vec<Edit>) -> Result<String, MarkupError> {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let extra: usize = edits.iter().map(|e| e.text.len()).sum();
    let mut out = String::with_capacity(xml.len() + extra);
    let mut copied = 0usize;
    for edit in edits {
        if edit.range.start < copied {
            return Err(MarkupError::Overlap(edit.range.start));
        }
        out.push_str(xml.get(copied..edit.range.start).unwrap_or_default());
        out.push_str(&edit.text);
        copied = edit.range.end;
    }
    out.push_str(xml.get(copied..).unwrap_or_default());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::positions::map_body;
    use super::*;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn body(inner: &str) -> String {
        format!("<w:document {NS}><w:body>{inner}</w:body></w:document>")
    }

    fn annotate(inner: &str, ranges: &[(usize, Option<Range<usize>>)]) -> String {
        let xml = body(inner);
        let map = map_body(&xml, 64).unwrap();
        let ranges: Vec<CommentRange> = ranges
            .iter()
            .enumerate()
            .map(|(i, (paragraph, text))| CommentRange {
                id: i as u32 + 1,
                paragraph: *paragraph,
                text: text.clone(),
            })
            .collect();
        let out = insert_comment_ranges(&xml, &map, &ranges).unwrap();
        let inner_out = out
            .strip_prefix(&format!("<w:document {NS}><w:body>"))
            .and_then(|s| s.strip_suffix("</w:body></w:document>"))
            .unwrap();
        // The text read back is unchanged.
        let again = map_body(&out, 64).unwrap();
        let before: Vec<&str> = map.paragraphs.iter().map(|p| p.text.as_str()).collect();
        let after: Vec<&str> = again.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(before, after);
        inner_out.to_string()
    }

    const S1: &str = "<w:commentRangeStart w:id=\"1\"/>";
    const E1: &str = "<w:commentRangeEnd w:id=\"1\"/><w:r><w:commentReference w:id=\"1\"/></w:r>";

    #[test]
    fn a_whole_run_gets_markers_around_it() {
        let out = annotate(
            "<w:p><w:r><w:t>Vi </w:t></w:r><w:r><w:t>skall</w:t></w:r><w:r><w:t> leverera.</w:t></w:r></w:p>",
            &[(0, Some(3..8))],
        );
        assert_eq!(
            out,
            format!(
                "<w:p><w:r><w:t>Vi </w:t></w:r>{S1}<w:r><w:t>skall</w:t></w:r>{E1}<w:r><w:t> leverera.</w:t></w:r></w:p>"
            )
        );
    }

    #[test]
    fn a_run_is_split_inside_its_text_with_properties_on_both_halves() {
        let out = annotate(
            r#"<w:p><w:r w:rsidR="00A1"><w:rPr><w:b/></w:rPr><w:t>Vi skall leverera.</w:t></w:r></w:p>"#,
            &[(0, Some(3..8))],
        );
        let open = r#"<w:r w:rsidR="00A1"><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">"#;
        assert_eq!(
            out,
            format!(
                "<w:p>{open}Vi </w:t></w:r>{S1}{open}skall</w:t></w:r>{E1}{open} leverera.</w:t></w:r></w:p>"
            )
        );
    }

    #[test]
    fn splits_after_entities_and_across_runs_and_elements() {
        let out = annotate(
            "<w:p><w:r><w:t>A&amp;B</w:t><w:tab/><w:t>ord</w:t></w:r></w:p>",
            &[(0, Some(2..4))],
        );
        // "A&B\tord": the range "B\t" starts after the entity and ends after the tab.
        assert_eq!(
            out,
            format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">A&amp;</w:t></w:r>{S1}<w:r><w:t xml:space=\"preserve\">B</w:t><w:tab/></w:r>{E1}<w:r><w:t>ord</w:t></w:r></w:p>"
            )
        );
    }

    #[test]
    fn whole_and_empty_paragraphs() {
        let out = annotate(
            "<w:p><w:pPr><w:pStyle w:val=\"x\"/></w:pPr><w:r><w:t>a</w:t></w:r></w:p><w:p w:rsidR=\"1\"/>",
            &[(0, None), (1, None)],
        );
        let s2 = "<w:commentRangeStart w:id=\"2\"/>";
        let e2 = "<w:commentRangeEnd w:id=\"2\"/><w:r><w:commentReference w:id=\"2\"/></w:r>";
        assert_eq!(
            out,
            format!(
                "<w:p><w:pPr><w:pStyle w:val=\"x\"/></w:pPr>{S1}<w:r><w:t>a</w:t></w:r>{E1}</w:p><w:p w:rsidR=\"1\">{s2}{e2}</w:p>"
            )
        );
    }

    #[test]
    fn ranges_sharing_a_split_point_share_one_split() {
        let out = annotate(
            "<w:p><w:r><w:t>abcdef</w:t></w:r></w:p>",
            &[(0, Some(1..3)), (0, Some(3..5))],
        );
        assert_eq!(
            out.matches("</w:r>").count(),
            4 + 2,
            "three halves plus two references"
        );
        assert!(out.contains("<w:commentRangeEnd w:id=\"1\"/><w:r><w:commentReference w:id=\"1\"/></w:r><w:commentRangeStart w:id=\"2\"/>"));
    }

    #[test]
    fn marks_go_around_content_controls_and_fields() {
        let control = "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>Klicka här</w:t></w:r></w:sdtContent></w:sdt>";
        let field = "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> REF x </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>Fel! Hittar inte</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
        let out = annotate(
            &format!(
                "<w:p><w:r><w:t>Namn: </w:t></w:r>{control}</w:p><w:p>{field}<w:r><w:t>.</w:t></w:r></w:p>"
            ),
            &[(0, Some(6..11)), (1, Some(0..4))],
        );
        let s2 = "<w:commentRangeStart w:id=\"2\"/>";
        let e2 = "<w:commentRangeEnd w:id=\"2\"/><w:r><w:commentReference w:id=\"2\"/></w:r>";
        assert_eq!(
            out,
            format!(
                "<w:p><w:r><w:t>Namn: </w:t></w:r>{S1}{control}{E1}</w:p><w:p>{s2}{field}{e2}<w:r><w:t>.</w:t></w:r></w:p>"
            )
        );
    }

    #[test]
    fn other_prefixes_get_a_declaration() {
        let xml = r#"<x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body><x:p><x:r><x:t>abc</x:t></x:r></x:p></x:body></x:document>"#;
        let map = map_body(xml, 64).unwrap();
        let out = insert_comment_ranges(
            xml,
            &map,
            &[CommentRange {
                id: 0,
                paragraph: 0,
                text: Some(1..2),
            }],
        )
        .unwrap();
        assert!(out.contains(&format!(
            "<w:commentRangeStart xmlns:w=\"{W_NAMESPACE}\" w:id=\"0\"/>"
        )));
        assert!(out.contains("</x:t></x:r>"));
        assert_eq!(map_body(&out, 64).unwrap().paragraphs[0].text, "abc");
    }
}
