//! Dates, times, periods and durations as Swedish tender documents write them, for deadline and
//! contract-period checks.
//!
//! # Dates ([`find_dates`])
//! `2024-02-23`, `23 februari 2024`, `23 feb. 2024`, `den 23 februari 2024`, `1:a mars 2024`,
//! `23/2 2024`, `23/2-2024`, and `den 23 februari` without a year (the caller's default year is used
//! and `year_inferred` is set; without a default year such a date is skipped). Month names and the
//! abbreviations `jan feb mar apr maj jun jul aug sep sept okt nov dec` (optional dot) are matched
//! case-insensitively. Years must lie in 1900–2199 and the date must exist (`2024-02-30` is no date).
//! A time may follow: `kl. 12.00`, `kl 12:00`, `klockan 12.00`, `kl. 12`, optionally after a comma or
//! `senast`, `12:00` directly (a colon is required without `kl`), or ISO `T12:00`. `24.00` is read as 23:59:59,
//! the last representable moment of the day. Not recognised: `23.02.2024`, `2024/02/23`, `23/2`
//! without a year.
//!
//! # Periods ([`find_periods`])
//! Two dates joined by `–`, `-`, `—`, `till`, `till och med` or `t.o.m.`, optionally introduced by
//! `från och med`, `fr.o.m.`, `från`; or `mellan … och …`. A missing year is taken from the other
//! date (`1 januari–31 december 2025`), else from the default year. `1–31 december 2025` shares the
//! month too. A period whose end precedes its start is still returned: that is for a check to flag.
//!
//! # Durations ([`find_durations`])
//! `2 år`, `två år`, `24 månader`, `12 mån`, `6 veckor`, `30 dagar`, `2 + 1 + 1 år`, `2 x 12 månader`,
//! and `2 år med möjlighet till förlängning 1 + 1 år` (one duration: base, then options). Years and
//! months are counted in `months` and listed in `parts` (base first, then each option); weeks and
//! days are counted in `days` (weeks × 7) with `months` 0 and `parts` empty. The words after
//! `efter`, `från` (also `räknat från`), `före` or `innan`, up to the end of the clause (at most 8
//! words), are kept in `relative_to` with their `relation`. Not recognised: `2-årigt`,
//! `ett halvår`, `arbetsdagar`.

use chrono::{NaiveDate, NaiveTime};
use regex::{Captures, Regex};
use std::ops::Range;
use std::sync::LazyLock;

/// A date in the text, with a time when one follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    /// Byte span of the whole mention, including `den` and the time.
    pub span: Range<usize>,
    /// The year was not written and came from the caller's default year.
    pub year_inferred: bool,
}

/// A date range such as a contract period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Byte span from the introducing words (`från och med`, `mellan`) or first date to the last date.
    pub span: Range<usize>,
}

/// How a duration relates to the event named in [`Duration::relative_to`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// `efter sista anbudsdag`
    After,
    /// `från avtalets tecknande`, `räknat från …`
    From,
    /// `före sista anbudsdag`, `innan …`
    Before,
}

/// A length of time such as a contract period with options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duration {
    /// Total months, options included (`2 + 1 + 1 år` → 48); 0 for week and day durations.
    pub months: u32,
    /// Total days for week and day durations (weeks × 7); 0 for year and month durations.
    pub days: u32,
    /// Months of the base period, then of each option (`2 + 1 + 1 år` → [24, 12, 12]).
    pub parts: Vec<u32>,
    /// Byte span of the numbers and units (not of the `efter …` phrase).
    pub span: Range<usize>,
    /// The words after `efter`/`från`/`före` (`tre månader efter sista anbudsdag` → `sista anbudsdag`).
    pub relative_to: Option<String>,
    pub relation: Option<Relation>,
}

const BLANK: &str = r"[ \t\x{00A0}\x{202F}]";
const MONTHS: &str = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|okt|nov|dec";

fn date_pattern() -> String {
    format!(
        r"(?:^|[^\p{{L}}\p{{N}}])(?:(?P<iy>[0-9]{{4}})-(?P<im>[0-9]{{1,2}})-(?P<id>[0-9]{{1,2}})|(?P<den>(?i:den){BLANK}+)?(?P<nd>[0-9]{{1,2}})(?::[ae])?{BLANK}+(?P<nm>(?i:{MONTHS}))(?P<dot>\.)?(?:{BLANK}+(?P<ny>[0-9]{{4}}))?|(?P<sd>[0-9]{{1,2}})/(?P<sm>[0-9]{{1,2}})(?:{BLANK}+|-)(?P<sy>[0-9]{{4}}))"
    )
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    // The pattern is a constant; a failure here is a programming error caught by every test.
    Regex::new(&date_pattern()).expect("date pattern is a valid constant regex")
});

/// Compiles the date finder now rather than at its first use (it costs about a millisecond).
pub fn prepare_dates() {
    LazyLock::force(&DATE);
}

/// Compiles the duration finder now rather than at its first use.
pub fn prepare_durations() {
    LazyLock::force(&DURATION);
}

