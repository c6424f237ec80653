//! SARIF 2.1.0 for code-scanning services (GitHub, Azure DevOps, GitLab): one run, the rules in force,
//! one result per finding with a physical location (paragraph/line as the line, characters as columns)
//! and a logical one (heading path or Sheet!A1), and the fingerprint as a partial fingerprint.
//!
//! The model is a few serde structs of our own rather than the `serde-sarif` crate: we write a small
//! subset, and that crate generates its whole schema with a build script and typed builders. A test
//! validates the output against the official schema.

use crate::finding::{Finding, Related, Severity};
use crate::model::{Location, Part};
use crate::paths::relative_to_cwd;
use crate::run::{FileStatus, Report};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

use super::place;
use super::rule_info::RuleInfo;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";
/// The key of our fingerprint in `partialFingerprints`; bump the version if fingerprints change.
pub const FINGERPRINT_KEY: &str = "upplint/v1";

pub fn render(report: &Report) -> String {
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![run(report)],
    };
    let mut text =
        serde_json::to_string_pretty(&log).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: Vec<Invocation>,
    results: Vec<SarifResult>,
    column_kind: &'static str,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    short_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: DescriptorProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

impl Text {
    fn new(text: impl Into<String>) -> Text {
        Text { text: text.into() }
    }
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct DescriptorProperties {
    tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: Vec<SarifLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
    partial_fingerprints: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    name: String,
    fully_qualified_name: String,
    kind: &'static str,
}

fn run(report: &Report) -> Run {
    Run {
        tool: Tool {
            driver: Driver {
                name: "upplint",
                version: env!("CARGO_PKG_VERSION"),
                semantic_version: env!("CARGO_PKG_VERSION"),
                information_uri: information_uri(),
                rules: report.rules.iter().map(descriptor).collect(),
            },
        },
        invocations: vec![invocation(&report.files)],
        results: {
            let rule_index: HashMap<&str, usize> = report
                .rules
                .iter()
                .enumerate()
                .rev()
                .map(|(i, r)| (r.id.as_str(), i))
                .collect();
            report
                .findings
                .iter()
                .map(|f| result(f, &rule_index))
                .collect()
        },
        column_kind: "unicodeCodePoints",
    }
}

/// The project's address, when Cargo.toml names one.
fn information_uri() -> Option<&'static str> {
    [
        option_env!("CARGO_PKG_HOMEPAGE"),
        option_env!("CARGO_PKG_REPOSITORY"),
    ]
    .into_iter()
    .flatten()
    .find(|u| !u.is_empty())
}

fn descriptor(rule: &RuleInfo) -> Descriptor {
    let help = match (&rule.help, &rule.source) {
        (Some(help), Some(source)) => Some(format!("{help}\n\nKälla: {source}")),
        (Some(help), None) => Some(help.clone()),
        (None, Some(source)) => Some(format!("Källa: {source}")),
        (None, None) => None,
    };
    Descriptor {
        id: rule.id.clone(),
        short_description: Text::new(without_placeholders(&rule.message)),
        full_description: rule
            .help
            .as_deref()
            .map(|h| Text::new(without_placeholders(h))),
        help: help.map(Text::new),
        help_uri: rule.url.clone().filter(|u| is_absolute_uri(u)),
        default_configuration: Configuration {
            level: level(rule.severity),
        },
        properties: DescriptorProperties {
            tags: vec![rule.pack.clone()],
            source: rule.source.clone(),
        },
    }
}

fn invocation(files: &[FileStatus]) -> Invocation {
    let notifications: Vec<Notification> = files
        .iter()
        .filter(|f| f.status == "error")
        .map(|f| Notification {
            level: "error",
            message: Text::new(format!(
                "Filen kunde inte läsas: {}",
                f.error_sv.as_deref().or(f.error.as_deref()).unwrap_or("")
            )),
            locations: vec![SarifLocation {
                id: None,
                physical_location: PhysicalLocation {
                    artifact_location: artifact(&f.path),
                    region: None,
                },
                logical_locations: Vec::new(),
                message: None,
            }],
        })
        .collect();
    Invocation {
        execution_successful: notifications.is_empty(),
        tool_execution_notifications: notifications,
    }
}

