//! Every Word file of the real-world corpus reads or fails with a named error, never a panic. Also
//! reports how many documents and paragraphs carry list labels (numbering.xml).

mod common;

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::Instant;
use upplint::read::{Limits, read_path};

const WORD_EXTENSIONS: [&str; 4] = [".docx", ".docm", ".dotx", ".dotm"];

fn word_files_in_manifest() -> Vec<PathBuf> {
    let real = common::corpus_file("real");
    let manifest = std::fs::read_to_string(real.join("MANIFEST.tsv")).unwrap();
    manifest
        .lines()
        .skip(1)
        .filter_map(|line| line.split('\t').next())
        .filter(|path| {
            let lower = path.to_ascii_lowercase();
            WORD_EXTENSIONS.iter().any(|ext| lower.ends_with(ext))
        })
        .map(|path| real.join(path))
        .collect()
}

/// What one document holds: paragraphs, paragraphs with a list label, labelled headings.
#[derive(Debug, Default)]
struct Counts {
    blocks: usize,
    labelled: usize,
    labelled_headings: usize,
}

#[test]
fn every_real_word_file_reads_or_fails_by_name() {
    let files = word_files_in_manifest();
    assert!(files.len() > 1000, "only {} Word files listed", files.len());
    let limits = Limits::default();
    let started = Instant::now();
    let outcomes: Vec<(PathBuf, Result<Counts, String>)> = files
        .par_iter()
        .map(|path| {
            let outcome = catch_unwind(AssertUnwindSafe(|| read_path(path, &limits)));
            let summary = match outcome {
                Ok(Ok(doc)) => Ok(Counts {
                    blocks: doc.blocks.len(),
                    labelled: doc.blocks.iter().filter(|b| b.label.is_some()).count(),
                    labelled_headings: doc
                        .blocks
                        .iter()
                        .filter(|b| b.label.is_some() && b.outline_level.is_some())
                        .count(),
                }),
                Ok(Err(e)) => Err(format!("{}: {e}", e.code())),
                Err(_) => Err("PANIC".to_string()),
            };
            (path.clone(), summary)
        })
        .collect();
    let elapsed = started.elapsed();

    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = Counts::default();
    let mut labelled_documents = 0usize;
    for (path, outcome) in &outcomes {
        match outcome {
            Ok(n) => {
                total.blocks += n.blocks;
                total.labelled += n.labelled;
                total.labelled_headings += n.labelled_headings;
                labelled_documents += usize::from(n.labelled > 0);
                *counts.entry("ok".into()).or_default() += 1;
            }
            Err(message) => {
                let code = message.split(':').next().unwrap_or("").to_string();
                *counts.entry(code).or_default() += 1;
                eprintln!("{}: {message}", path.display());
            }
        }
    }
    eprintln!(
        "{} Word files in {elapsed:.2?}: {counts:?}; {} blocks read; {labelled_documents} documents \
         with list labels, on {} paragraphs ({} of them headings)",
        outcomes.len(),
        total.blocks,
        total.labelled,
        total.labelled_headings,
    );
    assert_eq!(counts.get("PANIC"), None, "a reader panicked");
    let ok = counts.get("ok").copied().unwrap_or(0);
    assert!(
        ok * 100 >= outcomes.len() * 95,
        "fewer than 95% of the real Word files read: {counts:?}"
    );
}
