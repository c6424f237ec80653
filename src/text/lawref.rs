//! References to procurement law (`13 kap. 1 § LOU`, `lag (2016:1145) om offentlig upphandling`),
//! for checks on cited provisions and on repealed laws.
//!
//! # What is recognised
//! * Provisions: `13 kap. 1 § LOU`, `19 a kap. 11§`, `13 kap. 1, 2 och 3 §§`, `17 kap. 2–5 §§`,
//!   `LUF 16 kap. 2-5 §§`, `5 kap. 1–16 §§`, `19 kapitlet LOU`, `13 kap 1 §`, `12 kap. 1 § första
//!   stycket 2 lagen (2007:1091)`, with a space, U+00A0 or U+202F (or nothing) before `§`.
//!   A section list without a chapter (`11 §`) counts only when a law is named right after it.
//! * Laws: the acronyms `LUFS`, `LUF`, `LUK`, `LOU`, `LOV` (upper case, whole words), `ÄLOU` and
//!   `ÄLUF` (the repealed 2007 laws); SFS numbers `YYYY:N` only in context — after a word ending in
//!   `lag`/`lagen`/`förordning(en)`/`balk(en)`/`kungörelse(n)` (`Språklagen (2009:600)`), after `SFS`,
//!   or in parentheses after such a word or an acronym in the same clause
//!   (`lagen om offentlig upphandling (2016:1145)`, `LOU (2016:1145)`); a clock time (`12:00`) or
//!   an id such as `Krav ID 10010:1` never is one; and the titles `lag(en) om offentlig
//!   upphandling`, `… om upphandling inom försörjningssektorerna`, `… om upphandling av
//!   koncessioner`, `… om valfrihetssystem`, `… om upphandling på försvars- och säkerhetsområdet`.
//! * A law named on its own (`enligt LOU`) is a reference without chapter or sections.
//!
//! # What a reference holds
//! `law` is the acronym (`LOU`; a title gives its acronym) or, when an SFS number is written, the
//! SFS number (`2016:1145`), which wins over an acronym or title next to it; `ÄLOU`/`ÄLUF` give
//! `2007:1091`/`2007:1092`. `chapter` and `sections` are normalised to `19 a`; a range of plain
//! section numbers is expanded (`2–5` → 2, 3, 4, 5). `repealed` is set for SFS 2007:1091 (old LOU),
//! 2007:1092 (old LUF) and 1992:1528 (the first LOU).

use regex::{Captures, Regex};
use std::ops::Range;
use std::sync::LazyLock;

/// One reference to a law, a chapter or provisions of a law.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LawRef {
    pub span: Range<usize>,
    /// `LOU`, `LUF`, `LUFS`, `LUK`, `LOV`, or an SFS number such as `2016:1145`.
    pub law: Option<String>,
    /// The chapter, e.g. `13` or `19 a`.
    pub chapter: Option<String>,
    /// The sections (paragrafer), e.g. `["1", "2", "3"]`.
    pub sections: Vec<String>,
    /// The law is a repealed procurement law (SFS 2007:1091, 2007:1092, 1992:1528).
    pub repealed: bool,
}

impl LawRef {
    /// The law's SFS number: the one written, or the current one an acronym stands for.
    pub fn sfs(&self) -> Option<&str> {
        let law = self.law.as_deref()?;
        if law.contains(':') {
            return Some(law);
        }
        KNOWN_LAWS
            .iter()
            .find(|(acronym, _)| *acronym == law)
            .map(|(_, sfs)| *sfs)
    }

    /// The law's acronym: the one written, or the one of a current law whose SFS number is written.
    pub fn acronym(&self) -> Option<&str> {
        let law = self.law.as_deref()?;
        if !law.contains(':') {
            return Some(law);
        }
        KNOWN_LAWS
            .iter()
            .find(|(_, sfs)| *sfs == law)
            .map(|(acronym, _)| *acronym)
    }
}

