//! Word packages (.docx/.docm/.dotx/.dotm), read by streaming `zip` + `quick-xml`.

use super::{Limits, ReadError};
use crate::model::Document;
use std::path::Path;

pub fn read(_path: &Path, _display: &str, _limits: &Limits) -> Result<Document, ReadError> {
    Err(ReadError::Corrupt(
        "the .docx reader is not built yet".into(),
    ))
}
