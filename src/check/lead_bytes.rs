//! Necessary bytes of a regex without necessary literals: a set of bytes, one of which occurs in the
//! UTF-8 of every match (for a character class, the first bytes of its characters). The matcher runs
//! such a regex only on blocks that contain one of them: `\d{2,5}\s+\p{Lu}` needs a digit, so the many
//! sheet cells and paragraphs without one are skipped without starting the regex engine.
//!
//! Like the literals, a necessary condition only: the exact regex still decides.

use regex_syntax::hir::{Class, Hir, HirKind};
use regex_syntax::utf8::Utf8Sequences;

/// A set of byte values.
#[derive(Clone, PartialEq, Eq)]
pub struct ByteSet([bool; 256]);

impl ByteSet {
    fn empty() -> Self {
        ByteSet([false; 256])
    }

    fn insert_range(&mut self, start: u8, end: u8) {
        for b in start..=end {
            self.insert(b);
        }
    }

    fn insert(&mut self, byte: u8) {
        if let Some(slot) = self.0.get_mut(usize::from(byte)) {
            *slot = true;
        }
    }

    fn union(&mut self, other: &ByteSet) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0.iter()) {
            *mine |= *theirs;
        }
    }

    pub fn contains(&self, byte: u8) -> bool {
        self.0.get(usize::from(byte)).copied().unwrap_or(false)
    }

    /// Whether any byte of `text` is in the set.
    pub fn occurs_in(&self, text: &str) -> bool {
        text.bytes().any(|b| self.contains(b))
    }

    /// How often the set's bytes are expected in Swedish text (spaces and letters are everywhere,
    /// digits and punctuation less so, the lead bytes of other scripts hardly ever); the cheapest
    /// set of a sequence is the one to look for.
    fn cost(&self) -> u32 {
        (0..=255u8)
            .filter(|b| self.contains(*b))
            .map(|b| match b {
                b' ' => 1000,
                b'a'..=b'z' | b'A'..=b'Z' | 0xC3 => 100,
                b'0'..=b'9' => 20,
                0x00..=0x7F => 5,
                _ => 1,
            })
            .sum()
    }
}

impl std::fmt::Debug for ByteSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bytes: Vec<u8> = (0..=255u8).filter(|b| self.contains(*b)).collect();
        f.debug_tuple("ByteSet").field(&bytes).finish()
    }
}

/// The necessary bytes of a pattern, or None when it has none (or does not parse).
pub fn necessary_bytes(pattern: &str, case_insensitive: bool) -> Option<ByteSet> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .build()
        .parse(pattern)
        .ok()?;
    bytes_of(&hir)
}

/// Bytes one of which every match of `hir` contains; None when a match may contain none of a set.
/// Iterative (an explicit stack of pending sequence and alternation frames), so the depth of a
/// pattern never reaches the call stack.
fn bytes_of(hir: &Hir) -> Option<ByteSet> {
    enum Frame<'h> {
        Visit(&'h Hir),
        /// Combine the results of `n` children as a sequence (cheapest) or alternation (union).
        Concat(usize),
        Alternation(usize),
    }
    let mut work = vec![Frame::Visit(hir)];
    let mut results: Vec<Option<ByteSet>> = Vec::new();
    while let Some(frame) = work.pop() {
        match frame {
            Frame::Visit(hir) => match hir.kind() {
                HirKind::Empty | HirKind::Look(_) => results.push(None),
                HirKind::Literal(literal) => results.push(literal.0.first().map(|b| {
                    let mut set = ByteSet::empty();
                    set.insert(*b);
                    set
                })),
                HirKind::Class(class) => results.push(Some(class_bytes(class))),
                HirKind::Capture(capture) => work.push(Frame::Visit(&capture.sub)),
                HirKind::Repetition(rep) if rep.min > 0 => work.push(Frame::Visit(&rep.sub)),
                HirKind::Repetition(_) => results.push(None),
                HirKind::Concat(children) => {
                    work.push(Frame::Concat(children.len()));
                    work.extend(children.iter().map(Frame::Visit));
                }
                HirKind::Alternation(children) => {
                    work.push(Frame::Alternation(children.len()));
                    work.extend(children.iter().map(Frame::Visit));
                }
            },
            Frame::Concat(n) => {
                let children = results.split_off(results.len().saturating_sub(n));
                let cheapest = children.into_iter().flatten().min_by_key(ByteSet::cost);
                results.push(cheapest);
            }
            Frame::Alternation(n) => {
                let children = results.split_off(results.len().saturating_sub(n));
                results.push(union_all(children));
            }
        }
    }
    results.pop().flatten()
}

/// The union of the alternatives' sets; None when one alternative has none.
fn union_all(children: Vec<Option<ByteSet>>) -> Option<ByteSet> {
    let mut union = ByteSet::empty();
    for child in children {
        union.union(&child?);
    }
    Some(union)
}

/// The first bytes of the UTF-8 encodings of a class's characters (or its bytes).
fn class_bytes(class: &Class) -> ByteSet {
    let mut set = ByteSet::empty();
    match class {
        Class::Unicode(unicode) => {
            for range in unicode.ranges() {
                for sequence in Utf8Sequences::new(range.start(), range.end()) {
                    if let Some(first) = sequence.as_slice().first() {
                        set.insert_range(first.start, first.end);
                    }
                }
            }
        }
        Class::Bytes(bytes) => {
            for range in bytes.ranges() {
                set.insert_range(range.start(), range.end());
            }
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(pattern: &str) -> Option<Vec<u8>> {
        necessary_bytes(pattern, false).map(|s| (0..=255u8).filter(|b| s.contains(*b)).collect())
    }

    #[test]
    fn a_sequence_looks_for_its_rarest_piece() {
        let digits = bytes(r"\d{2,5}\s+\p{Lu}").unwrap();
        assert!(digits.contains(&b'0') && digits.contains(&b'9'));
        assert!(!digits.contains(&b' ') && !digits.contains(&b'A') && !digits.contains(&0xC3));
        assert_eq!(bytes(r"x[–—]"), Some(vec![0xE2]));
    }

    #[test]
    fn alternations_need_every_branch() {
        let union = bytes(r"\b\d{8}|^\s*#").unwrap();
        assert!(union.contains(&b'#') && union.contains(&b'5'));
        assert_eq!(bytes(r"\d|\w*"), None);
        assert_eq!(bytes(r"(?:ab)?"), None);
        assert_eq!(bytes(r"^$"), None);
    }

    #[test]
    fn case_insensitive_classes_keep_every_case() {
        let set = necessary_bytes(r"\d*ö", true).unwrap();
        assert!(set.contains(0xC3));
        assert!(set.occurs_in("Ö") && set.occurs_in("ö") && !set.occurs_in("o"));
    }

    #[test]
    fn deep_patterns_do_not_recurse() {
        let deep = "(?:".repeat(200) + "a" + &")".repeat(200);
        assert_eq!(bytes(&deep), Some(vec![b'a']));
    }
}