/// Current procurement laws: acronym and SFS number.
pub const KNOWN_LAWS: &[(&str, &str)] = &[
    ("LOU", "2016:1145"),
    ("LUF", "2016:1146"),
    ("LUK", "2016:1147"),
    ("LUFS", "2011:1029"),
    ("LOV", "2008:962"),
];

/// Repealed procurement laws (SFS numbers): a reference to one is an error.
pub const REPEALED_LAWS: &[&str] = &["2007:1091", "2007:1092", "1992:1528"];

/// Whether an SFS number is a repealed procurement law.
pub fn is_repealed(sfs: &str) -> bool {
    REPEALED_LAWS.contains(&sfs)
}

const SP: &str = r"[ \t\x{00A0}\x{202F}]";
/// Law titles after `lag(en) om`, each word joined by blanks (`_` stands for `SP+`).
const TITLES: &str = "offentlig_upphandling|upphandling_inom_försörjningssektorerna|upphandling_av_koncessioner|valfrihetssystem|upphandling_på_försvars-_och_säkerhetsområdet";
const ORDINALS: &str = "första|andra|tredje|fjärde|femte|sjätte|sjunde|åttonde|nionde|tionde";

fn lawref_pattern() -> String {
    let titles = TITLES.replace('_', &format!("{SP}+"));
    let number = format!("[0-9]{{1,3}}(?:{SP}?[a-z])?");
    let list = format!(
        r"{number}(?:(?:{SP}*,{SP}*|{SP}+och{SP}+|{SP}+samt{SP}+|{SP}*[-–—]{SP}*){number})*"
    );
    let chapter = format!(r"(?P<chap>{number}){SP}+(?P<kapword>(?i:kapitlet|kapitel|kap\.|kap))");
    let stycke = format!(
        r"(?P<stycke>{SP}+(?i:{ORDINALS}){SP}+(?i:stycket)(?:{SP}+[0-9]{{1,2}})?|{SP}+[0-9]{{1,2}}{SP}*(?:p\.|punkt(?:en)?))?"
    );
    let core = format!(
        r"(?:{chapter}(?:{SP}+(?P<secs>{list}){SP}*§§?)?|(?P<secs0>{list}){SP}*§§?){stycke}"
    );
    let law_word =
        "(?i:\\p{L}*(?:lagen|lag|förordningen|förordning|balken|balk|kungörelsen|kungörelse))";
    let sfs = format!(
        r"(?P<sfsctx>{law_word}{SP}*\(?{SP}*(?:(?i:sfs){SP}*)?|(?i:sfs){SP}*(?:(?i:nr\.?){SP}*)?|\()(?P<sfs>[0-9]{{4}}:[0-9]{{1,4}})(?P<close>\))?(?P<sfstitle>{SP}+om{SP}+(?i:{titles}))?"
    );
    let named = format!(r"(?P<named>(?i:lagen|lag){SP}+om{SP}+(?P<title>(?i:{titles})))");
    let acronym = "(?P<acr>ÄLOU|ÄLUF|LUFS|LUF|LUK|LOU|LOV)";
    format!(r"(?:^|[^\p{{L}}\p{{N}}])(?:{core}|{sfs}|{named}|{acronym})")
}

static LAWREF: LazyLock<Regex> = LazyLock::new(|| {
    // The pattern is a constant; a failure here is a programming error caught by every test.
    Regex::new(&lawref_pattern()).expect("law reference pattern is a valid constant regex")
});

/// Where a law designation came from; an SFS number is the most specific.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LawSource {
    Acronym,
    Title,
    Sfs,
}

/// One piece the regex finds: a provision (chapter/sections) or a law designation.
#[derive(Debug, Clone)]
enum Piece {
    Provision {
        chapter: Option<String>,
        sections: Vec<String>,
    },
    Law {
        law: String,
        source: LawSource,
        /// The designation is a parenthesised SFS number (`(2016:1145)`), which may follow a title.
        parenthesised: bool,
    },
}

#[derive(Debug, Clone)]
struct Found {
    piece: Piece,
    span: Range<usize>,
}

