//! Necessary literals of a regex: a set of strings, at least one of which occurs — case-folded as
//! `text::fold::fold_case` folds — in every match. The matcher looks for them in one aho-corasick pass
//! together with the word lists, and runs a regex only on blocks where one of its literals occurs.
//!
//! The set is a necessary condition only (it may occur where the regex does not match, never the other
//! way round), so the exact regex still decides. A regex with no usable literal (`\d+ kr`) is run on
//! every block.

use crate::text::fold::fold_char;
use regex_syntax::hir::{Class, Hir, HirKind};

/// Most strings a set of exact alternatives may grow to by concatenation before it is cut.
const EXACT_LIMIT: usize = 64;
/// Most code points a class may have to be taken as alternatives (`[Ss]`, `[Xx]`, `[–—-]`).
const CLASS_LIMIT: u32 = 8;
/// Most literals one regex may contribute; a larger set is no better than running the regex.
const SET_LIMIT: usize = 256;

/// What a piece of a regex requires of the text it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Req {
    /// No requirement: the piece may match text that contains none of a small set of strings.
    Any,
    /// The piece matches exactly one of these (folded) strings.
    Exact(Vec<String>),
    /// Every match of the piece contains one of these (folded, non-empty) strings.
    Inner(Vec<String>),
}

/// The necessary literals of a pattern, or None when it has none worth searching for (or does not parse).
pub fn necessary_literals(pattern: &str, case_insensitive: bool) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .build()
        .parse(pattern)
        .ok()?;
    literals_of(&hir)
}

/// The necessary literals of a parsed pattern (see `necessary_literals`).
pub fn literals_of(hir: &Hir) -> Option<Vec<String>> {
    let set = match requirement(hir) {
        Req::Any => return None,
        Req::Exact(set) | Req::Inner(set) => set,
    };
    if set.is_empty() || set.len() > SET_LIMIT || set.iter().any(String::is_empty) {
        return None;
    }
    Some(set)
}

/// Most strings a further set (see `necessary_literal_sets`) may hold: each is searched for on its own.
const EXTRA_SET_LIMIT: usize = 8;
/// Most further sets kept for one pattern.
const EXTRA_SETS: usize = 3;

/// Further necessary sets, besides the one `literals_of` gives: one for each piece of the pattern's
/// top-level sequence that requires one of a few strings of three characters or more, the most
/// selective first. Every match holds a string of *each* set, so a block that lacks one set is skipped
/// (`sista dag för … anbud` needs both `sista` and `anbud`). Empty when there are none.
pub fn necessary_literal_sets(pattern: &str, case_insensitive: bool) -> Vec<Vec<String>> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .build()
        .parse(pattern)
        .map(|hir| literal_sets_of(&hir))
        .unwrap_or_default()
}

/// The further necessary literal sets of a parsed pattern (see `necessary_literal_sets`).
pub fn literal_sets_of(hir: &Hir) -> Vec<Vec<String>> {
    let mut top = hir;
    while let HirKind::Capture(capture) = top.kind() {
        top = &capture.sub;
    }
    let HirKind::Concat(children) = top.kind() else {
        return Vec::new();
    };
    let Pieces { run, mut sets, .. } = pieces(children.iter().map(requirement));
    sets.extend(run.and_then(non_empty));
    sets.retain(|set| set.len() <= EXTRA_SET_LIMIT && score(set).0 >= 3);
    sets.sort_by_key(|set| std::cmp::Reverse(score(set)));
    sets.dedup();
    sets.truncate(EXTRA_SETS);
    sets
}

fn requirement(hir: &Hir) -> Req {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Req::Exact(vec![String::new()]),
        HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
            Ok(text) => Req::Exact(vec![text.chars().map(fold_char).collect()]),
            Err(_) => Req::Any,
        },
        HirKind::Class(class) => class_requirement(class),
        HirKind::Capture(capture) => requirement(&capture.sub),
        HirKind::Repetition(rep) => repetition(rep.min, rep.max, requirement(&rep.sub)),
        HirKind::Concat(children) => concat(children.iter().map(requirement)),
        HirKind::Alternation(children) => alternation(children.iter().map(requirement)),
    }
}

