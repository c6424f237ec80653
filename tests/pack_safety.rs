//! Rule packs and configs cannot hurt the machine, through the real binary under a memory cap and a
//! timeout: pathological patterns are diagnostics (regex size and DFA limits), a config reads no file
//! but a `pack.toml` in a pack folder (nothing outside is quoted back), links, loops, pipes and huge
//! files are refused by name, and a pack listed twice is refused at its second mention.

mod common;

use common::process::{Outcome, run_capped};
use std::path::Path;

const SECRET: &str = "HEMLIGT-LOSENORD-4711";

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/anteckningar.txt")
        .to_string_lossy()
        .into_owned()
}

/// `upplint check --config CONFIG fixture`: a refused configuration is exit 2 with diagnostics.
fn check_with(config: &Path) -> Outcome {
    let outcome = run_capped(&["check", "--config", config.to_str().unwrap(), &fixture()]);
    assert!(!outcome.timed_out, "hung: {}", outcome.stderr);
    outcome
}

fn assert_refused(outcome: &Outcome, needle: &str) {
    assert_eq!(outcome.status.code(), Some(2), "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains(needle),
        "stderr lacks {needle:?}: {}",
        outcome.stderr
    );
    assert!(
        !outcome.stderr.contains(SECRET)
            && !String::from_utf8_lossy(&outcome.stdout).contains(SECRET),
        "a file outside the pack was quoted"
    );
}

fn pack_with_pattern(pattern: &str) -> String {
    format!(
        "[pack]\nname = \"p\"\nversion = \"1.0.0\"\ndescription = \"d\"\n\n[[rule]]\nid = \"p/r\"\n\
         kind = \"pattern\"\nseverity = \"error\"\nmessage = \"m\"\npatterns = ['{pattern}']\n"
    )
}

#[test]
fn pathological_patterns_are_diagnostics_not_allocations() {
    let patterns = [
        r"(a|aa){1000}{1000}",
        r"\w{5000}\w{5000}\w{5000}",
        r"((((\w{100}){100}){100}){100})",
        r"[\p{L}\p{N}]{100000}",
        r"(?i)(å|ä|ö|\w){2000}{50}",
    ];
    for pattern in patterns {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "p/pack.toml", &pack_with_pattern(pattern));
        write(dir.path(), "upplint.toml", "packs = [\"./p\"]\n");
        let outcome = check_with(&dir.path().join("upplint.toml"));
        assert_refused(&outcome, "does not compile");
        assert!(
            outcome.elapsed.as_secs() < 10,
            "{pattern}: {:?}",
            outcome.elapsed
        );
    }
}

#[test]
fn a_config_names_pack_folders_only_and_quotes_nothing_outside() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "hemligt.txt", &format!("losen = {SECRET}\n"));
    write(
        dir.path(),
        "repo/upplint.toml",
        "packs = [\"../hemligt.txt\"]\n",
    );
    let outcome = check_with(&dir.path().join("repo/upplint.toml"));
    assert_refused(&outcome, "is not a pack folder");
    // Straight at the file on the command line: refused too, since it is not a pack.toml.
    let outcome = run_capped(&[
        "check",
        "--no-config",
        "--pack",
        dir.path().join("hemligt.txt").to_str().unwrap(),
        &fixture(),
    ]);
    assert_refused(&outcome, "a pack file is called pack.toml");
}

#[cfg(unix)]
#[test]
fn links_loops_pipes_and_huge_files_are_refused_by_name() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "hemligt.txt", &format!("losen = {SECRET}\n"));
    // A pack.toml that is a link to another file.
    std::fs::create_dir_all(root.join("lank")).unwrap();
    symlink(root.join("hemligt.txt"), root.join("lank/pack.toml")).unwrap();
    write(root, "a.toml", "packs = [\"./lank\"]\n");
    assert_refused(&check_with(&root.join("a.toml")), "leads to");
    // A folder that is a loop of links.
    symlink(root.join("slinga2"), root.join("slinga1")).unwrap();
    symlink(root.join("slinga1"), root.join("slinga2")).unwrap();
    write(root, "b.toml", "packs = [\"./slinga1\"]\n");
    assert_refused(&check_with(&root.join("b.toml")), "is not a pack folder");
    // A pack.toml that is a named pipe: reading it would wait forever.
    std::fs::create_dir_all(root.join("ror")).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(root.join("ror/pack.toml"))
        .status()
        .unwrap();
    assert!(status.success());
    write(root, "c.toml", "packs = [\"./ror\"]\n");
    assert_refused(&check_with(&root.join("c.toml")), "not a regular file");
    // A pack.toml of 17 GB (sparse): refused from its size, not read.
    std::fs::create_dir_all(root.join("stor")).unwrap();
    let huge = std::fs::File::create(root.join("stor/pack.toml")).unwrap();
    huge.set_len(17 << 30).unwrap();
    write(root, "d.toml", "packs = [\"./stor\"]\n");
    assert_refused(&check_with(&root.join("d.toml")), "more than the");
    // The config itself as a pipe.
    let status = std::process::Command::new("mkfifo")
        .arg(root.join("upplint-ror.toml"))
        .status()
        .unwrap();
    assert!(status.success());
    assert_refused(
        &check_with(&root.join("upplint-ror.toml")),
        "not a regular file",
    );
}

#[test]
fn a_pack_listed_twice_is_refused_at_its_second_mention() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "p/pack.toml", &pack_with_pattern("skall"));
    write(
        root,
        "a.toml",
        "packs = [\"publicering\", \"publicering\"]\n",
    );
    assert_refused(&check_with(&root.join("a.toml")), "is already listed");
    write(
        root,
        "b.toml",
        "packs = [\"./p\", \"./p/\", \"./q/../p\"]\n",
    );
    std::fs::create_dir_all(root.join("q")).unwrap();
    let outcome = check_with(&root.join("b.toml"));
    assert_refused(&outcome, "the pack `./p/` is already listed (as `./p`)");
    assert!(
        outcome
            .stderr
            .contains("the pack `./q/../p` is already listed")
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("p"), root.join("lank")).unwrap();
        write(root, "c.toml", "packs = [\"./p\", \"./lank\"]\n");
        assert_refused(&check_with(&root.join("c.toml")), "is already listed");
    }
    // Listed once, it loads.
    write(root, "d.toml", "packs = [\"publicering\", \"./p\"]\n");
    let outcome = check_with(&root.join("d.toml"));
    assert!(
        matches!(outcome.status.code(), Some(0 | 1)),
        "{}",
        outcome.stderr
    );
}
