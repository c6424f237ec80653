//! Property tests for the text analysers: any input, no panic; spans inside the text, on char
//! boundaries, ordered and non-overlapping; values sane.

use proptest::prelude::*;
use std::ops::Range;
use upplint::text::{amount, date, fold, lawref, readability};

/// Fragments that the analysers react to, so that generated text often comes close to a match.
const FRAGMENTS: &[&str] = &[
    "700",
    "000",
    "1",
    "2",
    "12",
    "23",
    "2024",
    "2016:1145",
    "2007:1091",
    "12.00",
    "12:00",
    "1,5",
    "505.800",
    "216,000",
    " ",
    " ",
    "  ",
    "\u{00A0}",
    "\u{202F}",
    "\u{2009}",
    "\n",
    "\t",
    "kr",
    "kr.",
    "Kr",
    "kronor",
    "SEK",
    "sek",
    "EUR",
    "euro",
    "€",
    "tkr",
    "mnkr",
    "mdkr",
    "MSEK",
    "milj.",
    "miljoner",
    "tusen",
    ":-",
    ",-",
    "-",
    "–",
    "—",
    "till",
    "och",
    "ca",
    "högst",
    "minst",
    "överstiger",
    "upp",
    "inte",
    "exkl.",
    "inkl.",
    "moms",
    "den",
    "februari",
    "feb.",
    "mars",
    "maj",
    "dec",
    "kl.",
    "klockan",
    "/",
    "från och med",
    "fr.o.m.",
    "t.o.m.",
    "mellan",
    "år",
    "månader",
    "mån.",
    "veckor",
    "dagar",
    "två",
    "tre",
    "en",
    "+",
    "x",
    "×",
    "efter",
    "före",
    "förlängning",
    "kap.",
    "kapitlet",
    "19 a",
    "§",
    "§§",
    "LOU",
    "LUF",
    "LUFS",
    "ÄLOU",
    "lag",
    "lagen",
    "SFS",
    "(",
    ")",
    "om offentlig upphandling",
    "första stycket",
    ".",
    ",",
    "!",
    "?",
    ":",
    "t.ex.",
    "m.m.",
    "Å",
    "ä",
    "Ö",
    "é",
    "İ",
    "\u{212A}",
    "ẞ",
    "😀",
    "\u{0301}",
    "a",
    "Regeringen",
];

fn fragment_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40).prop_map(|parts| parts.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), fragment_text()]
}

