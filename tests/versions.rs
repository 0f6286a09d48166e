//! Versioned releases on the emulator: publish on ship, the alias `live`,
//! rollback, retention, verification that fails (forced through the test
//! hook), and bringing a stack from before the alias onto it.
//!
//! The emulator's CloudFormation lacks `AWS::Lambda::Alias`; the test launcher
//! (tests/support/moto_corrections.py) models it, keeps alias ARNs on mappings
//! and never reuses version numbers, as Lambda does.

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::types::AttributeValue;
use common::{aws, block_on, cli, put_record, run_json, unique_name};
use predicates::prelude::*;
use zae_limiter::ops::record::{self, ReadRecord};

const TOOL: &str = env!("CARGO_PKG_VERSION");

fn function(name: &str) -> String {
    format!("ZAEL-{name}-aggregator")
}

/// Published versions (number → description), without `$LATEST`.
fn published(name: &str) -> BTreeMap<u64, String> {
    block_on(async {
        let out = aws()
            .await
            .lambda()
            .list_versions_by_function()
            .function_name(function(name))
            .send()
            .await
            .unwrap();
        out.versions()
            .iter()
            .filter_map(|v| {
                let n = v.version()?.parse().ok()?;
                Some((n, v.description().unwrap_or_default().to_string()))
            })
            .collect()
    })
}

fn live(name: &str) -> String {
    block_on(async {
        aws()
            .await
            .lambda()
            .get_alias()
            .function_name(function(name))
            .name("live")
            .send()
            .await
            .unwrap()
            .function_version()
            .unwrap()
            .to_string()
    })
}

/// The stream mapping of the limiter's table: (state, function ARN, uuid).
/// The aggregator's stream mapping.
fn mapping_of(name: &str) -> aws_sdk_lambda::types::EventSourceMappingConfiguration {
    common::aggregator_mappings(name)
        .into_iter()
        .next()
        .expect("a mapping for the function")
}

fn mapping(name: &str) -> (String, String, String) {
    let m = mapping_of(name);
    (
        m.state().unwrap_or_default().to_string(),
        m.function_arn().unwrap_or_default().to_string(),
        m.uuid().unwrap_or_default().to_string(),
    )
}

fn record_lambda(name: &str) -> Option<String> {
    match block_on(async {
        record::read(&aws().await, &format!("ZAEL-{name}"))
            .await
            .unwrap()
    }) {
        ReadRecord::Present(r) => r.lambda_version,
        other => panic!("no readable record: {other:?}"),
    }
}

/// Puts the function in the state an older tool would have left: other code
/// on `$LATEST`, published as the next version with that tool's description,
/// `live` on it, and the record naming that tool.
fn simulate_older_release(name: &str, tool: &str) -> u64 {
    let v = block_on(async {
        let aws = aws().await;
        let zip = zip_with(&format!("# aggregator of zae-limiter {tool}\n"));
        aws.lambda()
            .update_function_code()
            .function_name(function(name))
            .zip_file(aws_sdk_lambda::primitives::Blob::new(zip))
            .send()
            .await
            .unwrap();
        let v = aws
            .lambda()
            .publish_version()
            .function_name(function(name))
            .description(format!("zae-limiter {tool} sha256:{}", "ab".repeat(32)))
            .send()
            .await
            .unwrap();
        let n: u64 = v.version().unwrap().parse().unwrap();
        aws.lambda()
            .update_alias()
            .function_name(function(name))
            .name("live")
            .function_version(n.to_string())
            .send()
            .await
            .unwrap();
        n
    });
    put_record(
        &format!("ZAEL-{name}"),
        vec![
            ("schema_version", AttributeValue::S("1.0.0".into())),
            ("lambda_version", AttributeValue::S(tool.into())),
            ("client_min_version", AttributeValue::S("0.0.0".into())),
        ],
    );
    v
}

