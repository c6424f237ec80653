//! Writing reports: to stdout, or to a file through a temporary file renamed into place.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically: a temporary file beside it, then a rename, so a reader never sees
/// half a report and an interrupted run leaves the old file as it was. Every file upplint writes goes
/// through here. The new file gets the old one's permissions, or the usual ones (0666 less the umask)
/// rather than a temporary file's 0600. A symbolic link is written through (the link stays), and what is
/// not a regular file (`/dev/null`, a pipe) is written to in place, never replaced.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// `write_atomic` for content written piece by piece (a large report is never held whole in memory).
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let existing = std::fs::metadata(path).ok();
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        let mut target =
            std::io::BufWriter::new(std::fs::OpenOptions::new().write(true).open(path)?);
        return write(&mut target).and_then(|_| target.flush());
    }
    let path = match existing {
        Some(_) => std::fs::canonicalize(path)?,
        None => path.to_path_buf(),
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".upplint-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path)
            .map(|m| m.permissions().mode() & 0o7777)
            .unwrap_or(0o666);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut temp = builder.tempfile_in(dir)?;
    {
        let mut buffered = std::io::BufWriter::new(temp.as_file_mut());
        write(&mut buffered)?;
        buffered.flush()?;
    }
    temp.as_file().sync_all()?;
    temp.persist(&path).map_err(|e| e.error)?;
    Ok(())
}

/// The input among `inputs` that writing `output` would replace (the same file by any path or link).
pub fn overwritten_input<'a>(
    output: &Path,
    inputs: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let target = std::fs::metadata(output).ok()?;
    inputs
        .into_iter()
        .find(|input| std::fs::metadata(input).is_ok_and(|meta| same_file(&meta, &target)))
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    a.len() == b.len()
        && a.modified().ok() == b.modified().ok()
        && a.created().ok() == b.created().ok()
}

/// Prints to stdout, or writes the file; a failure is reported and gives exit status 2.
pub fn emit(text: &str, output: Option<&Path>) -> Result<(), u8> {
    emit_with(output, |out| out.write_all(text.as_bytes()))
}

/// `emit` for content written piece by piece.
pub fn emit_with(
    output: Option<&Path>,
    write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<(), u8> {
    match output {
        Some(path) => write_atomic_with(path, write).map_err(|e| {
            eprintln!("upplint: cannot write {}: {e}", path.display());
            super::EXIT_USAGE
        }),
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout());
            match write(&mut stdout).and_then(|_| stdout.flush()) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => {
                    eprintln!("upplint: cannot write to stdout: {e}");
                    Err(super::EXIT_USAGE)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_file_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        write_atomic(&path, b"first, longer").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_gives_new_files_the_usual_ones() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("new.txt");
        write_atomic(&fresh, b"x").unwrap();
        let mode = std::fs::metadata(&fresh).unwrap().permissions().mode();
        assert_ne!(
            mode & 0o044,
            0,
            "a report is readable by others unless the umask says no"
        );
        let kept = dir.path().join("kept.txt");
        std::fs::write(&kept, b"old").unwrap();
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&kept, b"new").unwrap();
        let mode = std::fs::metadata(&kept).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[test]
    fn writes_through_links_and_into_devices_without_replacing_them() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, b"old").unwrap();
        #[cfg(unix)]
        {
            let link = dir.path().join("link.json");
            std::os::unix::fs::symlink(&real, &link).unwrap();
            write_atomic(&link, b"new").unwrap();
            assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
            assert_eq!(std::fs::read(&real).unwrap(), b"new");
            let null = Path::new("/dev/null");
            write_atomic(null, b"discarded").unwrap();
            assert!(
                !std::fs::metadata(null).unwrap().is_file(),
                "/dev/null replaced"
            );
        }
        assert!(
            write_atomic(dir.path(), b"x").is_err(),
            "a folder is no report"
        );
    }

    #[test]
    fn finds_an_input_by_another_path() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("anbud.docx");
        std::fs::write(&input, b"x").unwrap();
        let other = dir.path().join(".").join("anbud.docx");
        let input_str = input.to_str().unwrap();
        assert_eq!(overwritten_input(&other, [input_str]), Some(input_str));
        assert_eq!(
            overwritten_input(&dir.path().join("report.json"), [input_str]),
            None
        );
        #[cfg(unix)]
        {
            let link = dir.path().join("link.docx");
            std::fs::hard_link(&input, &link).unwrap();
            assert_eq!(overwritten_input(&link, [input_str]), Some(input_str));
        }
    }
}