/// Spans lie inside `text`, on char boundaries, non-empty, ordered and non-overlapping.
fn assert_spans(text: &str, spans: &[Range<usize>]) -> Result<(), TestCaseError> {
    let mut previous_end = 0;
    for span in spans {
        prop_assert!(span.start < span.end, "empty span {span:?} in {text:?}");
        prop_assert!(span.end <= text.len(), "span {span:?} outside {text:?}");
        prop_assert!(text.is_char_boundary(span.start), "{span:?} in {text:?}");
        prop_assert!(text.is_char_boundary(span.end), "{span:?} in {text:?}");
        prop_assert!(
            previous_end <= span.start,
            "overlap at {span:?} in {text:?}"
        );
        previous_end = span.end;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn amounts_have_valid_spans_and_values(text in any_text()) {
        let found = amount::find_amounts(&text);
        let spans: Vec<_> = found.iter().map(|a| a.span.clone()).collect();
        assert_spans(&text, &spans)?;
        for a in &found {
            prop_assert!(a.value.is_finite() && a.value >= 0.0, "{a:?}");
            if let Some(to) = a.range_to {
                prop_assert!(to.is_finite() && to >= a.value, "{a:?}");
            }
        }
    }

    #[test]
    fn an_amount_reads_the_same_on_its_own(text in fragment_text()) {
        for a in amount::find_amounts(&text) {
            let alone = &text[a.span.clone()];
            let again = amount::parse_amount(alone);
            prop_assert!(again.is_some(), "{alone:?} from {text:?}");
            let again = again.unwrap();
            prop_assert_eq!(
                (again.value, again.currency, again.range_to),
                (a.value, a.currency, a.range_to),
                "{:?} from {:?}", alone, text
            );
        }
    }

    #[test]
    fn parse_number_and_parse_amount_never_panic(text in any_text()) {
        if let Some(n) = amount::parse_number(&text) {
            prop_assert!(n.is_finite());
        }
        let _ = amount::parse_amount(&text);
    }

    #[test]
    fn dates_have_valid_spans(text in any_text(), year in prop::option::of(1900i32..2200)) {
        let found = date::find_dates(&text, year);
        let spans: Vec<_> = found.iter().map(|d| d.span.clone()).collect();
        assert_spans(&text, &spans)?;
        for d in &found {
            prop_assert!(!d.year_inferred || year == Some(chrono::Datelike::year(&d.date)));
        }
    }

    #[test]
    fn periods_have_valid_spans(text in any_text(), year in prop::option::of(1900i32..2200)) {
        let found = date::find_periods(&text, year);
        let spans: Vec<_> = found.iter().map(|p| p.span.clone()).collect();
        assert_spans(&text, &spans)?;
    }

    #[test]
    fn durations_have_valid_spans(text in any_text()) {
        let found = date::find_durations(&text);
        let spans: Vec<_> = found.iter().map(|d| d.span.clone()).collect();
        assert_spans(&text, &spans)?;
        for d in &found {
            prop_assert!(d.months == 0 || d.days == 0, "{d:?}");
            prop_assert_eq!(d.parts.iter().map(|p| u64::from(*p)).sum::<u64>(), u64::from(d.months));
        }
    }

    #[test]
    fn law_refs_have_valid_spans(text in any_text()) {
        let found = lawref::find_law_refs(&text);
        let spans: Vec<_> = found.iter().map(|r| r.span.clone()).collect();
        assert_spans(&text, &spans)?;
        for r in &found {
            prop_assert!(r.law.is_some() || r.chapter.is_some(), "{r:?}");
            prop_assert_eq!(r.repealed, r.law.as_deref().is_some_and(lawref::is_repealed));
        }
    }

    #[test]
    fn sentences_and_words_have_valid_spans(text in any_text()) {
        let sentences = readability::sentences(&text);
        let spans: Vec<_> = sentences.iter().map(|s| s.span.clone()).collect();
        assert_spans(&text, &spans)?;
        prop_assert!(sentences.iter().all(|s| s.words > 0));
        let words: Vec<_> = readability::word_spans(&text).collect();
        assert_spans(&text, &words)?;
        let stats = readability::stats(&text);
        prop_assert_eq!(stats.words, words.len());
        prop_assert_eq!(stats.sentences, sentences.len());
        prop_assert!(stats.long_words <= stats.words);
        prop_assert!(stats.sentences <= stats.words);
        prop_assert!(stats.lix.is_finite() && stats.lix >= 0.0);
    }

    #[test]
    fn merged_stats_equal_stats_of_joined_paragraphs(a in any_text(), b in any_text()) {
        let mut merged = readability::stats(&a);
        merged.merge(&readability::stats(&b));
        let joined = readability::stats(&format!("{a}\n{b}"));
        prop_assert_eq!(
            (merged.words, merged.sentences, merged.long_words),
            (joined.words, joined.sentences, joined.long_words)
        );
    }

    #[test]
    fn folding_keeps_every_byte_offset(text in any_text()) {
        let folded = fold::fold_case(&text);
        prop_assert_eq!(folded.len(), text.len());
        for (i, _) in text.char_indices() {
            prop_assert!(folded.is_char_boundary(i));
        }
        let twice = fold::fold_case(&folded).into_owned();
        prop_assert_eq!(twice.as_str(), folded.as_ref());
    }
}
