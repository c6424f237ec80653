//! Where a file's bytes come from: a path on disk, opened read-only, or a buffer in memory (fuzzing, tests).
//!
//! Readers that open the same file more than once (the guards, then calamine) ask the source for a new
//! reader each time. A file on disk is only ever opened with `File::open`, which is read-only: upplint
//! never writes to, truncates, renames or locks an input.

use super::ReadError;
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;

/// The bytes of one input file.
#[derive(Debug, Clone)]
pub(crate) enum Source<'a> {
    Path(&'a Path),
    Memory(Arc<[u8]>),
}

/// A buffered, seekable reader over a source.
pub(crate) enum Input {
    File(BufReader<File>),
    Memory(Cursor<Arc<[u8]>>),
}

impl Source<'_> {
    /// A fresh reader from the first byte.
    pub fn open(&self) -> Result<Input, ReadError> {
        match self {
            Source::Path(path) => File::open(path)
                .map(|file| Input::File(BufReader::new(file)))
                .map_err(|e| ReadError::Io(e.to_string())),
            Source::Memory(bytes) => Ok(Input::Memory(Cursor::new(bytes.clone()))),
        }
    }

    /// The size in bytes.
    pub fn len(&self) -> Result<u64, ReadError> {
        match self {
            Source::Path(path) => std::fs::metadata(path)
                .map(|m| m.len())
                .map_err(|e| ReadError::Io(e.to_string())),
            Source::Memory(bytes) => Ok(bytes.len() as u64),
        }
    }

    /// Up to `limit` bytes from the start.
    pub fn head(&self, limit: u64) -> Result<Vec<u8>, ReadError> {
        let mut head = Vec::new();
        self.open()?
            .take(limit)
            .read_to_end(&mut head)
            .map_err(|e| ReadError::Io(e.to_string()))?;
        Ok(head)
    }
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Input::File(r) => r.read(buf),
            Input::Memory(r) => r.read(buf),
        }
    }
}

impl BufRead for Input {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        match self {
            Input::File(r) => r.fill_buf(),
            Input::Memory(r) => r.fill_buf(),
        }
    }
    fn consume(&mut self, amount: usize) {
        match self {
            Input::File(r) => r.consume(amount),
            Input::Memory(r) => r.consume(amount),
        }
    }
}

impl Seek for Input {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        match self {
            Input::File(r) => r.seek(pos),
            Input::Memory(r) => r.seek(pos),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_sources_reopen_from_the_start() {
        let source = Source::Memory(Arc::from(&b"PK\x03\x04rest"[..]));
        assert_eq!(source.len().unwrap(), 8);
        assert_eq!(source.head(4).unwrap(), b"PK\x03\x04");
        let mut input = source.open().unwrap();
        input.seek(SeekFrom::Start(4)).unwrap();
        let mut rest = String::new();
        input.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "rest");
        assert_eq!(source.head(100).unwrap().len(), 8);
    }

    #[test]
    fn a_missing_file_is_an_io_error() {
        let source = Source::Path(Path::new("/nonexistent/upplint/x.docx"));
        assert_eq!(source.open().err().unwrap().code(), "io");
        assert_eq!(source.len().unwrap_err().code(), "io");
    }
}