/// Every law reference in `text`, in order and non-overlapping.
pub fn find_law_refs(text: &str) -> Vec<LawRef> {
    let pieces: Vec<Found> = LAWREF
        .captures_iter(text)
        .filter_map(|caps| piece_from_captures(text, &caps))
        .collect();
    group_pieces(text, pieces)
}

fn piece_from_captures(text: &str, caps: &Captures<'_>) -> Option<Found> {
    if let Some(sfs) = caps.name("sfs") {
        return sfs_piece(text, caps, sfs);
    }
    if let Some(title) = caps.name("title") {
        let named = caps.name("named")?;
        if next_char(text, named.end()).is_some_and(char::is_alphanumeric) {
            return None;
        }
        return Some(Found {
            piece: Piece::Law {
                law: title_acronym(title.as_str())?.to_string(),
                source: LawSource::Title,
                parenthesised: false,
            },
            span: named.range(),
        });
    }
    if let Some(acronym) = caps.name("acr") {
        if next_char(text, acronym.end()).is_some_and(char::is_alphanumeric) {
            return None;
        }
        let (law, source) = match acronym.as_str() {
            "ÄLOU" => ("2007:1091", LawSource::Sfs),
            "ÄLUF" => ("2007:1092", LawSource::Sfs),
            other => (other, LawSource::Acronym),
        };
        return Some(Found {
            piece: Piece::Law {
                law: law.to_string(),
                source,
                parenthesised: false,
            },
            span: acronym.range(),
        });
    }
    provision_piece(text, caps)
}

fn sfs_piece(text: &str, caps: &Captures<'_>, sfs: regex::Match<'_>) -> Option<Found> {
    let context = caps.name("sfsctx")?;
    if next_char(text, sfs.end()).is_some_and(|c| c.is_ascii_digit())
        || !plausible_sfs(sfs.as_str())
    {
        return None;
    }
    let bare_parenthesis = context.as_str() == "(";
    if bare_parenthesis && !has_law_context_before(text, context.start()) {
        return None;
    }
    let opened = context.as_str().contains('(');
    let mut end = match caps.name("close") {
        Some(close) if opened => close.end(),
        _ => sfs.end(),
    };
    if let Some(title) = caps.name("sfstitle")
        && !next_char(text, title.end()).is_some_and(char::is_alphanumeric)
    {
        end = title.end();
    }
    Some(Found {
        piece: Piece::Law {
            law: sfs.as_str().to_string(),
            source: LawSource::Sfs,
            parenthesised: opened && context.as_str().trim_start().starts_with('('),
        },
        span: context.start()..end,
    })
}

fn plausible_sfs(sfs: &str) -> bool {
    sfs.get(..4)
        .and_then(|year| year.parse::<u32>().ok())
        .is_some_and(|year| (1800..=2099).contains(&year))
}

/// How far back a bare `(2016:1145)` may look for the law it belongs to.
const CONTEXT_WINDOW: usize = 100;

/// Whether a law word or acronym stands before `index` in the same clause.
fn has_law_context_before(text: &str, index: usize) -> bool {
    let start = floor_char_boundary(text, index.saturating_sub(CONTEXT_WINDOW));
    let window = text.get(start..index).unwrap_or_default();
    let clause = window
        .rfind(['.', ';', '!', '?', ')', '\n'])
        .and_then(|i| window.get(i + 1..))
        .unwrap_or(window);
    clause.split(|c: char| !c.is_alphanumeric()).any(|word| {
        let lower = word.to_lowercase();
        [
            "lag",
            "lagen",
            "förordning",
            "förordningen",
            "balk",
            "balken",
        ]
        .iter()
        .any(|suffix| lower.ends_with(suffix))
            || KNOWN_LAWS.iter().any(|(acronym, _)| *acronym == word)
    })
}

fn title_acronym(title: &str) -> Option<&'static str> {
    let lower = title.to_lowercase();
    let acronym = if lower.starts_with("offentlig") {
        "LOU"
    } else if lower.contains("försörjning") {
        "LUF"
    } else if lower.contains("koncession") {
        "LUK"
    } else if lower.starts_with("valfrihet") {
        "LOV"
    } else if lower.contains("försvar") {
        "LUFS"
    } else {
        return None;
    };
    Some(acronym)
}