/// A date as written, before a missing year is filled in.
#[derive(Debug, Clone)]
struct RawDate {
    day: u32,
    month: u32,
    year: Option<i32>,
    /// Whether the month was written as a word (so a preceding `1–` can share it).
    named_month: bool,
    time: Option<NaiveTime>,
    span: Range<usize>,
    /// Where the day number starts (after `den`).
    day_start: usize,
}

impl RawDate {
    fn with_year(&self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
    }
}

/// Every date in `text`, in order; yearless dates use `default_year` or are skipped without one.
pub fn find_dates(text: &str, default_year: Option<i32>) -> Vec<DateMention> {
    raw_dates(text)
        .into_iter()
        .filter_map(|raw| {
            let year = raw.year.or(default_year)?;
            Some(DateMention {
                date: raw.with_year(year)?,
                time: raw.time,
                span: raw.span.clone(),
                year_inferred: raw.year.is_none(),
            })
        })
        .collect()
}

fn raw_dates(text: &str) -> Vec<RawDate> {
    DATE.captures_iter(text)
        .filter_map(|caps| raw_date(text, &caps))
        .collect()
}

fn raw_date(text: &str, caps: &Captures<'_>) -> Option<RawDate> {
    let (mut raw, date_end) = if let Some(year) = caps.name("iy") {
        let day = caps.name("id")?;
        if next_char(text, day.end()).is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        let raw = RawDate {
            day: number(day.as_str())?,
            month: number(caps.name("im")?.as_str())?,
            year: Some(plausible_year(year.as_str())?),
            named_month: false,
            time: None,
            span: year.start()..day.end(),
            day_start: year.start(),
        };
        (raw, day.end())
    } else if let Some(day) = caps.name("nd") {
        named_date(text, caps, day)?
    } else {
        let day = caps.name("sd")?;
        let year = caps.name("sy")?;
        if next_char(text, year.end()).is_some_and(char::is_alphanumeric) {
            return None;
        }
        let raw = RawDate {
            day: number(day.as_str())?,
            month: number(caps.name("sm")?.as_str())?,
            year: Some(plausible_year(year.as_str())?),
            named_month: false,
            time: None,
            span: day.start()..year.end(),
            day_start: day.start(),
        };
        (raw, year.end())
    };
    // A date that cannot exist in any year is no date (`31/2`, `2024-13-01`).
    raw.with_year(raw.year.unwrap_or(2024))?;
    if let Some((time, end)) = time_after(text, date_end) {
        raw.time = Some(time);
        raw.span.end = end;
    }
    Some(raw)
}

fn named_date(text: &str, caps: &Captures<'_>, day: regex::Match<'_>) -> Option<(RawDate, usize)> {
    let month_match = caps.name("nm")?;
    let month = month_number(month_match.as_str())?;
    let after_month = caps.name("dot").map_or(month_match.end(), |d| d.end());
    let year = caps
        .name("ny")
        .filter(|y| !next_char(text, y.end()).is_some_and(char::is_alphanumeric));
    if next_char(text, month_match.end()).is_some_and(char::is_alphabetic) {
        return None;
    }
    let end = match year {
        Some(y) => y.end(),
        // A full month name's trailing dot is the sentence's full stop, not an abbreviation's.
        None if caps.name("dot").is_some() && !is_month_abbreviation(month_match.as_str()) => {
            month_match.end()
        }
        None => after_month,
    };
    let start = caps.name("den").map_or(day.start(), |d| d.start());
    let raw = RawDate {
        day: number(day.as_str())?,
        month,
        year: match year {
            Some(y) => Some(plausible_year(y.as_str())?),
            None => None,
        },
        named_month: true,
        time: None,
        span: start..end,
        day_start: day.start(),
    };
    Some((raw, end))
}

fn is_month_abbreviation(name: &str) -> bool {
    const ABBREVIATIONS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dec",
    ];
    ABBREVIATIONS.contains(&name.to_lowercase().as_str())
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    let prefix = lower.get(..3)?;
    let month = match prefix {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "maj" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "okt" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(month)
}

fn number(digits: &str) -> Option<u32> {
    digits.parse().ok()
}

fn plausible_year(digits: &str) -> Option<i32> {
    let year: i32 = digits.parse().ok()?;
    (1900..=2199).contains(&year).then_some(year)
}

fn next_char(text: &str, index: usize) -> Option<char> {
    text.get(index..)?.chars().next()
}

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{00A0}' | '\u{202F}')
}

/// A time right after a date: `, senast kl. 12.00`, `kl 12:00`, `klockan 9`, ` 12:00`, or ISO `T12:00`.
/// Returns the time and the byte offset where it ends.
fn time_after(text: &str, date_end: usize) -> Option<(NaiveTime, usize)> {
    let rest = text.get(date_end..)?;
    if let Some(iso_time) = rest.strip_prefix('T') {
        let (time, used) = clock_time(iso_time, false)?;
        return Some((time, date_end + 1 + used));
    }
    let mut cursor = Cursor { rest, used: 0 };
    let had_blank = cursor.skip_blanks();
    let after_blank = cursor.used;
    cursor.eat(",");
    cursor.skip_blanks();
    if cursor.eat_word("senast") {
        cursor.skip_blanks();
    }
    let with_clock_word = cursor.eat_word("klockan") || cursor.eat_word("kl");
    if with_clock_word {
        cursor.eat(".");
        cursor.skip_blanks();
    } else if !had_blank || cursor.used != after_blank {
        return None;
    }
    let (time, used) = clock_time(cursor.rest, with_clock_word)?;
    Some((time, date_end + cursor.used + used))
}