/// A valid (empty) zip whose archive comment makes its SHA differ per text;
/// the emulator never runs the code.
fn zip_with(text: &str) -> Vec<u8> {
    let mut z = b"PK\x05\x06".to_vec();
    z.extend_from_slice(&[0u8; 16]);
    z.extend_from_slice(&(text.len() as u16).to_le_bytes());
    z.extend_from_slice(text.as_bytes());
    z
}

#[test]
fn deploy_publishes_a_version_and_points_live_at_it() {
    let name = unique_name("ver");
    let v = run_json(&["deploy", "--name", &name, "--output", "json"]);
    assert_eq!(v["published_version"], 1);
    assert_eq!(v["verified"], true);
    assert_eq!(v["live"]["kind"], "version");
    assert_eq!(v["live"]["version"], 1);

    let sha_hex = zae_limiter::ops::function_versions::sha_hex(
        &zae_limiter::ops::aggregator::code_sha256(&zae_limiter::ops::aggregator::package()),
    )
    .unwrap();
    let versions = published(&name);
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[&1], format!("zae-limiter {TOOL} sha256:{sha_hex}"));
    assert_eq!(live(&name), "1");
    let (state, arn, _) = mapping(&name);
    assert_eq!(state, "Enabled");
    assert!(arn.ends_with(&format!("{}:live", function(&name))), "{arn}");

    // Again: nothing shipped, nothing published, live unchanged.
    let v = run_json(&["deploy", "--name", &name, "--output", "json"]);
    assert_eq!(v["published_version"], serde_json::Value::Null);
    assert_eq!(v["verified"], false);
    assert_eq!(published(&name).len(), 1);

    // status and version report live and (no) rollback candidates.
    let s = run_json(&["status", "--name", &name, "--output", "json"]);
    assert_eq!(s["live"]["live"]["version"], 1);
    assert_eq!(s["live"]["live_version"]["tool_version"], TOOL);
    assert_eq!(
        s["live"]["live_version"]["package_sha256"],
        sha_hex.as_str()
    );
    assert_eq!(s["live"]["rollback_candidates"], serde_json::json!([]));
    assert_eq!(s["healthy"], true, "{s}");
    assert!(s["mapping"]["function_arn"]
        .as_str()
        .unwrap()
        .ends_with(":live"));
    let ver = run_json(&["version", "--name", &name, "--output", "json"]);
    assert_eq!(ver["live"]["live"]["version"], 1);
}

#[test]
fn rollback_moves_live_back_and_updates_the_record() {
    let name = unique_name("rb");
    cli().args(["deploy", "--name", &name]).assert().success();
    let newer = simulate_older_release(&name, "9.9.0");
    assert_eq!(newer, 2);
    assert_eq!(live(&name), "2");

    // status lists version 1 as a candidate.
    let s = run_json(&["status", "--name", &name, "--output", "json"]);
    assert_eq!(s["live"]["rollback_candidates"][0]["version"], 1);
    assert_eq!(s["live"]["rollback_candidates"][0]["tool_version"], TOOL);

    // Off a terminal without --yes: refused, nothing changed.
    cli()
        .args(["rollback", "--name", &name])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("--yes"));
    assert_eq!(live(&name), "2");

    let r = run_json(&["rollback", "--name", &name, "--yes", "--output", "json"]);
    assert_eq!(r["before"]["version"], 2);
    assert_eq!(r["before"]["tool_version"], "9.9.0");
    assert_eq!(r["after"]["version"], 1);
    assert_eq!(r["after"]["tool_version"], TOOL);
    assert_eq!(r["record_lambda_before"], "9.9.0");
    assert_eq!(r["record_lambda_after"], TOOL);
    assert_eq!(live(&name), "1");
    assert_eq!(record_lambda(&name).as_deref(), Some(TOOL));

    // Nothing older than 1: refused, unchanged.
    cli()
        .args(["rollback", "--name", &name, "--yes"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("nothing to roll back to"));
    // A version that does not exist: refused, the published ones listed.
    cli()
        .args(["rollback", "--name", &name, "--yes", "--to-version", "7"])
        .assert()
        .code(1)
        .stderr(
            predicates::str::contains("version 7 does not exist")
                .and(predicates::str::contains("1, 2")),
        );
    assert_eq!(live(&name), "1");

    // Forward again by number; text output shows before → after.
    cli()
        .args(["rollback", "--name", &name, "--yes", "--to-version", "2"])
        .assert()
        .success()
        .stdout(
            predicates::str::contains("version 1").and(predicates::str::contains("→ version 2")),
        );
    assert_eq!(live(&name), "2");
    assert_eq!(record_lambda(&name).as_deref(), Some("9.9.0"));
}

