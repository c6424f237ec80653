//! Depth-limited streaming over one XML part: namespace-resolved events, no DTDs, no entity expansion.

use crate::read::ReadError;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::reader::Reader;
use std::borrow::Cow;

const W_TRANSITIONAL: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The namespaces the readers tell apart; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ns {
    /// WordprocessingML main (transitional or strict).
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    Other,
}

impl Ns {
    fn of_uri(uri: &str) -> Ns {
        match uri {
            W_TRANSITIONAL | W_STRICT => Ns::W,
            MC => Ns::Mc,
            _ => Ns::Other,
        }
    }
}

/// Namespace prefixes in scope. Cheaper than a general resolver: only elements whose attributes
/// mention `xmlns` change the scope, and names are resolved against the few prefixes bound to the
/// namespaces the readers care about.
#[derive(Debug, Default)]
struct Namespaces {
    /// Declarations in document order: (prefix, namespace, depth of the declaring element).
    bindings: Vec<(String, Ns, usize)>,
    /// The prefixes currently bound to W or MC (later declarations shadow earlier ones).
    interesting: Vec<(String, Ns)>,
}

impl Namespaces {
    fn declare(&mut self, element: &BytesStart<'_>, depth: usize) {
        if !element.attributes_raw().contains("xmlns") {
            return;
        }
        let mut attributes = element.attributes();
        attributes.with_checks(false);
        for attribute in attributes.flatten() {
            let key = attribute.key.0;
            let prefix = match key.strip_prefix("xmlns") {
                Some("") => "",
                Some(rest) => match rest.strip_prefix(':') {
                    Some(prefix) => prefix,
                    None => continue,
                },
                None => continue,
            };
            let ns = Ns::of_uri(attribute.value.trim());
            self.bindings.push((prefix.to_string(), ns, depth));
        }
        self.refresh();
    }

    /// Drops the declarations of the element at `depth`, which is ending.
    fn leave(&mut self, depth: usize) {
        if self.bindings.last().is_some_and(|(_, _, d)| *d >= depth) {
            while self.bindings.last().is_some_and(|(_, _, d)| *d >= depth) {
                self.bindings.pop();
            }
            self.refresh();
        }
    }

    fn refresh(&mut self) {
        self.interesting.clear();
        for (i, (prefix, ns, _)) in self.bindings.iter().enumerate() {
            let shadowed = self
                .bindings
                .get(i + 1..)
                .is_some_and(|later| later.iter().any(|(p, _, _)| p == prefix));
            if *ns != Ns::Other && !shadowed {
                self.interesting.push((prefix.clone(), *ns));
            }
        }
    }

    /// The namespace and local name of a qualified name.
    fn resolve<'n>(&self, qname: &'n str) -> (Ns, &'n str) {
        let (prefix, local) = qname.split_once(':').unwrap_or(("", qname));
        let ns = self
            .interesting
            .iter()
            .find(|(p, _)| p == prefix)
            .map_or(Ns::Other, |(_, ns)| *ns);
        (ns, local)
    }
}

/// What the driver should do after a start tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flow {
    /// Deliver the element's children.
    Descend,
    /// Skip the element's whole subtree (its end tag is not delivered either).
    Skip,
}

/// Receives the events of one part. `depth` is 1 for the root element.
pub(super) trait Sink {
    fn start(
        &mut self,
        ns: Ns,
        local: &str,
        element: &BytesStart<'_>,
        depth: usize,
    ) -> Result<Flow, ReadError>;
    fn end(&mut self, ns: Ns, local: &str, depth: usize) -> Result<(), ReadError>;
    fn text(&mut self, text: &str) -> Result<(), ReadError>;
}

