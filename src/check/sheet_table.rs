//! A spreadsheet seen as tables for the sheet kinds: rows of cells, columns addressed by header text,
//! row conditions, and cell values read as amounts.
//!
//! # Addressing a column
//! A column is named by a pattern matched against the header texts of a sheet's header row (its first
//! non-empty row): case-insensitively, anywhere in the header, with runs of whitespace in the header
//! read as one space and every space in the pattern matching any run of whitespace or none. So
//! `'uppskattat värde'` finds "Uppskattat värde (kr)" and "Uppskattat\nvärde", and `'^pris$'` only
//! "Pris". The leftmost matching column is used; a sheet without one is not checked by the rule.
//!
//! # Reading a cell as an amount
//! A number cell is an amount in the column's currency (euro when its header says `EUR`, `euro` or
//! `€`, else kronor, unless the rule says `currency`). A text cell counts when it holds exactly one
//! amount (`450 000 kr`, `högst 700 000 kr`) or a bare Swedish number (`450 000`). Empty cells,
//! formulas without a cached value, dates, booleans and errors are not amounts: a rule skips them.

use super::compare::Stated;
use super::regex_util::PackRegex;
use super::regex_util::compile_pattern_ci;
use crate::model::{Block, CellValue, Document};
use crate::rules::diagnostic::{PackDiagnostic, SourceFile};
use crate::text::amount::{Currency, parse_amount, parse_number};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// A column named by a header pattern.
pub struct ColumnSpec {
    regex: PackRegex,
}

impl ColumnSpec {
    pub fn compile(
        pattern: &Spanned<String>,
        source: &SourceFile,
        problems: &mut Vec<PackDiagnostic>,
    ) -> Option<ColumnSpec> {
        let flexible = Spanned::new(pattern.span(), spaces_match_any_blank(pattern.get_ref()));
        compile_pattern_ci(&flexible, source, problems).map(|regex| ColumnSpec { regex })
    }

    fn matches(&self, header: &str) -> bool {
        self.regex.is_match(header)
    }
}

/// Turns each space of a pattern (outside a character class, not escaped) into `\s*`.
fn spaces_match_any_blank(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut escaped = false;
    let mut in_class = false;
    for c in pattern.chars() {
        match c {
            ' ' if !escaped && !in_class => out.push_str(r"\s*"),
            _ => out.push(c),
        }
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '[' => in_class = true,
            ']' => in_class = false,
            _ => {}
        }
    }
    out
}

/// A sheet's cells by row, with its header row.
pub struct SheetTable {
    pub name: String,
    header_row: Option<u32>,
    /// Column → header text (whitespace collapsed).
    headers: BTreeMap<u32, String>,
    /// The other cells as (row, column, block index), sorted by row and column, one per cell (the
    /// last block of a cell given twice).
    cells: Vec<(u32, u32, usize)>,
}

/// The sheets of a workbook document, in the order their cells come.
pub fn sheets(doc: &Document) -> Vec<SheetTable> {
    let mut tables: Vec<SheetTable> = Vec::new();
    let mut last = 0;
    for (index, block) in doc.blocks.iter().enumerate() {
        let (Some(cell), Some(sheet)) = (&block.cell, &block.location.sheet) else {
            continue;
        };
        // Cells come sheet by sheet: the previous cell's table is nearly always this one's.
        if tables.get(last).is_none_or(|t| *t.name != **sheet) {
            last = match tables.iter().position(|t| *t.name == **sheet) {
                Some(position) => position,
                None => {
                    tables.push(SheetTable {
                        name: sheet.to_string(),
                        header_row: None,
                        headers: BTreeMap::new(),
                        cells: Vec::new(),
                    });
                    tables.len() - 1
                }
            };
        }
        let Some(table) = tables.get_mut(last) else {
            continue;
        };
        if cell.is_header {
            table.header_row = Some(cell.row);
            table.headers.insert(cell.col, collapse_blanks(&block.text));
        } else {
            table.cells.push((cell.row, cell.col, index));
        }
    }
    for table in &mut tables {
        table.sort_cells();
    }
    tables
}

fn collapse_blanks(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One data row: its 0-based index and its cells (row, column, block index) by column.
pub struct Row<'t> {
    pub index: u32,
    cells: &'t [(u32, u32, usize)],
}

