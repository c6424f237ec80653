//! A condition on a document's stated value: "this rule applies only where the document states an
//! amount, near a context pattern, at or above a limit" — e.g. labour-law conditions for contracts at
//! or above the EU threshold. Used by the `required` kind's `value_at_least`.
//!
//! An amount opens the gate when it is at or above the limit's value in force on the as-of date (read
//! as `check::compare` reads `at-or-above`). Which limit: `limit`, or the first `limit_if` entry whose
//! pattern matches the text that triggered the rule (works contracts have their own EU threshold).
//!
//! When no amount opens it, the gate tells apart: every amount compared and below the limit; no
//! amount stated at all; and amounts that could not be compared (a euro limit without a kronor value,
//! a missing prisbasbelopp, no period in force on the date). A rule with `unknown = "info"` reports the
//! last two at that severity with its `unknown_message`; without it, it stays silent except for one
//! info note on an amount in a currency the limit has no value in.

use super::compare::{Compare, Stated};
use super::limit_vars::{Outcome, known_limit, outcome};
use super::limits::{LimitValue, Registry};
use super::near::{Context, Near, Within};
use super::regex_util::compile_pattern_ci;
use super::scope::Scope;
use super::{CompileCtx, DocView};
use crate::check::regex_util::PackRegex as Regex;
use crate::finding::Severity;
use crate::rules::diagnostic::PackDiagnostic;
use crate::text::amount::Amount;
use crate::text::money_format::format_money;
use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

/// `value_at_least = { limit = "…", context = '…', within = "sentence", limit_if = […], unknown = "info",
/// unknown_message = "…" }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueGateDef {
    /// The `[[limit]]` the stated value must reach.
    pub limit: Spanned<String>,
    /// A case-insensitive regex naming the value (`uppskattade? (kontrakts)?värde|avtalets värde`).
    pub context: Spanned<String>,
    #[serde(default)]
    pub within: Within,
    /// Other limits for some triggers: `[{ trigger = 'entreprenad', limit = "eu-troskel-bygg" }]`; the
    /// first whose pattern (case-insensitive) matches the text that triggered the rule is used.
    #[serde(default)]
    pub limit_if: Vec<LimitIfDef>,
    /// Also report, at this severity, a document whose value cannot be compared: none stated near
    /// `context`, or no value of the limit in the amount's currency on the date.
    #[serde(default)]
    pub unknown: Option<Severity>,
    /// The message for that case; the rule's placeholders and `{reason}` (why, in Swedish).
    #[serde(default)]
    pub unknown_message: Option<Spanned<String>>,
}

/// One `limit_if` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitIfDef {
    pub trigger: Spanned<String>,
    pub limit: Spanned<String>,
}

pub struct ValueGate {
    limit: String,
    limit_if: Vec<(Regex, String)>,
    context: Context,
    /// Severity and message template for a value that cannot be compared.
    pub unknown: Option<(Severity, String)>,
}

/// What the document's stated values say about the gate.
pub enum Gate {
    /// An amount at `block` reaches the limit.
    Open {
        block: usize,
        amount: Amount,
        limit: LimitValue,
    },
    /// Amounts are stated and compared, and none reaches the limit.
    Below,
    /// No amount is stated near the context; why that leaves the question open, in Swedish.
    NotStated { reason: String },
    /// None reaches it, and this amount could not be compared, for this reason. `in_force` is false
    /// when the limit has no period at all on the date (rules without `unknown` say nothing then).
    Unknown {
        block: usize,
        amount: Amount,
        reason: String,
        in_force: bool,
    },
}