fn provision_piece(text: &str, caps: &Captures<'_>) -> Option<Found> {
    let chapter = caps.name("chap");
    let sections = caps.name("secs").or_else(|| caps.name("secs0"));
    let start = chapter.or(sections)?.start();
    // The provision alternative ends the match: after `§`, the stycke, or the chapter word.
    let end = caps.get(0)?.end();
    if let Some(word) = caps.name("kapword")
        && sections.is_none()
        && next_char(text, word.end()).is_some_and(char::is_alphabetic)
    {
        return None;
    }
    Some(Found {
        piece: Piece::Provision {
            chapter: chapter.map(|c| normalise_number(c.as_str())),
            sections: sections.map_or_else(Vec::new, |s| parse_sections(s.as_str())),
        },
        span: start..end,
    })
}

/// `19a`, `19 a`, `19\u{a0}a` → `19 a`.
fn normalise_number(raw: &str) -> String {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let letter: String = raw.chars().filter(char::is_ascii_lowercase).collect();
    if letter.is_empty() {
        digits
    } else {
        format!("{digits} {letter}")
    }
}

/// Largest run a section range is expanded to (`1–16` is 16 sections).
const MAX_RANGE: u32 = 200;

/// `1, 2 och 3` → [1, 2, 3]; `2–5` → [2, 3, 4, 5]; `9 a och 9 b` → [9 a, 9 b].
fn parse_sections(list: &str) -> Vec<String> {
    let spaced: String = list
        .chars()
        .flat_map(|c| match c {
            ',' => [' ', ',', ' '],
            '-' | '–' | '—' => [' ', '-', ' '],
            c if c.is_whitespace() => [' ', ' ', ' '],
            c => [c, '\u{0}', '\u{0}'],
        })
        .filter(|c| *c != '\u{0}')
        .collect();
    let mut sections: Vec<String> = Vec::new();
    let mut range_from: Option<String> = None;
    for token in spaced.split_whitespace() {
        match token {
            "," | "och" | "samt" => {}
            "-" => range_from = sections.last().cloned(),
            letter if letter.len() == 1 && letter.bytes().all(|b| b.is_ascii_lowercase()) => {
                if let Some(last) = sections.last_mut() {
                    last.push(' ');
                    last.push_str(letter);
                }
            }
            number => {
                let section = normalise_number(number);
                match range_from.take() {
                    Some(from) => push_range(&mut sections, &from, section),
                    None => sections.push(section),
                }
            }
        }
    }
    sections
}

/// Adds the sections after `from` up to `to`; a range of lettered or reversed sections keeps its ends.
fn push_range(sections: &mut Vec<String>, from: &str, to: String) {
    match (from.parse::<u32>(), to.parse::<u32>()) {
        (Ok(a), Ok(b)) if a < b && b - a <= MAX_RANGE => {
            sections.extend((a + 1..=b).map(|n| n.to_string()));
        }
        _ => sections.push(to),
    }
}

/// A reference being assembled from adjacent pieces.
#[derive(Debug, Clone)]
struct Group {
    span: Range<usize>,
    chapter: Option<String>,
    sections: Vec<String>,
    has_provision: bool,
    law: Option<(String, LawSource)>,
}

impl Group {
    fn new(found: Found) -> Group {
        let mut group = Group {
            span: found.span.clone(),
            chapter: None,
            sections: Vec::new(),
            has_provision: false,
            law: None,
        };
        group.absorb(found.piece, found.span);
        group
    }

    fn absorb(&mut self, piece: Piece, span: Range<usize>) {
        self.span.end = self.span.end.max(span.end);
        match piece {
            Piece::Provision { chapter, sections } => {
                self.has_provision = true;
                self.chapter = chapter;
                self.sections = sections;
            }
            Piece::Law { law, source, .. } => {
                let keep_current = self
                    .law
                    .as_ref()
                    .is_some_and(|(_, current)| *current == LawSource::Sfs);
                if !keep_current {
                    self.law = Some((law, source));
                }
            }
        }
    }

