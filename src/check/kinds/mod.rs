//! The rule kinds: each in its own module behind the `Check` trait, registered here by name.

mod consistency;
mod hygiene;
mod pattern;
mod policy;
pub mod readability;
mod required;
mod sheet_aggregate;
mod sheet_row;
mod stale_value;
mod substitution;
mod threshold;

pub use required::register_all;

use super::{Check, CompileCtx, RuleMeta};
use toml::Spanned;
use toml::de::DeValue;

/// Compiles one rule of a kind from its (layered) table.
pub type CompileFn =
    fn(&RuleMeta, &Spanned<DeValue<'static>>, &mut CompileCtx<'_>) -> Option<Box<dyn Check>>;

/// How a kind is known to packs: its name, its own fields, the message placeholders it fills, its compiler.
pub struct KindSpec {
    pub name: &'static str,
    /// The kind's own fields (besides the common rule fields), read off its params struct.
    pub fields: fn() -> &'static [&'static str],
    /// Placeholders besides `{match}` that its findings fill.
    pub vars: &'static [&'static str],
    pub compile: CompileFn,
    /// One line for `upplint explain` and the README.
    pub summary: &'static str,
}

/// Every kind, in the order `upplint rules` documents them.
pub static KINDS: &[KindSpec] = &[
    pattern::SPEC,
    substitution::SPEC,
    required::SPEC,
    policy::SPEC,
    readability::SPEC,
    hygiene::SPEC,
    threshold::SPEC,
    stale_value::SPEC,
    sheet_row::SPEC,
    sheet_aggregate::SPEC,
    consistency::SPEC,
];

pub fn spec(name: &str) -> Option<&'static KindSpec> {
    KINDS.iter().find(|k| k.name == name)
}

pub fn names() -> Vec<&'static str> {
    KINDS.iter().map(|k| k.name).collect()
}