impl Row<'_> {
    /// The block of the cell in `col`, if the cell holds anything.
    pub fn cell(&self, col: u32) -> Option<usize> {
        let at = self.cells.binary_search_by_key(&col, |c| c.1).ok()?;
        self.cells.get(at).map(|c| c.2)
    }
}

impl SheetTable {
    /// Orders the cells by row and column (readers give them so already), keeping the last block of
    /// a cell that comes twice.
    fn sort_cells(&mut self) {
        let key = |c: &(u32, u32, usize)| (c.0, c.1);
        if !self.cells.is_sorted_by_key(key) {
            // Stable: of two blocks for one cell, the later stays later.
            self.cells.sort_by_key(key);
        }
        self.cells.dedup_by(|later, kept| {
            let same = key(later) == key(kept);
            if same {
                kept.2 = later.2;
            }
            same
        });
    }

    /// The leftmost column whose header matches, with its header text.
    pub fn column(&self, spec: &ColumnSpec) -> Option<(u32, &str)> {
        self.headers
            .iter()
            .find(|(_, header)| spec.matches(header))
            .map(|(col, header)| (*col, header.as_str()))
    }

    /// The rows below the header row, top to bottom.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        let header_row = self.header_row;
        self.cells
            .chunk_by(|a, b| a.0 == b.0)
            .filter_map(move |cells| {
                let index = cells.first()?.0;
                header_row
                    .is_none_or(|h| index > h)
                    .then_some(Row { index, cells })
            })
    }
}

/// `{ column = '…', matches = '…' }` or `{ column = '…', filled = true|false }` in a rule's `when`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionDef {
    pub column: Spanned<String>,
    /// The cell's text matches this case-insensitive regex.
    #[serde(default)]
    pub matches: Option<Spanned<String>>,
    /// The cell holds something (true, the default) or nothing (false).
    #[serde(default)]
    pub filled: Option<bool>,
    /// The row is not dated before this day: the cell holds a date (or a year, read as its first day)
    /// on or after it, or no date at all — and a sheet without the column passes too. For rules about
    /// what became wrong on a day, so that a register's older rows are history, not mistakes.
    #[serde(default)]
    pub not_before: Option<Spanned<toml::value::Datetime>>,
}

/// A compiled row condition.
pub struct Condition {
    column: ColumnSpec,
    test: Test,
}

enum Test {
    Matches(PackRegex),
    Filled(bool),
    NotBefore(NaiveDate),
}

impl Condition {
    pub fn compile(
        def: &ConditionDef,
        source: &SourceFile,
        problems: &mut Vec<PackDiagnostic>,
    ) -> Option<Condition> {
        let column = ColumnSpec::compile(&def.column, source, problems)?;
        let test = match (&def.matches, def.filled, &def.not_before) {
            (Some(pattern), None, None) => {
                Test::Matches(compile_pattern_ci(pattern, source, problems)?)
            }
            (None, filled, None) => Test::Filled(filled.unwrap_or(true)),
            (None, None, Some(date)) => Test::NotBefore(condition_date(date, source, problems)?),
            _ => {
                problems.push(
                    PackDiagnostic::at(
                        source,
                        def.column.span(),
                        "a condition has one of `matches`, `filled` or `not_before`",
                    )
                    .with_label("flera villkor"),
                );
                return None;
            }
        };
        Some(Condition { column, test })
    }

    /// Whether the row meets the condition, with the condition's column found in the row's table
    /// (`col`); None when the sheet has no such column (except for `not_before`, which a sheet without
    /// dates meets).
    fn holds(&self, doc: &Document, col: Option<u32>, row: &Row<'_>) -> Option<bool> {
        let Some(col) = col else {
            return matches!(self.test, Test::NotBefore(_)).then_some(true);
        };
        let block = row.cell(col).and_then(|i| doc.blocks.get(i));
        Some(match &self.test {
            Test::Matches(regex) => block.is_some_and(|b| regex.is_match(&b.text)),
            Test::Filled(wanted) => is_filled(block) == *wanted,
            Test::NotBefore(day) => block
                .and_then(cell_date_or_year)
                .is_none_or(|date| date >= *day),
        })
    }
}

