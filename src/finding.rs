//! A finding: what a rule found, where, and how to fix it — the one thing checks produce and reports consume.

use crate::model::Location;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }

    /// The Swedish word shown in reports for people.
    pub fn swedish(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "varning",
            Severity::Error => "fel",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Another place a finding refers to (the other date of an inconsistency, the other document of a package).
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    pub path: String,
    pub location: Location,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub path: String,
    pub location: Location,
    /// Character offsets of the match within the block text (0-based, end exclusive).
    pub start: usize,
    pub end: usize,
    /// The exact matched text ("" for a document-level finding).
    #[serde(rename = "match")]
    pub matched: String,
    /// The block's text, or a window of it around the match.
    pub context: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    pub fingerprint: String,
    /// Index of the block in its document, for renderers that show the paragraph (not serialised).
    #[serde(skip)]
    pub block: Option<usize>,
    /// Byte offsets of the match in the block text (not serialised; `start`/`end` are characters).
    #[serde(skip)]
    pub byte_range: (usize, usize),
    /// Byte offsets of the match within `context` (not serialised).
    #[serde(skip)]
    pub context_range: (usize, usize),
}
