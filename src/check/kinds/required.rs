//! Kind `required`: a document (of some globs, or containing a trigger) must contain at least one of
//! some patterns, optionally under a heading that matches a pattern.

use super::KindSpec;
use crate::check::emit::Emitter;
use crate::check::limit_vars::{CannotCompare, amount_text, with_limit};
use crate::check::limits::LimitValue;
use crate::check::matcher::PatternId;
use crate::check::regex_util::PackRegex;
use crate::check::regex_util::compile_pattern_ci;
use crate::check::value_gate::{Gate, ValueGate, ValueGateDef, amount_reason};
use crate::check::{Check, CompileCtx, DocView, RuleMeta, check_placeholders};
use crate::finding::Severity;
use crate::rules::diagnostic::PackDiagnostic;
use crate::rules::pack::deserialize;
use crate::rules::schema::fields_of;
use serde::Deserialize;
use toml::Spanned;
use toml::de::DeValue;

pub const SPEC: KindSpec = KindSpec {
    name: "required",
    fields: fields_of::<Params>,
    vars: &[
        "missing",
        "trigger",
        "heading",
        "value",
        "limit",
        "limit_value",
        "period",
        "source",
        "limit_name",
    ],
    compile,
    summary: "något som måste finnas i dokumentet (ev. under en viss rubrik)",
};

#[derive(Deserialize)]
struct Params {
    /// The rule applies only to documents where one of these occurs (case-insensitive regexes).
    #[serde(default)]
    trigger: Vec<Spanned<String>>,
    /// At least one of these must occur (case-insensitive regexes).
    #[serde(default)]
    any: Vec<Spanned<String>>,
    /// Every one of these must occur (case-insensitive regexes).
    #[serde(default)]
    all: Vec<Spanned<String>>,
    /// … under a heading matching this pattern, when given.
    #[serde(default)]
    under_heading: Option<Spanned<String>>,
    /// What is missing, in Swedish, for the `{missing}` placeholder.
    #[serde(default)]
    missing: Option<String>,
    /// The rule applies only to documents stating, near `context`, an amount at or above `limit`
    /// (`{value}` and the limit placeholders name them); see `check::value_gate`.
    #[serde(default)]
    value_at_least: Option<ValueGateDef>,
}

struct Required {
    triggers: Vec<PatternId>,
    any: Vec<PatternId>,
    all: Vec<PatternId>,
    heading: Option<PackRegex>,
    missing: String,
    gate: Option<ValueGate>,
}

fn compile(
    _meta: &RuleMeta,
    table: &Spanned<DeValue<'static>>,
    ctx: &mut CompileCtx<'_>,
) -> Option<Box<dyn Check>> {
    let params: Params = deserialize(ctx.source, table, ctx.problems)?;
    if params.any.is_empty() && params.all.is_empty() {
        ctx.problems.push(
            PackDiagnostic::at(
                ctx.source,
                table.span(),
                "a required rule needs patterns in `any` or `all`",
            )
            .with_label("inga mönster"),
        );
        return None;
    }
    let triggers = register_all(&params.trigger, ctx)?;
    let any = register_all(&params.any, ctx)?;
    let all = register_all(&params.all, ctx)?;
    let heading = match &params.under_heading {
        Some(p) => Some(compile_pattern_ci(p, ctx.source, ctx.problems)?),
        None => None,
    };
    let gate = match &params.value_at_least {
        Some(def) => {
            if let Some(message) = &def.unknown_message {
                let mut vars = SPEC.vars.to_vec();
                vars.push("reason");
                check_placeholders(ctx.source, message, &vars, ctx.problems);
            }
            Some(ValueGate::compile(def, ctx)?)
        }
        None => None,
    };
    let missing = params.missing.unwrap_or_else(|| {
        params
            .any
            .iter()
            .chain(&params.all)
            .map(|p| p.get_ref().clone())
            .collect::<Vec<_>>()
            .join(" / ")
    });
    Some(Box::new(Required {
        triggers,
        any,
        all,
        heading,
        missing,
        gate,
    }))
}

/// Registers case-insensitive regexes with the shared matcher.
pub fn register_all(
    patterns: &[Spanned<String>],
    ctx: &mut CompileCtx<'_>,
) -> Option<Vec<PatternId>> {
    patterns
        .iter()
        .map(|p| {
            compile_pattern_ci(p, ctx.source, ctx.problems).map(|r| ctx.matcher.regex(r, false))
        })
        .collect()
}

