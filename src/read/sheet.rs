//! Spreadsheets (.xlsx/.xlsm/.xls/.ods), read cell by cell with calamine's streaming reader.

use super::{Format, Limits, ReadError};
use crate::model::Document;
use std::path::Path;

pub fn read(
    _path: &Path,
    _display: &str,
    _format: Format,
    _limits: &Limits,
) -> Result<Document, ReadError> {
    Err(ReadError::Sheet(
        "the spreadsheet reader is not built yet".into(),
    ))
}
