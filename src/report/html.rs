//! The HTML report: one self-contained page in Swedish (styles and script inline, nothing fetched) for
//! people who read findings in a browser or get them as an e-mail attachment.
//!
//! This module builds a view of the report (findings grouped by section, summaries, the LIX chart's
//! geometry); `templates/rapport.html` lays it out. minijinja auto-escapes everything the template prints
//! (the template's name ends in `.html`), so text from documents never becomes markup.

use crate::finding::{Finding, Severity};
use crate::model::{Location, Part};
use crate::run::{FileStatus, Report};
use crate::stats::{DocStats, SectionStats};
use minijinja::value::Serde;
use minijinja::{Environment, UndefinedBehavior, context};
use serde::Serialize;
use std::collections::HashMap;

const TEMPLATE_NAME: &str = "rapport.html";
const TEMPLATE: &str = include_str!("templates/rapport.html");

/// Renders the whole report as one HTML page.
pub fn render(report: &Report) -> String {
    let page = Page::from_report(report);
    render_page(&page).unwrap_or_else(|error| failure_page(&error.to_string()))
}

fn render_page(page: &Page) -> Result<String, minijinja::Error> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_template(TEMPLATE_NAME, TEMPLATE)?;
    env.get_template(TEMPLATE_NAME)?
        .render(context! { page => Serde(page) })
}

/// A bare page saying the report could not be laid out (a bug in the template, never in the input).
fn failure_page(error: &str) -> String {
    let escaped = error
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!DOCTYPE html>\n<html lang=\"sv\"><meta charset=\"utf-8\"><title>upplint</title>\
         <p>Rapporten kunde inte skapas: {escaped}</p></html>\n"
    )
}

/// Everything the template shows.
#[derive(Debug, Serialize)]
struct Page {
    as_of: String,
    summary: SummaryView,
    severities: Vec<FilterOption>,
    packs_in_findings: Vec<FilterOption>,
    documents: Vec<DocumentView>,
    unreadable: Vec<UnreadableView>,
    packs: Vec<PackView>,
}

