//! Checking: rule kinds behind one trait, compiled once into a rule set, run over each document.

pub mod compare;
pub mod emit;
pub mod env;
pub mod examples;
pub mod facts;
pub mod kinds;
pub mod lead_bytes;
pub mod limit_vars;
pub mod limits;
pub mod literals;
pub mod matcher;
pub mod near;
pub mod package;
pub mod pattern_index;
pub mod regex_util;
pub mod scope;
pub mod select;
pub mod sheet_table;
pub mod value_gate;
pub mod word_edges;

use crate::finding::{Finding, Severity};
use crate::model::Document;
use crate::rules::Loaded;
use crate::rules::diagnostic::{PackDiagnostic, PackErrors, SourceFile};
use crate::rules::format::{ExampleDef, Level};
use crate::rules::layer::{ResolvedRule, target_matches};
use crate::rules::pack::Origin;
use emit::{Emitter, disambiguate};
use env::Env;
use facts::{FactSchema, Facts};
use globset::GlobSet;
use matcher::{Hit, Matcher, MatcherBuilder, PatternId};
use package::PackageEmitter;
use scope::Scope;
use std::cell::OnceCell;
use std::sync::Arc;
use toml::Spanned;
use toml::de::DeValue;

/// What every rule is, whatever its kind.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub id: String,
    pub pack: String,
    pub kind: String,
    /// The default severity after layering (per-file overrides may change it).
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub scope: Scope,
    pub locked_by: Option<String>,
}

/// A rule kind's compiled check.
pub trait Check: Send + Sync {
    /// Findings in one document.
    fn check(&self, doc: &DocView<'_>, emit: &mut Emitter<'_>);

    /// Whether the kind compares the documents of a tender package (through their facts).
    fn checks_packages(&self) -> bool {
        false
    }

    /// Findings across the documents of one tender package, from each document's facts (the documents
    /// themselves are dropped once checked); most kinds have none.
    fn check_package(&self, _package: &[&Facts], _emit: &mut PackageEmitter<'_>) {}

    /// The fact kinds (indices in the run's schema) `check_package` reads.
    fn package_fact_kinds(&self) -> Vec<usize> {
        Vec::new()
    }
}

/// A document as checks see it: the blocks, every pattern hit from the one pass, and the run's facts.
pub struct DocView<'a> {
    pub doc: &'a Document,
    hits: Vec<Hit>,
    pub env: &'a Env,
    /// The document's typed facts, extracted on first use.
    facts: OnceCell<Facts>,
    /// The sheets as tables, built on first use and shared by every sheet rule.
    sheets: OnceCell<Vec<sheet_table::SheetTable>>,
}

impl<'a> DocView<'a> {
    pub fn new(doc: &'a Document, matcher: &Matcher, env: &'a Env) -> Self {
        DocView {
            doc,
            hits: matcher.scan(doc),
            env,
            facts: OnceCell::new(),
            sheets: OnceCell::new(),
        }
    }

    /// The sheets of a workbook as tables (empty for other documents), built once per document.
    pub fn sheets(&self) -> &[sheet_table::SheetTable] {
        self.sheets.get_or_init(|| sheet_table::sheets(self.doc))
    }

    /// The facts the document states (deadlines, periods, values), extracted once.
    pub fn facts(&self) -> &Facts {
        self.facts.get_or_init(|| {
            let schema: &FactSchema = &self.env.facts;
            let labels = facts::label_hits(schema, |id| self.hits(id));
            let mut kinds: Vec<usize> = labels.iter().map(|label| label.kind).collect();
            kinds.sort_unstable();
            kinds.dedup();
            schema.prepare(&kinds);
            facts::extract(self.doc, schema, &labels)
        })
    }

    /// The facts, kept after the view (and the document) are gone.
    pub fn into_facts(self) -> Facts {
        let _ = self.facts();
        let (path, kind) = (self.doc.path.clone(), self.doc.kind);
        self.facts
            .into_inner()
            .unwrap_or_else(|| Facts::empty(&path, kind))
    }

    /// All hits of one pattern, in block and position order.
    pub fn hits(&self, pattern: PatternId) -> &[Hit] {
        let from = self.hits.partition_point(|h| h.pattern < pattern);
        let to = self.hits.partition_point(|h| h.pattern <= pattern);
        self.hits.get(from..to).unwrap_or(&[])
    }

