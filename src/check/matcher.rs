//! One pass over a document for every text pattern of every rule: aho-corasick for words, a prefilter
//! `RegexSet` (word boundaries stripped, so the fast engine stays on Swedish text) for regexes.

use crate::model::Document;
use crate::text::fold::fold_case;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexSet};
use std::collections::HashMap;

/// Handle of a pattern registered by a rule; hits are looked up by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PatternId(pub u32);

/// One occurrence of a pattern: block index and byte range in that block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    pub pattern: PatternId,
    pub block: u32,
    pub start: u32,
    pub end: u32,
}

impl Hit {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct WordKey {
    case_sensitive: bool,
    whole_word: bool,
}

/// Collects the patterns of all rules while they compile; identical patterns share one id.
#[derive(Default)]
pub struct MatcherBuilder {
    next: u32,
    words: HashMap<(String, bool, bool), PatternId>,
    folded_words: Vec<(String, PatternId)>,
    exact_words: Vec<(String, PatternId)>,
    regexes: Vec<(Regex, PatternId)>,
    /// The prefilter form of each regex: word boundaries stripped, case-insensitivity inline.
    prefilter_sources: Vec<String>,
    regex_sources: HashMap<String, PatternId>,
    whole_word: HashMap<PatternId, bool>,
}

impl MatcherBuilder {
    fn fresh(&mut self, whole_word: bool) -> PatternId {
        let id = PatternId(self.next);
        self.next += 1;
        self.whole_word.insert(id, whole_word);
        id
    }

    /// A literal word or phrase. Case-insensitive words match Swedish capitals too (Å, Ä, Ö).
    pub fn word(&mut self, text: &str, case_sensitive: bool, whole_word: bool) -> PatternId {
        let key = WordKey {
            case_sensitive,
            whole_word,
        };
        let normalised = if case_sensitive {
            text.to_string()
        } else {
            fold_case(text).into_owned()
        };
        if let Some(id) = self
            .words
            .get(&(normalised.clone(), key.case_sensitive, key.whole_word))
        {
            return *id;
        }
        let id = self.fresh(whole_word);
        self.words
            .insert((normalised.clone(), case_sensitive, whole_word), id);
        if case_sensitive {
            self.exact_words.push((normalised, id));
        } else {
            self.folded_words.push((normalised, id));
        }
        id
    }

    /// A compiled regex, with the case-insensitivity it was built with (a `RegexBuilder` flag does not
    /// show in `as_str`). With `whole_word`, a match must start and end at word boundaries.
    pub fn regex(&mut self, regex: Regex, case_insensitive: bool, whole_word: bool) -> PatternId {
        let key = format!("{}\u{0}{case_insensitive}\u{0}{whole_word}", regex.as_str());
        if let Some(id) = self.regex_sources.get(&key) {
            return *id;
        }
        let id = self.fresh(whole_word);
        self.regex_sources.insert(key, id);
        let stripped = strip_word_boundaries(regex.as_str());
        self.prefilter_sources.push(if case_insensitive {
            format!("(?i:{stripped})")
        } else {
            stripped
        });
        self.regexes.push((regex, id));
        id
    }

    pub fn build(self) -> Result<Matcher, String> {
        let folded = automaton(&self.folded_words)?;
        let exact = automaton(&self.exact_words)?;
        let prefilter = RegexSet::new(&self.prefilter_sources).map_err(|e| e.to_string())?;
        Ok(Matcher {
            folded,
            folded_ids: self.folded_words.into_iter().map(|(_, id)| id).collect(),
            exact,
            exact_ids: self.exact_words.into_iter().map(|(_, id)| id).collect(),
            prefilter,
            regexes: self.regexes,
            whole_word: self.whole_word,
        })
    }
}

fn automaton(words: &[(String, PatternId)]) -> Result<Option<AhoCorasick>, String> {
    if words.is_empty() {
        return Ok(None);
    }
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build(words.iter().map(|(w, _)| w.as_str()))
        .map(Some)
        .map_err(|e| e.to_string())
}

/// The compiled patterns of all rules.
pub struct Matcher {
    folded: Option<AhoCorasick>,
    folded_ids: Vec<PatternId>,
    exact: Option<AhoCorasick>,
    exact_ids: Vec<PatternId>,
    prefilter: RegexSet,
    regexes: Vec<(Regex, PatternId)>,
    whole_word: HashMap<PatternId, bool>,
}

impl Matcher {
    /// Every hit of every pattern in the document, sorted by pattern, block and position.
    pub fn scan(&self, doc: &Document) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (index, block) in doc.blocks.iter().enumerate() {
            let Ok(block_index) = u32::try_from(index) else {
                break;
            };
            self.scan_text(&block.text, block_index, &mut hits);
        }
        hits.sort_unstable();
        hits.dedup();
        hits
    }