/// A small class is a set of one-character alternatives; a large one requires nothing.
fn class_requirement(class: &Class) -> Req {
    let mut chars: Vec<char> = Vec::new();
    match class {
        Class::Unicode(unicode) => {
            let size: u32 = unicode
                .ranges()
                .iter()
                .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
                .sum();
            if size > CLASS_LIMIT {
                return Req::Any;
            }
            for range in unicode.ranges() {
                chars.extend((range.start()..=range.end()).map(fold_char));
            }
        }
        Class::Bytes(bytes) => {
            let size: u32 = bytes
                .ranges()
                .iter()
                .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
                .sum();
            if size > CLASS_LIMIT || bytes.ranges().iter().any(|r| !r.end().is_ascii()) {
                return Req::Any;
            }
            for range in bytes.ranges() {
                chars.extend((range.start()..=range.end()).map(|b| fold_char(char::from(b))));
            }
        }
    }
    chars.sort_unstable();
    chars.dedup();
    Req::Exact(chars.into_iter().map(String::from).collect())
}

fn repetition(min: u32, max: Option<u32>, sub: Req) -> Req {
    match (min, sub) {
        (0, Req::Exact(mut set)) if max == Some(1) => {
            set.push(String::new());
            normalise(&mut set);
            Req::Exact(set)
        }
        (0, _) | (_, Req::Any) => Req::Any,
        (_, Req::Inner(set)) => Req::Inner(set),
        (min, Req::Exact(set)) => {
            // At least `min` copies: the product of `min` copies is exact when max == min, and is in
            // every match otherwise (as long as it stays small; else one copy is).
            let mut product = vec![String::new()];
            for _ in 0..min.min(8) {
                match cross(&product, &set) {
                    Some(next) => product = next,
                    None => break,
                }
            }
            let complete = min <= 8 && product.len() <= EXACT_LIMIT;
            if max == Some(min) && complete && cross(&product, &[String::new()]).is_some() {
                Req::Exact(product)
            } else {
                inner(product)
            }
        }
    }
}

/// A sequence: runs of exact pieces are multiplied out while small; the best run or inner set wins.
fn concat(children: impl Iterator<Item = Req>) -> Req {
    let Pieces {
        all_exact,
        run,
        mut sets,
    } = pieces(children);
    if all_exact {
        return Req::Exact(run.unwrap_or_else(|| vec![String::new()]));
    }
    sets.extend(run.and_then(non_empty));
    sets.into_iter()
        .fold(None, |best, set| better(best, Some(set)))
        .map_or(Req::Any, Req::Inner)
}

/// What a sequence requires, piece by piece: whether every piece is exact, the last run of exact
/// pieces multiplied out, and the sets of the runs and inner pieces before it (each one necessary).
struct Pieces {
    all_exact: bool,
    run: Option<Vec<String>>,
    sets: Vec<Vec<String>>,
}

fn pieces(children: impl Iterator<Item = Req>) -> Pieces {
    let mut run: Option<Vec<String>> = Some(vec![String::new()]);
    let mut all_exact = true;
    let mut sets = Vec::new();
    for child in children {
        match child {
            Req::Exact(set) => {
                let mut current = run.take().unwrap_or_else(|| vec![String::new()]);
                if let [single] = set.as_slice() {
                    // One alternative (a letter without rare case folds): extend in place.
                    current.iter_mut().for_each(|s| s.push_str(single));
                    run = Some(current);
                    continue;
                }
                match cross(&current, &set) {
                    Some(product) => run = Some(product),
                    None => {
                        all_exact = false;
                        sets.extend(non_empty(current));
                        run = Some(set);
                    }
                }
            }
            Req::Inner(set) => {
                all_exact = false;
                if let Some(current) = run.take() {
                    sets.extend(non_empty(current));
                }
                sets.push(set);
            }
            Req::Any => {
                all_exact = false;
                if let Some(current) = run.take() {
                    sets.extend(non_empty(current));
                }
            }
        }
    }
    Pieces {
        all_exact,
        run,
        sets,
    }
}

/// Alternatives: every branch must require something, and the union is required.
fn alternation(children: impl Iterator<Item = Req>) -> Req {
    let mut union = Vec::new();
    let mut all_exact = true;
    for child in children {
        match child {
            Req::Any => return Req::Any,
            Req::Exact(set) => union.extend(set),
            Req::Inner(set) => {
                all_exact = false;
                union.extend(set);
            }
        }
    }
    normalise(&mut union);
    if all_exact && union.len() <= EXACT_LIMIT {
        Req::Exact(union)
    } else if union.iter().any(String::is_empty) || union.len() > SET_LIMIT {
        Req::Any
    } else {
        Req::Inner(union)
    }
}

/// Every string of `a` followed by every string of `b`, or None when that is more than `EXACT_LIMIT`.
fn cross(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len().saturating_mul(b.len()) > EXACT_LIMIT {
        return None;
    }
    let mut out = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            out.push(format!("{x}{y}"));
        }
    }
    normalise(&mut out);
    Some(out)
}

