//! .ods: calamine parses the whole content.xml into dense ranges when it opens the file, so the guard pass
//! (`ods_guard`) runs first and refuses repeat-count bombs; then each sheet's ranges become cells.

use super::builder::WorkbookBuilder;
use super::package::Package;
use super::{errors, listed_sheets, ods_guard, props, ranges};
use crate::model::Document;
use crate::read::source::Source;
use crate::read::{Limits, ReadError};
use calamine::{Ods, Reader, SheetVisible};

pub(super) fn read(
    source: &Source<'_>,
    display: &str,
    limits: &Limits,
    mut package: Package,
) -> Result<Document, ReadError> {
    ods_guard::check_not_encrypted(&mut package, limits)?;
    let layout = ods_guard::scan(&mut package, limits)?;
    drop(package);
    let mut workbook: Ods<_> = Ods::new(source.open()?).map_err(|e| errors::ods(e, "workbook"))?;
    let mut builder = WorkbookBuilder::new(display, limits);
    if let Ok(properties) = workbook.workbook_properties() {
        builder.set_properties(props::from_calamine(properties));
    }
    for sheet in listed_sheets(workbook.sheets_metadata())? {
        let context = format!("sheet '{}'", sheet.name);
        let hidden = sheet.visible != SheetVisible::Visible;
        let lines = layout.hidden_lines(&sheet.name);
        let mut cells = builder.start_sheet(&sheet.name, hidden, lines);
        let values = workbook
            .worksheet_range(&sheet.name)
            .map_err(|e| errors::ods(e, &context))?;
        let formulas = workbook
            .worksheet_formula(&sheet.name)
            .map_err(|e| errors::ods(e, &context))?;
        ranges::push_cells(&values, &formulas, &mut cells, &mut builder.budget)?;
        builder.finish_sheet(cells)?;
    }
    Ok(builder.finish())
}
