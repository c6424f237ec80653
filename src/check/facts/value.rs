//! Reading a fact's value of a given type from a window of a block's text (the words after its label).

use super::schema::{FactKind, ValueType};
use super::{DurationValue, FactValue, PeriodValue};
use crate::check::regex_util::PackRegex;
use crate::text::amount::{Currency, find_amounts};
use crate::text::date::{find_dates, find_durations, find_periods};
use chrono::{Months, NaiveDate};
use std::ops::Range;

/// A value read from a text, with its byte span in that text.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub value: FactValue,
    pub span: Range<usize>,
}

/// Longest text value taken when a text fact has no `pattern`, in bytes.
const MAX_TEXT_VALUE: usize = 60;

/// The first value of the kind's type in `text[window]`; spans are relative to `text`.
pub fn parse_value(kind: &FactKind, text: &str, window: Range<usize>) -> Option<Parsed> {
    let slice = text.get(window.clone())?;
    let parsed = match kind.value {
        ValueType::Date => parse_date(slice),
        ValueType::Period => parse_period(slice),
        ValueType::Duration => parse_duration(slice),
        ValueType::Amount => parse_amount(slice),
        ValueType::Text => parse_text(slice, kind.pattern.as_ref()),
        ValueType::Label => None,
    }?;
    Some(shift(parsed, window.start))
}

fn shift(parsed: Parsed, by: usize) -> Parsed {
    let value = match parsed.value {
        FactValue::Period { value } => FactValue::Period {
            value: PeriodValue {
                start_span: offset(&value.start_span, by),
                end_span: value.end_span.as_ref().map(|s| offset(s, by)),
                ..value
            },
        },
        other => other,
    };
    Parsed {
        value,
        span: offset(&parsed.span, by),
    }
}

fn offset(range: &Range<usize>, by: usize) -> Range<usize> {
    range.start + by..range.end + by
}

fn parse_date(text: &str) -> Option<Parsed> {
    let mention = find_dates(text, None).into_iter().next()?;
    Some(Parsed {
        value: FactValue::Date {
            value: mention.date,
            time: mention.time,
        },
        span: mention.span,
    })
}

/// A written period (`2024-03-01 – 2025-02-28`, `från … till …`), or a start date with a length
/// (`2 + 1 + 1 år från och med 2027-05-01`) or introduced as a start (`gäller från 2027-07-01`).
fn parse_period(text: &str) -> Option<Parsed> {
    if let Some(period) = find_periods(text, None).into_iter().next() {
        let inner = text.get(period.span.clone()).unwrap_or("");
        let dates = find_dates(inner, None);
        let start_span = dates
            .first()
            .map(|d| offset(&d.span, period.span.start))
            .unwrap_or(period.span.clone());
        let end_span = dates
            .last()
            .map(|d| offset(&d.span, period.span.start))
            .unwrap_or(period.span.clone());
        return Some(Parsed {
            value: FactValue::Period {
                value: PeriodValue {
                    start: period.start,
                    end: Some(period.end),
                    start_span,
                    end_span: Some(end_span),
                },
            },
            span: period.span,
        });
    }
    start_with_length(text)
}

fn start_with_length(text: &str) -> Option<Parsed> {
    let date = find_dates(text, None).into_iter().next()?;
    let before = text.get(..date.span.start).unwrap_or("");
    let duration = find_durations(text)
        .into_iter()
        .find(|d| d.months > 0 || d.days > 0);
    let acceptable = introduces_start(before) || (duration.is_some() && !introduces_end(before));
    if !acceptable {
        return None;
    }
    let end = duration.as_ref().and_then(|d| base_end(date.date, d));
    let span = match &duration {
        Some(d) => d.span.start.min(date.span.start)..d.span.end.max(date.span.end),
        None => date.span.clone(),
    };
    Some(Parsed {
        value: FactValue::Period {
            value: PeriodValue {
                start: date.date,
                end,
                start_span: date.span.clone(),
                end_span: None,
            },
        },
        span,
    })
}

/// The last day of the base period (options not counted) that starts on `start`.
fn base_end(start: NaiveDate, duration: &crate::text::date::Duration) -> Option<NaiveDate> {
    let end_exclusive = if duration.months > 0 {
        let base = duration.parts.first().copied().unwrap_or(duration.months);
        start.checked_add_months(Months::new(base))?
    } else {
        start.checked_add_days(chrono::Days::new(u64::from(duration.days)))?
    };
    end_exclusive.pred_opt()
}

const START_WORDS: &[&str] = &[
    "från och med",
    "fr.o.m.",
    "fr o m",
    "från",
    "med start",
    "med början",
    "startar",
    "börjar gälla",
    "börjar",
];

const END_WORDS: &[&str] = &["till och med", "t.o.m.", "till", "senast", "längst"];

fn introduces_start(before: &str) -> bool {
    ends_with_any(before, START_WORDS)
}

fn introduces_end(before: &str) -> bool {
    ends_with_any(before, END_WORDS)
}

/// Whether `text`, trimmed (and without a trailing `den`), ends with one of `words` as whole words.
fn ends_with_any(text: &str, words: &[&str]) -> bool {
    let lower = text.trim_end().to_lowercase();
    let lower = lower
        .strip_suffix(" den")
        .map(str::trim_end)
        .unwrap_or(&lower);
    words.iter().any(|w| {
        lower.strip_suffix(w).is_some_and(|rest| {
            rest.chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        })
    })
}

/// The duration with the most parts (base and options), the first on a tie.
fn parse_duration(text: &str) -> Option<Parsed> {
    let mut best: Option<crate::text::date::Duration> = None;
    for duration in find_durations(text) {
        if best
            .as_ref()
            .is_none_or(|b| duration.parts.len() > b.parts.len())
        {
            best = Some(duration);
        }
    }
    let duration = best?;
    Some(Parsed {
        value: FactValue::Duration {
            value: DurationValue {
                months: duration.months,
                days: duration.days,
                parts: duration.parts,
            },
        },
        span: duration.span,
    })
}

