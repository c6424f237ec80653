//! JUnit XML for CI test-report views (GitLab, Azure DevOps, Jenkins): one test suite per file, one failing
//! test case per finding, a passing case for a clean file, and an error case for an unreadable one.

use crate::finding::Finding;
use crate::paths::relative_to_cwd;
use crate::run::{FileStatus, Report};
use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};
use std::fmt::Write;

use super::place;

/// The name of the passing test case of a file without findings.
const CLEAN: &str = "inga fynd";
/// The name of the error test case of an unreadable file.
const UNREADABLE: &str = "läsning";

pub fn render(report: &Report) -> String {
    let mut junit = quick_junit::Report::new("upplint");
    let by_path = super::by_path(&report.findings);
    for file in &report.files {
        let findings = by_path
            .get(file.path.as_str())
            .map_or(&[][..], Vec::as_slice);
        junit.add_test_suite(suite(file, findings));
    }
    junit
        .to_string()
        .unwrap_or_else(|e| format!("<!-- upplint: cannot write JUnit XML: {e} -->\n"))
}

fn suite(file: &FileStatus, findings: &[&Finding]) -> TestSuite {
    let path = relative_to_cwd(&file.path);
    let mut suite = TestSuite::new(path.clone());
    if file.status == "error" {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status
            .set_message(format!(
                "Filen kunde inte läsas: {}",
                file.error_sv.as_deref().unwrap_or("")
            ))
            .set_type(file.error_code.unwrap_or("read-error"))
            .set_description(file.error.clone().unwrap_or_default());
        suite.add_test_case(case(UNREADABLE, &path, status));
        return suite;
    }
    let mut any = false;
    for finding in findings {
        suite.add_test_case(finding_case(finding, &path));
        any = true;
    }
    if !any {
        suite.add_test_case(case(CLEAN, &path, TestCaseStatus::success()));
    }
    suite
}

fn case(name: &str, classname: &str, status: TestCaseStatus) -> TestCase {
    let mut case = TestCase::new(name, status);
    case.set_classname(classname);
    case
}

fn finding_case(finding: &Finding, path: &str) -> TestCase {
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
    status
        .set_message(finding.message.clone())
        .set_type(finding.severity.as_str())
        .set_description(description(finding, path));
    let name = format!("{} ({})", finding.rule, place::describe(finding));
    case(&name, path, status)
}

/// The failure's text: where, the paragraph, and what to do.
fn description(finding: &Finding, path: &str) -> String {
    let mut text = format!("{path} › {}", place::describe(finding));
    if !finding.context.is_empty() {
        let _ = write!(text, "\n{}", finding.context);
    }
    if let Some(suggestion) = &finding.suggestion {
        let _ = write!(text, "\nFörslag: {suggestion}");
    }
    if let Some(help) = &finding.help {
        let _ = write!(text, "\n{help}");
    }
    text
}