fn condition_date(
    date: &Spanned<toml::value::Datetime>,
    source: &SourceFile,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<NaiveDate> {
    let day = crate::rules::limit_defs::date_of(date.get_ref());
    if day.is_none() {
        problems.push(
            PackDiagnostic::at(source, date.span(), "`not_before` takes a date: 2022-02-01")
                .with_label("inget datum"),
        );
    }
    day
}

/// A cell's date, or the first day of the year it holds (`2021`, as a number or as text).
fn cell_date_or_year(block: &Block) -> Option<NaiveDate> {
    if let Some(date) = cell_date(block) {
        return Some(date);
    }
    let year = match &block.cell.as_ref()?.value {
        CellValue::Number(n) if n.fract() == 0.0 && (1900.0..=2200.0).contains(n) => *n as i32,
        CellValue::Text(text) => text.trim().parse::<i32>().ok()?,
        _ => return None,
    };
    if !(1900..=2200).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, 1, 1)
}

/// The A1 reference of a 0-based row and column: (7, 4) → `E8`.
pub fn a1(row: u32, col: u32) -> String {
    crate::model::a1(row, col)
}

/// A cell holds something: text, a value, or a formula (even one without a cached value).
pub fn is_filled(block: Option<&Block>) -> bool {
    block.is_some_and(|b| {
        !b.text.trim().is_empty() || b.cell.as_ref().is_some_and(|c| c.formula.is_some())
    })
}

/// A cell read as an amount.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellAmount {
    pub stated: Stated,
    pub value: f64,
    pub currency: Currency,
    /// Text in the cell rather than a number.
    pub from_text: bool,
}

/// The amount a cell holds, if any (see the module notes).
pub fn cell_amount(block: &Block, column_currency: Currency) -> Option<CellAmount> {
    let cell = block.cell.as_ref()?;
    match &cell.value {
        CellValue::Number(n) if n.is_finite() => Some(CellAmount {
            stated: Stated::value(*n),
            value: *n,
            currency: column_currency,
            from_text: false,
        }),
        CellValue::Text(text) => text_amount(text, column_currency),
        _ => None,
    }
}

fn text_amount(text: &str, column_currency: Currency) -> Option<CellAmount> {
    if let Some(amount) = parse_amount(text) {
        return Some(CellAmount {
            stated: Stated::of(&amount),
            value: amount.range_to.unwrap_or(amount.value),
            currency: amount.currency,
            from_text: true,
        });
    }
    let value = parse_number(text)?;
    Some(CellAmount {
        stated: Stated::value(value),
        value,
        currency: column_currency,
        from_text: true,
    })
}

/// The currency a header names: euro for `EUR`, `euro` or `€`, else kronor.
pub fn header_currency(header: &str) -> Currency {
    let lower = header.to_lowercase();
    let euro_word = lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "eur" || w == "euro");
    if euro_word || lower.contains('€') {
        Currency::Eur
    } else {
        Currency::Sek
    }
}

/// The date a cell holds (a date cell, or text starting with YYYY-MM-DD).
pub fn cell_date(block: &Block) -> Option<NaiveDate> {
    let text = match &block.cell.as_ref()?.value {
        CellValue::Date(iso) => iso.as_str(),
        CellValue::Text(text) => text.trim(),
        _ => return None,
    };
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// Which sheets and rows a sheet rule reads: an optional sheet-name pattern and `when` conditions.
pub struct RowFilter {
    sheet: Option<PackRegex>,
    when: Vec<Condition>,
}

impl RowFilter {
    pub fn compile(
        sheet: Option<&Spanned<String>>,
        when: &[ConditionDef],
        source: &SourceFile,
        problems: &mut Vec<PackDiagnostic>,
    ) -> Option<RowFilter> {
        let sheet = match sheet {
            Some(pattern) => Some(compile_pattern_ci(pattern, source, problems)?),
            None => None,
        };
        let when = when
            .iter()
            .map(|def| Condition::compile(def, source, problems))
            .collect::<Option<Vec<_>>>()?;
        Some(RowFilter { sheet, when })
    }

    pub fn sheet_allowed(&self, name: &str) -> bool {
        self.sheet.as_ref().is_none_or(|p| p.is_match(name))
    }

    /// The filter's conditions with their columns looked up once in `table` (not once per row).
    pub fn in_table(&self, table: &SheetTable) -> TableFilter<'_> {
        TableFilter {
            when: self
                .when
                .iter()
                .map(|c| (c, table.column(&c.column).map(|(col, _)| col)))
                .collect(),
        }
    }
}