/// Reads `12.00`, `12:00`, `9.30`, or (when `hour_alone`) `12`; `24.00` becomes 23:59:59.
fn clock_time(text: &str, hour_alone: bool) -> Option<(NaiveTime, usize)> {
    let hour_len = text.bytes().take_while(u8::is_ascii_digit).take(3).count();
    if !(1..=2).contains(&hour_len) {
        return None;
    }
    let hour: u32 = text.get(..hour_len)?.parse().ok()?;
    let separator = text.get(hour_len..hour_len + 1);
    let minutes = text.get(hour_len + 1..hour_len + 3);
    let separator_ok = match separator {
        Some(":") => true,
        Some(".") => hour_alone,
        _ => false,
    };
    let (minute, used) = match minutes {
        Some(m) if separator_ok && m.bytes().all(|b| b.is_ascii_digit()) => {
            (m.parse().ok()?, hour_len + 3)
        }
        _ if hour_alone => (0, hour_len),
        _ => return None,
    };
    if next_char(text, used).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let time = if (hour, minute) == (24, 0) {
        NaiveTime::from_hms_opt(23, 59, 59)
    } else {
        NaiveTime::from_hms_opt(hour, minute, 0)
    };
    time.map(|t| (t, used))
}

/// A small forward reader over the text after a match.
struct Cursor<'a> {
    rest: &'a str,
    used: usize,
}

impl Cursor<'_> {
    fn advance(&mut self, bytes: usize) {
        self.rest = self.rest.get(bytes..).unwrap_or_default();
        self.used += bytes;
    }

    /// Skips blanks; whether any were skipped.
    fn skip_blanks(&mut self) -> bool {
        let blanks: usize = self
            .rest
            .chars()
            .take_while(|c| is_blank(*c))
            .map(char::len_utf8)
            .sum();
        self.advance(blanks);
        blanks > 0
    }

    fn eat(&mut self, literal: &str) -> bool {
        let found = self.rest.starts_with(literal);
        if found {
            self.advance(literal.len());
        }
        found
    }

    /// Eats an ASCII word case-insensitively when no letter follows it.
    fn eat_word(&mut self, word: &str) -> bool {
        let found = self
            .rest
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word))
            && !next_char(self.rest, word.len()).is_some_and(char::is_alphabetic);
        if found {
            self.advance(word.len());
        }
        found
    }
}

/// Every period (two dates joined as a range) in `text`, in order.
pub fn find_periods(text: &str, default_year: Option<i32>) -> Vec<Period> {
    let dates = raw_dates(text);
    let mut periods = Vec::new();
    let mut i = 0;
    while let Some(second) = dates.get(i + 1) {
        let first = dates.get(i);
        if let Some(period) = first.and_then(|f| period_of_pair(text, f, second, default_year)) {
            periods.push(period);
            i += 2;
            continue;
        }
        i += 1;
    }
    for date in &dates {
        if let Some(period) = day_range_period(text, date, default_year) {
            periods.push(period);
        }
    }
    periods.sort_by_key(|p| p.span.start);
    let mut kept: Vec<Period> = Vec::with_capacity(periods.len());
    for period in periods {
        if kept
            .last()
            .is_none_or(|last| last.span.end <= period.span.start)
        {
            kept.push(period);
        }
    }
    kept
}

/// Words that may introduce a period, longest first, and whether `och` then joins the dates.
const PERIOD_INTRODUCERS: &[(&str, bool)] = &[
    ("från och med", false),
    ("fr.o.m.", false),
    ("fr.o.m", false),
    ("fr o m", false),
    ("från", false),
    ("mellan", true),
];

/// What may stand between the two dates of a period (lower case, blanks collapsed).
const PERIOD_JOINS: &[&str] = &[
    "-",
    "--",
    "–",
    "—",
    "till",
    "till och med",
    "t.o.m.",
    "t.o.m",
    "t o m",
    "tom",
];

fn period_of_pair(
    text: &str,
    first: &RawDate,
    second: &RawDate,
    default_year: Option<i32>,
) -> Option<Period> {
    let join = collapse_blanks(text.get(first.span.end..second.span.start)?);
    let before = text.get(..first.span.start)?;
    let introducer = PERIOD_INTRODUCERS
        .iter()
        .find(|(words, _)| ends_with_word(before, words));
    let joined_by_och = join == "och" && introducer.is_some_and(|(_, och)| *och);
    if !joined_by_och && !PERIOD_JOINS.contains(&join.as_str()) {
        return None;
    }
    let (start, end) = resolve_years(first, second, default_year)?;
    let span_start = introducer.map_or(first.span.start, |(words, _)| {
        first
            .span
            .start
            .saturating_sub(words.len() + trailing_blank_len(before))
    });
    Some(Period {
        start,
        end,
        span: span_start..second.span.end,
    })
}

