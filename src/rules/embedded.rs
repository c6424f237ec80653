//! The default packs, embedded in the binary so `upplint check` works with no configuration.

use super::diagnostic::SourceFile;
use std::sync::Arc;

/// Embedded packs in their default layer order: (name, pack.toml text).
pub const EMBEDDED: &[(&str, &str)] = &[
    ("lou", include_str!("../../rules/lou/pack.toml")),
    (
        "hallbarhet",
        include_str!("../../rules/hallbarhet/pack.toml"),
    ),
    ("klarsprak", include_str!("../../rules/klarsprak/pack.toml")),
    (
        "publicering",
        include_str!("../../rules/publicering/pack.toml"),
    ),
    (
        "samstammighet",
        include_str!("../../rules/samstammighet/pack.toml"),
    ),
];

/// The names of the embedded packs, in order.
pub fn names() -> Vec<&'static str> {
    EMBEDDED.iter().map(|(name, _)| *name).collect()
}

/// The source of an embedded pack by name.
pub fn source(name: &str) -> Option<Arc<SourceFile>> {
    EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, text)| SourceFile::embedded(format!("<inbyggt>/{n}/pack.toml"), text))
}
