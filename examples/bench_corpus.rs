//! Writes the benchmark corpus: `cargo run --release --example bench_corpus -- [OUT] [--seed N] [--docs N]`.
//!
//! Without `--docs`, the standard throughput corpus (40 documents of 10–60 pages, price sheets of
//! 1,000/10,000/100,000 rows, plans of 2,000/20,000 rows); with `--docs N`, N documents only.
//! `--pack N` also writes `OUT/pack-N/pack.toml` with N substitution rules.

#[path = "../benches/corpus/mod.rs"]
#[allow(dead_code)]
mod corpus;

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut out = PathBuf::from("target/bench-corpus/standard");
    let mut seed = 2026u64;
    let mut docs = None;
    let mut packs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => seed = number(args.next()),
            "--docs" => docs = Some(number(args.next()) as usize),
            "--pack" => packs.push(number(args.next()) as usize),
            _ => out = PathBuf::from(arg),
        }
    }
    let spec = match docs {
        Some(n) => corpus::Spec::documents(seed, n),
        None => corpus::Spec::standard(seed),
    };
    let started = std::time::Instant::now();
    let files = corpus::generate(&out, &spec)?;
    for rules in packs {
        corpus::write_substitution_pack(&out.join(format!("pack-{rules}")), rules, seed)?;
    }
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();
    println!(
        "wrote {} files ({:.1} MB) to {} in {:.1} s",
        files.len(),
        bytes as f64 / 1e6,
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn number(arg: Option<String>) -> u64 {
    arg.and_then(|a| a.parse().ok())
        .expect("a number after --seed, --docs or --pack")
}
