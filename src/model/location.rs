//! Where a block sits in its file, printable for people and serialisable for machines.

use serde::{Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// The part of a file a block belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Body,
    Header,
    Footer,
    Footnote,
    Endnote,
    Comment,
    Textbox,
    Sheet,
    Line,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Body => "body",
            Part::Header => "header",
            Part::Footer => "footer",
            Part::Footnote => "footnote",
            Part::Endnote => "endnote",
            Part::Comment => "comment",
            Part::Textbox => "textbox",
            Part::Sheet => "sheet",
            Part::Line => "line",
        }
    }

    pub fn parse(name: &str) -> Option<Part> {
        Some(match name {
            "body" => Part::Body,
            "header" => Part::Header,
            "footer" => Part::Footer,
            "footnote" => Part::Footnote,
            "endnote" => Part::Endnote,
            "comment" => Part::Comment,
            "textbox" => Part::Textbox,
            "sheet" => Part::Sheet,
            "line" => Part::Line,
            _ => return None,
        })
    }

    /// The Swedish name shown to people.
    pub fn swedish(self) -> &'static str {
        match self {
            Part::Body => "brödtext",
            Part::Header => "sidhuvud",
            Part::Footer => "sidfot",
            Part::Footnote => "fotnot",
            Part::Endnote => "slutkommentar",
            Part::Comment => "kommentar",
            Part::Textbox => "textruta",
            Part::Sheet => "blad",
            Part::Line => "rad",
        }
    }

    pub const ALL: [Part; 9] = [
        Part::Body,
        Part::Header,
        Part::Footer,
        Part::Footnote,
        Part::Endnote,
        Part::Comment,
        Part::Textbox,
        Part::Sheet,
        Part::Line,
    ];
}

/// A cell's position in one level of (possibly nested) tables, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct TablePos {
    pub row: u32,
    pub col: u32,
}

/// Where a block is. Word blocks use part/paragraph/heading/table; sheet blocks sheet/cell; text lines line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    pub part: Option<Part>,
    /// The package part name (`word/header2.xml`), for headers, footers and other multi-instance parts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_name: Option<String>,
    /// 1-based paragraph number within its part (0 for sheet cells).
    pub paragraph: u32,
    /// Heading texts, outermost first.
    pub heading: Vec<String>,
    /// Table path, outermost first, or None outside tables.
    pub table: Option<Vec<TablePos>>,
    /// The sheet name, shared by every cell of the sheet.
    pub sheet: Option<Arc<str>>,
    pub cell: Option<CellRef>,
    pub line: Option<u32>,
    /// The number Word shows before a numbered paragraph that is not a heading ("3.4", "Krav 3.4",
    /// "a)"): what a reader of the document calls the place. Headings carry theirs in `heading`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Box<str>>,
}

impl Location {
    pub fn body(paragraph: u32) -> Self {
        Location {
            part: Some(Part::Body),
            paragraph,
            ..Location::default()
        }
    }

    pub fn line(line: u32) -> Self {
        Location {
            part: Some(Part::Line),
            paragraph: line,
            line: Some(line),
            ..Location::default()
        }
    }

    /// A sheet cell at a 0-based row and column; pass an `Arc<str>` to share the sheet name.
    pub fn cell(sheet: impl Into<Arc<str>>, row: u32, col: u32) -> Self {
        Location {
            part: Some(Part::Sheet),
            sheet: Some(sheet.into()),
            cell: Some(CellRef::new(row, col)),
            ..Location::default()
        }
    }

    /// The number a line-oriented consumer (SARIF, GitHub, miette) should show: paragraph, line, or row.
    pub fn line_number(&self) -> u32 {
        if let Some(line) = self.line {
            return line;
        }
        if self.part == Some(Part::Sheet) {
            return self
                .cell
                .as_deref()
                .and_then(parse_a1)
                .map(|(row, _)| row + 1)
                .unwrap_or(1);
        }
        self.paragraph.max(1)
    }

    /// The human-readable location without the file name: `3.2 Kvalificeringskrav › ¶4`.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        match self.part {
            Some(Part::Sheet) => {
                let sheet = self.sheet.as_deref().unwrap_or("?");
                let cell = self.cell.as_deref().unwrap_or("");
                return format!("{sheet}!{cell}");
            }
            Some(Part::Line) => return format!("rad {}", self.line.unwrap_or(self.paragraph)),
            Some(Part::Body) | None => {}
            Some(other) => {
                let mut name = other.swedish().to_string();
                if let Some(n) = self.part_name.as_deref().and_then(part_number) {
                    name.push_str(&format!(" {n}"));
                }
                parts.push(name);
            }
        }
        parts.extend(self.heading.iter().map(|h| shorten(h, 60)));
        if let Some(table) = &self.table {
            let cells: Vec<String> = table
                .iter()
                .map(|t| format!("tabell rad {} kol {}", t.row, t.col))
                .collect();
            parts.push(cells.join(" › "));
        }
        parts.push(match self.label.as_deref() {
            Some(label) => format!("¶{}, {}", self.paragraph, label_words(label)),
            None => format!("¶{}", self.paragraph),
        });
        parts.join(" › ")
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// A list label as a reader says it: "punkt 3.4" for a bare number, the label itself when it has words
/// ("Krav 3.4") or is a letter item ("a)").
fn label_words(label: &str) -> String {
    if label.starts_with(|c: char| c.is_ascii_digit()) {
        format!("punkt {}", label.trim_end_matches('.'))
    } else {
        label.to_string()
    }
}

