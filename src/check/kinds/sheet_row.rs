//! Kind `sheet-row`: in the rows of a spreadsheet that meet some conditions (`when`), one column's cell
//! is checked — its amount against a limit (`limit`, `compare`), for being empty (`empty = true`), for
//! holding an amount as text (`text_amount = true`), or for text matching a pattern (`pattern`). Columns are addressed by header text (see
//! `check::sheet_table`); the finding points at the checked cell (`Plan 2026!E8`), even an empty one.
//! Applies to spreadsheets only.

use super::KindSpec;
use crate::check::compare::Compare;
use crate::check::emit::{Emitter, FindingBuilder};
use crate::check::limit_vars::{CannotCompare, Outcome, known_limit, outcome, with_limit};
use crate::check::limits::Registry;
use crate::check::regex_util::PackRegex;
use crate::check::regex_util::compile_pattern_ci;
use crate::check::sheet_table::{
    CellAmount, ColumnSpec, ConditionDef, Row, RowFilter, SheetTable, a1, cell_amount, cell_date,
    currency_param, header_currency, is_filled,
};
use crate::check::{Check, CompileCtx, DocView, RuleMeta};
use crate::model::{DocKind, Location};
use crate::rules::diagnostic::PackDiagnostic;
use crate::rules::pack::deserialize;
use crate::rules::schema::fields_of;
use crate::text::amount::Currency;
use crate::text::money_format::format_money;
use serde::Deserialize;
use toml::Spanned;
use toml::de::DeValue;

pub const SPEC: KindSpec = KindSpec {
    name: "sheet-row",
    fields: fields_of::<Params>,
    vars: &[
        "amount",
        "limit",
        "limit_value",
        "period",
        "source",
        "limit_name",
        "compare",
        "column",
        "cell",
        "row",
        "sheet",
        "label",
    ],
    compile,
    summary: "en rad i ett kalkylblad: ett värde över en gräns, en tom cell eller ett belopp skrivet som text",
};

#[derive(Deserialize)]
struct Params {
    /// Only sheets whose name matches this case-insensitive regex.
    #[serde(default)]
    sheet: Option<Spanned<String>>,
    /// Row conditions, all of which must hold: `{ column = '…', matches = '…' }`, `{ column, filled }`.
    #[serde(default)]
    when: Vec<ConditionDef>,
    /// The column whose cell is checked (a header pattern).
    column: Spanned<String>,
    /// Compare the cell's amount with this `[[limit]]`…
    #[serde(default)]
    limit: Option<Spanned<String>>,
    #[serde(default)]
    compare: Compare,
    /// …or report the cell when it is empty…
    #[serde(default)]
    empty: bool,
    /// …or when it holds an amount written as text (`450 000 kr` in a number column)…
    #[serde(default)]
    text_amount: bool,
    /// …or when its text matches this case-insensitive regex (the match is reported).
    #[serde(default)]
    pattern: Option<Spanned<String>>,
    /// The currency of number cells (default: euro when the header says so, else kronor).
    #[serde(default)]
    currency: Option<Spanned<String>>,
    /// Use the limit in force on the date in this column (e.g. Avtalsstart) instead of the as-of date.
    #[serde(default)]
    date_column: Option<Spanned<String>>,
    /// A column whose text names the row in messages (`{label}`), e.g. Beskrivning or Artikel;
    /// `rad N` when there is none or the cell is empty.
    #[serde(default)]
    label_column: Option<Spanned<String>>,
}

enum Test {
    Limit { name: String, compare: Compare },
    Empty,
    TextAmount,
    Pattern(PackRegex),
}

struct SheetRow {
    filter: RowFilter,
    column: ColumnSpec,
    test: Test,
    currency: Option<Currency>,
    date_column: Option<ColumnSpec>,
    label_column: Option<ColumnSpec>,
}

