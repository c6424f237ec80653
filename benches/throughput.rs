//! Throughput benchmark: `cargo bench --bench throughput [-- --runs N] [-- --quick]`.
//!
//! On a generated corpus (see `benches/corpus/`), in one run and on the same files and cores:
//! 1. the floor: inflate the text-bearing parts (document, headers, footers, notes, comments; sheet XML
//!    and shared strings) and tokenise them with quick-xml, nothing else;
//! 2. reading every file into the document model;
//! 3. the full check with the embedded default packs, as `upplint check` runs it: read, check, and each
//!    file's human report written (here into `io::sink`) as soon as the file is checked, the totals last;
//!
//! each with 1 thread and with all threads. Then: check time with 10 vs 1,000 generated substitution
//! rules, the end-to-end latency of the release binary on one small document, and peak memory of
//! checking 10 vs 1,000 documents.
//!
//! Every measurement runs in a child process (this binary with `--child`), so each has its own peak
//! memory (VmHWM); timings are medians of `--runs` runs (default 5). The report is printed as Markdown
//! and written to `target/bench-corpus/report.md`.

#[path = "corpus/mod.rs"]
#[allow(dead_code)]
mod corpus;

use rayon::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const SEED: u64 = 2026;
/// The check date, so that limits and stale-value rules give the same findings every day.
const AS_OF: &str = "2026-11-21";

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("--child") {
        child(&args[1..]);
        return;
    }
    parent(&args);
}

// ---------------------------------------------------------------------------------------------------
// Child: one phase, one thread count, one measurement
// ---------------------------------------------------------------------------------------------------

/// What one child measured.
#[derive(Debug, Clone, Default)]
struct Sample {
    seconds: f64,
    peak_kb: u64,
    /// Peak before the phase started (binary, rule set, file list).
    base_kb: u64,
    file_bytes: u64,
    xml_bytes: u64,
    words: u64,
    findings: u64,
}

impl Sample {
    fn line(&self) -> String {
        format!(
            "RESULT seconds={} peak_kb={} base_kb={} file_bytes={} xml_bytes={} words={} findings={}",
            self.seconds,
            self.peak_kb,
            self.base_kb,
            self.file_bytes,
            self.xml_bytes,
            self.words,
            self.findings
        )
    }

    fn parse(line: &str) -> Option<Sample> {
        let rest = line.strip_prefix("RESULT ")?;
        let mut s = Sample::default();
        for field in rest.split(' ') {
            let (key, value) = field.split_once('=')?;
            match key {
                "seconds" => s.seconds = value.parse().ok()?,
                "peak_kb" => s.peak_kb = value.parse().ok()?,
                "base_kb" => s.base_kb = value.parse().ok()?,
                "file_bytes" => s.file_bytes = value.parse().ok()?,
                "xml_bytes" => s.xml_bytes = value.parse().ok()?,
                "words" => s.words = value.parse().ok()?,
                "findings" => s.findings = value.parse().ok()?,
                _ => {}
            }
        }
        Some(s)
    }
}

/// `--child PHASE THREADS DIR [CONFIG]`
fn child(args: &[String]) {
    let phase = args.first().expect("phase").as_str();
    let threads: usize = args.get(1).and_then(|t| t.parse().ok()).expect("threads");
    let dir = PathBuf::from(args.get(2).expect("corpus dir"));
    let config = args.get(3).map(PathBuf::from);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    let files = corpus::list(&dir).expect("corpus files");
    let mut sample = match phase {
        "floor" => pool.install(|| floor(&files)),
        "read" => pool.install(|| read(&files)),
        "check" => check(&pool, &dir, config),
        other => panic!("unknown phase {other}"),
    };
    sample.file_bytes = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();
    sample.peak_kb = vm_hwm_kb();
    println!("{}", sample.line());
}

/// Peak resident memory of this process so far, in KiB.
fn vm_hwm_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The parts that hold text a check reads.
fn text_bearing(name: &str) -> bool {
    let word = name.starts_with("word/")
        && name.ends_with(".xml")
        && [
            "document",
            "header",
            "footer",
            "footnotes",
            "endnotes",
            "comments",
        ]
        .iter()
        .any(|p| name["word/".len()..].starts_with(p))
        && !name.contains("/_rels/");
    let sheet = (name.starts_with("xl/worksheets/sheet") && name.ends_with(".xml"))
        || name == "xl/sharedStrings.xml";
    word || sheet
}

fn floor(files: &[PathBuf]) -> Sample {
    let base_kb = vm_hwm_kb();
    let started = Instant::now();
    let xml_bytes: u64 = files.par_iter().map(|f| floor_file(f)).sum();
    Sample {
        seconds: started.elapsed().as_secs_f64(),
        base_kb,
        xml_bytes,
        ..Sample::default()
    }
}