/// The trailing number of a part name: `word/header2.xml` → 2.
fn part_number(name: &str) -> Option<u32> {
    let stem = name.rsplit('/').next()?.strip_suffix(".xml")?;
    let digits: String = stem
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.chars().rev().collect::<String>().parse().ok()
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars - 1).collect();
    format!("{cut}…")
}

/// A1 reference for a 0-based row and column: (11, 2) → "C12".
pub fn a1(row: u32, col: u32) -> String {
    CellRef::new(row, col).to_string()
}

/// An A1 reference held inline (at most `XFD1048576`, ten bytes), so a sheet of a million cells does not
/// allocate a million small strings. Reads as `&str`; compares, sorts and serialises as its text.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CellRef {
    len: u8,
    bytes: [u8; CellRef::CAPACITY],
}

impl CellRef {
    /// Letters for columns up to 16,384 (3) and digits for rows up to 1,048,576 (7).
    const CAPACITY: usize = 10;

    /// The reference of a 0-based row and column; rows and columns beyond Excel's grid are clamped to it.
    pub fn new(row: u32, col: u32) -> CellRef {
        let mut out = CellRef {
            len: 0,
            bytes: [0; CellRef::CAPACITY],
        };
        let mut letters = [0u8; 3];
        let mut n = col.min(16_383) + 1;
        let mut count = 0;
        while n > 0 && count < letters.len() {
            letters[count] = b'A' + ((n - 1) % 26) as u8;
            n = (n - 1) / 26;
            count += 1;
        }
        for &letter in letters[..count].iter().rev() {
            out.push(letter);
        }
        let mut digits = [0u8; 7];
        let mut n = row.min(1_048_575) + 1;
        let mut count = 0;
        while n > 0 && count < digits.len() {
            digits[count] = b'0' + (n % 10) as u8;
            n /= 10;
            count += 1;
        }
        for &digit in digits[..count].iter().rev() {
            out.push(digit);
        }
        out
    }

    fn push(&mut self, byte: u8) {
        if let Some(slot) = self.bytes.get_mut(usize::from(self.len)) {
            *slot = byte;
            self.len += 1;
        }
    }

    pub fn as_str(&self) -> &str {
        let bytes = self.bytes.get(..usize::from(self.len)).unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or_default()
    }
}

impl std::ops::Deref for CellRef {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialOrd for CellRef {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CellRef {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Serialize for CellRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Parses "C12" into 0-based (row, col).
pub fn parse_a1(reference: &str) -> Option<(u32, u32)> {
    let split = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = reference.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut col: u32 = 0;
    for c in letters.chars() {
        if !c.is_ascii_uppercase() {
            return None;
        }
        col = col * 26 + (c as u32 - 'A' as u32 + 1);
    }
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_round_trips() {
        assert_eq!(a1(11, 2), "C12");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
        assert_eq!(parse_a1("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_a1("C12"), Some((11, 2)));
        assert_eq!(parse_a1("12"), None);
        assert_eq!(parse_a1("C0"), None);
        for (row, col) in [
            (0, 0),
            (9, 25),
            (99, 26),
            (1_048_575, 16_383),
            (123_456, 701),
        ] {
            assert_eq!(CellRef::new(row, col).as_str(), a1_slow(row, col));
        }
        assert_eq!(&*CellRef::new(u32::MAX, u32::MAX), "XFD1048576");
        assert!(CellRef::new(0, 2) < CellRef::new(0, 3));
        assert_eq!(
            serde_json::to_string(&CellRef::new(11, 2)).unwrap(),
            "\"C12\""
        );
    }

    /// Column letters for a 0-based column: 0 → A, 25 → Z, 26 → AA.
    fn column_name(col: u32) -> String {
        let mut n = u64::from(col) + 1;
        let mut letters = Vec::new();
        while n > 0 {
            let rem = ((n - 1) % 26) as u8;
            letters.push(char::from(b'A' + rem));
            n = (n - 1) / 26;
        }
        letters.iter().rev().collect()
    }

    fn a1_slow(row: u32, col: u32) -> String {
        format!("{}{}", column_name(col), u64::from(row) + 1)
    }

    #[test]
    fn describes_locations_for_people() {
        let mut loc = Location::body(4);
        loc.heading = vec!["3 Krav".into(), "3.2 Kvalificeringskrav".into()];
        assert_eq!(loc.describe(), "3 Krav › 3.2 Kvalificeringskrav › ¶4");
        let cell = Location::cell("Priser", 11, 2);
        assert_eq!(cell.describe(), "Priser!C12");
        let header = Location {
            part: Some(Part::Header),
            part_name: Some("word/header2.xml".into()),
            paragraph: 1,
            ..Location::default()
        };
        assert_eq!(header.describe(), "sidhuvud 2 › ¶1");
    }
}
