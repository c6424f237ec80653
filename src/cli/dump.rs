//! `upplint dump FILE`: what upplint sees in a file, as JSON — for understanding a finding and for tests.
//! Besides the document model it lists the facts the packs in force find (`facts`).

use super::check::LimitArgs;
use super::output::{emit, overwritten_input};
use super::packs::{RuleOptions, load_rules_and_limits};
use super::{EXIT_OK, EXIT_USAGE};
use crate::check::facts::Fact;
use crate::model::Document;
use crate::read::read_path;
use clap::Args;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct DumpArgs {
    pub file: PathBuf,
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub rules: RuleOptions,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// The document model and the facts found in it.
#[derive(Serialize)]
struct Dump<'a> {
    #[serde(flatten)]
    document: &'a Document,
    facts: Vec<Fact>,
}

pub fn run(args: DumpArgs) -> u8 {
    if let Some(output) = &args.output
        && overwritten_input(output, args.file.to_str()).is_some()
    {
        eprintln!(
            "upplint: refusing to write the dump over the input file {}",
            args.file.display()
        );
        return EXIT_USAGE;
    }
    let (rules, _, limits) =
        match load_rules_and_limits(&args.rules, Some(args.file.clone()), &args.limits) {
            Ok(loaded) => loaded,
            Err(status) => return status,
        };
    match read_path(&args.file, &limits) {
        Ok(doc) => {
            let facts = rules.facts_of(&doc).items;
            let dump = Dump {
                document: &doc,
                facts,
            };
            let mut text = serde_json::to_string_pretty(&dump).unwrap_or_default();
            text.push('\n');
            match emit(&text, args.output.as_deref()) {
                Ok(()) => EXIT_OK,
                Err(status) => status,
            }
        }
        Err(error) => {
            eprintln!("upplint: {}: {error}", args.file.display());
            EXIT_USAGE
        }
    }
}
