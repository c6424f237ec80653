//! The text analysers on arbitrary UTF-8: amounts, numbers, dates, periods, durations, law references
//! and readability. No panic, and every span lies inside the text on char boundaries.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::ops::Range;
use upplint::text::{amount, date, lawref, readability};

fn check_spans(text: &str, spans: impl Iterator<Item = Range<usize>>) {
    for span in spans {
        assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let amounts = amount::find_amounts(text);
    check_spans(text, amounts.iter().map(|a| a.span.clone()));
    for a in &amounts {
        assert!(a.value.is_finite() && a.value >= 0.0, "{a:?}");
    }
    let _ = amount::parse_amount(text);
    if let Some(n) = amount::parse_number(text) {
        assert!(n.is_finite());
    }
    for year in [None, Some(2026)] {
        check_spans(text, date::find_dates(text, year).into_iter().map(|d| d.span));
        check_spans(text, date::find_periods(text, year).into_iter().map(|p| p.span));
    }
    check_spans(text, date::find_durations(text).into_iter().map(|d| d.span));
    check_spans(text, lawref::find_law_refs(text).into_iter().map(|r| r.span));
    check_spans(text, readability::sentences(text).into_iter().map(|s| s.span));
    let stats = readability::stats(text);
    assert!(stats.lix.is_finite());
});
