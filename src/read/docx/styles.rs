//! Paragraph and character styles from styles.xml: outline levels, hidden text and list numbering,
//! `basedOn` resolved.

use super::xml::{self, Flow, Ns, Sink};
use crate::read::ReadError;
use quick_xml::events::BytesStart;
use std::collections::{HashMap, HashSet};

/// Outline level 9 (and above) means body text, not a heading.
const BODY_TEXT_LEVEL: u8 = 9;
/// The most styles one `basedOn` chain is followed through. Every style's chain is walked, so
/// without a bound one long chain of n styles costs n² steps; real chains are a handful deep.
const MAX_BASED_ON: usize = 64;

/// What the body reader needs to know about a style, after following its `basedOn` chain.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct StyleFacts {
    /// 0 = Heading 1; None when the style is not a heading.
    pub outline_level: Option<u8>,
    /// `w:vanish` in the style's run properties, when the chain sets it.
    pub vanish: Option<bool>,
    /// `w:pPr/w:numPr/w:numId`, when the chain sets it (0 = numbering switched off).
    pub num_id: Option<u32>,
    /// `w:pPr/w:numPr/w:ilvl`, when the chain sets it.
    pub ilvl: Option<u8>,
}

#[derive(Debug, Default)]
pub(super) struct Styles {
    resolved: HashMap<String, StyleFacts>,
    /// The paragraph style applied to paragraphs without `w:pStyle`.
    default_paragraph: Option<String>,
}

impl Styles {
    pub fn parse(xml_text: &str, part: &str, max_depth: usize) -> Result<Styles, ReadError> {
        let mut sink = StylesSink::default();
        xml::drive(xml_text, part, max_depth, &mut sink)?;
        Ok(Styles::resolve(sink.raw, sink.default_paragraph))
    }

    fn resolve(raw: HashMap<String, RawStyle>, default_paragraph: Option<String>) -> Styles {
        let resolved = raw
            .keys()
            .map(|id| (id.clone(), resolve_chain(&raw, id)))
            .collect();
        Styles {
            resolved,
            default_paragraph,
        }
    }

    pub fn facts(&self, style_id: &str) -> StyleFacts {
        self.resolved.get(style_id).copied().unwrap_or_default()
    }

    /// The id of a paragraph's style: its `w:pStyle`, or the default paragraph style.
    pub fn paragraph_style<'a>(&'a self, style_id: Option<&'a str>) -> Option<&'a str> {
        style_id.or(self.default_paragraph.as_deref())
    }

    /// Facts of a paragraph's style: its `w:pStyle`, or the default paragraph style.
    pub fn paragraph_facts(&self, style_id: Option<&str>) -> StyleFacts {
        match style_id.or(self.default_paragraph.as_deref()) {
            Some(id) => self.facts(id),
            None => StyleFacts::default(),
        }
    }
}

/// One `w:style` as written, before inheritance.
#[derive(Debug, Default, Clone)]
struct RawStyle {
    name: Option<String>,
    based_on: Option<String>,
    outline_level: Option<u8>,
    vanish: Option<bool>,
    num_id: Option<u32>,
    ilvl: Option<u8>,
}

/// Follows `basedOn` iteratively (with a cycle guard and at most `MAX_BASED_ON` steps): the nearest
/// explicit value wins, for each property on its own (numId and ilvl too). A style without
/// `w:outlineLvl` whose built-in name is "heading N" is a heading of level N-1.
fn resolve_chain(raw: &HashMap<String, RawStyle>, id: &str) -> StyleFacts {
    let mut facts = StyleFacts::default();
    let mut level_found = false;
    let mut seen: HashSet<&str> = HashSet::new();
    let mut current = Some(id);
    while let Some(style_id) = current {
        if !seen.insert(style_id) || seen.len() > MAX_BASED_ON {
            break;
        }
        let Some(style) = raw.get(style_id) else {
            break;
        };
        if !level_found {
            if let Some(level) = style.outline_level.or_else(|| builtin_heading_level(style)) {
                facts.outline_level = (level < BODY_TEXT_LEVEL).then_some(level);
                level_found = true;
            }
        }
        facts.vanish = facts.vanish.or(style.vanish);
        facts.num_id = facts.num_id.or(style.num_id);
        facts.ilvl = facts.ilvl.or(style.ilvl);
        current = style.based_on.as_deref();
    }
    facts
}

/// "heading 1".."heading 9" (Word writes built-in names in English whatever the UI language).
fn builtin_heading_level(style: &RawStyle) -> Option<u8> {
    let name = style.name.as_deref()?.trim().to_ascii_lowercase();
    let number: u8 = name.strip_prefix("heading ")?.trim().parse().ok()?;
    (1..=9).contains(&number).then(|| number - 1)
}

/// Collects raw styles. Only children of `w:style/w:pPr` and `w:style/w:rPr` are read, so the old
/// properties inside `w:pPrChange`/`w:rPrChange` and table-style conditional formats are ignored.
#[derive(Default)]
struct StylesSink {
    raw: HashMap<String, RawStyle>,
    default_paragraph: Option<String>,
    current: Option<(String, RawStyle)>,
    style_depth: usize,
}

