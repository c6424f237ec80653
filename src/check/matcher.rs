//! One pass over a document for every text pattern of every rule: one aho-corasick automaton over the
//! case-folded text holds the word lists and, for each regex, its necessary literals (see `literals`);
//! a regex runs only on blocks where one of its literals occurs; one without literals runs on blocks that
//! hold one of its necessary bytes (see `lead_bytes`), or on every block when it has none.
//!
//! An exception pattern (forms that are fine as written, hiding a rule's other hits inside them) matters
//! only where one of its rule's patterns hit: it is *guarded* by them and runs on those blocks alone.
//!
//! Cost per block: one fold, one automaton pass, and the regexes whose literals were seen — nearly the
//! same for 10 rules as for 1,000. (A `RegexSet` prefilter fell back to the PikeVM on the default packs'
//! Unicode classes and spent 75 s on a 1.8 M-word corpus; it also took half of the start-up time.)

use super::lead_bytes::{ByteSet, necessary_bytes};
use super::regex_util::PackRegex;
use crate::model::Document;
use crate::text::fold::fold_case;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rayon::prelude::*;
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

/// Collects the patterns of all rules while they compile; identical patterns share one id.
#[derive(Default)]
pub struct MatcherBuilder {
    words: HashMap<(String, bool, bool), PatternId>,
    folded_words: Vec<(String, PatternId)>,
    exact_words: Vec<(String, PatternId)>,
    regexes: Vec<(PackRegex, PatternId)>,
    /// The necessary literals of each regex (same order), None when it must run on every block.
    regex_literals: Vec<Option<Vec<String>>>,
    /// Source key → pattern id and index in `regexes`.
    regex_sources: HashMap<String, (PatternId, usize)>,
    /// For each regex (same order): the patterns one of which must hit in a block for it to run there,
    /// or None when it runs wherever its literals occur.
    regex_guards: Vec<Option<Vec<PatternId>>>,
    /// Indexed by pattern id.
    whole_word: Vec<bool>,
}

impl MatcherBuilder {
    fn fresh(&mut self, whole_word: bool) -> PatternId {
        let id = PatternId(self.whole_word.len() as u32);
        self.whole_word.push(whole_word);
        id
    }

    /// A literal word or phrase. Case-insensitive words match Swedish capitals too (Å, Ä, Ö).
    pub fn word(&mut self, text: &str, case_sensitive: bool, whole_word: bool) -> PatternId {
        let normalised = if case_sensitive {
            text.to_string()
        } else {
            fold_case(text).into_owned()
        };
        let key = (normalised, case_sensitive, whole_word);
        if let Some(id) = self.words.get(&key) {
            return *id;
        }
        let id = self.fresh(whole_word);
        let normalised = key.0.clone();
        self.words.insert(key, id);
        if case_sensitive {
            self.exact_words.push((normalised, id));
        } else {
            self.folded_words.push((normalised, id));
        }
        id
    }

    /// A pack regex (compiled when a block first needs it). With `whole_word`, a match must start and
    /// end at word boundaries.
    pub fn regex(&mut self, regex: PackRegex, whole_word: bool) -> PatternId {
        self.register_regex(regex, whole_word, None)
    }

    /// A regex whose hits matter only in blocks where one of `guards` hit (a rule's exception, which
    /// hides the rule's own hits inside it): it runs on those blocks alone. The same regex registered
    /// unguarded elsewhere runs as any other.
    pub fn guarded_regex(
        &mut self,
        regex: PackRegex,
        whole_word: bool,
        guards: &[PatternId],
    ) -> PatternId {
        self.register_regex(regex, whole_word, Some(guards))
    }

    fn register_regex(
        &mut self,
        regex: PackRegex,
        whole_word: bool,
        guards: Option<&[PatternId]>,
    ) -> PatternId {
        let case_insensitive = regex.case_insensitive();
        let key = format!("{}\u{0}{case_insensitive}\u{0}{whole_word}", regex.source());
        if let Some(&(id, index)) = self.regex_sources.get(&key) {
            if let Some(existing) = self.regex_guards.get_mut(index) {
                match (existing.as_mut(), guards) {
                    (Some(known), Some(more)) => known.extend_from_slice(more),
                    (Some(_), None) => *existing = None,
                    (None, _) => {}
                }
            }
            return id;
        }
        let id = self.fresh(whole_word);
        self.regex_sources.insert(key, (id, self.regexes.len()));
        self.regex_literals
            .push(regex.literals().map(<[String]>::to_vec));
        self.regex_guards.push(guards.map(<[PatternId]>::to_vec));
        self.regexes.push((regex, id));
        id
    }

