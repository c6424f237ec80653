//! Kind `stale-value`: a document states, where it speaks of a limit, a figure that was that limit's
//! value in an earlier period — "direktupphandlingsgränsen är 615 312 kronor" when 700 000 kr applies.
//!
//! # Which figures count
//! * Only a figure equal to the value of a period that **ended before the as-of date**, and different
//!   from every value in force on that date, is reported; a figure that was never a value of the limit
//!   is left alone (it may be a price, or the organisation's own stricter limit).
//! * Figures are compared to the whole krona (`615 312` is not `615 000`). A figure written with
//!   `ca`/`cirka`/`drygt` … matches a period value rounded to the figure's precision, at most to the
//!   thousand: "ca 615 000 kr" is the 2020–2021 value 615 312 kr, "ca 600 000 kr" is nothing.
//! * Qualifiers do not matter otherwise: "överstiger 30 000 kr" states the old boundary as much as
//!   "gränsen är 30 000 kr". Ranges are skipped.
//! * A sentence that names a year inside the matched period speaks of the past ("gränsen var
//!   615 312 kr 2020–2021") and is skipped.
//!
//! # `other_values = true`
//! For a limit that has had only one value (the documentation duty, 100 000 kr), there is no earlier
//! figure to recognise. With `other_values`, a figure that differs from the value in force is reported
//! too (`{limit}`, `{period}` then name the value in force), with two guards: a sentence that also
//! states the value in force speaks of several amounts and is left alone, and an upper boundary
//! (`högst`, `upp till`, `under`) is another limit's edge, not where this limit's duty starts.

use super::KindSpec;
use crate::check::emit::Emitter;
use crate::check::limit_vars::{amount_text, known_limit, with_limit};
use crate::check::limits::{LimitValue, Lookup, Registry};
use crate::check::near::{Context, Near, Within};
use crate::check::{Check, CompileCtx, DocView, RuleMeta};
use crate::rules::diagnostic::PackDiagnostic;
use crate::rules::pack::deserialize;
use crate::rules::schema::fields_of;
use crate::text::amount::{Amount, Qualifier, find_amounts};
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use serde::Deserialize;
use std::sync::LazyLock;
use toml::Spanned;
use toml::de::DeValue;

pub const SPEC: KindSpec = KindSpec {
    name: "stale-value",
    fields: fields_of::<Params>,
    vars: &[
        "amount",
        "limit",
        "limit_value",
        "period",
        "source",
        "limit_name",
        "current",
        "current_value",
        "current_period",
    ],
    compile,
    summary: "ett belopp som var en gräns under en tidigare period (t.ex. en gammal direktupphandlingsgräns)",
};

#[derive(Deserialize)]
struct Params {
    /// The `[[limit]]` name whose earlier values are stale.
    #[serde(default)]
    limit: Option<Spanned<String>>,
    /// Or several names (e.g. the EU thresholds of each category).
    #[serde(default)]
    limits: Vec<Spanned<String>>,
    /// Case-insensitive regexes; only amounts near a hit of one of them count.
    context: Vec<Spanned<String>>,
    #[serde(default)]
    unless: Vec<Spanned<String>>,
    #[serde(default)]
    within: Within,
    /// Also report figures that differ from the value in force, not only earlier values (see above).
    #[serde(default)]
    other_values: bool,
}

struct StaleValue {
    limits: Vec<String>,
    context: Context,
    other_values: bool,
}

fn compile(
    _meta: &RuleMeta,
    table: &Spanned<DeValue<'static>>,
    ctx: &mut CompileCtx<'_>,
) -> Option<Box<dyn Check>> {
    let params: Params = deserialize(ctx.source, table, ctx.problems)?;
    let names: Vec<&Spanned<String>> = params.limit.iter().chain(&params.limits).collect();
    if names.is_empty() || params.context.is_empty() {
        ctx.problems.push(
            PackDiagnostic::at(
                ctx.source,
                table.span(),
                "a stale-value rule needs `limit` (or `limits`) and `context`",
            )
            .with_label("gräns eller sammanhang saknas"),
        );
        return None;
    }
    let limits = names
        .into_iter()
        .map(|name| known_limit(name, ctx))
        .collect::<Option<Vec<String>>>()?;
    let context = Context::compile(&params.context, &params.unless, params.within, ctx)?;
    Some(Box::new(StaleValue {
        limits,
        context,
        other_values: params.other_values,
    }))
}

impl Check for StaleValue {
    fn check(&self, doc: &DocView<'_>, emit: &mut Emitter<'_>) {
        let scope = emit.meta().scope.clone();
        let registry = Registry::of(doc.env);
        for near in self.context.amounts(doc, &scope) {
            if near.amount.range_to.is_some() {
                continue;
            }
            let text = doc
                .doc
                .blocks
                .get(near.block)
                .and_then(|b| b.text.get(near.window.clone()))
                .unwrap_or("");
            let found = self
                .limits
                .iter()
                .find_map(|name| stale_period(&registry, name, &near.amount, doc.env.as_of, text));
            if let Some((old, current)) = found {
                report(emit, &near, &old, &current);
            } else if self.other_values
                && let Some(current) = self.limits.iter().find_map(|name| {
                    other_value(&registry, name, &near.amount, doc.env.as_of, text)
                })
            {
                report(emit, &near, &current, &Lookup::Found(current.clone()));
            }
        }
    }
}

