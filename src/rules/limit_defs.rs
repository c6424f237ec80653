//! Checking `[[limit]]` periods and `[prisbasbelopp]` tables when a pack or config is loaded: dates,
//! currencies, value or pbb, overlapping periods — each problem with its span in the TOML.

use super::diagnostic::{PackDiagnostic, SourceFile};
use super::format::LimitDef;
use super::pack::deserialize;
use super::schema::subtable;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use toml::Spanned;
use toml::de::{DeTable, DeValue};
use toml::value::Datetime;

/// The currencies a limit may be given in.
pub const CURRENCIES: &[&str] = &["SEK", "EUR"];

/// The calendar date of a TOML datetime that is a plain date (`2022-02-01`), None otherwise.
pub fn date_of(value: &Datetime) -> Option<NaiveDate> {
    if value.time.is_some() || value.offset.is_some() {
        return None;
    }
    let date = value.date?;
    NaiveDate::from_ymd_opt(
        i32::from(date.year),
        u32::from(date.month),
        u32::from(date.day),
    )
}

/// A limit period as validated: its dates read, for the overlap check.
struct Period<'a> {
    def: &'a LimitDef,
    from: NaiveDate,
    to: Option<NaiveDate>,
}

/// Every problem in one file's `[[limit]]` entries.
pub fn validate_limits(
    source: &SourceFile,
    limits: &[LimitDef],
    problems: &mut Vec<PackDiagnostic>,
) {
    let periods: Vec<Period<'_>> = limits
        .iter()
        .filter_map(|def| validate_one(source, def, problems))
        .collect();
    report_overlaps(source, &periods, problems);
}

fn validate_one<'a>(
    source: &SourceFile,
    def: &'a LimitDef,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<Period<'a>> {
    check_currency(source, def, problems);
    check_value(source, def, problems);
    let from = plain_date(source, &def.valid_from, "valid_from", problems);
    let to = def
        .valid_to
        .as_ref()
        .map(|to| plain_date(source, to, "valid_to", problems));
    let (from, to) = match (from, to) {
        (Some(from), None) => (from, None),
        (Some(from), Some(Some(to))) => (from, Some(to)),
        _ => return None,
    };
    if let (Some(to), Some(span)) = (to, def.valid_to.as_ref().map(Spanned::span))
        && to < from
    {
        problems.push(
            PackDiagnostic::at(
                source,
                span,
                format!(
                    "limit `{}` ends ({to}) before it starts ({from})",
                    def.name.get_ref()
                ),
            )
            .with_label("slutar före start"),
        );
        return None;
    }
    Some(Period { def, from, to })
}

fn check_currency(source: &SourceFile, def: &LimitDef, problems: &mut Vec<PackDiagnostic>) {
    let currency = def.currency.get_ref();
    if !CURRENCIES.contains(&currency.as_str()) {
        problems.push(
            PackDiagnostic::at(
                source,
                def.currency.span(),
                format!("unknown currency `{currency}`"),
            )
            .with_label("okänd valuta")
            .with_help("write \"SEK\" or \"EUR\" (upper case); a limit in another currency cannot be compared"),
        );
    }
}

