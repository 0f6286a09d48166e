//! Two invocations on the same stack at once: two deploys, two upgrades,
//! deploy + delete. Whatever the interleaving, each ends in success or in a
//! clear refusal (exit 1 or 5 with an `error:` and a `hint:`, never a panic),
//! and the stack, the alias `live`, the version record and the table's data
//! are left consistent.
//!
//! The emulator completes stack operations almost at once and serves requests
//! one at a time, so the overlap is in the tool's decide-then-act steps (the
//! interesting part); each test runs a few rounds to vary the interleaving.

mod common;

use std::process::Output;

use aws_sdk_dynamodb::types::AttributeValue;
use common::{aws, block_on, cli, cli_process, put_record, unique_name};
use zae_limiter::ops::record::{self, ReadRecord};

const TOOL: &str = env!("CARGO_PKG_VERSION");

/// Starts every command before waiting for any.
fn simultaneously(commands: &[Vec<String>]) -> Vec<Output> {
    let children: Vec<_> = commands
        .iter()
        .map(|args| {
            cli_process()
                .args(args)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Success, or a refusal the operator can act on.
fn clean(out: &Output, allowed: &[i32]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code().unwrap_or(-1);
    assert!(!stderr.contains("panicked"), "{stderr}");
    if code != 0 {
        assert!(allowed.contains(&code), "exit {code}: {stderr}");
        assert!(stderr.contains("error:"), "{stderr}");
        assert!(stderr.contains("hint:"), "no next step given: {stderr}");
    }
}

fn record_of(table: &str) -> ReadRecord {
    block_on(async { record::read(&aws().await, table).await.unwrap() })
}

/// `live` points at a published version holding this tool's package, and the
/// record names this tool.
fn assert_released(name: &str) {
    let function = format!("ZAEL-{name}-aggregator");
    let want = zae_limiter::ops::aggregator::code_sha256(&zae_limiter::ops::aggregator::package());
    block_on(async {
        let aws = aws().await;
        let v = zae_limiter::ops::function_versions::read(&aws, &function)
            .await
            .unwrap();
        let live = v.live_version().expect("live is on a published version");
        assert_eq!(live.fingerprint.code_sha256, want);
        assert_eq!(live.tool_version.as_deref(), Some(TOOL));
    });
    match record_of(&format!("ZAEL-{name}")) {
        ReadRecord::Present(r) => assert_eq!(r.lambda_version.as_deref(), Some(TOOL)),
        other => panic!("record not whole: {other:?}"),
    }
}

fn stack_status(name: &str) -> Option<String> {
    block_on(async {
        zae_limiter::ops::stack::describe(&aws().await, &format!("ZAEL-{name}"))
            .await
            .unwrap()
            .map(|i| i.status)
    })
}

#[test]
fn two_deploys_at_once() {
    for round in 0..3 {
        let name = unique_name(&format!("dd{round}"));
        let deploy = args(&["deploy", "--name", &name]);
        let outs = simultaneously(&[deploy.clone(), deploy]);
        for o in &outs {
            clean(o, &[1]);
        }
        assert!(
            outs.iter().any(|o| o.status.success()),
            "neither deploy won:\n{}",
            outs.iter()
                .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
                .collect::<Vec<_>>()
                .join("\n----\n")
        );
        let status = stack_status(&name).expect("the stack exists");
        assert!(status.ends_with("_COMPLETE"), "{status}");
        assert_released(&name);
    }
}

#[test]
fn two_upgrades_at_once() {
    for round in 0..3 {
        let name = unique_name(&format!("uu{round}"));
        cli().args(["deploy", "--name", &name]).assert().success();
        // An older aggregator is recorded: both upgrades have work to do.
        put_record(
            &format!("ZAEL-{name}"),
            vec![
                ("schema_version", AttributeValue::S("1.0.0".into())),
                ("lambda_version", AttributeValue::S("0.0.1".into())),
                ("client_min_version", AttributeValue::S("0.0.0".into())),
            ],
        );
        let upgrade = args(&["upgrade", "--name", &name]);
        let outs = simultaneously(&[upgrade.clone(), upgrade]);
        for o in &outs {
            clean(o, &[1]);
        }
        assert!(outs.iter().any(|o| o.status.success()));
        assert_released(&name);
    }
}

#[test]
fn deploy_and_delete_at_once() {
    for round in 0..3 {
        let name = unique_name(&format!("dx{round}"));
        let table = format!("ZAEL-{name}");
        cli().args(["deploy", "--name", &name]).assert().success();
        // Application data that must survive whatever happens.
        block_on(async {
            aws()
                .await
                .ddb()
                .put_item()
                .table_name(&table)
                .item("PK", AttributeValue::S("ENTITY#keep".into()))
                .item("SK", AttributeValue::S("#META".into()))
                .send()
                .await
                .unwrap();
        });
        let outs = simultaneously(&[
            args(&["deploy", "--name", &name, "--log-retention-days", "60"]),
            args(&["delete", "--name", &name, "--yes"]),
        ]);
        clean(&outs[0], &[1, 5]);
        clean(&outs[1], &[1, 5]);
        // The table and its data are never lost.
        let kept = block_on(async {
            aws()
                .await
                .ddb()
                .get_item()
                .table_name(&table)
                .key("PK", AttributeValue::S("ENTITY#keep".into()))
                .key("SK", AttributeValue::S("#META".into()))
                .send()
                .await
                .unwrap()
                .item
                .is_some()
        });
        assert!(kept, "round {round}: application data lost");
        assert!(matches!(record_of(&table), ReadRecord::Present(_)));
        match stack_status(&name) {
            // delete won: the stack is gone, the table retained.
            None => {}
            // deploy ran after the delete was refused or before it began: settled.
            Some(s) => assert!(s.ends_with("_COMPLETE") && !s.starts_with("DELETE"), "{s}"),
        }
    }
}
