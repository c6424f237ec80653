//! .xlsb (binary workbook in the same zip layout): calamine's streaming cell reader, values only.
//! Formula text is not read: calamine's xlsb formula decoder indexes its record buffer unchecked.

use super::builder::WorkbookBuilder;
use super::lines::HiddenLines;
use super::package::Package;
use super::xlsx::check_in_grid;
use super::{errors, has_cells, listed_sheets, props, value};
use crate::model::Document;
use crate::read::source::Source;
use crate::read::{Limits, ReadError};
use calamine::{Reader, SheetVisible, Xlsb};

pub(super) fn read(
    source: &Source<'_>,
    display: &str,
    limits: &Limits,
    package: Package,
) -> Result<Document, ReadError> {
    drop(package);
    let mut workbook: Xlsb<_> =
        Xlsb::new(source.open()?).map_err(|e| errors::xlsb(e, "workbook"))?;
    let mut builder = WorkbookBuilder::new(display, limits);
    if let Ok(properties) = workbook.workbook_properties() {
        builder.set_properties(props::from_calamine(properties));
    }
    for sheet in listed_sheets(workbook.sheets_metadata())? {
        let context = format!("sheet '{}'", sheet.name);
        let hidden = sheet.visible != SheetVisible::Visible;
        let mut cells = builder.start_sheet(&sheet.name, hidden, HiddenLines::default());
        if !has_cells(sheet.typ) {
            builder.finish_sheet(cells)?;
            continue;
        }
        let mut reader = workbook
            .worksheet_cells_reader(&sheet.name)
            .map_err(|e| errors::xlsb(e, &context))?;
        while let Some(cell) = reader.next_cell().map_err(|e| errors::xlsb(e, &context))? {
            let pos = cell.get_position();
            check_in_grid(pos, &context)?;
            let typed = value::from_data_ref(cell.get_value());
            cells.push(&mut builder.budget, pos, typed, None)?;
        }
        drop(reader);
        builder.finish_sheet(cells)?;
    }
    Ok(builder.finish())
}
