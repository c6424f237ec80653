//! Sets of hidden rows or columns, kept as merged ranges so a hidden block of a million rows costs one entry.

/// 0-based indices, stored as sorted, merged, inclusive ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct LineSet {
    ranges: Vec<(u32, u32)>,
}

impl LineSet {
    /// Builds the set from inclusive ranges in any order; overlapping and touching ranges are merged.
    pub fn from_ranges(mut ranges: Vec<(u32, u32)>) -> LineSet {
        ranges.retain(|&(first, last)| first <= last);
        ranges.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (first, last) in ranges {
            match merged.last_mut() {
                Some(previous) if first <= previous.1.saturating_add(1) => {
                    previous.1 = previous.1.max(last);
                }
                _ => merged.push((first, last)),
            }
        }
        LineSet { ranges: merged }
    }

    pub fn contains(&self, index: u32) -> bool {
        let at = self.ranges.partition_point(|&(_, last)| last < index);
        self.ranges
            .get(at)
            .is_some_and(|&(first, _)| first <= index)
    }
}

/// The hidden rows and columns of one sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct HiddenLines {
    pub rows: LineSet,
    pub cols: LineSet,
}

/// Collects hidden ranges while a sheet is scanned, then freezes them into a `HiddenLines`.
#[derive(Debug, Default)]
pub(super) struct HiddenLinesCollector {
    rows: Vec<(u32, u32)>,
    cols: Vec<(u32, u32)>,
}

impl HiddenLinesCollector {
    /// Records `count` hidden rows starting at `first` (0-based); counts of 0 record nothing.
    pub fn hide_rows(&mut self, first: u32, count: u64) {
        if let Some(range) = span(first, count) {
            self.rows.push(range);
        }
    }

    pub fn hide_cols(&mut self, first: u32, count: u64) {
        if let Some(range) = span(first, count) {
            self.cols.push(range);
        }
    }

    pub fn finish(self) -> HiddenLines {
        HiddenLines {
            rows: LineSet::from_ranges(self.rows),
            cols: LineSet::from_ranges(self.cols),
        }
    }
}

/// The inclusive range of `count` indices from `first`, clamped to u32.
fn span(first: u32, count: u64) -> Option<(u32, u32)> {
    let last = u64::from(first).saturating_add(count.checked_sub(1)?);
    Some((first, u32::try_from(last).unwrap_or(u32::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_and_finds_ranges() {
        let set = LineSet::from_ranges(vec![(10, 12), (0, 0), (13, 20), (5, 3), (30, 30)]);
        assert!(set.contains(0));
        assert!(!set.contains(1));
        assert!(set.contains(10) && set.contains(16) && set.contains(20));
        assert!(!set.contains(21));
        assert!(set.contains(30));
        assert!(!set.contains(u32::MAX));
        assert_eq!(set.ranges, vec![(0, 0), (10, 20), (30, 30)]);
    }

    #[test]
    fn collector_clamps_huge_counts() {
        let mut lines = HiddenLinesCollector::default();
        lines.hide_rows(5, u64::MAX);
        lines.hide_cols(2, 0);
        let hidden = lines.finish();
        assert!(hidden.rows.contains(u32::MAX));
        assert!(!hidden.rows.contains(4));
        assert_eq!(hidden.cols, LineSet::default());
    }
}
