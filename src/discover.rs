//! Finding the files to check: given files as they are, folders walked recursively (.gitignore respected).

use crate::read::Format;
use std::path::{Path, PathBuf};

/// Expands the command-line paths into the files upplint reads, in a stable order.
///
/// Named files are kept even when their type is unknown (they then get a file error); files found by
/// walking a folder are kept only when upplint reads their type, and hidden files and Office lock files
/// (`~$anbud.docx`) are skipped.
pub fn discover(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            files.extend(walk(path));
        } else {
            files.push(path.clone());
        }
    }
    files
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .build()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()))
        .map(|entry| entry.into_path())
        .filter(|path| is_checkable(path))
        .collect();
    found.sort();
    found
}

fn is_checkable(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with("~$") || name.starts_with(".~lock") {
        return false;
    }
    Format::from_path(path).is_some_and(|f| f != Format::Text || name.ends_with(".txt"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_lock_files_and_unknown_types() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "anbud.docx",
            "~$anbud.docx",
            "pris.xlsx",
            "bild.png",
            "noter.txt",
        ] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        let found = discover(&[dir.path().to_path_buf()]);
        let names: Vec<_> = found
            .iter()
            .map(|p| p.file_name().unwrap().to_str().unwrap().to_string())
            .collect();
        assert_eq!(names, ["anbud.docx", "noter.txt", "pris.xlsx"]);
    }
}
