//! Loading one pack (`pack.toml`): syntax, known keys, typed fields, ids — every problem with its span.

use super::diagnostic::{PackDiagnostic, SourceFile};
use super::format::{ExampleDef, FactDef, LimitDef, PackMeta, PolicyDef, RuleCommon, ScopeDef};
use super::layer::{Adjustment, parse_adjustments};
use super::limit_defs;
use super::schema::{array_items, check_keys, closest, fields_of, subtable};
use crate::check::kinds;
use serde::Deserialize;
use serde::de::IntoDeserializer;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Where a pack came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Embedded,
    Dir(PathBuf),
}

/// A parsed, validated pack whose rules are not compiled yet (layers may still change them).
#[derive(Debug, Clone)]
pub struct Pack {
    pub meta: PackMeta,
    pub origin: Origin,
    pub source: Arc<SourceFile>,
    pub rules: Vec<RawRule>,
    pub policies: Vec<PolicyDef>,
    pub limits: Vec<LimitDef>,
    /// Prisbasbelopp per year (`[prisbasbelopp]`), for limits given in pbb.
    pub prisbasbelopp: BTreeMap<i32, f64>,
    /// Fact kinds the pack declares (`[[fact]]`), for consistency rules.
    pub facts: Vec<FactDef>,
    pub adjustments: Vec<Adjustment>,
}

impl Pack {
    pub fn name(&self) -> &str {
        self.meta.name.get_ref()
    }
}

/// A rule as written: its common fields read, its whole table kept for the kind to read at compile time.
#[derive(Debug, Clone)]
pub struct RawRule {
    pub common: RuleCommon,
    pub table: Spanned<DeValue<'static>>,
    pub source: Arc<SourceFile>,
    pub pack: String,
}

impl RawRule {
    pub fn id(&self) -> &str {
        self.common.id.get_ref()
    }
}

/// Top-level keys a pack file may have.
pub const PACK_KEYS: &[&str] = &[
    "pack",
    "rule",
    "policy",
    "limit",
    "prisbasbelopp",
    "fact",
    "rules",
];

/// Parses and validates a pack file; every problem found is returned, not just the first.
pub fn load_pack(source: Arc<SourceFile>, origin: Origin) -> Result<Pack, Vec<PackDiagnostic>> {
    let root =
        DeTable::parse(source.text).map_err(|e| vec![PackDiagnostic::from_toml(&source, &e)])?;
    let mut problems = Vec::new();
    check_keys(
        &source,
        root.get_ref(),
        PACK_KEYS,
        "a pack file",
        &mut problems,
    );

    let meta = read_meta(&source, root.get_ref(), &mut problems);
    let pack_name = meta
        .as_ref()
        .map(|m| m.name.get_ref().clone())
        .unwrap_or_default();
    let rules = read_rules(&source, root.get_ref(), &pack_name, &mut problems);
    let policies = read_array::<PolicyDef>(&source, root.get_ref(), "policy", &mut problems);
    let limits = read_array::<LimitDef>(&source, root.get_ref(), "limit", &mut problems);
    limit_defs::validate_limits(&source, &limits, &mut problems);
    let prisbasbelopp = limit_defs::read_prisbasbelopp(&source, root.get_ref(), &mut problems);
    let facts = read_array::<FactDef>(&source, root.get_ref(), "fact", &mut problems);
    let adjustments = subtable(root.get_ref(), "rules")
        .map(|t| parse_adjustments(&source, t, &mut problems))
        .unwrap_or_default();

    match meta {
        Some(meta) if problems.is_empty() => Ok(Pack {
            meta,
            origin,
            source,
            rules,
            policies,
            limits,
            prisbasbelopp,
            facts,
            adjustments,
        }),
        _ => Err(problems),
    }
}

fn read_meta(
    source: &SourceFile,
    root: &DeTable<'static>,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<PackMeta> {
    let Some(value) = subtable(root, "pack") else {
        problems.push(
            PackDiagnostic::at(source, 0..0, "the pack has no [pack] table").with_help(
                "start the file with [pack] name = \"…\", version = \"1.0.0\", description = \"…\"",
            ),
        );
        return None;
    };
    if let DeValue::Table(table) = value.get_ref() {
        check_keys(source, table, fields_of::<PackMeta>(), "[pack]", problems);
    }
    let meta = deserialize::<PackMeta>(source, value, problems)?;
    let name = meta.name.get_ref();
    if !is_id_segment(name) {
        problems.push(
            PackDiagnostic::at(
                source,
                meta.name.span(),
                format!("invalid pack name `{name}`"),
            )
            .with_help("use lower-case letters, digits and '-' (e.g. `lou`, `region-vast`)"),
        );
    }
    if !is_semver(meta.version.get_ref()) {
        problems.push(
            PackDiagnostic::at(source, meta.version.span(), "version is not semver")
                .with_help("write MAJOR.MINOR.PATCH, e.g. \"1.2.0\""),
        );
    }
    Some(meta)
}

fn read_rules(
    source: &Arc<SourceFile>,
    root: &DeTable<'static>,
    pack_name: &str,
    problems: &mut Vec<PackDiagnostic>,
) -> Vec<RawRule> {
    let Some(list) = subtable(root, "rule") else {
        return Vec::new();
    };
    let mut seen = HashSet::new();
    let mut rules = Vec::new();
    for item in array_items(list) {
        if let Some(rule) = read_rule(source, item, pack_name, problems) {
            if !seen.insert(rule.id().to_string()) {
                problems.push(
                    PackDiagnostic::at(
                        source,
                        rule.common.id.span(),
                        format!("duplicate rule id `{}`", rule.id()),
                    )
                    .with_label("definierad igen"),
                );
                continue;
            }
            rules.push(rule);
        }
    }
    rules
}