fn result(finding: &Finding, rule_index: &HashMap<&str, usize>) -> SarifResult {
    let mut message = finding.message.clone();
    if let Some(suggestion) = &finding.suggestion {
        message.push_str(&format!(" Förslag: {suggestion}"));
    }
    SarifResult {
        rule_id: finding.rule.clone(),
        rule_index: rule_index.get(finding.rule.as_str()).copied(),
        level: level(finding.severity),
        message: Text::new(message),
        locations: vec![finding_location(finding)],
        related_locations: finding
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| related(i, r))
            .collect(),
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, finding.fingerprint.clone())]),
    }
}

fn finding_location(finding: &Finding) -> SarifLocation {
    let mut at = location(
        &finding.path,
        &finding.location,
        finding.start,
        finding.end,
        &finding.matched,
    );
    if place::is_document_level(finding) {
        at.logical_locations.clear();
        if let Some(region) = &mut at.physical_location.region {
            region.start_column = None;
            region.end_column = None;
        }
    }
    at
}

fn related(index: usize, related: &Related) -> SarifLocation {
    let mut location = location(&related.path, &related.location, 0, 0, "");
    location.id = Some(index);
    location.message = Some(Text::new(related.message.clone()));
    location
}

fn location(path: &str, at: &Location, start: usize, end: usize, matched: &str) -> SarifLocation {
    SarifLocation {
        id: None,
        physical_location: PhysicalLocation {
            artifact_location: artifact(path),
            region: Some(Region {
                start_line: at.line_number(),
                start_column: Some(start + 1),
                end_column: Some(end.max(start) + 1),
                snippet: (!matched.is_empty()).then(|| Text::new(matched)),
            }),
        },
        logical_locations: vec![logical(at)],
        message: None,
    }
}

/// The heading path (Word) or Sheet!A1 (spreadsheet) as a logical location.
fn logical(at: &Location) -> LogicalLocation {
    let fully_qualified_name = at.describe();
    let name = fully_qualified_name
        .rsplit(" › ")
        .next()
        .unwrap_or(&fully_qualified_name)
        .to_string();
    let kind = match at.part {
        Some(Part::Sheet) => "value",
        Some(Part::Line) => "text",
        _ => "element",
    };
    LogicalLocation {
        name,
        fully_qualified_name,
        kind,
    }
}

/// A file's location: relative to the working folder under `%SRCROOT%`, or a `file://` URI outside it.
fn artifact(path: &str) -> ArtifactLocation {
    let relative = relative_to_cwd(path);
    if relative.starts_with('/') {
        return ArtifactLocation {
            uri: format!("file://{}", percent_encode(&relative)),
            uri_base_id: None,
        };
    }
    ArtifactLocation {
        uri: percent_encode(&relative),
        uri_base_id: Some(SRCROOT),
    }
}

/// Percent-encodes everything but unreserved characters and `/` (file names with åäö and spaces).
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A message template as a description: `{match}` and other placeholders become `…`.
fn without_placeholders(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push('…');
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

fn is_absolute_uri(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://"))
        && !text.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_swedish_file_names() {
        assert_eq!(
            percent_encode("underlag/förfrågan 1.docx"),
            "underlag/f%C3%B6rfr%C3%A5gan%201.docx"
        );
    }

    #[test]
    fn descriptions_hide_placeholders() {
        assert_eq!(
            without_placeholders("Mallens platshållare '{match}' står kvar."),
            "Mallens platshållare '…' står kvar."
        );
        assert_eq!(without_placeholders("a { b"), "a { b");
    }
}
