//! The fact kinds of a run: the `[[fact]]` declarations of all packs (a later pack's fact of the same
//! name replaces an earlier one), their labels registered with the one-pass matcher.

use crate::check::matcher::{MatcherBuilder, PatternId};
use crate::check::regex_util::PackRegex;
use crate::check::regex_util::compile_pattern_ci;
use crate::rules::diagnostic::{PackDiagnostic, SourceFile};
use crate::rules::format::FactDef;
use crate::rules::format::Identity;
use crate::rules::pack::{Pack, is_id_segment};
use crate::text::{amount, date};
use rayon::prelude::*;

/// What kind of value a fact has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    Date,
    Period,
    Duration,
    Amount,
    Text,
    /// The label's own words are the value (`öppet förfarande`).
    Label,
}

impl ValueType {
    pub const ALL: [ValueType; 6] = [
        ValueType::Date,
        ValueType::Period,
        ValueType::Duration,
        ValueType::Amount,
        ValueType::Text,
        ValueType::Label,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ValueType::Date => "date",
            ValueType::Period => "period",
            ValueType::Duration => "duration",
            ValueType::Amount => "amount",
            ValueType::Text => "text",
            ValueType::Label => "label",
        }
    }

    pub fn parse(name: &str) -> Option<ValueType> {
        ValueType::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// One compiled fact kind.
#[derive(Debug, Clone)]
pub struct FactKind {
    pub name: String,
    pub description: String,
    pub value: ValueType,
    /// The label pattern in the shared matcher.
    pub label: PatternId,
    /// For text values: what the value must look like.
    pub pattern: Option<PackRegex>,
    pub identity: Identity,
}

/// Every fact kind of the run, in declaration order.
#[derive(Debug, Clone, Default)]
pub struct FactSchema {
    pub kinds: Vec<FactKind>,
}

impl FactSchema {
    /// Compiles the facts of all packs in layer order, registering each label with the matcher.
    pub fn compile(
        packs: &[Pack],
        matcher: &mut MatcherBuilder,
        problems: &mut Vec<PackDiagnostic>,
    ) -> FactSchema {
        let mut schema = FactSchema::default();
        for pack in packs {
            for def in &pack.facts {
                if let Some(kind) = compile_kind(def, &pack.source, matcher, problems) {
                    schema.insert(kind);
                }
            }
        }
        schema
    }

    fn insert(&mut self, kind: FactKind) {
        match self.kinds.iter_mut().find(|k| k.name == kind.name) {
            Some(existing) => *existing = kind,
            None => self.kinds.push(kind),
        }
    }

    /// Compiles, in parallel, what reading the values of these kinds needs (their text patterns and
    /// the date, duration and amount finders), so that a document's first facts do not wait for one
    /// compilation after another. Afterwards it costs a few atomic loads.
    pub fn prepare(&self, kinds: &[usize]) {
        let prepare_one = |&kind: &usize| {
            let Some(kind) = self.kinds.get(kind) else {
                return;
            };
            match kind.value {
                ValueType::Text => {
                    if let Some(pattern) = &kind.pattern {
                        pattern.prepare();
                    }
                }
                ValueType::Date | ValueType::Period => date::prepare_dates(),
                ValueType::Duration => date::prepare_durations(),
                ValueType::Amount => amount::prepare(),
                ValueType::Label => {}
            }
        };
        if kinds.len() > 1 {
            kinds.par_iter().for_each(prepare_one);
        } else {
            kinds.iter().for_each(prepare_one);
        }
    }

    pub fn index(&self, name: &str) -> Option<usize> {
        self.kinds.iter().position(|k| k.name == name)
    }

    pub fn get(&self, index: usize) -> Option<&FactKind> {
        self.kinds.get(index)
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// The kinds whose differing values tell procurements apart (reference numbers, subjects), with
    /// how a document's value is read.
    pub fn identity_kinds(&self) -> Vec<(usize, Identity)> {
        self.kinds
            .iter()
            .enumerate()
            .filter(|(_, k)| k.identity != Identity::No)
            .map(|(i, k)| (i, k.identity))
            .collect()
    }
}

fn compile_kind(
    def: &FactDef,
    source: &SourceFile,
    matcher: &mut MatcherBuilder,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<FactKind> {
    let before = problems.len();
    let name = def.name.get_ref();
    if !is_id_segment(name) {
        problems.push(
            PackDiagnostic::at(
                source,
                def.name.span(),
                format!("invalid fact name `{name}`"),
            )
            .with_help("use lower-case letters, digits and '-' (e.g. `sista-anbudsdag`)"),
        );
    }
    let value = value_type(def, source, problems);
    let label = compile_pattern_ci(&def.label, source, problems);
    let pattern = def
        .pattern
        .as_ref()
        .and_then(|p| compile_pattern_ci(p, source, problems));
    if let Some(p) = &def.pattern
        && value.is_some_and(|v| v != ValueType::Text)
    {
        problems.push(
            PackDiagnostic::at(source, p.span(), "`pattern` applies to text facts only")
                .with_label("bara för value = \"text\""),
        );
    }
    if problems.len() > before {
        return None;
    }
    Some(FactKind {
        name: name.clone(),
        description: def.description.clone(),
        value: value?,
        label: matcher.regex(label?, false),
        pattern,
        identity: def.identity,
    })
}

fn value_type(
    def: &FactDef,
    source: &SourceFile,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<ValueType> {
    let parsed = ValueType::parse(def.value.get_ref());
    if parsed.is_none() {
        let names: Vec<&str> = ValueType::ALL.iter().map(|t| t.name()).collect();
        problems.push(
            PackDiagnostic::at(
                source,
                def.value.span(),
                format!("unknown fact value `{}`", def.value.get_ref()),
            )
            .with_label("okänd värdetyp")
            .with_help(format!("values: {}", names.join(", "))),
        );
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_kind(name: &str, pattern: &str) -> FactKind {
        FactKind {
            name: name.to_string(),
            description: name.to_string(),
            value: ValueType::Text,
            label: PatternId(0),
            pattern: Some(PackRegex::parse(pattern, false).unwrap()),
            identity: Identity::No,
        }
    }

    #[test]
    fn prepare_compiles_only_the_kinds_asked_for() {
        let schema = FactSchema {
            kinds: vec![
                text_kind("diarienummer", r"\d[\p{L}\p{N}/.:-]*\p{N}"),
                text_kind("foremal", r"\p{L}[\p{L}-]+"),
                text_kind("kontakt", r"\p{Lu}\p{Ll}+"),
            ],
        };
        let compiled = |s: &FactSchema| -> Vec<bool> {
            s.kinds
                .iter()
                .map(|k| k.pattern.as_ref().is_some_and(PackRegex::is_compiled))
                .collect()
        };
        schema.prepare(&[0, 2, 99]);
        assert_eq!(compiled(&schema), vec![true, false, true]);
        schema.prepare(&[1]);
        assert_eq!(compiled(&schema), vec![true, true, true]);
    }
}
