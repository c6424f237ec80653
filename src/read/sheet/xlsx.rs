//! .xlsx/.xlsm: calamine's streaming cell reader, one sheet at a time. Only non-empty cells are kept, so a
//! cell at XFD1048576 costs what any other cell costs (`worksheet_range` would allocate the whole grid).

use super::builder::{CellBudget, SheetCells, WorkbookBuilder};
use super::package::Package;
use super::xlsx_layout::SheetScan;
use super::{errors, has_cells, listed_sheets, props, value, xlsx_layout};
use crate::model::Document;
use crate::read::source::{Input, Source};
use crate::read::{Limits, ReadError};
use calamine::{Reader, SheetVisible, Xlsx, XlsxError, XlsxFormulaMetadata, expand_shared_formula};
use std::collections::HashMap;

/// Excel's grid: 1,048,576 rows × 16,384 columns (A1..XFD1048576).
pub(super) const MAX_ROWS: u32 = 1_048_576;
pub(super) const MAX_COLS: u32 = 16_384;

type Workbook = Xlsx<Input>;

/// Reads a package that has passed the zip and prolog checks.
pub(super) fn read(
    source: &Source<'_>,
    display: &str,
    limits: &Limits,
    mut package: Package,
) -> Result<Document, ReadError> {
    let parts = xlsx_layout::sheet_parts(&mut package, limits)?;
    let mut workbook: Workbook =
        Xlsx::new(source.open()?).map_err(|e| errors::xlsx(e, "workbook"))?;
    let mut builder = WorkbookBuilder::new(display, limits);
    if let Ok(properties) = workbook.workbook_properties() {
        builder.set_properties(props::from_calamine(properties));
    }
    for sheet in listed_sheets(workbook.sheets_metadata())? {
        let hidden = sheet.visible != SheetVisible::Visible;
        let scan = match parts.get(&sheet.name) {
            Some(part) => xlsx_layout::scan_sheet(&mut package, part, limits)?,
            None => SheetScan::default(),
        };
        let mut cells = builder.start_sheet(&sheet.name, hidden, scan.lines);
        cells.reserve(&builder.budget, scan.filled_cells);
        if has_cells(sheet.typ) {
            read_sheet(&mut workbook, &sheet.name, &mut cells, &mut builder.budget)?;
        }
        builder.finish_sheet(cells)?;
    }
    Ok(builder.finish())
}

fn read_sheet(
    workbook: &mut Workbook,
    name: &str,
    cells: &mut SheetCells,
    budget: &mut CellBudget,
) -> Result<(), ReadError> {
    let context = format!("sheet '{name}'");
    let mut reader = match workbook.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        // Chart sheets and dialog sheets have no cells.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(()),
        Err(e) => return Err(errors::xlsx(e, &context)),
    };
    let mut shared = SharedFormulas::default();
    // The metadata variant: the plain formula variant grows a vector to the shared formula index the file
    // names (`si="3000000000"` aborts on allocation).
    while let Some(record) = reader
        .next_cell_with_formula_metadata()
        .map_err(|e| errors::xlsx(e, &context))?
    {
        check_in_grid(record.pos, &context)?;
        let formula = shared
            .formula_at(record.pos, record.formula)
            .and_then(|f| value::formula_text(&f));
        cells.push(
            budget,
            record.pos,
            value::from_data_ref(&record.value),
            formula,
        )?;
    }
    Ok(())
}

/// A cell outside Excel's grid means a corrupt reference (Excel refuses such files too).
pub(super) fn check_in_grid((row, col): (u32, u32), context: &str) -> Result<(), ReadError> {
    if row < MAX_ROWS && col < MAX_COLS {
        return Ok(());
    }
    Err(ReadError::Corrupt(format!(
        "{context}: cell reference at row {}, column {} is outside the sheet (A1:XFD1048576)",
        u64::from(row) + 1,
        u64::from(col) + 1
    )))
}

/// Shared formulas of one sheet: the anchor cell holds the template, derived cells name only its index.
#[derive(Debug, Default)]
struct SharedFormulas {
    /// Shared index → (template, anchor position).
    anchors: HashMap<usize, (String, (u32, u32))>,
}

impl SharedFormulas {
    fn formula_at(
        &mut self,
        pos: (u32, u32),
        metadata: Option<XlsxFormulaMetadata>,
    ) -> Option<String> {
        match metadata? {
            XlsxFormulaMetadata::Normal { formula } => Some(formula),
            XlsxFormulaMetadata::Shared {
                shared_index,
                range,
                formula,
            } => {
                let start = range.map_or(pos, |r| r.start);
                self.anchors.insert(shared_index, (formula.clone(), start));
                Some(formula)
            }
            XlsxFormulaMetadata::SharedDerived { shared_index } => {
                let (template, start) = self.anchors.get(&shared_index)?;
                expand_shared_formula(template, *start, pos).ok()
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_formulas_expand_from_their_anchor() {
        let mut shared = SharedFormulas::default();
        let anchor = XlsxFormulaMetadata::Shared {
            shared_index: 0,
            range: None,
            formula: "C2*D2".into(),
        };
        assert_eq!(
            shared.formula_at((1, 4), Some(anchor)).as_deref(),
            Some("C2*D2")
        );
        let derived = XlsxFormulaMetadata::SharedDerived { shared_index: 0 };
        assert_eq!(
            shared.formula_at((2, 4), Some(derived)).as_deref(),
            Some("C3*D3")
        );
        let orphan = XlsxFormulaMetadata::SharedDerived { shared_index: 7 };
        assert_eq!(shared.formula_at((2, 4), Some(orphan)), None);
    }

    #[test]
    fn grid_bounds() {
        assert!(check_in_grid((1_048_575, 16_383), "s").is_ok());
        assert_eq!(
            check_in_grid((1_048_576, 0), "s").unwrap_err().code(),
            "corrupt"
        );
        assert_eq!(
            check_in_grid((0, 16_384), "s").unwrap_err().code(),
            "corrupt"
        );
    }
}
