//! Typed cell values: calamine's data turned into the model's `CellValue` plus the text a person sees.
//!
//! Display text: numbers in Rust's shortest round-trip form with `.` as the decimal separator and no
//! exponent (700000 → `700000`, 19.95 → `19.95`); dates as ISO 8601 (`2024-12-31`, `2024-12-31T13:30:00`,
//! a time of day alone as `13:30:00`); durations as `[h]:mm:ss` (`36:00:00`) with the value in days;
//! booleans as `TRUE`/`FALSE`; errors as Excel writes them (`#DIV/0!`).

use crate::model::CellValue;
use calamine::{CellErrorType, Data, DataRef, ExcelDateTime};

/// A non-empty cell's value and display text.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Typed {
    pub value: CellValue,
    pub text: String,
}

const SECONDS_PER_DAY: f64 = 86_400.0;

/// The typed value of a streamed cell, or None when the cell holds nothing (an empty string counts as nothing).
pub(super) fn from_data_ref(data: &DataRef<'_>) -> Option<Typed> {
    match data {
        DataRef::Empty => None,
        DataRef::Int(i) => Some(integer(*i)),
        DataRef::Float(f) => Some(number(*f)),
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Bool(b) => Some(boolean(*b)),
        DataRef::DateTime(dt) => Some(excel_datetime(dt)),
        DataRef::DateTimeIso(s) => Some(iso_datetime(s)),
        DataRef::DurationIso(s) => Some(iso_duration(s)),
        DataRef::Error(e) => Some(error(e)),
    }
}

/// The typed value of a cell from a calamine range (.xls, .ods).
pub(super) fn from_data(data: &Data) -> Option<Typed> {
    match data {
        Data::Empty => None,
        Data::Int(i) => Some(integer(*i)),
        Data::Float(f) => Some(number(*f)),
        Data::String(s) => text(s),
        Data::Bool(b) => Some(boolean(*b)),
        Data::DateTime(dt) => Some(excel_datetime(dt)),
        Data::DateTimeIso(s) => Some(iso_datetime(s)),
        Data::DurationIso(s) => Some(iso_duration(s)),
        Data::Error(e) => Some(error(e)),
    }
}

fn integer(i: i64) -> Typed {
    Typed {
        // Integers beyond 2^53 lose precision as f64; the text keeps every digit.
        value: CellValue::Number(i as f64),
        text: i.to_string(),
    }
}

fn number(n: f64) -> Typed {
    Typed {
        value: CellValue::Number(n),
        text: number_text(n),
    }
}

/// `700000.0` → `700000`, `19.95` → `19.95`, `-0.0` → `0`.
pub(super) fn number_text(n: f64) -> String {
    if n == 0.0 {
        return "0".to_string();
    }
    format!("{n}")
}

fn text(s: &str) -> Option<Typed> {
    if s.is_empty() {
        return None;
    }
    Some(Typed {
        value: CellValue::Text(s.to_string()),
        text: s.to_string(),
    })
}

fn boolean(b: bool) -> Typed {
    Typed {
        value: CellValue::Bool(b),
        text: if b { "TRUE" } else { "FALSE" }.to_string(),
    }
}

fn error(e: &CellErrorType) -> Typed {
    let code = e.to_string();
    Typed {
        value: CellValue::Error(code.clone()),
        text: code,
    }
}

fn excel_datetime(dt: &ExcelDateTime) -> Typed {
    let serial = dt.as_f64();
    if dt.is_duration() {
        return duration(serial);
    }
    let iso = serial_to_iso(dt);
    Typed {
        value: CellValue::Date(iso.clone()),
        text: iso,
    }
}

/// ISO 8601 text for an Excel serial date: date only at midnight, time only below one day.
fn serial_to_iso(dt: &ExcelDateTime) -> String {
    let (year, month, day, hour, minute, second, milli) = dt.to_ymd_hms_milli();
    let time = if milli == 0 {
        format!("{hour:02}:{minute:02}:{second:02}")
    } else {
        format!("{hour:02}:{minute:02}:{second:02}.{milli:03}")
    };
    let serial = dt.as_f64();
    if (0.0..1.0).contains(&serial) {
        return time;
    }
    let date = format!("{year:04}-{month:02}-{day:02}");
    if hour == 0 && minute == 0 && second == 0 && milli == 0 {
        date
    } else {
        format!("{date}T{time}")
    }
}

/// ODS and `t="d"` cells carry ISO text already; keep it as written.
fn iso_datetime(s: &str) -> Typed {
    Typed {
        value: CellValue::Date(s.to_string()),
        text: s.to_string(),
    }
}

/// ODS durations (`PT36H00M00S`); unparseable ones are kept as text.
fn iso_duration(s: &str) -> Typed {
    match parse_iso_duration_days(s) {
        Some(days) => duration(days),
        None => Typed {
            value: CellValue::Text(s.to_string()),
            text: s.to_string(),
        },
    }
}

/// A duration in days, shown as `[h]:mm:ss`.
fn duration(days: f64) -> Typed {
    Typed {
        value: CellValue::Duration(days),
        text: duration_text(days),
    }
}