    /// Hits of one pattern in blocks and ranges the scope allows.
    pub fn hits_in<'s>(
        &'s self,
        pattern: PatternId,
        scope: &'s Scope,
    ) -> impl Iterator<Item = &'s Hit> + 's {
        self.hits(pattern).iter().filter(move |hit| {
            self.doc.blocks.get(hit.block as usize).is_some_and(|b| {
                scope.allows_block(b) && scope.allows_range(b, hit.start as usize, hit.end as usize)
            })
        })
    }
}

/// What a kind gets while compiling a rule.
pub struct CompileCtx<'a> {
    pub matcher: &'a mut MatcherBuilder,
    pub source: &'a SourceFile,
    pub env: &'a Env,
    pub problems: &'a mut Vec<PackDiagnostic>,
}

pub struct CompiledRule {
    pub meta: RuleMeta,
    /// The level after layering, before per-file overrides (Off when only an override enables it).
    pub level: Level,
    pub check: Box<dyn Check>,
    pub examples: Vec<ExampleDef>,
    pub source: Arc<SourceFile>,
    pub id_span: std::ops::Range<usize>,
}

/// Per-glob severities from `[[override]]`.
struct CompiledOverride {
    files: GlobSet,
    levels: Vec<(usize, Level)>,
}

/// Name, version and origin of a pack applied in this run (for reports).
#[derive(Debug, Clone, serde::Serialize)]
pub struct PackInfo {
    pub name: String,
    pub version: String,
    pub origin: String,
}

/// All rules of a run, compiled.
pub struct RuleSet {
    pub rules: Vec<CompiledRule>,
    pub matcher: Matcher,
    pub env: Env,
    pub packs: Vec<PackInfo>,
    overrides: Vec<CompiledOverride>,
}

/// What checking one document gives: its findings (at most the cap), how many more were found past
/// the cap, and its facts when some rule compares tender packages.
pub struct CheckedDocument {
    pub findings: Vec<Finding>,
    pub dropped: usize,
    pub facts: Option<Facts>,
}

impl RuleSet {
    /// Compiles every enabled-anywhere rule of the loaded layers.
    pub fn compile(loaded: &Loaded, mut env: Env) -> Result<RuleSet, PackErrors> {
        let mut problems = Vec::new();
        let mut builder = MatcherBuilder::default();
        env.facts = Arc::new(FactSchema::compile(
            &loaded.packs,
            &mut builder,
            &mut problems,
        ));
        env.packages = package::compile_packages(loaded, &mut problems);
        let mut rules = Vec::new();
        let overrides_enable = override_targets(loaded);
        for resolved in &loaded.rules {
            if resolved.level == Level::Off
                && !overrides_enable
                    .iter()
                    .any(|t| target_matches(t, resolved.id(), &resolved.raw.pack))
            {
                continue;
            }
            if let Some(rule) = compile_rule(resolved, &mut builder, &env, &mut problems) {
                rules.push(rule);
            }
        }
        let overrides = compile_overrides(loaded, &rules, &mut problems);
        let matcher = builder
            .build()
            .map_err(|e| PackDiagnostic::file("<matcher>", e))?;
        if !problems.is_empty() {
            return Err(problems.into());
        }
        let packs = loaded
            .packs
            .iter()
            .map(|p| PackInfo {
                name: p.name().to_string(),
                version: p.meta.version.get_ref().clone(),
                origin: match &p.origin {
                    Origin::Embedded => "inbyggt".to_string(),
                    Origin::Dir(dir) => dir.display().to_string(),
                },
            })
            .collect();
        Ok(RuleSet {
            rules,
            matcher,
            env,
            packs,
            overrides,
        })
    }

    /// The severity a rule has for a file after `[[override]]` sections, or None when it is off there.
    pub fn severity_for(&self, index: usize, path: &str) -> Option<Severity> {
        let rule = self.rules.get(index)?;
        let mut level = rule.level;
        if !self.overrides.is_empty() {
            let candidates = scope::glob_candidates(path);
            for o in &self.overrides {
                if candidates.iter().any(|c| o.files.is_match(c))
                    && let Some((_, l)) = o.levels.iter().rev().find(|(i, _)| *i == index)
                {
                    level = *l;
                }
            }
        }
        level.severity()
    }

    /// Every finding of every rule in one document, in document order.
    pub fn check_document(&self, doc: &Document) -> Vec<Finding> {
        self.check_document_capped(doc, usize::MAX).findings
    }

    /// The findings of one document, and its facts when some rule compares tender packages (they are
    /// kept for the package phase; the document is not).
    pub fn check_document_with_facts(&self, doc: &Document) -> (Vec<Finding>, Option<Facts>) {
        let checked = self.check_document_capped(doc, usize::MAX);
        (checked.findings, checked.facts)
    }

