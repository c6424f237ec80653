//! Kind `sheet-aggregate`: the rows of a spreadsheet that meet some conditions (`when`) are grouped by
//! one column (`group_by`, compared case- and space-insensitively), another column is summed per group
//! (`sum`), and a group whose sum lies on the `compare` side of a limit is reported at its first cell,
//! naming the group, the sum and the cells ("E2, E3, E4"). Groups with fewer than `min_rows` rows
//! (default 2) are left to row rules. Amounts in different currencies are never added together.
//! Applies to spreadsheets only.

use super::KindSpec;
use crate::check::compare::{Compare, Stated};
use crate::check::emit::Emitter;
use crate::check::limit_vars::{CannotCompare, Outcome, known_limit, outcome, with_limit};
use crate::check::limits::Registry;
use crate::check::sheet_table::{
    CellAmount, ColumnSpec, ConditionDef, RowFilter, SheetTable, a1, cell_amount, currency_param,
    header_currency,
};
use crate::check::{Check, CompileCtx, DocView, RuleMeta};
use crate::model::{DocKind, Location};
use crate::rules::pack::deserialize;
use crate::rules::schema::fields_of;
use crate::text::amount::Currency;
use crate::text::money_format::format_money;
use serde::Deserialize;
use toml::Spanned;
use toml::de::DeValue;

pub const SPEC: KindSpec = KindSpec {
    name: "sheet-aggregate",
    fields: fields_of::<Params>,
    vars: &[
        "amount",
        "limit",
        "limit_value",
        "period",
        "source",
        "limit_name",
        "compare",
        "group",
        "sum",
        "cells",
        "rows",
        "column",
        "sheet",
    ],
    compile,
    summary: "summan av en kolumn per grupp av rader i ett kalkylblad jämförd med en gräns",
};

#[derive(Deserialize)]
struct Params {
    /// Only sheets whose name matches this case-insensitive regex.
    #[serde(default)]
    sheet: Option<Spanned<String>>,
    /// Row conditions, all of which must hold.
    #[serde(default)]
    when: Vec<ConditionDef>,
    /// The column whose text groups the rows (a header pattern).
    group_by: Spanned<String>,
    /// The column summed per group (a header pattern).
    sum: Spanned<String>,
    /// The `[[limit]]` the sum is compared with.
    limit: Spanned<String>,
    #[serde(default)]
    compare: Compare,
    /// The fewest rows a reported group has (default 2).
    #[serde(default = "two")]
    min_rows: usize,
    /// The currency of number cells (default: euro when the header says so, else kronor).
    #[serde(default)]
    currency: Option<Spanned<String>>,
}

fn two() -> usize {
    2
}

struct SheetAggregate {
    filter: RowFilter,
    group_by: ColumnSpec,
    sum: ColumnSpec,
    limit: String,
    compare: Compare,
    min_rows: usize,
    currency: Option<Currency>,
}

fn compile(
    _meta: &RuleMeta,
    table: &Spanned<DeValue<'static>>,
    ctx: &mut CompileCtx<'_>,
) -> Option<Box<dyn Check>> {
    let params: Params = deserialize(ctx.source, table, ctx.problems)?;
    let limit = known_limit(&params.limit, ctx)?;
    let filter = RowFilter::compile(
        params.sheet.as_ref(),
        &params.when,
        ctx.source,
        ctx.problems,
    )?;
    let group_by = ColumnSpec::compile(&params.group_by, ctx.source, ctx.problems)?;
    let sum = ColumnSpec::compile(&params.sum, ctx.source, ctx.problems)?;
    let currency = currency_param(params.currency.as_ref(), ctx.source, ctx.problems)?;
    Some(Box::new(SheetAggregate {
        filter,
        group_by,
        sum,
        limit,
        compare: params.compare,
        min_rows: params.min_rows.max(1),
        currency,
    }))
}

/// One summed cell.
struct Member {
    block: usize,
    row: u32,
    amount: CellAmount,
}

