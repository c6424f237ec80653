//! Compiling patterns written in packs, with limits and the diagnostics authors need.
//!
//! A pattern is parsed when its pack loads (so a mistake is reported with its span; the embedded packs'
//! patterns are known from `check::pattern_index` instead) and compiled on first use: most of the
//! embedded packs' ~140 patterns never run on a given document (the matcher runs a regex only where its
//! literals occur), and compiling them all took most of upplint's start-up.
//!
//! Compiled with regex-automata's meta engine as the `regex` crate would, less what costs compile time
//! without paying off here: no literal prefilter (the matcher's literals already chose the block), no
//! one-pass or full DFA, and only the implicit capture group (only match bounds are used). The bounded
//! backtracker stays: a Unicode `\b` makes the lazy DFA give up on `åäö`, and the backtracker is the fast
//! fallback on short texts. A pattern framed by `\b` that runs often is searched through `word_edges`
//! (the lazy DFA without the frame, the frame checked at each match).

use super::literals::{literal_sets_of, literals_of};
use super::pattern_index;
use super::word_edges::WordEdges;
use crate::rules::diagnostic::{PackDiagnostic, SourceFile};
use regex_automata::Match;
use regex_automata::meta::{self, FindMatches, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_syntax::hir::{Class, ClassUnicodeRange, Hir, HirKind};
use regex_syntax::utf8::Utf8Sequences;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};
use toml::Spanned;

/// Largest compiled program and lazy-DFA cache one pattern may use (a pack cannot exhaust memory).
const REGEX_SIZE_LIMIT: usize = 2 * 1024 * 1024;
const DFA_SIZE_LIMIT: usize = 4 * 1024 * 1024;

/// Patterns whose estimated size (`estimated_size`) is above this are compiled when the pack loads, so
/// that one over `REGEX_SIZE_LIMIT` is reported there. Over the default packs' 196 patterns a compiled
/// regex took about 500 bytes plus at most 16 per estimated unit (a lone `\w`: 50 KB), so a pattern
/// below `REGEX_SIZE_LIMIT / 32` units stays well under the limit.
const EAGER_ESTIMATE: u64 = (REGEX_SIZE_LIMIT / 32) as u64;

/// A pack's regex: parsed when the pack loads (unless `check::pattern_index` already knows what parsing
/// it tells), compiled the first time it is used; clones share the compilation.
#[derive(Clone)]
pub struct PackRegex(Arc<Inner>);

struct Inner {
    source: String,
    case_insensitive: bool,
    /// The parsed pattern: set at load, or for an indexed pattern on first need (compiling it, or its
    /// further literal sets); None if it does not parse (never for a pattern that loaded).
    hir: OnceLock<Option<Hir>>,
    /// Strings one of which every match contains (see `check::literals`), found while parsing.
    literals: Option<Vec<String>>,
    /// Further sets of strings each match contains one of (see `literals::literal_sets_of`), taken
    /// from the index or found the first time the matcher considers the regex for a block.
    further_literals: OnceLock<Vec<Vec<String>>>,
    /// The pattern index's entry, for an embedded pack's pattern.
    indexed: Option<&'static pattern_index::Entry>,
    compiled: OnceLock<Regex>,
    /// Searches so far, and once they pass `EDGES_AFTER_RUNS`, the lazy-DFA search of a pattern framed
    /// by Unicode word boundaries (see `word_edges`), if it has that shape.
    runs: AtomicU32,
    edges: OnceLock<Option<WordEdges>>,
}

/// A pattern searched this often gets its word-edge build (another compilation, which a pattern that
/// runs on a few paragraphs of a small document would not pay back).
const EDGES_AFTER_RUNS: u32 = 32;