/// A `RowFilter` for the rows of one table.
pub struct TableFilter<'f> {
    when: Vec<(&'f Condition, Option<u32>)>,
}

impl TableFilter<'_> {
    pub fn row_allowed(&self, doc: &Document, row: &Row<'_>) -> bool {
        self.when
            .iter()
            .all(|(c, col)| c.holds(doc, *col, row) == Some(true))
    }
}

/// A rule's `currency = "SEK"|"EUR"` for number cells, checked at its span: `Some(None)` when the
/// rule gives none, None after reporting an unknown one.
pub fn currency_param(
    param: Option<&Spanned<String>>,
    source: &SourceFile,
    problems: &mut Vec<PackDiagnostic>,
) -> Option<Option<Currency>> {
    let Some(param) = param else {
        return Some(None);
    };
    match crate::check::limits::parse_currency(param.get_ref()) {
        Some(currency) => Some(Some(currency)),
        None => {
            problems.push(
                PackDiagnostic::at(
                    source,
                    param.span(),
                    format!("unknown currency `{}`", param.get_ref()),
                )
                .with_help("write \"SEK\" or \"EUR\""),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_in_column_patterns_match_any_blank() {
        assert_eq!(
            spaces_match_any_blank("uppskattat värde"),
            r"uppskattat\s*värde"
        );
        assert_eq!(spaces_match_any_blank(r"a\ b[ ]c"), r"a\ b[ ]c");
        let source = SourceFile::new("t", String::new());
        let mut problems = Vec::new();
        let spec = ColumnSpec::compile(
            &Spanned::new(0..0, "uppskattat värde".to_string()),
            &source,
            &mut problems,
        )
        .unwrap();
        assert!(spec.matches("Uppskattat värde (kr)"));
        assert!(spec.matches("UPPSKATTATVÄRDE"));
        assert!(!spec.matches("Värde"));
    }

    #[test]
    fn currencies_from_headers() {
        assert_eq!(header_currency("Pris (EUR)"), Currency::Eur);
        assert_eq!(header_currency("Belopp i euro"), Currency::Eur);
        assert_eq!(header_currency("Uppskattat värde (kr)"), Currency::Sek);
        assert_eq!(header_currency("Neurologi, pris"), Currency::Sek);
    }

    fn cell_block(sheet: &str, row: u32, col: u32, text: &str, is_header: bool) -> Block {
        let mut block = Block::new(text, crate::model::Location::cell(sheet, row, col));
        block.cell = Some(crate::model::CellInfo {
            row,
            col,
            value: CellValue::Text(text.into()),
            formula: None,
            header: None,
            is_header,
            hidden_sheet: false,
            hidden_row: false,
            hidden_col: false,
        });
        block
    }

    /// Rows come in order with their cells by column, whatever order the blocks are in; a cell given
    /// twice is its last block; sheets stay apart.
    #[test]
    fn tables_group_cells_by_row_and_column() {
        let mut doc = Document::new("a.xlsx", crate::model::DocKind::Sheet);
        doc.blocks = vec![
            cell_block("A", 0, 0, "Post", true),
            cell_block("A", 0, 1, "Pris", true),
            cell_block("A", 2, 1, "20", false),
            cell_block("A", 1, 1, "10", false),
            cell_block("B", 0, 0, "Namn", true),
            cell_block("A", 1, 0, "x", false),
            cell_block("A", 1, 1, "11", false),
        ];
        let tables = sheets(&doc);
        assert_eq!(tables.len(), 2);
        let rows: Vec<(u32, Option<usize>, Option<usize>)> = tables[0]
            .rows()
            .map(|r| (r.index, r.cell(0), r.cell(1)))
            .collect();
        assert_eq!(rows, [(1, Some(5), Some(6)), (2, None, Some(2))]);
        assert_eq!(tables[1].name, "B");
        assert_eq!(tables[1].rows().count(), 0);
    }
}
