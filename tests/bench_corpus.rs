//! The benchmark corpus generator is deterministic: the same seed gives byte-identical files, and what
//! it writes is read by upplint without errors.

#[path = "../benches/corpus/mod.rs"]
#[allow(dead_code)]
mod corpus;

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

fn small(seed: u64) -> corpus::Spec {
    corpus::Spec {
        seed,
        docs: 3,
        pages: (1, 3),
        price_sheets: vec![60],
        plans: vec![40],
    }
}

fn hashes(files: &[PathBuf]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(f).expect("read generated file");
            let name = f
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            (name, format!("{:x}", Sha256::digest(bytes)))
        })
        .collect()
}

fn generate(dir: &Path, spec: &corpus::Spec) -> Vec<PathBuf> {
    corpus::generate(dir, spec).expect("generate corpus")
}

#[test]
fn same_seed_gives_byte_identical_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let first = generate(&tmp.path().join("a"), &small(7));
    let second = generate(&tmp.path().join("b"), &small(7));
    assert_eq!(first.len(), 5);
    assert_eq!(hashes(&first), hashes(&second));
    let pack_a = tmp.path().join("pack-a");
    let pack_b = tmp.path().join("pack-b");
    corpus::write_substitution_pack(&pack_a, 25, 7).expect("pack");
    corpus::write_substitution_pack(&pack_b, 25, 7).expect("pack");
    assert_eq!(
        std::fs::read(pack_a.join("pack.toml")).ok(),
        std::fs::read(pack_b.join("pack.toml")).ok()
    );
}

#[test]
fn another_seed_gives_other_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let first = generate(&tmp.path().join("a"), &small(7));
    let other = generate(&tmp.path().join("b"), &small(8));
    assert_ne!(hashes(&first), hashes(&other));
}

#[test]
fn generated_files_read_cleanly_with_the_expected_features() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let files = generate(tmp.path(), &small(11));
    let limits = upplint::read::Limits::default();
    let mut tables = 0;
    for file in &files {
        let doc = upplint::read::read_path(file, &limits)
            .unwrap_or_else(|e| panic!("{} does not read: {e}", file.display()));
        assert!(
            doc.blocks.len() > 20,
            "{} has {} blocks",
            file.display(),
            doc.blocks.len()
        );
        if doc.kind == upplint::model::DocKind::Word {
            let parts: Vec<_> = doc.blocks.iter().filter_map(|b| b.location.part).collect();
            assert!(parts.contains(&upplint::model::Part::Header));
            assert!(parts.contains(&upplint::model::Part::Footer));
            assert!(doc.blocks.iter().any(|b| b.outline_level == Some(1)));
            tables += doc
                .blocks
                .iter()
                .filter(|b| b.location.table.is_some())
                .count();
        }
    }
    assert!(tables > 0, "the documents have tables");
}

#[test]
fn generated_pack_loads() {
    let tmp = tempfile::tempdir().expect("tempdir");
    corpus::write_substitution_pack(tmp.path(), 40, 1).expect("pack");
    let pack = upplint::rules::load_pack_dir(tmp.path()).expect("the pack loads");
    assert_eq!(pack.name(), "bench");
}
