//! The JSON report: a stable machine contract (`version` 1).

use crate::run::Report;

pub fn render(report: &Report) -> String {
    let mut text =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// Writes the report as `render` would, without building the text first: a run of many documents
/// has hundreds of megabytes of JSON.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writing_gives_the_rendered_text() {
        let loaded = crate::rules::load(&crate::rules::LoadOptions {
            no_config: true,
            ..Default::default()
        })
        .unwrap();
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let env = crate::check::env::Env::from_layers(&loaded, as_of);
        let rules = crate::check::RuleSet::compile(&loaded, env).unwrap_or_else(|_| panic!());
        let report = crate::run::run(
            &[std::path::PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/fixtures/upphandlingsdokument-stadtjanster.docx"
            ))],
            &rules,
            &crate::read::Limits::default(),
        );
        let mut written = Vec::new();
        write(&report, &mut written).unwrap();
        assert!(report.summary.findings > 0);
        assert_eq!(String::from_utf8(written).unwrap(), render(&report));
    }
}