impl Sink for StylesSink {
    fn start(
        &mut self,
        ns: Ns,
        local: &str,
        element: &BytesStart<'_>,
        depth: usize,
    ) -> Result<Flow, ReadError> {
        if ns != Ns::W {
            return Ok(Flow::Skip);
        }
        if local == "style" {
            let id = xml::attr(element, "styleId")
                .unwrap_or_default()
                .into_owned();
            let is_paragraph = xml::attr(element, "type").as_deref() == Some("paragraph");
            if is_paragraph
                && xml::attr(element, "default").is_some_and(|v| v == "1" || v == "true")
            {
                self.default_paragraph = Some(id.clone());
            }
            self.current = Some((id, RawStyle::default()));
            self.style_depth = depth;
            return Ok(Flow::Descend);
        }
        let Some((_, style)) = self.current.as_mut() else {
            return Ok(Flow::Descend);
        };
        let relative = depth.saturating_sub(self.style_depth);
        match (relative, local) {
            (1, "name") => style.name = xml::attr(element, "val").map(|v| v.into_owned()),
            (1, "basedOn") => style.based_on = xml::attr(element, "val").map(|v| v.into_owned()),
            (1, "pPr" | "rPr") => {}
            (2, "outlineLvl") => {
                style.outline_level = xml::attr(element, "val").and_then(|v| v.trim().parse().ok());
            }
            (2, "vanish") => style.vanish = Some(xml::on_off(element)),
            (2, "numPr") => {}
            (3, "numId") => {
                style.num_id = xml::attr(element, "val").and_then(|v| v.trim().parse().ok());
            }
            (3, "ilvl") => {
                style.ilvl = xml::attr(element, "val").and_then(|v| v.trim().parse().ok())
            }
            _ => return Ok(Flow::Skip),
        }
        Ok(Flow::Descend)
    }

    fn end(&mut self, _ns: Ns, local: &str, depth: usize) -> Result<(), ReadError> {
        if local == "style" && depth == self.style_depth {
            if let Some((id, style)) = self.current.take() {
                self.raw.entry(id).or_insert(style);
            }
        }
        Ok(())
    }

    fn text(&mut self, _text: &str) -> Result<(), ReadError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles(body: &str) -> Styles {
        let xml = format!(
            r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{body}</w:styles>"#
        );
        Styles::parse(&xml, "word/styles.xml", 64).unwrap()
    }

    #[test]
    fn outline_levels_follow_based_on_and_builtin_names() {
        let s = styles(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
            <w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>
            <w:style w:type="paragraph" w:styleId="Rubrik2"><w:name w:val="Heading 2"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Krav"><w:name w:val="Krav"/><w:basedOn w:val="Rubrik2"/></w:style>
            <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="Egen"/></w:style>
            <w:style w:type="paragraph" w:styleId="Body"><w:name w:val="heading 4"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Old"><w:pPr><w:pPrChange><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:pPrChange></w:pPr></w:style>"#,
        );
        assert_eq!(s.facts("Rubrik1").outline_level, Some(0));
        assert_eq!(s.facts("Rubrik2").outline_level, Some(1));
        assert_eq!(s.facts("Krav").outline_level, Some(1));
        assert_eq!(
            s.facts("Heading3").outline_level,
            None,
            "ids alone mean nothing"
        );
        assert_eq!(s.facts("Body").outline_level, None, "level 9 is body text");
        assert_eq!(s.facts("Old").outline_level, None);
        assert_eq!(s.facts("Missing").outline_level, None);
        assert_eq!(s.paragraph_facts(None), s.facts("Normal"));
    }

    #[test]
    fn based_on_cycles_terminate() {
        let s = styles(
            r#"<w:style w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/></w:style>
            <w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/></w:style>
            <w:style w:type="paragraph" w:styleId="C"><w:basedOn w:val="C"/></w:style>"#,
        );
        assert_eq!(s.facts("A"), StyleFacts::default());
        assert_eq!(s.facts("C"), StyleFacts::default());
    }

    #[test]
    fn numbering_follows_based_on_property_by_property() {
        let s = styles(
            r#"<w:style w:type="paragraph" w:styleId="Rubrik1"><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Rubrik2"><w:basedOn w:val="Rubrik1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Onumrerad"><w:basedOn w:val="Rubrik2"/><w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Andrad"><w:pPr><w:pPrChange><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:pPrChange></w:pPr></w:style>"#,
        );
        let num = |id: &str| (s.facts(id).num_id, s.facts(id).ilvl);
        assert_eq!(num("Rubrik1"), (Some(4), None));
        assert_eq!(num("Rubrik2"), (Some(4), Some(1)));
        assert_eq!(num("Onumrerad"), (Some(0), Some(1)));
        assert_eq!(num("Andrad"), (None, None), "old properties of a change");
    }

    #[test]
    fn long_based_on_chains_are_cut_short() {
        let mut body: String = (0..20_000)
            .map(|i| {
                format!(
                    r#"<w:style w:type="paragraph" w:styleId="s{i}"><w:basedOn w:val="s{}"/></w:style>"#,
                    i + 1
                )
            })
            .collect();
        body.push_str(r#"<w:style w:type="paragraph" w:styleId="s20000"><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>"#);
        let s = styles(&body);
        assert_eq!(s.facts("s19990").outline_level, Some(2));
        assert_eq!(s.facts("s0").outline_level, None, "64 steps at most");
    }

    #[test]
    fn hidden_character_styles() {
        let s = styles(
            r#"<w:style w:type="character" w:styleId="Dold"><w:rPr><w:vanish/></w:rPr></w:style>
            <w:style w:type="character" w:styleId="DoldBarn"><w:basedOn w:val="Dold"/></w:style>
            <w:style w:type="character" w:styleId="Synlig"><w:basedOn w:val="Dold"/><w:rPr><w:vanish w:val="0"/></w:rPr></w:style>"#,
        );
        assert_eq!(s.facts("Dold").vanish, Some(true));
        assert_eq!(s.facts("DoldBarn").vanish, Some(true));
        assert_eq!(s.facts("Synlig").vanish, Some(false));
    }
}
