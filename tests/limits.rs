//! Every limit on untrusted input, set low on a normal fixture through the real binary: each one hit is a
//! named file error (or, for findings, a count of the findings left out) whose message says which flag
//! and which `[limits]` key raise it; the same limits work from `upplint.toml`, and a flag wins over it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

fn upplint(args: &[&str]) -> Output {
    common::upplint_at_root(args)
}

/// The one file's entry of a JSON report, and the exit status.
fn check_json(file: &str, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["check", "--format", "json"];
    if !extra.contains(&"--config") {
        args.push("--no-config");
    }
    args.extend_from_slice(extra);
    args.push(file);
    let out = upplint(&args);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    (out.status.code().unwrap(), files[0].clone())
}

/// Refused with `code`, exit status 2, and a message naming both the flag and the config key.
fn assert_refused(file: &str, extra: &[&str], code: &str, flag: &str, key: &str) {
    let (status, entry) = check_json(file, extra);
    assert_eq!(status, 2, "{entry}");
    assert_eq!(entry["status"], "error", "{entry}");
    assert_eq!(entry["error_code"], code, "{entry}");
    let message = entry["error"].as_str().unwrap();
    assert!(message.contains(flag), "{message} should name {flag}");
    assert!(
        message.contains(&format!("[limits] {key}")),
        "{message} should name [limits] {key}"
    );
    assert!(!entry["error_sv"].as_str().unwrap().is_empty());
}

fn assert_reads(file: &str, extra: &[&str]) {
    let (status, entry) = check_json(file, extra);
    assert!(status == 0 || status == 1, "{entry}");
    assert_eq!(entry["status"], "ok", "{entry}");
}

const DOCX: &str = "fixtures/upphandlingsdokument-ren.docx";
const XLSX: &str = "fixtures/prisbilaga.xlsx";

#[test]
fn max_file_size() {
    assert_refused(
        DOCX,
        &["--max-file-size", "1000"],
        "file-too-large",
        "--max-file-size",
        "max_file_size",
    );
    assert_refused(
        "fixtures/anteckningar.txt",
        &["--max-file-size", "10"],
        "file-too-large",
        "--max-file-size",
        "max_file_size",
    );
    assert_reads(DOCX, &["--max-file-size", "100000"]);
}

#[test]
fn max_part_size() {
    for file in [DOCX, XLSX, "fixtures/upphandlingsplan-2026.xlsx"] {
        assert_refused(
            file,
            &["--max-part-size", "500"],
            "part-too-large",
            "--max-part-size",
            "max_part_size",
        );
    }
    assert_reads(DOCX, &["--max-part-size", "1000000"]);
}

#[test]
fn max_xml_depth() {
    for file in [DOCX, XLSX] {
        assert_refused(
            file,
            &["--max-xml-depth", "3"],
            "xml-too-deep",
            "--max-xml-depth",
            "max_xml_depth",
        );
    }
    assert_reads(DOCX, &["--max-xml-depth", "40"]);
}

#[test]
fn max_cells() {
    assert_refused(
        XLSX,
        &["--max-cells", "5"],
        "too-many-cells",
        "--max-cells",
        "max_cells",
    );
    assert_reads(XLSX, &["--max-cells", "100000"]);
}

#[test]
fn max_blocks() {
    assert_refused(
        "fixtures/anteckningar.txt",
        &["--max-blocks", "2"],
        "too-many-blocks",
        "--max-blocks",
        "max_blocks",
    );
    assert_refused(
        DOCX,
        &["--max-blocks", "3"],
        "too-many-blocks",
        "--max-blocks",
        "max_blocks",
    );
    assert_reads(DOCX, &["--max-blocks", "10000"]);
    // The default holds a megabyte of empty lines off (each line costs a block of a few hundred bytes).
    let dir = tempfile::tempdir().unwrap();
    let lines = dir.path().join("tomma-rader.txt");
    std::fs::write(&lines, "\n".repeat(1_000_001)).unwrap();
    let (status, entry) = check_json(lines.to_str().unwrap(), &[]);
    assert_eq!(
        (status, entry["error_code"].as_str()),
        (2, Some("too-many-blocks"))
    );
}

/// Findings past the limit are counted, not built: a flood of matches costs no memory per match.
#[test]
fn a_flood_of_findings_is_counted_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    let flood = dir.path().join("mall.txt");
    std::fs::write(&flood, "[Ange datum] och [Ange tid]\n".repeat(100_000)).unwrap();
    let (status, entry) = check_json(flood.to_str().unwrap(), &["--max-findings", "10"]);
    assert_eq!(status, 1, "{entry}");
    assert_eq!(entry["findings"], 10, "{entry}");
    assert_eq!(entry["findings_dropped"], 199_990, "{entry}");
}

