//! Complex fields (`w:fldChar` begin/separate/end, nestable): which text is instruction and which is result.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Between `begin` and `separate`: text belongs to the instruction.
    Instruction,
    /// Between `separate` and `end`: text is the displayed result.
    Result,
}

#[derive(Debug)]
struct Field {
    phase: Phase,
    instruction: String,
    hyperlink: bool,
}

/// The open complex fields of one story, innermost last. An explicit stack: nesting is input-controlled.
#[derive(Debug, Default)]
pub(super) struct FieldStack {
    open: Vec<Field>,
    /// How many open fields are still in their instruction phase.
    in_instruction: usize,
}

impl FieldStack {
    pub fn begin(&mut self) {
        self.open.push(Field {
            phase: Phase::Instruction,
            instruction: String::new(),
            hyperlink: false,
        });
        self.in_instruction += 1;
    }

    /// The innermost field's instruction is complete; returns it (trimmed) to be recorded.
    pub fn separate(&mut self) -> Option<String> {
        let field = self.open.last_mut()?;
        if field.phase != Phase::Instruction {
            return None;
        }
        field.phase = Phase::Result;
        self.in_instruction -= 1;
        let instruction = field.instruction.trim().to_string();
        field.hyperlink = instruction
            .split_whitespace()
            .next()
            .is_some_and(|word| word.eq_ignore_ascii_case("HYPERLINK"));
        Some(instruction)
    }

    /// Closes the innermost field; returns its instruction when it had no result part (not yet recorded).
    pub fn end(&mut self) -> Option<String> {
        let field = self.open.pop()?;
        if field.phase == Phase::Instruction {
            self.in_instruction -= 1;
            return Some(field.instruction.trim().to_string());
        }
        None
    }

    /// Whether text now belongs to some field's instruction rather than to the visible text.
    pub fn in_instruction(&self) -> bool {
        self.in_instruction > 0
    }

    /// Appends instruction text (`w:instrText`, or the result of a field nested in an instruction)
    /// to the innermost field still in its instruction phase. False when there is none.
    pub fn push_instruction(&mut self, text: &str) -> bool {
        match self
            .open
            .iter_mut()
            .rev()
            .find(|f| f.phase == Phase::Instruction)
        {
            Some(field) => {
                field.instruction.push_str(text);
                true
            }
            None => false,
        }
    }

    /// Whether visible text is a field result.
    pub fn in_result(&self) -> bool {
        !self.open.is_empty() && self.in_instruction == 0
    }

    /// Whether visible text is the result of a HYPERLINK field.
    pub fn in_hyperlink_result(&self) -> bool {
        self.in_result() && self.open.iter().any(|f| f.hyperlink)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_field_instruction_then_result() {
        let mut f = FieldStack::default();
        assert!(!f.in_result());
        f.begin();
        assert!(f.in_instruction());
        assert!(f.push_instruction(" DATE \\@ \"d\" "));
        assert_eq!(f.separate().as_deref(), Some("DATE \\@ \"d\""));
        assert!(f.in_result() && !f.in_instruction());
        assert_eq!(f.end(), None);
        assert!(!f.in_result());
    }

    #[test]
    fn nested_field_inside_an_instruction() {
        // { IF { REF x } = "a" "yes" "no" } → result "yes"
        let mut f = FieldStack::default();
        f.begin();
        f.push_instruction(" IF ");
        f.begin();
        f.push_instruction(" REF x ");
        assert_eq!(f.separate().as_deref(), Some("REF x"));
        // The inner result is part of the outer instruction, not visible text.
        assert!(f.in_instruction());
        assert!(f.push_instruction("a"));
        assert_eq!(f.end(), None);
        f.push_instruction(" = \"a\" \"yes\" \"no\"");
        assert_eq!(f.separate().as_deref(), Some("IF a = \"a\" \"yes\" \"no\""));
        assert!(f.in_result());
        assert_eq!(f.end(), None);
        assert!(!f.in_result() && !f.in_instruction());
    }

    #[test]
    fn field_without_result_and_stray_chars() {
        let mut f = FieldStack::default();
        assert_eq!(f.end(), None);
        assert_eq!(f.separate(), None);
        f.begin();
        f.push_instruction(" XE \"krav\" ");
        assert_eq!(f.end().as_deref(), Some("XE \"krav\""));
        assert!(!f.in_instruction());
        assert!(!f.push_instruction("x"));
    }

    #[test]
    fn hyperlink_fields_are_recognised() {
        let mut f = FieldStack::default();
        f.begin();
        f.push_instruction(" HYPERLINK \"https://x\" ");
        f.separate();
        assert!(f.in_hyperlink_result());
    }
}