    /// Like `check_document_with_facts`, keeping at most `max` findings (the first found, rules in
    /// order) and counting the rest.
    pub fn check_document_capped(&self, doc: &Document, max: usize) -> CheckedDocument {
        let view = DocView::new(doc, &self.matcher, &self.env);
        let mut findings = Vec::new();
        let mut dropped = 0usize;
        for (index, rule) in self.rules.iter().enumerate() {
            let Some(severity) = self.severity_for(index, &doc.path) else {
                continue;
            };
            if !rule.meta.scope.allows_file(&doc.path, doc.kind) {
                continue;
            }
            let mut emitter =
                Emitter::new(doc, &rule.meta, severity, &mut findings).with_limit(max);
            rule.check.check(&view, &mut emitter);
            dropped = dropped.saturating_add(emitter.dropped());
        }
        sort_findings(&mut findings);
        disambiguate(&mut findings);
        let facts = self.compares_packages().then(|| view.into_facts());
        CheckedDocument {
            findings,
            dropped,
            facts,
        }
    }

    /// The facts a document states, as `upplint dump` shows them.
    pub fn facts_of(&self, doc: &Document) -> Facts {
        DocView::new(doc, &self.matcher, &self.env).into_facts()
    }

    /// Whether any rule compares the documents of a tender package.
    pub fn compares_packages(&self) -> bool {
        self.rules.iter().any(|r| r.check.checks_packages())
    }

    /// Of a checked document's facts, only those the package phase reads — the kinds that group
    /// documents into packages and the kinds package rules compare — in allocations of their exact
    /// size: they are kept until every document is checked, so they bound the memory of a large run.
    pub fn keep_for_packages(&self, mut facts: Facts) -> Facts {
        let mut needed: Vec<usize> = self
            .env
            .facts
            .identity_kinds()
            .into_iter()
            .map(|(kind, _)| kind)
            .collect();
        for rule in &self.rules {
            needed.extend(rule.check.package_fact_kinds());
        }
        facts.items.retain(|fact| needed.contains(&fact.kind));
        facts.items.shrink_to_fit();
        facts
    }

    /// Groups the checked documents into tender packages and compares each package's facts.
    pub fn check_packages(&self, docs: &[Facts]) -> Vec<Finding> {
        let identity = self.env.facts.identity_kinds();
        let mut findings = Vec::new();
        for members in package::group_packages(docs, &self.env.packages, &identity) {
            let package: Vec<&Facts> = members.iter().filter_map(|&i| docs.get(i)).collect();
            findings.extend(self.check_package(&package));
        }
        sort_findings(&mut findings);
        disambiguate(&mut findings);
        findings
    }

    /// Findings that compare the documents of one tender package with each other.
    pub fn check_package(&self, package: &[&Facts]) -> Vec<Finding> {
        let mut findings = Vec::new();
        for (index, rule) in self.rules.iter().enumerate() {
            if !rule.check.checks_packages() {
                continue;
            }
            let mut severities = Vec::new();
            let applicable: Vec<&Facts> = package
                .iter()
                .copied()
                .filter(|facts| {
                    let severity = self.severity_for(index, &facts.path);
                    if let Some(severity) = severity {
                        severities.push((facts.path.clone(), severity));
                    }
                    severity.is_some() && rule.meta.scope.allows_file(&facts.path, facts.kind)
                })
                .collect();
            if applicable.len() >= 2 {
                let mut emitter = PackageEmitter::new(&rule.meta, severities, &mut findings);
                rule.check.check_package(&applicable, &mut emitter);
            }
        }
        findings
    }
}

/// Document order: path, then part, then paragraph/line/cell, then position.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            &a.path,
            a.location.part,
            &a.location.part_name,
            &a.location.sheet,
            a.location.line_number(),
            a.location.cell.as_ref().map(|c| c.len()),
            &a.location.cell,
            a.start,
            &a.rule,
        )
            .cmp(&(
                &b.path,
                b.location.part,
                &b.location.part_name,
                &b.location.sheet,
                b.location.line_number(),
                b.location.cell.as_ref().map(|c| c.len()),
                &b.location.cell,
                b.start,
                &b.rule,
            ))
    });
}

fn override_targets(loaded: &Loaded) -> Vec<String> {
    loaded
        .config
        .iter()
        .flat_map(|c| c.override_adjustments.iter().flatten())
        .filter(|a| a.level.as_ref().is_some_and(|l| *l.get_ref() != Level::Off))
        .map(|a| a.target.get_ref().clone())
        .collect()
}

