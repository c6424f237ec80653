//! A seeded generator of a realistic Swedish tender corpus for the benchmarks: Word tender documents of
//! 10–60 pages, price sheets and procurement plans of 1,000–100,000 rows, and rule packs of N
//! substitution rules. The same seed gives byte-identical files (tests/bench_corpus.rs checks it).
//!
//! Shared by `benches/throughput.rs`, `examples/bench_corpus.rs` and the test through `#[path]`.

mod docx;
mod pack;
mod rng;
mod sheet;
mod text;
mod zipout;

pub use pack::write_substitution_pack;

use rayon::prelude::*;
use rng::Rng;
use std::io;
use std::path::{Path, PathBuf};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub seed: u64,
    /// Number of Word documents.
    pub docs: usize,
    /// Page range of a document (inclusive), drawn per document.
    pub pages: (u32, u32),
    /// Rows of each price sheet.
    pub price_sheets: Vec<u32>,
    /// Rows of each procurement plan.
    pub plans: Vec<u32>,
}

impl Spec {
    /// The throughput corpus: 40 documents of 10–60 pages, three price sheets (1,000, 10,000 and 100,000
    /// rows) and two procurement plans (2,000 and 20,000 rows).
    pub fn standard(seed: u64) -> Spec {
        Spec {
            seed,
            docs: 40,
            pages: (10, 60),
            price_sheets: vec![1_000, 10_000, 100_000],
            plans: vec![2_000, 20_000],
        }
    }

    /// `docs` Word documents of 10–60 pages and nothing else (the memory-scaling corpora).
    pub fn documents(seed: u64, docs: usize) -> Spec {
        Spec {
            seed,
            docs,
            pages: (10, 60),
            price_sheets: Vec::new(),
            plans: Vec::new(),
        }
    }

    /// A one-line description, stored beside the corpus to tell whether it must be regenerated.
    pub fn describe(&self) -> String {
        format!(
            "seed={} docs={} pages={}-{} price_sheets={:?} plans={:?} generator=2",
            self.seed, self.docs, self.pages.0, self.pages.1, self.price_sheets, self.plans
        )
    }
}

/// One file to write.
enum Job {
    Doc(usize),
    Price(usize, u32),
    Plan(usize, u32),
}

/// Writes the corpus into `out` (created if needed) and returns the files, in name order.
pub fn generate(out: &Path, spec: &Spec) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out)?;
    let mut jobs: Vec<Job> = (0..spec.docs).map(Job::Doc).collect();
    jobs.extend(
        spec.price_sheets
            .iter()
            .enumerate()
            .map(|(i, &r)| Job::Price(i, r)),
    );
    jobs.extend(spec.plans.iter().enumerate().map(|(i, &r)| Job::Plan(i, r)));
    // Largest first, so the parallel generation does not end waiting for one big sheet.
    jobs.sort_by_key(|job| std::cmp::Reverse(job_rows(job)));
    let mut files = jobs
        .par_iter()
        .map(|job| write_job(out, spec, job))
        .collect::<io::Result<Vec<PathBuf>>>()?;
    files.sort();
    std::fs::write(out.join("CORPUS.spec"), spec.describe() + "\n")?;
    Ok(files)
}

fn job_rows(job: &Job) -> u32 {
    match job {
        Job::Doc(_) => 0,
        Job::Price(_, rows) | Job::Plan(_, rows) => *rows,
    }
}

fn write_job(out: &Path, spec: &Spec, job: &Job) -> io::Result<PathBuf> {
    match *job {
        Job::Doc(i) => {
            let mut rng = Rng::for_file(spec.seed, "docx", i);
            let pages = rng.range(u64::from(spec.pages.0), u64::from(spec.pages.1)) as u32;
            let path = out.join(format!("upphandlingsdokument-{i:04}.docx"));
            docx::write(&path, &mut rng, pages, i)?;
            Ok(path)
        }
        Job::Price(i, rows) => {
            let mut rng = Rng::for_file(spec.seed, "price", i);
            let path = out.join(format!("prisbilaga-{i:02}-{rows}-rader.xlsx"));
            sheet::price_sheet(&path, &mut rng, rows)?;
            Ok(path)
        }
        Job::Plan(i, rows) => {
            let mut rng = Rng::for_file(spec.seed, "plan", i);
            let path = out.join(format!("upphandlingsplan-{i:02}-{rows}-rader.xlsx"));
            sheet::plan(&path, &mut rng, rows)?;
            Ok(path)
        }
    }
}

/// Generates the corpus unless `out` already holds one made from the same spec.
pub fn ensure(out: &Path, spec: &Spec) -> io::Result<Vec<PathBuf>> {
    let marker = out.join("CORPUS.spec");
    let current = std::fs::read_to_string(&marker).unwrap_or_default();
    if current.trim() == spec.describe() {
        return list(out);
    }
    if out.exists() {
        std::fs::remove_dir_all(out)?;
    }
    generate(out, spec)
}

/// The corpus files in a folder, in name order.
pub fn list(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("docx" | "xlsx")
        ) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