    pub fn build(self) -> Result<Matcher, String> {
        let mut folded_patterns: Vec<&str> = Vec::new();
        let mut folded_targets = Vec::new();
        for (word, id) in &self.folded_words {
            folded_patterns.push(word);
            folded_targets.push(Target::Word(*id));
        }
        let mut always = Vec::new();
        let mut guarded_by: Vec<Vec<usize>> = vec![Vec::new(); self.whole_word.len()];
        for (index, literals) in self.regex_literals.iter().enumerate() {
            if let Some(Some(guards)) = self.regex_guards.get(index) {
                for guard in guards {
                    if let Some(guarded) = guarded_by.get_mut(guard.0 as usize) {
                        guarded.push(index);
                    }
                }
                continue;
            }
            match literals {
                Some(literals) => {
                    for literal in literals {
                        folded_patterns.push(literal);
                        folded_targets.push(Target::Regex(index));
                    }
                }
                None => always.push((index, self.necessary_bytes(index))),
            }
        }
        let exact_patterns: Vec<&str> = self.exact_words.iter().map(|(w, _)| w.as_str()).collect();
        // The regexes without literals run on nearly every document: compiled while the automata are
        // built (a third of start-up on one thread) rather than after the first document's scan.
        let ((folded, exact), ()) = rayon::join(
            || {
                rayon::join(
                    || automaton(&folded_patterns),
                    || automaton(&exact_patterns),
                )
            },
            || {
                for (index, _) in &always {
                    if let Some((regex, _)) = self.regexes.get(*index) {
                        regex.prepare();
                    }
                }
            },
        );
        let (folded, exact) = (folded?, exact?);
        let guarded_bytes = (0..self.regexes.len())
            .map(|index| {
                let guarded = matches!(self.regex_guards.get(index), Some(Some(_)));
                let literals = matches!(self.regex_literals.get(index), Some(Some(_)));
                if guarded && !literals {
                    self.necessary_bytes(index)
                } else {
                    None
                }
            })
            .collect();
        Ok(Matcher {
            folded,
            folded_targets,
            exact,
            exact_ids: self.exact_words.into_iter().map(|(_, id)| id).collect(),
            regexes: self.regexes,
            always,
            guarded_by,
            guarded: self.regex_guards.iter().map(Option::is_some).collect(),
            guarded_bytes,
            whole_word: self.whole_word,
        })
    }
}

impl MatcherBuilder {
    /// The necessary bytes of the regex at `index` (one without literals), if it has any.
    fn necessary_bytes(&self, index: usize) -> Option<ByteSet> {
        let (regex, _) = self.regexes.get(index)?;
        necessary_bytes(regex.source(), regex.case_insensitive())
    }
}

fn automaton(patterns: &[&str]) -> Result<Option<AhoCorasick>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build(patterns)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// What a pattern of the folded automaton stands for.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// A case-insensitive word: a hit.
    Word(PatternId),
    /// A necessary literal of the regex at this index: the regex must be run on the block.
    Regex(usize),
}

/// The compiled patterns of all rules.
pub struct Matcher {
    folded: Option<AhoCorasick>,
    folded_targets: Vec<Target>,
    exact: Option<AhoCorasick>,
    exact_ids: Vec<PatternId>,
    regexes: Vec<(PackRegex, PatternId)>,
    /// Regexes without necessary literals, run on every block that holds one of their necessary
    /// bytes (every block when they have none).
    always: Vec<(usize, Option<ByteSet>)>,
    /// Indexed by pattern id: the guarded regexes a hit of the pattern lets run in its block.
    guarded_by: Vec<Vec<usize>>,
    /// Indexed like `regexes`: whether the regex is guarded.
    guarded: Vec<bool>,
    /// Indexed like `regexes`: the necessary bytes of a guarded regex without literals.
    guarded_bytes: Vec<Option<ByteSet>>,
    whole_word: Vec<bool>,
}

