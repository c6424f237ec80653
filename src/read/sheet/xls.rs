//! .xls (BIFF): calamine parses the whole workbook when it opens it, so the guard (`xls_guard`) reads the
//! compound file and the BIFF records first; then each sheet's ranges become cells.

use super::builder::WorkbookBuilder;
use super::{errors, listed_sheets, props, ranges, xls_guard};
use crate::model::Document;
use crate::read::source::Source;
use crate::read::{Limits, ReadError};
use calamine::{Reader, SheetVisible, Xls};

pub(super) fn read(
    source: &Source<'_>,
    display: &str,
    limits: &Limits,
) -> Result<Document, ReadError> {
    let layout = xls_guard::check(source, limits)?;
    let mut workbook: Xls<_> = Xls::new(source.open()?).map_err(|e| errors::xls(e, "workbook"))?;
    let mut builder = WorkbookBuilder::new(display, limits);
    if let Ok(properties) = workbook.workbook_properties() {
        builder.set_properties(props::from_calamine(properties));
    }
    let sheets = listed_sheets(workbook.sheets_metadata())?;
    for (index, sheet) in sheets.iter().enumerate() {
        let context = format!("sheet '{}'", sheet.name);
        let hidden = sheet.visible != SheetVisible::Visible;
        let lines = layout.sheets.get(index).cloned().unwrap_or_default();
        let mut cells = builder.start_sheet(&sheet.name, hidden, lines);
        let values = workbook
            .worksheet_range(&sheet.name)
            .map_err(|e| errors::xls(e, &context))?;
        let formulas = workbook
            .worksheet_formula(&sheet.name)
            .map_err(|e| errors::xls(e, &context))?;
        ranges::push_cells(&values, &formulas, &mut cells, &mut builder.budget)?;
        builder.finish_sheet(cells)?;
    }
    Ok(builder.finish())
}