fn parse_amount(text: &str) -> Option<Parsed> {
    let amount = find_amounts(text).into_iter().next()?;
    Some(Parsed {
        value: FactValue::Amount {
            value: amount.value,
            currency: currency_code(amount.currency),
        },
        span: amount.span,
    })
}

pub fn currency_code(currency: Currency) -> &'static str {
    match currency {
        Currency::Sek => "SEK",
        Currency::Eur => "EUR",
    }
}

/// Text right after the label and its separators: what `pattern` matches there, or without a pattern
/// the words up to a comma, semicolon, bracket or the end of the window.
fn parse_text(text: &str, pattern: Option<&PackRegex>) -> Option<Parsed> {
    let start = text.len() - text.trim_start_matches(is_separator).len();
    let rest = text.get(start..)?;
    let len = match pattern {
        Some(pattern) => pattern.find(rest).filter(|m| m.start() == 0)?.end(),
        None => plain_text_len(rest),
    };
    let value = rest.get(..len)?;
    let trimmed = value.trim_end_matches(|c: char| c.is_whitespace() || c == '.');
    if !trimmed.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some(Parsed {
        value: FactValue::Text {
            value: trimmed.to_string(),
        },
        span: start..start + trimmed.len(),
    })
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '.')
}

fn plain_text_len(rest: &str) -> usize {
    let stop = rest
        .find([',', ';', '(', ')', '\n', '\t'])
        .unwrap_or(rest.len());
    let mut len = stop.min(MAX_TEXT_VALUE);
    while !rest.is_char_boundary(len) {
        len -= 1;
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::matcher::PatternId;

    fn kind(value: ValueType, pattern: Option<&str>) -> FactKind {
        FactKind {
            name: "x".into(),
            description: "x".into(),
            value,
            label: PatternId(0),
            pattern: pattern.map(|p| crate::check::regex_util::PackRegex::parse(p, false).unwrap()),
            identity: crate::rules::format::Identity::No,
        }
    }

    fn parse(value: ValueType, text: &str) -> Option<Parsed> {
        parse_value(&kind(value, None), text, 0..text.len())
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn reads_dates_with_times_and_spans() {
        let text = ": 2024-03-15 kl. 12.00.";
        let parsed = parse(ValueType::Date, text).unwrap();
        assert!(
            matches!(parsed.value, FactValue::Date { value, time: Some(_) } if value == date(2024, 3, 15))
        );
        assert_eq!(&text[parsed.span], "2024-03-15 kl. 12.00");
        assert!(parse(ValueType::Date, " den 23 februari.").is_none());
    }

    #[test]
    fn reads_written_periods_with_start_and_end_spans() {
        let text = ": 2024-03-01 – 2025-02-28.";
        let parsed = parse(ValueType::Period, text).unwrap();
        let FactValue::Period { value } = parsed.value else {
            panic!("not a period")
        };
        assert_eq!(value.start, date(2024, 3, 1));
        assert_eq!(value.end, Some(date(2025, 2, 28)));
        assert_eq!(&text[value.start_span], "2024-03-01");
        assert_eq!(&text[value.end_span.unwrap()], "2025-02-28");
    }

    #[test]
    fn reads_a_start_with_a_length_or_a_start_word() {
        let text = ": 2 + 1 + 1 år från och med 2027-05-01.";
        let FactValue::Period { value } = parse(ValueType::Period, text).unwrap().value else {
            panic!("not a period")
        };
        assert_eq!(value.start, date(2027, 5, 1));
        assert_eq!(value.end, Some(date(2029, 4, 30)));
        let FactValue::Period { value } =
            parse(ValueType::Period, " från 2027-07-01.").unwrap().value
        else {
            panic!("not a period")
        };
        assert_eq!((value.start, value.end), (date(2027, 7, 1), None));
        assert!(parse(ValueType::Period, " kan förlängas till 2030-06-30.").is_none());
        assert!(parse(ValueType::Period, " omfattar hela året.").is_none());
    }

    #[test]
    fn reads_amounts_durations_and_text() {
        let parsed = parse(ValueType::Amount, " uppskattas till 3 800 000 kr.").unwrap();
        assert_eq!(
            parsed.value,
            FactValue::Amount {
                value: 3_800_000.0,
                currency: "SEK"
            }
        );
        let FactValue::Duration { value } = parse(
            ValueType::Duration,
            " två gånger med ett år i taget, alltså 2 + 1 + 1 år.",
        )
        .unwrap()
        .value
        else {
            panic!("not a duration")
        };
        assert_eq!(value.parts, vec![24, 12, 12]);
        let text = ": KS 2026/456, se även bilaga.";
        let parsed = parse(ValueType::Text, text).unwrap();
        assert_eq!(&text[parsed.span], "KS 2026/456");
        let reference = kind(ValueType::Text, Some(r"[A-ZÅÄÖ]{0,6} ?\d[\w/-]*\d"));
        let text = " KS 2026/123 gäller";
        let parsed = parse_value(&reference, text, 0..text.len()).unwrap();
        assert_eq!(&text[parsed.span], "KS 2026/123");
        assert!(parse_value(&reference, " i alla kontakter", 0..17).is_none());
    }

    #[test]
    fn windows_are_respected() {
        let text = "Sista dag för frågor är 2027-02-15 och anbud 2027-03-01.";
        let parsed = parse_value(&kind(ValueType::Date, None), text, 38..text.len()).unwrap();
        assert_eq!(&text[parsed.span], "2027-03-01");
    }
}