    /// Whether `next`, after `gap` (the text between), belongs to this reference.
    fn accepts(&self, next: &Piece, gap: &str) -> bool {
        let gap = gap.trim();
        let law_source = self.law.as_ref().map(|(_, source)| *source);
        match next {
            Piece::Provision { .. } => {
                !self.has_provision && gap.is_empty() && law_source == Some(LawSource::Acronym)
            }
            Piece::Law {
                source,
                parenthesised,
                ..
            } => match law_source {
                None => self.has_provision && (gap.is_empty() || gap == "i"),
                Some(LawSource::Acronym | LawSource::Title) => {
                    *source == LawSource::Sfs && *parenthesised && gap.is_empty()
                }
                Some(LawSource::Sfs) => *source == LawSource::Acronym && gap == "(",
            },
        }
    }

    fn finish(self, text: &str) -> Option<LawRef> {
        let bare_sections = self.has_provision && self.chapter.is_none();
        if bare_sections && self.law.is_none() {
            return None;
        }
        let mut span = self.span;
        // `(LOU)` after a title or SFS number: take its closing parenthesis along.
        let unclosed = text
            .get(span.clone())
            .is_some_and(|t| t.matches('(').count() > t.matches(')').count());
        if unclosed && next_char(text, span.end) == Some(')') {
            span.end += 1;
        }
        let law = self.law.map(|(law, _)| law);
        let repealed = law.as_deref().is_some_and(is_repealed);
        Some(LawRef {
            span,
            law,
            chapter: self.chapter,
            sections: self.sections,
            repealed,
        })
    }
}

fn group_pieces(text: &str, pieces: Vec<Found>) -> Vec<LawRef> {
    let mut refs = Vec::new();
    let mut current: Option<Group> = None;
    for found in pieces {
        if let Some(group) = current.as_mut() {
            let gap = text.get(group.span.end..found.span.start).unwrap_or("?");
            if group.accepts(&found.piece, gap) {
                group.absorb(found.piece, found.span);
                continue;
            }
        }
        if let Some(done) = current.replace(Group::new(found)) {
            refs.extend(done.finish(text));
        }
    }
    if let Some(done) = current {
        refs.extend(done.finish(text));
    }
    refs
}

fn next_char(text: &str, index: usize) -> Option<char> {
    text.get(index..)?.chars().next()
}

