//! Helpers shared by the integration tests: where the shared test corpus lives.

#![allow(dead_code)]

pub mod process;

use std::path::PathBuf;

/// The shared corpus (`features/`, `hostile/`, `real/`): `../shared/corpus` from the main checkout,
/// `../../shared/corpus` from a worktree under `/work/wt/`.
pub fn corpus_dir() -> PathBuf {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        crate_dir.join("../shared/corpus"),
        crate_dir.join("../../shared/corpus"),
    ];
    candidates
        .iter()
        .find(|dir| dir.is_dir())
        .cloned()
        .unwrap_or_else(|| panic!("shared test corpus not found; looked in {candidates:?}"))
}

pub fn corpus_file(relative: &str) -> PathBuf {
    corpus_dir().join(relative)
}