#[test]
fn rollback_of_a_missing_function_is_not_deployed() {
    let name = unique_name("rbnone");
    cli()
        .args(["rollback", "--name", &name, "--yes"])
        .assert()
        .code(5)
        .stderr(predicates::str::contains("nothing to roll back"));
}

#[test]
fn retention_keeps_the_newest_versions() {
    let name = unique_name("keep");
    cli().args(["deploy", "--name", &name]).assert().success();
    for tool in ["0.0.1", "0.0.2", "0.0.3"] {
        simulate_older_release(&name, tool);
    }
    assert_eq!(
        published(&name).keys().copied().collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    // Record says 0.0.3: upgrade ships this tool's code as version 5, then keeps 2.
    let v = run_json(&[
        "upgrade",
        "--name",
        &name,
        "--lambda-only",
        "--keep-versions",
        "2",
        "--output",
        "json",
    ]);
    assert_eq!(v["published_version"], 5);
    assert_eq!(v["verified"], true);
    assert_eq!(v["deleted_versions"], serde_json::json!([1, 2, 3]));
    assert_eq!(published(&name).keys().copied().collect::<Vec<_>>(), [4, 5]);
    assert_eq!(live(&name), "5");
}

/// Runs `args` with the pause hook; once the tool is paused before
/// verifying, runs `meanwhile`, then lets it go on. Returns the output.
fn with_pause_before_verify(args: &[&str], meanwhile: impl FnOnce()) -> std::process::Output {
    with_pause_before_verify_pid(args, |_| meanwhile())
}

/// As `with_pause_before_verify`, giving `meanwhile` the tool's process id.
fn with_pause_before_verify_pid(
    args: &[&str],
    meanwhile: impl FnOnce(u32),
) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("hook");
    let child = common::cli_process()
        .args(args)
        .env(zae_limiter::test_hook::PAUSE_BEFORE_VERIFY, &base)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let ready = base.with_extension("ready");
    let start = Instant::now();
    while !ready.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the tool never paused"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    meanwhile(child.id());
    std::fs::write(base.with_extension("go"), b"").unwrap();
    child.wait_with_output().unwrap()
}

fn disable_mapping(name: &str) {
    let (_, _, uuid) = mapping(name);
    block_on(async {
        aws()
            .await
            .lambda()
            .update_event_source_mapping()
            .uuid(uuid)
            .enabled(false)
            .send()
            .await
            .unwrap();
    });
}

#[test]
fn failed_verification_moves_live_back_and_restores_the_record() {
    let name = unique_name("vfail");
    cli().args(["deploy", "--name", &name]).assert().success();
    let before = simulate_older_release(&name, "0.0.9");
    let out = with_pause_before_verify(&["upgrade", "--name", &name, "--lambda-only"], || {
        disable_mapping(&name)
    });
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        stderr.contains("the stream mapping is Disabled"),
        "{stderr}"
    );
    assert!(stderr.contains("previous code is live again"), "{stderr}");
    assert!(stderr.contains("version record was restored"), "{stderr}");
    assert_eq!(live(&name), before.to_string());
    assert_eq!(record_lambda(&name).as_deref(), Some("0.0.9"));
    // The failed version is kept for diagnosis.
    assert!(published(&name).contains_key(&(before + 1)));
}