impl PackRegex {
    /// Checks `source` now (parsing it unless the pattern index knows it) and compiles it on first use
    /// (large patterns at once, to check their size); the error says why it cannot be used.
    pub fn parse(source: &str, case_insensitive: bool) -> Result<PackRegex, String> {
        #[cfg(test)]
        record(source, case_insensitive);
        let indexed = pattern_index::lookup(source, case_insensitive);
        let (hir, literals, estimate) = match indexed {
            Some(entry) => (None, indexed_literals(entry), entry.estimate),
            None => {
                let hir = parse_hir(source, case_insensitive)?;
                let estimate = estimated_size(&hir);
                let literals = literals_of(&hir);
                (Some(hir), literals, estimate)
            }
        };
        let regex = PackRegex(Arc::new(Inner {
            source: source.to_string(),
            case_insensitive,
            hir: hir.map(|h| OnceLock::from(Some(h))).unwrap_or_default(),
            literals,
            further_literals: OnceLock::new(),
            indexed,
            compiled: OnceLock::new(),
            runs: AtomicU32::new(0),
            edges: OnceLock::new(),
        }));
        if estimate > EAGER_ESTIMATE {
            let compiled = regex.build().map_err(|e| e.to_string())?;
            let _ = regex.0.compiled.set(compiled);
        }
        Ok(regex)
    }

    /// The pattern as written.
    pub fn source(&self) -> &str {
        &self.0.source
    }

    pub fn case_insensitive(&self) -> bool {
        self.0.case_insensitive
    }

    /// Strings one of which every match contains, case-folded; None when there are none to look for.
    pub fn literals(&self) -> Option<&[String]> {
        self.0.literals.as_deref()
    }

    /// Whether the pattern has been compiled (for tests).
    pub fn is_compiled(&self) -> bool {
        self.0.compiled.get().is_some()
    }

    /// Whether the pattern has been parsed, at load or since (for tests).
    pub fn is_parsed(&self) -> bool {
        self.0.hir.get().is_some()
    }

    /// Further sets of strings every match contains one of, beyond `literals` (see
    /// `literals::literal_sets_of`): from the pattern index, or computed once from the same parse the
    /// compilation uses.
    pub fn further_literal_sets(&self) -> &[Vec<String>] {
        self.0
            .further_literals
            .get_or_init(|| match self.0.indexed {
                Some(entry) => entry
                    .further
                    .iter()
                    .map(|set| set.iter().map(|s| s.to_string()).collect())
                    .collect(),
                None => self.hir().map(literal_sets_of).unwrap_or_default(),
            })
    }

    fn hir(&self) -> Option<&Hir> {
        self.0
            .hir
            .get_or_init(|| parse_hir(&self.0.source, self.0.case_insensitive).ok())
            .as_ref()
    }

    /// Compiles the pattern (at once, even when it would otherwise wait for first use), so that a
    /// caller can compile the patterns a document needs in parallel before searching.
    pub fn prepare(&self) {
        let _ = self.compiled();
    }

    fn build(&self) -> Result<Regex, String> {
        match self.hir() {
            Some(hir) => build(hir).map_err(|e| e.to_string()),
            None => Err(format!("`{}` does not parse", self.0.source)),
        }
    }
}

impl PackRegex {
    fn compiled(&self) -> &Regex {
        self.0.compiled.get_or_init(|| {
            // Parsed and size-checked when the pack loaded (or indexed); should it still fail, it
            // matches nothing.
            self.build().unwrap_or_else(|_| NEVER.clone())
        })
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.compiled().is_match(haystack)
    }

    /// The leftmost-first match, as `regex::Regex::find` gives it.
    pub fn find(&self, haystack: &str) -> Option<Match> {
        self.compiled().find(haystack)
    }

    /// Successive non-overlapping matches, as `regex::Regex::find_iter` gives them.
    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> FindMatches<'r, 'h> {
        self.compiled().find_iter(haystack)
    }

    /// `find_iter`'s matches, handed to `found`; a pattern framed by Unicode word boundaries that has
    /// run often is searched with the lazy DFA and its edges checked (`word_edges`), same matches.
    pub fn for_each_match(&self, haystack: &str, mut found: impl FnMut(Match)) {
        let exact = self.compiled();
        match self.edges() {
            Some(edges) => edges.for_each_match(exact, haystack, found),
            None => exact.find_iter(haystack).for_each(&mut found),
        }
    }

    fn edges(&self) -> Option<&WordEdges> {
        if let Some(edges) = self.0.edges.get() {
            return edges.as_ref();
        }
        if self.0.runs.fetch_add(1, Ordering::Relaxed) < EDGES_AFTER_RUNS {
            return None;
        }
        self.0
            .edges
            .get_or_init(|| {
                let hir = self.hir()?;
                if !hir.properties().look_set().contains_word_unicode() {
                    return None;
                }
                WordEdges::of(hir, |stripped| build_with(stripped, true).ok())
            })
            .as_ref()
    }
}