    fn scan_text(&self, text: &str, block: u32, hits: &mut Vec<Hit>) {
        if text.is_empty() {
            return;
        }
        if let Some(ac) = &self.folded {
            let folded = fold_case(text);
            for m in ac.find_overlapping_iter(folded.as_ref()) {
                let id = self.folded_ids.get(m.pattern().as_usize()).copied();
                self.push(id, text, block, m.start(), m.end(), hits);
            }
        }
        if let Some(ac) = &self.exact {
            for m in ac.find_overlapping_iter(text) {
                let id = self.exact_ids.get(m.pattern().as_usize()).copied();
                self.push(id, text, block, m.start(), m.end(), hits);
            }
        }
        if self.regexes.is_empty() {
            return;
        }
        for index in self.prefilter.matches(text).iter() {
            let Some((regex, id)) = self.regexes.get(index) else {
                continue;
            };
            for m in regex.find_iter(text) {
                if m.start() < m.end() {
                    self.push(Some(*id), text, block, m.start(), m.end(), hits);
                }
            }
        }
    }

    fn push(
        &self,
        id: Option<PatternId>,
        text: &str,
        block: u32,
        start: usize,
        end: usize,
        hits: &mut Vec<Hit>,
    ) {
        let Some(id) = id else { return };
        if self.whole_word.get(&id).copied().unwrap_or(false) && !is_whole_word(text, start, end) {
            return;
        }
        if let (Ok(start), Ok(end)) = (u32::try_from(start), u32::try_from(end)) {
            hits.push(Hit {
                pattern: id,
                block,
                start,
                end,
            });
        }
    }
}

/// Whether `start..end` is not glued to letters or digits on either side.
pub fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    let after = text.get(end..).and_then(|s| s.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Removes `\b` and `\B` from a regex source (escape-aware) for the prefilter set: it may then match
/// more, never less, and the exact regex decides.
pub fn strip_word_boundaries(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') | Some('B') => {}
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, DocKind, Location};

    fn doc(lines: &[&str]) -> Document {
        let mut d = Document::new("t.txt", DocKind::Text);
        for (i, l) in lines.iter().enumerate() {
            d.blocks.push(Block::new(*l, Location::line(i as u32 + 1)));
        }
        d
    }

    #[test]
    fn words_match_case_insensitively_and_as_whole_words() {
        let mut b = MatcherBuilder::default();
        let skall = b.word("skall", false, true);
        let ar = b.word("Är", false, true);
        let m = b.build().unwrap();
        let hits = m.scan(&doc(&[
            "Leverantören Skall leverera.",
            "skallkrav",
            "ÄR det så? är",
        ]));
        let skall_hits: Vec<_> = hits.iter().filter(|h| h.pattern == skall).collect();
        assert_eq!(skall_hits.len(), 1);
        assert_eq!(skall_hits[0].range(), 14..19);
        assert_eq!(hits.iter().filter(|h| h.pattern == ar).count(), 2);
    }

    #[test]
    fn regexes_with_word_boundaries_match_on_swedish_text() {
        let mut b = MatcherBuilder::default();
        let id = b.regex(
            regex::RegexBuilder::new(r"\bförenklat förfarande\b")
                .case_insensitive(true)
                .build()
                .unwrap(),
            true,
            false,
        );
        let m = b.build().unwrap();
        let hits = m.scan(&doc(&[
            "Upphandlingen sker genom Förenklat förfarande.",
            "oförenklat förfarandet",
        ]));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].pattern, id);
    }

    #[test]
    fn identical_patterns_share_an_id() {
        let mut b = MatcherBuilder::default();
        assert_eq!(b.word("ej", false, true), b.word("EJ", false, true));
        assert_ne!(b.word("ej", true, true), b.word("ej", false, true));
    }

    #[test]
    fn strips_only_real_boundaries() {
        assert_eq!(strip_word_boundaries(r"\bskall\b"), "skall");
        assert_eq!(strip_word_boundaries(r"a\\b"), r"a\\b");
        assert_eq!(strip_word_boundaries(r"\d+\Bx"), r"\d+x");
    }
}
