//! Word list numbering (`word/numbering.xml`, ECMA-376 Part 1 §17.9): the definitions, read once
//! per document, and the counters that turn a paragraph's `(numId, ilvl)` into the label Word shows
//! in front of it ("1.2", "a)", "Krav 3.4").
//!
//! What is modelled:
//! - `w:abstractNum` levels (`w:lvl`, ilvl 0–8) with `w:start`, `w:numFmt`, `w:lvlText`,
//!   `w:lvlRestart`, `w:isLgl` and `w:pStyle`; `w:num` instances with `w:lvlOverride` (a whole
//!   `w:lvl` and/or `w:startOverride`); `w:numStyleLink` followed one hop to the abstractNum whose
//!   `w:styleLink` names the same style (or, failing that, through the numbering style's numId).
//! - Counters as Word keeps them (see `counters`): per abstractNum, shared by its nums; a
//!   `w:startOverride` restarts the count at its num's first paragraph.
//!
//! Left out: `w:lvlPicBulletId` (a picture bullet is a bullet), `w:legacy`, `w:suff` (the label and
//! the text are joined with one space where a path needs both), locale-dependent formats (ordinal,
//! cardinalText, ordinalText, the East Asian and Hebrew/Arabic counting systems: all read as
//! decimal) and the w14 custom formats inside `mc:AlternateContent` (the standard `mc:Fallback` is read).

mod counters;
mod format;

pub(super) use counters::ListCounters;
use format::NumFormat;

use super::styles::Styles;
use super::xml::{self, Flow, Ns, Sink};
use crate::read::ReadError;
use quick_xml::events::BytesStart;
use std::collections::HashMap;

/// Word's levels are ilvl 0–8; anything else in a file is ignored.
pub(super) const LEVELS: usize = 9;
/// `w:lvlText` beyond this many characters is cut: a label is a few characters, and it is copied
/// into every paragraph and heading path that uses the level.
const MAX_LEVEL_TEXT_CHARS: usize = 64;
/// Start values are clamped to this (Word itself allows at most 32767).
const MAX_START: u32 = 1_000_000_000;

/// One `w:lvl`: how one level of a list counts and what it shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Level {
    /// `w:start` (0 when omitted, as the standard says).
    start: u32,
    format: NumFormat,
    /// `w:lvlText`: literal text with `%1`…`%9` standing for the levels' numbers.
    text: Box<str>,
    /// `w:lvlRestart` as written (one-based level; 0 = never restart).
    restart: Option<u32>,
    /// `w:isLgl`: roman and letter numbers in this level's text are shown in decimal.
    legal: bool,
    /// `w:pStyle`: the paragraph style this level belongs to.
    style: Option<Box<str>>,
}

/// One `w:abstractNum`. Levels are kept sparse, in file order, first definition of an ilvl winning.
#[derive(Debug, Clone, Default)]
struct AbstractNum {
    levels: Vec<(u8, Level)>,
    /// `w:styleLink`: this definition holds the levels of that numbering style.
    style_link: Option<Box<str>>,
    /// `w:numStyleLink`: this definition only points at a numbering style.
    num_style_link: Option<Box<str>>,
    /// The abstractNum that `num_style_link` resolves to (one hop), filled in after parsing.
    linked: Option<u32>,
}

impl AbstractNum {
    fn level(&self, ilvl: u8) -> Option<&Level> {
        self.levels.iter().find(|(i, _)| *i == ilvl).map(|(_, l)| l)
    }
}

/// One `w:lvlOverride` of a `w:num`.
#[derive(Debug, Clone, Default)]
struct LevelOverride {
    start: Option<u32>,
    level: Option<Level>,
}

/// One `w:num`: an instance of an abstractNum, possibly overriding some of its levels.
#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: u32,
    overrides: Vec<(u8, LevelOverride)>,
}

impl Num {
    fn level_override(&self, ilvl: u8) -> Option<&LevelOverride> {
        self.overrides
            .iter()
            .find(|(i, _)| *i == ilvl)
            .map(|(_, o)| o)
    }
}

/// The numbering definitions of one document.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    abstracts: HashMap<u32, AbstractNum>,
    nums: HashMap<u32, Num>,
}

impl Numbering {
    /// Reads numbering.xml. `styles` resolves `w:numStyleLink` through a numbering style's numId.
    pub fn parse(
        xml_text: &str,
        part: &str,
        max_depth: usize,
        styles: &Styles,
    ) -> Result<Numbering, ReadError> {
        let mut sink = NumberingSink::default();
        xml::drive(xml_text, part, max_depth, &mut sink)?;
        let mut numbering = Numbering {
            abstracts: sink.abstracts,
            nums: sink.nums,
        };
        numbering.link_styles(styles);
        Ok(numbering)
    }

