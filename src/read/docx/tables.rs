//! Where the reader is in (possibly nested) tables: an explicit stack of row and grid-column positions.
//!
//! Columns are grid columns: a cell spanning two grid columns (`w:gridSpan="2"`) has the column
//! where it starts, and the next cell continues after the span. `w:gridBefore` shifts a row's first
//! cell. Vertically merged continuation cells (`w:vMerge`) keep their own row.

use crate::model::TablePos;

/// Largest `w:gridSpan`/`w:gridBefore` honoured (Word allows 63 columns).
const MAX_SPAN: u32 = 64;

#[derive(Debug, Clone, Copy)]
struct TableState {
    depth: usize,
    row: u32,
    /// Grid column (1-based) of the current cell.
    col: u32,
    /// Grid column the next cell of the row starts at.
    next_col: u32,
    /// Grid columns the current cell spans.
    span: u32,
}

#[derive(Debug, Default)]
pub(super) struct TableStack {
    open: Vec<TableState>,
}

impl TableStack {
    pub fn start_table(&mut self, depth: usize) {
        self.open.push(TableState {
            depth,
            row: 0,
            col: 0,
            next_col: 1,
            span: 1,
        });
    }

    pub fn end_table(&mut self, depth: usize) {
        if self.open.last().is_some_and(|t| t.depth == depth) {
            self.open.pop();
        }
    }

    pub fn start_row(&mut self) {
        if let Some(t) = self.open.last_mut() {
            t.row = t.row.saturating_add(1);
            t.col = 0;
            t.next_col = 1;
        }
    }

    pub fn grid_before(&mut self, columns: u32) {
        if let Some(t) = self.open.last_mut() {
            t.next_col = t.next_col.saturating_add(columns.min(MAX_SPAN));
        }
    }

    pub fn start_cell(&mut self) {
        if let Some(t) = self.open.last_mut() {
            t.col = t.next_col;
            t.span = 1;
        }
    }

    pub fn set_span(&mut self, columns: u32) {
        if let Some(t) = self.open.last_mut() {
            t.span = columns.clamp(1, MAX_SPAN);
        }
    }

    pub fn end_cell(&mut self) {
        if let Some(t) = self.open.last_mut() {
            t.next_col = t.col.saturating_add(t.span);
        }
    }

    /// The path of the current cell, outermost first, or None outside tables.
    pub fn path(&self) -> Option<Vec<TablePos>> {
        if self.open.is_empty() {
            return None;
        }
        Some(
            self.open
                .iter()
                .map(|t| TablePos {
                    row: t.row,
                    col: t.col,
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(row: u32, col: u32) -> TablePos {
        TablePos { row, col }
    }

    #[test]
    fn nested_paths_and_grid_spans() {
        let mut t = TableStack::default();
        assert_eq!(t.path(), None);
        t.start_table(3);
        t.start_row();
        t.start_cell();
        assert_eq!(t.path(), Some(vec![pos(1, 1)]));
        t.set_span(2);
        t.end_cell();
        t.start_cell();
        assert_eq!(t.path(), Some(vec![pos(1, 3)]));
        t.start_table(6);
        t.start_row();
        t.start_row();
        t.start_cell();
        t.end_cell();
        t.start_cell();
        assert_eq!(t.path(), Some(vec![pos(1, 3), pos(2, 2)]));
        t.end_table(6);
        t.end_cell();
        t.start_row();
        t.grid_before(1);
        t.start_cell();
        assert_eq!(t.path(), Some(vec![pos(2, 2)]));
        t.end_table(3);
        assert_eq!(t.path(), None);
    }
}
