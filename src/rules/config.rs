//! `upplint.toml`: an organisation's or repository's layer — packs, severities, limits, policies, overrides.

use super::diagnostic::{PackDiagnostic, SourceFile};
use super::format::{LimitDef, PolicyDef};
use super::layer::{Adjustment, parse_adjustments};
use super::limit_defs;
use super::pack::deserialize;
use super::schema::{array_items, check_keys, fields_of, subtable};
use crate::finding::Severity;
use crate::read::Limits;
use serde::Deserialize;
use serde::de::IgnoredAny;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub const CONFIG_NAME: &str = "upplint.toml";

/// The typed part of `upplint.toml`; `[rules]` and `[[override]].rules` are read as adjustments.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ConfigFile {
    /// Packs in layer order: embedded packs by name, local packs by folder path (relative to this file).
    #[serde(default)]
    pub packs: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub fail_on: Option<Severity>,
    /// The date whose limits apply (YYYY-MM-DD); default today.
    #[serde(default)]
    pub as_of: Option<toml::value::Datetime>,
    /// Values any rule may read, e.g. `mall = true` in a template repository.
    #[serde(default)]
    pub params: toml::Table,
    #[serde(default)]
    pub rules: Option<IgnoredAny>,
    #[serde(default)]
    pub limit: Vec<LimitDef>,
    #[serde(default)]
    pub policy: Vec<PolicyDef>,
    #[serde(default, rename = "override")]
    pub overrides: Vec<OverrideDef>,
    #[serde(default)]
    pub ignore: Vec<IgnoreDef>,
    #[serde(default)]
    pub limits: Option<Limits>,
    #[serde(default)]
    pub package: Vec<PackageDef>,
    /// Prisbasbelopp per year, for limits given in pbb: `prisbasbelopp = { 2025 = 58800, 2026 = 59200 }`.
    #[serde(default)]
    pub prisbasbelopp: toml::Table,
}

/// `[[override]]`: settings for the files matching some globs (templates vs. drafts).
#[derive(Debug, Clone, Deserialize)]
pub struct OverrideDef {
    pub files: Vec<Spanned<String>>,
    #[serde(default)]
    pub rules: Option<IgnoredAny>,
    #[serde(default)]
    pub params: toml::Table,
}

/// `[[ignore]]`: a rule switched off for some files, with a reason and an optional expiry date.
#[derive(Debug, Clone, Deserialize)]
pub struct IgnoreDef {
    pub files: Vec<Spanned<String>>,
    pub rule: Spanned<String>,
    pub reason: Option<String>,
    #[serde(default)]
    pub until: Option<Spanned<toml::value::Datetime>>,
}

/// `[[package]]`: files that together make one tender package (compared with each other).
#[derive(Debug, Clone, Deserialize)]
pub struct PackageDef {
    pub name: String,
    pub files: Vec<String>,
}

/// A loaded config: its typed fields, its adjustments, and where it lives.
#[derive(Debug, Clone)]
pub struct Config {
    pub file: ConfigFile,
    pub adjustments: Vec<Adjustment>,
    /// Adjustments of each `[[override]]`, in the same order as `file.overrides`.
    pub override_adjustments: Vec<Vec<Adjustment>>,
    pub source: Arc<SourceFile>,
    pub dir: PathBuf,
}

/// Looks for `upplint.toml` in `start` (or its folder, for a file) and each parent folder.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(start).ok()?;
    let mut dir = if absolute.is_dir() {
        absolute
    } else {
        absolute.parent()?.to_path_buf()
    };
    loop {
        let candidate = dir.join(CONFIG_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if !dir.pop() {
            return None;
        }
    }
}

pub fn load_config(path: &Path) -> Result<Config, Vec<PackDiagnostic>> {
    let name = path.display().to_string();
    let text = super::read_rule_file(path).map_err(|e| {
        vec![PackDiagnostic::file(
            &name,
            format!("cannot read {name}: {e}"),
        )]
    })?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    parse_config(SourceFile::new(name, text), dir)
}

pub fn parse_config(source: Arc<SourceFile>, dir: PathBuf) -> Result<Config, Vec<PackDiagnostic>> {
    let root =
        DeTable::parse(source.text).map_err(|e| vec![PackDiagnostic::from_toml(&source, &e)])?;
    let mut problems = Vec::new();
    check_config_keys(&source, root.get_ref(), &mut problems);
    let adjustments = subtable(root.get_ref(), "rules")
        .map(|t| parse_adjustments(&source, t, &mut problems))
        .unwrap_or_default();
    let override_adjustments = subtable(root.get_ref(), "override")
        .map(|list| {
            array_items(list)
                .into_iter()
                .map(|item| match item.get_ref() {
                    DeValue::Table(t) => subtable(t, "rules")
                        .map(|r| parse_adjustments(&source, r, &mut problems))
                        .unwrap_or_default(),
                    _ => Vec::new(),
                })
                .collect()
        })
        .unwrap_or_default();
    let whole = Spanned::new(root.span(), DeValue::Table(root.get_ref().clone()));
    let file = deserialize::<ConfigFile>(&source, &whole, &mut problems);
    if let Some(file) = &file {
        limit_defs::validate_limits(&source, &file.limit, &mut problems);
    }
    limit_defs::read_prisbasbelopp(&source, root.get_ref(), &mut problems);
    match file {
        Some(file) if problems.is_empty() => Ok(Config {
            file,
            adjustments,
            override_adjustments,
            source,
            dir,
        }),
        _ => Err(problems),
    }
}

fn check_config_keys(
    source: &SourceFile,
    root: &DeTable<'static>,
    problems: &mut Vec<PackDiagnostic>,
) {
    check_keys(
        source,
        root,
        fields_of::<ConfigFile>(),
        CONFIG_NAME,
        problems,
    );
    let nested: [(&str, &[&str]); 6] = [
        ("limit", fields_of::<LimitDef>()),
        ("policy", fields_of::<PolicyDef>()),
        ("override", fields_of::<OverrideDef>()),
        ("ignore", fields_of::<IgnoreDef>()),
        ("package", fields_of::<PackageDef>()),
        ("limits", fields_of::<Limits>()),
    ];
    for (key, allowed) in nested {
        let Some(value) = subtable(root, key) else {
            continue;
        };
        let tables: Vec<&Spanned<DeValue<'static>>> = match value.get_ref() {
            DeValue::Array(_) => array_items(value),
            _ => vec![value],
        };
        for table in tables {
            if let DeValue::Table(t) = table.get_ref() {
                check_keys(source, t, allowed, &format!("[{key}]"), problems);
            }
        }
    }
}