#[test]
fn no_rollback_keeps_the_failed_version_live() {
    let name = unique_name("vkeep");
    cli().args(["deploy", "--name", &name]).assert().success();
    let before = simulate_older_release(&name, "0.0.9");
    let out = with_pause_before_verify(
        &["upgrade", "--name", &name, "--lambda-only", "--no-rollback"],
        || disable_mapping(&name),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--no-rollback"), "{stderr}");
    assert_eq!(live(&name), (before + 1).to_string());
    assert_eq!(record_lambda(&name).as_deref(), Some(TOOL));
}

/// Creates the stack from the template an earlier release shipped
/// (`tests/fixtures/limiter-<version>.yaml`), with the parameters that template
/// declares at their defaults, and the version record that release wrote.
fn deploy_as_release(name: &str, version: &str) {
    let stack = format!("ZAEL-{name}");
    let fixture = format!("tests/fixtures/limiter-{version}.yaml");
    let old = std::fs::read_to_string(common::root().join(fixture)).unwrap();
    let params: std::collections::BTreeMap<String, String> =
        zae_limiter::domain::stack::params::desired(
            &zae_limiter::domain::stack::params::StackOptions::default(),
            None,
        )
        .into_iter()
        .filter(|(k, _)| old.contains(&format!("\n  {k}:")))
        .collect();
    block_on(async {
        let tags = std::collections::BTreeMap::from([(
            "managed-by".to_string(),
            "zae-limiter".to_string(),
        )]);
        zae_limiter::ops::stack::create(&aws().await, &stack, &old, &params, &tags)
            .await
            .unwrap();
    });
    put_record(
        &stack,
        vec![
            ("schema_version", AttributeValue::S("1.0.0".into())),
            ("lambda_version", AttributeValue::S(version.into())),
            ("client_min_version", AttributeValue::S("0.0.0".into())),
        ],
    );
}

#[test]
fn upgrade_brings_a_stack_from_before_the_alias_onto_it() {
    let name = unique_name("old");
    // Deployed as zae-limiter 0.3.0 did: the mapping invokes the function itself.
    deploy_as_release(&name, "0.3.0");
    block_on(async {
        aws()
            .await
            .lambda()
            .update_function_code()
            .function_name(function(&name))
            .zip_file(aws_sdk_lambda::primitives::Blob::new(
                zae_limiter::ops::aggregator::package(),
            ))
            .send()
            .await
            .unwrap();
    });
    let (_, arn, _) = mapping(&name);
    assert!(arn.ends_with(&function(&name)), "before: {arn}");
    let s = run_json(&["status", "--name", &name, "--output", "json"]);
    assert_eq!(s["live"]["live"]["kind"], "no_alias");
    assert!(s["problems"]
        .to_string()
        .contains("predates versioned releases"));

    let v = run_json(&[
        "upgrade",
        "--name",
        &name,
        "--no-backup",
        "--output",
        "json",
    ]);
    assert_eq!(v["stack_updated"], true);
    assert_eq!(v["published_version"], 1);
    assert_eq!(v["verified"], true);
    assert_eq!(live(&name), "1");
    let (state, arn, _) = mapping(&name);
    assert_eq!(state, "Enabled");
    assert!(arn.ends_with(":live"), "after: {arn}");
    assert_eq!(record_lambda(&name).as_deref(), Some(TOOL));
}

fn interrupt(pid: u32) {
    let ok = std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "could not signal {pid}");
    // Let the tool see it before the next step of the test.
    std::thread::sleep(Duration::from_millis(300));
}

