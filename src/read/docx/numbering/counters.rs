//! List counters: the number each numbered paragraph gets, in reading order, and the label built
//! from its level's `w:lvlText`.
//!
//! Semantics (ECMA-376 §17.9, with Word's behaviour where MS-OI29500 says it differs):
//! - All nums of one abstractNum count one list. A num's `w:startOverride` sets its level to the
//!   override at the first paragraph of that num and level; after that the nums go on counting
//!   together (Word's "restart at 10", then "continue", as docx4j's startOverride.docx expects).
//! - A level's first paragraph gets its start value (the num's override, else the level's), each
//!   further one the next number (saturating).
//! - Using a level resets every deeper level that restarts after it: by default any deeper level;
//!   with `w:lvlRestart w:val="r"` (one-based) only when the level used is r-1 or shallower;
//!   `w:val="0"` never; a value deeper than the level itself is ignored. As Word does, a
//!   `w:lvlRestart` inside a num's override level is ignored.
//! - `%N` shows level N-1's current number in that level's format (under `w:isLgl` roman numerals
//!   and letters turn decimal; decimalZero stays);
//!   a level not used since its reset shows start - 1 (Word's "1.0.1"); `%N` of a deeper level
//!   shows nothing.
//! - A bullet level's label is "•" whatever its glyph (Symbol/Wingdings code points say nothing as
//!   text); a label that comes out empty or blank is no label.

#[cfg(test)]
use super::MAX_LEVEL_TEXT_CHARS;
use super::format::NumFormat;
use super::{AbstractNum, LEVELS, Level, Num, Numbering};
use std::collections::{HashMap, HashSet};

/// The label of every bullet level.
const BULLET: &str = "•";

/// Each list's current number per level; None = not used since the list began or the level reset.
type Counters = [Option<u32>; LEVELS];

/// The counters of one story (a part's text, text boxes included), advanced paragraph by paragraph.
#[derive(Debug, Default)]
pub(in crate::read::docx) struct ListCounters {
    /// Per abstractNum.
    lists: HashMap<u32, Counters>,
    /// The (numId, ilvl) whose start override has been applied.
    overridden: HashSet<(u32, u8)>,
}

impl ListCounters {
    /// Counts a paragraph of list `num_id` at level `ilvl` and returns its label, or None when the
    /// list or level is not defined, or the level shows nothing.
    pub fn label(&mut self, numbering: &Numbering, num_id: u32, ilvl: u8) -> Option<Box<str>> {
        if num_id == 0 {
            return None;
        }
        let num = numbering.nums.get(&num_id)?;
        let (abstract_id, abstract_num) = numbering.abstract_of(num)?;
        let view = Levels { num, abstract_num };
        let level = view.level(ilvl)?;
        let restart = num
            .level_override(ilvl)
            .and_then(|o| o.start)
            .filter(|_| self.overridden.insert((num_id, ilvl)));
        let counters = self.lists.entry(abstract_id).or_insert([None; LEVELS]);
        view.advance(counters, ilvl, restart);
        view.render(counters, ilvl, level)
    }
}

/// A num's levels: its overrides over its abstractNum's.
struct Levels<'a> {
    num: &'a Num,
    abstract_num: &'a AbstractNum,
}

