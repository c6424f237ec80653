//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::PathBuf;

/// The shared corpus: `../shared/corpus` from the main checkout (/work/main) or `../../shared/corpus`
/// from a worktree (/work/wt/<name>).
pub fn corpus() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    ["../shared/corpus", "../../shared/corpus"]
        .iter()
        .map(|relative| manifest.join(relative))
        .find(|candidate| candidate.is_dir())
        .unwrap_or_else(|| panic!("no shared corpus next to {}", manifest.display()))
}

/// A file of the corpus, e.g. `corpus_file("features/features.xlsx")`.
pub fn corpus_file(relative: &str) -> PathBuf {
    corpus().join(relative)
}
