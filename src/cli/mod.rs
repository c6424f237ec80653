//! The command line: arguments, subcommands, and exit statuses (0 clean, 1 findings, 2 usage or unreadable).

mod annotate;
mod check;
mod ci;
mod dump;
mod init;
mod output;
mod packs;
mod progress;
mod rules;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "upplint",
    version,
    about = "Lint Swedish procurement documents (.docx, .xlsx, .ods) against declarative rule packs."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check documents and folders (default: the current folder).
    Check(check::CheckArgs),
    /// Write a copy of a Word document with every finding as a Word comment.
    Annotate(annotate::AnnotateArgs),
    /// Print what upplint reads from one file, as JSON.
    Dump(dump::DumpArgs),
    /// List the rules in force, one per line.
    Rules(rules::RulesArgs),
    /// Show a rule's message, help, source and examples.
    Explain(rules::ExplainArgs),
    /// Run every example of every rule as a test.
    TestPacks(packs::TestPacksArgs),
    /// Write a commented upplint.toml for an organisation to start from.
    Init(init::InitArgs),
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let status = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Annotate(args) => annotate::run(args),
        Command::Dump(args) => dump::run(args),
        Command::Rules(args) => rules::list(args),
        Command::Explain(args) => rules::explain(args),
        Command::TestPacks(args) => packs::test(args),
        Command::Init(args) => init::run(args),
    };
    ExitCode::from(status)
}

/// Exit statuses.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
