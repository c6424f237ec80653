//! Number formats of list levels (`w:numFmt`): a counter value as the text Word shows for it.

/// The formats upplint renders; every other `w:numFmt` value reads as `Decimal`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum NumFormat {
    #[default]
    Decimal,
    /// `decimalZero`: 01, 02 … 09, 10.
    DecimalZero,
    UpperRoman,
    LowerRoman,
    UpperLetter,
    LowerLetter,
    /// A bullet: no number; the level's label is always "•" (its glyph depends on a symbol font).
    Bullet,
    /// `none`: the level shows no number (its literal text may remain).
    None,
}

/// Letters repeat once per round of the alphabet (a … z, aa … zz, aaa …); past this many repeats
/// (a counter of 260 or more) the number is shown in decimal rather than as a run of letters.
const MAX_LETTER_REPEATS: u32 = 10;
/// Roman numerals above this are shown in decimal.
const MAX_ROMAN: u32 = 3999;

impl NumFormat {
    /// The format named by a `w:numFmt/@w:val` (ST_NumberFormat); unknown names read as decimal.
    pub fn parse(name: &str) -> NumFormat {
        match name {
            "decimalZero" => NumFormat::DecimalZero,
            "upperRoman" => NumFormat::UpperRoman,
            "lowerRoman" => NumFormat::LowerRoman,
            "upperLetter" => NumFormat::UpperLetter,
            "lowerLetter" => NumFormat::LowerLetter,
            "bullet" => NumFormat::Bullet,
            "none" => NumFormat::None,
            _ => NumFormat::Decimal,
        }
    }

    /// Appends `value` in this format to `out`. Bullets and `none` append nothing: they have no number.
    pub fn push(self, value: u32, out: &mut String) {
        match self {
            NumFormat::Decimal => out.push_str(&value.to_string()),
            NumFormat::DecimalZero => out.push_str(&format!("{value:02}")),
            NumFormat::UpperRoman => push_roman(value, true, out),
            NumFormat::LowerRoman => push_roman(value, false, out),
            NumFormat::UpperLetter => push_letters(value, true, out),
            NumFormat::LowerLetter => push_letters(value, false, out),
            NumFormat::Bullet | NumFormat::None => {}
        }
    }
}

/// a … z, aa … zz, aaa …; 0 and values needing over `MAX_LETTER_REPEATS` letters in decimal.
fn push_letters(value: u32, upper: bool, out: &mut String) {
    let Some(index) = value.checked_sub(1) else {
        out.push('0');
        return;
    };
    let repeats = index / 26 + 1;
    if repeats > MAX_LETTER_REPEATS {
        out.push_str(&value.to_string());
        return;
    }
    let base = if upper { b'A' } else { b'a' };
    // `index % 26` is below 26, so the sum stays within the ASCII letters.
    let letter = char::from(base + (index % 26) as u8);
    for _ in 0..repeats {
        out.push(letter);
    }
}

/// I … MMMCMXCIX; 0 and values above `MAX_ROMAN` in decimal.
fn push_roman(value: u32, upper: bool, out: &mut String) {
    if value == 0 || value > MAX_ROMAN {
        out.push_str(&value.to_string());
        return;
    }
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut rest = value;
    for (amount, numeral) in NUMERALS {
        while rest >= amount {
            if upper {
                out.push_str(&numeral.to_ascii_uppercase());
            } else {
                out.push_str(numeral);
            }
            rest -= amount;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(format: NumFormat, value: u32) -> String {
        let mut out = String::new();
        format.push(value, &mut out);
        out
    }

    #[test]
    fn formats_name_their_numbers() {
        assert_eq!(shown(NumFormat::Decimal, 12), "12");
        assert_eq!(shown(NumFormat::DecimalZero, 7), "07");
        assert_eq!(shown(NumFormat::DecimalZero, 12), "12");
        assert_eq!(shown(NumFormat::LowerLetter, 1), "a");
        assert_eq!(shown(NumFormat::LowerLetter, 26), "z");
        assert_eq!(shown(NumFormat::LowerLetter, 27), "aa");
        assert_eq!(shown(NumFormat::UpperLetter, 54), "BBB");
        assert_eq!(shown(NumFormat::UpperRoman, 1994), "MCMXCIV");
        assert_eq!(shown(NumFormat::LowerRoman, 4), "iv");
        assert_eq!(shown(NumFormat::Bullet, 3), "");
        assert_eq!(shown(NumFormat::None, 3), "");
    }

    #[test]
    fn out_of_range_values_fall_back_to_decimal() {
        assert_eq!(shown(NumFormat::LowerLetter, 0), "0");
        assert_eq!(
            shown(NumFormat::LowerLetter, u32::MAX),
            u32::MAX.to_string()
        );
        assert_eq!(shown(NumFormat::LowerLetter, 260), "zzzzzzzzzz");
        assert_eq!(shown(NumFormat::LowerLetter, 261), "261");
        assert_eq!(shown(NumFormat::UpperRoman, 0), "0");
        assert_eq!(shown(NumFormat::UpperRoman, 4000), "4000");
        assert_eq!(shown(NumFormat::UpperRoman, 3999), "MMMCMXCIX");
    }

    #[test]
    fn unknown_names_read_as_decimal() {
        assert_eq!(NumFormat::parse("ordinal"), NumFormat::Decimal);
        assert_eq!(NumFormat::parse("chineseCounting"), NumFormat::Decimal);
        assert_eq!(NumFormat::parse(""), NumFormat::Decimal);
        assert_eq!(NumFormat::parse("lowerRoman"), NumFormat::LowerRoman);
    }
}
