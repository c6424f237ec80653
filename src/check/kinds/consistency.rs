//! Kind `consistency`: facts a document — or a tender package — states must fit together: the contract
//! starts after the tender deadline, questions close before it, one estimated value throughout.
//!
//! ```toml
//! left = "avtalsperiod.start"   # a fact, or a list; `.start`/`.end` read a period's ends
//! relation = "after"            # before | after | not-before | not-after | equal | same
//! right = "sista-anbudsdag"     # a fact, or "as-of" (the check date); none for `same`
//! across = "document"           # or "package" (with `same`): compare the documents of a package
//! combine = "each"              # or "sum": compare with the sum of the right-hand amounts
//! ```

use super::KindSpec;
use crate::check::emit::Emitter;
use crate::check::facts::{Accessor, Fact, FactSchema, Facts, Point, ValueType, format_amount};
use crate::check::package::{PackageEmitter, place_in, short_place};
use crate::check::scope::Scope;
use crate::check::{Check, CompileCtx, DocView, RuleMeta};
use crate::finding::Related;
use crate::model::Block;
use crate::rules::diagnostic::{PackDiagnostic, SourceFile};
use crate::rules::pack::deserialize;
use crate::rules::schema::{closest, fields_of};
use serde::Deserialize;
use std::cmp::Ordering;
use toml::Spanned;
use toml::de::DeValue;

pub const SPEC: KindSpec = KindSpec {
    name: "consistency",
    fields: fields_of::<Params>,
    vars: &[
        "left",
        "left_text",
        "left_value",
        "right",
        "right_text",
        "right_value",
        "right_place",
    ],
    compile,
    summary: "uppgifter som måste stämma med varandra: datum, perioder och värden i ett dokument eller mellan dokumenten i ett upphandlingspaket",
};

