//! The HTML report: every finding shown and escaped, document text never becomes markup, the page is
//! self-contained, and in a real browser every match is visible and the filters work.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::{chromium_dom, external, fixtures, test_config, test_rules};
use upplint::read::Limits;
use upplint::report::html;
use upplint::run::{Report, run};

fn report_for(paths: &[PathBuf]) -> Report {
    run(paths, &test_rules(), &Limits::default())
}

/// minijinja's HTML escaping (the characters it replaces).
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

#[test]
fn every_finding_is_in_the_page_with_match_rule_and_message_escaped() {
    let report = report_for(&[fixtures()]);
    assert!(report.findings.len() > 30, "the test pack finds plenty");
    let page = html::render(&report);
    for finding in &report.findings {
        assert!(
            page.contains(&escaped(&finding.rule)),
            "rule {}",
            finding.rule
        );
        assert!(
            page.contains(&escaped(&finding.message)),
            "message {}",
            finding.message
        );
        if !finding.matched.is_empty() {
            let mark = format!("<mark>{}</mark>", escaped(&finding.matched));
            assert!(page.contains(&mark), "{mark}");
        }
        if let Some(suggestion) = &finding.suggestion {
            assert!(page.contains(&escaped(suggestion)));
        }
    }
    for file in &report.files {
        assert!(page.contains(&escaped(&file.path)), "{}", file.path);
        if let Some(reason) = &file.error_sv {
            assert!(page.contains(&escaped(reason)), "{reason}");
        }
    }
    for pack in &report.packs {
        assert!(page.contains(&escaped(&pack.name)) && page.contains(&escaped(&pack.version)));
    }
    assert!(page.contains("2026-11-21"));
    let articles = page.matches("<article class=\"finding").count();
    assert_eq!(articles, report.findings.len(), "one article per finding");
}

#[test]
fn the_page_is_self_contained_swedish_and_accessible() {
    let page = html::render(&report_for(&[fixtures()]));
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<html lang=\"sv\">"));
    for external in ["<link", " src=", "@import", "url(", "<iframe", "<img"] {
        assert!(!page.contains(external), "nothing fetched: {external}");
    }
    assert_eq!(page.matches("<h1>").count(), 1);
    assert!(page.contains("<h2") && page.contains("<h3>") && page.contains("<h4>"));
    // Every filter checkbox has a label, and all start checked so everything shows without script.
    let boxes = page.matches("type=\"checkbox\"").count();
    assert!(boxes >= 4);
    assert_eq!(page.matches("<label for=\"filter-").count(), boxes);
    assert_eq!(page.matches(" checked>").count(), boxes);
    assert!(
        !page.contains("\" hidden"),
        "nothing is hidden before the script runs"
    );
    assert!(page.contains("@media print"));
    assert!(page.contains("<svg class=\"chart\" role=\"img\""));
    assert!(page.contains("LIX per avsnitt"));
    assert!(page.contains("Filer som inte kunde läsas") || !page.contains("olasbara\""));
}

#[test]
fn markup_in_a_document_stays_inert_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("<b>fet<&#x2f;b>.txt");
    std::fs::write(
        &path,
        "Leverantören skall <script>alert('x')</script> och <img src=x onerror=alert(1)> svara.\n\
         Datum: [Ange <i>datum</i> \"nu\"]\n",
    )
    .unwrap();
    let report = report_for(&[path]);
    assert_eq!(report.findings.len(), 2, "{:#?}", report.findings);
    let page = html::render(&report);
    for live in ["<script>alert", "<img src", "<i>datum", "<b>fet"] {
        assert!(!page.contains(live), "{live} must be escaped");
    }
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the report's own script"
    );
    assert!(page.contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;&#x2f;script&gt;"));
    assert!(page.contains("<mark>[Ange &lt;i&gt;datum&lt;&#x2f;i&gt; &quot;nu&quot;]</mark>"));
    assert!(page.contains("&lt;b&gt;fet&lt;&amp;#x2f;b&gt;.txt"));
}

