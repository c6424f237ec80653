//! Case folding that keeps byte offsets valid, for case-insensitive matching of word lists on Swedish text.
//!
//! A character is lower-cased only when its lower case is a single character of the same UTF-8
//! length (Å→å, Ä→ä, Ö→ö, É→é, A→a). Characters whose lower case is longer, shorter or several
//! characters (the Kelvin sign, `İ`, `ẞ`) are kept as they are, so that every byte offset found in
//! the folded text is the same offset in the original.

use std::borrow::Cow;

/// Lower-cases `text` wherever that keeps the byte length of each character; borrows when nothing changes.
pub fn fold_case(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return fold_ascii(text);
    }
    match text.char_indices().find(|&(_, c)| fold_char(c) != c) {
        None => Cow::Borrowed(text),
        Some((first_change, _)) => {
            let mut folded = String::with_capacity(text.len());
            folded.push_str(text.get(..first_change).unwrap_or_default());
            let rest = text.get(first_change..).unwrap_or_default();
            folded.extend(rest.chars().map(fold_char));
            Cow::Owned(folded)
        }
    }
}

fn fold_ascii(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// The lower case of `c` when it is one character of the same UTF-8 length, else `c` itself.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_lowercase_is_borrowed() {
        assert!(matches!(
            fold_case("skall krav"),
            Cow::Borrowed("skall krav")
        ));
    }

    #[test]
    fn lowercase_swedish_is_borrowed() {
        assert!(matches!(fold_case("åäö är små"), Cow::Borrowed(_)));
    }

    #[test]
    fn ascii_uppercase_is_folded() {
        assert_eq!(fold_case("SKALL Krav"), "skall krav");
    }

    #[test]
    fn swedish_capitals_are_folded() {
        assert_eq!(
            fold_case("ÅTERKALLA ÄNDRA ÖVERSTIGER"),
            "återkalla ändra överstiger"
        );
        assert_eq!(fold_case("Éloge"), "éloge");
    }

    #[test]
    fn characters_whose_lowercase_changes_length_are_kept() {
        // U+212A KELVIN SIGN (3 bytes) lower-cases to ASCII 'k' (1 byte).
        assert_eq!(fold_case("\u{212A}Ö"), "\u{212A}ö");
        // U+0130 'İ' lower-cases to two characters.
        assert_eq!(fold_case("İA"), "İa");
        // U+1E9E 'ẞ' (3 bytes) lower-cases to 'ß' (2 bytes).
        assert_eq!(fold_case("ẞX"), "ẞx");
    }

    #[test]
    fn byte_length_is_kept() {
        for text in [
            "ÅÄÖ",
            "Straße ẞ",
            "\u{212A}elvin",
            "ΣΑΣ",
            "Ǆ",
            "mixed ÅäÖ 12 §",
        ] {
            let folded = fold_case(text);
            assert_eq!(folded.len(), text.len(), "{text}");
            for (i, _) in text.char_indices() {
                assert!(folded.is_char_boundary(i), "{text} at {i}");
            }
        }
    }

    #[test]
    fn empty_text() {
        assert_eq!(fold_case(""), "");
    }
}
