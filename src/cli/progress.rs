//! A progress bar on stderr for long runs — only on a terminal, and never in CI logs.

use crate::run::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::OnceLock;

/// Runs over fewer files than this finish too soon for a bar to help.
const MIN_FILES: usize = 21;

/// A bar that appears when the run turns out to be long enough, if it may be shown at all.
pub struct Bar {
    allowed: bool,
    bar: OnceLock<ProgressBar>,
}

impl Bar {
    /// Allowed when stderr is a terminal, `CI` is unset and output is not quiet.
    pub fn for_stderr(quiet: bool) -> Bar {
        let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        Bar {
            allowed: !quiet && !in_ci && std::io::stderr().is_terminal(),
            bar: OnceLock::new(),
        }
    }
}

impl Progress for Bar {
    fn start(&self, files: usize) {
        if !self.allowed || files < MIN_FILES {
            return;
        }
        let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} filer ({eta})") {
            bar.set_style(style);
        }
        let _ = self.bar.set(bar);
    }

    fn file_done(&self) {
        if let Some(bar) = self.bar.get() {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}
