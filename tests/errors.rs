//! Errors in the operator's words, through the binary: missing credentials,
//! an unknown profile, a stack stuck in progress, a table that does not
//! exist. (Throttling, expired tokens and access denied are in faults.rs;
//! unreachable endpoints and regions in cli_surface.rs; stack not found in
//! lifecycle.rs.)

mod common;

use common::{aws, block_on, cli, unique_name};
use predicates::prelude::*;

/// The binary with no credentials anywhere: no variables, no files.
fn without_credentials(home: &std::path::Path) -> assert_cmd::Command {
    let mut c = cli();
    c.env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .env("HOME", home)
        .env("AWS_CONFIG_FILE", home.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("credentials"));
    c
}

#[test]
fn missing_credentials_name_the_ways_to_provide_them() {
    let home = tempfile::tempdir().unwrap();
    let start = std::time::Instant::now();
    without_credentials(home.path())
        .args(["check", "--name", "x"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("no AWS credentials were found")
                .and(predicate::str::contains("AWS_ACCESS_KEY_ID"))
                .and(predicate::str::contains("--profile")),
        );
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn an_unknown_profile_is_named() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("config"),
        "[profile known]\nregion = us-east-1\n",
    )
    .unwrap();
    without_credentials(home.path())
        .args(["check", "--name", "x", "--profile", "nosuch"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("profile")
                .and(predicate::str::contains("nosuch"))
                .and(predicate::str::contains("list-profiles")),
        );
}

#[test]
fn a_stack_in_progress_is_refused_with_wait() {
    // The emulator leaves a stack whose function cannot be created in
    // CREATE_IN_PROGRESS for good: a stack stuck mid-operation.
    let name = unique_name("busy");
    let stack = format!("ZAEL-{name}");
    block_on(async {
        let template = r#"{"Resources":{"F":{"Type":"AWS::Lambda::Function","Properties":{
            "FunctionName":"busy-x","Runtime":"python3.12","Handler":"index.h",
            "Role":"arn:aws:iam::123456789012:role/none","Code":{"ZipFile":"def h(e, c): pass"}}}}}"#;
        // The emulator answers this create with an error body the SDK cannot parse; the
        // stack is registered all the same.
        let _ = aws()
            .await
            .cfn()
            .create_stack()
            .stack_name(&stack)
            .template_body(template)
            .send()
            .await;
    });
    for args in [
        vec!["deploy", "--name", name.as_str()],
        vec!["upgrade", "--name", name.as_str()],
    ] {
        cli().args(&args).assert().code(1).stderr(
            predicate::str::contains("CREATE_IN_PROGRESS")
                .and(predicate::str::contains("wait for it to finish")),
        );
    }
}

#[test]
fn a_missing_table_is_not_deployed() {
    cli()
        .args(["usage", "--name", &unique_name("notable"), "--entity", "e"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("not found").and(predicate::str::contains("deploy")));
}