impl Matcher {
    /// Every hit of every pattern in the document, sorted by pattern, block and position.
    pub fn scan(&self, doc: &Document) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut candidates = Vec::new();
        // (block, regex) pairs whose literals were seen, run once the regexes they need are compiled.
        let mut runs: Vec<(u32, usize)> = Vec::new();
        let mut has_text = false;
        for (block_index, block) in self.blocks_with_text(doc) {
            has_text = true;
            self.scan_literals(&block.text, block_index, &mut hits, &mut candidates);
            runs.extend(candidates.iter().map(|&regex| (block_index, regex)));
        }
        let runs = self.where_further_literals_occur(doc, runs);
        // Guarded regexes whose guards are words are known to be needed already.
        let guarded = self.guarded_runs(doc, &hits);
        self.compile_needed(runs.iter().chain(&guarded), has_text);
        for &(block, regex) in &runs {
            if let Some(text) = doc.blocks.get(block as usize).map(|b| b.text.as_str()) {
                self.run_regex(regex, text, block, &mut hits);
            }
        }
        for (regex, bytes) in &self.always {
            for (block_index, block) in self.blocks_with_text(doc) {
                if bytes.as_ref().is_none_or(|b| b.occurs_in(&block.text)) {
                    self.run_regex(*regex, &block.text, block_index, &mut hits);
                }
            }
        }
        self.run_guarded(doc, &mut hits);
        hits.sort_unstable();
        hits.dedup();
        hits
    }

    /// Runs each guarded regex where `guarded_runs` says it may match (`hits` holds every other
    /// pattern's hits by now; guards are never guarded themselves).
    fn run_guarded(&self, doc: &Document, hits: &mut Vec<Hit>) {
        for (block, regex) in self.guarded_runs(doc, hits) {
            if let Some(text) = doc.blocks.get(block as usize).map(|b| b.text.as_str()) {
                self.run_regex(regex, text, block, hits);
            }
        }
    }

    /// The (block, guarded regex) pairs where one of the regex's guards hit and its own literals (or,
    /// for one without literals, its necessary bytes) occur.
    fn guarded_runs(&self, doc: &Document, hits: &[Hit]) -> Vec<(u32, usize)> {
        let mut runs: Vec<(u32, usize)> = hits
            .iter()
            .flat_map(|hit| {
                self.guarded_by
                    .get(hit.pattern.0 as usize)
                    .into_iter()
                    .flatten()
                    .map(move |&regex| (hit.block, regex))
            })
            .collect();
        runs.sort_unstable();
        runs.dedup();
        let mut folded: Option<(u32, String)> = None;
        runs.retain(|&(block, regex)| {
            let Some(text) = doc.blocks.get(block as usize).map(|b| b.text.as_str()) else {
                return false;
            };
            match self.regexes.get(regex).and_then(|(r, _)| r.literals()) {
                Some(literals) => {
                    if folded.as_ref().is_none_or(|(b, _)| *b != block) {
                        folded = Some((block, fold_case(text).into_owned()));
                    }
                    folded.as_ref().is_some_and(|(_, folded)| {
                        literals.iter().any(|l| folded.contains(l.as_str()))
                    })
                }
                None => self
                    .guarded_bytes
                    .get(regex)
                    .is_none_or(|bytes| bytes.as_ref().is_none_or(|b| b.occurs_in(text))),
            }
        });
        runs
    }

    fn blocks_with_text<'d>(
        &self,
        doc: &'d Document,
    ) -> impl Iterator<Item = (u32, &'d crate::model::Block)> {
        doc.blocks
            .iter()
            .enumerate()
            .map_while(|(index, block)| u32::try_from(index).ok().map(|i| (i, block)))
            .filter(|(_, block)| !block.text.is_empty())
    }

    /// The runs whose block also holds a string of each further literal set of its regex. The sets
    /// need each candidate regex parsed: done in parallel first, for the regexes no earlier document
    /// needed.
    fn where_further_literals_occur(
        &self,
        doc: &Document,
        mut runs: Vec<(u32, usize)>,
    ) -> Vec<(u32, usize)> {
        let mut regexes: Vec<usize> = runs.iter().map(|&(_, regex)| regex).collect();
        regexes.sort_unstable();
        regexes.dedup();
        let sets_of = |index: &usize| {
            if let Some((regex, _)) = self.regexes.get(*index) {
                let _ = regex.further_literal_sets();
            }
        };
        if regexes.len() > 1 {
            regexes.par_iter().for_each(sets_of);
        }
        let mut folded: Option<(u32, String)> = None;
        runs.retain(|&(block, regex)| {
            if folded.as_ref().is_none_or(|(b, _)| *b != block) {
                let text = doc
                    .blocks
                    .get(block as usize)
                    .map_or("", |b| b.text.as_str());
                folded = Some((block, fold_case(text).into_owned()));
            }
            folded
                .as_ref()
                .is_none_or(|(_, text)| self.further_literals_occur(regex, text))
        });
        runs
    }

    /// Compiles, in parallel, the regexes this document needs that no earlier document compiled (the
    /// runs given, guarded ones whose word guards hit included, and those without literals):
    /// compiling them is most of what checking one small document costs.
    fn compile_needed<'r>(&self, runs: impl Iterator<Item = &'r (u32, usize)>, has_text: bool) {
        let mut needed = vec![false; self.regexes.len()];
        let run_regexes = runs.map(|&(_, regex)| regex);
        let always = self
            .always
            .iter()
            .map(|(regex, _)| *regex)
            .filter(|_| has_text);
        for regex in run_regexes.chain(always) {
            if let Some(flag) = needed.get_mut(regex) {
                *flag = true;
            }
        }
        let pending: Vec<&PackRegex> = self
            .regexes
            .iter()
            .zip(needed)
            .filter(|((regex, _), needed)| *needed && !regex.is_compiled())
            .map(|((regex, _), _)| regex)
            .collect();
        if pending.len() > 1 {
            pending.par_iter().for_each(|regex| regex.prepare());
        }
    }

    /// The word hits of one block, and in `candidates` the regexes whose literals occur in it.
    fn scan_literals(
        &self,
        text: &str,
        block: u32,
        hits: &mut Vec<Hit>,
        candidates: &mut Vec<usize>,
    ) {
        candidates.clear();
        if text.is_empty() {
            return;
        }
        if let Some(ac) = &self.folded {
            let folded = fold_case(text);
            for m in ac.find_overlapping_iter(folded.as_ref()) {
                match self.folded_targets.get(m.pattern().as_usize()) {
                    Some(Target::Word(id)) => self.push(*id, text, block, m.start(), m.end(), hits),
                    Some(Target::Regex(index)) => candidates.push(*index),
                    None => {}
                }
            }
        }
        if let Some(ac) = &self.exact {
            for m in ac.find_overlapping_iter(text) {
                if let Some(id) = self.exact_ids.get(m.pattern().as_usize()) {
                    self.push(*id, text, block, m.start(), m.end(), hits);
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
    }

    fn run_regex(&self, index: usize, text: &str, block: u32, hits: &mut Vec<Hit>) {
        let Some((regex, id)) = self.regexes.get(index) else {
            return;
        };
        regex.for_each_match(text, |m| {
            if m.start() < m.end() {
                self.push(*id, text, block, m.start(), m.end(), hits);
            }
        });
    }

    /// Whether the folded text holds a string of each further literal set of the regex at `index`.
    fn further_literals_occur(&self, index: usize, folded: &str) -> bool {
        // Found the first time one of the regex's literals is seen (most regexes never are, and
        // start-up stays short), from the parse its compilation uses too.
        self.regexes.get(index).is_none_or(|(regex, _)| {
            regex
                .further_literal_sets()
                .iter()
                .all(|set| set.iter().any(|literal| folded.contains(literal.as_str())))
        })
    }

    fn push(
        &self,
        id: PatternId,
        text: &str,
        block: u32,
        start: usize,
        end: usize,
        hits: &mut Vec<Hit>,
    ) {
        let whole_word = self.whole_word.get(id.0 as usize).copied().unwrap_or(false);
        if whole_word && !is_whole_word(text, start, end) {
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

    /// `scan` without the literal prefilter: every regex on every block. Only for tests, which check
    /// that the prefilter never loses a hit.
    #[doc(hidden)]
    pub fn scan_exhaustive(&self, doc: &Document) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (index, block) in doc.blocks.iter().enumerate() {
            let Ok(block_index) = u32::try_from(index) else {
                break;
            };
            let mut candidates = Vec::new();
            self.scan_literals(&block.text, block_index, &mut hits, &mut candidates);
            for index in 0..self.regexes.len() {
                if !self.is_guarded(index) {
                    self.run_regex(index, &block.text, block_index, &mut hits);
                }
            }
        }
        self.run_guarded(doc, &mut hits);
        hits.sort_unstable();
        hits.dedup();
        hits
    }

    fn is_guarded(&self, index: usize) -> bool {
        self.guarded.get(index).copied().unwrap_or(false)
    }

    /// The regexes that run on every block because no literal could be found in them.
    pub fn regexes_without_literals(&self) -> Vec<&str> {
        self.always
            .iter()
            .filter_map(|(i, _)| self.regexes.get(*i).map(|(r, _)| r.source()))
            .collect()
    }
}

/// Whether `start..end` is not glued to letters or digits on either side.
pub fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    let after = text.get(end..).and_then(|s| s.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
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
    fn regexes_without_literals_run_on_every_block() {
        let mut b = MatcherBuilder::default();
        let id = b.regex(PackRegex::parse(r"\d{3,}", false).unwrap(), false);
        let m = b.build().unwrap();
        assert_eq!(m.regexes_without_literals(), vec![r"\d{3,}"]);
        let hits = m.scan(&doc(&["Pris 120 kr", "inget", "3 kr 4000"]));
        assert_eq!(hits.iter().filter(|h| h.pattern == id).count(), 2);
    }

    #[test]
    fn a_guarded_regex_runs_only_where_a_guard_hit() {
        let cpv = r"\b\d{8}\s+\p{Lu}[^;\n]*";
        let mut b = MatcherBuilder::default();
        let icke = b.word("icke", false, true);
        let exception = b.guarded_regex(PackRegex::parse(cpv, false).unwrap(), true, &[icke]);
        let m = b.build().unwrap();
        assert!(
            m.regexes_without_literals().is_empty(),
            "not run on every block"
        );
        let text = [
            "03000000 Icke specialiserade varor",
            "03000000 Jordbruksprodukter",
            "icke",
        ];
        let hits = m.scan(&doc(&text));
        let blocks: Vec<u32> = hits
            .iter()
            .filter(|h| h.pattern == exception)
            .map(|h| h.block)
            .collect();
        assert_eq!(blocks, vec![0]);
        assert_eq!(m.scan_exhaustive(&doc(&text)), hits);

        let mut b = MatcherBuilder::default();
        let icke = b.word("icke", false, true);
        let guarded = b.guarded_regex(PackRegex::parse(cpv, false).unwrap(), true, &[icke]);
        let plain = b.regex(PackRegex::parse(cpv, false).unwrap(), true);
        assert_eq!(guarded, plain, "one pattern, shared");
        let hits = m_scan(b, &text);
        assert_eq!(hits.iter().filter(|h| h.pattern == plain).count(), 2);
    }

    #[test]
    fn a_guarded_regex_is_compiled_only_for_a_document_where_its_guard_hit() {
        let pattern = PackRegex::parse(r"\b\d{8}\s+\p{Lu}[^;\n]*", false).unwrap();
        let mut b = MatcherBuilder::default();
        let icke = b.word("icke", false, true);
        b.guarded_regex(pattern.clone(), true, &[icke]);
        let m = b.build().unwrap();
        m.scan(&doc(&["03000000 Jordbruksprodukter"]));
        assert!(!pattern.is_compiled(), "no guard, no compilation");
        m.scan(&doc(&["03000000 Icke specialiserade varor", "icke"]));
        assert!(pattern.is_compiled());
    }

    fn m_scan(builder: MatcherBuilder, lines: &[&str]) -> Vec<Hit> {
        builder.build().unwrap().scan(&doc(lines))
    }

    #[test]
    fn regexes_with_word_boundaries_match_on_swedish_text() {
        let mut b = MatcherBuilder::default();
        let id = b.regex(
            PackRegex::parse(r"\bförenklat förfarande\b", true).unwrap(),
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

    /// The rule set of the embedded packs, as `upplint check --no-config` compiles it (once).
    fn embedded_rules() -> &'static crate::check::RuleSet {
        static RULES: std::sync::LazyLock<crate::check::RuleSet> =
            std::sync::LazyLock::new(compile_embedded);
        &RULES
    }

    fn compile_embedded() -> crate::check::RuleSet {
        let loaded = crate::rules::load(&crate::rules::LoadOptions {
            no_config: true,
            ..Default::default()
        })
        .unwrap();
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let env = crate::check::env::Env::from_layers(&loaded, as_of);
        crate::check::RuleSet::compile(&loaded, env).unwrap_or_else(|_| panic!("packs compile"))
    }

    /// Texts that exercise the default packs' patterns, with the case folds only Unicode knows
    /// (LONG S, KELVIN SIGN, ANGSTROM SIGN) that the literal prefilter must not lose.
    const SAMPLES: &[&str] = &[
        "Sista dag för att lämna anbud är 2026-03-15. Anbudet ska vara giltigt i sex månader.",
        "Upphandlingen genomförs som ett förenklat förfarande enligt 19 kap. LOU (2016:1145).",
        "Enligt 19 a kap. 1 § LOU och lagen (2007:1091) om offentlig upphandling gäller detta.",
        "Direktupphandlingsgränsen är 615 312 kronor. Det uppskattade värdet är 1,2 mnkr.",
        "[Ange datum] XXXX-XX-XX Bilaga X Klicka eller tryck här för att ange text. Lorem ipsum",
        "Fel! Hittar inte referenskälla. Ta bort denna instruktion innan du publicerar dokumentet.",
        "ILO:s kärnkonventioner nr 29, 87, 98, 100, 105, 111, 138 och 182 ska följas.",
        "Leverantören skall tillse att erforderliga intyg inkommer. Skall-kraven; icke-diskriminering.",
        "\u{17F}ista dag f\u{F6}r anbud; \u{212A}ollektivavtal; \u{212B}tg\u{E4}rder; SISTA ANBUDSDAG",
        "Miljökrav, energi, klimatpåverkan och kemikalier; ISO 14001; Svanen; koldioxid; fossilfri.",
        "Avtalsperioden är två år med option om förlängning 1+1 år. Avtalet börjar gälla 2027-01-01.",
        "Upphandling av städtjänster och livsmedel; arbetsrättsliga villkor om lön, semester och arbetstid.",
        "Diarienummer: KS 2026/118. Dnr 2025-00012. Av samma slag under räkenskapsåret; 28 procent av tröskelvärdet.",
    ];

    /// The samples and every line of every example of the default packs.
    fn sample_texts(rules: &crate::check::RuleSet) -> Vec<String> {
        let mut texts: Vec<String> = SAMPLES.iter().map(|s| s.to_string()).collect();
        for rule in &rules.rules {
            for example in &rule.examples {
                if let Some(text) = &example.text {
                    texts.extend(text.get_ref().lines().map(str::to_string));
                }
            }
        }
        texts
    }

    #[test]
    fn the_literal_prefilter_loses_no_hit_of_the_default_packs() {
        let rules = embedded_rules();
        let texts = sample_texts(rules);
        let d = doc(&texts.iter().map(String::as_str).collect::<Vec<_>>());
        let fast = rules.matcher.scan(&d);
        let exhaustive = rules.matcher.scan_exhaustive(&d);
        assert!(fast.len() > 100, "the samples hit: {}", fast.len());
        assert_eq!(fast, exhaustive);
    }

    /// Pack regexes are built without the parts the literal prefilter makes redundant: they must find
    /// exactly what the `regex` crate finds.
    #[test]
    fn pack_regexes_find_what_the_regex_crate_finds() {
        let rules = embedded_rules();
        let texts = sample_texts(rules);
        for (regex, _) in &rules.matcher.regexes {
            let reference = regex::RegexBuilder::new(regex.source())
                .case_insensitive(regex.case_insensitive())
                .build()
                .unwrap();
            for text in &texts {
                let ours: Vec<(usize, usize)> = regex
                    .find_iter(text)
                    .map(|m| (m.start(), m.end()))
                    .collect();
                let theirs: Vec<(usize, usize)> = reference
                    .find_iter(text)
                    .map(|m| (m.start(), m.end()))
                    .collect();
                assert_eq!(ours, theirs, "{} on {text}", regex.source());
                assert_eq!(regex.is_match(text), reference.is_match(text));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn the_literal_prefilter_loses_no_hit_on_generated_text(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "sista", "dag", "för", "anbud", "anbudet", "SKALL", "ſkall", "\u{212A}ap.", "kap.",
                    "19", "a", "§", "LOU", "2007:1091", "[Ange", "datum]", "XXXX", "xx", "miljö",
                    "krav", "direktupphandling", "700 000", "kr", "förenklat", "förfarande", "ILO",
                    "29,", "87", "och", "icke-", "ej", "Å", "\u{212B}r", "avtals", "perioden", "—", "–",
                ]),
                0..24,
            )
        ) {
            let rules = embedded_rules();
            let text = words.join(" ");
            let d = doc(&[text.as_str()]);
            proptest::prop_assert_eq!(rules.matcher.scan(&d), rules.matcher.scan_exhaustive(&d));
        }
    }

    #[test]
    fn identical_patterns_share_an_id() {
        let mut b = MatcherBuilder::default();
        assert_eq!(b.word("ej", false, true), b.word("EJ", false, true));
        assert_ne!(b.word("ej", true, true), b.word("ej", false, true));
    }
}
