//! Rule packs: the declarative TOML format, loading embedded and local packs, and layering them with config.

pub mod config;
pub mod diagnostic;
pub mod embedded;
pub mod format;
pub mod layer;
pub mod limit_defs;
pub mod pack;
pub mod schema;

use config::{Config, find_config, load_config};
use diagnostic::{PackDiagnostic, PackErrors, SourceFile};
use layer::ResolvedRule;
use pack::{Origin, Pack, load_pack};
use std::path::{Path, PathBuf};

/// Where to find packs and config for a run.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// An explicit config file (`--config`); otherwise `upplint.toml` is looked for upward from `search_from`.
    pub config: Option<PathBuf>,
    pub search_from: Option<PathBuf>,
    /// Packs added on the command line (`--pack DIR`), layered after the config's packs.
    pub extra_packs: Vec<PathBuf>,
    /// Ignore any `upplint.toml` (`--no-config`).
    pub no_config: bool,
}

/// Everything loaded for a run, before compiling: the packs in layer order, the resolved rules, the config.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub packs: Vec<Pack>,
    pub rules: Vec<ResolvedRule>,
    pub config: Option<Config>,
}

/// Loads config and packs and resolves the layers; every problem is collected into one error.
pub fn load(options: &LoadOptions) -> Result<Loaded, PackErrors> {
    let config = load_config_for(options)?;
    let mut problems = Vec::new();
    let mut packs = Vec::new();
    for spec in pack_specs(config.as_ref()) {
        match load_pack_spec(&spec, config.as_ref()) {
            Ok(pack) => packs.push(pack),
            Err(mut errs) => problems.append(&mut errs),
        }
    }
    for dir in &options.extra_packs {
        match load_pack_dir(dir) {
            Ok(pack) => packs.push(pack),
            Err(mut errs) => problems.append(&mut errs),
        }
    }
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let adjustments = config
        .as_ref()
        .map(|c| c.adjustments.as_slice())
        .unwrap_or(&[]);
    let rules = layer::resolve(&packs, adjustments)?;
    Ok(Loaded {
        packs,
        rules,
        config,
    })
}

fn load_config_for(options: &LoadOptions) -> Result<Option<Config>, PackErrors> {
    if options.no_config {
        return Ok(None);
    }
    let path = match &options.config {
        Some(path) => Some(path.clone()),
        None => options.search_from.as_deref().and_then(find_config),
    };
    match path {
        Some(path) => Ok(Some(load_config(&path)?)),
        None => Ok(None),
    }
}

/// A pack named in config (embedded name or folder), with its span for errors.
struct PackSpec {
    name: String,
    span: Option<std::ops::Range<usize>>,
}

fn pack_specs(config: Option<&Config>) -> Vec<PackSpec> {
    match config.and_then(|c| c.file.packs.as_ref()) {
        Some(list) => list
            .iter()
            .map(|p| PackSpec {
                name: p.get_ref().clone(),
                span: Some(p.span()),
            })
            .collect(),
        None => embedded::names()
            .into_iter()
            .map(|n| PackSpec {
                name: n.to_string(),
                span: None,
            })
            .collect(),
    }
}

fn load_pack_spec(spec: &PackSpec, config: Option<&Config>) -> Result<Pack, Vec<PackDiagnostic>> {
    if let Some(source) = embedded::source(&spec.name) {
        return load_pack(source, Origin::Embedded);
    }
    let looks_like_path =
        spec.name.contains('/') || spec.name.contains('\\') || spec.name.starts_with('.');
    if let (true, Some(config)) = (looks_like_path, config) {
        return load_pack_dir(&config.dir.join(&spec.name));
    }
    let message = format!(
        "no embedded pack `{}` (embedded: {}); write a local pack as a path, e.g. \"./{}\"",
        spec.name,
        embedded::names().join(", "),
        spec.name
    );
    Err(vec![match (config, &spec.span) {
        (Some(config), Some(span)) => {
            PackDiagnostic::at(&config.source, span.clone(), message).with_label("okänt regelpaket")
        }
        _ => PackDiagnostic::file(&spec.name, message),
    }])
}

/// Loads a pack folder (`DIR/pack.toml`), or a `pack.toml` file given directly.
pub fn load_pack_dir(dir: &Path) -> Result<Pack, Vec<PackDiagnostic>> {
    let file = if dir.is_file() {
        dir.to_path_buf()
    } else {
        dir.join("pack.toml")
    };
    let name = file.display().to_string();
    let text = std::fs::read_to_string(&file).map_err(|e| {
        vec![PackDiagnostic::file(
            &name,
            format!("cannot read pack {name}: {e}"),
        )]
    })?;
    let folder = file.parent().map(Path::to_path_buf).unwrap_or_default();
    load_pack(SourceFile::new(name, text), Origin::Dir(folder))
}
