//! `upplint check`: the main job.

use super::ci::CiArgs;
use super::output::{emit_with, overwritten_input};
use super::packs::{RuleOptions, load_rules_and_limits};
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use crate::discover::discover;
use crate::finding::Severity;
use crate::read::Limits;
use crate::report::rule_info::RuleInfo;
use crate::report::stream::{Head, Streaming, writer};
use crate::report::{Format, Style};
use crate::run::check_files;
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files and folders to check (folders are walked; .gitignore is respected).
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Write the report to this file instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Lowest severity that makes the exit status 1.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Only one line per finding, no summary decorations.
    #[arg(long, short)]
    pub quiet: bool,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub rules: RuleOptions,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub ci: CiArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

/// Limits on untrusted input, overriding `[limits]` in upplint.toml (each flag names its config key).
#[derive(Args, Debug, Clone, Default)]
pub struct LimitArgs {
    /// Largest input file, in bytes ([limits] max_file_size; default 200 MiB).
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
    /// Largest inflated part of a package, in bytes ([limits] max_part_size; default 256 MiB).
    #[arg(long, value_name = "BYTES")]
    pub max_part_size: Option<u64>,
    /// Largest compression ratio of a part that inflates past 16 MiB
    /// ([limits] max_compression_ratio; default 200).
    #[arg(long, value_name = "N")]
    pub max_compression_ratio: Option<u64>,
    /// Deepest XML element nesting ([limits] max_xml_depth; default 256).
    #[arg(long, value_name = "N")]
    pub max_xml_depth: Option<usize>,
    /// Largest number of cells read from one workbook ([limits] max_cells; default 5,000,000).
    #[arg(long, value_name = "N")]
    pub max_cells: Option<u64>,
    /// Largest number of paragraphs (Word) or lines (text) read from one document
    /// ([limits] max_blocks; default 1,000,000).
    #[arg(long, value_name = "N")]
    pub max_blocks: Option<u64>,
    /// Most findings listed for one file; the rest are counted ([limits] max_findings_per_file;
    /// default 5,000).
    #[arg(long, value_name = "N")]
    pub max_findings: Option<usize>,
}

impl LimitArgs {
    pub fn apply(&self, mut limits: Limits) -> Limits {
        if let Some(v) = self.max_file_size {
            limits.max_file_bytes = v;
        }
        if let Some(v) = self.max_part_size {
            limits.max_part_bytes = v;
        }
        if let Some(v) = self.max_compression_ratio {
            limits.max_compression_ratio = v;
        }
        if let Some(v) = self.max_xml_depth {
            limits.max_xml_depth = v;
        }
        if let Some(v) = self.max_cells {
            limits.max_cells = v;
        }
        if let Some(v) = self.max_blocks {
            limits.max_blocks = v;
        }
        if let Some(v) = self.max_findings {
            limits.max_findings_per_file = v;
        }
        limits
    }
}

pub fn run(args: CheckArgs) -> u8 {
    if let Some(jobs) = args.jobs {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global();
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        eprintln!("upplint: no such file or folder: {}", missing.display());
        return EXIT_USAGE;
    }
    let (mut rules, config, limits) =
        match load_rules_and_limits(&args.rules, paths.first().cloned(), &args.limits) {
            Ok(loaded) => loaded,
            Err(status) => return status,
        };
    let mut filter = match args.ci.prepare(&mut rules, config.as_ref()) {
        Ok(filter) => filter,
        Err(status) => return status,
    };
    let files = discover(&paths);
    if let Some(output) = &args.output {
        let names: Vec<String> = files
            .iter()
            .map(|f| f.to_string_lossy().into_owned())
            .collect();
        if let Some(input) = overwritten_input(output, names.iter().map(String::as_str)) {
            eprintln!("upplint: refusing to write the report over the input file {input}");
            return EXIT_USAGE;
        }
    }
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let style = Style {
        color: to_terminal && no_color_unset(),
        quiet: args.quiet,
    };
    // The report is written as files are checked; on a terminal it is the progress itself.
    let progress = super::progress::Bar::for_stderr(args.quiet || to_terminal);
    let rule_info = RuleInfo::from_set(&rules);
    let head = Head {
        as_of: rules.env.as_of,
        packs: &rules.packs,
        rules: &rule_info,
    };
    let mut totals = None;
    let emitted = emit_with(args.output.as_deref(), |out| {
        let mut streaming = Streaming::start(writer(args.format, style), out, &mut filter, &head);
        check_files(&files, &rules, &limits, &progress, &mut streaming);
        let (written, result) = streaming.finish();
        totals = Some(written);
        result
    });
    if let Err(status) = emitted {
        return status;
    }
    let Some(totals) = totals else {
        return EXIT_USAGE;
    };
    let baseline_written = match args.ci.finish(filter, &rules) {
        Ok(written) => written,
        Err(status) => return status,
    };
    let fail_on = args
        .fail_on
        .map(FailOn::severity)
        .or_else(|| config.as_ref().and_then(|c| c.file.fail_on))
        .unwrap_or(Severity::Error);
    let status = if totals.summary.files_unreadable > 0 {
        EXIT_USAGE
    } else if totals.fails_at(fail_on) && !baseline_written {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    // The process ends here: freeing the compiled rules one allocation at a time took 2–3 ms of the
    // ~25 ms a small document costs, for memory the operating system takes back anyway.
    std::mem::forget(rules);
    status
}

/// Colour on stderr only on a terminal and when NO_COLOR is not set.
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && no_color_unset()
}

fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
