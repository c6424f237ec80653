//! Zip entries checked against the limits before inflating, shared by the Word and spreadsheet readers.

use super::{Limits, ReadError};
use zip::result::ZipError;

/// Parts smaller than this are never refused for their compression ratio: a high ratio on a small
/// part cannot exhaust memory, and deeply nested XML should meet the depth limit, not this one.
pub const RATIO_FLOOR_BYTES: u64 = 16 * 1024 * 1024;

/// Refuses a part whose (declared or real) inflated size or compression ratio is over the limits.
pub fn check_entry_size(
    name: &str,
    size: u64,
    compressed: u64,
    limits: &Limits,
) -> Result<(), ReadError> {
    if size > limits.max_part_bytes {
        return Err(ReadError::EntryTooLarge {
            entry: name.to_string(),
            size,
            limit: limits.max_part_bytes,
        });
    }
    let ratio = size / compressed.max(1);
    if size > RATIO_FLOOR_BYTES && ratio > limits.max_compression_ratio {
        return Err(ReadError::TooCompressed {
            entry: name.to_string(),
            ratio,
            limit: limits.max_compression_ratio,
        });
    }
    Ok(())
}

/// The named reason for a zip library error.
pub fn zip_error(error: ZipError) -> ReadError {
    match error {
        ZipError::InvalidPassword => ReadError::Encrypted,
        ZipError::UnsupportedArchive(msg) if msg.to_ascii_lowercase().contains("password") => {
            ReadError::Encrypted
        }
        ZipError::FileNotFound => ReadError::MissingPart("zip entry".into()),
        other => ReadError::Corrupt(format!("zip: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_large_and_too_compressed_parts_only() {
        let limits = Limits::default();
        assert!(check_entry_size("a", limits.max_part_bytes + 1, 1 << 30, &limits).is_err());
        assert!(
            check_entry_size("a", 4 << 20, 1 << 10, &limits).is_ok(),
            "small parts may compress well"
        );
        let err = check_entry_size("a", 64 << 20, 1 << 10, &limits).unwrap_err();
        assert_eq!(err.code(), "too-compressed");
    }
}