#[derive(Debug, Serialize)]
struct SummaryView {
    files: usize,
    unreadable: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

/// One checkbox of the filters: `key` goes into ids and data attributes, so it is never document text.
#[derive(Debug, Serialize)]
struct FilterOption {
    key: String,
    label: String,
    count: usize,
}

#[derive(Debug, Serialize)]
struct DocumentView {
    anchor: String,
    path: String,
    findings: usize,
    dropped: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    by_pack: Vec<FilterOption>,
    lix: Option<LixView>,
    chart: Option<Chart>,
    groups: Vec<GroupView>,
}

#[derive(Debug, Serialize)]
struct LixView {
    value: String,
    level: &'static str,
    words: usize,
}

/// Findings under one heading path (or one part, or the document as a whole).
#[derive(Debug, Serialize)]
struct GroupView {
    title: String,
    findings: Vec<FindingView>,
}

#[derive(Debug, Serialize)]
struct FindingView {
    severity: &'static str,
    severity_label: &'static str,
    pack_key: String,
    rule: String,
    message: String,
    location: String,
    before: String,
    matched: String,
    after: String,
    has_context: bool,
    suggestion: Option<String>,
    help: Option<String>,
    source: Option<String>,
    /// Only http(s) links; anything else is shown as text.
    url: Option<String>,
    related: Vec<String>,
}

#[derive(Debug, Serialize)]
struct UnreadableView {
    path: String,
    reason: String,
}

#[derive(Debug, Serialize)]
struct PackView {
    name: String,
    version: String,
    origin: String,
}

/// A horizontal bar chart of LIX per section, as SVG geometry (labels are text, not colour alone).
#[derive(Debug, Serialize)]
struct Chart {
    width: u32,
    height: u32,
    label_width: u32,
    scale_marks: Vec<ScaleMark>,
    bars: Vec<Bar>,
    description: String,
}

#[derive(Debug, Serialize)]
struct ScaleMark {
    x: u32,
    label: String,
}

#[derive(Debug, Serialize)]
struct Bar {
    y: u32,
    text_y: u32,
    width: u32,
    value_x: u32,
    label: String,
    full_label: String,
    value: String,
    level_class: &'static str,
}

const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

impl Page {
    fn from_report(report: &Report) -> Page {
        let packs = pack_keys(report);
        let by_path = super::by_path(&report.findings);
        let stats: HashMap<&str, &DocStats> = report
            .documents
            .iter()
            .map(|d| (d.path.as_str(), d))
            .collect();
        let documents = report
            .files
            .iter()
            .filter(|f| f.status == "ok")
            .enumerate()
            .map(|(i, file)| {
                let findings = by_path
                    .get(file.path.as_str())
                    .map_or(&[][..], Vec::as_slice);
                let stats = stats.get(file.path.as_str()).copied();
                document_view(i, file, findings, stats, &packs)
            })
            .collect();
        let s = &report.summary;
        Page {
            as_of: report.as_of.to_string(),
            summary: SummaryView {
                files: s.files,
                unreadable: s.files_unreadable,
                findings: s.findings,
                errors: s.errors,
                warnings: s.warnings,
                infos: s.infos,
            },
            severities: SEVERITIES
                .iter()
                .map(|&sev| FilterOption {
                    key: sev.as_str().to_string(),
                    label: severity_label(sev).to_string(),
                    count: report.findings.iter().filter(|f| f.severity == sev).count(),
                })
                .collect(),
            packs_in_findings: pack_options(report.findings.iter(), &packs),
            documents,
            unreadable: report
                .files
                .iter()
                .filter(|f| f.status == "error")
                .map(unreadable_view)
                .collect(),
            packs: report
                .packs
                .iter()
                .map(|p| PackView {
                    name: p.name.clone(),
                    version: p.version.clone(),
                    origin: p.origin.clone(),
                })
                .collect(),
        }
    }
}

/// Pack names in report order, then any pack that only findings name; a pack's key is `p` + its index.
fn pack_keys(report: &Report) -> Vec<String> {
    let mut names: Vec<String> = report.packs.iter().map(|p| p.name.clone()).collect();
    for finding in &report.findings {
        let pack = pack_of(&finding.rule);
        if !names.iter().any(|n| n == pack) {
            names.push(pack.to_string());
        }
    }
    names
}

fn pack_key(packs: &[String], rule: &str) -> String {
    let pack = pack_of(rule);
    let index = packs.iter().position(|p| p == pack).unwrap_or(packs.len());
    format!("p{index}")
}

/// The pack a rule id belongs to: the part before the first `/`.
fn pack_of(rule: &str) -> &str {
    rule.split_once('/').map_or(rule, |(pack, _)| pack)
}

/// One filter option per pack that has findings among `findings`, in pack order.
fn pack_options<'f>(
    findings: impl Iterator<Item = &'f Finding>,
    packs: &[String],
) -> Vec<FilterOption> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for finding in findings {
        *counts.entry(pack_of(&finding.rule)).or_default() += 1;
    }
    packs
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let count = counts.get(name.as_str()).copied().unwrap_or(0);
            (count > 0).then(|| FilterOption {
                key: format!("p{i}"),
                label: name.clone(),
                count,
            })
        })
        .collect()
}

fn document_view(
    index: usize,
    file: &FileStatus,
    findings: &[&Finding],
    stats: Option<&DocStats>,
    packs: &[String],
) -> DocumentView {
    let count = |sev: Severity| findings.iter().filter(|f| f.severity == sev).count();
    DocumentView {
        anchor: format!("dokument-{}", index + 1),
        path: file.path.clone(),
        findings: findings.len(),
        dropped: file.findings_dropped,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        infos: count(Severity::Info),
        by_pack: pack_options(findings.iter().copied(), packs),
        lix: stats.and_then(lix_view),
        chart: stats.and_then(|s| chart(&s.sections)),
        groups: group_findings(findings, packs),
    }
}

fn lix_view(stats: &DocStats) -> Option<LixView> {
    (stats.words > 0).then(|| LixView {
        value: format!("{:.0}", stats.lix.round()),
        level: lix_level(stats.lix.round()),
        words: stats.words,
    })
}