fn check_value(source: &SourceFile, def: &LimitDef, problems: &mut Vec<PackDiagnostic>) {
    let name = def.name.get_ref();
    match (&def.value, def.pbb) {
        (Some(value), None) => {
            if !value.get_ref().is_finite() || *value.get_ref() < 0.0 {
                problems.push(
                    PackDiagnostic::at(
                        source,
                        value.span(),
                        format!("limit `{name}` has a negative or non-finite value"),
                    )
                    .with_label("ogiltigt belopp"),
                );
            }
        }
        (None, Some(pbb)) => {
            if !pbb.is_finite() || pbb <= 0.0 {
                problems.push(
                    PackDiagnostic::at(
                        source,
                        def.name.span(),
                        format!("limit `{name}` has `pbb = {pbb}`; give a positive number of prisbasbelopp"),
                    )
                    .with_label("ogiltigt antal prisbasbelopp"),
                );
            } else if def.currency.get_ref() != "SEK" {
                problems.push(
                    PackDiagnostic::at(
                        source,
                        def.currency.span(),
                        format!("limit `{name}` is given in prisbasbelopp, which are kronor"),
                    )
                    .with_label("prisbasbelopp är kronor"),
                );
            }
        }
        (Some(value), Some(_)) => problems.push(
            PackDiagnostic::at(
                source,
                value.span(),
                format!("limit `{name}` has both `value` and `pbb`"),
            )
            .with_label("två värden")
            .with_help("give the value in kronor or the number of prisbasbelopp, not both"),
        ),
        (None, None) => problems.push(
            PackDiagnostic::at(
                source,
                def.name.span(),
                format!("limit `{name}` has neither `value` nor `pbb`"),
            )
            .with_label("inget värde")
            .with_help("add e.g. `value = 700000` or `pbb = 0.5`"),
        ),
    }
}