/// Streams `xml` into `sink`, refusing DTDs, nesting deeper than `max_depth`, and malformed or
/// truncated XML. Iterative: the input never controls the call depth.
pub(super) fn drive(
    xml: &str,
    part: &str,
    max_depth: usize,
    sink: &mut impl Sink,
) -> Result<(), ReadError> {
    let mut reader = Reader::from_str(xml);
    let mut namespaces = Namespaces::default();
    let mut depth = 0usize;
    // While Some(d), events are skipped until the end tag at depth d.
    let mut skip_until: Option<usize> = None;
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let message = e.to_string();
                return Err(xml_error(part, &message, reader.error_position()));
            }
        };
        match event {
            Event::Start(element) => {
                depth += 1;
                check_depth(depth, max_depth, part)?;
                namespaces.declare(&element, depth);
                if skip_until.is_none() {
                    let (ns, local) = namespaces.resolve(element.name().0);
                    if sink.start(ns, local, &element, depth)? == Flow::Skip {
                        skip_until = Some(depth);
                    }
                }
            }
            Event::Empty(element) => {
                check_depth(depth + 1, max_depth, part)?;
                if skip_until.is_none() {
                    namespaces.declare(&element, depth + 1);
                    let (ns, local) = namespaces.resolve(element.name().0);
                    if sink.start(ns, local, &element, depth + 1)? == Flow::Descend {
                        sink.end(ns, local, depth + 1)?;
                    }
                    namespaces.leave(depth + 1);
                }
            }
            Event::End(element) => {
                match skip_until {
                    Some(d) if d == depth => skip_until = None,
                    Some(_) => {}
                    None => {
                        let (ns, local) = namespaces.resolve(element.name().0);
                        sink.end(ns, local, depth)?;
                    }
                }
                namespaces.leave(depth);
                depth = depth.saturating_sub(1);
            }
            Event::Text(text) if skip_until.is_none() => sink.text(&text.xml10_content())?,
            Event::CData(data) if skip_until.is_none() => sink.text(&data.xml10_content())?,
            Event::GeneralRef(reference) if skip_until.is_none() => {
                let resolved = resolve_reference(&reference)
                    .ok_or_else(|| xml_error(part, "unknown entity reference", 0))?;
                sink.text(resolved.as_ref())?;
            }
            Event::DocType(_) => {
                return Err(ReadError::Dtd {
                    part: part.to_string(),
                });
            }
            Event::Eof => {
                if depth != 0 {
                    return Err(xml_error(
                        part,
                        "unexpected end of data (truncated part?)",
                        reader.buffer_position(),
                    ));
                }
                return Ok(());
            }
            _ => {}
        }
    }
}

fn check_depth(depth: usize, max_depth: usize, part: &str) -> Result<(), ReadError> {
    if depth > max_depth {
        return Err(ReadError::XmlTooDeep {
            part: part.to_string(),
            limit: max_depth,
        });
    }
    Ok(())
}

fn xml_error(part: &str, message: &str, position: u64) -> ReadError {
    ReadError::Xml {
        part: part.to_string(),
        message: format!("{message} (at byte {position})"),
    }
}

