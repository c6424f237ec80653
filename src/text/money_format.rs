//! Writing amounts the Swedish way in messages: `700 000 kr`, `216 000 euro`, `42,50 kr`.

use super::amount::Currency;

/// `700 000 kr` / `216 000 euro`; whole amounts without decimals, others with two (decimal comma).
pub fn format_money(value: f64, currency: Currency) -> String {
    format!("{} {}", format_number(value), currency_word(currency))
}

/// The word for a currency after an amount.
pub fn currency_word(currency: Currency) -> &'static str {
    match currency {
        Currency::Sek => "kr",
        Currency::Eur => "euro",
    }
}

/// A number with space-grouped thousands and a decimal comma: `1 200 000`, `42,50`, `0,5`.
pub fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let rounded = (value * 100.0).round() / 100.0;
    let whole = rounded.trunc();
    let fraction = (rounded - whole).abs();
    let mut text = group_thousands(whole.abs() as u128);
    if rounded < 0.0 {
        text.insert(0, '-');
    }
    if fraction >= 0.005 {
        let cents = (fraction * 100.0).round() as u32;
        text.push_str(&format!(",{cents:02}"));
    }
    text
}

/// A count with as few decimals as it needs: `0,5`, `3`, `1,25`.
pub fn format_count(value: f64) -> String {
    let text = format_number(value);
    match text.split_once(',') {
        Some((whole, decimals)) => {
            let decimals = decimals.trim_end_matches('0');
            if decimals.is_empty() {
                whole.to_string()
            } else {
                format!("{whole},{decimals}")
            }
        }
        None => text,
    }
}

fn group_thousands(value: u128) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_number_style() {
        assert_eq!(format_money(700_000.0, Currency::Sek), "700 000 kr");
        assert_eq!(format_money(1_142_723.0, Currency::Sek), "1 142 723 kr");
        assert_eq!(format_money(216_000.0, Currency::Eur), "216 000 euro");
        assert_eq!(format_number(42.5), "42,50");
        assert_eq!(format_number(0.5), "0,50");
        assert_eq!(format_count(0.5), "0,5");
        assert_eq!(format_count(3.0), "3");
        assert_eq!(format_number(999.0), "999");
        assert_eq!(format_number(-1500.0), "-1 500");
        assert_eq!(format_number(29_600.0), "29 600");
    }
}
