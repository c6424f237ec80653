//! A fast tag scanner for worksheet parts held in memory: start and end tags found by plain byte loops,
//! for the layout pass (`xlsx_layout`), which only looks at `<row>`, `<col>` and `<c>` tags.
//!
//! A worksheet is mostly `<c r="B7" s="2"><v>12</v></c>`; tokenising every one of those with quick-xml
//! cost the layout pass as much as calamine's whole cell parse. This scanner takes only markup it fully
//! understands and that quick-xml would read without complaint: valid UTF-8, an XML declaration at most
//! (no comments, CDATA, DTDs or other processing instructions), quoted attributes, end tags matching their
//! start tags, every `&` in text closed by `;`, nesting within the depth limit. On anything else it
//! declines, and the layout pass runs over quick-xml instead, so results and errors stay as they were.

/// The scanner met markup it does not take; the caller falls back to the full tokenizer.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Declined;

/// A tag: its qualified name and, for a start tag, the raw attribute text and whether it is `<… />`.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Tag<'a> {
    Start {
        name: &'a [u8],
        attrs: &'a [u8],
        empty: bool,
    },
    End {
        name: &'a [u8],
    },
}

/// Start and end tags of an XML text, in order.
pub(super) struct TagScanner<'a> {
    xml: &'a [u8],
    pos: usize,
    open: Vec<&'a [u8]>,
    max_depth: usize,
}

impl<'a> TagScanner<'a> {
    /// A scanner over `xml` (an optional UTF-8 byte-order mark and XML declaration are skipped), or
    /// Declined when the text is not UTF-8.
    pub fn new(xml: &'a [u8], max_depth: usize) -> Result<Self, Declined> {
        std::str::from_utf8(xml).map_err(|_| Declined)?;
        let mut pos = if xml.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        if xml
            .get(pos..)
            .is_some_and(|rest| rest.starts_with(b"<?xml"))
        {
            let rest = xml.get(pos..).unwrap_or_default();
            let end = rest.windows(2).position(|w| w == b"?>").ok_or(Declined)?;
            pos += end + 2;
        }
        Ok(TagScanner {
            xml,
            pos,
            open: Vec::new(),
            max_depth,
        })
    }

    /// The next tag, None at the end of the text.
    pub fn next_tag(&mut self) -> Result<Option<Tag<'a>>, Declined> {
        let rest = self.xml.get(self.pos..).unwrap_or_default();
        let Some(lt) = text_end(rest)? else {
            self.pos = self.xml.len();
            return Ok(None);
        };
        let markup = rest.get(lt + 1..).unwrap_or_default();
        match markup.first() {
            Some(b'/') => self.end_tag(lt, markup),
            Some(b'!' | b'?') | None => Err(Declined),
            Some(_) => self.start_tag(lt, markup),
        }
    }

    /// `</name>` (whitespace may follow the name): must close the innermost open element.
    fn end_tag(&mut self, lt: usize, markup: &'a [u8]) -> Result<Option<Tag<'a>>, Declined> {
        let gt = markup.iter().position(|b| *b == b'>').ok_or(Declined)?;
        let name = trim_end(markup.get(1..gt).unwrap_or_default());
        if self.open.pop() != Some(name) {
            return Err(Declined);
        }
        self.pos += lt + 1 + gt + 1;
        Ok(Some(Tag::End { name }))
    }

    /// `<name attrs>` or `<name attrs/>`: `>` inside quoted values does not end the tag.
    fn start_tag(&mut self, lt: usize, markup: &'a [u8]) -> Result<Option<Tag<'a>>, Declined> {
        let gt = tag_end(markup)?;
        let inner = markup.get(..gt).unwrap_or_default();
        let (inner, empty) = match inner.strip_suffix(b"/") {
            Some(inner) => (inner, true),
            None => (inner, false),
        };
        let name_len = inner
            .iter()
            .position(|b| is_xml_space(*b))
            .unwrap_or(inner.len());
        let (name, attrs) = inner.split_at(name_len);
        if name.is_empty() {
            return Err(Declined);
        }
        if !empty {
            if self.open.len() >= self.max_depth {
                return Err(Declined);
            }
            self.open.push(name);
        }
        self.pos += lt + 1 + gt + 1;
        Ok(Some(Tag::Start { name, attrs, empty }))
    }
}

/// Where the text at the head of `rest` ends (the next `<`), None at the end; every `&` in it must be
/// closed by `;` before the next `&` or `<`, as quick-xml requires. (A plain loop: the texts and tags of
/// a worksheet are a few bytes long, too short for memchr's setup to pay off.)
fn text_end(rest: &[u8]) -> Result<Option<usize>, Declined> {
    let mut in_reference = false;
    for (i, &b) in rest.iter().enumerate() {
        match b {
            b'<' if in_reference => return Err(Declined),
            b'<' => return Ok(Some(i)),
            b'&' if in_reference => return Err(Declined),
            b'&' => in_reference = true,
            b';' => in_reference = false,
            _ => {}
        }
    }
    if in_reference {
        Err(Declined)
    } else {
        Ok(None)
    }
}

/// The offset of the `>` that ends the tag whose markup starts `markup`, skipping quoted values.
fn tag_end(markup: &[u8]) -> Result<usize, Declined> {
    let mut quote = None;
    for (i, &b) in markup.iter().enumerate() {
        match (quote, b) {
            (None, b'>') => return Ok(i),
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            _ => {}
        }
    }
    Err(Declined)
}

/// The raw values of the attributes whose local names (after the first `:`) are `wanted`, the first of
/// each if one repeats. Declined unless all of `attrs` is `name="value"` pairs (or single quotes), apart
/// by space.
pub(super) fn attrs<'a, const N: usize>(
    attrs: &'a [u8],
    wanted: [&[u8]; N],
) -> Result<[Option<&'a str>; N], Declined> {
    let mut found = [None; N];
    let mut rest = attrs;
    loop {
        rest = trim_start(rest);
        if rest.is_empty() {
            return Ok(found);
        }
        let key_len = rest
            .iter()
            .position(|b| *b == b'=' || is_xml_space(*b))
            .ok_or(Declined)?;
        let (key, after_key) = rest.split_at(key_len);
        let after_eq = trim_start(after_key).strip_prefix(b"=").ok_or(Declined)?;
        let quoted = trim_start(after_eq);
        let quote = *quoted.first().ok_or(Declined)?;
        if key.is_empty() || (quote != b'"' && quote != b'\'') {
            return Err(Declined);
        }
        let body = quoted.get(1..).unwrap_or_default();
        let close = body.iter().position(|b| *b == quote).ok_or(Declined)?;
        let value = body.get(..close).unwrap_or_default();
        let local = local_name(key);
        if let Some(slot) = wanted
            .iter()
            .position(|w| *w == local)
            .and_then(|i| found.get_mut(i))
            .filter(|slot| slot.is_none())
        {
            *slot = Some(std::str::from_utf8(value).map_err(|_| Declined)?);
        }
        let next = body.get(close + 1..).unwrap_or_default();
        if next.first().is_some_and(|b| !is_xml_space(*b)) {
            return Err(Declined);
        }
        rest = next;
    }
}