/// Fills missing years from the other date (a start after the end moves back a year), else
/// from `default_year`.
fn resolve_years(
    first: &RawDate,
    second: &RawDate,
    default_year: Option<i32>,
) -> Option<(NaiveDate, NaiveDate)> {
    match (first.year, second.year) {
        (Some(a), Some(b)) => Some((first.with_year(a)?, second.with_year(b)?)),
        (None, Some(b)) => {
            let end = second.with_year(b)?;
            let start = first.with_year(b)?;
            let start = if start > end {
                first.with_year(b - 1)?
            } else {
                start
            };
            Some((start, end))
        }
        (Some(a), None) => {
            let start = first.with_year(a)?;
            let end = second.with_year(a)?;
            let end = if end < start {
                second.with_year(a + 1)?
            } else {
                end
            };
            Some((start, end))
        }
        (None, None) => {
            let year = default_year?;
            Some((first.with_year(year)?, second.with_year(year)?))
        }
    }
}

/// `1–31 december 2025`: a bare day number and a dash right before a date with a month name.
fn day_range_period(text: &str, date: &RawDate, default_year: Option<i32>) -> Option<Period> {
    if !date.named_month || date.day_start != date.span.start {
        return None;
    }
    let before = text.get(..date.day_start)?;
    let without_blanks = before.trim_end_matches(is_blank);
    let without_dash = without_blanks.strip_suffix(['-', '–', '—'])?;
    let digits_end = without_dash.trim_end_matches(is_blank);
    let digits = digits_end
        .bytes()
        .rev()
        .take_while(u8::is_ascii_digit)
        .count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let start_index = digits_end.len() - digits;
    let boundary_ok = !digits_end
        .get(..start_index)
        .and_then(|b| b.chars().next_back())
        .is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '-');
    if !boundary_ok {
        return None;
    }
    let start_day: u32 = digits_end.get(start_index..)?.parse().ok()?;
    let year = date.year.or(default_year)?;
    let end = date.with_year(year)?;
    let start = NaiveDate::from_ymd_opt(year, date.month, start_day)?;
    Some(Period {
        start,
        end,
        span: start_index..date.span.end,
    })
}

fn collapse_blanks(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn trailing_blank_len(text: &str) -> usize {
    text.len() - text.trim_end().len()
}

/// Whether `text`, blanks trimmed at the end, ends with `words` as whole words (case-insensitively).
fn ends_with_word(text: &str, words: &str) -> bool {
    let trimmed = text.trim_end();
    let Some(start) = trimmed.len().checked_sub(words.len()) else {
        return false;
    };
    let matches = trimmed
        .get(start..)
        .is_some_and(|tail| tail.to_lowercase() == words);
    let boundary = trimmed
        .get(..start)
        .and_then(|b| b.chars().next_back())
        .is_none_or(|c| !c.is_alphanumeric());
    matches && boundary
}

const NUMBER_WORDS: &[(&str, u32)] = &[
    ("en", 1),
    ("ett", 1),
    ("två", 2),
    ("tre", 3),
    ("fyra", 4),
    ("fem", 5),
    ("sex", 6),
    ("sju", 7),
    ("åtta", 8),
    ("nio", 9),
    ("tio", 10),
    ("elva", 11),
    ("tolv", 12),
    ("femton", 15),
    ("arton", 18),
    ("tjugofyra", 24),
    ("tjugo", 20),
    ("trettiosex", 36),
    ("trettio", 30),
    ("fyrtioåtta", 48),
    ("sextio", 60),
    ("nittio", 90),
];

fn duration_pattern() -> String {
    let words: Vec<&str> = NUMBER_WORDS.iter().map(|(w, _)| *w).collect();
    let count = format!(r"(?:[0-9]{{1,3}}|(?i:{}))", words.join("|"));
    format!(
        r"(?:^|[^\p{{L}}\p{{N}}])(?:(?P<times>{count}){BLANK}*[x×]{BLANK}*(?P<each>{count})|(?P<counts>{count}(?:{BLANK}*\+{BLANK}*{count})*)){BLANK}+(?P<unit>(?i:kalenderdagars|kalenderdagar|månaders|månader|månads|månad|mån\.?|veckors|veckor|veckas|vecka|dagars|dagar|dygn|dag|års|år))"
    )
}

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    // The pattern is a constant; a failure here is a programming error caught by every test.
    Regex::new(&duration_pattern()).expect("duration pattern is a valid constant regex")
});

/// The unit a duration is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DurationUnit {
    Years,
    Months,
    Weeks,
    Days,
}

/// Every duration in `text`, in order; a base period followed by its extension options
/// (`2 år med möjlighet till förlängning 1 + 1 år`) is one duration.
pub fn find_durations(text: &str) -> Vec<Duration> {
    let found: Vec<Duration> = DURATION
        .captures_iter(text)
        .filter_map(|caps| duration_from_captures(text, &caps))
        .collect();
    let mut durations = join_options(text, found);
    for duration in &mut durations {
        if let Some((relation, phrase)) = relation_after(text, duration.span.end) {
            duration.relation = Some(relation);
            duration.relative_to = Some(phrase);
        }
    }
    durations
}

