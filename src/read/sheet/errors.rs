//! calamine's errors, named the way upplint reports unreadable files.

use crate::read::ReadError;
use calamine::{OdsError, XlsError, XlsbError, XlsxError};

/// `context` says where it happened (`workbook`, `sheet 'Priser'`).
pub(super) fn xlsx(err: XlsxError, context: &str) -> ReadError {
    match err {
        XlsxError::Password => ReadError::Encrypted,
        XlsxError::Zip(e) => ReadError::Corrupt(format!("{context}: zip: {e}")),
        XlsxError::Io(e) => ReadError::Corrupt(format!("{context}: {e}")),
        XlsxError::WorksheetNotFound(name) => missing_sheet(&name),
        XlsxError::FileNotFound(part) => ReadError::MissingPart(part),
        other => ReadError::Sheet(format!("{context}: {other}")),
    }
}

pub(super) fn xlsb(err: XlsbError, context: &str) -> ReadError {
    match err {
        XlsbError::Password => ReadError::Encrypted,
        XlsbError::Zip(e) => ReadError::Corrupt(format!("{context}: zip: {e}")),
        XlsbError::Io(e) => ReadError::Corrupt(format!("{context}: {e}")),
        XlsbError::WorksheetNotFound(name) => missing_sheet(&name),
        XlsbError::FileNotFound(part) => ReadError::MissingPart(part),
        other => ReadError::Sheet(format!("{context}: {other}")),
    }
}

pub(super) fn ods(err: OdsError, context: &str) -> ReadError {
    match err {
        OdsError::Password => ReadError::Encrypted,
        OdsError::Zip(e) => ReadError::Corrupt(format!("{context}: zip: {e}")),
        OdsError::Io(e) => ReadError::Corrupt(format!("{context}: {e}")),
        OdsError::WorksheetNotFound(name) => missing_sheet(&name),
        OdsError::FileNotFound(part) => ReadError::MissingPart(part.to_string()),
        other => ReadError::Sheet(format!("{context}: {other}")),
    }
}

pub(super) fn xls(err: XlsError, context: &str) -> ReadError {
    match err {
        XlsError::Password => ReadError::Encrypted,
        XlsError::Io(e) => ReadError::Corrupt(format!("{context}: {e}")),
        XlsError::WorksheetNotFound(name) => missing_sheet(&name),
        other => ReadError::Corrupt(format!("{context}: {other}")),
    }
}

fn missing_sheet(name: &str) -> ReadError {
    ReadError::MissingPart(format!("worksheet '{name}'"))
}
