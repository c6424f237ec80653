//! Comparing fact values: which part of a value a rule reads, ordering dates and amounts, and when two
//! mentions state the same value.

use super::{Fact, FactValue};
use crate::text::fold::fold_case;
use chrono::{NaiveDate, NaiveTime};
use std::cmp::Ordering;
use std::ops::Range;

/// Which part of a fact a rule reads: the whole value, or a period's start or end (`avtalsperiod.start`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accessor {
    Whole,
    Start,
    End,
}

impl Accessor {
    /// Splits `name.start` / `name.end` into the fact name and the accessor.
    pub fn split(reference: &str) -> (&str, Accessor) {
        if let Some(name) = reference.strip_suffix(".start") {
            (name, Accessor::Start)
        } else if let Some(name) = reference.strip_suffix(".end") {
            (name, Accessor::End)
        } else {
            (reference, Accessor::Whole)
        }
    }
}

/// A value that can be ordered: a date (with its time when written) or an amount in a currency.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Point {
    Date(NaiveDate, Option<NaiveTime>),
    Amount(f64, &'static str),
}

/// Amounts closer than this (half a krona) are the same.
const AMOUNT_TOLERANCE: f64 = 0.5;

impl Point {
    /// The order of two points; None when they cannot be compared (a date and an amount, two
    /// currencies). Times count only when both dates have one.
    pub fn compare(&self, other: &Point) -> Option<Ordering> {
        match (self, other) {
            (Point::Date(a, ta), Point::Date(b, tb)) => match (ta, tb) {
                (Some(ta), Some(tb)) => Some((a, ta).cmp(&(b, tb))),
                _ => Some(a.cmp(b)),
            },
            (Point::Amount(a, ca), Point::Amount(b, cb)) if ca == cb => {
                if (a - b).abs() < AMOUNT_TOLERANCE {
                    Some(Ordering::Equal)
                } else {
                    a.partial_cmp(b)
                }
            }
            _ => None,
        }
    }

    /// The value for a message: an ISO date, or an amount written the Swedish way.
    pub fn display(&self) -> String {
        match self {
            Point::Date(date, _) => date.format("%Y-%m-%d").to_string(),
            Point::Amount(value, currency) => format_amount(*value, currency),
        }
    }
}

impl Fact {
    /// The ordered value a rule reads through `accessor`, if the fact has one.
    pub fn point(&self, accessor: Accessor) -> Option<Point> {
        match (&self.value, accessor) {
            (FactValue::Date { value, time }, Accessor::Whole) => Some(Point::Date(*value, *time)),
            (FactValue::Period { value }, Accessor::Whole | Accessor::Start) => {
                Some(Point::Date(value.start, None))
            }
            (FactValue::Period { value }, Accessor::End) => {
                value.end.map(|end| Point::Date(end, None))
            }
            (FactValue::Amount { value, currency }, Accessor::Whole) => {
                Some(Point::Amount(*value, currency))
            }
            _ => None,
        }
    }

    /// The byte span a finding about `accessor` points at: a period's start or end date when written.
    pub fn span_of(&self, accessor: Accessor) -> Range<usize> {
        match (&self.value, accessor) {
            (FactValue::Period { value }, Accessor::Start) => value.start_span.clone(),
            (FactValue::Period { value }, Accessor::End) => {
                value.end_span.clone().unwrap_or(self.span.clone())
            }
            _ => self.span.clone(),
        }
    }

    /// Whether two mentions state the same value (dates and times, both ends of a period when both
    /// are known, amounts within half a krona, text ignoring case, spaces and punctuation).
    pub fn same_value(&self, other: &Fact) -> bool {
        match (&self.value, &other.value) {
            (FactValue::Date { value: a, time: ta }, FactValue::Date { value: b, time: tb }) => {
                a == b && (ta.is_none() || tb.is_none() || ta == tb)
            }
            (FactValue::Period { value: a }, FactValue::Period { value: b }) => {
                a.start == b.start && (a.end.is_none() || b.end.is_none() || a.end == b.end)
            }
            (FactValue::Duration { value: a }, FactValue::Duration { value: b }) => {
                a.months == b.months && a.days == b.days
            }
            (
                FactValue::Amount {
                    value: a,
                    currency: ca,
                },
                FactValue::Amount {
                    value: b,
                    currency: cb,
                },
            ) => ca == cb && (a - b).abs() < AMOUNT_TOLERANCE,
            (FactValue::Text { value: a }, FactValue::Text { value: b }) => {
                text_key(a) == text_key(b)
            }
            _ => false,
        }
    }
}

/// Text compared without case, spaces or punctuation: `KS 2026/456` = `ks2026-456`.
fn text_key(text: &str) -> String {
    fold_case(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// `4200000` → `4 200 000 kr`; `1500000.5` in EUR → `1 500 000,50 euro`.
pub fn format_amount(value: f64, currency: &str) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let whole = rounded.trunc().abs() as u64;
    let cents = ((rounded.abs() - whole as f64) * 100.0).round() as u64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    if rounded < 0.0 {
        grouped.insert(0, '-');
    }
    if cents > 0 {
        grouped.push_str(&format!(",{cents:02}"));
    }
    let unit = if currency == "EUR" { "euro" } else { "kr" };
    format!("{grouped} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_amounts_the_swedish_way() {
        assert_eq!(format_amount(4_200_000.0, "SEK"), "4 200 000 kr");
        assert_eq!(format_amount(450.0, "SEK"), "450 kr");
        assert_eq!(format_amount(1_500_000.5, "EUR"), "1 500 000,50 euro");
    }

    #[test]
    fn dates_compare_times_only_when_both_have_one() {
        let day = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        let noon = NaiveTime::from_hms_opt(12, 0, 0);
        let late = NaiveTime::from_hms_opt(23, 59, 0);
        assert_eq!(
            Point::Date(day, noon).compare(&Point::Date(day, late)),
            Some(Ordering::Less)
        );
        assert_eq!(
            Point::Date(day, noon).compare(&Point::Date(day, None)),
            Some(Ordering::Equal)
        );
        assert_eq!(
            Point::Amount(1.0, "SEK").compare(&Point::Amount(1.0, "EUR")),
            None
        );
    }

    #[test]
    fn splits_accessors() {
        assert_eq!(
            Accessor::split("avtalsperiod.start"),
            ("avtalsperiod", Accessor::Start)
        );
        assert_eq!(Accessor::split("x"), ("x", Accessor::Whole));
    }
}