/// Inflates and tokenises the text-bearing parts of one package; returns their inflated size.
fn floor_file(path: &Path) -> u64 {
    let file = std::fs::File::open(path).expect("open");
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).expect("zip");
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        if !entry.name().is_ok_and(|n| text_bearing(&n)) {
            continue;
        }
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut bytes).expect("inflate");
        total += bytes.len() as u64;
        let mut reader = quick_xml::Reader::from_reader(bytes.as_slice());
        let mut events = 0u64;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => events += 1,
                Err(e) => panic!("{}: {e}", path.display()),
            }
        }
        std::hint::black_box(events);
    }
    total
}

fn read(files: &[PathBuf]) -> Sample {
    let limits = upplint::read::Limits::default();
    let base_kb = vm_hwm_kb();
    let started = Instant::now();
    let words: u64 = files
        .par_iter()
        .map(|f| {
            let doc = upplint::read::read_path(f, &limits).expect("readable corpus file");
            doc.blocks
                .iter()
                .map(|b| b.text.split_whitespace().count() as u64)
                .sum::<u64>()
        })
        .sum();
    Sample {
        seconds: started.elapsed().as_secs_f64(),
        base_kb,
        words,
        ..Sample::default()
    }
}

/// The embedded packs (no config), or the packs a config file names; checked as of `AS_OF`.
fn load_rules(config: Option<PathBuf>) -> upplint::check::RuleSet {
    let options = upplint::rules::LoadOptions {
        no_config: config.is_none(),
        config,
        search_from: None,
        extra_packs: Vec::new(),
    };
    let loaded = upplint::rules::load(&options).expect("packs load");
    let as_of = chrono::NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").expect("date");
    let env = upplint::check::env::Env::from_layers(&loaded, as_of);
    upplint::check::RuleSet::compile(&loaded, env)
        .unwrap_or_else(|e| panic!("rules compile: {} problem(s)", e.problems.len()))
}

fn check(pool: &rayon::ThreadPool, dir: &Path, config: Option<PathBuf>) -> Sample {
    use upplint::report::stream::{Head, KeepAll, Streaming, writer};
    use upplint::report::{Format, Style};
    let rules = load_rules(config);
    let limits = upplint::read::Limits::default();
    let files = upplint::discover::discover(&[dir.to_path_buf()]);
    let rule_info = upplint::report::rule_info::RuleInfo::from_set(&rules);
    let head = Head {
        as_of: rules.env.as_of,
        packs: &rules.packs,
        rules: &rule_info,
    };
    let base_kb = vm_hwm_kb();
    let started = Instant::now();
    let (totals, written) = pool.install(|| {
        let (mut out, mut filter) = (std::io::sink(), KeepAll);
        let report = writer(Format::Human, Style::default());
        let mut streaming = Streaming::start(report, &mut out, &mut filter, &head);
        upplint::run::check_files(
            &files,
            &rules,
            &limits,
            &upplint::run::NoProgress,
            &mut streaming,
        );
        streaming.finish()
    });
    let seconds = started.elapsed().as_secs_f64();
    written.expect("the report is written");
    assert_eq!(
        totals.summary.files_unreadable, 0,
        "every corpus file reads"
    );
    let listed = corpus::list(dir).map_or(0, |f| f.len());
    assert_eq!(totals.summary.files, listed, "every corpus file is checked");
    Sample {
        seconds,
        base_kb,
        findings: totals.summary.findings as u64,
        ..Sample::default()
    }
}

// ---------------------------------------------------------------------------------------------------
// Parent: corpora, children, medians, the report
// ---------------------------------------------------------------------------------------------------

struct Options {
    runs: usize,
    scale: bool,
}

fn parent(args: &[String]) {
    let mut options = Options {
        runs: 5,
        scale: true,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--runs" => options.runs = it.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            "--quick" => {
                options.runs = 3;
                options.scale = false;
            }
            "--no-scale" => options.scale = false,
            other => eprintln!("ignoring argument {other}"),
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");
    let started = Instant::now();
    let standard = root.join("standard");
    eprintln!("corpus: {}", standard.display());
    corpus::ensure(&standard, &corpus::Spec::standard(SEED)).expect("generate corpus");
    let mut out = Report::new(&standard);
    out.load_before = load_average();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let thread_counts: Vec<usize> = if cores > 1 { vec![1, cores] } else { vec![1] };
    for &threads in &thread_counts {
        for phase in ["floor", "read", "check"] {
            let sample = measure(phase, threads, &standard, None, options.runs);
            out.phases.push((phase, threads, sample));
        }
    }
    rule_scaling(&root, &standard, cores, options.runs, &mut out);
    out.latency = small_document_latency(&root);
    if options.scale {
        for docs in [10usize, 1000] {
            let dir = root.join(format!("docs-{docs}"));
            corpus::ensure(&dir, &corpus::Spec::documents(SEED, docs)).expect("generate corpus");
            let runs = if docs > 100 { 1 } else { options.runs };
            let sample = measure("check", cores, &dir, None, runs);
            out.scale.push((docs, sample));
        }
    }
    out.load_after = load_average();
    out.total_seconds = started.elapsed().as_secs_f64();
    let text = out.render(cores);
    println!("{text}");
    let _ = std::fs::write(root.join("report.md"), &text);
}