fn duration_from_captures(text: &str, caps: &Captures<'_>) -> Option<Duration> {
    let unit_match = caps.name("unit")?;
    let unit_text = unit_match.as_str();
    if !unit_text.ends_with('.')
        && next_char(text, unit_match.end()).is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let unit = duration_unit(unit_text)?;
    let (terms, start) = match (caps.name("times"), caps.name("each"), caps.name("counts")) {
        (Some(times), Some(each), _) => {
            (repeated_term(times.as_str(), each.as_str())?, times.start())
        }
        (_, _, Some(counts)) => (summed_terms(counts.as_str())?, counts.start()),
        _ => return None,
    };
    let span = start..unit_match.end();
    let (months, days, parts) = match unit {
        DurationUnit::Years | DurationUnit::Months => {
            let factor = if unit == DurationUnit::Years { 12 } else { 1 };
            let parts: Vec<u32> = terms
                .iter()
                .map(|t| t.checked_mul(factor))
                .collect::<Option<_>>()?;
            (
                parts.iter().try_fold(0u32, |a, p| a.checked_add(*p))?,
                0,
                parts,
            )
        }
        DurationUnit::Weeks | DurationUnit::Days => {
            let factor = if unit == DurationUnit::Weeks { 7 } else { 1 };
            let days = terms
                .iter()
                .try_fold(0u32, |a, t| a.checked_add(t.checked_mul(factor)?))?;
            (0, days, Vec::new())
        }
    };
    Some(Duration {
        months,
        days,
        parts,
        span,
        relative_to: None,
        relation: None,
    })
}

fn duration_unit(unit: &str) -> Option<DurationUnit> {
    let lower = unit.to_lowercase();
    let unit = if lower.starts_with("år") {
        DurationUnit::Years
    } else if lower.starts_with("mån") {
        DurationUnit::Months
    } else if lower.starts_with("veck") {
        DurationUnit::Weeks
    } else if lower.starts_with("dag") || lower.starts_with("dygn") || lower.starts_with("kalender")
    {
        DurationUnit::Days
    } else {
        return None;
    };
    Some(unit)
}

/// The counts of `2 x 12` (→ [12, 12]); at most 100 repetitions.
fn repeated_term(times: &str, each: &str) -> Option<Vec<u32>> {
    let times = count_value(times)?;
    let each = count_value(each)?;
    (times <= 100).then(|| vec![each; times as usize])
}

/// The counts of `2 + 1 + 1` (→ [2, 1, 1]).
fn summed_terms(counts: &str) -> Option<Vec<u32>> {
    counts
        .split('+')
        .map(|term| count_value(term.trim_matches(is_blank)))
        .collect()
}

fn count_value(term: &str) -> Option<u32> {
    if term.bytes().all(|b| b.is_ascii_digit()) {
        return term.parse().ok();
    }
    let lower = term.to_lowercase();
    NUMBER_WORDS
        .iter()
        .find(|(word, _)| *word == lower)
        .map(|(_, value)| *value)
}

/// Joins a base period and the extension options named right after it.
fn join_options(text: &str, durations: Vec<Duration>) -> Vec<Duration> {
    let mut joined: Vec<Duration> = Vec::with_capacity(durations.len());
    for duration in durations {
        if let Some(base) = joined.last_mut()
            && is_option_of(text, base, &duration)
        {
            base.parts.extend_from_slice(&duration.parts);
            base.months = base.months.saturating_add(duration.months);
            base.span.end = duration.span.end;
            continue;
        }
        joined.push(duration);
    }
    joined
}

/// How many bytes may separate a base period from its options.
const OPTION_GAP: usize = 100;

fn is_option_of(text: &str, base: &Duration, option: &Duration) -> bool {
    let Some(gap) = text.get(base.span.end..option.span.start) else {
        return false;
    };
    let lower = gap.to_lowercase();
    base.days == 0
        && option.days == 0
        && gap.len() <= OPTION_GAP
        && (lower.contains("förläng") || lower.contains("option"))
        && !gap.contains(|c: char| c.is_ascii_digit() || matches!(c, '.' | ';' | '\n' | '!' | '?'))
}

/// How many words of the event phrase after `efter`/`från`/`före` are kept at most.
const RELATIVE_WORDS: usize = 8;

