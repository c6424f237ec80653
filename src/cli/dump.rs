//! `upplint dump FILE`: what upplint sees in a file, as JSON — for understanding a finding and for tests.
//! Besides the document model it lists the facts the packs in force find (`facts`).

use super::output::emit;
use super::packs::{RuleOptions, load_rules, report_pack_errors};
use super::{EXIT_OK, EXIT_USAGE};
use crate::check::facts::Fact;
use crate::model::Document;
use crate::read::{Limits, read_path};
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
}

/// The document model and the facts found in it.
#[derive(Serialize)]
struct Dump<'a> {
    #[serde(flatten)]
    document: &'a Document,
    facts: Vec<Fact>,
}

pub fn run(args: DumpArgs) -> u8 {
    let rules = match load_rules(&args.rules, Some(args.file.clone())) {
        Ok((rules, _)) => rules,
        Err(errors) => {
            report_pack_errors(&errors);
            return EXIT_USAGE;
        }
    };
    match read_path(&args.file, &Limits::default()) {
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