#[test]
fn one_interrupt_during_a_release_lets_it_finish() {
    let name = unique_name("int1");
    cli().args(["deploy", "--name", &name]).assert().success();
    let before = simulate_older_release(&name, "0.0.9");
    let out =
        with_pause_before_verify_pid(&["upgrade", "--name", &name, "--lambda-only"], interrupt);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("finishing the release first"), "{stderr}");
    assert_eq!(live(&name), (before + 1).to_string());
    assert_eq!(record_lambda(&name).as_deref(), Some(TOOL));
}

#[test]
fn a_second_interrupt_stops_and_says_what_state_things_are_in() {
    let name = unique_name("int2");
    cli().args(["deploy", "--name", &name]).assert().success();
    simulate_older_release(&name, "0.0.9");
    let out = with_pause_before_verify_pid(&["upgrade", "--name", &name, "--lambda-only"], |pid| {
        interrupt(pid);
        interrupt(pid);
    });
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("stopped during the release"), "{stderr}");
    assert!(
        stderr.contains("either the old one or the new one"),
        "{stderr}"
    );
    assert!(stderr.contains("zae-limiter upgrade --name"), "{stderr}");
    // The record is whole: the old one or the new one, never a mix.
    let lambda = record_lambda(&name);
    assert!(
        lambda.as_deref() == Some("0.0.9") || lambda.as_deref() == Some(TOOL),
        "{lambda:?}"
    );
}

#[test]
fn rollback_without_a_record_changes_nothing() {
    let name = unique_name("rbrec");
    cli().args(["deploy", "--name", &name]).assert().success();
    simulate_older_release(&name, "9.9.0");
    block_on(async {
        aws()
            .await
            .ddb()
            .delete_item()
            .table_name(format!("ZAEL-{name}"))
            .key("PK", AttributeValue::S("SYSTEM#".into()))
            .key("SK", AttributeValue::S("#VERSION".into()))
            .send()
            .await
            .unwrap();
    });
    cli()
        .args(["rollback", "--name", &name, "--yes"])
        .assert()
        .code(1)
        .stderr(
            predicates::str::contains("no version record")
                .and(predicates::str::contains("nothing was changed")),
        );
    assert_eq!(live(&name), "2");
}

/// 0.5.0 counts new buckets: the stream mapping must pass bucket INSERTs on. A stack
/// deployed by 0.4.0 (mapping filtered to MODIFY) is brought to the new filter by
/// `upgrade`, with the backup taken before the template changes.
#[test]
fn upgrade_from_0_4_0_lets_bucket_inserts_through_to_the_aggregator() {
    let name = unique_name("filt");
    let stack = format!("ZAEL-{name}");
    let filter = |name: &str| -> String {
        mapping_of(name)
            .filter_criteria()
            .and_then(|f| f.filters().first())
            .and_then(|f| f.pattern())
            .unwrap_or_default()
            .to_string()
    };
    deploy_as_release(&name, "0.4.0");
    assert_eq!(
        filter(&name),
        r##"{"eventName":["MODIFY"],"dynamodb":{"Keys":{"SK":{"S":[{"prefix":"#BUCKET#"}]}}}}"##
    );
    let c = run_json(&["check", "--name", &name, "--output", "json"]);
    assert_eq!(c["verdict"], "update_available", "{c}");

    let v = run_json(&["upgrade", "--name", &name, "--output", "json"]);
    assert_eq!(v["stack_updated"], true, "{v}");
    assert!(
        v["backup_arn"].as_str().is_some_and(|a| a.contains(&stack)),
        "a backup before the template change: {v}"
    );
    assert_eq!(v["verified"], true, "{v}");
    assert_eq!(
        filter(&name),
        r##"{"eventName":["INSERT","MODIFY"],"dynamodb":{"Keys":{"SK":{"S":[{"prefix":"#BUCKET#"}]}}}}"##
    );
    assert_eq!(record_lambda(&name).as_deref(), Some(TOOL));
    let c = run_json(&["check", "--name", &name, "--output", "json"]);
    assert_eq!(c["verdict"], "compatible", "{c}");
}