/// Runs the child `runs` times and keeps the median time (and the median peak).
fn measure(phase: &str, threads: usize, dir: &Path, config: Option<&Path>, runs: usize) -> Sample {
    let mut samples: Vec<Sample> = (0..runs.max(1))
        .map(|_| run_child(phase, threads, dir, config))
        .collect();
    let mut peaks: Vec<u64> = samples.iter().map(|s| s.peak_kb).collect();
    peaks.sort_unstable();
    samples.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let mut median = samples[samples.len() / 2].clone();
    median.peak_kb = peaks[peaks.len() / 2];
    eprintln!(
        "  {phase:>5} {threads} thread(s) {}: {:.3} s, peak {} MB ({} runs)",
        dir.file_name().unwrap_or_default().to_string_lossy(),
        median.seconds,
        median.peak_kb / 1024,
        samples.len()
    );
    median
}

fn run_child(phase: &str, threads: usize, dir: &Path, config: Option<&Path>) -> Sample {
    let exe = std::env::current_exe().expect("own path");
    let mut command = Command::new(exe);
    command
        .arg("--child")
        .arg(phase)
        .arg(threads.to_string())
        .arg(dir);
    if let Some(config) = config {
        command.arg(config);
    }
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .expect("run child");
    assert!(output.status.success(), "child {phase} failed");
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .find_map(Sample::parse)
        .expect("child printed a RESULT line")
}

/// Check time of the standard corpus with N generated substitution rules: alone, and added to the
/// default packs.
fn rule_scaling(root: &Path, standard: &Path, threads: usize, runs: usize, out: &mut Report) {
    let packs = root.join("packs");
    for rules in [10usize, 1000] {
        let pack = packs.join(format!("pack-{rules}"));
        corpus::write_substitution_pack(&pack, rules, SEED).expect("write pack");
        let alone = packs.join(format!("only-{rules}.toml"));
        std::fs::write(&alone, format!("packs = [\"./pack-{rules}\"]\n")).expect("config");
        let with_defaults = packs.join(format!("defaults-and-{rules}.toml"));
        std::fs::write(
            &with_defaults,
            format!(
                "packs = [\"lou\", \"hallbarhet\", \"klarsprak\", \"publicering\", \"samstammighet\", \"./pack-{rules}\"]\n"
            ),
        )
        .expect("config");
        let a = measure("check", threads, standard, Some(&alone), runs);
        let b = measure("check", threads, standard, Some(&with_defaults), runs);
        out.rules.push((rules, a, b));
    }
}

