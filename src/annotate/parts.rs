//! The package parts an annotation adds to or extends: the comments part (`word/comments.xml`), its
//! relationship from the main part, and its content type. Existing content is kept byte for byte; new
//! elements go right before the root's end tag.

use quick_xml::events::Event;
use quick_xml::reader::Reader;

pub const COMMENTS_REL_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
pub const COMMENTS_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const W_NAMESPACE: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W14_NAMESPACE: &str = "http://schemas.microsoft.com/office/word/2010/wordml";
const MC_NAMESPACE: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const RELS_NAMESPACE: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// A comment to write: its id, author facts, and one paragraph per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    pub id: u32,
    pub author: String,
    pub initials: String,
    pub date: String,
    pub lines: Vec<String>,
    /// `w14:paraId` of each paragraph, when the part declares w14 (replies link to the last one).
    pub para_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartError {
    #[error("{part}: invalid XML: {message}")]
    Xml { part: String, message: String },
    #[error("{part}: the root element is not <{expected}>")]
    UnexpectedRoot { part: String, expected: String },
}

/// A new comments part holding `comments`.
pub fn new_comments_part(comments: &[NewComment]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:comments xmlns:w=\"{W_NAMESPACE}\" xmlns:w14=\"{W14_NAMESPACE}\" xmlns:mc=\"{MC_NAMESPACE}\" mc:Ignorable=\"w14\">"
    );
    for comment in comments {
        out.push_str(&comment_xml(comment, "", true));
    }
    out.push_str("</w:comments>");
    out
}

/// Whether a comments part's root declares w14, so its paragraphs may carry `w14:paraId`.
pub fn declares_w14(part: &str) -> bool {
    root_start_tag(part).is_some_and(|tag| tag.contains(&format!("=\"{W14_NAMESPACE}\"")))
}

/// An existing comments part with `comments` appended.
pub fn extend_comments_part(
    part: &str,
    name: &str,
    comments: &[NewComment],
) -> Result<String, PartError> {
    let root = check_root(part, name, "comments")?;
    let declaration = if root.contains(&format!("xmlns:w=\"{W_NAMESPACE}\"")) {
        String::new()
    } else {
        format!(" xmlns:w=\"{W_NAMESPACE}\"")
    };
    let with_ids = declares_w14(part) && root.contains("xmlns:w14=");
    let added: String = comments
        .iter()
        .map(|c| comment_xml(c, &declaration, with_ids))
        .collect();
    insert_before_root_end(part, name, &added)
}

fn comment_xml(comment: &NewComment, declaration: &str, with_para_ids: bool) -> String {
    let mut out = format!(
        "<w:comment{declaration} w:id=\"{}\" w:author=\"{}\" w:date=\"{}\" w:initials=\"{}\">",
        comment.id,
        escape(&comment.author),
        escape(&comment.date),
        escape(&comment.initials)
    );
    for (i, line) in comment.lines.iter().enumerate() {
        match comment.para_ids.get(i).filter(|_| with_para_ids) {
            Some(id) => out.push_str(&format!(
                "<w:p w14:paraId=\"{id}\" w14:textId=\"77777777\">"
            )),
            None => out.push_str("<w:p>"),
        }
        if i == 0 {
            out.push_str("<w:r><w:annotationRef/></w:r>");
        }
        out.push_str(&format!(
            "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            escape(line)
        ));
    }
    out.push_str("</w:comment>");
    out
}

/// One relationship of a relationships part, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    pub id: String,
    pub kind: String,
    pub target: String,
    pub external: bool,
}

/// The relationships of a relationships part.
pub fn relationships(rels: &str, name: &str) -> Result<Vec<Relationship>, PartError> {
    let ids = attribute_values(rels, name, "Relationship", "Id")?;
    let kinds = attribute_values(rels, name, "Relationship", "Type")?;
    let targets = attribute_values(rels, name, "Relationship", "Target")?;
    let modes = all_attributes(rels, name, "Relationship", "TargetMode")?;
    if ids.len() != kinds.len() || ids.len() != targets.len() {
        return Err(xml_error(
            name,
            "a relationship lacks its Id, Type or Target",
        ));
    }
    Ok(ids
        .into_iter()
        .zip(kinds)
        .zip(targets)
        .zip(modes)
        .map(|(((id, kind), target), mode)| Relationship {
            id,
            kind,
            target,
            external: mode.is_some_and(|m| m.eq_ignore_ascii_case("external")),
        })
        .collect())
}