fn read_rule(
    source: &Arc<SourceFile>,
    item: &Spanned<DeValue<'static>>,
    pack_name: &str,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<RawRule> {
    let DeValue::Table(table) = item.get_ref() else {
        problems.push(PackDiagnostic::at(
            source,
            item.span(),
            "a [[rule]] must be a table",
        ));
        return None;
    };
    let before = problems.len();
    let kind_name = table
        .iter()
        .find(|(k, _)| k.get_ref() == "kind")
        .and_then(|(_, v)| v.get_ref().as_str().map(|s| (s.to_string(), v.span())));
    let spec = match &kind_name {
        Some((name, span)) => {
            let spec = kinds::spec(name);
            if spec.is_none() {
                let names = kinds::names();
                let mut diag =
                    PackDiagnostic::at(source, span.clone(), format!("unknown rule kind `{name}`"))
                        .with_label("okänd regeltyp");
                diag = match closest(name, names.iter().copied()) {
                    Some(best) => diag.with_help(format!(
                        "did you mean `{best}`? Kinds: {}",
                        names.join(", ")
                    )),
                    None => diag.with_help(format!("kinds: {}", names.join(", "))),
                };
                problems.push(diag);
            }
            spec
        }
        None => None,
    };
    let mut allowed: Vec<&str> = fields_of::<RuleCommon>().to_vec();
    if let Some(spec) = spec {
        allowed.extend((spec.fields)());
        check_keys(source, table, &allowed, "[[rule]]", problems);
    }
    check_nested_keys(source, table, problems);
    let common = deserialize::<RuleCommon>(source, item, problems)?;
    check_id(source, &common, pack_name, problems);
    if problems.len() > before {
        return None;
    }
    Some(RawRule {
        common,
        table: item.clone(),
        source: source.clone(),
        pack: pack_name.to_string(),
    })
}

fn check_nested_keys(
    source: &SourceFile,
    table: &DeTable<'static>,
    problems: &mut Vec<PackDiagnostic>,
) {
    if let Some(scope) = subtable(table, "scope")
        && let DeValue::Table(scope) = scope.get_ref()
    {
        check_keys(
            source,
            scope,
            fields_of::<ScopeDef>(),
            "[rule.scope]",
            problems,
        );
    }
    if let Some(examples) = subtable(table, "example") {
        for example in array_items(examples) {
            if let DeValue::Table(example) = example.get_ref() {
                check_keys(
                    source,
                    example,
                    fields_of::<ExampleDef>(),
                    "[[rule.example]]",
                    problems,
                );
            }
        }
    }
}

fn check_id(
    source: &SourceFile,
    common: &RuleCommon,
    pack_name: &str,
    problems: &mut Vec<PackDiagnostic>,
) {
    let id = common.id.get_ref();
    let valid = id.split_once('/').is_some_and(|(pack, name)| {
        is_id_segment(pack) && !name.is_empty() && name.split('/').all(is_id_segment)
    });
    if !valid {
        problems.push(
            PackDiagnostic::at(source, common.id.span(), format!("invalid rule id `{id}`"))
                .with_help("rule ids are `pack/name`, lower-case letters, digits and '-'"),
        );
    } else if !pack_name.is_empty() && !id.starts_with(&format!("{pack_name}/")) {
        problems.push(
            PackDiagnostic::at(
                source,
                common.id.span(),
                format!("rule id `{id}` does not start with the pack name `{pack_name}/`"),
            )
            .with_help(format!(
                "rename it `{pack_name}/{}`",
                id.rsplit('/').next().unwrap_or(id)
            )),
        );
    }
}

fn read_array<T: for<'de> Deserialize<'de>>(
    source: &SourceFile,
    root: &DeTable<'static>,
    key: &str,
    problems: &mut Vec<PackDiagnostic>,
) -> Vec<T> {
    let Some(list) = subtable(root, key) else {
        return Vec::new();
    };
    array_items(list)
        .into_iter()
        .filter_map(|item| {
            if let DeValue::Table(table) = item.get_ref() {
                check_keys(
                    source,
                    table,
                    fields_of::<T>(),
                    &format!("[[{key}]]"),
                    problems,
                );
            }
            deserialize::<T>(source, item, problems)
        })
        .collect()
}

/// Deserialises a spanned TOML value, turning an error into a diagnostic at its span.
pub fn deserialize<T: for<'de> Deserialize<'de>>(
    source: &SourceFile,
    value: &Spanned<DeValue<'static>>,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<T> {
    match T::deserialize(value.clone().into_deserializer()) {
        Ok(parsed) => Some(parsed),
        Err(error) => {
            let mut diag = PackDiagnostic::from_toml(source, &error);
            if diag.span.is_some_and(|s| s.is_empty()) || error.span().is_none() {
                diag = PackDiagnostic::at(source, value.span(), error.message().trim().to_string())
                    .with_label("ogiltigt värde");
            }
            problems.push(diag);
            None
        }
    }
}

pub(crate) fn is_id_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !segment.starts_with('-')
}

fn is_semver(version: &str) -> bool {
    let core = version.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}