/// The usual Swedish reading of the LIX scale.
fn lix_level(lix: f64) -> &'static str {
    match lix {
        x if x < 25.0 => "mycket lättläst",
        x if x < 30.0 => "lättläst",
        x if x < 40.0 => "medelsvår",
        x if x < 50.0 => "svår",
        x if x < 60.0 => "mycket svår",
        _ => "extremt svår",
    }
}

fn lix_class(lix: f64) -> &'static str {
    match lix {
        x if x < 40.0 => "lix-lagom",
        x if x < 50.0 => "lix-svar",
        _ => "lix-mycket-svar",
    }
}

const CHART_WIDTH: u32 = 720;
const LABEL_WIDTH: u32 = 300;
const BAR_AREA: u32 = 300;
const ROW_HEIGHT: u32 = 26;
const BAR_HEIGHT: u32 = 18;
const TOP: u32 = 24;

/// The LIX chart of a document's sections; None when there is nothing to draw.
fn chart(sections: &[SectionStats]) -> Option<Chart> {
    if sections.is_empty() {
        return None;
    }
    let highest = sections.iter().map(|s| s.lix).fold(60.0_f64, f64::max);
    let scale_max = (highest / 10.0).ceil() * 10.0;
    let to_px = |lix: f64| ((lix.max(0.0) / scale_max) * f64::from(BAR_AREA)).round() as u32;
    let bars: Vec<Bar> = sections
        .iter()
        .enumerate()
        .map(|(i, section)| {
            let lix = section.lix.round();
            let y = TOP + (i as u32) * ROW_HEIGHT;
            let width = to_px(section.lix).max(1);
            let full_label = section_title(&section.heading_path);
            Bar {
                y,
                text_y: y + BAR_HEIGHT - 4,
                width,
                value_x: LABEL_WIDTH + width + 6,
                label: shorten(
                    section
                        .heading_path
                        .last()
                        .map_or(full_label.as_str(), String::as_str),
                    38,
                ),
                value: format!("{lix:.0} ({})", lix_level(lix)),
                full_label,
                level_class: lix_class(lix),
            }
        })
        .collect();
    let scale_marks = (0..=(scale_max as u32))
        .step_by(10)
        .map(|value| ScaleMark {
            x: LABEL_WIDTH + to_px(f64::from(value)),
            label: value.to_string(),
        })
        .collect();
    let description = sections
        .iter()
        .map(|s| {
            format!(
                "{}: LIX {:.0}",
                section_title(&s.heading_path),
                s.lix.round()
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    Some(Chart {
        width: CHART_WIDTH,
        height: TOP + (sections.len() as u32) * ROW_HEIGHT + 4,
        label_width: LABEL_WIDTH,
        scale_marks,
        bars,
        description,
    })
}

fn section_title(heading_path: &[String]) -> String {
    if heading_path.is_empty() {
        "Inledning (före första rubriken)".to_string()
    } else {
        heading_path.join(" › ")
    }
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{cut}…")
}

/// Groups findings by section in document order: the document as a whole first, then heading paths and
/// other parts in the order they first occur.
fn group_findings(findings: &[&Finding], packs: &[String]) -> Vec<GroupView> {
    let mut groups: Vec<GroupView> = Vec::new();
    for finding in findings {
        let title = group_title(finding);
        let view = finding_view(finding, packs);
        match groups.iter_mut().find(|g| g.title == title) {
            Some(group) => group.findings.push(view),
            None => groups.push(GroupView {
                title,
                findings: vec![view],
            }),
        }
    }
    if let Some(whole) = groups.iter().position(|g| g.title == WHOLE_DOCUMENT) {
        let group = groups.remove(whole);
        groups.insert(0, group);
    }
    groups
}

const WHOLE_DOCUMENT: &str = "Hela dokumentet";

fn group_title(finding: &Finding) -> String {
    let location = &finding.location;
    if is_document_level(finding) {
        return WHOLE_DOCUMENT.to_string();
    }
    match location.part {
        Some(Part::Body) | None => section_title(&location.heading),
        Some(Part::Sheet) => format!("Blad {}", location.sheet.as_deref().unwrap_or("?")),
        Some(Part::Line) => "Text".to_string(),
        Some(part) => capitalise(&part_label(part, location)),
    }
}

/// A finding about the document as a whole (no block, no matched text).
fn is_document_level(finding: &Finding) -> bool {
    finding.block.is_none() && finding.matched.is_empty() && finding.location.paragraph == 0
}

fn part_label(part: Part, location: &Location) -> String {
    let number = location
        .part_name
        .as_deref()
        .and_then(|n| n.rsplit('/').next())
        .map(|file| {
            file.trim_end_matches(".xml")
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
        })
        .filter(|digits| !digits.is_empty());
    match number {
        Some(n) => format!("{} {n}", part.swedish()),
        None => part.swedish().to_string(),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn finding_view(finding: &Finding, packs: &[String]) -> FindingView {
    let (before, matched, after) = split_context(finding);
    FindingView {
        severity: finding.severity.as_str(),
        severity_label: severity_label(finding.severity),
        pack_key: pack_key(packs, &finding.rule),
        rule: finding.rule.clone(),
        message: finding.message.clone(),
        location: if is_document_level(finding) {
            "hela dokumentet".to_string()
        } else {
            finding.location.describe()
        },
        has_context: !finding.context.is_empty(),
        before,
        matched,
        after,
        suggestion: finding.suggestion.clone(),
        help: finding.help.clone(),
        source: finding.source.clone(),
        url: finding.url.clone().filter(|u| is_web_link(u)),
        related: finding
            .related
            .iter()
            .map(|r| format!("{} › {}: {}", r.path, r.location.describe(), r.message))
            .collect(),
    }
}

/// The context split around the match; out-of-range offsets show the context without a highlight.
fn split_context(finding: &Finding) -> (String, String, String) {
    let context = finding.context.as_str();
    let (start, end) = finding.context_range;
    match (
        context.get(..start),
        context.get(start..end),
        context.get(end..),
    ) {
        (Some(before), Some(matched), Some(after)) => {
            (before.to_string(), matched.to_string(), after.to_string())
        }
        _ => (context.to_string(), String::new(), String::new()),
    }
}

fn is_web_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Fel",
        Severity::Warning => "Varning",
        Severity::Info => "Info",
    }
}

fn unreadable_view(file: &FileStatus) -> UnreadableView {
    UnreadableView {
        path: file.path.clone(),
        reason: file
            .error_sv
            .clone()
            .or_else(|| file.error.clone())
            .unwrap_or_else(|| "okänt fel".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lix_levels_follow_the_usual_scale() {
        assert_eq!(lix_level(24.9), "mycket lättläst");
        assert_eq!(lix_level(35.0), "medelsvår");
        assert_eq!(lix_level(52.0), "mycket svår");
        assert_eq!(lix_level(75.0), "extremt svår");
    }

    #[test]
    fn chart_scales_to_the_highest_section_and_labels_every_bar() {
        let sections = vec![
            SectionStats {
                heading_path: vec![],
                lix: 30.0,
                words: 100,
            },
            SectionStats {
                heading_path: vec![
                    "1 Krav".into(),
                    "1.1 Ett mycket långt rubriknamn som inte får plats i diagrammet".into(),
                ],
                lix: 72.4,
                words: 80,
            },
        ];
        let chart = chart(&sections).unwrap();
        assert_eq!(chart.bars.len(), 2);
        assert_eq!(chart.scale_marks.last().unwrap().label, "80");
        assert_eq!(chart.bars[1].width, 272);
        assert_eq!(chart.bars[1].value, "72 (extremt svår)");
        assert!(chart.bars[1].label.ends_with('…'));
        assert_eq!(chart.bars[0].label, "Inledning (före första rubriken)");
        assert!(chart.description.contains("1 Krav › 1.1"));
    }

    #[test]
    fn only_web_links_become_links() {
        assert!(is_web_link("https://www.upphandlingsmyndigheten.se/"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("file:///etc/passwd"));
    }
}