/// The largest char boundary at or below `index`.
fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut i = index.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> LawRef {
        let found = find_law_refs(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_shape_of_domain_section_2() {
        type Case<'a> = (
            &'a str,
            Option<&'a str>,
            Option<&'a str>,
            &'a [&'a str],
            &'a str,
        );
        let cases: &[Case] = &[
            (
                "enligt 13 kap. 1 § LOU ska",
                Some("LOU"),
                Some("13"),
                &["1"],
                "13 kap. 1 § LOU",
            ),
            (
                "se 19 a kap. 11§ här",
                None,
                Some("19 a"),
                &["11"],
                "19 a kap. 11§",
            ),
            (
                "13 kap. 1, 2 och 3 §§",
                None,
                Some("13"),
                &["1", "2", "3"],
                "13 kap. 1, 2 och 3 §§",
            ),
            (
                "17 kap. 2–5 §§",
                None,
                Some("17"),
                &["2", "3", "4", "5"],
                "17 kap. 2–5 §§",
            ),
            (
                "enligt LUF 16 kap. 2-5 §§.",
                Some("LUF"),
                Some("16"),
                &["2", "3", "4", "5"],
                "LUF 16 kap. 2-5 §§",
            ),
            (
                "5 kap. 1–16 §§",
                None,
                Some("5"),
                &[
                    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14",
                    "15", "16",
                ],
                "5 kap. 1–16 §§",
            ),
            (
                "i 19 kapitlet LOU",
                Some("LOU"),
                Some("19"),
                &[],
                "19 kapitlet LOU",
            ),
            (
                "enligt lag (2016:1145) om offentlig upphandling gäller",
                Some("2016:1145"),
                None,
                &[],
                "lag (2016:1145) om offentlig upphandling",
            ),
            (
                "enligt 12 kap. 1 § första stycket 2 lagen (2007:1091) om",
                Some("2007:1091"),
                Some("12"),
                &["1"],
                "12 kap. 1 § första stycket 2 lagen (2007:1091)",
            ),
        ];
        for &(text, law, chapter, sections, span) in cases {
            let r = one(text);
            assert_eq!(r.law.as_deref(), law, "{text}");
            assert_eq!(r.chapter.as_deref(), chapter, "{text}");
            assert_eq!(r.sections, strings(sections), "{text}");
            assert_eq!(&text[r.span], span, "{text}");
        }
    }

    #[test]
    fn spaces_before_the_section_sign() {
        for space in ["", " ", "\u{00A0}", "\u{202F}"] {
            let text = format!("13 kap. 1{space}§ LOU");
            let r = one(&text);
            assert_eq!(r.sections, ["1"], "{space:?}");
            assert_eq!(r.law.as_deref(), Some("LOU"), "{space:?}");
            assert_eq!(r.span, 0..text.len());
        }
        let r = one("13\u{00A0}kap.\u{00A0}1\u{00A0}§\u{00A0}LOU");
        assert_eq!(r.law.as_deref(), Some("LOU"));
    }

    #[test]
    fn acronyms_longest_first() {
        assert_eq!(one("2 kap. 10 § LUFS").law.as_deref(), Some("LUFS"));
        assert_eq!(one("14 kap. LUK").law.as_deref(), Some("LUK"));
        assert_eq!(one("enligt LOV").law.as_deref(), Some("LOV"));
        assert_eq!(one("LOU:s regler").law.as_deref(), Some("LOU"));
        assert!(find_law_refs("LOUISE och LUFSEN, lou").is_empty());
    }

    #[test]
    fn repealed_laws() {
        for text in [
            "lagen (2007:1091) om offentlig upphandling",
            "enligt ÄLOU",
            "SFS 1992:1528",
            "15 kap. lagen (2007:1091)",
            "LUF (2007:1092)",
        ] {
            let r = one(text);
            assert!(r.repealed, "{text}: {r:?}");
        }
        assert!(!one("lag (2016:1145)").repealed);
        assert_eq!(one("enligt ÄLUF").law.as_deref(), Some("2007:1092"));
    }

    #[test]
    fn sfs_numbers_need_context() {
        let r = one("Språklagen (2009:600) gäller");
        assert_eq!(r.law.as_deref(), Some("2009:600"));
        let text = "enligt SFS 2016:1145.";
        assert_eq!(&text[one(text).span], "SFS 2016:1145");
        let text = "(SFS 2016:1145)";
        assert_eq!(&text[one(text).span], "SFS 2016:1145");
        let r = one("förordning (2011:1040) om offentlig upphandling");
        assert_eq!(r.law.as_deref(), Some("2011:1040"));
        let text = "lagen om offentlig upphandling (2016:1145) gäller";
        let r = one(text);
        assert_eq!(r.law.as_deref(), Some("2016:1145"));
        assert_eq!(&text[r.span], "lagen om offentlig upphandling (2016:1145)");
        let r = one("LOU (2016:1145)");
        assert_eq!(r.law.as_deref(), Some("2016:1145"));
        assert_eq!(r.span, 0..15);
        let text = "lagen (2016:1145) om offentlig upphandling (LOU) gäller";
        let r = one(text);
        assert_eq!(r.law.as_deref(), Some("2016:1145"));
        assert_eq!(
            &text[r.span],
            "lagen (2016:1145) om offentlig upphandling (LOU)"
        );
    }

    #[test]
    fn not_sfs_numbers() {
        for text in [
            "kl. 12:00",
            "2016:1145",
            "Krav ID 10010:1",
            "Kravet (2016:1145) gäller",
            "Lag. Sedan (2016:1145)",
            "lagen (12:00)",
            "lagen (2016:11456)",
            "lagen (1492:1)",
        ] {
            assert!(
                find_law_refs(text).is_empty(),
                "{text}: {:?}",
                find_law_refs(text)
            );
        }
    }

    #[test]
    fn titles_name_the_law() {
        let cases = [
            ("lagen om offentlig upphandling", "LOU"),
            ("Lagen om upphandling inom försörjningssektorerna", "LUF"),
            ("lag om upphandling av koncessioner", "LUK"),
            ("lagen om valfrihetssystem", "LOV"),
            (
                "lagen om upphandling på försvars- och säkerhetsområdet",
                "LUFS",
            ),
        ];
        for (text, law) in cases {
            let r = one(text);
            assert_eq!(r.law.as_deref(), Some(law), "{text}");
            assert_eq!(r.span, 0..text.len(), "{text}");
        }
        let r = one("4 kap. 1 § lagen om offentlig upphandling");
        assert_eq!(
            (r.law.as_deref(), r.chapter.as_deref()),
            (Some("LOU"), Some("4"))
        );
    }

    #[test]
    fn sections_with_letters_and_lists() {
        assert_eq!(one("19 a kap. 1 a § LOU").sections, ["1 a"]);
        assert_eq!(one("19a kap. 1a § LOU").chapter.as_deref(), Some("19 a"));
        assert_eq!(one("13 kap. 2 och 3 §§").sections, ["2", "3"]);
        assert_eq!(one("13 kap. 2 a och 2 b §§").sections, ["2 a", "2 b"]);
        assert_eq!(one("13 kap. 1, 3 samt 5 §§").sections, ["1", "3", "5"]);
        assert_eq!(one("13 kap. 9–2 §§").sections, ["9", "2"]);
        assert_eq!(one("13 kap 1 §").sections, ["1"]);
    }

    #[test]
    fn chapters_and_bare_sections() {
        let r = one("enligt 19 a kap. gäller");
        assert_eq!((r.chapter.as_deref(), r.law), (Some("19 a"), None));
        let text = "11 § språklagen (2009:600)";
        let r = one(text);
        assert_eq!(
            (r.sections.clone(), r.law.as_deref()),
            (vec!["11".to_string()], Some("2009:600"))
        );
        assert_eq!(r.span, 0..text.len());
        // A section sign without chapter or law is the document's own numbering.
        assert!(find_law_refs("se 4 § i avtalet").is_empty());
        assert!(find_law_refs("13 kapten").is_empty());
    }

    #[test]
    fn several_references() {
        let text = "Se 13 kap. 1 § LOU och 16 kap. 2 § LUF samt 20 kap. LOU.";
        let found = find_law_refs(text);
        let laws: Vec<_> = found
            .iter()
            .map(|r| (r.chapter.clone(), r.law.clone()))
            .collect();
        assert_eq!(
            laws,
            [
                (Some("13".into()), Some("LOU".into())),
                (Some("16".into()), Some("LUF".into())),
                (Some("20".into()), Some("LOU".into())),
            ]
        );
        assert!(found.windows(2).all(|w| w[0].span.end <= w[1].span.start));
    }

    #[test]
    fn law_before_and_after_does_not_leak_across_sentences() {
        let found = find_law_refs("Detta följer av LOU. 13 kap. 1 § anger grunderna.");
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].law, None);
    }

    #[test]
    fn sfs_and_acronym_lookups() {
        let r = one("13 kap. 1 § LOU");
        assert_eq!(r.sfs(), Some("2016:1145"));
        assert_eq!(r.acronym(), Some("LOU"));
        let r = one("lag (2016:1146)");
        assert_eq!(r.acronym(), Some("LUF"));
        let r = one("lagen (2007:1091)");
        assert_eq!((r.sfs(), r.acronym()), (Some("2007:1091"), None));
        assert!(is_repealed("1992:1528"));
    }

    #[test]
    fn not_law_references() {
        for text in [
            "700 000 kr",
            "2024-02-23 kl. 12.00",
            "Bilaga 3",
            "kapitel 3 i dokumentet",
            "1.2.3",
        ] {
            assert!(
                find_law_refs(text).is_empty(),
                "{text}: {:?}",
                find_law_refs(text)
            );
        }
    }
}
