//! `upplint annotate`: writes a copy of a Word document with every finding as a comment.

use super::check::LimitArgs;
use super::packs::{RuleOptions, load_rules_and_limits};
use super::{EXIT_OK, EXIT_USAGE};
use crate::annotate::annotate_file;
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct AnnotateArgs {
    /// The Word document to annotate; it is never changed unless --in-place is given.
    pub input: PathBuf,
    /// Where to write the annotated copy.
    #[arg(
        long,
        short,
        value_name = "FILE",
        required_unless_present = "in_place",
        conflicts_with = "in_place"
    )]
    pub output: Option<PathBuf>,
    /// Replace the input with the annotated copy (never the default).
    #[arg(long)]
    pub in_place: bool,
    #[command(flatten)]
    pub rules: RuleOptions,
    #[command(flatten)]
    pub limits: LimitArgs,
}

pub fn run(args: AnnotateArgs) -> u8 {
    if !args.input.is_file() {
        eprintln!("upplint: no such file: {}", args.input.display());
        return EXIT_USAGE;
    }
    let output = match (&args.output, args.in_place) {
        (Some(output), false) => output.clone(),
        (None, true) => args.input.clone(),
        _ => {
            eprintln!("upplint: give either --output FILE or --in-place");
            return EXIT_USAGE;
        }
    };
    if !args.in_place && same_file(&args.input, &output) {
        eprintln!(
            "upplint: {} is the input; write the copy elsewhere, or say --in-place",
            output.display()
        );
        return EXIT_USAGE;
    }
    let (rules, _, limits) =
        match load_rules_and_limits(&args.rules, Some(args.input.clone()), &args.limits) {
            Ok(loaded) => loaded,
            Err(status) => return status,
        };
    match annotate_file(&args.input, &output, &rules, &limits) {
        Ok(done) => {
            eprintln!("{}", summary(&done, &output));
            EXIT_OK
        }
        Err(error) => {
            eprintln!("upplint: cannot annotate {}: {error}", args.input.display());
            EXIT_USAGE
        }
    }
}

/// One line for people: how many comments, and how many sit away from their text.
fn summary(done: &crate::annotate::Annotated, output: &Path) -> String {
    let mut line = format!(
        "{} {} i {}",
        done.comments,
        if done.comments == 1 {
            "kommentar"
        } else {
            "kommentarer"
        },
        output.display()
    );
    if done.moved > 0 {
        line.push_str(&format!(
            "; {} på första stycket (sidhuvud, sidfot, fotnoter eller hela dokumentet)",
            done.moved
        ));
    }
    if done.whole_paragraph > 0 {
        line.push_str(&format!("; {} på hela stycket", done.whole_paragraph));
    }
    if done.unplaced > 0 {
        line.push_str(&format!(
            "; {} fynd kunde inte placeras (dokumentet har inget stycke)",
            done.unplaced
        ));
    }
    line.push('.');
    line
}

/// Whether two paths name the same file (the second may not exist yet).
fn same_file(a: &Path, b: &Path) -> bool {
    let canonical = |p: &Path| -> Option<PathBuf> {
        if let Ok(c) = p.canonicalize() {
            return Some(c);
        }
        let parent = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.canonicalize().ok()?,
            _ => std::env::current_dir().ok()?,
        };
        Some(parent.join(p.file_name()?))
    };
    matches!((canonical(a), canonical(b)), (Some(x), Some(y)) if x == y)
}