impl ValueGate {
    pub fn compile(def: &ValueGateDef, ctx: &mut CompileCtx<'_>) -> Option<ValueGate> {
        let limit = known_limit(&def.limit, ctx)?;
        let context = Context::compile(std::slice::from_ref(&def.context), &[], def.within, ctx)?;
        let limit_if = def
            .limit_if
            .iter()
            .map(|entry| {
                let pattern = compile_pattern_ci(&entry.trigger, ctx.source, ctx.problems)?;
                Some((pattern, known_limit(&entry.limit, ctx)?))
            })
            .collect::<Option<Vec<_>>>()?;
        let unknown = match (def.unknown, &def.unknown_message) {
            (Some(severity), Some(message)) => Some((severity, message.get_ref().clone())),
            (None, None) => None,
            (Some(_), None) | (None, Some(_)) => {
                ctx.problems.push(
                    PackDiagnostic::at(
                        ctx.source,
                        def.limit.span(),
                        "`unknown` and `unknown_message` go together in `value_at_least`",
                    )
                    .with_label("ange båda")
                    .with_help(
                        "e.g. unknown = \"info\", unknown_message = \"… kunde inte jämföras: {reason}.\"",
                    ),
                );
                return None;
            }
        };
        Some(ValueGate {
            limit,
            limit_if,
            context,
            unknown,
        })
    }

    /// The limit for a rule triggered by `trigger_text`.
    fn limit_for(&self, trigger_text: &str) -> &str {
        self.limit_if
            .iter()
            .find(|(pattern, _)| pattern.is_match(trigger_text))
            .map_or(self.limit.as_str(), |(_, name)| name.as_str())
    }

    pub fn evaluate(&self, doc: &DocView<'_>, scope: &Scope, trigger_text: &str) -> Gate {
        let name = self.limit_for(trigger_text);
        let registry = Registry::of(doc.env);
        let as_of = doc.env.as_of;
        let mut compared = false;
        let mut cannot: Option<Gate> = None;
        let mut silent: Option<Gate> = None;
        for near in self.context.amounts(doc, scope) {
            match outcome(&registry, name, as_of, near.amount.currency) {
                Outcome::Compare(limit) => {
                    if Compare::AtOrAbove.holds(&Stated::of(&near.amount), limit.value) {
                        return Gate::Open {
                            block: near.block,
                            amount: near.amount,
                            limit,
                        };
                    }
                    compared = true;
                }
                Outcome::Cannot(reason) => {
                    cannot.get_or_insert_with(|| unknown(near, reason, true));
                }
                Outcome::Silent => {
                    silent.get_or_insert_with(|| {
                        let reason = not_in_force(&registry, name, as_of);
                        unknown(near, reason, false)
                    });
                }
            }
        }
        match (cannot, compared, silent) {
            (Some(gate), _, _) => gate,
            (None, true, _) => Gate::Below,
            (None, false, Some(gate)) => gate,
            (None, false, None) => Gate::NotStated {
                reason: not_stated(&registry, name, as_of),
            },
        }
    }
}

fn unknown(near: Near, reason: String, in_force: bool) -> Gate {
    Gate::Unknown {
        block: near.block,
        amount: near.amount,
        reason,
        in_force,
    }
}

/// Why an amount cannot be compared with a limit that has no period on the date, and what to do.
fn not_in_force(registry: &Registry<'_>, name: &str, as_of: NaiveDate) -> String {
    format!(
        "upplint känner inte till {} för {as_of}; ange värdet i kronor i upplint.toml ([[limit]] med name = \"{name}\", currency = \"SEK\", valid_from och valid_to)",
        label_of(registry, name)
    )
}

/// Why a document without a stated value leaves the question open, naming the limit to check against.
fn not_stated(registry: &Registry<'_>, name: &str, as_of: NaiveDate) -> String {
    match registry.value_at(name, as_of) {
        Some(limit) => format!(
            "Dokumentet anger inget värde som upplint kan jämföra med {}",
            limit.describe()
        ),
        None => format!(
            "Dokumentet anger inget värde, och upplint känner inte till {} för {as_of}",
            label_of(registry, name)
        ),
    }
}

fn label_of(registry: &Registry<'_>, name: &str) -> String {
    registry
        .periods(name)
        .into_iter()
        .next()
        .map_or_else(|| name.to_string(), |p| p.label)
}

/// `{reason}` for an amount that could not be compared: a sentence with the amount, then why.
pub fn amount_reason(amount: &Amount, reason: &str) -> String {
    format!(
        "Värdet är {}, men {reason}",
        format_money(amount.value, amount.currency)
    )
}
