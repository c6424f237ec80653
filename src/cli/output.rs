//! Writing reports: to stdout, or to a file through a temporary file renamed into place.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically: a temporary file beside it, then a rename, so a reader never sees
/// half a report and an interrupted run leaves the old file as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Prints to stdout, or writes the file; a failure is reported and gives exit status 2.
pub fn emit(text: &str, output: Option<&Path>) -> Result<(), u8> {
    match output {
        Some(path) => write_atomic(path, text.as_bytes()).map_err(|e| {
            eprintln!("upplint: cannot write {}: {e}", path.display());
            super::EXIT_USAGE
        }),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|_| stdout.flush())
            {
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
