//! Controlling a CI run: exit statuses follow `--fail-on` (and `fail_on` in the config), `--select` and
//! `--ignore` narrow the rule set by id, prefix or pack name, `upplint init` writes a config that loads,
//! and no progress bar reaches a CI log.

mod common;

use common::*;
use serde_json::Value;

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_packs(dir.path());
    write(dir.path(), "fel.txt", "Datum: «Ange datum»\n");
    write(dir.path(), "varning.txt", "Det skall stå.\n");
    write(dir.path(), "info.txt", "lorem ipsum\n");
    write(
        dir.path(),
        "alla.txt",
        "Datum: «Ange datum»\nDet skall stå.\nlorem ipsum\n",
    );
    dir
}

fn status(dir: &std::path::Path, args: &[&str]) -> i32 {
    check(dir, args).status.code().unwrap()
}

#[test]
fn exit_statuses_follow_fail_on() {
    let dir = project();
    let d = dir.path();
    assert_eq!(status(d, &["fel.txt"]), 1, "errors fail by default");
    assert_eq!(status(d, &["varning.txt"]), 0);
    assert_eq!(status(d, &["varning.txt", "--fail-on", "warning"]), 1);
    assert_eq!(status(d, &["varning.txt", "--fail-on", "error"]), 0);
    assert_eq!(status(d, &["info.txt", "--fail-on", "warning"]), 0);
    assert_eq!(status(d, &["info.txt", "--fail-on", "info"]), 1);
    assert_eq!(status(d, &["fel.txt", "--fail-on", "info"]), 1);
    assert_eq!(status(d, &["fel.txt", "--fail-on", "bogus"]), 2);
    write(d, "trasig.docx", "ingen zip");
    assert_eq!(
        status(d, &["info.txt", "trasig.docx"]),
        2,
        "unreadable input"
    );
}

#[test]
fn fail_on_in_the_config_applies_unless_the_flag_says_otherwise() {
    let dir = project();
    write(
        dir.path(),
        "upplint.toml",
        "packs = [\"./packs/test\", \"./packs/annat\"]\nfail_on = \"warning\"\n",
    );
    let run = |args: &[&str]| {
        let mut all = vec!["check", "--as-of", "2026-06-01"];
        all.extend_from_slice(args);
        upplint(dir.path(), &all).status.code().unwrap()
    };
    assert_eq!(run(&["varning.txt"]), 1);
    assert_eq!(run(&["varning.txt", "--fail-on", "error"]), 0);
}

/// The rules of the findings in `alla.txt` with these flags.
fn rules_found(dir: &std::path::Path, flags: &[&str]) -> Vec<String> {
    let mut args = vec!["alla.txt", "--format", "json"];
    args.extend_from_slice(flags);
    let output = check(dir, &args);
    assert!(output.status.code().unwrap() < 2, "{}", stderr(&output));
    json_rules_and_lines(&stdout(&output))
        .into_iter()
        .map(|(rule, _)| rule)
        .collect()
}

#[test]
fn select_and_ignore_take_ids_prefixes_and_pack_names() {
    let dir = project();
    let d = dir.path();
    let all = ["test/platshallare", "test/skall", "annat/blindtext"];
    assert_eq!(rules_found(d, &[]), all);
    assert_eq!(
        rules_found(d, &["--ignore", "annat"]),
        ["test/platshallare", "test/skall"]
    );
    assert_eq!(
        rules_found(d, &["--select", "test/"]),
        ["test/platshallare", "test/skall"]
    );
    assert_eq!(rules_found(d, &["--select", "annat"]), ["annat/blindtext"]);
    assert_eq!(
        rules_found(d, &["--select", "test/skall,annat"]),
        ["test/skall", "annat/blindtext"]
    );
    assert_eq!(
        rules_found(
            d,
            &["--select", "test/skall", "--select", "annat/blindtext"]
        ),
        ["test/skall", "annat/blindtext"]
    );
    assert_eq!(
        rules_found(d, &["--ignore", "test/skall", "--ignore", "annat"]),
        ["test/platshallare"]
    );
    assert_eq!(
        rules_found(d, &["--select", "test/", "--ignore", "test/skall"]),
        ["test/platshallare"]
    );
    assert_eq!(
        rules_found(d, &["--select", "test/skall", "--ignore", "test/"]),
        ["test/skall"],
        "the more specific selector wins"
    );
    assert!(rules_found(d, &["--select", "test/", "--ignore", "test/"]).is_empty());
}

