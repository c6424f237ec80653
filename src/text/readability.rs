//! Readability measures for plain-language checks: words, sentences and LIX (läsbarhetsindex).
//!
//! # Definitions
//!
//! * **Word**: a maximal run of Unicode letters and digits. A hyphen, apostrophe (`'`, `’`),
//!   period or colon *between two* letters/digits joins the runs into one word, and so does a comma
//!   between two digits: `e-post`, `t.ex`, `c:a`, `2016:1145` and `1,5` are one word each, while
//!   `700 000` is two.
//! * **Long word**: a word with more than 6 letters; only letters count, so digits never make a
//!   word long (`LOU-upphandling` has 14 letters and is long, `1234567` is not).
//! * **Sentence end**: a run of `.`, `!`, `?` or `…` (with any closing quotes or brackets right after
//!   it) followed by whitespace or the end of the text; a line break also ends a sentence (a block's
//!   lines are headings, list items or table-like lines). A colon never ends a sentence.
//!   A period run does **not** end a sentence when:
//!   - it follows an abbreviation that never ends a sentence (`t.ex.`, `bl.a.`, `kap.`, `kl.`, month
//!     abbreviations such as `feb.`; see [`NEVER_ENDING_ABBREVIATIONS`]);
//!   - it follows a list-closing abbreviation (`m.m.`, `osv.`, `etc.`; see
//!     [`LIST_CLOSING_ABBREVIATIONS`]) and the next word does not start with an upper-case letter;
//!   - the next word starts with a lower-case letter (an unlisted abbreviation, such as `enl. avtal`);
//!   - it closes a number that is the first word of its sentence (list numbering: `1. Inledning`,
//!     `3.2. Krav`).
//!
//!   A period not followed by whitespace (`1.5`, `www.upphandling.se`) never ends a sentence.
//! * **Sentence**: the text between two sentence ends, trimmed; a piece without words is not a
//!   sentence, and a text with words but no end punctuation (a heading, a table cell) is one sentence.
//! * **LIX** = words / sentences + 100 × long words / words; 0 when there are no words.

use std::ops::Range;

/// Abbreviations (lower case, with their final period) after which a period never ends a sentence.
pub const NEVER_ENDING_ABBREVIATIONS: &[&str] = &[
    "t.ex.", "bl.a.", "d.v.s.", "dvs.", "s.k.", "fr.o.m.", "t.o.m.", "p.g.a.", "pga.", "inkl.",
    "exkl.", "ex.", "ca.", "c:a.", "kap.", "st.", "nr.", "resp.", "enl.", "jfr.", "kl.", "ang.",
    "bet.", "tel.", "f.d.", "fr.", "sid.", "s.", "p.", "mom.", "art.", "bil.", "avd.", "prop.",
    "dnr.", "ev.", "t.v.", "o.", "el.", "milj.", "mn.", "mdr.", "jan.", "feb.", "mar.", "apr.",
    "jun.", "jul.", "aug.", "sep.", "sept.", "okt.", "nov.", "dec.", "e.g.", "i.e.", "vs.", "no.",
];

/// Abbreviations that close a list: they end a sentence only when an upper-case letter follows.
pub const LIST_CLOSING_ABBREVIATIONS: &[&str] = &[
    "m.m.", "mm.", "o.s.v.", "osv.", "etc.", "m.fl.", "mfl.", "o.d.", "e.d.", "m.a.o.",
];

/// One sentence: its byte span in the text (trimmed of surrounding whitespace) and its word count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub span: Range<usize>,
    pub words: usize,
}

/// Counts for LIX; accumulate over many blocks with [`TextStats::merge`] (LIX is computed per section).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TextStats {
    pub words: usize,
    pub sentences: usize,
    pub long_words: usize,
    /// LIX of the counts above, kept up to date by [`stats`] and [`TextStats::merge`].
    pub lix: f64,
}