impl Levels<'_> {
    fn level(&self, ilvl: u8) -> Option<&Level> {
        let overridden = self.num.level_override(ilvl).and_then(|o| o.level.as_ref());
        overridden.or_else(|| self.abstract_num.level(ilvl))
    }

    fn start(&self, ilvl: u8) -> u32 {
        let overridden = self.num.level_override(ilvl).and_then(|o| o.start);
        overridden
            .or_else(|| self.level(ilvl).map(|l| l.start))
            .unwrap_or(0)
    }

    /// Whether level `deeper` restarts when level `used` (shallower) is used.
    fn restarts_after(&self, deeper: u8, used: u8) -> bool {
        match self.abstract_num.level(deeper).and_then(|l| l.restart) {
            Some(0) => false,
            Some(r) if r <= u32::from(deeper) => u32::from(used) < r,
            _ => true,
        }
    }

    /// Counts a paragraph at `ilvl`: `restart` (a start override used for the first time), else the
    /// next number, else the start value; then resets the deeper levels that restart after it.
    fn advance(&self, counters: &mut Counters, ilvl: u8, restart: Option<u32>) {
        let start = self.start(ilvl);
        if let Some(slot) = counters.get_mut(usize::from(ilvl)) {
            *slot = Some(match (restart, *slot) {
                (Some(value), _) => value,
                (None, Some(value)) => value.saturating_add(1),
                (None, None) => start,
            });
        }
        for deeper in ilvl.saturating_add(1)..LEVELS as u8 {
            if self.restarts_after(deeper, ilvl) {
                if let Some(slot) = counters.get_mut(usize::from(deeper)) {
                    *slot = None;
                }
            }
        }
    }

    /// The label: `lvlText` with `%1`…`%9` replaced, control characters dropped, trimmed.
    fn render(&self, counters: &Counters, ilvl: u8, level: &Level) -> Option<Box<str>> {
        if level.format == NumFormat::Bullet {
            return (!level.text.trim().is_empty()).then(|| BULLET.into());
        }
        let mut out = String::with_capacity(level.text.len() + 8);
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            let placeholder = (c == '%')
                .then(|| chars.peek().and_then(|d| d.to_digit(10)))
                .flatten()
                .filter(|d| (1..=LEVELS as u32).contains(d));
            match placeholder {
                Some(digit) => {
                    chars.next();
                    let referenced = u8::try_from(digit - 1).unwrap_or(u8::MAX);
                    if referenced <= ilvl {
                        self.push_number(counters, referenced, level.legal, &mut out);
                    }
                }
                None if c.is_control() => {}
                None => out.push(c),
            }
        }
        let label = out.trim();
        (!label.is_empty()).then(|| label.into())
    }

    fn push_number(&self, counters: &Counters, ilvl: u8, legal: bool, out: &mut String) {
        let value = counters
            .get(usize::from(ilvl))
            .copied()
            .flatten()
            .unwrap_or_else(|| self.start(ilvl).saturating_sub(1));
        let format = self.level(ilvl).map(|l| l.format).unwrap_or_default();
        let format = match format {
            NumFormat::UpperRoman
            | NumFormat::LowerRoman
            | NumFormat::UpperLetter
            | NumFormat::LowerLetter
                if legal =>
            {
                NumFormat::Decimal
            }
            _ => format,
        };
        format.push(value, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::docx::styles::Styles;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    fn numbering(body: &str) -> Numbering {
        let xml = format!("<w:numbering {W}>{body}</w:numbering>");
        Numbering::parse(&xml, "word/numbering.xml", 64, &Styles::default()).unwrap()
    }

    fn lvl(ilvl: u8, start: u32, format: &str, text: &str, extra: &str) -> String {
        format!(
            r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/>{extra}<w:pPr><w:ind w:left="720"/></w:pPr></w:lvl>"#
        )
    }

    /// Labels of paragraphs given as (numId, ilvl), in order, with one set of counters.
    fn labels(numbering: &Numbering, paragraphs: &[(u32, u8)]) -> Vec<String> {
        let mut counters = ListCounters::default();
        paragraphs
            .iter()
            .map(|(num, ilvl)| {
                counters
                    .label(numbering, *num, *ilvl)
                    .map(String::from)
                    .unwrap_or_default()
            })
            .collect()
    }

    fn outline() -> String {
        format!(
            r#"<w:abstractNum w:abstractNumId="0">{}{}{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
            lvl(0, 1, "decimal", "%1", ""),
            lvl(1, 1, "decimal", "%1.%2", ""),
            lvl(2, 1, "lowerLetter", "%3)", ""),
        )
    }

    #[test]
    fn multilevel_counts_and_resets_deeper_levels() {
        let n = numbering(&outline());
        let got = labels(
            &n,
            &[
                (1, 0),
                (1, 1),
                (1, 1),
                (1, 2),
                (1, 2),
                (1, 0),
                (1, 1),
                (1, 2),
            ],
        );
        assert_eq!(got, ["1", "1.1", "1.2", "a)", "b)", "2", "2.1", "a)"]);
    }

    #[test]
    fn skipped_levels_show_start_minus_one_and_deeper_placeholders_nothing() {
        let n = numbering(&format!(
            r#"<w:abstractNum w:abstractNumId="0">{}{}{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
            lvl(0, 1, "decimal", "%1.%3", ""),
            lvl(1, 1, "decimal", "%1.%2", ""),
            lvl(2, 1, "decimal", "%1.%2.%3", ""),
        ));
        assert_eq!(labels(&n, &[(1, 0), (1, 2), (1, 0)]), ["1.", "1.0.1", "2."]);
    }

    #[test]
    fn nums_of_one_abstract_share_counters_and_overrides_restart_once() {
        let n = numbering(&format!(
            r#"{}<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num><w:num w:numId="4"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>"#,
            outline()
        ));
        let got = labels(
            &n,
            &[(1, 0), (2, 0), (3, 0), (3, 0), (1, 0), (4, 0), (4, 1)],
        );
        assert_eq!(got, ["1", "2", "1", "2", "3", "5", "5.1"]);
        // docx4j's startOverride.docx: the override restarts once; then both nums go on together.
        let got = labels(&n, &[(1, 0), (1, 0), (3, 0), (1, 0), (3, 0), (2, 0)]);
        assert_eq!(got, ["1", "2", "1", "2", "3", "4"]);
    }

    #[test]
    fn level_restart_zero_never_restarts_and_one_based_values() {
        let n = numbering(&format!(
            r#"<w:abstractNum w:abstractNumId="0">{}{}{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
            lvl(0, 1, "decimal", "%1", ""),
            lvl(1, 1, "upperLetter", "%2", r#"<w:lvlRestart w:val="0"/>"#),
            lvl(2, 1, "lowerRoman", "%3", r#"<w:lvlRestart w:val="1"/>"#),
        ));
        // Level 2 restarts only after level 0; level 1 never.
        let got = labels(
            &n,
            &[
                (1, 0),
                (1, 1),
                (1, 2),
                (1, 1),
                (1, 2),
                (1, 0),
                (1, 1),
                (1, 2),
            ],
        );
        assert_eq!(got, ["1", "A", "i", "B", "ii", "2", "C", "i"]);
    }

    #[test]
    fn legal_numbering_bullets_none_and_overridden_levels() {
        let n = numbering(&format!(
            r#"<w:abstractNum w:abstractNumId="0">{}{}{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
            <w:abstractNum w:abstractNumId="7">{}</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimalZero"/><w:lvlText w:val="Krav %1"/></w:lvl></w:lvlOverride></w:num>"#,
            lvl(0, 1, "upperRoman", "%1", ""),
            lvl(1, 1, "decimalZero", "%1.%2", "<w:isLgl/>"),
            lvl(2, 1, "bullet", "\u{F0B7}", ""),
            lvl(0, 1, "none", "", ""),
        ));
        assert_eq!(
            labels(&n, &[(1, 0), (1, 0), (1, 1), (1, 2)]),
            ["I", "II", "2.01", "•"]
        );
        assert_eq!(labels(&n, &[(7, 0), (7, 0)]), ["Krav 03", "Krav 04"]);
    }

    #[test]
    fn unknown_lists_levels_and_num_zero_have_no_label() {
        let n = numbering(&outline());
        assert_eq!(
            labels(&n, &[(0, 0), (9, 0), (1, 5), (1, 200)]),
            ["", "", "", ""]
        );
    }

    #[test]
    fn num_style_links_are_followed_one_hop() {
        let n = numbering(&format!(
            r#"<w:abstractNum w:abstractNumId="3"><w:numStyleLink w:val="Lista"/></w:abstractNum>
            <w:abstractNum w:abstractNumId="4"><w:styleLink w:val="Lista"/>{}</w:abstractNum>
            <w:abstractNum w:abstractNumId="5"><w:numStyleLink w:val="Lista2"/></w:abstractNum>
            <w:abstractNum w:abstractNumId="6"><w:styleLink w:val="Lista2"/><w:numStyleLink w:val="Lista"/></w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="3"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="4"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="5"/></w:num>"#,
            lvl(0, 1, "lowerLetter", "%1)", "")
        ));
        assert_eq!(labels(&n, &[(1, 0), (2, 0), (1, 0)]), ["a)", "b)", "c)"]);
        assert_eq!(labels(&n, &[(3, 0)]), [""], "two hops are not followed");
    }

    #[test]
    fn hostile_values_are_clamped() {
        let n = numbering(&format!(
            r#"<w:abstractNum w:abstractNumId="0">{}{}<w:lvl w:ilvl="4000000000"/><w:lvl w:ilvl="-1"/></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
            lvl(0, 4_000_000_000, "lowerLetter", &"%1".repeat(100), ""),
            lvl(1, 0, "upperRoman", "%2", ""),
        ));
        let got = labels(&n, &[(1, 0), (1, 0), (1, 1)]);
        assert_eq!(
            got[0],
            "1000000000".repeat(32),
            "start clamped, text cut at 64 characters"
        );
        assert_eq!(got[1], "1000000001".repeat(32));
        assert_eq!(got[2], "0");
        let mut counters = ListCounters::default();
        counters.lists.insert(0, [Some(u32::MAX); LEVELS]);
        assert_eq!(
            counters.label(&n, 1, 1).as_deref(),
            Some(u32::MAX.to_string().as_str()),
            "saturates"
        );
    }

    const FORMATS: [&str; 9] = [
        "decimal",
        "decimalZero",
        "upperRoman",
        "lowerRoman",
        "upperLetter",
        "lowerLetter",
        "bullet",
        "none",
        "ordinal",
    ];

    fn hostile_lvl(
        ilvl: i64,
        start: i64,
        format: usize,
        text: &str,
        restart: Option<i64>,
    ) -> String {
        let format = FORMATS.get(format).copied().unwrap_or("decimal");
        let restart = restart.map_or(String::new(), |r| format!(r#"<w:lvlRestart w:val="{r}"/>"#));
        format!(
            r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/>{restart}</w:lvl>"#
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Any definitions and any paragraphs: no panic, and every label stays short.
        #[test]
        fn any_definitions_give_short_labels(
            levels in proptest::collection::vec(
                (-2i64..12, proptest::num::i64::ANY, 0usize..9, "[%0-9a-z.() ]{0,90}", proptest::option::of(-3i64..12)),
                0..14,
            ),
            overrides in proptest::collection::vec((-1i64..11, proptest::option::of(proptest::num::i64::ANY)), 0..4),
            paragraphs in proptest::collection::vec((0u32..4, 0u8..12), 0..80),
        ) {
            let lvls: String = levels
                .iter()
                .map(|(i, start, f, text, restart)| hostile_lvl(*i, *start, *f, text, *restart))
                .collect();
            let overrides: String = overrides
                .iter()
                .map(|(i, start)| {
                    let start = start.map_or(String::new(), |s| format!(r#"<w:startOverride w:val="{s}"/>"#));
                    format!(r#"<w:lvlOverride w:ilvl="{i}">{start}</w:lvlOverride>"#)
                })
                .collect();
            let n = numbering(&format!(
                r#"<w:abstractNum w:abstractNumId="0">{lvls}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/>{overrides}</w:num><w:num w:numId="3"><w:abstractNumId w:val="3"/></w:num>"#
            ));
            for label in labels(&n, &paragraphs) {
                proptest::prop_assert!(label.len() <= MAX_LEVEL_TEXT_CHARS * 10, "{}", label.len());
            }
        }
    }

    #[test]
    fn fallback_of_alternate_content_is_read() {
        let n = numbering(
            r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        );
        assert_eq!(labels(&n, &[(1, 0)]), ["01."]);
    }
}
