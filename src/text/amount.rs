//! Money amounts as Swedish tender documents write them (`700 000 kr`, `1,5 mnkr`, `€216,000`), with
//! ranges, qualifiers (`högst`, `minst`, `överstiger`), VAT notes (`exkl. moms`) and style notes.
//!
//! # What counts as an amount
//! A number is an amount only with a currency or unit right before or after it: a bare number
//! (a year, a paragraph number, a phone number, a date, an SFS number, `kl. 12.00`) never is.
//! Units: `kr`, `kr.`, `kronor`, `krona`, `SEK`, `euro`, `EUR`, `€`, `:-`, `,-`, the compounds
//! `tkr`, `mkr`, `mnkr`, `mdkr`, `KSEK`, `TSEK`, `MSEK`, `MNSEK`, `MDSEK`, `KEUR`, `TEUR`, `MEUR`,
//! `MDEUR`, and a multiplier word before a currency: `tusen`, `miljon(er)`, `milj.`, `mn`,
//! `miljard(er)`, `mdr` (`2,5 milj. kr`, `3 miljarder kronor`). Units are matched case-insensitively
//! and never inside a word (`krav`, `kronologisk`, `sekunder` are not units; lower-case `sek.` is
//! read as the abbreviation for seconds). `SEK`, `EUR` and `€` may also come first (`SEK 700 000`).
//!
//! # How numbers are read
//! * Thousands may be grouped with a space, U+00A0, U+202F or U+2009 (`700 000`), or not at all.
//! * A decimal comma is Swedish (`1 234,50`). A comma followed by exactly three digits (`1,500`) is a
//!   decimal comma too, *except* right after a leading `€` or `EUR` (`€216,000`), where it is an
//!   English thousands separator ([`StyleNote::EnglishComma`]). A number only readable the English
//!   way (`1,234,567`, `1,234.50`) is read so and noted the same.
//! * A period followed by exactly three digits groups thousands (`505.800 kr` = 505 800,
//!   [`StyleNote::DotThousands`]); any other period is a decimal point ([`StyleNote::DecimalPoint`]).

use regex::{Captures, Regex};
use std::ops::Range;
use std::sync::LazyLock;

/// The currency an amount is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Currency {
    Sek,
    Eur,
}

/// A word just before an amount that bounds or blurs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// `ca`, `c:a`, `cirka`, `omkring`, `ungefär`, `drygt`, `knappt`, `runt`.
    About,
    /// `högst`, `max`, `maximalt`, `upp till`, `under`, `understiger`, `mindre än`, `inte överstiga`.
    AtMost,
    /// `minst`, `lägst`, `uppgår till minst`, `inte understiga`.
    AtLeast,
    /// `överstiger`, `över`, `överskrider`, `mer än` — strictly above, kept apart from `AtLeast`.
    Exceeds,
}

/// Whether an amount is stated with or without VAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Vat {
    /// `exkl. moms`, `exklusive moms`, `utan moms`, `ex. moms`, `moms tillkommer`.
    Excluded,
    /// `inkl. moms`, `inklusive moms`, `med moms`, `moms ingår`.
    Included,
}

/// How an amount departs from Swedish number style; each is a possible style finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StyleNote {
    /// Thousands grouped with a period: `505.800 kr`.
    DotThousands,
    /// Thousands grouped with a comma: `€216,000`.
    EnglishComma,
    /// A decimal point instead of a decimal comma: `1.5 mnkr`.
    DecimalPoint,
}

/// One money amount found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    /// The value in the currency's base unit (`1,5 mnkr` → 1 500 000); the low end of a range.
    pub value: f64,
    pub currency: Currency,
    /// Byte span of the number(s) and the unit or currency, e.g. `700 000 kr`.
    pub span: Range<usize>,
    /// The high end of a range (`50 000–100 000 kr` → 100 000).
    pub range_to: Option<f64>,
    pub qualifier: Option<Qualifier>,
    pub vat: Option<Vat>,
    pub style: Vec<StyleNote>,
}

/// Thousands separators: space, no-break space, narrow no-break space, thin space.
const SEPARATOR: &str = r"[ \x{00A0}\x{202F}\x{2009}]";
/// Optional blank between a number and its unit.
const GAP: &str = r"[ \t\x{00A0}\x{202F}\x{2009}]*";
/// A number as written: space-, dot- or comma-grouped thousands, or plain digits; optional decimals.
const NUMBER: &str = r"(?:[0-9]{1,3}(?:SEP[0-9]{3})+(?:,[0-9]+)?|[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:[.,][0-9]+)?)";
/// What joins the two ends of a range.
const RANGE_JOIN: &str = r"(?:GAP[-–—]GAP|SEP+tillSEP+)";
/// Units written after the number.
const SUFFIX_UNIT: &str = r"(?i:(?:miljarder|miljard|mdr\.?|miljoner|miljon|milj\.?|mn\.?|tusen)GAP(?:kronor|krona|kr\.?|sek|euro|eur|€)|mdkr|mnkr|mkr|tkr|mdsek|mnsek|msek|ksek|tsek|mdeur|meur|keur|teur|kronor|krona|kr\.?|sek|euro|eur|€|:-|,-)";
/// Currencies written before the number.
const PREFIX_CURRENCY: &str = r"(?i:sek|eur)|€";

