//! `upplint dump FILE`: what upplint sees in a file, as JSON — for understanding a finding and for tests.

use super::check::LimitArgs;
use super::output::{emit, overwritten_input};
use super::{EXIT_OK, EXIT_USAGE};
use crate::read::{Limits, read_path};
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct DumpArgs {
    pub file: PathBuf,
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
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
    match read_path(&args.file, &args.limits.apply(Limits::default())) {
        Ok(doc) => {
            let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
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
