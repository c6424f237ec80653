//! The Word package being annotated: guarded reading of the few parts the annotator changes, and the
//! copy, written to a temporary file beside the output in which every other entry is copied raw
//! (`ZipWriter::raw_copy_file`: same compressed bytes, same CRC, never inflated).

use crate::read::Limits;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;
use tempfile::NamedTempFile;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// Parts inflating to no more than this may compress as well as they like (as in the reader).
const RATIO_FLOOR_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("cannot read the package: {0}")]
    Zip(String),
    #[error("part '{part}' is {size} bytes inflated (limit {limit})")]
    TooLarge { part: String, size: u64, limit: u64 },
    #[error("part '{part}' is not UTF-8 (UTF-16 parts cannot be annotated)")]
    NotUtf8 { part: String },
    #[error("cannot write the copy: {0}")]
    Write(String),
}

pub struct SourcePackage {
    archive: ZipArchive<BufReader<File>>,
    /// Lower-cased part name (no leading `/`) → zip index; part names are case-insensitive.
    index: HashMap<String, usize>,
    limits: Limits,
}

/// The content of changed and added parts, by part name.
#[derive(Debug, Default)]
pub struct Changes {
    pub replaced: HashMap<String, Vec<u8>>,
    pub added: Vec<(String, Vec<u8>)>,
}

impl Changes {
    pub fn replace(&mut self, part: &str, bytes: Vec<u8>) {
        self.replaced.insert(key(part), bytes);
    }
}

fn key(part: &str) -> String {
    part.trim_start_matches('/').to_ascii_lowercase()
}

fn zip_error(error: impl std::fmt::Display) -> PackageError {
    PackageError::Zip(error.to_string())
}

impl SourcePackage {
    pub fn open(path: &Path, limits: &Limits) -> Result<SourcePackage, PackageError> {
        let file = File::open(path).map_err(zip_error)?;
        let archive = ZipArchive::new(BufReader::new(file)).map_err(zip_error)?;
        let mut index = HashMap::with_capacity(archive.len());
        for (i, name) in archive.file_names().enumerate() {
            if let Ok(name) = name {
                index.entry(key(&name)).or_insert(i);
            }
        }
        Ok(SourcePackage {
            archive,
            index,
            limits: *limits,
        })
    }

    pub fn has_part(&self, part: &str) -> bool {
        self.index.contains_key(&key(part))
    }

    /// A part's text (UTF-8; a byte-order mark is dropped, as XML readers skip it and byte offsets must
    /// count from the first `<`), or None when the package has no such part.
    pub fn read_text(&mut self, part: &str) -> Result<Option<String>, PackageError> {
        let Some(&index) = self.index.get(&key(part)) else {
            return Ok(None);
        };
        let limit = self.limits.max_part_bytes;
        let entry = self.archive.by_index(index).map_err(zip_error)?;
        check_size(part, entry.size(), entry.compressed_size(), &self.limits)?;
        let mut bytes = Vec::new();
        entry
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(zip_error)?;
        check_size(part, bytes.len() as u64, 1, &self.limits)?;
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(PackageError::NotUtf8 {
                part: part.to_string(),
            });
        }
        let text = String::from_utf8(bytes).map_err(|_| PackageError::NotUtf8 {
            part: part.to_string(),
        })?;
        Ok(Some(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }))
    }

    /// Writes the copy to a temporary file in `dir`: every entry in its place, changed ones rewritten,
    /// the others raw-copied, added parts last. The caller renames it into place.
    pub fn write_copy(
        &mut self,
        dir: &Path,
        changes: &Changes,
    ) -> Result<NamedTempFile, PackageError> {
        let write_error = |e: &dyn std::fmt::Display| PackageError::Write(e.to_string());
        let temp = NamedTempFile::new_in(dir).map_err(|e| write_error(&e))?;
        let file = temp.as_file().try_clone().map_err(|e| write_error(&e))?;
        let mut zip = ZipWriter::new(BufWriter::new(file));
        for i in 0..self.archive.len() {
            let entry = self.archive.by_index_raw(i).map_err(zip_error)?;
            let name = entry.name().map_err(zip_error)?.into_owned();
            match changes.replaced.get(&key(&name)) {
                Some(bytes) => {
                    let mut options = SimpleFileOptions::default()
                        .compression_method(CompressionMethod::Deflated);
                    if let Some(time) = entry.last_modified() {
                        options = options.last_modified_time(time);
                    }
                    drop(entry);
                    zip.start_file(name, options).map_err(|e| write_error(&e))?;
                    zip.write_all(bytes).map_err(|e| write_error(&e))?;
                }
                None => zip.raw_copy_file(entry).map_err(|e| write_error(&e))?,
            }
        }
        for (name, bytes) in &changes.added {
            let options =
                SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
            zip.start_file(name.as_str(), options)
                .map_err(|e| write_error(&e))?;
            zip.write_all(bytes).map_err(|e| write_error(&e))?;
        }
        let mut writer = zip.finish().map_err(|e| write_error(&e))?;
        writer.flush().map_err(|e| write_error(&e))?;
        drop(writer);
        temp.as_file().sync_all().map_err(|e| write_error(&e))?;
        Ok(temp)
    }
}

/// Refuses a part over the size limit, or a large one compressed beyond the ratio limit (a bomb).
fn check_size(part: &str, size: u64, compressed: u64, limits: &Limits) -> Result<(), PackageError> {
    let ratio = size / compressed.max(1);
    let bomb = size > RATIO_FLOOR_BYTES && ratio > limits.max_compression_ratio;
    if size > limits.max_part_bytes || bomb {
        return Err(PackageError::TooLarge {
            part: part.to_string(),
            size,
            limit: limits.max_part_bytes,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_checked_before_inflating() {
        let limits = Limits::default();
        assert!(check_size("a", limits.max_part_bytes + 1, 1 << 30, &limits).is_err());
        assert!(check_size("a", 100 << 20, 100 << 10, &limits).is_err());
        assert!(check_size("a", 4 << 20, 1 << 10, &limits).is_ok());
    }
}