    pub fn is_empty(&self) -> bool {
        self.nums.is_empty()
    }

    /// Resolves each `w:numStyleLink`, one hop: to the abstractNum whose `w:styleLink` names the
    /// style, else to the abstractNum of the num the numbering style points at.
    fn link_styles(&mut self, styles: &Styles) {
        let by_style: HashMap<&str, u32> = self
            .abstracts
            .iter()
            .filter_map(|(id, a)| a.style_link.as_deref().map(|s| (s, *id)))
            .collect();
        let links: Vec<(u32, u32)> = self
            .abstracts
            .iter()
            .filter_map(|(id, a)| {
                let style = a.num_style_link.as_deref()?;
                let target = by_style.get(style).copied().or_else(|| {
                    let num_id = styles.facts(style).num_id?;
                    self.nums.get(&num_id).map(|n| n.abstract_id)
                })?;
                Some((*id, target))
            })
            .collect();
        for (id, target) in links {
            if let Some(a) = self.abstracts.get_mut(&id) {
                a.linked = Some(target);
            }
        }
    }

    /// The abstractNum whose levels a num uses: its own, or the one its numStyleLink points at.
    fn abstract_of(&self, num: &Num) -> Option<(u32, &AbstractNum)> {
        let own = self.abstracts.get(&num.abstract_id);
        let linked = own.and_then(|a| a.linked);
        match linked.and_then(|id| self.abstracts.get(&id).map(|a| (id, a))) {
            Some(found) => Some(found),
            None => own.map(|a| (num.abstract_id, a)),
        }
    }

    /// The level of list `num_id` whose `w:pStyle` is `style_id`, if any.
    pub fn level_for_style(&self, num_id: u32, style_id: &str) -> Option<u8> {
        let num = self.nums.get(&num_id)?;
        let (_, abstract_num) = self.abstract_of(num)?;
        abstract_num
            .levels
            .iter()
            .find(|(_, l)| l.style.as_deref() == Some(style_id))
            .map(|(i, _)| *i)
    }
}

/// An id or a one-based level number: a non-negative decimal, anything else None.
fn number_attr(element: &BytesStart<'_>, name: &str) -> Option<u32> {
    xml::attr(element, name)?.trim().parse().ok()
}

/// A start value: negatives read as 0, large values clamp to `MAX_START`.
fn start_attr(element: &BytesStart<'_>, name: &str) -> Option<u32> {
    let value: i64 = xml::attr(element, name)?.trim().parse().ok()?;
    Some(u32::try_from(value.clamp(0, i64::from(MAX_START))).unwrap_or(MAX_START))
}

/// An ilvl attribute: 0–8, anything else None.
fn level_attr(element: &BytesStart<'_>, name: &str) -> Option<u8> {
    let value: u8 = xml::attr(element, name)?.trim().parse().ok()?;
    (usize::from(value) < LEVELS).then_some(value)
}

fn text_attr(element: &BytesStart<'_>) -> Option<Box<str>> {
    xml::attr(element, "val").map(|v| v.as_ref().into())
}

/// A `w:lvl` being read, with the ilvl it defines (None when missing or out of range).
#[derive(Debug)]
struct OpenLevel {
    ilvl: Option<u8>,
    level: Level,
    depth: usize,
}

/// Collects definitions. The elements are found by what is open, not by depth, so that definitions
/// wrapped in `mc:AlternateContent` are read too; `mc:Choice` is skipped and `mc:Fallback` read.
#[derive(Default)]
struct NumberingSink {
    abstracts: HashMap<u32, AbstractNum>,
    nums: HashMap<u32, Num>,
    /// The open `w:abstractNum` (id None when it has none) and its depth.
    abstract_num: Option<(Option<u32>, AbstractNum, usize)>,
    num: Option<(Option<u32>, Num, usize)>,
    level_override: Option<(Option<u8>, LevelOverride, usize)>,
    level: Option<OpenLevel>,
}

impl NumberingSink {
    fn start_level_child(&mut self, local: &str, element: &BytesStart<'_>) -> Flow {
        let Some(open) = self.level.as_mut() else {
            return Flow::Skip;
        };
        let level = &mut open.level;
        match local {
            "start" => level.start = start_attr(element, "val").unwrap_or(0),
            "numFmt" => {
                level.format = NumFormat::parse(&xml::attr(element, "val").unwrap_or_default())
            }
            "lvlText" => {
                let text = xml::attr(element, "val").unwrap_or_default();
                level.text = text.chars().take(MAX_LEVEL_TEXT_CHARS).collect();
            }
            "lvlRestart" => level.restart = number_attr(element, "val"),
            "isLgl" => level.legal = xml::on_off(element),
            "pStyle" => level.style = text_attr(element),
            _ => {}
        }
        Flow::Skip
    }