fn candidate_pattern() -> String {
    let number = NUMBER.replace("SEP", SEPARATOR);
    let range_join = RANGE_JOIN.replace("GAP", GAP).replace("SEP", SEPARATOR);
    let suffix_unit = SUFFIX_UNIT.replace("GAP", GAP);
    format!(
        r"(?:^|[^\p{{L}}\p{{N}}.,])(?:(?P<pcur>{PREFIX_CURRENCY}){GAP}(?P<pnum>{number})(?:{range_join}(?P<pnum2>{number}))?|(?P<num>{number})(?:{range_join}(?P<num2>{number}))?{GAP}(?P<unit>{suffix_unit}))"
    )
}

static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    // The pattern is a constant; a failure here is a programming error caught by every test.
    Regex::new(&candidate_pattern()).expect("amount pattern is a valid constant regex")
});

/// Compiles the amount finder now rather than at its first use.
pub fn prepare() {
    LazyLock::force(&CANDIDATE);
}

/// Every money amount in `text`, in order and non-overlapping.
pub fn find_amounts(text: &str) -> Vec<Amount> {
    let candidates = CANDIDATE
        .captures_iter(text)
        .filter_map(|caps| amount_from_captures(text, &caps));
    let mut amounts = join_unit_ranges(text, candidates.collect());
    for amount in &mut amounts {
        amount.qualifier = qualifier_before(text, amount.span.start);
        amount.vat = vat_after(text, amount.span.end);
    }
    amounts
}

/// The amount a whole string states (a table cell, a form field): exactly one amount and no other
/// digits, with any qualifier and VAT words around it.
pub fn parse_amount(text: &str) -> Option<Amount> {
    let mut amounts = find_amounts(text);
    if amounts.len() != 1 {
        return None;
    }
    let amount = amounts.pop()?;
    let before = text.get(..amount.span.start)?;
    let after = text.get(amount.span.end..)?;
    let has_digits = |s: &str| s.bytes().any(|b| b.is_ascii_digit());
    (!has_digits(before) && !has_digits(after)).then_some(amount)
}

/// A bare Swedish-formatted number filling the whole string: `700 000`, `1 234,50`, `700000`,
/// `-1,5`. Follows the module's reading rules with Swedish defaults (`1,500` is 1.5).
pub fn parse_number(text: &str) -> Option<f64> {
    let trimmed = text.trim();
    let (sign, digits) = match trimmed.chars().next()? {
        '-' | '−' => (-1.0, trimmed.get(trimmed.chars().next()?.len_utf8()..)?),
        '+' => (1.0, trimmed.get(1..)?),
        _ => (1.0, trimmed),
    };
    read_number(digits.trim_start(), false, 0).map(|(value, _)| sign * value)
}

/// Builds an amount from one regex candidate, or rejects it (bad context, bad number, bad range).
fn amount_from_captures(text: &str, caps: &Captures<'_>) -> Option<Amount> {
    if let Some(currency_match) = caps.name("pcur") {
        let number = caps.name("pnum")?;
        let number_to = caps.name("pnum2");
        let end = number_to.map_or(number.end(), |m| m.end());
        if continues_as_non_amount(text, end) || follows_digit_joiner(text, currency_match.start())
        {
            return None;
        }
        let currency_text = currency_match.as_str();
        let currency = if currency_text.eq_ignore_ascii_case("sek") {
            Currency::Sek
        } else {
            Currency::Eur
        };
        let english = currency == Currency::Eur;
        let unit = Unit {
            currency,
            exponent: 0,
        };
        build_amount(
            number.as_str(),
            number_to.map(|m| m.as_str()),
            unit,
            english,
            currency_match.start()..end,
        )
    } else {
        let number = caps.name("num")?;
        let unit_match = caps.name("unit")?;
        if follows_digit_joiner(text, number.start())
            || !unit_ends_cleanly(text, unit_match.as_str(), unit_match.end())
        {
            return None;
        }
        let unit = read_unit(unit_match.as_str())?;
        let end = unit_match.end() - usize::from(is_sentence_final_dot(text, unit_match.end()));
        build_amount(
            number.as_str(),
            caps.name("num2").map(|m| m.as_str()),
            unit,
            false,
            number.start()..end,
        )
    }
}

fn build_amount(
    number: &str,
    number_to: Option<&str>,
    unit: Unit,
    english: bool,
    span: Range<usize>,
) -> Option<Amount> {
    let (value, mut style) = read_number(number, english, unit.exponent)?;
    let range_to = match number_to {
        Some(raw) => {
            let (to, to_style) = read_number(raw, english, unit.exponent)?;
            if to < value {
                return None;
            }
            merge_style(&mut style, &to_style);
            Some(to)
        }
        None => None,
    };
    Some(Amount {
        value,
        currency: unit.currency,
        span,
        range_to,
        qualifier: None,
        vat: None,
        style,
    })
}

fn merge_style(style: &mut Vec<StyleNote>, more: &[StyleNote]) {
    for note in more {
        if !style.contains(note) {
            style.push(*note);
        }
    }
}

/// A currency and the power of ten its unit multiplies by (`mnkr` → SEK, 6).
#[derive(Debug, Clone, Copy)]
struct Unit {
    currency: Currency,
    exponent: i32,
}

