//! Compiling patterns written in packs, with limits and the diagnostics authors need.

use crate::rules::diagnostic::{PackDiagnostic, SourceFile};
use regex::{Regex, RegexBuilder};
use toml::Spanned;

/// Largest compiled program and lazy-DFA cache one pattern may use (a pack cannot exhaust memory).
const REGEX_SIZE_LIMIT: usize = 2 * 1024 * 1024;
const DFA_SIZE_LIMIT: usize = 4 * 1024 * 1024;

/// Compiles a pattern from a pack, or explains at its span why it cannot be used.
pub fn compile_pattern(
    pattern: &Spanned<String>,
    source: &SourceFile,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<Regex> {
    compile_with(pattern, source, problems, false)
}

/// Like `compile_pattern`, case-insensitive unless the pattern says otherwise.
pub fn compile_pattern_ci(
    pattern: &Spanned<String>,
    source: &SourceFile,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<Regex> {
    compile_with(pattern, source, problems, true)
}

fn compile_with(
    pattern: &Spanned<String>,
    source: &SourceFile,
    problems: &mut Vec<PackDiagnostic>,
    ci: bool,
) -> Option<Regex> {
    let text = pattern.get_ref();
    if let Some(control) = text
        .chars()
        .find(|c| c.is_control() && *c != '\t' && *c != '\n')
    {
        let mut diag = PackDiagnostic::at(
            source,
            pattern.span(),
            format!(
                "the pattern contains the control character U+{:04X}",
                u32::from(control)
            ),
        )
        .with_label("kontrolltecken");
        diag = if control == '\u{8}' {
            diag.with_help(
                "in a double-quoted TOML string \"\\b\" is a backspace, not a word boundary: write the pattern as a literal string in single quotes, e.g. '\\bskall\\b'",
            )
        } else {
            diag.with_help("write the pattern as a literal string in single quotes so backslashes reach the regex")
        };
        problems.push(diag);
        return None;
    }
    match RegexBuilder::new(text)
        .case_insensitive(ci)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(DFA_SIZE_LIMIT)
        .build()
    {
        Ok(regex) => Some(regex),
        Err(e) => {
            problems.push(
                PackDiagnostic::at(
                    source,
                    pattern.span(),
                    "the regular expression does not compile",
                )
                .with_label("ogiltigt reguljärt uttryck")
                .with_help(e.to_string()),
            );
            None
        }
    }
}
