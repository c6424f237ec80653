//! The zip package under an .xlsx/.xlsb/.ods: every entry checked against the limits (from the central
//! directory, before anything inflates) and every XML part's prolog sniffed, before calamine opens it.

use super::xml;
use crate::read::source::{Input, Source};
use crate::read::zip_guard::{check_entry_size, zip_error};
use crate::read::{Limits, ReadError};
use std::collections::HashMap;
use std::io::{BufReader, Read, Take};
use zip::ZipArchive;
use zip::read::ZipFile;

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
