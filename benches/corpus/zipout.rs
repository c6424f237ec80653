//! Deterministic zip output: deflated entries with a fixed timestamp (1980-01-01) and fixed permissions.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

pub struct ZipOut {
    zip: ZipWriter<BufWriter<File>>,
    options: SimpleFileOptions,
}

impl ZipOut {
    pub fn create(path: &Path) -> io::Result<ZipOut> {
        let file = BufWriter::new(File::create(path)?);
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(6))
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644);
        Ok(ZipOut {
            zip: ZipWriter::new(file),
            options,
        })
    }

    pub fn add(&mut self, name: &str, text: &str) -> io::Result<()> {
        self.zip
            .start_file(name, self.options)
            .map_err(io::Error::other)?;
        self.zip.write_all(text.as_bytes())
    }

    pub fn finish(self) -> io::Result<()> {
        self.zip.finish().map_err(io::Error::other)?.flush()
    }
}
