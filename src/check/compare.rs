//! Comparing a stated amount with a limit: which end of a range, a boundary or a value, VAT.
//!
//! # What a comparison means
//! A rule says `compare = "above"` (the default), `"at-or-above"`, `"below"` or `"at-or-below"`, and
//! reports an amount that lies on that side of the limit.
//!
//! * **Which figure**: the high end of a range for `above`/`at-or-above` (`400 000–800 000 kr` reaches
//!   above 700 000 kr), the low end for `below`/`at-or-below`.
//! * **Values and boundaries**: an amount with `högst`, `upp till`, `under`, `minst`, `över`,
//!   `överstiger` … states a *boundary* (of a condition or an allowance), a bare amount or one with
//!   `ca` states a *value*. A boundary is compared strictly on both `above` and `at-or-above`: in a
//!   sentence about direct awards "högst 700 000 kr" and "över 700 000 kr" both restate the 700 000 kr
//!   limit and are fine, while "upp till 800 000 kr" and "överstiger 800 000 kr" both move it. A value
//!   equal to the limit counts for `at-or-above` (a contract worth exactly the EU threshold is at it).
//! * **VAT**: limits exclude VAT. An amount stated including VAT is on the wrong side only if it is so
//!   for every VAT rate from 0 to 25 %: for `above` it is divided by 1.25 first, for `below` it is taken
//!   as written.
//! * Amounts are compared to the öre; currencies are never converted (see `check::limits`).

use crate::text::amount::{Amount, Qualifier, Vat};
use serde::Deserialize;

/// The highest Swedish VAT rate; an amount including VAT is at least its value divided by this.
const MAX_VAT_FACTOR: f64 = 1.25;

/// On which side of the limit a rule reports an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Compare {
    #[default]
    Above,
    AtOrAbove,
    Below,
    AtOrBelow,
}

/// A stated amount as far as a comparison needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stated {
    pub low: f64,
    pub high: f64,
    /// Stated with `högst`, `minst`, `över` …: the edge of a condition rather than a value.
    pub boundary: bool,
    pub vat_included: bool,
}

impl Stated {
    pub fn of(amount: &Amount) -> Stated {
        Stated {
            low: amount.value,
            high: amount.range_to.unwrap_or(amount.value),
            boundary: matches!(
                amount.qualifier,
                Some(Qualifier::AtMost | Qualifier::AtLeast | Qualifier::Exceeds)
            ),
            vat_included: amount.vat == Some(Vat::Included),
        }
    }

    /// A plain number (a numeric spreadsheet cell).
    pub fn value(value: f64) -> Stated {
        Stated {
            low: value,
            high: value,
            boundary: false,
            vat_included: false,
        }
    }
}

impl Compare {
    /// Whether `stated` lies on this side of `limit`.
    pub fn holds(self, stated: &Stated, limit: f64) -> bool {
        let limit = cents(limit);
        match self {
            Compare::Above | Compare::AtOrAbove => {
                let high = if stated.vat_included {
                    stated.high / MAX_VAT_FACTOR
                } else {
                    stated.high
                };
                let high = cents(high);
                let inclusive = self == Compare::AtOrAbove && !stated.boundary;
                high > limit || (inclusive && high == limit)
            }
            Compare::Below | Compare::AtOrBelow => {
                let low = cents(stated.low);
                let inclusive = self == Compare::AtOrBelow && !stated.boundary;
                low < limit || (inclusive && low == limit)
            }
        }
    }

    /// The side in Swedish, for messages: `över`, `på eller över`, `under`, `på eller under`.
    pub fn swedish(self) -> &'static str {
        match self {
            Compare::Above => "över",
            Compare::AtOrAbove => "på eller över",
            Compare::Below => "under",
            Compare::AtOrBelow => "på eller under",
        }
    }
}

/// Whole öre, so that 700 000,00 and 700 000 compare equal.
fn cents(value: f64) -> i64 {
    (value * 100.0).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::amount::find_amounts;

    fn stated(text: &str) -> Stated {
        Stated::of(&find_amounts(text)[0])
    }

    #[test]
    fn values_and_boundaries_against_700_000() {
        let limit = 700_000.0;
        let above = |t: &str| Compare::Above.holds(&stated(t), limit);
        let at_or_above = |t: &str| Compare::AtOrAbove.holds(&stated(t), limit);
        assert!(above("värdet är 850 000 kr"));
        assert!(above("ca 850 000 kr"));
        assert!(!above("värdet är 700 000 kr"));
        assert!(at_or_above("värdet är 700 000 kr"));
        assert!(!above("högst 700 000 kr") && !at_or_above("högst 700 000 kr"));
        assert!(!above("över 700 000 kr") && !at_or_above("över 700 000 kr"));
        assert!(above("upp till 800 000 kr"));
        assert!(above("om värdet överstiger 800 000 kr"));
        assert!(above("400 000–800 000 kr"));
        assert!(!above("400 000–600 000 kr"));
    }

    #[test]
    fn vat_included_counts_only_when_sure() {
        let limit = 700_000.0;
        assert!(!Compare::Above.holds(&stated("800 000 kr inkl. moms"), limit));
        assert!(Compare::Above.holds(&stated("900 000 kr inkl. moms"), limit));
        assert!(Compare::Below.holds(&stated("600 000 kr inkl. moms"), limit));
        assert!(!Compare::Below.holds(&stated("800 000 kr inkl. moms"), limit));
    }

    #[test]
    fn below_uses_the_low_end() {
        let limit = 100_000.0;
        assert!(Compare::Below.holds(&stated("50 000–150 000 kr"), limit));
        assert!(!Compare::Below.holds(&stated("100 000 kr"), limit));
        assert!(Compare::AtOrBelow.holds(&stated("100 000 kr"), limit));
        assert!(!Compare::AtOrBelow.holds(&stated("minst 100 000 kr"), limit));
        assert!(Compare::Below.holds(&Stated::value(99_999.5), limit));
    }
}
