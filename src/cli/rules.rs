//! `upplint rules` and `upplint explain`: what the rules in force are and say.

use super::output::emit;
use super::packs::{RuleOptions, load_rules, report_pack_errors};
use super::{EXIT_OK, EXIT_USAGE};
use crate::check::CompiledRule;
use clap::Args;
use serde_json::json;
use std::fmt::Write;

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: ListFormat,
    #[command(flatten)]
    pub rules: RuleOptions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The rule id, e.g. `klarsprak/skall`.
    pub rule: String,
    #[command(flatten)]
    pub rules: RuleOptions,
}

pub fn list(args: RulesArgs) -> u8 {
    let set = match load_rules(&args.rules, std::env::current_dir().ok()) {
        Ok((set, _)) => set,
        Err(errors) => {
            report_pack_errors(&errors);
            return EXIT_USAGE;
        }
    };
    let text = match args.format {
        ListFormat::Text => {
            let width = set.rules.iter().map(|r| r.meta.id.len()).max().unwrap_or(0);
            let mut out = String::new();
            for rule in &set.rules {
                let m = &rule.meta;
                let _ = writeln!(
                    out,
                    "{:width$}  {:7}  {:15}  {:12}  {}",
                    m.id,
                    m.severity.as_str(),
                    m.kind,
                    m.pack,
                    m.message
                );
            }
            out
        }
        ListFormat::Json => {
            let list: Vec<_> = set.rules.iter().map(rule_json).collect();
            serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
        }
    };
    match emit(&text, None) {
        Ok(()) => EXIT_OK,
        Err(status) => status,
    }
}

fn rule_json(rule: &CompiledRule) -> serde_json::Value {
    let m = &rule.meta;
    json!({
        "id": m.id, "severity": m.severity, "kind": m.kind, "pack": m.pack, "message": m.message,
        "help": m.help, "source": m.source, "url": m.url, "locked_by": m.locked_by,
        "examples": rule.examples.len(),
    })
}

pub fn explain(args: ExplainArgs) -> u8 {
    let set = match load_rules(&args.rules, std::env::current_dir().ok()) {
        Ok((set, _)) => set,
        Err(errors) => {
            report_pack_errors(&errors);
            return EXIT_USAGE;
        }
    };
    let Some(rule) = set.rules.iter().find(|r| r.meta.id == args.rule) else {
        let ids = set.rules.iter().map(|r| r.meta.id.as_str());
        match crate::rules::schema::closest(&args.rule, ids) {
            Some(best) => eprintln!("upplint: no rule `{}`; did you mean `{best}`?", args.rule),
            None => eprintln!(
                "upplint: no rule `{}` (list them with `upplint rules`)",
                args.rule
            ),
        }
        return EXIT_USAGE;
    };
    match emit(&explanation(rule), None) {
        Ok(()) => EXIT_OK,
        Err(status) => status,
    }
}

fn explanation(rule: &CompiledRule) -> String {
    let m = &rule.meta;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}, {}, paket {})",
        m.id,
        m.severity.swedish(),
        m.kind,
        m.pack
    );
    let _ = writeln!(out, "\nMeddelande: {}", m.message);
    if let Some(help) = &m.help {
        let _ = writeln!(out, "Hjälp: {help}");
    }
    if let Some(source) = &m.source {
        let _ = writeln!(out, "Källa: {source}");
    }
    if let Some(url) = &m.url {
        let _ = writeln!(out, "Läs mer: {url}");
    }
    if let Some(locked) = &m.locked_by {
        let _ = writeln!(out, "Låst av: {locked}");
    }
    if !rule.examples.is_empty() {
        let _ = writeln!(out, "\nExempel:");
        for example in &rule.examples {
            let text = example
                .text
                .as_ref()
                .map(|t| t.get_ref().clone())
                .or_else(|| example.rows.as_ref().map(|r| format!("{:?}", r.get_ref())))
                .unwrap_or_default();
            let verdict = match (&example.matches, &example.findings) {
                (Some(m), _) if !m.get_ref().is_empty() => {
                    format!("ger fynd: {}", m.get_ref().join(", "))
                }
                (_, Some(n)) if *n.get_ref() > 0 => format!("ger {} fynd", n.get_ref()),
                _ => "ger inget fynd".to_string(),
            };
            let date = example
                .as_of
                .as_ref()
                .map(|d| format!(" (per {})", d.get_ref()))
                .unwrap_or_default();
            let level = example
                .severity
                .map(|s| format!(" ({})", s.swedish()))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  • {}{date} → {verdict}{level}",
                text.replace('\n', " ⏎ ")
            );
        }
    }
    out
}
