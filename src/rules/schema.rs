//! Which keys a TOML table may hold — read off the serde structs themselves — and did-you-mean help.

use super::diagnostic::{PackDiagnostic, SourceFile};
use serde::Deserialize;
use serde::de::{self, Visitor};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The field names a `Deserialize` struct accepts, as serde passes them to `deserialize_struct`.
pub fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut found: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldProbe { found: &mut found });
    found
}

struct FieldProbe<'a> {
    found: &'a mut &'static [&'static str],
}

#[derive(Debug)]
struct ProbeDone;

impl std::fmt::Display for ProbeDone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("field probe")
    }
}

impl std::error::Error for ProbeDone {}

impl de::Error for ProbeDone {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        ProbeDone
    }
}

impl<'de> de::Deserializer<'de> for FieldProbe<'_> {
    type Error = ProbeDone;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, ProbeDone> {
        Err(ProbeDone)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, ProbeDone> {
        *self.found = fields;
        Err(ProbeDone)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// The closest known name to an unknown key, when it is close enough to be a typo.
pub fn closest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(unknown, k), k))
        .filter(|(distance, k)| *distance <= 2.max(k.len() / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

/// Reports every key of `table` not in `allowed`, with the closest valid name.
pub fn check_keys(
    source: &SourceFile,
    table: &DeTable<'_>,
    allowed: &[&str],
    what: &str,
    out: &mut Vec<PackDiagnostic>,
) {
    for key in table.keys() {
        let name = key.get_ref().as_ref();
        if allowed.contains(&name) {
            continue;
        }
        let mut diag = PackDiagnostic::at(
            source,
            key.span(),
            format!("unknown field `{name}` in {what}"),
        )
        .with_label("okänt fält");
        diag = match closest(name, allowed.iter().copied()) {
            Some(best) => diag.with_help(format!("did you mean `{best}`?")),
            None => diag.with_help(format!("valid fields: {}", allowed.join(", "))),
        };
        out.push(diag);
    }
}

/// The table under `key`, when the value is a table.
pub fn subtable<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref() == key)
        .map(|(_, v)| v)
}

/// Items of an array of tables (`[[rule]]`), each with its span.
pub fn array_items<'a, 'i>(value: &'a Spanned<DeValue<'i>>) -> Vec<&'a Spanned<DeValue<'i>>> {
    match value.get_ref() {
        DeValue::Array(items) => items.iter().collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Sample {
        alpha: u8,
        #[serde(default)]
        beta_gamma: Option<String>,
    }

    #[test]
    fn reads_field_names_from_serde() {
        assert_eq!(fields_of::<Sample>(), &["alpha", "beta_gamma"]);
    }

    #[test]
    fn suggests_close_names_only() {
        let known = ["severity", "message", "pattern"];
        assert_eq!(closest("severty", known), Some("severity"));
        assert_eq!(closest("mesage", known), Some("message"));
        assert_eq!(closest("zzz", known), None);
    }
}
