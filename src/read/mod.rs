//! Reading input files into `Document`s: format detection, limits, and the named errors of unreadable files.

pub(crate) mod docx;
mod error;
mod limits;
pub mod opc;
mod sheet;
mod source;
pub mod text;
mod zip_guard;

pub use error::ReadError;
pub use limits::Limits;

use crate::model::Document;
use source::Source;
use std::path::Path;
use std::sync::Arc;

/// The formats upplint reads, decided by extension and confirmed by the file's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Xlsx,
    Xls,
    Ods,
    Text,
}

impl Format {
    /// The format a file name claims, or None when upplint does not read such files.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "docx" | "docm" | "dotx" | "dotm" => Format::Docx,
            "xlsx" | "xlsm" | "xltx" | "xltm" | "xlsb" => Format::Xlsx,
            "xls" => Format::Xls,
            "ods" => Format::Ods,
            "txt" | "md" => Format::Text,
            "doc" => Format::Docx, // refused with a named reason once its magic is seen
            _ => return None,
        })
    }
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP_MAGIC: [u8; 4] = [b'P', b'K', 0x03, 0x04];
const EMPTY_ZIP_MAGIC: [u8; 4] = [b'P', b'K', 0x05, 0x06];

/// Reads one file into a document, or says plainly why it cannot be read. The file is opened read-only.
pub fn read_path(path: &Path, limits: &Limits) -> Result<Document, ReadError> {
    let display = path.to_string_lossy().to_string();
    read_source(&Source::Path(path), path, &display, limits)
}

/// Reads a file's bytes from memory, as `read_path` would read them from a file called `name` (its
/// extension picks the format). For fuzzing and tests; limits apply as they do to files.
pub fn read_bytes(name: &str, bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    read_source(
        &Source::Memory(Arc::from(bytes)),
        Path::new(name),
        name,
        limits,
    )
}

fn read_source(
    source: &Source<'_>,
    path: &Path,
    display: &str,
    limits: &Limits,
) -> Result<Document, ReadError> {
    let format = Format::from_path(path).ok_or_else(|| ReadError::Unsupported {
        extension: path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_string(),
    })?;
    let size = source.len()?;
    if size > limits.max_file_bytes {
        return Err(ReadError::FileTooLarge {
            size,
            limit: limits.max_file_bytes,
        });
    }
    let magic = source.head(8)?;
    match format {
        Format::Text => text::read(source, display, limits),
        Format::Docx | Format::Xlsx | Format::Ods => {
            check_zip_magic(&magic, source, path)?;
            match format {
                Format::Docx => docx::read(source, display, limits),
                _ => sheet::read(source, display, format, limits),
            }
        }
        Format::Xls => {
            if magic.starts_with(&ZIP_MAGIC) {
                // An .xlsx saved under an .xls name: read it for what it is.
                return sheet::read(source, display, Format::Xlsx, limits);
            }
            if !magic.starts_with(&OLE_MAGIC) {
                return Err(ReadError::NotOffice {
                    expected: "xls (OLE compound file)",
                });
            }
            sheet::read(source, display, Format::Xls, limits)
        }
    }
}

/// Zip-based formats: refuse OLE files (encrypted OOXML or legacy binary) and non-zips by name.
fn check_zip_magic(magic: &[u8], source: &Source<'_>, path: &Path) -> Result<(), ReadError> {
    if magic.starts_with(&ZIP_MAGIC) || magic.starts_with(&EMPTY_ZIP_MAGIC) {
        return Ok(());
    }
    if magic.starts_with(&OLE_MAGIC) {
        return Err(ole_error(source, path));
    }
    Err(ReadError::NotZip)
}

/// An OLE compound file where a zip was expected is either an encrypted OOXML package or a legacy binary.
fn ole_error(source: &Source<'_>, path: &Path) -> ReadError {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "doc" {
        return ReadError::LegacyBinary { format: "doc" };
    }
    if is_encrypted_ole(source) {
        ReadError::Encrypted
    } else {
        ReadError::LegacyBinary {
            format: if ext.starts_with("xl") { "xls" } else { "doc" },
        }
    }
}

/// Encrypted OOXML packages are OLE files with an `EncryptionInfo` stream; its UTF-16 name is in the directory.
fn is_encrypted_ole(source: &Source<'_>) -> bool {
    let Ok(head) = source.head(1 << 20) else {
        return false;
    };
    let needle: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    head.windows(needle.len()).any(|w| w == needle.as_slice())
}
