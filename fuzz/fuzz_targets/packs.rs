//! Rule packs and configuration on arbitrary TOML text: loaded as a pack and as an `upplint.toml` over
//! the embedded packs, layered, compiled into a rule set, and every example the input declares run
//! against its rules. Anything wrong must come back as diagnostics, never as a panic, a hang or a huge
//! allocation (regex size and DFA limits).
//!
//! An input holding a line `#%%` is split there: a pack before it, a config after it, layered together.

#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use upplint::check::RuleSet;
use upplint::check::env::Env;
use upplint::check::examples::run_all;
use upplint::rules::config::{Config, parse_config};
use upplint::rules::diagnostic::SourceFile;
use upplint::rules::pack::{Origin, Pack, load_pack};
use upplint::rules::{Loaded, embedded, layer};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default()
}

fn pack(text: &'static str) -> Option<Pack> {
    load_pack(
        SourceFile::embedded("fuzz/pack.toml", text),
        Origin::Dir(PathBuf::from("fuzz")),
    )
    .ok()
}

fn config(text: &'static str) -> Option<Config> {
    parse_config(
        SourceFile::embedded("upplint.toml", text),
        PathBuf::from("."),
    )
    .ok()
}

fn embedded_packs() -> Vec<Pack> {
    embedded::names()
        .into_iter()
        .filter_map(embedded::source)
        .filter_map(|source| load_pack(source, Origin::Embedded).ok())
        .collect()
}

/// Layers, compiles and runs the examples; every failure on the way is a diagnostic, and fine.
fn compile_and_run(packs: Vec<Pack>, config: Option<Config>) {
    let adjustments = config
        .as_ref()
        .map(|c| c.adjustments.clone())
        .unwrap_or_default();
    let Ok(rules) = layer::resolve(&packs, &adjustments) else {
        return;
    };
    let loaded = Loaded {
        packs,
        rules,
        config,
    };
    let env = Env::from_layers(&loaded, as_of());
    if let Ok(set) = RuleSet::compile(&loaded, env) {
        let _ = run_all(&set);
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // SAFETY: the loaders keep `&'static str` borrows of a source's text (upplint leaks each file it
    // reads for the life of the process). Here every value built from `text` is dropped before this
    // closure returns, and nothing is kept in a global, so the borrow never outlives `data`. Leaking
    // instead would grow the process by every input and trip LeakSanitizer.
    let text: &'static str = unsafe { std::mem::transmute::<&str, &'static str>(text) };
    match text.split_once("\n#%%\n") {
        Some((pack_text, config_text)) => {
            let mut packs = embedded_packs();
            packs.extend(pack(pack_text));
            compile_and_run(packs, config(config_text));
        }
        None => {
            if let Some(pack) = pack(text) {
                compile_and_run(vec![pack], None);
            }
            if let Some(config) = config(text) {
                compile_and_run(embedded_packs(), Some(config));
            }
        }
    }
});