fn compile_rule(
    resolved: &ResolvedRule,
    builder: &mut MatcherBuilder,
    env: &Env,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<CompiledRule> {
    let raw = &resolved.raw;
    let common = &raw.common;
    let spec = kinds::spec(common.kind.get_ref())?;
    let before = problems.len();
    let scope = Scope::compile(&common.scope, &raw.source, problems);
    check_placeholders(raw.source.as_ref(), &common.message, spec.vars, problems);
    let meta = RuleMeta {
        id: raw.id().to_string(),
        pack: raw.pack.clone(),
        kind: common.kind.get_ref().clone(),
        severity: resolved
            .level
            .severity()
            .unwrap_or(*common.severity.get_ref()),
        message: common.message.get_ref().clone(),
        help: common.help.clone(),
        url: common.url.clone(),
        source: common.source.clone(),
        scope,
        locked_by: resolved.locked_by.clone(),
    };
    let table = with_params(&raw.table, resolved);
    let mut ctx = CompileCtx {
        matcher: builder,
        source: &raw.source,
        env,
        problems,
    };
    let check = (spec.compile)(&meta, &table, &mut ctx);
    if problems.len() > before {
        return None;
    }
    Some(CompiledRule {
        meta,
        level: resolved.level,
        check: check?,
        examples: common.example.clone(),
        source: raw.source.clone(),
        id_span: common.id.span(),
    })
}

/// The rule's table with the parameters later layers set.
fn with_params(
    table: &Spanned<DeValue<'static>>,
    resolved: &ResolvedRule,
) -> Spanned<DeValue<'static>> {
    if resolved.params.is_empty() {
        return table.clone();
    }
    let mut merged = table.clone();
    if let DeValue::Table(map) = merged.get_mut() {
        for (key, value, _) in &resolved.params {
            let existing = map.keys().find(|k| k.get_ref() == key.get_ref()).cloned();
            if let Some(existing) = existing {
                map.remove(&existing);
            }
            map.insert(
                Spanned::new(key.span(), key.get_ref().clone().into()),
                value.clone(),
            );
        }
    }
    merged
}

/// Reports placeholders in a message that the kind never fills.
pub(crate) fn check_placeholders(
    source: &SourceFile,
    message: &Spanned<String>,
    vars: &[&str],
    problems: &mut Vec<PackDiagnostic>,
) {
    for name in emit::placeholders(message.get_ref()) {
        if name != "match" && !vars.contains(&name) {
            let mut known = vec!["match"];
            known.extend(vars);
            problems.push(
                PackDiagnostic::at(
                    source,
                    message.span(),
                    format!("unknown placeholder `{{{name}}}` in the message"),
                )
                .with_label("okänd platshållare")
                .with_help(format!(
                    "this kind fills: {}",
                    known
                        .iter()
                        .map(|v| format!("{{{v}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
    }
}

fn compile_overrides(
    loaded: &Loaded,
    rules: &[CompiledRule],
    problems: &mut Vec<PackDiagnostic>,
) -> Vec<CompiledOverride> {
    let Some(config) = &loaded.config else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (def, adjustments) in config
        .file
        .overrides
        .iter()
        .zip(&config.override_adjustments)
    {
        let Some(files) = scope::globs(&def.files, &config.source, problems) else {
            continue;
        };
        let mut levels = Vec::new();
        for adjustment in adjustments {
            let Some(level) = adjustment.level.as_ref() else {
                continue;
            };
            let target = adjustment.target.get_ref();
            let matching: Vec<&ResolvedRule> = loaded
                .rules
                .iter()
                .filter(|r| target_matches(target, r.id(), &r.raw.pack))
                .collect();
            if matching.is_empty() {
                problems.push(PackDiagnostic::at(
                    &adjustment.source,
                    adjustment.target.span(),
                    format!("no rule `{target}`"),
                ));
                continue;
            }
            for resolved in matching {
                if *level.get_ref() == Level::Off
                    && let Some(locker) = &resolved.locked_by
                {
                    problems.push(
                        PackDiagnostic::at(
                            &adjustment.source,
                            level.span(),
                            format!(
                                "rule `{}` is locked by {locker} and cannot be switched off",
                                resolved.id()
                            ),
                        )
                        .with_label("låst regel"),
                    );
                    continue;
                }
                if let Some(index) = rules.iter().position(|r| r.meta.id == resolved.id()) {
                    levels.push((index, *level.get_ref()));
                }
            }
        }
        out.push(CompiledOverride { files, levels });
    }
    out
}