#[derive(Deserialize)]
struct Params {
    /// The fact (or facts) the rule checks; `name.start` / `name.end` read a period's ends.
    left: Spanned<OneOrMany>,
    relation: Spanned<String>,
    /// The fact compared with, or `as-of`; absent for `same`.
    #[serde(default)]
    right: Option<Spanned<String>>,
    /// `document` (default) or `package`.
    #[serde(default)]
    across: Option<Spanned<String>>,
    /// `each` (default) or `sum`.
    #[serde(default)]
    combine: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn names(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(name) => vec![name.as_str()],
            OneOrMany::Many(names) => names.iter().map(String::as_str).collect(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    Before,
    After,
    NotBefore,
    NotAfter,
    Equal,
    /// Every mention of the fact states the same value.
    Same,
}

const RELATIONS: &[(&str, Relation)] = &[
    ("before", Relation::Before),
    ("less", Relation::Before),
    ("after", Relation::After),
    ("greater", Relation::After),
    ("not-before", Relation::NotBefore),
    ("at-least", Relation::NotBefore),
    ("not-after", Relation::NotAfter),
    ("at-most", Relation::NotAfter),
    ("equal", Relation::Equal),
    ("same", Relation::Same),
];

impl Relation {
    fn holds(self, order: Ordering) -> bool {
        match self {
            Relation::Before => order == Ordering::Less,
            Relation::After => order == Ordering::Greater,
            Relation::NotBefore => order != Ordering::Less,
            Relation::NotAfter => order != Ordering::Greater,
            Relation::Equal | Relation::Same => order == Ordering::Equal,
        }
    }
}

/// A fact as a rule reads it.
#[derive(Debug, Clone)]
struct FactRef {
    kind: usize,
    accessor: Accessor,
    description: String,
}

enum Right {
    Fact(FactRef),
    AsOf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Across {
    Document,
    Package,
}

struct Consistency {
    left: Vec<FactRef>,
    relation: Relation,
    right: Option<Right>,
    across: Across,
    sum: bool,
}

/// What a value is compared as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Category {
    Date,
    Amount,
    Other,
}

fn compile(
    _meta: &RuleMeta,
    table: &Spanned<DeValue<'static>>,
    ctx: &mut CompileCtx<'_>,
) -> Option<Box<dyn Check>> {
    let params: Params = deserialize(ctx.source, table, ctx.problems)?;
    let schema = ctx.env.facts.clone();
    let before = ctx.problems.len();
    let relation = parse_relation(&params.relation, ctx.source, ctx.problems);
    let across = parse_choice(
        params.across.as_ref(),
        &[("document", Across::Document), ("package", Across::Package)],
        Across::Document,
        ctx,
    );
    let sum = parse_choice(
        params.combine.as_ref(),
        &[("each", false), ("sum", true)],
        false,
        ctx,
    );
    let left: Vec<FactRef> = params
        .left
        .get_ref()
        .names()
        .into_iter()
        .filter_map(|name| fact_ref(name, params.left.span(), &schema, ctx))
        .collect();
    let right = params
        .right
        .as_ref()
        .and_then(|r| right_side(r, &schema, ctx));
    if ctx.problems.len() > before {
        return None;
    }
    let rule = Consistency {
        left,
        relation: relation?,
        right,
        across: across?,
        sum: sum?,
    };
    validate(&rule, &params, &schema, ctx.source, ctx.problems)?;
    Some(Box::new(rule))
}

fn parse_relation(
    relation: &Spanned<String>,
    source: &SourceFile,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<Relation> {
    let found = RELATIONS
        .iter()
        .find(|(name, _)| name == relation.get_ref())
        .map(|(_, r)| *r);
    if found.is_none() {
        let names: Vec<&str> = RELATIONS.iter().map(|(n, _)| *n).collect();
        problems.push(
            PackDiagnostic::at(
                source,
                relation.span(),
                format!("unknown relation `{}`", relation.get_ref()),
            )
            .with_label("okänd relation")
            .with_help(format!("relations: {}", names.join(", "))),
        );
    }
    found
}

fn parse_choice<T: Copy>(
    value: Option<&Spanned<String>>,
    choices: &[(&str, T)],
    default: T,
    ctx: &mut CompileCtx<'_>,
) -> Option<T> {
    let Some(value) = value else {
        return Some(default);
    };
    let found = choices
        .iter()
        .find(|(name, _)| name == value.get_ref())
        .map(|(_, v)| *v);
    if found.is_none() {
        let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
        ctx.problems.push(
            PackDiagnostic::at(
                ctx.source,
                value.span(),
                format!("unknown value `{}`", value.get_ref()),
            )
            .with_help(format!("use one of: {}", names.join(", "))),
        );
    }
    found
}

fn fact_ref(
    reference: &str,
    span: std::ops::Range<usize>,
    schema: &FactSchema,
    ctx: &mut CompileCtx<'_>,
) -> Option<FactRef> {
    let (name, accessor) = Accessor::split(reference);
    let Some(kind) = schema.index(name) else {
        let names = schema.kinds.iter().map(|k| k.name.as_str());
        let mut diag = PackDiagnostic::at(ctx.source, span, format!("unknown fact `{name}`"))
            .with_label("okänt faktum");
        diag = match closest(name, names) {
            Some(best) => diag.with_help(format!("did you mean `{best}`?")),
            None => diag.with_help("declare it in a [[fact]] table of a pack"),
        };
        ctx.problems.push(diag);
        return None;
    };
    let fact = schema.get(kind)?;
    if accessor != Accessor::Whole && fact.value != ValueType::Period {
        ctx.problems.push(
            PackDiagnostic::at(
                ctx.source,
                span,
                format!("`{reference}`: only period facts have a .start and an .end"),
            )
            .with_label("inte en period"),
        );
        return None;
    }
    Some(FactRef {
        kind,
        accessor,
        description: fact.description.clone(),
    })
}

fn right_side(
    right: &Spanned<String>,
    schema: &FactSchema,
    ctx: &mut CompileCtx<'_>,
) -> Option<Right> {
    if right.get_ref() == "as-of" {
        return Some(Right::AsOf);
    }
    fact_ref(right.get_ref(), right.span(), schema, ctx).map(Right::Fact)
}

fn category(fact: &FactRef, schema: &FactSchema) -> Category {
    match schema.get(fact.kind).map(|k| k.value) {
        Some(ValueType::Date | ValueType::Period) => Category::Date,
        Some(ValueType::Amount) => Category::Amount,
        _ => Category::Other,
    }
}

/// Checks that the sides fit the relation: `same` stands alone, order needs comparable values.
fn validate(
    rule: &Consistency,
    params: &Params,
    schema: &FactSchema,
    source: &SourceFile,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<()> {
    let relation_span = params.relation.span();
    let problem = match (&rule.right, rule.relation) {
        (Some(_), Relation::Same) => {
            Some("`same` compares the mentions of the left facts: give no `right`")
        }
        (None, Relation::Same) => None,
        (None, _) => Some("this relation needs a `right` fact (or \"as-of\")"),
        (Some(_), _) if rule.across == Across::Package => {
            Some("across = \"package\" supports relation = \"same\" only")
        }
        (Some(right), _) => {
            let right_category = match right {
                Right::AsOf => Category::Date,
                Right::Fact(r) => category(r, schema),
            };
            let left_ok = rule
                .left
                .iter()
                .all(|l| category(l, schema) == right_category);
            if right_category == Category::Other || !left_ok {
                Some("both sides must be dates/periods, or both amounts, to be ordered")
            } else if rule.sum && right_category != Category::Amount {
                Some("combine = \"sum\" adds amounts only")
            } else {
                None
            }
        }
    };
    match problem {
        Some(message) => {
            problems.push(
                PackDiagnostic::at(source, relation_span, message)
                    .with_label("går inte att jämföra"),
            );
            None
        }
        None => Some(()),
    }
}

impl Check for Consistency {
    fn check(&self, doc: &DocView<'_>, emit: &mut Emitter<'_>) {
        if self.across == Across::Package {
            return;
        }
        let facts = doc.facts();
        let scope = emit.meta().scope.clone();
        let in_scope = |f: &&Fact| {
            doc.doc.blocks.get(f.block).is_some_and(|b| {
                scope.allows_block(b) && scope.allows_range(b, f.span.start, f.span.end)
            })
        };
        for left in &self.left {
            let mentions: Vec<&Fact> = facts.of_kind(left.kind).filter(in_scope).collect();
            match &self.right {
                None => same_in_document(left, &mentions, emit),
                Some(Right::AsOf) => {
                    let as_of = Point::Date(doc.env.as_of, None);
                    self.against_date(left, &mentions, as_of, emit);
                }
                Some(Right::Fact(right)) if right.kind == left.kind => {
                    self.within_mention(left, right, &mentions, emit)
                }
                Some(Right::Fact(right)) => {
                    let others: Vec<&Fact> = facts.of_kind(right.kind).filter(in_scope).collect();
                    self.against_fact(left, right, &mentions, &others, emit);
                }
            }
        }
    }

    fn checks_packages(&self) -> bool {
        self.across == Across::Package
    }

    fn check_package(&self, package: &[&Facts], emit: &mut PackageEmitter<'_>) {
        if self.across != Across::Package || self.relation != Relation::Same {
            return;
        }
        for left in &self.left {
            same_in_package(left, package, emit);
        }
    }

    fn package_fact_kinds(&self) -> Vec<usize> {
        match self.across {
            Across::Package => self.left.iter().map(|left| left.kind).collect(),
            Across::Document => Vec::new(),
        }
    }
}

impl Consistency {
    /// Each mention against the check date (`right = "as-of"`).
    fn against_date(
        &self,
        left: &FactRef,
        mentions: &[&Fact],
        as_of: Point,
        emit: &mut Emitter<'_>,
    ) {
        for fact in mentions {
            let Some(point) = fact.point(left.accessor) else {
                continue;
            };
            if point
                .compare(&as_of)
                .is_some_and(|o| !self.relation.holds(o))
            {
                emit.at(fact.block, fact.span_of(left.accessor))
                    .var("left", left.description.clone())
                    .var("left_text", fact.text.clone())
                    .var("left_value", point.display())
                    .var("right", "granskningsdagen")
                    .var("right_text", as_of.display())
                    .var("right_value", as_of.display())
                    .var("right_place", "--as-of")
                    .push();
            }
        }
    }

    /// Two parts of the same mention (a period's end against its start).
    fn within_mention(
        &self,
        left: &FactRef,
        right: &FactRef,
        mentions: &[&Fact],
        emit: &mut Emitter<'_>,
    ) {
        for fact in mentions {
            let (Some(a), Some(b)) = (fact.point(left.accessor), fact.point(right.accessor)) else {
                continue;
            };
            if a.compare(&b).is_some_and(|o| !self.relation.holds(o)) {
                emit.at(fact.block, fact.span_of(left.accessor))
                    .var("left", left.description.clone())
                    .var("left_text", fact.text.clone())
                    .var("left_value", a.display())
                    .var("right", right.description.clone())
                    .var("right_text", fact.text.clone())
                    .var("right_value", b.display())
                    .var("right_place", short_place(&fact.location))
                    .push();
            }
        }
    }

    /// Each left mention against the right mentions (each, or their sum); a finding names the first
    /// right mention it disagrees with.
    fn against_fact(
        &self,
        left: &FactRef,
        right: &FactRef,
        mentions: &[&Fact],
        others: &[&Fact],
        emit: &mut Emitter<'_>,
    ) {
        let path = emit.doc().path.clone();
        for fact in mentions {
            let Some(point) = fact.point(left.accessor) else {
                continue;
            };
            let Some((other, other_point, other_text)) = self.violated_by(point, right, others)
            else {
                continue;
            };
            emit.at(fact.block, fact.span_of(left.accessor))
                .var("left", left.description.clone())
                .var("left_text", fact.text.clone())
                .var("left_value", point.display())
                .var("right", right.description.clone())
                .var("right_text", other_text.clone())
                .var("right_value", other_point.display())
                .var("right_place", short_place(&other.location))
                .related(
                    &path,
                    other.location.clone(),
                    format!("{} ({other_text})", right.description),
                )
                .push();
        }
    }

    /// The first right mention (or the sum of all) that `point` does not stand in the relation to.
    fn violated_by<'f>(
        &self,
        point: Point,
        right: &FactRef,
        others: &[&'f Fact],
    ) -> Option<(&'f Fact, Point, String)> {
        let violates = |other: &Point| {
            point
                .compare(other)
                .is_some_and(|o| !self.relation.holds(o))
        };
        if self.sum {
            let first = others.first()?;
            let Point::Amount(_, currency) = point else {
                return None;
            };
            let total: f64 = others
                .iter()
                .filter_map(|f| match f.point(right.accessor) {
                    Some(Point::Amount(v, c)) if c == currency => Some(v),
                    _ => None,
                })
                .sum();
            let sum = Point::Amount(total, currency);
            return violates(&sum).then(|| (*first, sum, format_amount(total, currency)));
        }
        others.iter().find_map(|other| {
            let other_point = other.point(right.accessor)?;
            violates(&other_point).then(|| (*other, other_point, other.text.clone()))
        })
    }
}

/// The mention most others agree with (the first on a tie): the value the others are measured against.
fn reference_mention<'f>(mentions: &[&'f Fact]) -> Option<&'f Fact> {
    let mut best: Option<(&Fact, usize)> = None;
    for fact in mentions {
        let agreeing = mentions.iter().filter(|m| m.same_value(fact)).count();
        if best.is_none_or(|(_, n)| agreeing > n) {
            best = Some((fact, agreeing));
        }
    }
    best.map(|(f, _)| f)
}

/// Mentions of one fact in one document that state another value than the rest.
fn same_in_document(left: &FactRef, mentions: &[&Fact], emit: &mut Emitter<'_>) {
    let Some(reference) = reference_mention(mentions) else {
        return;
    };
    let path = emit.doc().path.clone();
    for fact in mentions.iter().filter(|m| !m.same_value(reference)) {
        emit.at(fact.block, fact.span.clone())
            .var("left", left.description.clone())
            .var("left_text", fact.text.clone())
            .var("left_value", fact.text.clone())
            .var("right", left.description.clone())
            .var("right_text", reference.text.clone())
            .var("right_value", reference.text.clone())
            .var("right_place", short_place(&reference.location))
            .related(
                &path,
                reference.location.clone(),
                format!("{} ({})", left.description, reference.text),
            )
            .push();
    }
}

/// One distinct value of a fact across a package: a mention of it in each document stating it.
struct ValueGroup<'f> {
    mentions: Vec<(usize, &'f Fact)>,
}

/// Documents of a package stating different values of one fact: each document whose value is not the
/// majority's gets a finding at its mention, pointing at the differing mentions in the others. A
/// document that states several values itself (a register, or a contradiction the in-document rule
/// reports) takes no part.
fn same_in_package(left: &FactRef, package: &[&Facts], emit: &mut PackageEmitter<'_>) {
    let scope = emit.meta().scope.clone();
    let mut groups: Vec<ValueGroup<'_>> = Vec::new();
    let mut stating = 0;
    for (doc_index, doc) in package.iter().enumerate() {
        let Some(fact) = the_value_stated(doc, left.kind, &scope) else {
            continue;
        };
        stating += 1;
        let existing = groups
            .iter_mut()
            .find(|g| g.mentions.first().is_some_and(|(_, f)| f.same_value(fact)));
        match existing {
            Some(group) => group.mentions.push((doc_index, fact)),
            None => groups.push(ValueGroup {
                mentions: vec![(doc_index, fact)],
            }),
        }
    }
    if groups.len() < 2 {
        return;
    }
    let majority = groups.iter().position(|g| g.mentions.len() * 2 > stating);
    for (index, group) in groups.iter().enumerate() {
        if Some(index) == majority {
            continue;
        }
        for &(doc_index, fact) in &group.mentions {
            let others = differing_mentions(&groups, index, majority, doc_index);
            report_package_difference(left, package, doc_index, fact, &others, emit);
        }
    }
}

/// The first mention of a fact in a document, when every mention in scope states the same value.
fn the_value_stated<'f>(doc: &'f Facts, kind: usize, scope: &Scope) -> Option<&'f Fact> {
    let mut mentions = doc
        .of_kind(kind)
        .filter(|f| scope.allows_block(&Block::new(String::new(), f.location.clone())));
    let first = mentions.next()?;
    mentions.all(|m| m.same_value(first)).then_some(first)
}

