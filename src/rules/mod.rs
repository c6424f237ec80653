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
use rayon::prelude::*;
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
    let mut seen = Vec::new();
    let mut specs = Vec::new();
    for spec in pack_specs(config.as_ref()) {
        match listed_twice(&spec, config.as_ref(), &mut seen) {
            Some(problem) => problems.push(problem),
            None => specs.push(spec),
        }
    }
    // Each pack's TOML is parsed on its own thread (about a tenth of checking one small document).
    let (listed, extra) = rayon::join(
        || {
            specs
                .par_iter()
                .map(|spec| load_pack_spec(spec, config.as_ref()))
                .collect::<Vec<_>>()
        },
        || {
            options
                .extra_packs
                .par_iter()
                .map(|dir| load_pack_dir(dir))
                .collect::<Vec<_>>()
        },
    );
    let mut packs = Vec::new();
    for loaded in listed.into_iter().chain(extra) {
        match loaded {
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

/// What identifies a pack in a config's list: an embedded name, or a folder (by its real path, so
/// `./p`, `./p/` and a link to it are one pack).
fn pack_identity(spec: &PackSpec, config: Option<&Config>) -> String {
    if embedded::source(&spec.name).is_some() {
        return format!("embedded:{}", spec.name);
    }
    let dir = config.map_or_else(PathBuf::new, |c| c.dir.clone());
    match std::fs::canonicalize(dir.join(&spec.name)) {
        Ok(real) => format!("dir:{}", real.display()),
        Err(_) => format!("path:{}", spec.name),
    }
}

/// A pack a config lists twice is refused at its second mention (layering a pack over itself would
/// only redefine every rule). Packs include no other packs, so a list is all there is to loop over.
fn listed_twice(
    spec: &PackSpec,
    config: Option<&Config>,
    seen: &mut Vec<(String, String)>,
) -> Option<PackDiagnostic> {
    let identity = pack_identity(spec, config);
    if let Some((_, first)) = seen.iter().find(|(id, _)| *id == identity) {
        let message = format!(
            "the pack `{}` is already listed (as `{first}`); a pack is layered once",
            spec.name
        );
        return Some(match (config, &spec.span) {
            (Some(config), Some(span)) => PackDiagnostic::at(&config.source, span.clone(), message)
                .with_label("listat igen")
                .with_help("remove one of the two entries"),
            _ => PackDiagnostic::file(&spec.name, message),
        });
    }
    seen.push((identity, spec.name.clone()));
    None
}

fn load_pack_spec(spec: &PackSpec, config: Option<&Config>) -> Result<Pack, Vec<PackDiagnostic>> {
    if let Some(source) = embedded::source(&spec.name) {
        return load_pack(source, Origin::Embedded);
    }
    let looks_like_path =
        spec.name.contains('/') || spec.name.contains('\\') || spec.name.starts_with('.');
    if let (true, Some(config)) = (looks_like_path, config) {
        let dir = config.dir.join(&spec.name);
        // A config names pack folders only: a file named in a checked-out repository's config would
        // otherwise be read and quoted in the diagnostics (`packs = ["../../etc/passwd"]`).
        if !dir.is_dir() {
            let message = format!(
                "`{}` is not a pack folder (a folder holding pack.toml, relative to {})",
                spec.name, config.source.name
            );
            return Err(vec![match &spec.span {
                Some(span) => PackDiagnostic::at(&config.source, span.clone(), message)
                    .with_label("ingen paketmapp"),
                None => PackDiagnostic::file(&spec.name, message),
            }]);
        }
        return load_pack_dir(&dir);
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

/// Largest pack or config file read (packs are data: the largest real one is a few hundred KB).
pub const MAX_RULE_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Loads a pack folder (`DIR/pack.toml`), or a `pack.toml` file given directly (on the command line).
/// What is read must be, after following links, a regular file named `pack.toml` of at most
/// `MAX_RULE_FILE_BYTES`: never a device, a pipe, or another file reached through a link.
pub fn load_pack_dir(dir: &Path) -> Result<Pack, Vec<PackDiagnostic>> {
    let file = if dir.is_file() {
        dir.to_path_buf()
    } else {
        dir.join("pack.toml")
    };
    let name = file.display().to_string();
    let fail = |why: String| {
        vec![PackDiagnostic::file(
            &name,
            format!("cannot read pack {name}: {why}"),
        )]
    };
    let real = std::fs::canonicalize(&file).map_err(|e| fail(e.to_string()))?;
    if real.file_name().is_none_or(|n| n != "pack.toml") {
        return Err(fail(format!(
            "a pack file is called pack.toml, and this one leads to {}",
            real.display()
        )));
    }
    let text = read_rule_file(&real).map_err(fail)?;
    let folder = file.parent().map(Path::to_path_buf).unwrap_or_default();
    load_pack(SourceFile::new(name, text), Origin::Dir(folder))
}

/// Reads a pack or config file: a regular file, at most `MAX_RULE_FILE_BYTES`, UTF-8.
pub fn read_rule_file(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_RULE_FILE_BYTES {
        return Err(format!(
            "{} bytes, more than the {MAX_RULE_FILE_BYTES} a pack or config may have",
            meta.len()
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut text = String::new();
    file.take(MAX_RULE_FILE_BYTES)
        .read_to_string(&mut text)
        .map_err(|e| e.to_string())?;
    Ok(text)
}