fn duration_text(days: f64) -> String {
    if !days.is_finite() {
        return number_text(days);
    }
    let total = (days.abs() * SECONDS_PER_DAY).round();
    if total > u64::MAX as f64 {
        return number_text(days);
    }
    let total = total as u64;
    let sign = if days < 0.0 && total > 0 { "-" } else { "" };
    let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
    format!("{sign}{hours}:{minutes:02}:{seconds:02}")
}

/// Parses `[-]PnYnMnWnDTnHnMnS` into days (a year counts 365 days, a month 30).
fn parse_iso_duration_days(s: &str) -> Option<f64> {
    let (negative, rest) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let mut rest = rest.strip_prefix('P')?;
    let mut in_time = false;
    let mut seconds = 0.0f64;
    let mut parts = 0;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('T') {
            in_time = true;
            rest = after;
            continue;
        }
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .filter(|&n| n > 0)?;
        let amount: f64 = rest.get(..digits)?.replace(',', ".").parse().ok()?;
        let unit = rest.get(digits..)?.chars().next()?;
        seconds += amount * unit_seconds(unit, in_time)?;
        rest = rest.get(digits + unit.len_utf8()..)?;
        parts += 1;
    }
    if parts == 0 {
        return None;
    }
    let days = seconds / SECONDS_PER_DAY;
    Some(if negative { -days } else { days })
}

fn unit_seconds(unit: char, in_time: bool) -> Option<f64> {
    Some(match (unit, in_time) {
        ('Y', false) => 365.0 * SECONDS_PER_DAY,
        ('M', false) => 30.0 * SECONDS_PER_DAY,
        ('W', false) => 7.0 * SECONDS_PER_DAY,
        ('D', false) => SECONDS_PER_DAY,
        ('H', true) => 3600.0,
        ('M', true) => 60.0,
        ('S', true) => 1.0,
        _ => return None,
    })
}

/// Formula text as the model keeps it: without a leading `=` and without an ODF namespace prefix
/// (`of:=[.C2]*[.D2]` → `[.C2]*[.D2]`). calamine's placeholder for .xls formulas it cannot decode
/// (`Unrecognised formula for cell …`) is no formula text.
pub(super) fn formula_text(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    if trimmed.starts_with("Unrecognised formula") {
        return None;
    }
    let without_namespace = match trimmed.split_once(":=") {
        Some((prefix, rest)) if is_namespace_prefix(prefix) => rest,
        _ => trimmed,
    };
    let formula = without_namespace
        .strip_prefix('=')
        .unwrap_or(without_namespace);
    (!formula.is_empty()).then(|| formula.to_string())
}

fn is_namespace_prefix(prefix: &str) -> bool {
    !prefix.is_empty() && prefix.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    fn date(serial: f64) -> Typed {
        excel_datetime(&ExcelDateTime::new(
            serial,
            ExcelDateTimeType::DateTime,
            false,
        ))
    }

    #[test]
    fn numbers_show_without_trailing_zero() {
        assert_eq!(number(700000.0).text, "700000");
        assert_eq!(number(19.95).text, "19.95");
        assert_eq!(number(-0.0).text, "0");
        assert_eq!(number(1234567890123.0).text, "1234567890123");
        assert_eq!(integer(42).value, CellValue::Number(42.0));
    }

    #[test]
    fn dates_become_iso_text() {
        assert_eq!(date(45657.0).value, CellValue::Date("2024-12-31".into()));
        assert_eq!(date(45657.5).text, "2024-12-31T12:00:00");
        assert_eq!(date(0.5625).text, "13:30:00");
    }

    #[test]
    fn durations_count_days() {
        let d = excel_datetime(&ExcelDateTime::new(
            1.5,
            ExcelDateTimeType::TimeDelta,
            false,
        ));
        assert_eq!(d.value, CellValue::Duration(1.5));
        assert_eq!(d.text, "36:00:00");
        assert_eq!(parse_iso_duration_days("PT36H00M00S"), Some(1.5));
        assert_eq!(parse_iso_duration_days("-P1DT12H"), Some(-1.5));
        assert_eq!(parse_iso_duration_days("PT"), None);
        assert_eq!(parse_iso_duration_days("P1X"), None);
        assert_eq!(
            iso_duration("nonsense").value,
            CellValue::Text("nonsense".into())
        );
    }

    #[test]
    fn empty_strings_are_empty_cells() {
        assert_eq!(from_data(&Data::String(String::new())), None);
        assert_eq!(from_data_ref(&DataRef::Empty), None);
        assert_eq!(
            from_data(&Data::Error(CellErrorType::Div0)).map(|t| t.text),
            Some("#DIV/0!".to_string())
        );
    }

    #[test]
    fn formulas_lose_equals_and_namespace() {
        assert_eq!(
            formula_text("of:=[.C2]*[.D2]").as_deref(),
            Some("[.C2]*[.D2]")
        );
        assert_eq!(formula_text("=SUM(A1:A3)").as_deref(), Some("SUM(A1:A3)"));
        assert_eq!(formula_text("C2*D2").as_deref(), Some("C2*D2"));
        assert_eq!(formula_text("  "), None);
    }
}