fn normalise(set: &mut Vec<String>) {
    set.sort_unstable();
    set.dedup();
}

/// An exact set as an inner requirement: useless when it holds the empty string.
fn inner(set: Vec<String>) -> Req {
    non_empty(set).map_or(Req::Any, Req::Inner)
}

fn non_empty(set: Vec<String>) -> Option<Vec<String>> {
    (!set.is_empty() && !set.iter().any(String::is_empty)).then_some(set)
}

/// The more selective of two candidate sets: longer shortest literal, then fewer literals.
fn better(a: Option<Vec<String>>, b: Option<Vec<String>>) -> Option<Vec<String>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if score(&b) > score(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

fn score(set: &[String]) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = set.iter().map(|s| s.chars().count()).min().unwrap_or(0);
    (shortest.min(8), std::cmp::Reverse(set.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(pattern: &str) -> Option<Vec<String>> {
        necessary_literals(pattern, true)
    }

    #[test]
    fn each_piece_of_a_sequence_gives_a_further_set() {
        let sets = necessary_literal_sets(
            r"\bsista\s+(?:dag|dagen|datum)\s+för\s+(?:att\s+)?anbud",
            true,
        );
        let has = |word: &str| sets.iter().any(|set| set.iter().any(|s| s == word));
        assert!(has("sista") && has("anbud") && has("för"), "{sets:?}");
        assert!(sets.len() <= EXTRA_SETS);
        assert!(necessary_literal_sets(r"ab|cd", false).is_empty());
        assert_eq!(necessary_literal_sets(r"\d+ kr", false), [[" kr"]]);
        assert!(necessary_literal_sets(r"\d+ k", false).is_empty());
    }

    #[test]
    fn plain_words_and_phrases_are_their_own_literal() {
        // (?i)k also matches U+212A KELVIN SIGN.
        assert_eq!(
            lits(r"\bdirektupphandl"),
            Some(vec![
                "direktupphandl".into(),
                "dire\u{212A}tupphandl".into()
            ])
        );
        assert_eq!(necessary_literals("ISO", false), Some(vec!["iso".into()]));
        assert_eq!(lits("bilaga 2"), Some(vec!["bilaga 2".into()]));
    }

    #[test]
    fn case_insensitive_letters_keep_their_rare_folds() {
        // (?i)s also matches U+017F LONG S, which fold_case keeps: both spellings are searched for.
        let set = lits("sista").unwrap_or_default();
        assert!(set.contains(&"sista".to_string()));
        assert!(set.contains(&"\u{17F}ista".to_string()));
    }

    #[test]
    fn alternations_give_the_union() {
        let set = lits("(?:avtals|kontrakts)(?:period|tid)(?:en)?|avtalet (?:gäller|löper)")
            .unwrap_or_default();
        for expected in [
            "avtalsperiod",
            "kontraktstiden",
            "avtalet gäller",
            "avtalet löper",
        ] {
            assert!(
                set.iter()
                    .any(|l| expected.starts_with(l.as_str()) || l.starts_with(expected)),
                "{expected} in {set:?}"
            );
        }
        assert!(
            set.iter()
                .all(|l| l.starts_with("avtal") || l.contains("ontra")),
            "{set:?}"
        );
    }

    #[test]
    fn the_most_selective_piece_of_a_sequence_is_chosen() {
        let set = lits(r"\d{1,2}(?:\s[a-z])?\s+kap\.?\s+\d{1,3}").unwrap_or_default();
        assert!(
            set.iter()
                .all(|l| l.contains("kap") || l.contains('\u{212A}'))
        );
        assert_eq!(lits(r"\w*kemikali\w*").map(|s| s.len()), Some(4));
        assert_eq!(lits(r"[Xx]{4,}"), Some(vec!["xxxx".into()]));
    }

    #[test]
    fn patterns_that_can_match_anything_have_none() {
        assert_eq!(lits(r"\d+"), None);
        assert_eq!(lits(r"(?:foo)?(?:bar)?"), None);
        assert_eq!(lits(r"a|\w+"), None);
        assert_eq!(lits(r"^.*?$"), None);
        assert_eq!(lits("("), None);
    }

    #[test]
    fn optional_parts_stay_exact() {
        assert_eq!(
            lits("anbuds?dag"),
            Some(vec![
                "anbuddag".into(),
                "anbudsdag".into(),
                "anbud\u{17F}dag".into()
            ])
        );
    }
}