fn parse_hir(source: &str, case_insensitive: bool) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .build()
        .parse(source)
        .map_err(|e| e.to_string())
}

fn indexed_literals(entry: &pattern_index::Entry) -> Option<Vec<String>> {
    entry
        .literals
        .map(|list| list.iter().map(|s| s.to_string()).collect())
}

/// What parsing a pattern tells at load: its necessary literals and size estimate (for the index).
#[cfg(test)]
pub fn parse_fully(source: &str, case_insensitive: bool) -> Result<ParsedFully, String> {
    let hir = parse_hir(source, case_insensitive)?;
    Ok(ParsedFully {
        literals: literals_of(&hir),
        further: literal_sets_of(&hir),
        estimate: estimated_size(&hir),
    })
}

/// What `parse_fully` tells.
#[cfg(test)]
pub struct ParsedFully {
    pub literals: Option<Vec<String>>,
    pub further: Vec<Vec<String>>,
    pub estimate: u64,
}

#[cfg(test)]
thread_local! {
    static RECORDED: std::cell::RefCell<Option<Vec<(String, bool)>>> =
        const { std::cell::RefCell::new(None) };
}

#[cfg(test)]
fn record(source: &str, case_insensitive: bool) {
    RECORDED.with(|r| {
        if let Some(list) = r.borrow_mut().as_mut() {
            list.push((source.to_string(), case_insensitive));
        }
    });
}

/// The patterns `PackRegex::parse` saw on this thread while `f` ran, in order (for the index).
#[cfg(test)]
pub fn record_parsed<T>(f: impl FnOnce() -> T) -> Vec<(String, bool)> {
    RECORDED.with(|r| *r.borrow_mut() = Some(Vec::new()));
    let _ = f();
    RECORDED.with(|r| r.borrow_mut().take()).unwrap_or_default()
}

impl std::fmt::Debug for PackRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("PackRegex").field(&self.0.source).finish()
    }
}

/// A regex that matches nothing.
static NEVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new_many::<&str>(&[]).expect("an empty set of patterns is a valid regex")
});

/// Compiles a parsed pattern. Never a full DFA: determinising it (and the reverse NFA it needs) took
/// 40 % of the compile time of the default packs' patterns, for the small patterns the lazy DFA serves
/// as well. Without the lazy DFA either (so without a reverse NFA) when the pattern has a Unicode word
/// boundary: the lazy DFA gives up at the first non-ASCII byte there, i.e. on nearly every Swedish
/// text, and the search starts over in the backtracker. Measured on the 142 patterns of the default
/// packs: 37–40 ms to compile all as the `regex` crate would, 24–33 ms now.
fn build(hir: &Hir) -> Result<Regex, Box<meta::BuildError>> {
    build_with(hir, !hir.properties().look_set().contains_word_unicode())
}

fn build_with(hir: &Hir, lazy_dfa_helps: bool) -> Result<Regex, Box<meta::BuildError>> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .hybrid_cache_capacity(DFA_SIZE_LIMIT)
                .auto_prefilter(false)
                .onepass(false)
                .hybrid(lazy_dfa_helps)
                .dfa(false)
                .which_captures(WhichCaptures::Implicit),
        )
        .build_from_hir(hir)
        .map_err(Box::new)
}

