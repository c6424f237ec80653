//! Cells out of calamine's dense ranges (.xls, .ods, where calamine has no streaming reader). Range
//! positions are relative to `range.start()`; the blocks get absolute positions.

use super::builder::{CellBudget, SheetCells};
use super::value;
use crate::read::ReadError;
use calamine::{Data, Range};

/// Pushes every non-empty value cell (with its formula, if any) and every formula cell without a value.
pub(super) fn push_cells(
    values: &Range<Data>,
    formulas: &Range<String>,
    sheet: &mut SheetCells,
    budget: &mut CellBudget,
) -> Result<(), ReadError> {
    let value_start = values.start().unwrap_or((0, 0));
    for (row, col, data) in values.used_cells() {
        let Some(pos) = absolute(value_start, row, col) else {
            continue;
        };
        let formula = formulas.get_value(pos).and_then(|f| value::formula_text(f));
        sheet.push(budget, pos, value::from_data(data), formula)?;
    }
    let formula_start = formulas.start().unwrap_or((0, 0));
    for (row, col, formula) in formulas.used_cells() {
        let Some(pos) = absolute(formula_start, row, col) else {
            continue;
        };
        // The first loop already took every cell calamine gave a value (even an empty string).
        let seen = values
            .get_value(pos)
            .is_some_and(|data| *data != Data::Empty);
        if !seen {
            sheet.push(budget, pos, None, value::formula_text(formula))?;
        }
    }
    Ok(())
}

fn absolute(start: (u32, u32), row: usize, col: usize) -> Option<(u32, u32)> {
    let row = start.0.checked_add(u32::try_from(row).ok()?)?;
    let col = start.1.checked_add(u32::try_from(col).ok()?)?;
    Some((row, col))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CellValue;
    use crate::read::Limits;
    use crate::read::sheet::builder::WorkbookBuilder;
    use crate::read::sheet::lines::HiddenLines;
    use calamine::Cell;

    #[test]
    fn positions_are_absolute_and_formula_only_cells_kept() {
        let values = Range::from_sparse(vec![
            Cell::new((2, 1), Data::Float(199.5)),
            Cell::new((3, 3), Data::String("x".into())),
            Cell::new((4, 3), Data::String(String::new())),
        ]);
        let formulas = Range::from_sparse(vec![
            Cell::new((2, 1), "of:=[.C2]*[.D2]".to_string()),
            Cell::new((5, 2), "SUM(A1:A2)".to_string()),
            Cell::new((4, 3), "C2*D2".to_string()),
        ]);
        let mut builder = WorkbookBuilder::new("a.ods", &Limits::default());
        let mut sheet = builder.start_sheet("S", false, HiddenLines::default());
        push_cells(&values, &formulas, &mut sheet, &mut builder.budget).unwrap();
        builder.finish_sheet(sheet).unwrap();
        let doc = builder.finish();
        let refs: Vec<&str> = doc
            .blocks
            .iter()
            .filter_map(|b| b.location.cell.as_deref())
            .collect();
        assert_eq!(refs, ["B3", "D4", "D5", "C6"]);
        let b3 = doc.blocks[0].cell.as_ref().unwrap();
        assert_eq!(b3.value, CellValue::Number(199.5));
        assert_eq!(b3.formula.as_deref(), Some("[.C2]*[.D2]"));
        assert_eq!(doc.blocks[2].text, "");
        assert_eq!(doc.blocks[3].text, "");
    }
}
