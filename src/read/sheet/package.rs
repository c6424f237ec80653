//! The zip package under an .xlsx/.xlsb/.ods: every entry checked against the limits (from the central
//! directory, before anything inflates) and every XML part's prolog sniffed, before calamine opens it.

use super::xml;
use crate::read::source::{Input, Source};
use crate::read::{Limits, ReadError};
use std::collections::HashMap;
use std::io::{BufReader, Read, Take};
use zip::ZipArchive;
use zip::read::ZipFile;
use zip::result::ZipError;

/// Parts smaller than this cannot be bombs, so their compression ratio is not held against them
/// (small, repetitive XML such as styles legitimately compresses very well).
const RATIO_FLOOR_BYTES: u64 = 1024 * 1024;

/// How much of each XML part is inflated to look for a DTD before its root element.
const PROLOG_WINDOW: u64 = 16 * 1024;

type Archive = ZipArchive<Input>;

/// A streaming reader over one part, never yielding more than `max_part_bytes`.
pub(super) type PartReader<'a> = BufReader<Take<ZipFile<'a, Input>>>;

pub(super) struct Package {
    archive: Archive,
    /// Lower-cased part name (no leading `/`) → zip index; OPC part names are case-insensitive.
    index: HashMap<String, usize>,
    limits: Limits,
}

impl Package {
    /// Opens the zip (reads its central directory only) and runs every check on it.
    pub fn open_checked(source: &Source<'_>, limits: &Limits) -> Result<Package, ReadError> {
        let archive = ZipArchive::new(source.open()?).map_err(zip_error)?;
        let mut index = HashMap::with_capacity(archive.len());
        for i in 0..archive.len() {
            if let Some(Ok(name)) = archive.name_for_index(i) {
                index.entry(part_key(&name)).or_insert(i);
            }
        }
        let mut package = Package {
            archive,
            index,
            limits: *limits,
        };
        package.check_sizes()?;
        package.check_prologs()?;
        Ok(package)
    }

    pub fn has_part(&self, name: &str) -> bool {
        self.index.contains_key(&part_key(name))
    }

    /// A reader over the part, or None when the package has no such part.
    pub fn part_reader(&mut self, name: &str) -> Result<Option<PartReader<'_>>, ReadError> {
        let Some(&index) = self.index.get(&part_key(name)) else {
            return Ok(None);
        };
        let entry = self.archive.by_index(index).map_err(zip_error)?;
        Ok(Some(BufReader::new(entry.take(self.limits.max_part_bytes))))
    }

    /// Refuses the package if any entry declares an inflated size or compression ratio over the limits.
    fn check_sizes(&self) -> Result<(), ReadError> {
        for i in 0..self.archive.len() {
            let entry = self.archive.by_index_data(i).map_err(zip_error)?;
            if entry.is_dir() {
                continue;
            }
            if entry.encrypted() {
                return Err(ReadError::Encrypted);
            }
            let name = entry.name().map_err(zip_error)?;
            check_entry_size(&name, entry.size(), entry.compressed_size(), &self.limits)?;
        }
        Ok(())
    }

    /// Sniffs the head of every XML part (see `xml::check_prolog`).
    fn check_prologs(&mut self) -> Result<(), ReadError> {
        let mut parts: Vec<usize> = self
            .index
            .iter()
            .filter(|(key, _)| is_xml_part(key))
            .map(|(_, &i)| i)
            .collect();
        parts.sort_unstable();
        for index in parts {
            let name = match self.archive.name_for_index(index) {
                Some(Ok(name)) => name.to_string(),
                _ => continue,
            };
            let head = self.read_head(index, &name)?;
            let window_full = head.len() as u64 >= PROLOG_WINDOW;
            xml::check_prolog(&head, window_full, &name, &self.limits)?;
        }
        Ok(())
    }

    fn read_head(&mut self, index: usize, name: &str) -> Result<Vec<u8>, ReadError> {
        let entry = self.archive.by_index(index).map_err(zip_error)?;
        let mut head = Vec::new();
        entry
            .take(PROLOG_WINDOW)
            .read_to_end(&mut head)
            .map_err(|e| ReadError::Corrupt(format!("cannot inflate '{name}': {e}")))?;
        Ok(head)
    }
}

/// The lookup key of a part name: lower case, no leading `/`.
fn part_key(name: &str) -> String {
    name.trim_start_matches('/').to_ascii_lowercase()
}

fn is_xml_part(key: &str) -> bool {
    key.ends_with(".xml") || key.ends_with(".rels")
}

/// Refuses a part whose declared inflated size or compression ratio is over the limits.
pub(super) fn check_entry_size(
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

pub(super) fn zip_error(err: ZipError) -> ReadError {
    match err {
        ZipError::FileNotFound => ReadError::MissingPart("zip entry".into()),
        other => ReadError::Corrupt(format!("zip: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_and_ratio_limits() {
        let limits = Limits::default();
        let huge = check_entry_size("a.xml", 1 << 30, 1 << 20, &limits).unwrap_err();
        assert_eq!(huge.code(), "part-too-large");
        let squeezed = check_entry_size("a.xml", 10 << 20, 1 << 10, &limits).unwrap_err();
        assert_eq!(squeezed.code(), "too-compressed");
        // Small parts may compress as well as they like; ordinary ratios pass.
        assert!(check_entry_size("s.xml", 500_000, 100, &limits).is_ok());
        assert!(check_entry_size("b.xml", 50 << 20, 5 << 20, &limits).is_ok());
    }
}