impl Required {
    fn under_heading(&self, doc: &DocView<'_>, block: u32) -> bool {
        match &self.heading {
            None => true,
            Some(heading) => doc
                .doc
                .blocks
                .get(block as usize)
                .is_some_and(|b| b.location.heading.iter().any(|h| heading.is_match(h))),
        }
    }
}

impl Check for Required {
    fn check(&self, doc: &DocView<'_>, emit: &mut Emitter<'_>) {
        let scope = emit.meta().scope.clone();
        let trigger = if self.triggers.is_empty() {
            None
        } else {
            match self
                .triggers
                .iter()
                .filter_map(|id| doc.hits_in(*id, &scope).next())
                .min()
            {
                Some(hit) => Some(*hit),
                None => return,
            }
        };
        let trigger_text = trigger
            .and_then(|h| {
                doc.doc
                    .blocks
                    .get(h.block as usize)
                    .and_then(|b| b.text.get(h.range()))
            })
            .unwrap_or("")
            .to_string();
        let present = |id: &PatternId| {
            doc.hits_in(*id, &scope)
                .any(|hit| self.under_heading(doc, hit.block))
        };
        let any_ok = self.any.is_empty() || self.any.iter().any(present);
        let all_ok = self.all.iter().all(present);
        if any_ok && all_ok {
            return;
        }
        let Some(applies) = self.applies(doc, emit, &scope, &trigger_text) else {
            return;
        };
        let heading_block = self.heading.as_ref().and_then(|heading| {
            doc.doc
                .blocks
                .iter()
                .position(|b| b.outline_level.is_some() && heading.is_match(&b.text))
        });
        let builder = match heading_block {
            Some(index) => {
                let len = doc.doc.blocks.get(index).map(|b| b.text.len()).unwrap_or(0);
                let heading_text = doc
                    .doc
                    .blocks
                    .get(index)
                    .map(|b| b.text.clone())
                    .unwrap_or_default();
                emit.at(index, 0..len).var("heading", heading_text)
            }
            None => emit.document().key(self.missing.clone()),
        };
        let builder = builder
            .var("missing", self.missing.clone())
            .var("trigger", trigger_text);
        match applies {
            Applies::Always => builder.push(),
            Applies::Reached(value, limit) => {
                with_limit(builder.var("value", value), &limit).push()
            }
            Applies::Unknown {
                severity,
                message,
                reason,
                value,
            } => builder
                .severity(severity)
                .message(message)
                .var("reason", reason)
                .var("value", value)
                .key(format!("{} (värdet okänt)", self.missing))
                .push(),
        }
    }
}

/// Whether, and how, the value condition lets the rule report a document.
enum Applies {
    /// No value condition.
    Always,
    /// A stated amount (as written) reaches the limit.
    Reached(String, LimitValue),
    /// The value could not be compared: the rule's `unknown_message` at its `unknown` severity.
    Unknown {
        severity: Severity,
        message: String,
        reason: String,
        value: String,
    },
}

impl Required {
    /// Whether the value condition lets the rule report the document (None: it does not, after saying
    /// once why an amount could not be compared when the rule has no `unknown` severity).
    fn applies(
        &self,
        doc: &DocView<'_>,
        emit: &mut Emitter<'_>,
        scope: &crate::check::scope::Scope,
        trigger_text: &str,
    ) -> Option<Applies> {
        let Some(gate) = &self.gate else {
            return Some(Applies::Always);
        };
        let outcome = gate.evaluate(doc, scope, trigger_text);
        if let Gate::Open { amount, limit, .. } = outcome {
            return Some(Applies::Reached(amount_text(&amount), limit));
        }
        match (&gate.unknown, outcome) {
            (_, Gate::Open { .. } | Gate::Below) => None,
            (Some((severity, message)), Gate::NotStated { reason }) => Some(Applies::Unknown {
                severity: *severity,
                message: message.clone(),
                reason,
                value: String::new(),
            }),
            (Some((severity, message)), Gate::Unknown { amount, reason, .. }) => {
                Some(Applies::Unknown {
                    severity: *severity,
                    message: message.clone(),
                    reason: amount_reason(&amount, &reason),
                    value: amount_text(&amount),
                })
            }
            (None, Gate::NotStated { .. }) => None,
            (
                None,
                Gate::Unknown {
                    block,
                    amount,
                    reason,
                    in_force,
                },
            ) => {
                if in_force {
                    CannotCompare::default().note(
                        emit,
                        Some((block, amount.span.clone())),
                        amount.value,
                        amount.currency,
                        &reason,
                    );
                }
                None
            }
        }
    }
}
