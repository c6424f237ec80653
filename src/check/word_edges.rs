//! Searching a pattern framed by Unicode word boundaries (`\bmiljö(?:n|ns)?\b`) with the lazy DFA.
//!
//! regex-automata's lazy DFA gives up on a Unicode `\b` at the first non-ASCII byte, so on Swedish text
//! such a pattern runs in the bounded backtracker, a fifth of a whole check. When every alternative of a
//! pattern starts (or ends) with `\b` and it has no other Unicode `\b`, the pattern without those edges
//! runs in the lazy DFA, and the edges are checked at the match: if they hold, the match is the one the
//! exact pattern gives (its paths are a subset of the stripped pattern's, tried in the same order, and
//! the first stripped path passes the edges); if not, the exact pattern is tried anchored at that start
//! (another of its paths may hold there), and the stripped search goes on after it. No exact match can
//! start where the stripped pattern found none.

use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input, Match};
use regex_syntax::hir::{Hir, HirKind, Look};

/// The pattern without its word-boundary edges, and which edges to check.
pub struct WordEdges {
    stripped: Regex,
    leading: bool,
    trailing: bool,
}

impl WordEdges {
    /// The edges of `hir` when it has that shape and the stripped pattern can neither match empty nor
    /// needs the backtracker itself; `build` compiles the stripped pattern.
    pub fn of(hir: &Hir, build: impl FnOnce(&Hir) -> Option<Regex>) -> Option<WordEdges> {
        let (stripped, leading, trailing) = strip(hir)?;
        let props = stripped.properties();
        if props.look_set().contains_word_unicode() || props.minimum_len().is_none_or(|n| n == 0) {
            return None;
        }
        Some(WordEdges {
            stripped: build(&stripped)?,
            leading,
            trailing,
        })
    }

    /// Calls `found` with each match `exact` would give in `haystack`, in order (`exact` never matches
    /// empty here, since the stripped pattern cannot).
    pub fn for_each_match(&self, exact: &Regex, haystack: &str, mut found: impl FnMut(Match)) {
        let mut at = 0;
        while at < haystack.len() {
            let Some(candidate) = self.stripped.search(&Input::new(haystack).range(at..)) else {
                return;
            };
            let matched = if self.edges_hold(haystack, candidate) {
                Some(candidate)
            } else {
                let here = Input::new(haystack)
                    .range(candidate.start()..)
                    .anchored(Anchored::Yes);
                exact.search(&here)
            };
            match matched {
                Some(matched) => {
                    found(matched);
                    at = matched.end().max(at + 1);
                }
                None => at = next_char(haystack, candidate.start()),
            }
        }
    }

    fn edges_hold(&self, haystack: &str, m: Match) -> bool {
        (!self.leading || is_word_boundary(haystack, m.start()))
            && (!self.trailing || is_word_boundary(haystack, m.end()))
    }
}

/// The byte offset of the character after the one at `at`.
fn next_char(haystack: &str, at: usize) -> usize {
    at + haystack
        .get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(1, char::len_utf8)
}

/// Unicode `\b` at byte `at`: a word character on exactly one side.
fn is_word_boundary(haystack: &str, at: usize) -> bool {
    let is_word = |c: Option<char>| c.is_some_and(regex_syntax::is_word_character);
    let before = haystack.get(..at).and_then(|s| s.chars().next_back());
    let after = haystack.get(at..).and_then(|s| s.chars().next());
    is_word(before) != is_word(after)
}

/// The pattern without a leading and/or trailing `\b` that every top-level alternative has.
fn strip(hir: &Hir) -> Option<(Hir, bool, bool)> {
    let alternatives: Vec<&Hir> = match hir.kind() {
        HirKind::Alternation(alternatives) => alternatives.iter().collect(),
        _ => vec![hir],
    };
    let parts: Vec<&[Hir]> = alternatives
        .iter()
        .map(|alternative| match alternative.kind() {
            HirKind::Concat(parts) => Some(parts.as_slice()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let is_edge = |part: Option<&Hir>| {
        part.is_some_and(|p| matches!(p.kind(), HirKind::Look(Look::WordUnicode)))
    };
    let leading = parts.iter().all(|p| is_edge(p.first()));
    let trailing = parts.iter().all(|p| is_edge(p.last()));
    if !leading && !trailing {
        return None;
    }
    let stripped = parts
        .iter()
        .map(|p| {
            let from = usize::from(leading);
            let to = p.len().saturating_sub(usize::from(trailing));
            p.get(from..to).map(|middle| Hir::concat(middle.to_vec()))
        })
        .collect::<Option<Vec<Hir>>>()?;
    Some((Hir::alternation(stripped), leading, trailing))
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::meta;

    fn hir(pattern: &str) -> Hir {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(pattern)
            .unwrap()
    }

    fn matches_both_ways(pattern: &str, haystack: &str) {
        let exact = meta::Regex::new(&format!("(?i){pattern}")).unwrap();
        let edges = WordEdges::of(&hir(pattern), |h| {
            meta::Regex::builder().build_from_hir(h).ok()
        })
        .unwrap_or_else(|| panic!("`{pattern}` has edges"));
        let mut fast = Vec::new();
        edges.for_each_match(&exact, haystack, |m| fast.push(m.range()));
        let slow: Vec<_> = exact.find_iter(haystack).map(|m| m.range()).collect();
        assert_eq!(fast, slow, "`{pattern}` on `{haystack}`");
    }

    #[test]
    fn gives_the_exact_patterns_matches() {
        let text = "Miljön, miljöns och miljökrav; MILJÖ. Kap. 3 kap 4 kap.5 i kapitlet";
        matches_both_ways(r"\bmiljö(?:n|ns)?\b", text);
        matches_both_ways(r"\bkap(?:\.|itlet)?\b", text);
        matches_both_ways(r"\bkap(?:\.|itlet)?\b", "kap. x kap.x ökap kap");
        matches_both_ways(r"\bmiljö\w*|\bkap", text);
        matches_both_ways(r"\b(?:skall|och|miljö\w*)\b", text);
        matches_both_ways(r"och\b", "ochså och, doch och");
        matches_both_ways(r"\bskall\b", "skall skallig oskall Skall_ skall");
    }

    #[test]
    fn other_shapes_keep_the_exact_search() {
        assert!(strip(&hir(r"\bfoo\b|bar")).is_none());
        assert!(WordEdges::of(&hir(r"\bfoo\b\s+\bbar\b"), |_| None).is_none());
        assert!(WordEdges::of(&hir(r"\b(?:x)?\b"), |_| None).is_none());
        assert!(WordEdges::of(&hir(r"foo"), |_| None).is_none());
    }

    const PIECES: &[&str] = &[
        "miljö", "n", "s", "kap", ".", "itlet", " ", "x", "Ö", "_", ", ", "skall", "ig", "och",
        "5", "é",
    ];
    const PATTERNS: &[&str] = &[
        r"\bmiljö(?:n|ns)?\b",
        r"\bkap(?:\.|itlet)?\b",
        r"\b(?:skall|och|miljö\w*)\b",
        r"\bskall",
        r"och\b",
        r"\b\d\s*kap\.?\b",
    ];

    proptest::proptest! {
        #[test]
        fn same_matches_as_the_exact_pattern(
            pieces in proptest::collection::vec(0..PIECES.len(), 0..24),
            pattern in 0..PATTERNS.len(),
        ) {
            let haystack: String = pieces.iter().filter_map(|&i| PIECES.get(i).copied()).collect();
            if let Some(pattern) = PATTERNS.get(pattern) {
                matches_both_ways(pattern, &haystack);
            }
        }
    }
}
