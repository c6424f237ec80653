//! Paths as reports, baselines and ignore globs compare them: relative, lexically normalised, forward slashes.

use std::path::{Component, Path, PathBuf};

/// The absolute form of `path` with `.` and `..` resolved lexically (symlinks are not followed).
pub fn normalise(path: &Path) -> PathBuf {
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` with forward slashes and without a leading `./`.
pub fn to_slash(path: &str) -> String {
    let mut text = path.replace('\\', "/");
    while let Some(rest) = text.strip_prefix("./") {
        text = rest.to_string();
    }
    text
}

/// `path` (as given on the command line, relative to the working folder) relative to `base`, with forward
/// slashes; a path outside `base` is returned as given (forward slashes, no leading `./`).
pub fn relative_to(path: &str, base: &Path) -> String {
    let full = normalise(Path::new(path));
    let base = normalise(base);
    match full.strip_prefix(&base) {
        Ok(rest) if !rest.as_os_str().is_empty() => to_slash(&rest.to_string_lossy()),
        _ => to_slash(path),
    }
}

/// `path` relative to the current working folder (what CI systems expect in annotations).
pub fn relative_to_cwd(path: &str) -> String {
    match std::env::current_dir() {
        Ok(cwd) => relative_to(path, &cwd),
        Err(_) => to_slash(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_use_forward_slashes() {
        let base = Path::new("/repo");
        assert_eq!(relative_to("/repo/a/../docs/x.docx", base), "docs/x.docx");
        assert_eq!(relative_to("/elsewhere/x.docx", base), "/elsewhere/x.docx");
        assert_eq!(to_slash(".\\docs\\x.docx"), "docs/x.docx");
        assert_eq!(to_slash("././x.txt"), "x.txt");
    }

    #[test]
    fn relative_to_the_working_folder() {
        assert_eq!(relative_to_cwd("./docs/x.docx"), "docs/x.docx");
        assert_eq!(relative_to_cwd("docs/../x.docx"), "x.docx");
        assert_eq!(relative_to("docs/x.docx", Path::new("")), "docs/x.docx");
    }
}