impl TextStats {
    /// Stats from raw counts, with LIX computed from them.
    pub fn from_counts(words: usize, sentences: usize, long_words: usize) -> TextStats {
        TextStats {
            words,
            sentences,
            long_words,
            lix: lix(words, sentences, long_words),
        }
    }

    /// Adds another text's counts to these (e.g. the next paragraph of a section) and recomputes LIX.
    pub fn merge(&mut self, other: &TextStats) {
        *self = TextStats::from_counts(
            self.words + other.words,
            self.sentences + other.sentences,
            self.long_words + other.long_words,
        );
    }

    /// Adds the counts of `text`; a paragraph without end punctuation counts as one sentence.
    pub fn add_text(&mut self, text: &str) {
        self.merge(&stats(text));
    }
}

/// LIX from counts: words / sentences + 100 × long words / words (0 when there are no words).
pub fn lix(words: usize, sentences: usize, long_words: usize) -> f64 {
    if words == 0 {
        return 0.0;
    }
    let words_f = words as f64;
    words_f / sentences.max(1) as f64 + 100.0 * long_words as f64 / words_f
}

/// Word, sentence and long-word counts of one text, with its LIX.
///
/// One pass over the words, counting what [`sentences`] would give without building the list: a word
/// belongs to the first sentence whose end lies after its start, and a sentence counts when it has a word.
pub fn stats(text: &str) -> TextStats {
    let mut ends = sentence_ends(text)
        .into_iter()
        .chain(std::iter::once(text.len()));
    let mut end = ends.next().unwrap_or(text.len());
    let (mut words, mut sentences, mut long_words) = (0, 0, 0);
    let mut counted = false;
    for word in word_spans(text) {
        while word.start >= end {
            let Some(next) = ends.next() else {
                break;
            };
            end = next;
            counted = false;
        }
        if !counted {
            sentences += 1;
            counted = true;
        }
        words += 1;
        if text.get(word).is_some_and(is_long_word) {
            long_words += 1;
        }
    }
    TextStats::from_counts(words, sentences, long_words)
}

/// Whether a word has more than 6 letters (digits and joiners do not count).
pub fn is_long_word(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).nth(6).is_some()
}

/// The byte spans of the words of `text`, in order (see the module documentation for "word").
pub fn word_spans(text: &str) -> WordSpans<'_> {
    WordSpans { text, pos: 0 }
}

/// Iterator over word spans; see [`word_spans`].
#[derive(Debug, Clone)]
pub struct WordSpans<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for WordSpans<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let rest = self.text.get(self.pos..)?;
        let (offset, _) = rest.char_indices().find(|&(_, c)| c.is_alphanumeric())?;
        let start = self.pos + offset;
        let end = word_end(self.text, start);
        self.pos = end;
        Some(start..end)
    }
}

/// The end of the word starting at `start` (which is on a letter or digit).
fn word_end(text: &str, start: usize) -> usize {
    let rest = text.get(start..).unwrap_or_default();
    let mut chars = rest.char_indices().peekable();
    let mut end = start;
    let mut previous: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            end = start + i + c.len_utf8();
            previous = Some(c);
            continue;
        }
        let next = chars.peek().map(|&(_, n)| n);
        match (previous, next) {
            (Some(p), Some(n)) if joins_word(p, c, n) => previous = Some(c),
            _ => break,
        }
    }
    end
}

fn joins_word(previous: char, joiner: char, next: char) -> bool {
    if !previous.is_alphanumeric() || !next.is_alphanumeric() {
        return false;
    }
    match joiner {
        '-' | '\u{2011}' | '\'' | '\u{2019}' | '.' | ':' => true,
        ',' => previous.is_ascii_digit() && next.is_ascii_digit(),
        _ => false,
    }
}

/// The sentences of `text`, in order, each with its word count.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut result = Vec::new();
    let mut words = word_spans(text).peekable();
    let mut start = 0;
    let ends = sentence_ends(text);
    for end in ends.into_iter().chain(std::iter::once(text.len())) {
        let mut count = 0;
        while words.next_if(|w| w.start < end).is_some() {
            count += 1;
        }
        if count > 0 {
            result.push(Sentence {
                span: trimmed(text, start..end),
                words: count,
            });
        }
        start = end;
    }
    result
}