fn compile(
    _meta: &RuleMeta,
    table: &Spanned<DeValue<'static>>,
    ctx: &mut CompileCtx<'_>,
) -> Option<Box<dyn Check>> {
    let params: Params = deserialize(ctx.source, table, ctx.problems)?;
    let test = test_of(&params, table, ctx)?;
    let filter = RowFilter::compile(
        params.sheet.as_ref(),
        &params.when,
        ctx.source,
        ctx.problems,
    )?;
    let column = ColumnSpec::compile(&params.column, ctx.source, ctx.problems)?;
    let currency = currency_param(params.currency.as_ref(), ctx.source, ctx.problems)?;
    let optional_column = |spec: &Option<Spanned<String>>, ctx: &mut CompileCtx<'_>| match spec {
        Some(spec) => ColumnSpec::compile(spec, ctx.source, ctx.problems).map(Some),
        None => Some(None),
    };
    let date_column = optional_column(&params.date_column, ctx)?;
    let label_column = optional_column(&params.label_column, ctx)?;
    Some(Box::new(SheetRow {
        filter,
        column,
        test,
        currency,
        date_column,
        label_column,
    }))
}

/// Exactly one of `limit`, `empty = true`, `text_amount = true`, `pattern`.
fn test_of(
    params: &Params,
    table: &Spanned<DeValue<'static>>,
    ctx: &mut CompileCtx<'_>,
) -> Option<Test> {
    match (
        &params.limit,
        params.empty,
        params.text_amount,
        &params.pattern,
    ) {
        (Some(name), false, false, None) => Some(Test::Limit {
            name: known_limit(name, ctx)?,
            compare: params.compare,
        }),
        (None, true, false, None) => Some(Test::Empty),
        (None, false, true, None) => Some(Test::TextAmount),
        (None, false, false, Some(pattern)) => Some(Test::Pattern(compile_pattern_ci(
            pattern,
            ctx.source,
            ctx.problems,
        )?)),
        _ => {
            ctx.problems.push(
                PackDiagnostic::at(
                    ctx.source,
                    table.span(),
                    "a sheet-row rule checks exactly one thing: `limit`, `empty = true`, `text_amount = true` or `pattern`",
                )
                .with_label("vad ska kontrolleras?"),
            );
            None
        }
    }
}

/// One row under check, with what messages say about it.
struct RowCheck<'t> {
    table: &'t SheetTable,
    row: Row<'t>,
    col: u32,
    header: &'t str,
    currency: Currency,
    label: String,
    /// The column of `date_column` in this table, if the rule has one and the table has it.
    date_col: Option<u32>,
}

/// The columns a rule reads in one table, looked up once per table.
struct TableColumns<'t> {
    col: u32,
    header: &'t str,
    /// The rule's currency, or the one the checked column's header names.
    currency: Currency,
    label_col: Option<u32>,
    date_col: Option<u32>,
}

impl Check for SheetRow {
    fn check(&self, doc: &DocView<'_>, emit: &mut Emitter<'_>) {
        if doc.doc.kind != DocKind::Sheet {
            return;
        }
        let mut cannot = CannotCompare::default();
        for table in doc.sheets() {
            if !self.filter.sheet_allowed(&table.name) {
                continue;
            }
            let Some(columns) = self.columns(table) else {
                continue;
            };
            let filter = self.filter.in_table(table);
            for row in table.rows() {
                if !filter.row_allowed(doc.doc, &row) {
                    continue;
                }
                let label = label_of(doc, columns.label_col, &row);
                let checked = RowCheck {
                    table,
                    row,
                    col: columns.col,
                    header: columns.header,
                    currency: columns.currency,
                    label,
                    date_col: columns.date_col,
                };
                self.check_row(doc, emit, &checked, &mut cannot);
            }
        }
    }
}

