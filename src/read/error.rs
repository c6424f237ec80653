//! The named reasons a file cannot be read; each one stops that file only, never the run.

use thiserror::Error;

#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum ReadError {
    #[error("unsupported file type '.{extension}'")]
    Unsupported { extension: String },
    #[error("the file is encrypted (password-protected); save an unprotected copy to check it")]
    Encrypted,
    #[error("legacy binary .{format} format is not supported; save the file as .docx/.xlsx")]
    LegacyBinary { format: &'static str },
    #[error("not a zip package (the file is not a valid Office Open XML or OpenDocument file)")]
    NotZip,
    #[error("not a valid Office file: expected {expected}")]
    NotOffice { expected: &'static str },
    #[error("corrupt file: {0}")]
    Corrupt(String),
    #[error("a required part is missing: {0}")]
    MissingPart(String),
    #[error(
        "file is {size} bytes, over the limit of {limit} (raise it with --max-file-size or [limits] max_file_size)"
    )]
    FileTooLarge { size: u64, limit: u64 },
    #[error(
        "part '{entry}' inflates to {size} bytes, over the limit of {limit} (zip bomb?; raise it with --max-part-size or [limits] max_part_size)"
    )]
    EntryTooLarge {
        entry: String,
        size: u64,
        limit: u64,
    },
    #[error(
        "part '{entry}' is compressed {ratio}:1, over the limit of {limit}:1 (zip bomb?; raise it with --max-compression-ratio or [limits] max_compression_ratio)"
    )]
    TooCompressed {
        entry: String,
        ratio: u64,
        limit: u64,
    },
    #[error(
        "XML in '{part}' is nested deeper than {limit} levels (raise it with --max-xml-depth or [limits] max_xml_depth)"
    )]
    XmlTooDeep { part: String, limit: usize },
    #[error(
        "XML in '{part}' declares a DTD, which is refused (entity expansion and external entities are unsafe)"
    )]
    Dtd { part: String },
    #[error("invalid XML in '{part}': {message}")]
    Xml { part: String, message: String },
    #[error("more than {limit} cells (raise it with --max-cells or [limits] max_cells)")]
    TooManyCells { limit: u64 },
    #[error(
        "more than {limit} paragraphs or lines (raise it with --max-blocks or [limits] max_blocks)"
    )]
    TooManyBlocks { limit: u64 },
    #[error(
        "{what} adds up to more than {limit} bytes (raise it with --max-part-size or [limits] max_part_size)"
    )]
    TooMuchText { what: &'static str, limit: u64 },
    #[error("spreadsheet error: {0}")]
    Sheet(String),
    #[error("cannot read file: {0}")]
    Io(String),
}

impl ReadError {
    /// A stable, machine-readable reason code (JSON `error_code`, tests, summaries).
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::Unsupported { .. } => "unsupported",
            ReadError::Encrypted => "encrypted",
            ReadError::LegacyBinary { .. } => "legacy-binary",
            ReadError::NotZip => "not-zip",
            ReadError::NotOffice { .. } => "not-office",
            ReadError::Corrupt(_) => "corrupt",
            ReadError::MissingPart(_) => "missing-part",
            ReadError::FileTooLarge { .. } => "file-too-large",
            ReadError::EntryTooLarge { .. } => "part-too-large",
            ReadError::TooCompressed { .. } => "too-compressed",
            ReadError::XmlTooDeep { .. } => "xml-too-deep",
            ReadError::Dtd { .. } => "dtd",
            ReadError::Xml { .. } => "invalid-xml",
            ReadError::TooManyCells { .. } => "too-many-cells",
            ReadError::TooManyBlocks { .. } => "too-many-blocks",
            ReadError::TooMuchText { .. } => "too-much-text",
            ReadError::Sheet(_) => "sheet",
            ReadError::Io(_) => "io",
        }
    }

    /// The reason in Swedish, for reports read by procurement staff.
    pub fn swedish(&self) -> String {
        match self {
            ReadError::Unsupported { extension } => format!("filtypen .{extension} stöds inte"),
            ReadError::Encrypted => {
                "filen är lösenordsskyddad (krypterad); spara en oskyddad kopia och granska den"
                    .into()
            }
            ReadError::LegacyBinary { format } => {
                format!(
                    "det äldre binära formatet .{format} stöds inte; spara filen som .docx/.xlsx"
                )
            }
            ReadError::NotZip | ReadError::NotOffice { .. } => {
                "filen är inte en giltig Office-fil (fel format eller skadad)".into()
            }
            ReadError::Corrupt(m) => format!("filen är skadad: {m}"),
            ReadError::MissingPart(p) => format!("en nödvändig del saknas i filen: {p}"),
            ReadError::FileTooLarge { size, limit } => {
                format!("filen är {size} byte, över gränsen {limit} byte")
            }
            ReadError::EntryTooLarge { entry, .. } | ReadError::TooCompressed { entry, .. } => {
                format!("delen {entry} packas upp till orimlig storlek (misstänkt zip-bomb)")
            }
            ReadError::XmlTooDeep { .. } => "filens XML är för djupt nästlad".into(),
            ReadError::Dtd { .. } => {
                "filen innehåller en DTD, vilket inte tillåts av säkerhetsskäl".into()
            }
            ReadError::Xml { part, .. } => format!("ogiltig XML i {part}"),
            ReadError::TooManyCells { limit } => format!("fler än {limit} celler"),
            ReadError::TooManyBlocks { limit } => format!("fler än {limit} stycken eller rader"),
            ReadError::TooMuchText { .. } => {
                "filen skulle kräva orimligt mycket minne att läsa (misstänkt minnesbomb)".into()
            }
            ReadError::Sheet(m) => format!("kalkylbladet kunde inte läsas: {m}"),
            ReadError::Io(m) => format!("filen kunde inte öppnas: {m}"),
        }
    }
}