/// Compiles a pattern from a pack, or explains at its span why it cannot be used.
pub fn compile_pattern(
    pattern: &Spanned<String>,
    source: &SourceFile,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<PackRegex> {
    compile_with(pattern, source, problems, false)
}

/// Like `compile_pattern`, case-insensitive unless the pattern says otherwise.
pub fn compile_pattern_ci(
    pattern: &Spanned<String>,
    source: &SourceFile,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<PackRegex> {
    compile_with(pattern, source, problems, true)
}

fn compile_with(
    pattern: &Spanned<String>,
    source: &SourceFile,
    problems: &mut Vec<PackDiagnostic>,
    ci: bool,
) -> Option<PackRegex> {
    let text = pattern.get_ref();
    if let Some(control) = text
        .chars()
        .find(|c| c.is_control() && *c != '\t' && *c != '\n')
    {
        problems.push(control_character(pattern, source, control));
        return None;
    }
    match PackRegex::parse(text, ci) {
        Ok(regex) => Some(regex),
        Err(detail) => {
            problems.push(
                PackDiagnostic::at(
                    source,
                    pattern.span(),
                    "the regular expression does not compile",
                )
                .with_label("ogiltigt reguljärt uttryck")
                .with_help(detail),
            );
            None
        }
    }
}

fn control_character(
    pattern: &Spanned<String>,
    source: &SourceFile,
    control: char,
) -> PackDiagnostic {
    let diag = PackDiagnostic::at(
        source,
        pattern.span(),
        format!(
            "the pattern contains the control character U+{:04X}",
            u32::from(control)
        ),
    )
    .with_label("kontrolltecken");
    if control == '\u{8}' {
        diag.with_help(
            "in a double-quoted TOML string \"\\b\" is a backspace, not a word boundary: write the pattern as a literal string in single quotes, e.g. '\\bskall\\b'",
        )
    } else {
        diag.with_help(
            "write the pattern as a literal string in single quotes so backslashes reach the regex",
        )
    }
}

/// The total length of the UTF-8 byte sequences a class compiles to, remembered per class: the default
/// packs spell `\w` (770 ranges) dozens of times.
fn class_size(ranges: &[ClassUnicodeRange]) -> u64 {
    static SIZES: LazyLock<Mutex<HashMap<u64, u64>>> = LazyLock::new(Mutex::default);
    let mut hasher = std::hash::DefaultHasher::new();
    for range in ranges {
        (range.start(), range.end()).hash(&mut hasher);
    }
    let key = hasher.finish();
    if let Some(size) = SIZES.lock().ok().and_then(|s| s.get(&key).copied()) {
        return size;
    }
    let size = ranges
        .iter()
        .flat_map(|r| Utf8Sequences::new(r.start(), r.end()))
        .map(|seq| seq.as_slice().len() as u64)
        .sum();
    if let Ok(mut sizes) = SIZES.lock() {
        sizes.insert(key, size);
    }
    size
}

/// A rough size of the NFA a pattern compiles to: classes by their UTF-8 byte sequences, repetitions
/// multiplied out. Only used to decide which patterns to compile (and size-check) at load.
fn estimated_size(hir: &Hir) -> u64 {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 1,
        HirKind::Literal(literal) => literal.0.len() as u64,
        HirKind::Class(Class::Unicode(class)) => class_size(class.ranges()),
        HirKind::Class(Class::Bytes(class)) => class.ranges().len() as u64,
        HirKind::Capture(capture) => estimated_size(&capture.sub),
        HirKind::Repetition(rep) => {
            let copies = u64::from(rep.max.unwrap_or(rep.min).max(1));
            estimated_size(&rep.sub).saturating_mul(copies)
        }
        HirKind::Concat(children) | HirKind::Alternation(children) => children
            .iter()
            .map(estimated_size)
            .fold(0u64, u64::saturating_add),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(pattern: &str) -> (Option<PackRegex>, Vec<PackDiagnostic>) {
        let source = SourceFile::new("pack.toml".to_string(), String::new());
        let mut problems = Vec::new();
        let spanned = Spanned::new(0..0, pattern.to_string());
        (
            compile_pattern_ci(&spanned, &source, &mut problems),
            problems,
        )
    }

    #[test]
    fn patterns_compile_on_first_use() {
        let (regex, problems) = compile(r"\bskall\b");
        assert!(problems.is_empty());
        let regex = regex.unwrap();
        assert!(!regex.is_compiled());
        let clone = regex.clone();
        assert!(regex.is_match("Anbudet SKALL lämnas"));
        assert!(clone.is_compiled(), "clones share the compilation");
        assert_eq!(clone.source(), r"\bskall\b");
    }

    #[test]
    fn syntax_errors_are_reported_at_load() {
        let (regex, problems) = compile("(oavslutad");
        assert!(regex.is_none());
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn patterns_over_the_size_limit_are_reported_at_load() {
        let (regex, problems) = compile(r"\w{1000}\w{1000}");
        assert!(regex.is_none());
        assert_eq!(problems.len(), 1);
        let (regex, _) = compile(r"\w{5,10}");
        assert!(!regex.unwrap().is_compiled(), "small patterns stay lazy");
    }
}