/// Reads a matched unit such as `kr`, `mnkr`, `MSEK`, `milj. kr`, `tusen euro`, `:-`.
fn read_unit(unit: &str) -> Option<Unit> {
    let lower = unit.to_lowercase();
    let compact: String = lower
        .chars()
        .filter(|c| !is_blank(*c) && *c != '.')
        .collect();
    if compact == ":-" || compact == ",-" {
        return Some(Unit {
            currency: Currency::Sek,
            exponent: 0,
        });
    }
    let (multiplier, currency_word) = split_currency_word(&compact)?;
    let currency = match currency_word {
        "kr" | "kronor" | "krona" | "sek" => Currency::Sek,
        "euro" | "eur" | "€" => Currency::Eur,
        _ => return None,
    };
    let exponent = match multiplier {
        "" => 0,
        "t" | "k" | "tusen" => 3,
        "m" | "mn" | "milj" | "miljon" | "miljoner" => 6,
        "md" | "mdr" | "miljard" | "miljarder" => 9,
        _ => return None,
    };
    Some(Unit { currency, exponent })
}

/// Splits `mnkr` into (`mn`, `kr`), `miljonerkronor` into (`miljoner`, `kronor`).
fn split_currency_word(compact: &str) -> Option<(&str, &str)> {
    const CURRENCY_WORDS: [&str; 7] = ["kronor", "krona", "euro", "sek", "eur", "kr", "€"];
    CURRENCY_WORDS.iter().find_map(|word| {
        compact
            .strip_suffix(word)
            .map(|multiplier| (multiplier, *word))
    })
}

/// A unit ending in a letter must not run on into a word (`krav`, `sekunder`); `sek.` is seconds.
fn unit_ends_cleanly(text: &str, unit: &str, end: usize) -> bool {
    let next = text.get(end..).and_then(|rest| rest.chars().next());
    let ends_in_letter = unit.chars().last().is_some_and(char::is_alphabetic);
    if ends_in_letter && next.is_some_and(char::is_alphanumeric) {
        return false;
    }
    !(unit == "sek" && next == Some('.'))
}

/// Whether the unit's final `.` (as in `kr.`) is really the full stop of the sentence.
fn is_sentence_final_dot(text: &str, unit_end: usize) -> bool {
    let Some(before) = text.get(..unit_end) else {
        return false;
    };
    if !before.ends_with('.') {
        return false;
    }
    let rest = text.get(unit_end..).unwrap_or_default();
    let after_blank = rest.trim_start();
    rest.is_empty()
        || (rest.len() != after_blank.len()
            && after_blank.chars().next().is_none_or(char::is_uppercase))
}

/// A number right after `-`, `:` or `/` that follows a digit continues a date, time or SFS number.
fn follows_digit_joiner(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or_default();
    let mut chars = before.chars().rev();
    matches!(
        (chars.next(), chars.next()),
        (Some('-' | ':' | '/'), Some(d)) if d.is_ascii_digit()
    )
}

/// A prefix-currency number followed by a letter, a digit, or a joiner and a digit (`SEK 12:00`).
fn continues_as_non_amount(text: &str, end: usize) -> bool {
    let rest = text.get(end..).unwrap_or_default();
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some(c), _) if c.is_alphanumeric() => true,
        (Some('-' | ':' | '/' | '.' | ','), Some(d)) => d.is_ascii_digit(),
        _ => false,
    }
}

/// Reads a number per the module's rules, scaled by 10^`exponent`, with its style notes.
fn read_number(raw: &str, english: bool, exponent: i32) -> Option<(f64, Vec<StyleNote>)> {
    let (integer, fraction, style) = split_number(raw, english)?;
    let value: f64 = format!("{integer}.{fraction}0e{exponent}").parse().ok()?;
    value.is_finite().then_some((value, style))
}

/// Splits a written number into integer digits and fraction digits, validating its grouping.
fn split_number(raw: &str, english: bool) -> Option<(String, String, Vec<StyleNote>)> {
    if raw.is_empty() || !raw.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if raw.contains(is_blank) {
        let (integer, fraction) = raw.split_once(',').unwrap_or((raw, ""));
        let integer = grouped_digits(integer, is_blank)?;
        return Some((integer, digits_only(fraction)?, Vec::new()));
    }
    let dots = raw.matches('.').count();
    let commas = raw.matches(',').count();
    match (dots, commas) {
        (0, 0) => Some((digits_only(raw)?, String::new(), Vec::new())),
        (_, 0) => read_dotted(raw),
        (0, 1) if !english || !is_thousands_group(raw, ',') => {
            let (integer, fraction) = raw.split_once(',')?;
            Some((digits_only(integer)?, digits_only(fraction)?, Vec::new()))
        }
        (0, _) => Some((
            grouped_digits(raw, |c| c == ',')?,
            String::new(),
            vec![StyleNote::EnglishComma],
        )),
        _ => read_mixed(raw),
    }
}

/// `505.800` (thousands), `1.234.567` (thousands) or `1.5` (decimal point).
fn read_dotted(raw: &str) -> Option<(String, String, Vec<StyleNote>)> {
    if raw.matches('.').count() > 1 || is_thousands_group(raw, '.') {
        let integer = grouped_digits(raw, |c| c == '.')?;
        return Some((integer, String::new(), vec![StyleNote::DotThousands]));
    }
    let (integer, fraction) = raw.split_once('.')?;
    Some((
        digits_only(integer)?,
        digits_only(fraction)?,
        vec![StyleNote::DecimalPoint],
    ))
}