/// Median wall time of the release binary checking one small document (start-up, pack loading,
/// reading, checking, rendering), over 30 runs after 3 warm-ups.
fn small_document_latency(root: &Path) -> Vec<(String, f64)> {
    let dir = root.join("small");
    let spec = corpus::Spec {
        seed: SEED,
        docs: 1,
        pages: (2, 2),
        price_sheets: Vec::new(),
        plans: Vec::new(),
    };
    let files = corpus::ensure(&dir, &spec).expect("small corpus");
    let doc = files.first().expect("one document").clone();
    let exe = env!("CARGO_BIN_EXE_upplint");
    let mut results = Vec::new();
    for format in ["human", "json"] {
        let time = || {
            let started = Instant::now();
            let status = Command::new(exe)
                .args(["check", "--no-config", "--as-of", AS_OF, "--format", format])
                .arg(&doc)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("run upplint");
            assert!(
                status.code().is_some_and(|c| c <= 1),
                "upplint check failed"
            );
            started.elapsed().as_secs_f64()
        };
        for _ in 0..3 {
            time();
        }
        let mut times: Vec<f64> = (0..30).map(|_| time()).collect();
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        eprintln!("  latency --format {format}: {:.1} ms", median * 1e3);
        results.push((format!("--format {format}"), median));
    }
    results
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

struct Report {
    corpus: String,
    phases: Vec<(&'static str, usize, Sample)>,
    rules: Vec<(usize, Sample, Sample)>,
    latency: Vec<(String, f64)>,
    scale: Vec<(usize, Sample)>,
    load_before: String,
    load_after: String,
    total_seconds: f64,
}

impl Report {
    fn new(dir: &Path) -> Report {
        let corpus = std::fs::read_to_string(dir.join("CORPUS.spec")).unwrap_or_default();
        Report {
            corpus: corpus.trim().to_string(),
            phases: Vec::new(),
            rules: Vec::new(),
            latency: Vec::new(),
            scale: Vec::new(),
            load_before: String::new(),
            load_after: String::new(),
            total_seconds: 0.0,
        }
    }

    fn phase(&self, name: &str, threads: usize) -> Option<&Sample> {
        self.phases
            .iter()
            .find(|(p, t, _)| *p == name && *t == threads)
            .map(|(_, _, s)| s)
    }

    fn render(&self, cores: usize) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        let floor = self.phase("floor", cores);
        let read = self.phase("read", cores);
        let (file_bytes, xml_bytes, words) = (
            floor.map_or(0, |f| f.file_bytes),
            floor.map_or(0, |f| f.xml_bytes),
            read.map_or(0, |r| r.words),
        );
        let _ = writeln!(s, "## Throughput ({})\n", self.corpus);
        let _ = writeln!(
            s,
            "Corpus: {:.1} MB of files, {:.1} MB of inflated text-bearing XML, {:.2} M words. MB/s are of \
             the files' bytes on disk (compressed) and, in brackets, of the inflated text-bearing XML. \
             Load average before/after: {} / {}.\n",
            file_bytes as f64 / 1e6,
            xml_bytes as f64 / 1e6,
            words as f64 / 1e6,
            self.load_before,
            self.load_after
        );
        let _ = writeln!(
            s,
            "| phase | threads | median s | MB/s (XML MB/s) | words/s | × floor | peak MB (before phase) |"
        );
        let _ = writeln!(s, "|---|---|---|---|---|---|---|");
        for (phase, threads, sample) in &self.phases {
            let floor_s = self
                .phase("floor", *threads)
                .map_or(f64::NAN, |f| f.seconds);
            let name = match *phase {
                "check" => "check + human report",
                other => other,
            };
            let seconds = sample.seconds;
            let _ = writeln!(
                s,
                "| {name} | {threads} | {seconds:.3} | {:.1} ({:.1}) | {:.2} M | {:.2} | {} ({}) |",
                file_bytes as f64 / 1e6 / seconds,
                xml_bytes as f64 / 1e6 / seconds,
                words as f64 / 1e6 / seconds,
                seconds / floor_s,
                sample.peak_kb / 1024,
                sample.base_kb / 1024
            );
        }
        if let Some(check) = self.phase("check", cores) {
            let _ = writeln!(s, "\nFindings on the corpus: {}.", check.findings);
        }
        let _ = writeln!(
            s,
            "\n## Rule count ({cores} threads, check of the same corpus)\n\n| substitution rules | alone: s | findings | with the default packs: s | findings |\n|---|---|---|---|---|"
        );
        for (rules, alone, with) in &self.rules {
            let _ = writeln!(
                s,
                "| {rules} | {:.3} | {} | {:.3} | {} |",
                alone.seconds, alone.findings, with.seconds, with.findings
            );
        }
        if let [(_, a10, d10), (_, a1000, d1000)] = self.rules.as_slice() {
            let _ = writeln!(
                s,
                "\n1,000 vs 10 rules: {:.2}× alone, {:.2}× with the default packs.",
                a1000.seconds / a10.seconds,
                d1000.seconds / d10.seconds
            );
        }
        let _ = writeln!(
            s,
            "\n## One small document, end to end (release binary, median of 30)\n"
        );
        for (what, seconds) in &self.latency {
            let _ = writeln!(s, "- `upplint check {what}`: {:.1} ms", seconds * 1e3);
        }
        if !self.scale.is_empty() {
            let _ = writeln!(
                s,
                "\n## Memory against the number of documents ({cores} threads, check)\n\n| documents | MB of files | median s | peak MB |\n|---|---|---|---|"
            );
            for (docs, sample) in &self.scale {
                let _ = writeln!(
                    s,
                    "| {docs} | {:.1} | {:.2} | {} |",
                    sample.file_bytes as f64 / 1e6,
                    sample.seconds,
                    sample.peak_kb / 1024
                );
            }
            if let [(_, small), (_, large)] = self.scale.as_slice() {
                let _ = writeln!(
                    s,
                    "\n1,000 vs 10 documents: {:.2}× the peak memory.",
                    large.peak_kb as f64 / small.peak_kb as f64
                );
            }
        }
        let _ = writeln!(s, "\nBenchmark wall time: {:.0} s.", self.total_seconds);
        s
    }
}