/// Attribute `attribute` of every element named `element`, None where it is absent.
fn all_attributes(
    xml: &str,
    name: &str,
    element: &str,
    attribute: &str,
) -> Result<Vec<Option<String>>, PartError> {
    // Well-formedness is checked by the callers' `attribute_values`.
    let mut reader = Reader::from_str(xml);
    let mut found = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if local(e.name().as_ref()) == element => {
                let mut values = Vec::new();
                collect_attribute(&e, element, attribute, &mut values);
                found.push(values.into_iter().next());
            }
            Ok(Event::Eof) => return Ok(found),
            Ok(_) => {}
            Err(e) => return Err(xml_error(name, &e.to_string())),
        }
    }
}

/// A relationships part with one more relationship.
pub fn add_relationship(
    rels: Option<&str>,
    name: &str,
    id: &str,
    kind: &str,
    target: &str,
) -> Result<String, PartError> {
    let element = format!(
        "<Relationship Id=\"{}\" Type=\"{}\" Target=\"{}\"/>",
        escape(id),
        escape(kind),
        escape(target)
    );
    match rels {
        Some(text) => {
            check_root(text, name, "Relationships")?;
            insert_before_root_end(text, name, &element)
        }
        None => Ok(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"{RELS_NAMESPACE}\">{element}</Relationships>"
        )),
    }
}

/// `[Content_Types].xml` with an override for `part_name` (`/word/comments.xml`), unless it has one.
pub fn add_content_type_override(
    types: &str,
    part_name: &str,
    content_type: &str,
) -> Result<String, PartError> {
    let name = "[Content_Types].xml";
    check_root(types, name, "Types")?;
    let existing = attribute_values(types, name, "Override", "PartName")?;
    if existing.iter().any(|p| p.eq_ignore_ascii_case(part_name)) {
        return Ok(types.to_string());
    }
    let element = format!(
        "<Override PartName=\"{}\" ContentType=\"{}\"/>",
        escape(part_name),
        escape(content_type)
    );
    insert_before_root_end(types, name, &element)
}

/// The values of attribute `attribute` on every element named `element` (local names).
pub fn attribute_values(
    xml: &str,
    name: &str,
    element: &str,
    attribute: &str,
) -> Result<Vec<String>, PartError> {
    let mut reader = Reader::from_str(xml);
    let mut found = Vec::new();
    let mut depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml_error(name, &e.to_string()))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                collect_attribute(&e, element, attribute, &mut found);
            }
            Event::Empty(e) => collect_attribute(&e, element, attribute, &mut found),
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::DocType(_) => return Err(xml_error(name, "a DTD is not allowed")),
            Event::Eof if depth == 0 => return Ok(found),
            Event::Eof => return Err(xml_error(name, "unexpected end of data")),
            _ => {}
        }
    }
}

fn collect_attribute(
    e: &quick_xml::events::BytesStart<'_>,
    element: &str,
    attribute: &str,
    found: &mut Vec<String>,
) {
    if local(e.name().as_ref()) != element {
        return;
    }
    let mut attributes = e.attributes();
    attributes.with_checks(false);
    for a in attributes.flatten() {
        if local(a.key.as_ref()) == attribute {
            found.push(a.value.as_ref().to_string());
        }
    }
}

fn local(qname: &str) -> &str {
    qname.rsplit_once(':').map_or(qname, |(_, l)| l)
}

fn xml_error(part: &str, message: &str) -> PartError {
    PartError::Xml {
        part: part.to_string(),
        message: message.to_string(),
    }
}