impl SheetRow {
    fn check_row(
        &self,
        doc: &DocView<'_>,
        emit: &mut Emitter<'_>,
        row: &RowCheck<'_>,
        cannot: &mut CannotCompare,
    ) {
        let block_index = row.row.cell(row.col);
        let block = block_index.and_then(|i| doc.doc.blocks.get(i));
        match &self.test {
            Test::Empty => {
                if !is_filled(block) {
                    let location = Location::cell(row.table.name.as_str(), row.row.index, row.col);
                    let key = format!("{}!{}", row.table.name, a1(row.row.index, row.col));
                    let builder = emit.at_location(location).key(key);
                    row_vars(builder, row).push();
                }
            }
            Test::TextAmount => {
                if let (Some(index), Some(block)) = (block_index, block)
                    && let Some(amount) = cell_amount(block, row.currency)
                    && amount.from_text
                {
                    let builder = emit
                        .at(index, 0..block.text.len())
                        .var("amount", format_money(amount.value, amount.currency));
                    row_vars(builder, row).push();
                }
            }
            Test::Pattern(regex) => {
                if let (Some(index), Some(block)) = (block_index, block)
                    && let Some(found) = regex.find(&block.text)
                {
                    let builder = emit.at(index, found.range());
                    row_vars(builder, row).push();
                }
            }
            Test::Limit { name, compare } => {
                if let (Some(index), Some(block)) = (block_index, block)
                    && let Some(amount) = cell_amount(block, row.currency)
                {
                    let target = Target {
                        index,
                        text_len: block.text.len(),
                        amount,
                    };
                    self.check_limit(doc, emit, row, &target, (name, *compare), cannot);
                }
            }
        }
    }

    /// Compares the cell's amount with the limit in force on the row's date (or the as-of date).
    fn check_limit(
        &self,
        doc: &DocView<'_>,
        emit: &mut Emitter<'_>,
        row: &RowCheck<'_>,
        target: &Target,
        (name, compare): (&str, Compare),
        cannot: &mut CannotCompare,
    ) {
        let registry = Registry::of(doc.env);
        let date = self.row_date(doc, row).unwrap_or(doc.env.as_of);
        let amount = &target.amount;
        match outcome(&registry, name, date, amount.currency) {
            Outcome::Compare(limit) => {
                if compare.holds(&amount.stated, limit.value) {
                    let builder = emit
                        .at(target.index, 0..target.text_len)
                        .var("amount", format_money(amount.value, amount.currency))
                        .var("compare", compare.swedish());
                    row_vars(with_limit(builder, &limit), row).push();
                }
            }
            Outcome::Cannot(reason) => cannot.note(
                emit,
                Some((target.index, 0..target.text_len)),
                amount.value,
                amount.currency,
                &reason,
            ),
            Outcome::Silent => {}
        }
    }

    fn row_date(&self, doc: &DocView<'_>, row: &RowCheck<'_>) -> Option<chrono::NaiveDate> {
        cell_date(doc.doc.blocks.get(row.row.cell(row.date_col?)?)?)
    }

    /// The checked column (None when the table has none) and the optional ones, in `table`.
    fn columns<'t>(&self, table: &'t SheetTable) -> Option<TableColumns<'t>> {
        let (col, header) = table.column(&self.column)?;
        let find = |spec: &Option<ColumnSpec>| {
            spec.as_ref()
                .and_then(|spec| table.column(spec))
                .map(|(col, _)| col)
        };
        Some(TableColumns {
            col,
            header,
            currency: self.currency.unwrap_or_else(|| header_currency(header)),
            label_col: find(&self.label_column),
            date_col: find(&self.date_column),
        })
    }
}

/// The text of the row's label cell, or `rad N` when there is none or it is empty.
fn label_of(doc: &DocView<'_>, label_col: Option<u32>, row: &Row<'_>) -> String {
    label_col
        .and_then(|col| row.cell(col))
        .and_then(|i| doc.doc.blocks.get(i))
        .map(|b| b.text.trim().to_string())
        .filter(|label| !label.is_empty())
        .unwrap_or_else(|| format!("rad {}", u64::from(row.index) + 1))
}

/// The cell being compared.
struct Target {
    index: usize,
    text_len: usize,
    amount: CellAmount,
}

/// `{column}`, `{cell}`, `{row}`, `{sheet}`, `{label}`.
fn row_vars<'e, 'a>(builder: FindingBuilder<'e, 'a>, row: &RowCheck<'_>) -> FindingBuilder<'e, 'a> {
    builder
        .var("column", row.header)
        .var("cell", a1(row.row.index, row.col))
        .var("row", (u64::from(row.row.index) + 1).to_string())
        .var("sheet", row.table.name.clone())
        .var("label", row.label.clone())
}
