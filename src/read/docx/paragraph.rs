//! One paragraph being read: runs joined into one text, with flagged ranges merged as they grow.

use crate::model::{Mark, MarkKind};

/// The flags that apply to a piece of text as it is appended.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct TextFlags<'a> {
    pub hidden: bool,
    /// Author of the enclosing insertion, when inside `w:ins`/`w:moveTo` (Some("") when unknown).
    pub inserted: Option<&'a str>,
    /// Label of the enclosing content control, when inside one (Some("") when it has none).
    pub content_control: Option<&'a str>,
    pub placeholder: bool,
    pub hyperlink: bool,
    pub field_result: bool,
}

#[derive(Debug)]
pub(super) struct ParagraphBuilder {
    /// Index of the block reserved for this paragraph in `Document::blocks`.
    pub block: usize,
    /// XML depth of the `w:p` element.
    pub depth: usize,
    pub text: String,
    pub marks: Vec<Mark>,
    pub style: Option<String>,
    /// `w:outlineLvl` written directly in the paragraph properties.
    pub direct_outline_level: Option<u8>,
    /// `w:vanish` from the paragraph style, applying to runs without their own setting.
    pub style_vanish: Option<bool>,
    /// `w:numPr/w:numId` and `w:numPr/w:ilvl` written directly in the paragraph properties.
    pub num_id: Option<u32>,
    pub ilvl: Option<u8>,
    /// The list label, once counted (see `numbered`).
    pub label: Option<Box<str>>,
    /// Whether the paragraph has been counted in its list: once, when its properties end (or
    /// before its first text box, or when it ends).
    pub numbered: bool,
}

impl ParagraphBuilder {
    pub fn new(block: usize, depth: usize) -> Self {
        ParagraphBuilder {
            block,
            depth,
            text: String::new(),
            marks: Vec::new(),
            style: None,
            direct_outline_level: None,
            style_vanish: None,
            num_id: None,
            ilvl: None,
            label: None,
            numbered: false,
        }
    }

    /// Appends `piece` (no separator) and flags its byte range. Returns the range.
    pub fn push(&mut self, piece: &str, flags: &TextFlags<'_>) -> (usize, usize) {
        let start = self.text.len();
        self.text.push_str(piece);
        let end = self.text.len();
        if flags.hidden {
            self.mark(MarkKind::Hidden, start, end, None);
        }
        if let Some(author) = flags.inserted {
            self.mark(MarkKind::Inserted, start, end, Some(author));
        }
        if let Some(label) = flags.content_control {
            self.mark(MarkKind::ContentControl, start, end, Some(label));
            if flags.placeholder {
                self.mark(MarkKind::Placeholder, start, end, Some(label));
            }
        }
        if flags.hyperlink {
            self.mark(MarkKind::Hyperlink, start, end, None);
        }
        if flags.field_result {
            self.mark(MarkKind::FieldResult, start, end, None);
        }
        (start, end)
    }

    /// Extends the latest mark of the same kind and label when it ends where this range starts.
    fn mark(&mut self, kind: MarkKind, start: usize, end: usize, label: Option<&str>) {
        let label = label.filter(|l| !l.is_empty());
        let recent = self.marks.iter_mut().rev().take(8);
        for mark in recent {
            if mark.kind == kind {
                if mark.end == start && mark.label.as_deref() == label {
                    mark.end = end;
                    return;
                }
                break;
            }
        }
        self.marks.push(Mark {
            kind,
            start,
            end,
            label: label.map(str::to_string),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_join_without_separators_and_marks_merge() {
        let mut p = ParagraphBuilder::new(0, 1);
        let plain = TextFlags::default();
        let inserted = TextFlags {
            inserted: Some("A"),
            ..TextFlags::default()
        };
        for piece in ["Le", "ver", "an"] {
            p.push(piece, &plain);
        }
        p.push("dø", &inserted);
        p.push("ren", &inserted);
        p.push(" x", &plain);
        p.push("y", &inserted);
        assert_eq!(p.text, "Leverandøren xy");
        let ins: Vec<(usize, usize)> = p
            .marks
            .iter()
            .filter(|m| m.kind == MarkKind::Inserted)
            .map(|m| (m.start, m.end))
            .collect();
        assert_eq!(ins, vec![(7, 13), (15, 16)]);
        assert_eq!(p.marks[0].label.as_deref(), Some("A"));
    }

    #[test]
    fn different_labels_do_not_merge() {
        let mut p = ParagraphBuilder::new(0, 1);
        let a = TextFlags {
            content_control: Some("a"),
            placeholder: true,
            ..TextFlags::default()
        };
        let b = TextFlags {
            content_control: Some("b"),
            ..TextFlags::default()
        };
        p.push("x", &a);
        p.push("y", &b);
        let cc: Vec<_> = p
            .marks
            .iter()
            .filter(|m| m.kind == MarkKind::ContentControl)
            .map(|m| (m.start, m.end, m.label.clone().unwrap_or_default()))
            .collect();
        assert_eq!(cc, vec![(0, 1, "a".into()), (1, 2, "b".into())]);
        assert!(
            p.marks
                .iter()
                .any(|m| m.kind == MarkKind::Placeholder && m.end == 1)
        );
    }
}