/// `efter sista anbudsdag` right after a duration: the relation and the phrase.
fn relation_after(text: &str, end: usize) -> Option<(Relation, String)> {
    let rest = text.get(end..)?;
    let mut cursor = Cursor { rest, used: 0 };
    cursor.skip_blanks();
    if cursor.eat_word("räknat") || cursor.eat_word("räknad") || cursor.eat_word("räknas") {
        cursor.skip_blanks();
    }
    let relation = if cursor.eat_word("efter") {
        Relation::After
    } else if cursor.eat_word("från") {
        Relation::From
    } else if cursor.eat_word("före") || cursor.eat_word("innan") {
        Relation::Before
    } else {
        return None;
    };
    let clause_end = cursor
        .rest
        .find(['.', ',', ';', ':', '!', '?', '(', ')', '\n', '\r'])
        .unwrap_or(cursor.rest.len());
    let phrase: Vec<&str> = cursor
        .rest
        .get(..clause_end)?
        .split_whitespace()
        .take(RELATIVE_WORDS)
        .collect();
    (!phrase.is_empty()).then(|| (relation, phrase.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn one_date(text: &str, default_year: Option<i32>) -> DateMention {
        let found = find_dates(text, default_year);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn date_forms() {
        let cases: &[(&str, &str)] = &[
            ("Sista dag 2024-02-23.", "2024-02-23"),
            ("senast 23 februari 2024 ska", "23 februari 2024"),
            ("senast 23 feb. 2024 ska", "23 feb. 2024"),
            ("senast 23 feb 2024 ska", "23 feb 2024"),
            ("senast den 23 februari 2024 ska", "den 23 februari 2024"),
            ("senast Den 23 Februari 2024", "Den 23 Februari 2024"),
            ("senast 23/2 2024 ska", "23/2 2024"),
            ("senast 23/2-2024 ska", "23/2-2024"),
            ("den 1:a mars 2024", "den 1:a mars 2024"),
            (
                "23\u{00A0}februari\u{00A0}2024",
                "23\u{00A0}februari\u{00A0}2024",
            ),
        ];
        for &(text, span) in cases {
            let d = one_date(text, None);
            assert_eq!(&text[d.span.clone()], span, "{text}");
            if !text.contains("mars") {
                assert_eq!(d.date, ymd(2024, 2, 23), "{text}");
            }
            assert!(!d.year_inferred);
            assert_eq!(d.time, None);
        }
    }

    #[test]
    fn every_month_name_and_abbreviation() {
        let names = [
            ("januari", 1),
            ("jan", 1),
            ("jan.", 1),
            ("februari", 2),
            ("feb.", 2),
            ("mars", 3),
            ("mar", 3),
            ("mar.", 3),
            ("april", 4),
            ("apr.", 4),
            ("maj", 5),
            ("juni", 6),
            ("jun.", 6),
            ("juli", 7),
            ("jul", 7),
            ("augusti", 8),
            ("aug.", 8),
            ("september", 9),
            ("sep", 9),
            ("sept.", 9),
            ("oktober", 10),
            ("okt.", 10),
            ("november", 11),
            ("nov", 11),
            ("december", 12),
            ("dec.", 12),
            ("DECEMBER", 12),
        ];
        for (name, month) in names {
            let text = format!("den 5 {name} 2025 gäller");
            let d = one_date(&text, None);
            assert_eq!(d.date, ymd(2025, month, 5), "{text}");
            assert_eq!(&text[d.span], format!("den 5 {name} 2025"));
        }
    }

    #[test]
    fn yearless_dates_use_the_default_year() {
        let d = one_date("senast den 23 februari kl. 12", Some(2025));
        assert_eq!(d.date, ymd(2025, 2, 23));
        assert!(d.year_inferred);
        assert_eq!(d.time, Some(hm(12, 0)));
        assert!(find_dates("senast den 23 februari", None).is_empty());
        assert!(find_dates("den 30 februari", Some(2025)).is_empty());
        let text = "Avtalet börjar 1 mars.";
        let d = one_date(text, Some(2025));
        assert_eq!(&text[d.span], "1 mars");
        let text = "Avtalet börjar 1 maj.";
        assert_eq!(&text[one_date(text, Some(2025)).span], "1 maj");
        let text = "Avtalet börjar 1 feb. i år";
        assert_eq!(&text[one_date(text, Some(2025)).span], "1 feb.");
    }

    #[test]
    fn times_after_dates() {
        let cases: &[(&str, NaiveTime, &str)] = &[
            (
                "2024-02-23 kl. 12.00 ska",
                hm(12, 0),
                "2024-02-23 kl. 12.00",
            ),
            ("2024-02-23 kl 12:00", hm(12, 0), "2024-02-23 kl 12:00"),
            (
                "2024-02-23 klockan 12.00",
                hm(12, 0),
                "2024-02-23 klockan 12.00",
            ),
            ("2024-02-23 12:00", hm(12, 0), "2024-02-23 12:00"),
            ("2024-02-23, kl. 9.30", hm(9, 30), "2024-02-23, kl. 9.30"),
            (
                "2024-02-23 senast kl. 15.00",
                hm(15, 0),
                "2024-02-23 senast kl. 15.00",
            ),
            (
                "23 februari 2024 kl. 23.59",
                hm(23, 59),
                "23 februari 2024 kl. 23.59",
            ),
            ("23/2 2024 kl.12.00", hm(12, 0), "23/2 2024 kl.12.00"),
            ("2024-02-23 KL. 12", hm(12, 0), "2024-02-23 KL. 12"),
            ("2024-02-23T12:00", hm(12, 0), "2024-02-23T12:00"),
        ];
        for &(text, time, span) in cases {
            let d = one_date(text, None);
            assert_eq!(d.time, Some(time), "{text}");
            assert_eq!(&text[d.span], span, "{text}");
        }
        let d = one_date("2024-02-23 kl. 24.00", None);
        assert_eq!(d.time, NaiveTime::from_hms_opt(23, 59, 59));
    }

    #[test]
    fn not_times() {
        for text in [
            "2024-02-23 12.00",
            "2024-02-23 kl. 25.00",
            "2024-02-23 kl. 12.60",
            "2024-02-23 klockren 12:00",
            "2024-02-23 123:00",
        ] {
            let d = one_date(text, None);
            assert_eq!(d.time, None, "{text}");
            assert_eq!(d.span, 0..10, "{text}");
        }
    }

    #[test]
    fn invalid_dates_are_not_dates() {
        for text in [
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "31/2 2024",
            "32 januari 2024",
            "0 mars 2024",
            "1850-01-01",
            "31 april 2024",
        ] {
            assert!(find_dates(text, Some(2024)).is_empty(), "{text}");
        }
        assert_eq!(one_date("2024-02-29", None).date, ymd(2024, 2, 29));
    }

    #[test]
    fn non_dates() {
        for text in [
            "lag (2016:1145) om offentlig upphandling",
            "version 1.2.3 och 2.10.2024",
            "700 000 kr",
            "13 kap. 1 § LOU",
            "kl. 12.00",
            "Dnr KS 2019/777",
            "12024-02-23",
            "2024-02-231",
            "5 marsvin 2024",
            "ÅÅÅÅ-MM-DD",
            "telefon 08-123 45 67",
            "23/2",
            "1/2 av 2024",
        ] {
            assert!(
                find_dates(text, Some(2024)).is_empty(),
                "{text}: {:?}",
                find_dates(text, Some(2024))
            );
        }
    }

    #[test]
    fn several_dates_in_order() {
        let text = "Frågor senast 2024-02-13, anbud senast den 23 februari 2024 kl. 12.00 och avtal från 1/4 2024.";
        let found = find_dates(text, None);
        let dates: Vec<NaiveDate> = found.iter().map(|d| d.date).collect();
        assert_eq!(dates, [ymd(2024, 2, 13), ymd(2024, 2, 23), ymd(2024, 4, 1)]);
    }

    fn one_period(text: &str, default_year: Option<i32>) -> Period {
        let found = find_periods(text, default_year);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn period_forms() {
        let cases: &[(&str, &str)] = &[
            (
                "Avtalsperiod 2023-03-15 – 2023-09-30.",
                "2023-03-15 – 2023-09-30",
            ),
            (
                "Avtalsperiod 2023-03-15 - 2023-09-30.",
                "2023-03-15 - 2023-09-30",
            ),
            (
                "Avtalsperiod 2023-03-15–2023-09-30.",
                "2023-03-15–2023-09-30",
            ),
            (
                "Avtalsperiod 2023-03-15-2023-09-30.",
                "2023-03-15-2023-09-30",
            ),
            (
                "Avtalsperiod 2023-03-15--2023-09-30.",
                "2023-03-15--2023-09-30",
            ),
            (
                "Avtalsperiod 2023-03-15 till 2023-09-30.",
                "2023-03-15 till 2023-09-30",
            ),
            (
                "Gäller från och med 2023-03-15 till och med 2023-09-30.",
                "från och med 2023-03-15 till och med 2023-09-30",
            ),
            (
                "Gäller fr.o.m. 2023-03-15 t.o.m. 2023-09-30.",
                "fr.o.m. 2023-03-15 t.o.m. 2023-09-30",
            ),
            (
                "Gäller mellan 2023-03-15 och 2023-09-30.",
                "mellan 2023-03-15 och 2023-09-30",
            ),
            (
                "Gäller från 15 mars 2023 till 30 september 2023.",
                "från 15 mars 2023 till 30 september 2023",
            ),
            ("Gäller 15/3 2023 – 30/9 2023.", "15/3 2023 – 30/9 2023"),
        ];
        for &(text, span) in cases {
            let p = one_period(text, None);
            assert_eq!(
                (p.start, p.end),
                (ymd(2023, 3, 15), ymd(2023, 9, 30)),
                "{text}"
            );
            assert_eq!(&text[p.span], span, "{text}");
        }
    }

    #[test]
    fn periods_share_a_written_year() {
        let text = "Perioden 1 januari–31 december 2025 gäller.";
        let p = one_period(text, None);
        assert_eq!((p.start, p.end), (ymd(2025, 1, 1), ymd(2025, 12, 31)));
        assert_eq!(&text[p.span], "1 januari–31 december 2025");
        let p = one_period("1 december–31 januari 2025", None);
        assert_eq!((p.start, p.end), (ymd(2024, 12, 1), ymd(2025, 1, 31)));
        let p = one_period("1 december 2024 – 31 januari", None);
        assert_eq!((p.start, p.end), (ymd(2024, 12, 1), ymd(2025, 1, 31)));
        let p = one_period("1 mars – 30 april", Some(2026));
        assert_eq!((p.start, p.end), (ymd(2026, 3, 1), ymd(2026, 4, 30)));
        assert!(find_periods("1 mars – 30 april", None).is_empty());
    }

    #[test]
    fn day_ranges_share_month_and_year() {
        let text = "Stängt 1–31 december 2025.";
        let p = one_period(text, None);
        assert_eq!((p.start, p.end), (ymd(2025, 12, 1), ymd(2025, 12, 31)));
        assert_eq!(&text[p.span], "1–31 december 2025");
        assert!(find_periods("Stängt 1–32 december 2025.", None).is_empty());
        assert!(find_periods("Stängt 2024-1–31 december 2025.", None).is_empty());
    }

    #[test]
    fn not_periods() {
        for text in [
            "2024-01-01 och 2024-02-01 är två datum",
            "2024-01-01, 2024-02-01",
            "Den 2024-01-01 lämnas anbud. Den 2024-02-01 tecknas avtal.",
            "2024-01-01 – 700 000 kr",
        ] {
            assert!(find_periods(text, None).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_reversed_period_is_kept_for_checks_to_flag() {
        let p = one_period("2023-09-30 – 2023-03-15", None);
        assert!(p.end < p.start);
    }

    fn one_duration(text: &str) -> Duration {
        let found = find_durations(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn simple_durations() {
        let cases: &[(&str, u32, u32)] = &[
            ("två år", 24, 0),
            ("Två år", 24, 0),
            ("2 år", 24, 0),
            ("24 månader", 24, 0),
            ("24 månaders avtalstid", 24, 0),
            ("12 mån", 12, 0),
            ("12 mån.", 12, 0),
            ("en månad", 1, 0),
            ("ett år", 12, 0),
            ("tre månader", 3, 0),
            ("fyra år", 48, 0),
            ("fem år", 60, 0),
            ("sex månader", 6, 0),
            ("sju månader", 7, 0),
            ("åtta månader", 8, 0),
            ("nio månader", 9, 0),
            ("tio månader", 10, 0),
            ("tolv månader", 12, 0),
            ("tjugofyra månader", 24, 0),
            ("två års garanti", 24, 0),
            ("6 veckor", 0, 42),
            ("en vecka", 0, 7),
            ("30 dagar", 0, 30),
            ("tio dagar", 0, 10),
            ("30 kalenderdagar", 0, 30),
        ];
        for &(text, months, days) in cases {
            let d = one_duration(text);
            assert_eq!((d.months, d.days), (months, days), "{text}");
            let expected_parts = if days == 0 { vec![months] } else { vec![] };
            assert_eq!(d.parts, expected_parts, "{text}");
        }
    }

    #[test]
    fn durations_with_options() {
        let cases: &[(&str, &[u32], &str)] = &[
            ("Avtalstid 2 + 1 + 1 år.", &[24, 12, 12], "2 + 1 + 1 år"),
            ("Avtalstid 2+1+1 år.", &[24, 12, 12], "2+1+1 år"),
            ("Avtalstid två + ett år.", &[24, 12], "två + ett år"),
            (
                "Avtalstid 2 år med möjlighet till förlängning 1 + 1 år.",
                &[24, 12, 12],
                "2 år med möjlighet till förlängning 1 + 1 år",
            ),
            (
                "Avtalet gäller 24 månader med option på förlängning i 2 x 12 månader.",
                &[24, 12, 12],
                "24 månader med option på förlängning i 2 x 12 månader",
            ),
            ("Förlängning 3 × 6 månader", &[6, 6, 6], "3 × 6 månader"),
        ];
        for &(text, parts, span) in cases {
            let d = one_duration(text);
            assert_eq!(d.parts, parts, "{text}");
            assert_eq!(d.months, parts.iter().sum::<u32>(), "{text}");
            assert_eq!(&text[d.span], span, "{text}");
        }
    }

    #[test]
    fn separate_durations_stay_separate() {
        let found = find_durations("Avtalstid 2 år. Garantitid 5 år.");
        assert_eq!(found.len(), 2);
        let found = find_durations("Anbudet gäller 6 månader och avtalet 2 år.");
        assert_eq!(found.iter().map(|d| d.months).collect::<Vec<_>>(), [6, 24]);
    }

    #[test]
    fn relative_durations() {
        let d = one_duration("Anbudet ska vara giltigt tre månader efter sista anbudsdag.");
        assert_eq!(d.relation, Some(Relation::After));
        assert_eq!(d.relative_to.as_deref(), Some("sista anbudsdag"));
        let d = one_duration("Dokumentation inom 30 dagar från avtalets tecknande, enligt lag.");
        assert_eq!(d.relation, Some(Relation::From));
        assert_eq!(d.relative_to.as_deref(), Some("avtalets tecknande"));
        let d = one_duration("Frågor senast sex dagar före sista anbudsdag");
        assert_eq!(d.relation, Some(Relation::Before));
        assert_eq!(d.relative_to.as_deref(), Some("sista anbudsdag"));
        let d = one_duration("12 månader räknat från avtalsstart");
        assert_eq!(d.relation, Some(Relation::From));
        assert_eq!(d.relative_to.as_deref(), Some("avtalsstart"));
        let d = one_duration("12 månader efteråt");
        assert_eq!(d.relative_to, None);
        let d = one_duration("12 månader efter.");
        assert_eq!(d.relative_to, None);
    }

    #[test]
    fn non_durations() {
        for text in [
            "år 2024",
            "2024 år",
            "under året",
            "5 århundraden",
            "två årliga möten",
            "en dagordning",
            "per år",
            "tvåårigt avtal",
            "sexmånaders",
        ] {
            assert!(
                find_durations(text).is_empty(),
                "{text}: {:?}",
                find_durations(text)
            );
        }
    }

    #[test]
    fn huge_counts_do_not_overflow() {
        assert!(
            find_durations("999 + 999 + 999 år")
                .iter()
                .all(|d| d.months == 999 * 36)
        );
        assert!(find_durations("999 x 999 år").is_empty());
    }
}