fn plain_date(
    source: &SourceFile,
    value: &Spanned<Datetime>,
    field: &str,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<NaiveDate> {
    let date = date_of(value.get_ref());
    if date.is_none() {
        problems.push(
            PackDiagnostic::at(
                source,
                value.span(),
                format!("`{field}` must be a date (YYYY-MM-DD) without a time"),
            )
            .with_label("inget datum"),
        );
    }
    date
}

/// Periods of one name and currency must not overlap: which value would be in force?
fn report_overlaps(
    source: &SourceFile,
    periods: &[Period<'_>],
    problems: &mut Vec<PackDiagnostic>,
) {
    for (i, later) in periods.iter().enumerate() {
        let clash = periods.iter().take(i).find(|earlier| {
            earlier.def.name.get_ref() == later.def.name.get_ref()
                && earlier.def.currency.get_ref() == later.def.currency.get_ref()
                && overlaps(earlier, later)
        });
        if let Some(earlier) = clash {
            let line = source.line_of(earlier.def.valid_from.span().start);
            problems.push(
                PackDiagnostic::at(
                    source,
                    later.def.valid_from.span(),
                    format!(
                        "limit `{}` ({}) has overlapping periods: this one and the one from {} (line {line})",
                        later.def.name.get_ref(),
                        later.def.currency.get_ref(),
                        earlier.from,
                    ),
                )
                .with_label("överlappande period")
                .with_help("end the earlier period (`valid_to`) the day before this one starts"),
            );
        }
    }
}

fn overlaps(a: &Period<'_>, b: &Period<'_>) -> bool {
    let a_before_b = a.to.is_some_and(|to| to < b.from);
    let b_before_a = b.to.is_some_and(|to| to < a.from);
    !a_before_b && !b_before_a
}

/// Reads a `prisbasbelopp = { 2025 = 58800, 2026 = 59200 }` table: years and positive amounts.
pub fn read_prisbasbelopp(
    source: &SourceFile,
    root: &DeTable<'static>,
    problems: &mut Vec<PackDiagnostic>,
) -> BTreeMap<i32, f64> {
    let mut out = BTreeMap::new();
    let Some(value) = subtable(root, "prisbasbelopp") else {
        return out;
    };
    let DeValue::Table(table) = value.get_ref() else {
        problems.push(
            PackDiagnostic::at(source, value.span(), "`prisbasbelopp` must be a table")
                .with_help("write `prisbasbelopp = { 2025 = 58800, 2026 = 59200 }`"),
        );
        return out;
    };
    for (key, amount) in table.iter() {
        let year = key
            .get_ref()
            .parse::<i32>()
            .ok()
            .filter(|y| (1900..=2200).contains(y));
        let Some(year) = year else {
            problems.push(
                PackDiagnostic::at(
                    source,
                    key.span(),
                    format!("`{}` is not a year", key.get_ref()),
                )
                .with_label("inget år"),
            );
            continue;
        };
        match deserialize::<f64>(source, amount, problems) {
            Some(kr) if kr.is_finite() && kr > 0.0 => {
                out.insert(year, kr);
            }
            Some(_) => problems.push(
                PackDiagnostic::at(
                    source,
                    amount.span(),
                    format!("prisbasbelopp for {year} must be a positive amount in kronor"),
                )
                .with_label("ogiltigt belopp"),
            ),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::pack::deserialize;
    use crate::rules::schema::array_items;

    fn problems_of(text: &str) -> Vec<String> {
        let source = SourceFile::new("t.toml", text.to_string());
        let root = DeTable::parse(source.text).unwrap();
        let mut problems = Vec::new();
        let limits: Vec<LimitDef> = subtable(root.get_ref(), "limit")
            .map(|l| {
                array_items(l)
                    .into_iter()
                    .filter_map(|item| deserialize(&source, item, &mut problems))
                    .collect()
            })
            .unwrap_or_default();
        validate_limits(&source, &limits, &mut problems);
        read_prisbasbelopp(&source, root.get_ref(), &mut problems);
        problems.iter().map(|p| p.message.clone()).collect()
    }

    #[test]
    fn consecutive_periods_and_two_currencies_are_fine() {
        let text = "prisbasbelopp = { 2025 = 58800, 2026 = 59200.0 }\n\
                    [[limit]]\nname = \"a\"\nvalue = 615312\nvalid_from = 2020-01-01\nvalid_to = 2021-12-31\n\
                    [[limit]]\nname = \"a\"\nvalue = 700000\nvalid_from = 2022-01-01\n\
                    [[limit]]\nname = \"a\"\ncurrency = \"EUR\"\nvalue = 216000\nvalid_from = 2020-01-01\n\
                    [[limit]]\nname = \"b\"\npbb = 0.5\nvalid_from = 2020-01-01\n";
        assert_eq!(problems_of(text), Vec::<String>::new());
    }

    #[test]
    fn reports_reversed_and_overlapping_periods() {
        let text = "[[limit]]\nname = \"a\"\nvalue = 1\nvalid_from = 2020-01-01\nvalid_to = 2019-12-31\n\
                    [[limit]]\nname = \"b\"\nvalue = 1\nvalid_from = 2020-01-01\nvalid_to = 2021-12-31\n\
                    [[limit]]\nname = \"b\"\nvalue = 2\nvalid_from = 2021-12-31\n";
        let problems = problems_of(text);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("ends (2019-12-31) before it starts"));
        assert!(problems[1].contains("overlapping periods"));
    }

    #[test]
    fn reports_currency_value_and_date_shapes() {
        let text = "prisbasbelopp = { tjugo = 1, 2026 = -5 }\n\
                    [[limit]]\nname = \"a\"\nvalue = 1\ncurrency = \"USD\"\nvalid_from = 2020-01-01\n\
                    [[limit]]\nname = \"b\"\nvalid_from = 2020-01-01\n\
                    [[limit]]\nname = \"c\"\nvalue = 1\npbb = 1\nvalid_from = 2020-01-01\n\
                    [[limit]]\nname = \"d\"\nvalue = 1\nvalid_from = 2020-01-01T12:00:00\n\
                    [[limit]]\nname = \"e\"\npbb = 1\ncurrency = \"EUR\"\nvalid_from = 2020-01-01\n";
        let problems = problems_of(text);
        assert_eq!(problems.len(), 7, "{problems:?}");
        assert!(problems[0].contains("unknown currency `USD`"));
        assert!(problems[1].contains("neither `value` nor `pbb`"));
        assert!(problems[2].contains("both `value` and `pbb`"));
        assert!(problems[3].contains("without a time"));
        assert!(problems[4].contains("prisbasbelopp, which are kronor"));
        assert!(
            problems[5..]
                .iter()
                .any(|p| p.contains("`tjugo` is not a year"))
        );
        assert!(problems[5..].iter().any(|p| p.contains("positive amount")));
    }
}
