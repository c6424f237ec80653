//! Loading the rule set for a command (config, packs, as-of date), and `upplint test-packs`.

use super::EXIT_USAGE;
use super::check::LimitArgs;
use crate::check::RuleSet;
use crate::check::env::Env;
use crate::check::examples::run_all;
use crate::read::Limits;
use crate::rules::config::Config;
use crate::rules::diagnostic::{PackDiagnostic, PackErrors};
use crate::rules::{LoadOptions, load, load_pack_dir};
use chrono::NaiveDate;
use clap::Args;
use std::path::PathBuf;

/// Options every command that loads rules shares.
#[derive(Args, Debug, Clone, Default)]
pub struct RuleOptions {
    /// Config file to use instead of the nearest upplint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Use no upplint.toml at all.
    #[arg(long)]
    pub no_config: bool,
    /// Add a local pack folder (after the config's packs); repeatable.
    #[arg(long = "pack", value_name = "DIR")]
    pub packs: Vec<PathBuf>,
    /// The date whose limits and rules apply (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
}

pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date in the form YYYY-MM-DD"))
}

/// Loads config and packs and compiles them; `search_from` is where upplint.toml is looked for.
pub fn load_rules(
    options: &RuleOptions,
    search_from: Option<PathBuf>,
) -> Result<(RuleSet, Option<crate::rules::config::Config>), PackErrors> {
    compile_loaded(load_layers(options, search_from)?, options.as_of)
}

/// What a command that reads documents needs: the rule set, its config, and the limits (the config's
/// `[limits]`, overridden by the flags). Pack problems are printed; `Err` is the exit status.
pub fn load_rules_and_limits(
    options: &RuleOptions,
    search_from: Option<PathBuf>,
    limit_args: &LimitArgs,
) -> Result<(RuleSet, Option<Config>, Limits), u8> {
    let (rules, config) = load_rules(options, search_from).map_err(|errors| {
        report_pack_errors(&errors);
        EXIT_USAGE
    })?;
    let base_limits = config
        .as_ref()
        .and_then(|c| c.file.limits)
        .unwrap_or_default();
    Ok((rules, config, limit_args.apply(base_limits)))
}

fn load_layers(
    options: &RuleOptions,
    search_from: Option<PathBuf>,
) -> Result<crate::rules::Loaded, PackErrors> {
    load(&LoadOptions {
        config: options.config.clone(),
        search_from,
        extra_packs: options.packs.clone(),
        no_config: options.no_config,
    })
}

/// Switches on rules that ship disabled, so their examples are tested too.
fn enable_all(loaded: &mut crate::rules::Loaded) {
    for rule in &mut loaded.rules {
        if rule.level == crate::rules::format::Level::Off {
            rule.level = (*rule.raw.common.severity.get_ref()).into();
        }
    }
}

fn compile_loaded(
    loaded: crate::rules::Loaded,
    as_of: Option<NaiveDate>,
) -> Result<(RuleSet, Option<crate::rules::config::Config>), PackErrors> {
    let config_date = loaded
        .config
        .as_ref()
        .and_then(|c| c.file.as_of.as_ref())
        .and_then(|d| NaiveDate::parse_from_str(&d.to_string(), "%Y-%m-%d").ok());
    let as_of = as_of
        .or(config_date)
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let env = Env::from_layers(&loaded, as_of);
    let set = RuleSet::compile(&loaded, env)?;
    Ok((set, loaded.config))
}

/// Prints pack problems as diagnostics on stderr.
pub fn report_pack_errors(errors: &PackErrors) {
    let handler =
        miette::GraphicalReportHandler::new_themed(if crate::cli::check::stderr_color() {
            miette::GraphicalTheme::unicode()
        } else {
            miette::GraphicalTheme::unicode_nocolor()
        });
    for problem in &errors.problems {
        let mut out = String::new();
        let _ = handler.render_report(&mut out, problem);
        eprintln!("{out}");
    }
    eprintln!(
        "upplint: {} problem(s) in rule packs or configuration",
        errors.problems.len()
    );
}

#[derive(Args, Debug)]
pub struct TestPacksArgs {
    /// Pack folders to test (default: the embedded packs).
    pub dirs: Vec<PathBuf>,
    #[command(flatten)]
    pub rules: RuleOptions,
}

/// Runs every example; exit 0 all pass, 1 an example fails, 2 a pack cannot be loaded.
/// With `--config`, the examples run on that configuration's layers and data (its policy register):
/// a regional pack whose rules read each member's register is tested with a member's configuration.
pub fn test(args: TestPacksArgs) -> u8 {
    let loaded = if args.dirs.is_empty() {
        let options = RuleOptions {
            no_config: args.rules.config.is_none(),
            ..args.rules.clone()
        };
        load_layers(&options, None)
    } else {
        load_only(&args.dirs)
    };
    let set = loaded.and_then(|mut loaded| {
        enable_all(&mut loaded);
        compile_loaded(loaded, args.rules.as_of)
    });
    let set = match set {
        Ok((set, _)) => set,
        Err(errors) => {
            report_pack_errors(&errors);
            return super::EXIT_USAGE;
        }
    };
    let results = run_all(&set);
    let failed: Vec<_> = results.iter().filter(|r| !r.passed).collect();
    for result in &failed {
        let Some(rule) = set.rules.iter().find(|r| r.meta.id == result.rule) else {
            continue;
        };
        let problem = result.problem.clone().unwrap_or_default();
        let diag = PackDiagnostic::at(
            &rule.source,
            result.span.clone(),
            format!(
                "example {} of `{}` fails: {problem}",
                result.index + 1,
                result.rule
            ),
        )
        .with_label("exemplet");
        report_pack_errors(&PackErrors {
            problems: vec![diag],
        });
    }
    let rules_with_examples = set.rules.iter().filter(|r| !r.examples.is_empty()).count();
    println!(
        "{} passed, {} failed ({} examples of {} rules; {} rules without examples)",
        results.len() - failed.len(),
        failed.len(),
        results.len(),
        rules_with_examples,
        set.rules.len() - rules_with_examples
    );
    if failed.is_empty() {
        super::EXIT_OK
    } else {
        super::EXIT_FINDINGS
    }
}

/// Only the given pack folders, in order, with no embedded packs and no config.
fn load_only(dirs: &[PathBuf]) -> Result<crate::rules::Loaded, PackErrors> {
    let mut packs = Vec::new();
    let mut problems = Vec::new();
    for dir in dirs {
        match load_pack_dir(dir) {
            Ok(pack) => packs.push(pack),
            Err(mut e) => problems.append(&mut e),
        }
    }
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let rules = crate::rules::layer::resolve(&packs, &[])?;
    Ok(crate::rules::Loaded {
        packs,
        rules,
        config: None,
    })
}
