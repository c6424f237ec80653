//! Kind `policy`: references to an organisation's governing documents — retired ones, or none current.

use super::KindSpec;
use crate::check::emit::Emitter;
use crate::check::matcher::PatternId;
use crate::check::{Check, CompileCtx, DocView, RuleMeta};
use crate::rules::diagnostic::PackDiagnostic;
use crate::rules::format::{PolicyDef, PolicyStatus};
use crate::rules::pack::deserialize;
use crate::rules::schema::fields_of;
use serde::Deserialize;
use toml::Spanned;
use toml::de::DeValue;

pub const SPEC: KindSpec = KindSpec {
    name: "policy",
    fields: fields_of::<Params>,
    vars: &["policy", "replacement", "decided", "current"],
    compile,
    summary: "hänvisningar till styrdokument i organisationens register (upphävda, eller ingen gällande)",
};

#[derive(Deserialize)]
struct Params {
    /// `retired`: a reference to a retired policy; `missing`: no reference to any current policy.
    mode: Spanned<String>,
    /// For `missing`: only documents where one of these occurs must cite a current policy.
    #[serde(default)]
    trigger: Vec<Spanned<String>>,
}

enum Mode {
    Retired,
    Missing,
}

/// The phrases that name one policy, registered with the matcher.
struct PolicyPatterns {
    policy: PolicyDef,
    ids: Vec<PatternId>,
}

struct PolicyCheck {
    mode: Mode,
    current: Vec<PolicyPatterns>,
    retired: Vec<PolicyPatterns>,
    triggers: Vec<PatternId>,
    /// Title of each policy by id, for replacement names.
    titles: Vec<(String, String)>,
}

fn compile(
    _meta: &RuleMeta,
    table: &Spanned<DeValue<'static>>,
    ctx: &mut CompileCtx<'_>,
) -> Option<Box<dyn Check>> {
    let params: Params = deserialize(ctx.source, table, ctx.problems)?;
    let mode = match params.mode.get_ref().as_str() {
        "retired" => Mode::Retired,
        "missing" => Mode::Missing,
        other => {
            ctx.problems.push(
                PackDiagnostic::at(
                    ctx.source,
                    params.mode.span(),
                    format!("unknown mode `{other}`"),
                )
                .with_help("use \"retired\" or \"missing\""),
            );
            return None;
        }
    };
    let triggers = super::required::register_all(&params.trigger, ctx)?;
    let policies = ctx.env.policies.clone();
    let register = |status: PolicyStatus, ctx: &mut CompileCtx<'_>| -> Vec<PolicyPatterns> {
        policies
            .iter()
            .filter(|p| *p.status.get_ref() == status)
            .map(|p| PolicyPatterns {
                policy: p.clone(),
                ids: phrases(p)
                    .iter()
                    .map(|phrase| ctx.matcher.word(phrase, false, true))
                    .collect(),
            })
            .collect()
    };
    let current = register(PolicyStatus::Current, ctx);
    let retired = register(PolicyStatus::Retired, ctx);
    let titles = policies
        .iter()
        .map(|p| (p.id.get_ref().clone(), p.title.get_ref().clone()))
        .collect();
    Some(Box::new(PolicyCheck {
        mode,
        current,
        retired,
        triggers,
        titles,
    }))
}

/// Title, aliases and diary number: the ways a document names a policy.
fn phrases(policy: &PolicyDef) -> Vec<String> {
    let mut out = vec![policy.title.get_ref().clone()];
    out.extend(policy.aliases.iter().cloned());
    out.extend(policy.dnr.iter().cloned());
    out.retain(|p| !p.trim().is_empty());
    out
}

impl Check for PolicyCheck {
    fn check(&self, doc: &DocView<'_>, emit: &mut Emitter<'_>) {
        match self.mode {
            Mode::Retired => self.check_retired(doc, emit),
            Mode::Missing => self.check_missing(doc, emit),
        }
    }
}

impl PolicyCheck {
    fn check_retired(&self, doc: &DocView<'_>, emit: &mut Emitter<'_>) {
        let scope = emit.meta().scope.clone();
        let current_ranges: Vec<(u32, u32, u32)> = self
            .current
            .iter()
            .flat_map(|p| p.ids.iter())
            .flat_map(|id| doc.hits_in(*id, &scope).map(|h| (h.block, h.start, h.end)))
            .collect();
        for retired in &self.retired {
            let mut hits: Vec<_> = retired
                .ids
                .iter()
                .flat_map(|id| doc.hits_in(*id, &scope))
                .copied()
                .collect();
            // The longest phrase at a place wins: "Upphandlingspolicy (KF 2019-06-19 § 90)" over its title.
            hits.sort_by_key(|h| (h.block, h.start, std::cmp::Reverse(h.end)));
            let mut last: Option<(u32, u32)> = None;
            hits.retain(|h| {
                let overlaps = last.is_some_and(|(block, end)| block == h.block && h.start < end);
                if !overlaps {
                    last = Some((h.block, h.end));
                }
                !overlaps
            });
            for hit in hits {
                let inside_current = current_ranges.iter().any(|&(b, s, e)| {
                    b == hit.block
                        && s <= hit.start
                        && hit.end <= e
                        && (s, e) != (hit.start, hit.end)
                });
                if inside_current {
                    continue;
                }
                let policy = &retired.policy;
                let replacement = policy
                    .replaced_by
                    .as_ref()
                    .and_then(|id| self.titles.iter().find(|(pid, _)| pid == id.get_ref()))
                    .map(|(_, title)| title.clone());
                let mut builder = emit
                    .at(hit.block as usize, hit.range())
                    .var("policy", policy.title.get_ref().clone())
                    .var("decided", decided(policy));
                builder = match replacement {
                    Some(title) => builder.suggestion(title.clone()).var("replacement", title),
                    None => builder.var("replacement", "gällande styrdokument"),
                };
                builder.push();
            }
        }
    }

    fn check_missing(&self, doc: &DocView<'_>, emit: &mut Emitter<'_>) {
        let scope = emit.meta().scope.clone();
        if !self.triggers.is_empty()
            && !self
                .triggers
                .iter()
                .any(|id| doc.hits_in(*id, &scope).next().is_some())
        {
            return;
        }
        let cites_current = self
            .current
            .iter()
            .flat_map(|p| p.ids.iter())
            .any(|id| doc.hits_in(*id, &scope).next().is_some());
        if cites_current || self.current.is_empty() {
            return;
        }
        let names: Vec<String> = self
            .current
            .iter()
            .map(|p| p.policy.title.get_ref().clone())
            .collect();
        emit.document().var("current", names.join(", ")).push();
    }
}

fn decided(policy: &PolicyDef) -> String {
    match (&policy.decided_by, &policy.decided) {
        (Some(by), Some(date)) => format!("{by} {date}"),
        (None, Some(date)) => date.clone(),
        (Some(by), None) => by.clone(),
        (None, None) => String::new(),
    }
}