/// The rows of one group in one currency.
struct Group {
    /// The group's text as first written.
    name: String,
    key: String,
    currency: Currency,
    members: Vec<Member>,
}

impl Check for SheetAggregate {
    fn check(&self, doc: &DocView<'_>, emit: &mut Emitter<'_>) {
        if doc.doc.kind != DocKind::Sheet {
            return;
        }
        let mut cannot = CannotCompare::default();
        for table in doc.sheets() {
            if !self.filter.sheet_allowed(&table.name) {
                continue;
            }
            let (Some((group_col, _)), Some((sum_col, header))) =
                (table.column(&self.group_by), table.column(&self.sum))
            else {
                continue;
            };
            let currency = self.currency.unwrap_or_else(|| header_currency(header));
            let groups = self.groups(doc, table, group_col, sum_col, currency);
            for group in groups.iter().filter(|g| g.members.len() >= self.min_rows) {
                self.check_group(doc, emit, table, (sum_col, header), group, &mut cannot);
            }
        }
    }
}

impl SheetAggregate {
    fn groups(
        &self,
        doc: &DocView<'_>,
        table: &SheetTable,
        group_col: u32,
        sum_col: u32,
        currency: Currency,
    ) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        let filter = self.filter.in_table(table);
        for row in table.rows() {
            if !filter.row_allowed(doc.doc, &row) {
                continue;
            }
            let name = row
                .cell(group_col)
                .and_then(|i| doc.doc.blocks.get(i))
                .map(|b| b.text.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|name| !name.is_empty());
            let member = row.cell(sum_col).and_then(|block| {
                let amount = cell_amount(doc.doc.blocks.get(block)?, currency)?;
                Some(Member {
                    block,
                    row: row.index,
                    amount,
                })
            });
            let (Some(name), Some(member)) = (name, member) else {
                continue;
            };
            let key = name.to_lowercase();
            match groups
                .iter_mut()
                .find(|g| g.key == key && g.currency == member.amount.currency)
            {
                Some(group) => group.members.push(member),
                None => groups.push(Group {
                    name,
                    key,
                    currency: member.amount.currency,
                    members: vec![member],
                }),
            }
        }
        groups
    }

    fn check_group(
        &self,
        doc: &DocView<'_>,
        emit: &mut Emitter<'_>,
        table: &SheetTable,
        (sum_col, header): (u32, &str),
        group: &Group,
        cannot: &mut CannotCompare,
    ) {
        let Some(first) = group.members.first() else {
            return;
        };
        let sum: f64 = group.members.iter().map(|m| m.amount.value).sum();
        let first_len = doc.doc.blocks.get(first.block).map_or(0, |b| b.text.len());
        let registry = Registry::of(doc.env);
        let limit = match outcome(&registry, &self.limit, doc.env.as_of, group.currency) {
            Outcome::Compare(limit) => limit,
            Outcome::Cannot(reason) => {
                cannot.note(
                    emit,
                    Some((first.block, 0..first_len)),
                    sum,
                    group.currency,
                    &reason,
                );
                return;
            }
            Outcome::Silent => return,
        };
        if !self.compare.holds(&Stated::value(sum), limit.value) {
            return;
        }
        let cells: Vec<String> = group.members.iter().map(|m| a1(m.row, sum_col)).collect();
        let sum_text = format_money(sum, group.currency);
        let mut builder = emit
            .at(first.block, 0..first_len)
            .var("group", group.name.clone())
            .var("sum", sum_text.clone())
            .var("amount", sum_text)
            .var("cells", cells.join(", "))
            .var("rows", group.members.len().to_string())
            .var("column", header)
            .var("sheet", table.name.clone())
            .var("compare", self.compare.swedish())
            .key(format!("{} {}", table.name, group.key));
        for member in group.members.iter().skip(1) {
            builder = builder.related(
                &doc.doc.path,
                Location::cell(table.name.as_str(), member.row, sum_col),
                format!(
                    "{} ingår i summan för {}",
                    format_money(member.amount.value, group.currency),
                    group.name
                ),
            );
        }
        with_limit(builder, &limit).push();
    }
}
