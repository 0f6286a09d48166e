//! Retries proven against a fault-injecting proxy in front of the emulator:
//! a few throttles, 500s or dropped connections are ridden out; unbounded
//! throttling ends in the throttling message, not a hang.

mod common;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{cli, endpoint, root, success_json, unique_name};
use predicates::prelude::*;

/// Starts a proxy that faults the first `faults` requests (-1: all).
#[allow(clippy::zombie_processes)] // it exits with this test process
fn proxy(faults: i32, kind: &str) -> String {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(root().join(".venv/bin/python"))
        .arg(root().join("tests/support/fault_proxy.py"))
        .args([&port.to_string(), endpoint(), &faults.to_string(), kind])
        .arg(std::process::id().to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), format!("ready {port}"));
    format!("http://127.0.0.1:{port}")
}

#[test]
fn a_few_faults_are_retried_away() {
    let name = unique_name("flt");
    let url = proxy(3, "throttle");
    cli()
        .env("AWS_ENDPOINT_URL", &url)
        .args(["deploy", "--name", &name])
        .assert()
        .success();
    for kind in ["throttle", "500", "drop"] {
        let url = proxy(2, kind);
        cli()
            .env("AWS_ENDPOINT_URL", &url)
            .args(["check", "--name", &name])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("compatible"));
        let url = proxy(2, kind);
        cli()
            .env("AWS_ENDPOINT_URL", &url)
            .args(["status", "--name", &name])
            .assert()
            .code(0);
    }
    let url = proxy(3, "throttle");
    cli()
        .env("AWS_ENDPOINT_URL", &url)
        .args(["upgrade", "--name", &name, "--force"])
        .assert()
        .success();
}

#[test]
fn unbounded_throttling_ends_in_the_throttling_message() {
    let url = proxy(-1, "throttle");
    let start = Instant::now();
    cli()
        .env("AWS_ENDPOINT_URL", &url)
        .args(["check", "--name", "anything"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("throttled").and(predicate::str::contains("attempts")));
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn an_expired_token_is_named_with_the_way_out() {
    let url = proxy(-1, "expired");
    cli()
        .env("AWS_ENDPOINT_URL", &url)
        .args(["check", "--name", "anything"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("session token has expired")
                .and(predicate::str::contains("aws sso login")),
        );
}

#[test]
fn access_denied_names_the_action_and_the_permission() {
    let url = proxy(-1, "denied");
    for (args, permission) in [
        (
            vec!["check", "--name", "anything"],
            "not authorized to perform",
        ),
        (vec!["list"], "ListStacks"),
        (
            vec!["usage", "--name", "anything", "--entity", "e"],
            "Query",
        ),
    ] {
        cli()
            .env("AWS_ENDPOINT_URL", &url)
            .args(&args)
            .assert()
            .code(1)
            .stderr(
                predicate::str::contains("access denied for")
                    .and(predicate::str::contains(permission))
                    .and(predicate::str::contains("docs/cli.md")),
            );
    }
}

#[test]
fn status_names_a_part_it_could_not_read_instead_of_calling_it_missing() {
    let name = unique_name("unread");
    cli().args(["deploy", "--name", &name]).assert().success();
    let url = proxy(-1, "denied:DescribeTable");
    let v = success_json(
        cli()
            .env("AWS_ENDPOINT_URL", &url)
            .args(["status", "--name", &name, "--output", "json"]),
    );
    assert_eq!(v["table"], serde_json::Value::Null);
    assert_eq!(v["unreadable"][0]["part"], "table");
    assert!(v["unreadable"][0]["error"]
        .as_str()
        .unwrap()
        .contains("access denied for DescribeTable"));
    let problems = v["problems"].to_string();
    assert!(problems.contains("could not read the table"), "{problems}");
    assert!(!problems.contains("the table is missing"), "{problems}");
    assert_eq!(v["healthy"], false);
    // The other parts were still read.
    assert_eq!(v["function"]["code_matches_tool"], true);
    cli()
        .env("AWS_ENDPOINT_URL", &url)
        .args(["status", "--name", &name])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("UNREADABLE").and(predicate::str::contains("MISSING").not()),
        );

    // The version record too: status still reports, naming it unreadable.
    let url = proxy(-1, "denied:GetItem");
    let v = success_json(
        cli()
            .env("AWS_ENDPOINT_URL", &url)
            .args(["status", "--name", &name, "--output", "json"]),
    );
    assert_eq!(v["unreadable"][0]["part"], "version record");
    assert_eq!(v["version_record"], serde_json::Value::Null);
    assert_eq!(v["table"]["status"], "ACTIVE");
}