/// `range` without leading and trailing whitespace.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let piece = text.get(range.clone()).unwrap_or_default();
    let leading = piece.len() - piece.trim_start().len();
    let trailing = piece.len() - piece.trim_end().len();
    let start = range.start + leading;
    start..(range.end - trailing).max(start)
}

/// Byte offsets where sentences end (just after the end punctuation, or at a line break).
fn sentence_ends(text: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut sentence_start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_line_break(c) {
            ends.push(i);
            sentence_start = i;
            continue;
        }
        if !is_terminator(c) {
            continue;
        }
        let mut run_end = i + c.len_utf8();
        let mut only_periods = c == '.' || c == '…';
        while let Some((j, d)) = chars.next_if(|&(_, d)| is_terminator(d) || is_closer(d)) {
            only_periods &= !matches!(d, '!' | '?');
            run_end = j + d.len_utf8();
        }
        let rest = text.get(run_end..).unwrap_or_default();
        let at_end = rest.is_empty();
        if !at_end && !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let following = rest.trim_start().chars().next();
        if at_end || !only_periods || period_ends_sentence(text, sentence_start, i, following) {
            ends.push(run_end);
            sentence_start = run_end;
        }
    }
    ends
}

/// Whether the period at `period` (followed by whitespace, then `following`) ends a sentence.
fn period_ends_sentence(
    text: &str,
    sentence_start: usize,
    period: usize,
    following: Option<char>,
) -> bool {
    let token_start = token_start_before(text, period);
    let token = format!(
        "{}.",
        text.get(token_start..period)
            .unwrap_or_default()
            .to_lowercase()
    );
    let next_is_upper = following.is_none_or(char::is_uppercase);
    let next_is_lower = following.is_some_and(char::is_lowercase);
    if NEVER_ENDING_ABBREVIATIONS.contains(&token.as_str()) {
        return false;
    }
    if LIST_CLOSING_ABBREVIATIONS.contains(&token.as_str()) {
        return next_is_upper;
    }
    if next_is_lower {
        return false;
    }
    let is_number = token.chars().any(|c| c.is_ascii_digit())
        && token.chars().all(|c| c.is_ascii_digit() || c == '.');
    let first_in_sentence = !text
        .get(sentence_start..token_start)
        .unwrap_or_default()
        .chars()
        .any(char::is_alphanumeric);
    !(is_number && first_in_sentence)
}