/// A copy of a fixture with one part padded by `pad` spaces (which compress about 1000:1).
fn padded(fixture: &str, part: &str, pad: usize, dir: &Path) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture);
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&source).unwrap()).unwrap();
    let target = dir.join(source.file_name().unwrap());
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&target).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let mut found = false;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        if entry.name().unwrap() != part {
            writer.raw_copy_file(entry).unwrap();
            continue;
        }
        found = true;
        let mut xml = String::new();
        entry.read_to_string(&mut xml).unwrap();
        drop(entry);
        // Whitespace before the last end tag is ignorable in any XML part.
        let at = xml.rfind("</").unwrap();
        writer.start_file(part, options).unwrap();
        writer.write_all(&xml.as_bytes()[..at]).unwrap();
        let spaces = vec![b' '; 1 << 20];
        for _ in 0..pad >> 20 {
            writer.write_all(&spaces).unwrap();
        }
        writer.write_all(&xml.as_bytes()[at..]).unwrap();
    }
    assert!(found, "{fixture} has no {part}");
    writer.finish().unwrap();
    target
}

#[test]
fn max_compression_ratio() {
    let dir = tempfile::tempdir().unwrap();
    // The ratio is held against parts that inflate past 16 MiB only: small, repetitive XML
    // legitimately compresses several hundred to one.
    let docx = padded(DOCX, "word/document.xml", 17 << 20, dir.path());
    let docx = docx.to_str().unwrap();
    assert_refused(
        docx,
        &[],
        "too-compressed",
        "--max-compression-ratio",
        "max_compression_ratio",
    );
    assert_reads(docx, &["--max-compression-ratio", "5000"]);
    let xlsx = padded(XLSX, "xl/styles.xml", 17 << 20, dir.path());
    let xlsx = xlsx.to_str().unwrap();
    assert_refused(
        xlsx,
        &["--max-compression-ratio", "50"],
        "too-compressed",
        "--max-compression-ratio",
        "max_compression_ratio",
    );
    assert_reads(xlsx, &["--max-compression-ratio", "5000"]);
}

#[test]
fn max_findings() {
    let config = "tests/data/snapshot/upplint.toml";
    let file = "fixtures/direktupphandling-forfragan.docx";
    let (status, all) = check_json(file, &["--config", config]);
    assert_eq!(status, 1);
    let total = all["findings"].as_u64().unwrap();
    assert!(total >= 3, "{all}");
    let (status, entry) = check_json(file, &["--config", config, "--max-findings", "2"]);
    assert_eq!(status, 1);
    assert_eq!(entry["findings"], 2, "{entry}");
    assert_eq!(
        entry["findings_dropped"].as_u64(),
        Some(total - 2),
        "{entry}"
    );
    let human = upplint(&["check", "--config", config, "--max-findings", "2", file]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("--max-findings") && text.contains("[limits] max_findings_per_file"),
        "{text}"
    );
}

/// `[limits]` in upplint.toml: every key is read, and a flag wins over it.
#[test]
fn limits_from_config() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("upplint.toml");
    std::fs::write(
        &config,
        "[limits]\nmax_file_size = 1000000\nmax_part_size = 1000000\nmax_compression_ratio = 200\n\
         max_xml_depth = 3\nmax_cells = 5\nmax_blocks = 1000000\nmax_findings_per_file = 1\n",
    )
    .unwrap();
    let config = config.to_str().unwrap();
    assert_refused(
        DOCX,
        &["--config", config],
        "xml-too-deep",
        "--max-xml-depth",
        "max_xml_depth",
    );
    assert_reads(DOCX, &["--config", config, "--max-xml-depth", "64"]);
    assert_refused(
        XLSX,
        &["--config", config, "--max-xml-depth", "64"],
        "too-many-cells",
        "--max-cells",
        "max_cells",
    );
    for (key, value, code) in [
        ("max_file_size", "1000", "file-too-large"),
        ("max_part_size", "500", "part-too-large"),
    ] {
        let config = dir.path().join(format!("{key}.toml"));
        std::fs::write(&config, format!("[limits]\n{key} = {value}\n")).unwrap();
        let (status, entry) = check_json(DOCX, &["--config", config.to_str().unwrap()]);
        assert_eq!((status, entry["error_code"].as_str()), (2, Some(code)));
    }
}

#[test]
fn an_unknown_limit_in_config_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("upplint.toml");
    std::fs::write(&config, "[limits]\nmax_file_sise = 10\n").unwrap();
    let out = upplint(&["check", "--config", config.to_str().unwrap(), DOCX]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("max_file_sise"), "{stderr}");
}

#[test]
fn dump_takes_the_limit_flags_too() {
    let out = upplint(&["dump", "--max-xml-depth", "3", DOCX]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--max-xml-depth"));
    let out = upplint(&["dump", DOCX]);
    assert_eq!(out.status.code(), Some(0));
}
