//! A condition on a document's stated value: "this rule applies only where the document states an
//! amount, near a context pattern, at or above a limit" — e.g. labour-law conditions for contracts at
//! or above the EU threshold. Used by the `required` kind's `value_at_least`.
//!
//! An amount opens the gate when it is at or above the limit's value in force on the as-of date (read
//! as `check::compare` reads `at-or-above`). When no amount opens it and some amount could not be
//! compared (a euro limit without a kronor value, a missing prisbasbelopp), the rule says so once.

use super::compare::{Compare, Stated};
use super::limit_vars::{Outcome, known_limit, outcome};
use super::limits::{LimitValue, Registry};
use super::near::{Context, Within};
use super::scope::Scope;
use super::{CompileCtx, DocView};
use crate::text::amount::Amount;
use serde::Deserialize;
use toml::Spanned;

/// `value_at_least = { limit = "…", context = '…', within = "sentence" }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueGateDef {
    /// The `[[limit]]` the stated value must reach.
    pub limit: Spanned<String>,
    /// A case-insensitive regex naming the value (`uppskattade? (kontrakts)?värde|avtalets värde`).
    pub context: Spanned<String>,
    #[serde(default)]
    pub within: Within,
}

pub struct ValueGate {
    limit: String,
    context: Context,
}

/// What the document's stated values say about the gate.
pub enum Gate {
    /// An amount at `block` reaches the limit.
    Open {
        block: usize,
        amount: Amount,
        limit: LimitValue,
    },
    /// No stated amount reaches it (or none is stated).
    Closed,
    /// None reaches it, and this amount could not be compared, for this reason.
    Unknown {
        block: usize,
        amount: Amount,
        reason: String,
    },
}

impl ValueGate {
    pub fn compile(def: &ValueGateDef, ctx: &mut CompileCtx<'_>) -> Option<ValueGate> {
        let limit = known_limit(&def.limit, ctx)?;
        let context = Context::compile(std::slice::from_ref(&def.context), &[], def.within, ctx)?;
        Some(ValueGate { limit, context })
    }

    pub fn evaluate(&self, doc: &DocView<'_>, scope: &Scope) -> Gate {
        let registry = Registry::of(doc.env);
        let mut unknown = Gate::Closed;
        for near in self.context.amounts(doc, scope) {
            match outcome(&registry, &self.limit, doc.env.as_of, near.amount.currency) {
                Outcome::Compare(limit) => {
                    if Compare::AtOrAbove.holds(&Stated::of(&near.amount), limit.value) {
                        return Gate::Open {
                            block: near.block,
                            amount: near.amount,
                            limit,
                        };
                    }
                }
                Outcome::Cannot(reason) => {
                    if matches!(unknown, Gate::Closed) {
                        unknown = Gate::Unknown {
                            block: near.block,
                            amount: near.amount,
                            reason,
                        };
                    }
                }
                Outcome::Silent => {}
            }
        }
        unknown
    }
}
