//! Mistakes in packs and configuration as miette diagnostics pointing at the exact span of the TOML.

use miette::{Diagnostic, NamedSource, SourceSpan};
use std::ops::Range;
use std::sync::Arc;
use thiserror::Error;

/// One loaded TOML file (pack or config), kept for diagnostics. Its text lives for the whole run.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: &'static str,
}

impl SourceFile {
    /// Keeps the text for the life of the process: packs and configs are read once per run and their
    /// parsed tables borrow from the text until the run ends.
    pub fn new(name: impl Into<String>, text: String) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            name: name.into(),
            text: Box::leak(text.into_boxed_str()),
        })
    }

    pub fn embedded(name: impl Into<String>, text: &'static str) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            name: name.into(),
            text,
        })
    }

    /// 1-based line of a byte offset, for plain-text messages and tests.
    pub fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }
}

/// A problem in a pack or config file, with a label on the span it concerns.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
pub struct PackDiagnostic {
    pub message: String,
    #[source_code]
    pub src: NamedSource<&'static str>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
    /// File name and 1-based line, for plain output and tests.
    pub file: String,
    pub line: usize,
}

impl PackDiagnostic {
    pub fn at(source: &SourceFile, span: Range<usize>, message: impl Into<String>) -> Self {
        let start = span.start.min(source.text.len());
        let end = span.end.clamp(start, source.text.len());
        PackDiagnostic {
            message: message.into(),
            src: NamedSource::new(&source.name, source.text).with_language("toml"),
            span: Some((start, end - start).into()),
            label: "här".to_string(),
            help: None,
            file: source.name.clone(),
            line: source.line_of(start),
        }
    }

    /// A problem with the file as a whole (missing, unreadable).
    pub fn file(name: &str, message: impl Into<String>) -> Self {
        PackDiagnostic {
            message: message.into(),
            src: NamedSource::new(name, ""),
            span: None,
            label: String::new(),
            help: None,
            file: name.to_string(),
            line: 0,
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// From a toml parse or deserialisation error, keeping its span.
    pub fn from_toml(source: &SourceFile, error: &toml::de::Error) -> Self {
        let span = error.span().unwrap_or(0..0);
        PackDiagnostic::at(source, span, error.message().trim().to_string())
            .with_label("ogiltig TOML")
    }

    /// `file:line: message` — for logs and tests.
    pub fn short(&self) -> String {
        format!("{}:{}: {}", self.file, self.line, self.message)
    }
}

/// All problems found while loading packs and config; reported together, then exit 2.
#[derive(Debug, Error, Diagnostic)]
#[error("{} problem(s) in rule packs or configuration", .problems.len())]
pub struct PackErrors {
    #[related]
    pub problems: Vec<PackDiagnostic>,
}

impl From<Vec<PackDiagnostic>> for PackErrors {
    fn from(problems: Vec<PackDiagnostic>) -> Self {
        PackErrors { problems }
    }
}

impl From<PackDiagnostic> for PackErrors {
    fn from(problem: PackDiagnostic) -> Self {
        PackErrors {
            problems: vec![problem],
        }
    }
}
