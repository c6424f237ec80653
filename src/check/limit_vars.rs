//! What the kinds that compare amounts with limits share: checking a rule's limit name at compile time,
//! looking up the value for a stated amount, the message placeholders that name the limit, and the
//! one "could not compare" note per document.

use super::CompileCtx;
use super::emit::{Emitter, FindingBuilder};
use super::limits::{LimitValue, Lookup, Registry};
use crate::finding::Severity;
use crate::rules::diagnostic::PackDiagnostic;
use crate::rules::schema::closest;
use crate::text::amount::Currency;
use crate::text::money_format::format_money;
use chrono::NaiveDate;
use toml::Spanned;

/// Placeholders every limit-comparing kind fills.
pub const LIMIT_PLACEHOLDERS: [&str; 6] = [
    "amount",
    "limit",
    "limit_value",
    "period",
    "source",
    "limit_name",
];

/// The rule's limit name, if some layer defines it; otherwise a diagnostic at its span.
pub fn known_limit(name: &Spanned<String>, ctx: &mut CompileCtx<'_>) -> Option<String> {
    let registry = Registry::of(ctx.env);
    if registry.knows(name.get_ref()) {
        return Some(name.get_ref().clone());
    }
    let mut names: Vec<&str> = ctx
        .env
        .limits
        .iter()
        .map(|l| l.name.get_ref().as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    let help = match closest(name.get_ref(), names.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None if names.is_empty() => "no pack or config defines any [[limit]]".to_string(),
        None => format!("defined limits: {}", names.join(", ")),
    };
    ctx.problems.push(
        PackDiagnostic::at(
            ctx.source,
            name.span(),
            format!(
                "no [[limit]] named `{}` in the packs or the config",
                name.get_ref()
            ),
        )
        .with_label("okänd gräns")
        .with_help(help),
    );
    None
}

/// Fills the limit placeholders: `{limit}`, `{limit_value}`, `{period}`, `{source}`, `{limit_name}`.
pub fn with_limit<'e, 'a>(
    builder: FindingBuilder<'e, 'a>,
    limit: &LimitValue,
) -> FindingBuilder<'e, 'a> {
    builder
        .var("limit", limit.label.clone())
        .var("limit_value", limit.value_text())
        .var("period", limit.period_text())
        .var("source", limit.source.clone().unwrap_or_default())
        .var("limit_name", limit.name.clone())
}

/// What a comparison of one amount with one limit comes to.
pub enum Outcome {
    /// The limit's value in the amount's currency on the date.
    Compare(LimitValue),
    /// No value to compare with; the text says why, in Swedish.
    Cannot(String),
    /// The limit is not in force on the date: nothing to say.
    Silent,
}

/// Looks up `name` on `date` for an amount in `currency`.
pub fn outcome(
    registry: &Registry<'_>,
    name: &str,
    date: NaiveDate,
    currency: Currency,
) -> Outcome {
    match registry.value_in(name, date, currency) {
        Lookup::Found(value) => Outcome::Compare(value),
        Lookup::OtherCurrency(values) => Outcome::Cannot(other_currency_reason(&values, currency)),
        Lookup::MissingPbb { label, year } => Outcome::Cannot(format!(
            "{label} anges i prisbasbelopp och prisbasbeloppet för {year} saknas; ange det under prisbasbelopp i upplint.toml"
        )),
        Lookup::NotInForce => Outcome::Silent,
    }
}

fn other_currency_reason(values: &[LimitValue], wanted: Currency) -> String {
    let described: Vec<String> = values.iter().map(LimitValue::describe).collect();
    let name = values.first().map(|v| v.name.as_str()).unwrap_or("");
    let code = match wanted {
        Currency::Sek => "SEK",
        Currency::Eur => "EUR",
    };
    format!(
        "gränsen finns bara i annan valuta ({}) och upplint räknar aldrig om valutor; ange värdet i {} för perioden i upplint.toml ([[limit]] med name = \"{name}\" och currency = \"{code}\")",
        described.join("; "),
        match wanted {
            Currency::Sek => "kronor",
            Currency::Eur => "euro",
        }
    )
}

/// Emits at most one "could not compare" note per document and rule.
#[derive(Default)]
pub struct CannotCompare {
    said: bool,
}

impl CannotCompare {
    /// An info finding at `block` (or the whole document) saying why `value` could not be compared.
    pub fn note(
        &mut self,
        emit: &mut Emitter<'_>,
        at: Option<(usize, std::ops::Range<usize>)>,
        value: f64,
        currency: Currency,
        reason: &str,
    ) {
        if self.said {
            return;
        }
        self.said = true;
        let builder = match at {
            Some((block, range)) => emit.at(block, range),
            None => emit.document(),
        };
        builder
            .severity(Severity::Info)
            .message(format!(
                "Beloppet {} kunde inte jämföras med gränsen: {reason}.",
                format_money(value, currency)
            ))
            .help(None)
            .var("amount", format_money(value, currency))
            .key(format!("cannot-compare {reason}"))
            .push();
    }
}

/// A stated amount in Swedish style for `{amount}`: `850 000 kr`, `400 000–800 000 kr`.
pub fn amount_text(amount: &crate::text::amount::Amount) -> String {
    match amount.range_to {
        Some(high) => format!(
            "{}–{}",
            crate::text::money_format::format_number(amount.value),
            format_money(high, amount.currency)
        ),
        None => format_money(amount.value, amount.currency),
    }
}