    fn start_definition_child(
        &mut self,
        local: &str,
        element: &BytesStart<'_>,
        depth: usize,
    ) -> Flow {
        match local {
            "lvl" if self.abstract_num.is_some() || self.level_override.is_some() => {
                self.level = Some(OpenLevel {
                    ilvl: level_attr(element, "ilvl"),
                    level: Level::default(),
                    depth,
                });
                return Flow::Descend;
            }
            "lvlOverride" if self.num.is_some() && self.level_override.is_none() => {
                self.level_override =
                    Some((level_attr(element, "ilvl"), LevelOverride::default(), depth));
                return Flow::Descend;
            }
            _ => {}
        }
        if let Some((_, o, _)) = self.level_override.as_mut() {
            if local == "startOverride" {
                o.start = start_attr(element, "val");
            }
        } else if let Some((_, num, _)) = self.num.as_mut() {
            if local == "abstractNumId" {
                num.abstract_id = number_attr(element, "val").unwrap_or(u32::MAX);
            }
        } else if let Some((_, a, _)) = self.abstract_num.as_mut() {
            match local {
                "styleLink" => a.style_link = text_attr(element),
                "numStyleLink" => a.num_style_link = text_attr(element),
                _ => {}
            }
        }
        Flow::Skip
    }

    fn end_level(&mut self) {
        let Some(open) = self.level.take() else {
            return;
        };
        let Some(ilvl) = open.ilvl else {
            return;
        };
        if let Some((_, o, _)) = self.level_override.as_mut() {
            o.level.get_or_insert(open.level);
        } else if let Some((_, a, _)) = self.abstract_num.as_mut() {
            if a.level(ilvl).is_none() {
                a.levels.push((ilvl, open.level));
            }
        }
    }

    fn end_override(&mut self) {
        let Some((ilvl, o, _)) = self.level_override.take() else {
            return;
        };
        if let (Some(ilvl), Some((_, num, _))) = (ilvl, self.num.as_mut()) {
            if num.level_override(ilvl).is_none() {
                num.overrides.push((ilvl, o));
            }
        }
    }
}

impl Sink for NumberingSink {
    fn start(
        &mut self,
        ns: Ns,
        local: &str,
        element: &BytesStart<'_>,
        depth: usize,
    ) -> Result<Flow, ReadError> {
        match (ns, local) {
            (Ns::Mc, "AlternateContent" | "Fallback") => return Ok(Flow::Descend),
            (Ns::W, _) => {}
            _ => return Ok(Flow::Skip),
        }
        if self.level.is_some() {
            return Ok(self.start_level_child(local, element));
        }
        let open = self.abstract_num.is_some() || self.num.is_some();
        Ok(match local {
            "numbering" if depth == 1 => Flow::Descend,
            "abstractNum" if !open => {
                let id = number_attr(element, "abstractNumId");
                self.abstract_num = Some((id, AbstractNum::default(), depth));
                Flow::Descend
            }
            "num" if !open => {
                let id = number_attr(element, "numId");
                self.num = Some((id, Num::default(), depth));
                Flow::Descend
            }
            _ if open => self.start_definition_child(local, element, depth),
            _ => Flow::Skip,
        })
    }

    fn end(&mut self, ns: Ns, local: &str, depth: usize) -> Result<(), ReadError> {
        if ns != Ns::W {
            return Ok(());
        }
        let at = |open: Option<usize>| open == Some(depth);
        match local {
            "lvl" if at(self.level.as_ref().map(|l| l.depth)) => self.end_level(),
            "lvlOverride" if at(self.level_override.as_ref().map(|o| o.2)) => self.end_override(),
            "abstractNum" if at(self.abstract_num.as_ref().map(|a| a.2)) => {
                if let Some((Some(id), a, _)) = self.abstract_num.take() {
                    self.abstracts.entry(id).or_insert(a);
                }
            }
            "num" if at(self.num.as_ref().map(|n| n.2)) => {
                if let Some((Some(id), num, _)) = self.num.take() {
                    self.nums.entry(id).or_insert(num);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, _text: &str) -> Result<(), ReadError> {
        Ok(())
    }
}