/// Start of the abbreviation-like token (letters, digits, `.`, `:`) that ends just before `period`.
fn token_start_before(text: &str, period: usize) -> usize {
    let before = text.get(..period).unwrap_or_default();
    before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.' || c == ':')
        .last()
        .map_or(period, |(i, _)| i)
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, ')' | ']' | '"' | '\'' | '”' | '’' | '»')
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{000B}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence_texts(text: &str) -> Vec<&str> {
        sentences(text)
            .iter()
            .map(|s| &text[s.span.clone()])
            .collect()
    }

    fn words_of(text: &str) -> Vec<&str> {
        word_spans(text).map(|w| &text[w]).collect()
    }

    #[test]
    fn domain_test_vectors() {
        assert_eq!(stats("Jag gick hem. Det var bra.").lix, 3.0);
        assert_eq!(stats("Regeringen presenterade proposition.").lix, 103.0);
        assert_eq!(
            stats("This is a test. And this is another test sentence.").lix,
            25.0
        );
    }

    #[test]
    fn stats_counts() {
        let s = stats("This is a test. And this is another test sentence.");
        assert_eq!((s.words, s.sentences, s.long_words), (10, 2, 2));
    }

    #[test]
    fn empty_and_wordless_text() {
        assert_eq!(stats(""), TextStats::default());
        assert_eq!(stats("  ... !? – "), TextStats::default());
        assert!(sentences("").is_empty());
        assert!(sentences(" . . ").is_empty());
    }

    #[test]
    fn words_with_joiners() {
        assert_eq!(words_of("e-post, LOU:s krav"), ["e-post", "LOU:s", "krav"]);
        assert_eq!(
            words_of("t.ex. c:a 1,5 mnkr"),
            ["t.ex", "c:a", "1,5", "mnkr"]
        );
        assert_eq!(words_of("leverantör's"), ["leverantör's"]);
        assert_eq!(words_of("700 000 kr"), ["700", "000", "kr"]);
        assert_eq!(words_of("a, b - c -d"), ["a", "b", "c", "d"]);
        assert_eq!(words_of("åäö ÅÄÖ"), ["åäö", "ÅÄÖ"]);
        assert_eq!(words_of("slut-"), ["slut"]);
    }

    #[test]
    fn comma_joins_only_digits() {
        assert_eq!(words_of("a,b 1,b"), ["a", "b", "1", "b"]);
    }

    #[test]
    fn long_words_count_letters_only() {
        assert!(is_long_word("Regeringen"));
        assert!(is_long_word("LOU-upphandling"));
        assert!(is_long_word("anbudet")); // 7 letters
        assert!(!is_long_word("anbuds")); // 6 letters
        assert!(!is_long_word("anbud12345"));
        assert!(!is_long_word("1234567"));
        assert!(!is_long_word("svaret"));
        assert!(is_long_word("åtgärder"));
    }

    #[test]
    fn sentence_split_on_end_punctuation() {
        assert_eq!(
            sentence_texts("Jag gick hem. Det var bra! Eller? Ja."),
            ["Jag gick hem.", "Det var bra!", "Eller?", "Ja."]
        );
    }

    #[test]
    fn text_without_end_punctuation_is_one_sentence() {
        assert_eq!(
            sentence_texts("3.2 Kvalificeringskrav"),
            ["3.2 Kvalificeringskrav"]
        );
        let s = stats("Anbudsgivarens svar");
        assert_eq!((s.words, s.sentences), (2, 1));
    }

    #[test]
    fn colon_does_not_end_a_sentence() {
        assert_eq!(
            sentence_texts("Följande gäller: Anbud ska lämnas."),
            ["Följande gäller: Anbud ska lämnas."]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        for text in [
            "Krav ställs t.ex. Miljökrav gäller.",
            "Det gäller bl.a. Stockholm och Uppsala.",
            "Se 13 kap. 1 § LOU för detaljer.",
            "Avtalet gäller fr.o.m. 1 januari.",
            "Anbud lämnas senast kl. 12.00 samma dag.",
            "Pris ca. 500 kr per timme.",
            "Värdet inkl. moms och exkl. Avgifter gäller.",
            "Se bilaga nr. 3 i underlaget.",
            "Sista dag är den 23 feb. 2024 för anbud.",
            "Med s.k. Ramavtal avses avtal.",
            "Det är d.v.s. Samma sak.",
            "KAP. 3 gäller.",
        ] {
            assert_eq!(sentences(text).len(), 1, "{text}");
        }
    }

    #[test]
    fn list_closing_abbreviations_end_only_before_upper_case() {
        assert_eq!(sentences("Pennor, papper m.m. till kontoret.").len(), 1);
        assert_eq!(
            sentences("Pennor, papper m.m. Leverans sker i maj.").len(),
            2
        );
        assert_eq!(
            sentences("Städning, fönsterputs osv. Priset är fast.").len(),
            2
        );
        assert_eq!(sentences("Pennor etc. köps in.").len(), 1);
        assert_eq!(sentences("Pennor etc.").len(), 1);
    }

    #[test]
    fn decimal_numbers_and_addresses_do_not_end_sentences() {
        assert_eq!(
            sentences("Värdet är 1.5 miljoner enligt www.uhm.se idag.").len(),
            1
        );
    }

    #[test]
    fn lower_case_after_period_continues_the_sentence() {
        assert_eq!(
            sentences("Betalning sker enl. avtal inom 30 dagar.").len(),
            1
        );
    }

    #[test]
    fn list_numbering_does_not_end_a_sentence() {
        assert_eq!(sentence_texts("1. Inledning"), ["1. Inledning"]);
        assert_eq!(
            sentence_texts("3.2. Krav på leverantören"),
            ["3.2. Krav på leverantören"]
        );
        assert_eq!(sentences("Summan är 5. Den betalas i maj.").len(), 2);
    }

    #[test]
    fn closing_quotes_and_brackets_belong_to_the_sentence() {
        assert_eq!(
            sentence_texts("Han sa \"Nej.\" Sedan gick han. (Se bilaga.) Slut"),
            ["Han sa \"Nej.\"", "Sedan gick han.", "(Se bilaga.)", "Slut"]
        );
    }

    #[test]
    fn ellipsis_and_repeated_marks() {
        assert_eq!(sentences("Vänta... Nu?! Ja!!!").len(), 3);
        assert_eq!(sentences("Vänta… Nu.").len(), 2);
    }

    #[test]
    fn line_breaks_end_sentences() {
        assert_eq!(
            sentence_texts("Följande krav gäller\n- krav ett\r\n- krav två"),
            ["Följande krav gäller", "- krav ett", "- krav två"]
        );
    }

    #[test]
    fn sentence_word_counts() {
        let s = sentences("Jag gick hem. Det var riktigt bra, tyckte vi.");
        assert_eq!(s.iter().map(|s| s.words).collect::<Vec<_>>(), [3, 6]);
    }

    #[test]
    fn merge_accumulates_over_paragraphs() {
        let mut section = TextStats::default();
        section.add_text("Jag gick hem.");
        section.add_text("Det var bra.");
        assert_eq!(section, stats("Jag gick hem. Det var bra."));
        assert_eq!(section.lix, 3.0);

        let mut heading_and_body = stats("Inledning");
        heading_and_body.merge(&stats("Regeringen presenterade proposition."));
        assert_eq!((heading_and_body.words, heading_and_body.sentences), (4, 2));
        assert_eq!(heading_and_body.long_words, 4);
        assert_eq!(heading_and_body.lix, 4.0 / 2.0 + 100.0);
    }

    #[test]
    fn lix_of_counts() {
        assert_eq!(lix(0, 0, 0), 0.0);
        assert_eq!(lix(10, 2, 2), 25.0);
        assert_eq!(TextStats::from_counts(3, 1, 3).lix, 103.0);
    }

    #[test]
    fn spans_are_trimmed_and_on_char_boundaries() {
        let text = "  Åtgärd ska ske.   Öppna   ";
        for s in sentences(text) {
            let piece = &text[s.span.clone()];
            assert_eq!(piece, piece.trim());
        }
        assert_eq!(sentence_texts(text), ["Åtgärd ska ske.", "Öppna"]);
    }

    /// `stats` counts in one pass what the sentence list gives.
    #[test]
    fn stats_agree_with_the_sentence_list() {
        let texts = [
            "",
            "   ",
            "Inledning",
            "Jag gick hem. Det var bra.",
            "1. Inledning\n2. Krav. Leverantören ska t.ex. leverera m.m. Sedan klart!",
            "Se kap. 3 enl. avtal… ”Ja.” Nej?! 3.2. Krav\r\nÖppna   ",
            "... . ! ?",
            "700 000 kr, 1,5 procent; e-post: info@example.se. Slut",
        ];
        for text in texts {
            let list = sentences(text);
            let long = word_spans(text)
                .filter(|w| is_long_word(&text[w.clone()]))
                .count();
            let words = list.iter().map(|s| s.words).sum();
            assert_eq!(
                stats(text),
                TextStats::from_counts(words, list.len(), long),
                "{text}"
            );
        }
    }
}