/// Both separators: `1.234,50` (dot thousands) or `1,234.50` (English).
fn read_mixed(raw: &str) -> Option<(String, String, Vec<StyleNote>)> {
    let last_dot = raw.rfind('.')?;
    let last_comma = raw.rfind(',')?;
    let (decimal, group, note) = if last_comma > last_dot {
        (',', '.', StyleNote::DotThousands)
    } else {
        ('.', ',', StyleNote::EnglishComma)
    };
    let (integer, fraction) = raw.rsplit_once(decimal)?;
    Some((
        grouped_digits(integer, |c| c == group)?,
        digits_only(fraction)?,
        vec![note],
    ))
}

/// Whether `raw` is `d{1,3}` SEP `ddd` with exactly one separator.
fn is_thousands_group(raw: &str, separator: char) -> bool {
    raw.split_once(separator).is_some_and(|(head, tail)| {
        (1..=3).contains(&head.len())
            && tail.len() == 3
            && head.bytes().chain(tail.bytes()).all(|b| b.is_ascii_digit())
    })
}

/// The digits of `d{1,3}(SEP ddd)*` (or of a single group of any length), None when misgrouped.
fn grouped_digits(raw: &str, is_separator: impl Fn(char) -> bool) -> Option<String> {
    let groups: Vec<&str> = raw.split(is_separator).collect();
    let (first, rest) = groups.split_first()?;
    let first_ok = if rest.is_empty() {
        !first.is_empty()
    } else {
        (1..=3).contains(&first.len())
    };
    if !first_ok || rest.iter().any(|group| group.len() != 3) {
        return None;
    }
    groups.iter().map(|group| digits_only(group)).collect()
}

fn digits_only(raw: &str) -> Option<String> {
    raw.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| raw.to_string())
}

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

/// Joins `50 000 kr – 100 000 kr` (a unit on both ends) into one range.
fn join_unit_ranges(text: &str, amounts: Vec<Amount>) -> Vec<Amount> {
    let mut joined: Vec<Amount> = Vec::with_capacity(amounts.len());
    for amount in amounts {
        if let Some(previous) = joined.last_mut()
            && can_join_as_range(text, previous, &amount)
        {
            previous.range_to = Some(amount.value);
            previous.span.end = amount.span.end;
            merge_style(&mut previous.style, &amount.style);
            continue;
        }
        joined.push(amount);
    }
    joined
}

fn can_join_as_range(text: &str, low: &Amount, high: &Amount) -> bool {
    let between = text
        .get(low.span.end..high.span.start)
        .unwrap_or_default()
        .trim_matches(is_blank);
    low.range_to.is_none()
        && high.range_to.is_none()
        && low.currency == high.currency
        && high.value > low.value
        && matches!(between, "-" | "–" | "—" | "till")
}

/// How far back (in bytes) qualifier words are looked for, and how many words.
const QUALIFIER_WINDOW: usize = 80;
const QUALIFIER_WORDS: usize = 3;
/// How far after the amount VAT words are looked for, and in how many words.
const VAT_WINDOW: usize = 60;
const VAT_WORDS: usize = 4;

/// The qualifier among the (at most three) words right before `start`, nearest first; the search
/// stops at digits and clause punctuation.
fn qualifier_before(text: &str, start: usize) -> Option<Qualifier> {
    let window_start = floor_char_boundary(text, start.saturating_sub(QUALIFIER_WINDOW));
    let window = text.get(window_start..start)?;
    let cut_mid_word = text
        .get(..window_start)
        .and_then(|before| before.chars().next_back())
        .is_some_and(char::is_alphanumeric);
    let mut words = words_back(window, cut_mid_word);
    words.truncate(QUALIFIER_WORDS);
    words.iter().enumerate().find_map(|(i, word)| {
        let before = words.get(i + 1).map(String::as_str);
        classify_qualifier(word, before, i == 0)
    })
}

/// The qualifier a word signals, given the word before it; `adjacent` when it touches the number.
fn classify_qualifier(word: &str, before: Option<&str>, adjacent: bool) -> Option<Qualifier> {
    let negated = before.is_some_and(is_negation);
    match word {
        "ca" | "c:a" | "cirka" | "circa" | "omkring" | "ungefär" | "drygt" | "knappt" => {
            Some(Qualifier::About)
        }
        "runt" if adjacent => Some(Qualifier::About),
        "högst" | "max" | "maximalt" | "maximum" => Some(Qualifier::AtMost),
        "minst" | "lägst" | "minimum" => Some(Qualifier::AtLeast),
        "under" if adjacent => Some(Qualifier::AtMost),
        "över" if adjacent => Some(Qualifier::Exceeds),
        "till" if before == Some("upp") => Some(Qualifier::AtMost),
        "än" => match before? {
            "mer" | "mera" | "fler" | "högre" | "större" | "över" => Some(Qualifier::Exceeds),
            "mindre" | "lägre" | "under" => Some(Qualifier::AtMost),
            _ => None,
        },
        w if is_exceed_verb(w) => Some(if negated {
            Qualifier::AtMost
        } else {
            Qualifier::Exceeds
        }),
        w if is_undershoot_verb(w) => Some(if negated {
            Qualifier::AtLeast
        } else {
            Qualifier::AtMost
        }),
        w if is_negation(w) => match before? {
            b if is_exceed_verb(b) => Some(Qualifier::AtMost),
            b if is_undershoot_verb(b) => Some(Qualifier::AtLeast),
            _ => None,
        },
        _ => None,
    }
}

fn is_exceed_verb(word: &str) -> bool {
    matches!(
        word,
        "överstiger" | "överstiga" | "överstigande" | "överskrider" | "överskrida"
    )
}

