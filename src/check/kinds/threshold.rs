//! Kind `threshold`: an amount in the same sentence (or paragraph) as a context pattern, compared with
//! the value of a named limit in force on the as-of date — "direktupphandling … 850 000 kr" against
//! the direct-award limit. How qualifiers, ranges and VAT are read: see `check::compare`.

use super::KindSpec;
use crate::check::compare::{Compare, Stated};
use crate::check::emit::Emitter;
use crate::check::limit_vars::{
    CannotCompare, Outcome, amount_text, known_limit, outcome, with_limit,
};
use crate::check::limits::Registry;
use crate::check::near::{Context, Within};
use crate::check::{Check, CompileCtx, DocView, RuleMeta};
use crate::rules::diagnostic::PackDiagnostic;
use crate::rules::pack::deserialize;
use crate::rules::schema::fields_of;
use serde::Deserialize;
use toml::Spanned;
use toml::de::DeValue;

pub const SPEC: KindSpec = KindSpec {
    name: "threshold",
    fields: fields_of::<Params>,
    vars: &[
        "amount",
        "limit",
        "limit_value",
        "period",
        "source",
        "limit_name",
        "compare",
    ],
    compile,
    summary: "ett belopp nära ett sammanhang (t.ex. direktupphandling) jämfört med en gräns som gäller på datumet",
};

#[derive(Deserialize)]
struct Params {
    /// The `[[limit]]` name to compare with.
    limit: Spanned<String>,
    /// Case-insensitive regexes; an amount counts only near a hit of one of them.
    context: Vec<Spanned<String>>,
    /// Case-insensitive regexes; an amount near a hit of one of these does not count (e.g. `\bLUFS?\b`).
    #[serde(default)]
    unless: Vec<Spanned<String>>,
    /// `sentence` (default) or `paragraph`.
    #[serde(default)]
    within: Within,
    /// `above` (default), `at-or-above`, `below` or `at-or-below`: which amounts are reported.
    #[serde(default)]
    compare: Compare,
}

struct Threshold {
    limit: String,
    context: Context,
    compare: Compare,
}

fn compile(
    _meta: &RuleMeta,
    table: &Spanned<DeValue<'static>>,
    ctx: &mut CompileCtx<'_>,
) -> Option<Box<dyn Check>> {
    let params: Params = deserialize(ctx.source, table, ctx.problems)?;
    if params.context.is_empty() {
        ctx.problems.push(
            PackDiagnostic::at(
                ctx.source,
                table.span(),
                "a threshold rule needs at least one `context` pattern",
            )
            .with_label("inget sammanhang")
            .with_help("e.g. context = ['direktupphandl']"),
        );
        return None;
    }
    let limit = known_limit(&params.limit, ctx)?;
    let context = Context::compile(&params.context, &params.unless, params.within, ctx)?;
    Some(Box::new(Threshold {
        limit,
        context,
        compare: params.compare,
    }))
}

impl Check for Threshold {
    fn check(&self, doc: &DocView<'_>, emit: &mut Emitter<'_>) {
        let scope = emit.meta().scope.clone();
        let registry = Registry::of(doc.env);
        let mut cannot = CannotCompare::default();
        for near in self.context.amounts(doc, &scope) {
            let amount = &near.amount;
            match outcome(&registry, &self.limit, doc.env.as_of, amount.currency) {
                Outcome::Compare(limit) => {
                    if self.compare.holds(&Stated::of(amount), limit.value) {
                        let builder = emit
                            .at(near.block, amount.span.clone())
                            .var("amount", amount_text(amount))
                            .var("compare", self.compare.swedish());
                        with_limit(builder, &limit).push();
                    }
                }
                Outcome::Cannot(reason) => cannot.note(
                    emit,
                    Some((near.block, amount.span.clone())),
                    amount.value,
                    amount.currency,
                    &reason,
                ),
                Outcome::Silent => {}
            }
        }
    }
}
