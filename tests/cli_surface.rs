//! The command line without AWS: parsing, validation, offline commands.

mod common;

use predicates::prelude::*;

fn bin() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("zae-limiter").unwrap();
    // An endpoint nobody listens on: a test that reached AWS would fail loudly.
    c.env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env("AWS_REGION", "us-east-1")
        .env_remove("ZAE_LIMITER_NAME");
    c
}

#[test]
fn version_flag() {
    bin()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("zae-limiter {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn every_subcommand_has_help() {
    for sub in [
        "deploy",
        "delete",
        "status",
        "version",
        "check",
        "upgrade",
        "cfn-template",
        "lambda-export",
    ] {
        bin().args([sub, "--help"]).assert().success();
    }
}

#[test]
fn bad_names_are_refused_before_any_aws_call() {
    for (name, why) in [
        ("my_app", "an underscore"),
        ("my.app", "a period"),
        ("my app", "a space"),
        ("1app", "must start with a letter"),
        ("", "is empty"),
    ] {
        bin()
            .args(["check", "--name", name])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(why));
    }
    bin()
        .args(["check", "--name", &"a".repeat(39)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at most 38"));
}

#[test]
fn ranges_and_choices_are_enforced() {
    for args in [
        vec!["deploy", "--lambda-timeout", "901"],
        vec!["deploy", "--lambda-timeout", "0"],
        vec!["deploy", "--lambda-memory", "127"],
        vec!["deploy", "--lambda-memory", "10241"],
        vec!["deploy", "--pitr-recovery-days", "36"],
        vec!["deploy", "--lambda-duration-threshold-pct", "101"],
        vec!["deploy", "--log-retention-days", "2"],
        vec!["deploy", "--snapshot-windows", "hourly,weekly"],
        vec!["deploy", "--alarm-sns-topic", "not-an-arn"],
        vec!["status", "--output", "yaml"],
        vec!["deploy", "--keep-versions", "0"],
        vec!["upgrade", "--keep-versions", "101"],
        vec!["rollback", "--to-version", "0"],
        vec!["rollback", "--to-version", "two"],
        vec!["usage"],
        vec!["usage", "--entity", ""],
        vec!["usage", "--entity", "e", "--window", "weekly"],
        vec!["usage", "--entity", "e", "--since", "soon"],
        vec!["usage", "--entity", "e", "--since", "-3d"],
    ] {
        bin().args(&args).assert().code(2);
    }
    bin()
        .args(["deploy", "--log-retention-days", "2"])
        .assert()
        .stderr(predicate::str::contains("3653"));
    bin()
        .args(["usage", "--entity", "e", "--since", "soon"])
        .assert()
        .stderr(predicate::str::contains("7d"));
}

#[test]
fn bad_role_format_is_refused_before_any_aws_call() {
    bin()
        .args(["deploy", "--name", "x", "--role-name-format", "bad role {}"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("IAM"));
}

#[test]
fn cfn_template_prints_and_writes_identical_text() {
    let out = bin()
        .arg("cfn-template")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        out,
        zae_limiter::domain::stack::template::TEMPLATE.as_bytes()
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yaml");
    bin()
        .args(["cfn-template", "-o"])
        .arg(&path)
        .assert()
        .success();
    assert_eq!(std::fs::read(&path).unwrap(), out);
}

#[test]
fn lambda_export_writes_refuses_overwrite_and_describes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lambda.zip");
    bin()
        .current_dir(dir.path())
        .arg("lambda-export")
        .assert()
        .success();
    let first = std::fs::read(&path).unwrap();
    assert_eq!(first, zae_limiter::ops::aggregator::package());
    std::fs::write(&path, b"keep me").unwrap();
    bin()
        .current_dir(dir.path())
        .arg("lambda-export")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read(&path).unwrap(), b"keep me");
    bin()
        .current_dir(dir.path())
        .args(["lambda-export", "--force"])
        .assert()
        .success();
    assert_eq!(std::fs::read(&path).unwrap(), first);
    let info = bin()
        .args(["lambda-export", "--info", "--output", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&info).unwrap();
    assert_eq!(
        v["code_sha256"],
        zae_limiter::ops::aggregator::code_sha256(&first)
    );
    assert_eq!(v["files"][0], "index.py");
}

#[test]
fn delete_refuses_without_yes_off_a_terminal() {
    bin()
        .args(["delete", "--name", "x"])
        .write_stdin("")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--yes"));
}

#[test]
fn completions_and_man_page_are_in_step() {
    use zae_limiter::cli::completions::{render, Kind};
    for (kind, file) in [
        (Kind::Bash, "completions/zae-limiter.bash"),
        (Kind::Zsh, "completions/_zae-limiter"),
        (Kind::Fish, "completions/zae-limiter.fish"),
        (Kind::Powershell, "completions/_zae-limiter.ps1"),
        (Kind::Elvish, "completions/zae-limiter.elv"),
        (Kind::Man, "docs/zae-limiter.1"),
    ] {
        let want = render(kind).unwrap();
        let path = common::root().join(file);
        if std::env::var_os("ZAE_REGENERATE").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read(&path).unwrap_or_default();
        assert!(
            have == want,
            "{file} is stale: run `ZAE_REGENERATE=1 cargo test --test cli_surface completions`"
        );
    }
}

#[test]
fn every_option_is_documented_in_cli_md() {
    use clap::CommandFactory;
    let doc = std::fs::read_to_string(common::root().join("docs/cli.md")).unwrap();
    let cmd = zae_limiter::cli::Cli::command();
    let mut missing = Vec::new();
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        assert!(
            doc.contains(&format!("## {}", sub.get_name())),
            "docs/cli.md has no section for {}",
            sub.get_name()
        );
        for arg in sub.get_arguments() {
            if let Some(long) = arg.get_long() {
                if !doc.contains(&format!("--{long}")) {
                    missing.push(format!("{} --{long}", sub.get_name()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "undocumented options: {missing:?}");
}

#[test]
fn verbose_names_the_target_and_the_error_but_no_secret() {
    let out = bin()
        .args(["-v", "check", "--name", "x"])
        .env("AWS_ACCESS_KEY_ID", "AKIDSECRETKEYID")
        .env("AWS_SECRET_ACCESS_KEY", "very-secret-value")
        .env("AWS_SESSION_TOKEN", "session-token-value")
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8_lossy(&out);
    assert!(err.contains("debug: AWS target: region us-east-1"), "{err}");
    assert!(err.contains("127.0.0.1:9"), "{err}");
    for secret in [
        "AKIDSECRETKEYID",
        "very-secret-value",
        "session-token-value",
    ] {
        assert!(!err.contains(secret), "leaked {secret}: {err}");
    }
}

#[test]
fn unreachable_endpoint_fails_fast_and_names_it() {
    let start = std::time::Instant::now();
    bin()
        .args(["check", "--name", "x"])
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "could not reach http://127.0.0.1:9",
        ));
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn missing_region_and_bad_region_are_explained() {
    bin()
        .args(["check", "--name", "x"])
        .env_remove("AWS_REGION")
        .env_remove("AWS_DEFAULT_REGION")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no AWS region"));
    bin()
        .args(["check", "--name", "x", "--region", "moon-base"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not an AWS region"));
}