/// The root element's start tag text, if the part has one.
fn root_start_tag(xml: &str) -> Option<&str> {
    let mut reader = Reader::from_str(xml);
    loop {
        let before = usize::try_from(reader.buffer_position()).ok()?;
        match reader.read_event() {
            Ok(Event::Start(_) | Event::Empty(_)) => {
                let after = usize::try_from(reader.buffer_position()).ok()?;
                return xml.get(before..after);
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// Checks that the part is well-formed with root `expected`; returns the root start tag.
fn check_root<'x>(xml: &'x str, name: &str, expected: &str) -> Result<&'x str, PartError> {
    attribute_values(xml, name, "", "")?;
    let tag = root_start_tag(xml).ok_or_else(|| xml_error(name, "no root element"))?;
    let qname = tag
        .trim_start_matches('<')
        .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .next()
        .unwrap_or_default();
    if local(qname) != expected {
        return Err(PartError::UnexpectedRoot {
            part: name.to_string(),
            expected: expected.to_string(),
        });
    }
    Ok(tag)
}

/// Inserts `text` before the root element's end tag (the last `</` of a well-formed part); an empty
/// root (`<Types/>`) is opened first.
fn insert_before_root_end(xml: &str, name: &str, text: &str) -> Result<String, PartError> {
    if let Some(end) = xml.rfind("</") {
        let (head, tail) = xml.split_at(end);
        return Ok(format!("{head}{text}{tail}"));
    }
    let tag = root_start_tag(xml).ok_or_else(|| xml_error(name, "no root element"))?;
    let start = xml.find(tag).unwrap_or(0);
    let qname = tag
        .trim_start_matches('<')
        .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .next()
        .unwrap_or_default();
    let open = tag.trim_end_matches('>').trim_end_matches('/').trim_end();
    let tail = xml.get(start + tag.len()..).unwrap_or_default();
    Ok(format!(
        "{}{open}>{text}</{qname}>{tail}",
        xml.get(..start).unwrap_or_default()
    ))
}

/// Escapes text for XML content and attributes; characters XML 1.0 cannot hold are dropped, tabs and
/// line breaks become spaces (a comment line is one paragraph).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: u32) -> NewComment {
        NewComment {
            id,
            author: "upplint".into(),
            initials: "UL".into(),
            date: "2026-11-21T10:00:00Z".into(),
            lines: vec![
                "Skriv 'ska' i stället för \"skall\" & <så>.".into(),
                "[t/a]".into(),
            ],
            para_ids: vec!["2A000001".into(), "2A000002".into()],
        }
    }

    #[test]
    fn new_part_escapes_and_links_paragraph_ids() {
        let part = new_comments_part(&[comment(3)]);
        assert!(part.contains("<w:comment w:id=\"3\" w:author=\"upplint\" w:date=\"2026-11-21T10:00:00Z\" w:initials=\"UL\">"));
        assert!(part.contains("för &quot;skall&quot; &amp; &lt;så&gt;."));
        assert!(part.contains("<w:p w14:paraId=\"2A000002\" w14:textId=\"77777777\"><w:r><w:t xml:space=\"preserve\">[t/a]</w:t>"));
        assert_eq!(part.matches("<w:annotationRef/>").count(), 1);
        assert!(declares_w14(&part));
        attribute_values(&part, "c", "comment", "id").unwrap();
    }

    #[test]
    fn existing_parts_are_extended_before_their_end() {
        let existing = format!(
            "<?xml version=\"1.0\"?><w:comments xmlns:w=\"{W_NAMESPACE}\"><w:comment w:id=\"0\"><w:p/></w:comment></w:comments>"
        );
        let out = extend_comments_part(&existing, "word/comments.xml", &[comment(1)]).unwrap();
        assert!(out.starts_with(&existing[..existing.len() - "</w:comments>".len()]));
        assert!(out.ends_with("</w:comment></w:comments>"));
        assert!(!out.contains("w14:paraId"), "w14 is not declared there");
        let other = format!("<c:comments xmlns:c=\"{W_NAMESPACE}\"></c:comments>");
        let out = extend_comments_part(&other, "c", &[comment(1)]).unwrap();
        assert!(out.contains(&format!("<w:comment xmlns:w=\"{W_NAMESPACE}\" w:id=\"1\"")));
        assert!(extend_comments_part("<x/>", "c", &[comment(1)]).is_err());
        assert!(extend_comments_part("<w:comments><", "c", &[comment(1)]).is_err());
    }

    #[test]
    fn relationships_and_content_types() {
        let rels = format!(
            "<Relationships xmlns=\"{RELS_NAMESPACE}\"><Relationship Id=\"rId1\" Type=\"x\" Target=\"styles.xml\"/></Relationships>"
        );
        let found = relationships(&rels, "r").unwrap();
        assert_eq!(
            (found[0].id.as_str(), found[0].target.as_str()),
            ("rId1", "styles.xml")
        );
        assert!(!found[0].external);
        let out =
            add_relationship(Some(&rels), "r", "rId2", COMMENTS_REL_TYPE, "comments.xml").unwrap();
        assert!(out.ends_with("<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/></Relationships>"));
        let created =
            add_relationship(None, "r", "rId1", COMMENTS_REL_TYPE, "comments.xml").unwrap();
        assert_eq!(
            relationships(&created, "r").unwrap()[0].kind,
            COMMENTS_REL_TYPE
        );
        let types = "<Types xmlns=\"x\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
        let out =
            add_content_type_override(types, "/word/comments.xml", COMMENTS_CONTENT_TYPE).unwrap();
        assert!(out.contains("<Override PartName=\"/word/comments.xml\""));
        assert_eq!(
            add_content_type_override(&out, "/WORD/comments.xml", COMMENTS_CONTENT_TYPE).unwrap(),
            out
        );
        let empty = add_content_type_override("<Types xmlns=\"x\"/>", "/a.xml", "t").unwrap();
        assert_eq!(
            empty,
            "<Types xmlns=\"x\"><Override PartName=\"/a.xml\" ContentType=\"t\"/></Types>"
        );
    }

    #[test]
    fn escape_drops_what_xml_cannot_hold() {
        assert_eq!(escape("a\u{1}b\tc\u{FFFF}"), "ab c");
    }
}