/// Character references and the five predefined entities; anything else needs a DTD, which is refused.
pub(crate) fn resolve_reference(reference: &BytesRef<'_>) -> Option<Cow<'static, str>> {
    if reference.is_char_ref() {
        let ch = reference.resolve_char_ref().ok().flatten()?;
        return Some(Cow::Owned(ch.to_string()));
    }
    let text = match &**reference {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    };
    Some(Cow::Borrowed(text))
}

/// The value of the attribute whose local name (prefix ignored) is `name`, entity references resolved.
pub(super) fn attr<'a>(element: &'a BytesStart<'_>, name: &str) -> Option<Cow<'a, str>> {
    let mut attributes = element.attributes();
    attributes.with_checks(false);
    for attribute in attributes.flatten() {
        let key = attribute.key.0;
        let local = key.rsplit_once(':').map_or(key, |(_, local)| local);
        if local == name {
            return Some(match attribute.normalized_value(XmlVersion::Implicit1_0) {
                Ok(value) => value,
                Err(_) => attribute.value,
            });
        }
    }
    None
}

/// An OOXML on/off attribute (`w:val` of `w:vanish`, `w:showingPlcHdr`…): absent means on.
pub(super) fn on_off(element: &BytesStart<'_>) -> bool {
    match attr(element, "val").as_deref() {
        None => true,
        Some(v) => !matches!(v, "0" | "false" | "off"),
    }
}

/// Turns a part's bytes into text: UTF-8 (BOM optional) or UTF-16 with a BOM or a `<` signature.
pub(super) fn decode_part(mut bytes: Vec<u8>, part: &str) -> Result<String, ReadError> {
    match bytes.as_slice() {
        [0xEF, 0xBB, 0xBF, ..] => {
            bytes.drain(..3);
            utf8(bytes, part)
        }
        [0xFF, 0xFE, rest @ ..] => Ok(utf16(rest, u16::from_le_bytes)),
        [0xFE, 0xFF, rest @ ..] => Ok(utf16(rest, u16::from_be_bytes)),
        [b'<', 0, ..] => Ok(utf16(&bytes, u16::from_le_bytes)),
        [0, b'<', ..] => Ok(utf16(&bytes, u16::from_be_bytes)),
        _ => utf8(bytes, part),
    }
}

fn utf8(bytes: Vec<u8>, part: &str) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| {
        xml_error(
            part,
            "the part is not valid UTF-8",
            e.utf8_error().valid_up_to() as u64,
        )
    })
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes
        .chunks_exact(2)
        .filter_map(|pair| <[u8; 2]>::try_from(pair).ok())
        .map(unit);
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Recorder {
        events: Vec<String>,
        skip: &'static str,
    }

    impl Sink for Recorder {
        fn start(
            &mut self,
            ns: Ns,
            local: &str,
            _element: &BytesStart<'_>,
            depth: usize,
        ) -> Result<Flow, ReadError> {
            self.events.push(format!("<{local}:{ns:?}:{depth}"));
            Ok(if local == self.skip {
                Flow::Skip
            } else {
                Flow::Descend
            })
        }
        fn end(&mut self, _ns: Ns, local: &str, _depth: usize) -> Result<(), ReadError> {
            self.events.push(format!(">{local}"));
            Ok(())
        }
        fn text(&mut self, text: &str) -> Result<(), ReadError> {
            self.events.push(text.to_string());
            Ok(())
        }
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn delivers_resolved_events_and_references() {
        let xml = format!("<w:a {W}><w:b/>x &amp; &#x41;<c/></w:a>");
        let mut sink = Recorder::default();
        drive(&xml, "p", 10, &mut sink).unwrap();
        assert_eq!(
            sink.events.join("|"),
            "<a:W:1|<b:W:2|>b|x |&| |A|<c:Other:2|>c|>a"
        );
    }

    #[test]
    fn namespaces_follow_declarations_and_scope() {
        let xml = format!(
            r#"<x:a xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:b xmlns:x="urn:other"><x:c/></x:b><x:d/><e xmlns="http://purl.oclc.org/ooxml/wordprocessingml/main"><f/></e><g/><w:h {W}/><w:i/></x:a>"#
        );
        let mut sink = Recorder::default();
        drive(&xml, "p", 10, &mut sink).unwrap();
        let starts: Vec<&String> = sink.events.iter().filter(|e| e.starts_with('<')).collect();
        assert_eq!(
            starts,
            [
                "<a:W:1",
                "<b:Other:2",
                "<c:Other:3",
                "<d:W:2",
                "<e:W:2",
                "<f:W:3",
                "<g:Other:2",
                "<h:W:2",
                "<i:Other:2"
            ]
        );
    }

    #[test]
    fn skips_subtrees_on_request() {
        let xml = format!("<w:a {W}><w:s><w:t>hid</w:t></w:s><w:t>ok</w:t></w:a>");
        let mut sink = Recorder {
            skip: "s",
            ..Recorder::default()
        };
        drive(&xml, "p", 10, &mut sink).unwrap();
        assert_eq!(sink.events.join("|"), "<a:W:1|<s:W:2|<t:W:2|ok|>t|>a");
    }

    #[test]
    fn refuses_depth_over_the_limit_without_recursion() {
        let deep = "<a>".repeat(100_000);
        let err = drive(&deep, "p", 256, &mut Recorder::default()).unwrap_err();
        assert_eq!(err.code(), "xml-too-deep");
        let ok = format!("{}{}", "<a>".repeat(3), "</a>".repeat(3));
        drive(&ok, "p", 3, &mut Recorder::default()).unwrap();
        let err = drive("<a><b/></a>", "p", 1, &mut Recorder::default()).unwrap_err();
        assert_eq!(err.code(), "xml-too-deep");
    }

    #[test]
    fn refuses_dtds_and_unknown_entities() {
        let xml = r#"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>"#;
        let err = drive(xml, "p", 10, &mut Recorder::default()).unwrap_err();
        assert_eq!(err.code(), "dtd");
        let err = drive("<a>&x;</a>", "p", 10, &mut Recorder::default()).unwrap_err();
        assert_eq!(err.code(), "invalid-xml");
    }

    #[test]
    fn truncation_and_mismatch_are_invalid_xml() {
        for xml in ["<a><b>text", "<a></b>", "<a>&</a>"] {
            let err = drive(xml, "p", 10, &mut Recorder::default()).unwrap_err();
            assert_eq!(err.code(), "invalid-xml", "{xml}");
        }
    }

    #[test]
    fn decodes_utf16_and_boms() {
        let text = "<a>åäö</a>";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_part(le, "p").unwrap(), text);
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode_part(be, "p").unwrap(), text);
        let bom8 = [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat();
        assert_eq!(decode_part(bom8, "p").unwrap(), text);
        let err = decode_part(vec![b'<', 0xC3, b'a'], "p").unwrap_err();
        assert_eq!(err.code(), "invalid-xml");
    }
}
