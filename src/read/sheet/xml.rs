//! Streaming XML with the guards every pass needs: no DTD, and nesting depth capped by a counter (never
//! recursion); plus the prolog sniff run on each XML part before calamine parses it.

use crate::read::{Limits, ReadError};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::borrow::Cow;
use std::io::BufRead;

/// A quick-xml reader that refuses DTDs and over-deep nesting, and names its part in every error.
pub(super) struct XmlWalk<R> {
    reader: Reader<R>,
    depth: usize,
    max_depth: usize,
    part: String,
}

impl<R: BufRead> XmlWalk<R> {
    pub fn new(source: R, part: &str, max_depth: usize) -> Self {
        XmlWalk {
            reader: Reader::from_reader(source),
            depth: 0,
            max_depth,
            part: part.to_string(),
        }
    }

    /// The next event; `Start` and `End` move the depth counter (empty elements do not nest).
    pub fn next<'b>(&mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>, ReadError> {
        buf.clear();
        let event = self.reader.read_event_into(buf);
        self.guard(event)
    }
}

impl<'a> XmlWalk<&'a [u8]> {
    /// `next` over a part held in memory: events borrow from it, nothing is copied.
    pub fn next_borrowed(&mut self) -> Result<Event<'a>, ReadError> {
        let event = self.reader.read_event();
        self.guard(event)
    }
}

impl<R> XmlWalk<R> {
    fn guard<'b>(
        &mut self,
        event: Result<Event<'b>, quick_xml::Error>,
    ) -> Result<Event<'b>, ReadError> {
        let event = match event {
            Ok(event) => event,
            Err(quick_xml::Error::Io(e)) => {
                return Err(ReadError::Corrupt(format!(
                    "cannot inflate '{}': {e}",
                    self.part
                )));
            }
            Err(e) => return Err(self.invalid(e.to_string())),
        };
        match &event {
            Event::DocType(_) => return Err(ReadError::Dtd { part: self.part() }),
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > self.max_depth {
                    return Err(ReadError::XmlTooDeep {
                        part: self.part(),
                        limit: self.max_depth,
                    });
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        Ok(event)
    }

    pub fn part(&self) -> String {
        self.part.clone()
    }

    pub fn invalid(&self, message: String) -> ReadError {
        ReadError::Xml {
            part: self.part(),
            message,
        }
    }
}

/// The raw value of the attribute with this local name (`r:id` matches `id`), if present and well-formed.
pub(super) fn attr<'a>(element: &'a BytesStart<'_>, local: &str) -> Option<Cow<'a, str>> {
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| a.value)
}

/// The unescaped text value of an attribute.
pub(super) fn attr_text(element: &BytesStart<'_>, local: &str) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(Cow::into_owned)
        })
}

/// An unsigned number attribute; absent or malformed gives None.
pub(super) fn attr_u64(element: &BytesStart<'_>, local: &str) -> Option<u64> {
    attr(element, local)?.trim().parse().ok()
}

/// Checks the head of an XML part (its first bytes, up to a window) before calamine parses the part:
/// a DTD is refused, a shared string table may not announce more strings than the cell limit (calamine
/// reserves memory for the announced count), and a prolog that fills the whole window is refused.
/// Other malformed XML is left for the real parse to report.
pub(super) fn check_prolog(
    head: &[u8],
    window_full: bool,
    part: &str,
    limits: &Limits,
) -> Result<(), ReadError> {
    let mut reader = Reader::from_reader(head);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::DocType(_)) => {
                return Err(ReadError::Dtd {
                    part: part.to_string(),
                });
            }
            Ok(Event::Start(e) | Event::Empty(e)) => return check_root(&e, limits),
            // A prolog that fills the window could hide a DTD beyond it.
            Ok(Event::Eof) | Err(_) if window_full => {
                return Err(ReadError::Xml {
                    part: part.to_string(),
                    message: "no root element within the first bytes of the part".into(),
                });
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

fn check_root(root: &BytesStart<'_>, limits: &Limits) -> Result<(), ReadError> {
    if root.local_name().as_ref() != "sst" {
        return Ok(());
    }
    match attr_u64(root, "uniqueCount") {
        Some(count) if count > limits.max_cells => Err(ReadError::TooManyCells {
            limit: limits.max_cells,
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DTD: &[u8] = br#"<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "b">]><sst/>"#;

    #[test]
    fn prolog_refuses_dtd_and_inflated_string_counts() {
        let limits = Limits::default();
        let err = check_prolog(DTD, false, "xl/sharedStrings.xml", &limits).unwrap_err();
        assert_eq!(err.code(), "dtd");
        let sst = br#"<?xml version="1.0"?><sst uniqueCount="4000000000"><si/></sst>"#;
        let err = check_prolog(sst, false, "xl/sharedStrings.xml", &limits).unwrap_err();
        assert_eq!(err.code(), "too-many-cells");
        let ok = br#"<?xml version="1.0"?><sst uniqueCount="3"><si/></sst>"#;
        assert!(check_prolog(ok, false, "xl/sharedStrings.xml", &limits).is_ok());
        let comment_only = b"<?xml version=\"1.0\"?><!-- long";
        assert!(check_prolog(comment_only, false, "x.xml", &limits).is_ok());
        assert!(check_prolog(comment_only, true, "x.xml", &limits).is_err());
        let prolog_only = b"<?xml version=\"1.0\"?><!-- long -->";
        assert_eq!(
            check_prolog(prolog_only, true, "x.xml", &limits)
                .unwrap_err()
                .code(),
            "invalid-xml"
        );
    }

    #[test]
    fn walk_caps_depth_without_recursion() {
        let deep = "<a>".repeat(50) + &"</a>".repeat(50);
        let mut walk = XmlWalk::new(deep.as_bytes(), "p.xml", 10);
        let mut buf = Vec::new();
        let err = loop {
            match walk.next(&mut buf) {
                Ok(Event::Eof) => panic!("depth not enforced"),
                Ok(_) => {}
                Err(e) => break e,
            }
        };
        assert_eq!(err.code(), "xml-too-deep");
        let mut walk = XmlWalk::new(DTD, "p.xml", 10);
        let err = loop {
            if let Err(e) = walk.next(&mut buf) {
                break e;
            }
        };
        assert_eq!(err.code(), "dtd");
    }
}