#[test]
fn json_report_carries_document_stats() {
    let output = Command::new(env!("CARGO_BIN_EXE_upplint"))
        .args(["check", "--format", "json", "--config"])
        .arg(test_config())
        .arg(fixtures().join("direktupphandling-forfragan.docx"))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let documents = json["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 1);
    let doc = &documents[0];
    assert!(
        doc["path"]
            .as_str()
            .unwrap()
            .ends_with("direktupphandling-forfragan.docx")
    );
    assert!(doc["lix"].as_f64().unwrap() > 20.0);
    assert!(doc["words"].as_u64().unwrap() > 100);
    let sections = doc["sections"].as_array().unwrap();
    assert!(sections.len() >= 5);
    assert!(
        sections
            .iter()
            .any(|s| s["heading_path"][0] == "1 Administrativa föreskrifter")
    );
}

/// Writes the report for the fixtures with the CLI, as a person would.
fn cli_report(dir: &Path) -> PathBuf {
    let out = dir.join("rapport.html");
    let status = Command::new(env!("CARGO_BIN_EXE_upplint"))
        .args(["check", "--format", "html", "--config"])
        .arg(test_config())
        .arg("--output")
        .arg(&out)
        .arg(fixtures())
        .status()
        .unwrap();
    assert!(
        matches!(status.code(), Some(1 | 2)),
        "findings (1), or unreadable files (2): {status}"
    );
    out
}

/// A copy of the page with a probe that lists, as JSON, the text of every `<mark>` the browser lays out.
fn with_visibility_probe(page: &str) -> String {
    let probe = r#"<script>
var visible = Array.prototype.slice.call(document.querySelectorAll("mark"))
  .filter(function (m) { return m.getClientRects().length > 0 && getComputedStyle(m).visibility !== "hidden"; })
  .map(function (m) { return m.textContent; });
var pre = document.createElement("pre");
pre.id = "probe";
pre.textContent = JSON.stringify(visible);
document.body.appendChild(pre);
</script>
</body>"#;
    page.replace("</body>", probe)
}

fn probe_result(dom: &str) -> Vec<String> {
    let start = dom.find("<pre id=\"probe\">").expect("probe ran") + "<pre id=\"probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap()
}

#[test]
fn chromium_shows_every_match() {
    let Some(chromium) = external("chromium", "chromium_shows_every_match") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(cli_report(dir.path())).unwrap();
    let probed = dir.path().join("probe.html");
    std::fs::write(&probed, with_visibility_probe(&page)).unwrap();
    let dom = chromium_dom(&chromium, &probed);
    let mut visible = probe_result(&dom);
    let report = report_for(&[fixtures()]);
    let mut expected: Vec<String> = report
        .findings
        .iter()
        .filter(|f| !f.matched.is_empty())
        .map(|f| f.matched.clone())
        .collect();
    visible.sort();
    expected.sort();
    assert_eq!(visible, expected);
    let total = report.findings.len();
    assert!(
        dom.contains(&format!("Alla {total} fynd visas.")),
        "the filter script ran"
    );
}

#[test]
fn chromium_filters_hide_unchecked_severities() {
    let Some(chromium) = external("chromium", "chromium_filters_hide_unchecked_severities") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(cli_report(dir.path())).unwrap();
    let unchecked = page.replace(
        "id=\"filter-error\" data-filter=\"severity\" value=\"error\" checked>",
        "id=\"filter-error\" data-filter=\"severity\" value=\"error\">",
    );
    assert_ne!(unchecked, page);
    let file = dir.path().join("filtrerad.html");
    std::fs::write(&file, with_visibility_probe(&unchecked)).unwrap();
    let dom = chromium_dom(&chromium, &file);
    let errors = dom.matches("<article class=\"finding error\"").count();
    assert!(errors > 0);
    assert_eq!(
        dom.matches("data-severity=\"error\" data-pack=\"p0\" hidden=\"\"")
            .count(),
        errors
    );
    assert!(!dom.contains("data-severity=\"warning\" data-pack=\"p0\" hidden"));
    let report = report_for(&[fixtures()]);
    let shown = report
        .findings
        .iter()
        .filter(|f| f.severity != upplint::finding::Severity::Error)
        .count();
    assert!(dom.contains(&format!("Visar {shown} av {} fynd.", report.findings.len())));
    let visible = probe_result(&dom);
    let shown_matches = report
        .findings
        .iter()
        .filter(|f| f.severity != upplint::finding::Severity::Error && !f.matched.is_empty())
        .count();
    assert_eq!(
        visible.len(),
        shown_matches,
        "hidden findings' matches are not laid out"
    );
}