/// For a document's mention in group `own`: one differing mention in each other document, preferring
/// the majority's value.
fn differing_mentions<'f>(
    groups: &[ValueGroup<'f>],
    own: usize,
    majority: Option<usize>,
    doc_index: usize,
) -> Vec<(usize, &'f Fact)> {
    let mut order: Vec<usize> = majority.into_iter().collect();
    order.extend((0..groups.len()).filter(|&g| Some(g) != majority));
    let mut found: Vec<(usize, &Fact)> = Vec::new();
    for g in order.into_iter().filter(|&g| g != own) {
        let Some(group) = groups.get(g) else { continue };
        for &(d, fact) in &group.mentions {
            if d != doc_index && !found.iter().any(|(seen, _)| *seen == d) {
                found.push((d, fact));
            }
        }
    }
    found.sort_by_key(|(d, _)| *d);
    found
}

fn report_package_difference(
    left: &FactRef,
    package: &[&Facts],
    doc_index: usize,
    fact: &Fact,
    others: &[(usize, &Fact)],
    emit: &mut PackageEmitter<'_>,
) {
    let (Some(doc), Some(&(first_doc, first))) = (package.get(doc_index), others.first()) else {
        return;
    };
    let first_path = package
        .get(first_doc)
        .map(|d| d.path.as_str())
        .unwrap_or("");
    let related: Vec<Related> = others
        .iter()
        .filter_map(|&(d, other)| {
            let path = package.get(d)?.path.clone();
            Some(Related {
                message: format!("{} ({})", left.description, other.text),
                path,
                location: other.location.clone(),
            })
        })
        .collect();
    let vars = vec![
        ("left".to_string(), left.description.clone()),
        ("left_text".to_string(), fact.text.clone()),
        ("left_value".to_string(), fact.text.clone()),
        ("right".to_string(), left.description.clone()),
        ("right_text".to_string(), first.text.clone()),
        ("right_value".to_string(), first.text.clone()),
        (
            "right_place".to_string(),
            place_in(first_path, &first.location),
        ),
    ];
    emit.push(doc, fact, vars, related);
}