fn is_undershoot_verb(word: &str) -> bool {
    matches!(word, "understiger" | "understiga" | "understigande")
}

fn is_negation(word: &str) -> bool {
    matches!(word, "inte" | "ej" | "icke")
}

/// Lower-cased words of `window`, last first, up to the nearest digit or clause punctuation.
/// A period directly after `ca`/`max`/`min` is part of the abbreviation; any other period stops.
fn words_back(window: &str, drop_first_word: bool) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut stopped_at_start = true;
    for c in window.chars() {
        if c.is_alphabetic() || (c == ':' && !current.is_empty()) {
            current.extend(c.to_lowercase());
            continue;
        }
        let finished = std::mem::take(&mut current);
        let is_abbreviation_dot = c == '.' && matches!(finished.as_str(), "ca" | "max" | "min");
        if !finished.is_empty() {
            words.push(finished);
        }
        if is_abbreviation_dot || c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '»') {
            continue;
        }
        // A stop: everything before it belongs to another clause or number.
        words.clear();
        stopped_at_start = false;
    }
    if !current.is_empty() {
        words.push(current);
    }
    if drop_first_word && stopped_at_start && !words.is_empty() {
        words.remove(0);
    }
    words.reverse();
    words
}

/// The VAT note in the few words after `end`: `exkl. moms`, `inklusive moms`, `moms tillkommer`.
fn vat_after(text: &str, end: usize) -> Option<Vat> {
    let window_end = floor_char_boundary(text, end.saturating_add(VAT_WINDOW).min(text.len()));
    let window = text.get(end..window_end)?;
    let words = words_forward(window);
    let vat_index = words.iter().take(VAT_WORDS).position(|w| is_vat_word(w))?;
    let before = vat_index
        .checked_sub(1)
        .and_then(|i| words.get(i))
        .map(String::as_str);
    let after = words.get(vat_index + 1).map(String::as_str);
    match (before, after) {
        (Some("exkl" | "exklusive" | "exkluderat" | "exkluderad" | "ex" | "utan"), _) => {
            Some(Vat::Excluded)
        }
        (Some("inkl" | "inklusive" | "inkluderat" | "inkluderad" | "med"), _) => {
            Some(Vat::Included)
        }
        (_, Some("tillkommer")) => Some(Vat::Excluded),
        (_, Some("ingår" | "inräknad" | "inräknat" | "inkluderad" | "inkluderat")) => {
            Some(Vat::Included)
        }
        _ => None,
    }
}

fn is_vat_word(word: &str) -> bool {
    matches!(
        word,
        "moms" | "momsen" | "mervärdesskatt" | "mervärdesskatten" | "mervärdeskatt"
    )
}

