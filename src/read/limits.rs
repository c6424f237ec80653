//! Resource limits applied while reading untrusted files, with safe defaults.

use serde::Deserialize;

/// Limits checked before and while inflating and parsing. Each one hit is a named file error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest input file on disk, in bytes.
    #[serde(rename = "max_file_size")]
    pub max_file_bytes: u64,
    /// Largest inflated size of one package part, in bytes.
    #[serde(rename = "max_part_size")]
    pub max_part_bytes: u64,
    /// Largest compression ratio (inflated / compressed) of one part.
    pub max_compression_ratio: u64,
    /// Deepest XML element nesting.
    pub max_xml_depth: usize,
    /// Most cells read from one workbook.
    pub max_cells: u64,
    /// Most paragraphs (Word) or lines (text) read from one document.
    pub max_blocks: u64,
    /// Most findings reported for one file (the rest are counted, not listed).
    pub max_findings_per_file: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 200 * 1024 * 1024,
            max_part_bytes: 256 * 1024 * 1024,
            max_compression_ratio: 200,
            max_xml_depth: 256,
            max_cells: 5_000_000,
            max_blocks: 1_000_000,
            max_findings_per_file: 5_000,
        }
    }
}