#[test]
fn selection_removes_rules_from_the_set_not_just_from_the_output() {
    let dir = project();
    let output = check(
        dir.path(),
        &["alla.txt", "--select", "test/skall", "--format", "sarif"],
    );
    let sarif: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let rules: Vec<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .filter(|id| !id.starts_with("upplint/"))
        .collect();
    assert_eq!(rules, ["test/skall"]);
}

#[test]
fn an_unknown_selector_is_a_usage_error_with_a_hint() {
    let dir = project();
    let output = check(dir.path(), &["alla.txt", "--select", "test/skal"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("--select `test/skal` matches no rule"),
        "{message}"
    );
    assert!(message.contains("did you mean `test/skall`?"), "{message}");
}

#[test]
fn narrowing_keeps_per_file_overrides_on_the_right_rules() {
    let dir = project();
    write(
        dir.path(),
        "upplint.toml",
        "packs = [\"./packs/test\", \"./packs/annat\"]\n\
         [[override]]\nfiles = [\"utkast/**\"]\n[override.rules]\n\"annat/blindtext\" = \"error\"\n",
    );
    write(dir.path(), "utkast/a.txt", "lorem ipsum\n");
    let output = upplint(
        dir.path(),
        &[
            "check",
            "utkast",
            "--ignore",
            "test/platshallare",
            "--format",
            "json",
        ],
    );
    let value: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let findings = value["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["rule"], "annat/blindtext");
    assert_eq!(findings[0]["severity"], "error");
}

#[test]
fn init_writes_a_config_that_loads_and_refuses_to_overwrite_it() {
    let dir = tempfile::tempdir().unwrap();
    let output = upplint(dir.path(), &["init", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let path = dir.path().join("upplint.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let embedded: Vec<String> = upplint::rules::embedded::names()
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect();
    assert!(
        text.contains(&format!("packs = [{}]", embedded.join(", "))),
        "{text}"
    );
    for section in [
        "fail_on",
        "[[limit]]",
        "valid_from",
        "[[policy]]",
        "[[override]]",
        "# [[ignore]]",
    ] {
        assert!(text.contains(section), "{section} missing");
    }
    upplint::rules::config::load_config(&path).unwrap_or_else(|problems| {
        panic!(
            "{:?}",
            problems.iter().map(|p| p.short()).collect::<Vec<_>>()
        )
    });
    let rules = upplint(dir.path(), &["rules", "--config", "upplint.toml"]);
    assert_eq!(rules.status.code(), Some(0), "{}", stderr(&rules));

    write(dir.path(), "mallar/mall.txt", "Datum: [Ange datum]\n");
    write(dir.path(), "utkast/utkast.txt", "Datum: [Ange datum]\n");
    let output = upplint(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let value: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let findings = value["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "off in mallar/, a warning in utkast/");
    assert_eq!(findings[0]["severity"], "warning");

    std::fs::write(&path, "# mitt eget\n").unwrap();
    let again = upplint(dir.path(), &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# mitt eget\n");
    let forced = upplint(dir.path(), &["init", "--force"]);
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn no_progress_bar_reaches_a_ci_log() {
    let dir = tempfile::tempdir().unwrap();
    write_packs(dir.path());
    for i in 0..30 {
        write(dir.path(), &format!("docs/{i}.txt"), "Det skall stå.\n");
    }
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_upplint"))
        .args([
            "check",
            "docs",
            "--no-config",
            "--pack",
            "packs/test",
            "--quiet",
        ])
        .current_dir(dir.path())
        .env("CI", "true")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}