/// The part of a qualified name after its first `:` (as quick-xml's `local_name`).
pub(super) fn local_name(name: &[u8]) -> &[u8] {
    match name.iter().position(|b| *b == b':') {
        Some(i) => name.get(i + 1..).unwrap_or_default(),
        None => name,
    }
}

fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| is_xml_space(**b)).count();
    bytes.get(skip..).unwrap_or_default()
}

fn trim_end(bytes: &[u8]) -> &[u8] {
    let keep = bytes.len() - bytes.iter().rev().take_while(|b| is_xml_space(**b)).count();
    bytes.get(..keep).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(xml: &str) -> Result<Vec<String>, Declined> {
        let mut scanner = TagScanner::new(xml.as_bytes(), 16)?;
        let mut out = Vec::new();
        while let Some(tag) = scanner.next_tag()? {
            out.push(match tag {
                Tag::Start { name, attrs, empty } => format!(
                    "<{}{}{}>",
                    String::from_utf8_lossy(name),
                    String::from_utf8_lossy(attrs),
                    if empty { "/" } else { "" }
                ),
                Tag::End { name } => format!("</{}>", String::from_utf8_lossy(name)),
            });
        }
        Ok(out)
    }

    #[test]
    fn plain_worksheet_markup_is_scanned() {
        let xml = "\u{feff}<?xml version=\"1.0\"?>\n<x:ws><row r=\"1\" x:hidden='1'>\
                   <c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" v=\"a>b\"/></row ></x:ws>";
        assert_eq!(
            tags(xml).unwrap(),
            vec![
                "<x:ws>",
                "<row r=\"1\" x:hidden='1'>",
                "<c r=\"A1\" t=\"s\">",
                "<v>",
                "</v>",
                "</c>",
                "<c r=\"B1\" v=\"a>b\"/>",
                "</row>",
                "</x:ws>",
            ]
        );
        assert_eq!(tags("<f>A1&amp;B1&gt;0</f>").unwrap().len(), 2);
    }

    #[test]
    fn anything_unusual_is_declined() {
        for xml in [
            "<a><!-- x --></a>",
            "<a><![CDATA[<c r='XFE1'/>]]></a>",
            "<!DOCTYPE a><a/>",
            "<a><?pi x?></a>",
            "<a></b>",
            "</a>",
            "<a>AT&T</a>",
            "<a>&amp</a>",
            "<a b='1>",
            "<>",
            "<a",
        ] {
            assert_eq!(tags(xml), Err(Declined), "{xml}");
        }
        assert!(TagScanner::new(b"<a>\xff</a>", 16).is_err());
        assert_eq!(tags(&"<a>".repeat(17)), Err(Declined));
        assert!(tags(&"<a>".repeat(16)).is_ok());
    }

    #[test]
    fn attributes_are_read_raw_by_local_name() {
        let list = b" r=\"A1\" x:hidden = '1' s=\"&amp;\" r=\"B2\"";
        assert_eq!(
            attrs(list, [b"r", b"hidden", b"s", b"t"]),
            Ok([Some("A1"), Some("1"), Some("&amp;"), None])
        );
        assert_eq!(attrs(b" hidden", [b"hidden"]), Err(Declined));
        assert_eq!(attrs(b" r=A1", [b"r"]), Err(Declined));
        assert_eq!(attrs(b" r=\"A1\"s=\"2\"", [b"r"]), Err(Declined));
        assert_eq!(attrs(b" r=\"A1", [b"r"]), Err(Declined));
        assert_eq!(local_name(b"a:b:c"), b"b:c");
    }
}
