//! Compiling patterns written in packs, with limits and the diagnostics authors need.
//!
//! A pattern is parsed when its pack loads (so a mistake is reported with its span) and compiled on
//! first use: most of the embedded packs' ~130 patterns never run on a given document (the matcher runs
//! a regex only where its literals occur), and compiling them all took most of upplint's start-up.
//!
//! Compiled with regex-automata's meta engine as the `regex` crate would, less what costs compile time
//! without paying off here: no literal prefilter (the matcher's literals already chose the block), no
//! one-pass DFA and only the implicit capture group (only match bounds are used). The bounded backtracker stays: a
//! Unicode `\b` makes the lazy DFA give up on `åäö`, and the backtracker is the fast fallback on short
//! texts.

use super::literals::literals_of;
use crate::rules::diagnostic::{PackDiagnostic, SourceFile};
use regex_automata::Match;
use regex_automata::meta::{self, FindMatches, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_syntax::hir::{Class, ClassUnicodeRange, Hir, HirKind};
use regex_syntax::utf8::Utf8Sequences;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
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

/// A pack's regex: parsed when the pack loads, compiled the first time it is used; clones share the
/// compilation.
#[derive(Clone)]
pub struct PackRegex(Arc<Inner>);

struct Inner {
    source: String,
    case_insensitive: bool,
    /// The parsed pattern, compiled from on first use (not parsed twice).
    hir: Hir,
    /// Strings one of which every match contains (see `check::literals`), found while parsing.
    literals: Option<Vec<String>>,
    compiled: OnceLock<Regex>,
}

impl PackRegex {
    /// Parses `source` now and compiles it on first use (large patterns at once, to check their size);
    /// the error says why it cannot be used.
    pub fn parse(source: &str, case_insensitive: bool) -> Result<PackRegex, String> {
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(case_insensitive)
            .build()
            .parse(source)
            .map_err(|e| e.to_string())?;
        let eager = estimated_size(&hir) > EAGER_ESTIMATE;
        let regex = PackRegex(Arc::new(Inner {
            source: source.to_string(),
            case_insensitive,
            literals: literals_of(&hir),
            hir,
            compiled: OnceLock::new(),
        }));
        if eager {
            let compiled = build(&regex.0.hir).map_err(|e| e.to_string())?;
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
}

impl PackRegex {
    fn compiled(&self) -> &Regex {
        self.0.compiled.get_or_init(|| {
            // Parsed and size-checked when the pack loaded; should it still fail, it matches nothing.
            build(&self.0.hir).unwrap_or_else(|_| NEVER.clone())
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

fn build(hir: &Hir) -> Result<Regex, Box<meta::BuildError>> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .hybrid_cache_capacity(DFA_SIZE_LIMIT)
                .auto_prefilter(false)
                .onepass(false)
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