/// Lower-cased words of `window` from its start, up to the first digit or sentence punctuation;
/// a period after `exkl`, `inkl` or `ex` belongs to the abbreviation.
fn words_forward(window: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in window.chars() {
        if c.is_alphabetic() {
            current.extend(c.to_lowercase());
            continue;
        }
        let finished = std::mem::take(&mut current);
        let is_abbreviation_dot = c == '.' && matches!(finished.as_str(), "exkl" | "inkl" | "ex");
        if !finished.is_empty() {
            words.push(finished);
        }
        let passes = is_abbreviation_dot || c.is_whitespace() || matches!(c, '(' | ')' | ',');
        if !passes {
            return words;
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// The largest char boundary at or below `index`.
fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut i = index.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Amount {
        let found = find_amounts(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    fn value_and_span(text: &str) -> (f64, Currency, &str) {
        let a = one(text);
        (a.value, a.currency, &text[a.span])
    }

    #[test]
    fn every_form_of_domain_section_7() {
        use Currency::*;
        let cases: &[(&str, f64, Currency, &str)] = &[
            ("Värdet är 700 000 kr totalt", 700_000.0, Sek, "700 000 kr"),
            ("700 000 kronor", 700_000.0, Sek, "700 000 kronor"),
            ("Pris 100 000:- per år", 100_000.0, Sek, "100 000:-"),
            ("Avgift 450,- per st", 450.0, Sek, "450,-"),
            ("100 tkr", 100_000.0, Sek, "100 tkr"),
            ("1,5 mnkr", 1_500_000.0, Sek, "1,5 mnkr"),
            ("3 mdkr", 3_000_000_000.0, Sek, "3 mdkr"),
            ("50 KSEK", 50_000.0, Sek, "50 KSEK"),
            ("12 MSEK", 12_000_000.0, Sek, "12 MSEK"),
            ("2,5 milj. kr", 2_500_000.0, Sek, "2,5 milj. kr"),
            ("2 miljoner kronor", 2_000_000.0, Sek, "2 miljoner kronor"),
            ("SEK 700 000", 700_000.0, Sek, "SEK 700 000"),
            ("700 000 SEK", 700_000.0, Sek, "700 000 SEK"),
            ("216 000 euro", 216_000.0, Eur, "216 000 euro"),
            ("EUR 140 000", 140_000.0, Eur, "EUR 140 000"),
            ("€216,000", 216_000.0, Eur, "€216,000"),
            ("505.800 kr", 505_800.0, Sek, "505.800 kr"),
            ("1169378 SEK", 1_169_378.0, Sek, "1169378 SEK"),
            ("1 234,50 kr", 1234.5, Sek, "1 234,50 kr"),
        ];
        for &(text, value, currency, span) in cases {
            assert_eq!(value_and_span(text), (value, currency, span), "{text}");
        }
    }

    #[test]
    fn thousands_separators() {
        for sep in [' ', '\u{00A0}', '\u{202F}', '\u{2009}'] {
            let text = format!("1{sep}200{sep}000 kr");
            assert_eq!(one(&text).value, 1_200_000.0, "{sep:?}");
            assert_eq!(one(&text).span, 0..text.len());
        }
    }

    #[test]
    fn more_unit_spellings() {
        let cases: &[(&str, f64, Currency)] = &[
            ("5 Kr", 5.0, Currency::Sek),
            ("5 KR", 5.0, Currency::Sek),
            ("1 krona", 1.0, Currency::Sek),
            ("700000 sek", 700_000.0, Currency::Sek),
            ("3 miljarder kronor", 3e9, Currency::Sek),
            ("1 miljon kronor", 1e6, Currency::Sek),
            ("2 mkr", 2e6, Currency::Sek),
            ("2 Mkr", 2e6, Currency::Sek),
            ("2 mn kr", 2e6, Currency::Sek),
            ("2 milj kr", 2e6, Currency::Sek),
            ("3 mdr kr", 3e9, Currency::Sek),
            ("30 tusen kronor", 30_000.0, Currency::Sek),
            ("30 tusen kr", 30_000.0, Currency::Sek),
            ("2 MNSEK", 2e6, Currency::Sek),
            ("2 MDSEK", 2e9, Currency::Sek),
            ("40 TSEK", 40_000.0, Currency::Sek),
            ("5 MEUR", 5e6, Currency::Eur),
            ("5 KEUR", 5e3, Currency::Eur),
            ("5,5 miljoner euro", 5.5e6, Currency::Eur),
            ("216 000 €", 216_000.0, Currency::Eur),
            ("216 000 EUR", 216_000.0, Currency::Eur),
            ("€ 216 000", 216_000.0, Currency::Eur),
            ("100kr", 100.0, Currency::Sek),
            ("12MSEK", 12e6, Currency::Sek),
            ("0,5 mnkr", 500_000.0, Currency::Sek),
            ("0,1 mnkr", 100_000.0, Currency::Sek),
        ];
        for &(text, value, currency) in cases {
            let a = one(text);
            assert_eq!((a.value, a.currency), (value, currency), "{text}");
            assert_eq!(a.span, 0..text.len(), "{text}");
        }
    }

    #[test]
    fn kr_with_dot() {
        let text = "Pris 500 kr. exkl. moms";
        let a = one(text);
        assert_eq!(&text[a.span.clone()], "500 kr.");
        assert_eq!(a.vat, Some(Vat::Excluded));
        // At the end of a sentence the dot is the full stop.
        let text = "Priset är 500 kr. Det gäller i år.";
        assert_eq!(&text[one(text).span], "500 kr");
        let text = "Priset är 500 kr.";
        assert_eq!(&text[one(text).span], "500 kr");
    }

    #[test]
    fn ranges() {
        for text in [
            "50 000–100 000 kr",
            "50 000-100 000 kr",
            "50 000 — 100 000 kr",
            "50 000 - 100 000 kr",
            "50 000 till 100 000 kr",
            "50 000 kr–100 000 kr",
            "50 000 kr till 100 000 kr",
        ] {
            let a = one(text);
            assert_eq!((a.value, a.range_to), (50_000.0, Some(100_000.0)), "{text}");
            assert_eq!(a.span, 0..text.len(), "{text}");
        }
        let a = one("2–3 mnkr");
        assert_eq!((a.value, a.range_to), (2e6, Some(3e6)));
        let a = one("SEK 1 000–2 000");
        assert_eq!((a.value, a.range_to), (1000.0, Some(2000.0)));
    }

    #[test]
    fn a_falling_range_is_two_amounts_or_none() {
        assert!(find_amounts("10-5 kr").is_empty());
        let found = find_amounts("100 kr - 50 kr");
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|a| a.range_to.is_none()));
    }

    #[test]
    fn comma_rule() {
        // A comma and three digits is a Swedish decimal comma by default…
        assert_eq!(one("1,500 mnkr").value, 1_500_000.0);
        assert_eq!(one("216,000 EUR").value, 216.0);
        assert!(one("1,500 mnkr").style.is_empty());
        // …and English thousands only after a leading € or EUR.
        let a = one("€216,000");
        assert_eq!(
            (a.value, a.style.clone()),
            (216_000.0, vec![StyleNote::EnglishComma])
        );
        assert_eq!(one("EUR 1,500").value, 1500.0);
        assert_eq!(one("EUR 1,5").value, 1.5);
        assert_eq!(one("€1,234,567").value, 1_234_567.0);
        // Only-English numbers are read the English way and noted.
        let a = one("1,234,567 kr");
        assert_eq!(
            (a.value, a.style),
            (1_234_567.0, vec![StyleNote::EnglishComma])
        );
        let a = one("1,234.50 kr");
        assert_eq!((a.value, a.style), (1234.5, vec![StyleNote::EnglishComma]));
    }

    #[test]
    fn dot_rules() {
        let a = one("505.800 kr");
        assert_eq!(a.style, vec![StyleNote::DotThousands]);
        let a = one("1.234.567 kr");
        assert_eq!(
            (a.value, a.style),
            (1_234_567.0, vec![StyleNote::DotThousands])
        );
        let a = one("1.234,50 kr");
        assert_eq!((a.value, a.style), (1234.5, vec![StyleNote::DotThousands]));
        let a = one("1.5 mnkr");
        assert_eq!(
            (a.value, a.style),
            (1_500_000.0, vec![StyleNote::DecimalPoint])
        );
        let a = one("12.50 kr");
        assert_eq!((a.value, a.style), (12.5, vec![StyleNote::DecimalPoint]));
        assert!(one("700 000 kr").style.is_empty());
    }

    #[test]
    fn qualifiers() {
        let cases: &[(&str, Option<Qualifier>)] = &[
            ("ca 500 000 kr", Some(Qualifier::About)),
            ("ca. 500 000 kr", Some(Qualifier::About)),
            ("c:a 500 000 kr", Some(Qualifier::About)),
            ("cirka 500 000 kr", Some(Qualifier::About)),
            ("omkring 500 000 kr", Some(Qualifier::About)),
            ("ungefär 500 000 kr", Some(Qualifier::About)),
            ("drygt 500 000 kr", Some(Qualifier::About)),
            ("högst 700 000 kr", Some(Qualifier::AtMost)),
            ("max 700 000 kr", Some(Qualifier::AtMost)),
            ("maximalt 700 000 kr", Some(Qualifier::AtMost)),
            ("upp till 700 000 kr", Some(Qualifier::AtMost)),
            ("under 700 000 kr", Some(Qualifier::AtMost)),
            ("värdet understiger 700 000 kr", Some(Qualifier::AtMost)),
            ("får inte överstiga 700 000 kr", Some(Qualifier::AtMost)),
            ("överstiger inte 700 000 kr", Some(Qualifier::AtMost)),
            ("mindre än 700 000 kr", Some(Qualifier::AtMost)),
            ("minst 100 000 kr", Some(Qualifier::AtLeast)),
            ("lägst 100 000 kr", Some(Qualifier::AtLeast)),
            ("uppgår till minst 100 000 kronor", Some(Qualifier::AtLeast)),
            ("får inte understiga 100 000 kr", Some(Qualifier::AtLeast)),
            ("överstiger 100 000 kronor", Some(Qualifier::Exceeds)),
            ("över 100 000 kronor", Some(Qualifier::Exceeds)),
            ("mer än 100 000 kronor", Some(Qualifier::Exceeds)),
            (
                "Om värdet ÖVERSTIGER 100 000 kronor",
                Some(Qualifier::Exceeds),
            ),
            ("högst SEK 700 000", Some(Qualifier::AtMost)),
            ("minst belopp om 100 kr", Some(Qualifier::AtLeast)),
            ("minst ett belopp om 100 kr", None), // too far away
            ("uppgår till 100 000 kr", None),
            ("värdet är 100 000 kr", None),
            ("under perioden betalas 100 kr", None),
            ("högst 3 st à 100 kr", None),
            ("högst, och sedan 100 kr", None),
            ("Beloppet. 100 kr", None),
        ];
        for &(text, qualifier) in cases {
            assert_eq!(one(text).qualifier, qualifier, "{text}");
        }
    }

    #[test]
    fn qualifier_word_cut_by_the_window_is_ignored() {
        // The look-back window starts inside "abchögst": the fragment "högst" is not a word.
        let text = format!("x abchögst {} 100 kr", "q".repeat(72));
        let start = text.find("100").unwrap();
        assert_eq!(
            &text[start - QUALIFIER_WINDOW..start - QUALIFIER_WINDOW + 6],
            "högst"
        );
        assert_eq!(one(&text).qualifier, None);
        let text = format!("x högst {} 100 kr", "q".repeat(60));
        assert_eq!(one(&text).qualifier, Some(Qualifier::AtMost));
    }

    #[test]
    fn vat_notes() {
        let cases: &[(&str, Option<Vat>)] = &[
            ("700 000 kr exkl. moms", Some(Vat::Excluded)),
            ("700 000 kr exklusive moms", Some(Vat::Excluded)),
            ("700 000 kr exkl moms", Some(Vat::Excluded)),
            ("700 000 kr utan moms", Some(Vat::Excluded)),
            ("700 000 kr ex. moms", Some(Vat::Excluded)),
            ("700 000 kr (exkl. moms)", Some(Vat::Excluded)),
            ("700 000 kr, exklusive mervärdesskatt", Some(Vat::Excluded)),
            ("700 000 kr, moms tillkommer", Some(Vat::Excluded)),
            ("700 000 kr inkl. moms", Some(Vat::Included)),
            ("700 000 kr inklusive moms", Some(Vat::Included)),
            ("700 000 kr moms ingår", Some(Vat::Included)),
            ("700 000 kr INKL. MOMS", Some(Vat::Included)),
            ("700 000 kr. Moms tillkommer", None),
            ("700 000 kr och sedan långt senare exkl. moms", None),
            ("700 000 kr", None),
        ];
        for &(text, vat) in cases {
            assert_eq!(one(text).vat, vat, "{text}");
        }
        let found = find_amounts("100 kr och 200 kr exkl. moms");
        assert_eq!(
            found.iter().map(|a| a.vat).collect::<Vec<_>>(),
            [None, Some(Vat::Excluded)]
        );
    }

    #[test]
    fn bare_numbers_are_not_amounts() {
        for text in [
            "Året 2024 och 2025",
            "Se 13 kap. 1 § LOU",
            "lag (2016:1145) om offentlig upphandling",
            "Ring 08-508 000 00",
            "Sista dag 2024-02-23 kl. 12.00",
            "kl. 12.00",
            "version 1.2.3",
            "Krav ID 10010:1",
            "700 000",
            "Punkt 3.2 anger krav",
        ] {
            assert!(
                find_amounts(text).is_empty(),
                "{text}: {:?}",
                find_amounts(text)
            );
        }
    }

    #[test]
    fn units_inside_words_are_not_units() {
        for text in [
            "5 krav ska uppfyllas",
            "i kronologisk ordning 3 kronologiska",
            "30 sekunder",
            "vänta 30 sek. innan",
            "3 krondelar",
            "12 eurovisioner",
            "ABC123 kr",
            "SEKTION 5",
        ] {
            assert!(
                find_amounts(text).is_empty(),
                "{text}: {:?}",
                find_amounts(text)
            );
        }
    }

    #[test]
    fn dates_and_sfs_numbers_before_a_unit_are_not_amounts() {
        assert!(find_amounts("2024-02-23 kr").is_empty());
        assert!(find_amounts("SEK 12:00").is_empty());
        assert!(find_amounts("EUR 2024-01-01").is_empty());
        assert!(find_amounts("SEK 2024abc").is_empty());
    }

    #[test]
    fn a_year_before_an_amount_is_not_part_of_it() {
        let text = "År 2024 700 000 kr";
        assert_eq!(&text[one(text).span], "700 000 kr");
        let text = "år 2023 100 000 kr exkl. moms";
        assert_eq!(one(text).value, 100_000.0);
    }

    #[test]
    fn several_amounts_in_order() {
        let text = "Direktupphandlingsgränsen är 700 000 kr (LOU) och 1 200 000 kr (LUF); tröskelvärdet 221 000 EUR.";
        let found = find_amounts(text);
        let values: Vec<f64> = found.iter().map(|a| a.value).collect();
        assert_eq!(values, [700_000.0, 1_200_000.0, 221_000.0]);
        assert!(found.windows(2).all(|w| w[0].span.end <= w[1].span.start));
    }

    #[test]
    fn realistic_sentences() {
        let text = "Tröskelvärdet är 2 389 585 kronor (221 000 euro).";
        let found: Vec<(f64, Currency)> = find_amounts(text)
            .iter()
            .map(|a| (a.value, a.currency))
            .collect();
        assert_eq!(
            found,
            [(2_389_585.0, Currency::Sek), (221_000.0, Currency::Eur)]
        );

        let a = one("Priset får inte överstiga 1 000 000 SEK exkl. moms");
        assert_eq!(
            (a.qualifier, a.vat),
            (Some(Qualifier::AtMost), Some(Vat::Excluded))
        );

        let text = "ersättning om 1 200 kr/timme och 450:-/månad";
        let spans: Vec<&str> = find_amounts(text)
            .into_iter()
            .map(|a| &text[a.span])
            .collect();
        assert_eq!(spans, ["1 200 kr", "450:-"]);

        let a = one("cirka 30-50 tkr per år");
        assert_eq!(
            (a.value, a.range_to, a.qualifier),
            (30_000.0, Some(50_000.0), Some(Qualifier::About))
        );

        // "mellan … och …" lists two numbers; only the one with a unit is an amount.
        let text = "mellan 50 000 och 100 000 kr";
        assert_eq!(&text[one(text).span], "100 000 kr");

        assert_eq!(one("1 000 000,00 kr").value, 1_000_000.0);
        assert_eq!(one("EUR 5.538.000").value, 5_538_000.0);
    }

    #[test]
    fn parse_number_reads_bare_swedish_numbers() {
        assert_eq!(parse_number("700 000"), Some(700_000.0));
        assert_eq!(parse_number("700\u{00A0}000"), Some(700_000.0));
        assert_eq!(parse_number(" 1 234,50 "), Some(1234.5));
        assert_eq!(parse_number("700000"), Some(700_000.0));
        assert_eq!(parse_number("1,5"), Some(1.5));
        assert_eq!(parse_number("-1 500"), Some(-1500.0));
        assert_eq!(parse_number("−1 500"), Some(-1500.0));
        assert_eq!(parse_number("505.800"), Some(505_800.0));
        assert_eq!(parse_number("1,500"), Some(1.5));
        for bad in [
            "",
            " ",
            "-",
            "12 kr",
            "2024-01-01",
            "1 23",
            "abc",
            "1,2,3,4",
            "12:00",
            "1..2",
        ] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn parse_amount_reads_a_whole_cell() {
        let a = parse_amount("ca 700 000 kr exkl. moms").unwrap();
        assert_eq!(a.value, 700_000.0);
        assert_eq!(a.qualifier, Some(Qualifier::About));
        assert_eq!(a.vat, Some(Vat::Excluded));
        assert_eq!(parse_amount("700 000 kr").unwrap().span, 0..10);
        assert!(parse_amount("700 000").is_none());
        assert!(parse_amount("2024: 700 000 kr").is_none());
        assert!(parse_amount("100 kr och 200 kr").is_none());
    }

    #[test]
    fn spans_are_on_char_boundaries_with_swedish_text() {
        let text = "Årsvärdet överstiger ÅÄÖ 5 000 kr för åtgärden.";
        let a = one(text);
        assert_eq!(&text[a.span], "5 000 kr");
    }

    #[test]
    fn huge_numbers_do_not_panic() {
        let text = format!("{} kr", "9".repeat(400));
        assert!(find_amounts(&text).is_empty());
        let text = format!("{} mdkr", "9".repeat(300));
        assert!(find_amounts(&text).is_empty());
    }
}
