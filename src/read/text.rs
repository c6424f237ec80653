//! Plain text (.txt, .md): one block per line.

use super::source::Source;
use super::{Limits, ReadError};
use crate::model::{Block, DocKind, Document, Location};

pub(super) fn read(
    source: &Source<'_>,
    display: &str,
    limits: &Limits,
) -> Result<Document, ReadError> {
    let bytes = source.head(limits.max_file_bytes)?;
    let content = String::from_utf8_lossy(&bytes);
    // Each line costs a block (a few hundred bytes) whatever its length: count before building.
    if content.lines().count() as u64 > limits.max_blocks {
        return Err(ReadError::TooManyBlocks {
            limit: limits.max_blocks,
        });
    }
    Ok(from_str(display, &content))
}

/// Builds a text document from a string; also used for rule examples.
pub fn from_str(display: &str, content: &str) -> Document {
    let mut doc = Document::new(display, DocKind::Text);
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    for (i, line) in content.lines().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        doc.blocks.push(Block::new(line, Location::line(number)));
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_block_per_line_with_line_numbers() {
        let doc = from_str("a.txt", "\u{feff}Första raden\r\nAndra raden\n");
        assert_eq!(doc.blocks.len(), 2);
        assert_eq!(doc.blocks[1].text, "Andra raden");
        assert_eq!(doc.blocks[1].location.line, Some(2));
    }
}
