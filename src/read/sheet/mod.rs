//! Spreadsheets (.xlsx/.xlsm/.xlsb/.xls/.ods) read with calamine — behind guards that refuse hostile files
//! before calamine can allocate on their word: zip entry sizes and ratios, DTDs, repeat-count bombs in
//! .ods, and grid and compound-file checks in .xls.
//!
//! Each non-empty cell becomes one block (`Location::cell`, `Block::cell`); the first non-empty row of a
//! sheet is its header row.

mod builder;
mod cfb;
mod errors;
mod lines;
mod ods;
mod ods_guard;
mod package;
mod props;
mod ranges;
mod tags;
mod value;
mod xls;
mod xls_guard;
mod xlsb;
mod xlsx;
mod xlsx_layout;
mod xml;

use super::source::Source;
use super::{Format, Limits, ReadError};
use crate::model::Document;
use calamine::{Sheet, SheetType};
use package::Package;
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

/// Reads a spreadsheet. Never panics: a panic inside calamine on malformed data (the last line of
/// defence — the guards come first) is reported as a corrupt file.
pub(super) fn read(
    source: &Source<'_>,
    display: &str,
    format: Format,
    limits: &Limits,
) -> Result<Document, ReadError> {
    install_quiet_hook();
    let was_quiet = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(AssertUnwindSafe(|| {
        read_format(source, display, format, limits)
    }));
    QUIET.with(|q| q.set(was_quiet));
    result.unwrap_or_else(|payload| Err(ReadError::Corrupt(panic_message(payload.as_ref()))))
}

thread_local! {
    /// Set while this thread reads a spreadsheet: a panic there is caught and becomes a named file
    /// error, so the panic hook stays silent (no "thread panicked" and backtrace on stderr).
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Wraps the panic hook once per process: silent on a thread reading a spreadsheet, unchanged elsewhere.
fn install_quiet_hook() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

fn read_format(
    source: &Source<'_>,
    display: &str,
    format: Format,
    limits: &Limits,
) -> Result<Document, ReadError> {
    match format {
        Format::Xlsx => {
            let package = Package::open_checked(source, limits)?;
            if is_xlsb(&package) {
                xlsb::read(source, display, limits, package)
            } else {
                xlsx::read(source, display, limits, package)
            }
        }
        Format::Ods => {
            let package = Package::open_checked(source, limits)?;
            ods::read(source, display, limits, package)
        }
        Format::Xls => xls::read(source, display, limits),
        Format::Docx | Format::Text => Err(ReadError::Sheet(format!(
            "{format:?} is not a spreadsheet format"
        ))),
    }
}

/// Binary workbooks keep the same zip layout with `.bin` parts.
fn is_xlsb(package: &Package) -> bool {
    package.has_part("xl/workbook.bin") && !package.has_part("xl/workbook.xml")
}

/// More sheets than any real workbook has; a file listing more is refused (each sheet costs a pass).
const MAX_SHEETS: usize = 4096;

/// The workbook's sheets, refused when there are more than `MAX_SHEETS`.
fn listed_sheets(sheets: &[Sheet]) -> Result<Vec<Sheet>, ReadError> {
    if sheets.len() > MAX_SHEETS {
        return Err(ReadError::Sheet(format!(
            "the workbook lists {} sheets, more than the {MAX_SHEETS} upplint reads",
            sheets.len()
        )));
    }
    Ok(sheets.to_vec())
}

/// Chart sheets and VBA modules are listed in a workbook but hold no cells.
fn has_cells(kind: SheetType) -> bool {
    !matches!(kind, SheetType::ChartSheet | SheetType::Vba)
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".to_string());
    format!("the spreadsheet reader failed on malformed data ({detail})")
}