/// The earlier period whose value the amount states, with what is in force now — or None.
fn stale_period(
    registry: &Registry<'_>,
    name: &str,
    amount: &Amount,
    as_of: NaiveDate,
    sentence: &str,
) -> Option<(LimitValue, Lookup)> {
    let periods = registry.periods(name);
    if periods
        .iter()
        .any(|p| p.in_force(as_of) && states(amount, p.value))
    {
        return None;
    }
    let old = periods
        .into_iter()
        .filter(|p| p.currency == amount.currency)
        .filter(|p| p.valid_to.is_some_and(|to| to < as_of))
        .rfind(|p| states(amount, p.value))?;
    if names_year_in(sentence, &old) {
        return None;
    }
    Some((old, registry.value_in(name, as_of, amount.currency)))
}

/// The value in force that the amount, stated as this limit's boundary, differs from — or None when it
/// states it, when its sentence states it too, or when it is an upper boundary.
fn other_value(
    registry: &Registry<'_>,
    name: &str,
    amount: &Amount,
    as_of: NaiveDate,
    sentence: &str,
) -> Option<LimitValue> {
    if amount.qualifier == Some(Qualifier::AtMost) {
        return None;
    }
    let Lookup::Found(current) = registry.value_in(name, as_of, amount.currency) else {
        return None;
    };
    let stated_in_sentence = find_amounts(sentence)
        .iter()
        .any(|other| other.currency == current.currency && states(other, current.value));
    (!stated_in_sentence).then_some(current)
}

/// Whether the amount states `value`: to the krona, or rounded as far as a `ca` figure is.
fn states(amount: &Amount, value: f64) -> bool {
    let stated = amount.value.round();
    if stated == value.round() {
        return true;
    }
    if amount.qualifier != Some(Qualifier::About) {
        return false;
    }
    let precision = rounding_precision(stated);
    precision > 1.0 && (value / precision).round() * precision == stated
}

/// 1, 10, 100 or 1000: the power of ten a figure is rounded to, judged by its trailing zeros.
fn rounding_precision(figure: f64) -> f64 {
    let mut precision = 1.0;
    while precision < 1000.0 && figure != 0.0 && (figure / (precision * 10.0)).fract() == 0.0 {
        precision *= 10.0;
    }
    precision
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    // A constant pattern; every test compiles it.
    Regex::new(r"\b(19|20)[0-9]{2}\b").expect("year pattern is a valid constant regex")
});

fn names_year_in(sentence: &str, period: &LimitValue) -> bool {
    let first = period.valid_from.year();
    let last = period.valid_to.map_or(i32::MAX, |to| to.year());
    YEAR.find_iter(sentence)
        .filter_map(|m| m.as_str().parse::<i32>().ok())
        .any(|year| (first..=last).contains(&year))
}

fn report(emit: &mut Emitter<'_>, near: &Near, old: &LimitValue, current: &Lookup) {
    let (current_text, current_value, current_period) = match current {
        Lookup::Found(value) => (value.describe(), value.value_text(), value.period_text()),
        Lookup::OtherCurrency(values) => {
            let value = values.first();
            (
                format!(
                    "{} (inget värde i samma valuta har angetts)",
                    values
                        .iter()
                        .map(LimitValue::describe)
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                value.map(LimitValue::value_text).unwrap_or_default(),
                value.map(LimitValue::period_text).unwrap_or_default(),
            )
        }
        Lookup::MissingPbb { label, year } => (
            format!("{label} för {year} (prisbasbeloppet för {year} saknas)"),
            String::new(),
            String::new(),
        ),
        Lookup::NotInForce => ("inget känt värde".to_string(), String::new(), String::new()),
    };
    let builder = emit
        .at(near.block, near.amount.span.clone())
        .var("amount", amount_text(&near.amount))
        .var("current", current_text)
        .var("current_value", current_value)
        .var("current_period", current_period);
    with_limit(builder, old).push();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str) -> Amount {
        find_amounts(text).remove(0)
    }

    #[test]
    fn exact_figures_and_rounded_about_figures() {
        assert!(states(&amount("615 312 kr"), 615_312.0));
        assert!(!states(&amount("615 000 kr"), 615_312.0));
        assert!(states(&amount("ca 615 000 kr"), 615_312.0));
        assert!(states(&amount("cirka 615 300 kr"), 615_312.0));
        assert!(!states(&amount("ca 600 000 kr"), 615_312.0));
        assert!(states(&amount("ca 30 000 kr"), 30_000.0));
        assert_eq!(rounding_precision(600_000.0), 1000.0);
        assert_eq!(rounding_precision(615_312.0), 1.0);
        assert_eq!(rounding_precision(0.0), 1.0);
    }
}
