//! `upgrade --all`: fleet rollouts in waves with health gates, against the emulator
//! (its own test binary, hence its own emulator). Each test scopes its rollout to its
//! own stacks with `--select`, so the tests can run side by side.
//!
//! The failing canary is made unhealthy from outside during its bake, through the
//! emulator's own API (a batch parked in its dead-letter queue, as a failing
//! aggregator leaves one): the gate must see it, roll the canary back and stop.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::types::AttributeValue;
use common::{aws, block_on, cli, cli_process, json, put_record, root, unique_name};
use zae_limiter::ops::record::{self, ReadRecord};

const TOOL: &str = env!("CARGO_PKG_VERSION");

fn s(x: &str) -> AttributeValue {
    AttributeValue::S(x.into())
}

fn deploy(names: &[&String]) {
    for n in names {
        cli().args(["deploy", "--name", n]).assert().success();
    }
}

/// Makes a stack look one release behind (record only: the code is this tool's).
fn behind(name: &str) {
    put_record(
        &format!("ZAEL-{name}"),
        vec![
            ("schema_version", s("1.0.0")),
            ("lambda_version", s("0.4.0")),
        ],
    );
}

fn lambda_version(name: &str) -> Option<String> {
    block_on(async {
        match record::read(&aws().await, &format!("ZAEL-{name}"))
            .await
            .unwrap()
        {
            ReadRecord::Present(r) => r.lambda_version,
            _ => None,
        }
    })
}

fn live_version(name: &str) -> String {
    block_on(async {
        aws()
            .await
            .lambda()
            .get_alias()
            .function_name(format!("ZAEL-{name}-aggregator"))
            .name("live")
            .send()
            .await
            .unwrap()
            .function_version()
            .unwrap()
            .to_string()
    })
}

/// A zip holding `index.py` with `source` (made by the project's Python).
fn zip_of(source: &str) -> Vec<u8> {
    let mut child = Command::new(root().join(".venv/bin/python"))
        .args([
            "-c",
            "import io,sys,zipfile\nb=io.BytesIO()\nz=zipfile.ZipFile(b,'w')\nz.writestr('index.py',sys.stdin.read())\nz.close()\nsys.stdout.buffer.write(b.getvalue())",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(source.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap().stdout
}

/// Puts an earlier release on `live`, as a 0.4.0 deploy would have left it: other
/// code, published with zae-limiter's description, and the record saying 0.4.0. An
/// upgrade then ships, publishes and moves `live`, and a rollback can move it back.
fn older_release(name: &str) -> String {
    let function = format!("ZAEL-{name}-aggregator");
    let zip = zip_of("def handler(event, context):\n    return {'batchItemFailures': []}\n");
    let version = block_on(async {
        let lambda = aws().await.lambda();
        lambda
            .update_function_code()
            .function_name(&function)
            .zip_file(aws_sdk_lambda::primitives::Blob::new(zip))
            .send()
            .await
            .unwrap();
        let v = lambda
            .publish_version()
            .function_name(&function)
            .description(format!("zae-limiter 0.4.0 sha256:{}", "ab".repeat(32)))
            .send()
            .await
            .unwrap()
            .version()
            .unwrap()
            .to_string();
        lambda
            .update_alias()
            .function_name(&function)
            .name("live")
            .function_version(&v)
            .send()
            .await
            .unwrap();
        v
    });
    behind(name);
    version
}

/// Starts a rollout in the background (for tests that act while it runs).
fn spawn_rollout(args: &[&str]) -> std::process::Child {
    cli_process()
        .args(["upgrade", "--all", "--lambda-only", "--output", "json"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn rollout(args: &[&str]) -> (i32, serde_json::Value) {
    let out = cli()
        .args(["upgrade", "--all", "--lambda-only", "--output", "json"])
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    assert!(
        !out.stdout.is_empty(),
        "no document (exit {code}): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (code, json(&out.stdout))
}

/// The outcome of `name` in a rollout document, with its wave's gate.
fn outcome(doc: &serde_json::Value, name: &str) -> Option<(String, String)> {
    for w in doc["regions"][0]["waves"].as_array()? {
        for s in w["stacks"].as_array()? {
            if s["name"] == name {
                return Some((
                    s["outcome"].as_str()?.to_string(),
                    w["gate"].as_str()?.to_string(),
                ));
            }
        }
    }
    None
}

fn standing(doc: &serde_json::Value, name: &str) -> String {
    doc["regions"][0]["before"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == name)
        .map(|b| b["standing"].as_str().unwrap().to_string())
        .unwrap_or_default()
}

fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_healthy_fleet_goes_through_every_wave_and_the_refused_are_named() {
    let olds: Vec<String> = (0..3).map(|_| unique_name("old")).collect();
    let current = unique_name("cur");
    let migrate = unique_name("mig");
    let all: Vec<&String> = olds.iter().chain([&current, &migrate]).collect();
    deploy(&all);
    for o in &olds {
        behind(o);
    }
    put_record(
        &format!("ZAEL-{migrate}"),
        vec![
            ("schema_version", s("2.0.0")),
            ("lambda_version", s("0.0.1")),
        ],
    );
    let select = all.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",");

    // --plan prints the waves and changes nothing.
    let (code, plan) = rollout(&["--select", &select, "--plan"]);
    assert_eq!(code, 0, "{plan}");
    assert_eq!(plan["verdict"], "planned");
    let waves = plan["regions"][0]["waves"].as_array().unwrap();
    let sizes: Vec<usize> = waves
        .iter()
        .map(|w| w["stacks"].as_array().unwrap().len())
        .collect();
    assert_eq!(
        sizes,
        [1, 1, 1],
        "default waves 1,10%,50%,100% over 3: {plan}"
    );
    for o in &olds {
        assert_eq!(lambda_version(o).as_deref(), Some("0.4.0"));
    }

    let (code, doc) = rollout(&["--select", &select, "--bake", "0", "--canary", &olds[2]]);
    // A refused stack makes the exit code 1 although every wave passed.
    assert_eq!(code, 1, "{doc}");
    assert_eq!(doc["verdict"], "completed");
    assert_eq!(
        outcome(&doc, &olds[2]).unwrap(),
        ("upgraded".into(), "passed".into())
    );
    assert_eq!(
        doc["regions"][0]["waves"][0]["stacks"][0]["name"],
        olds[2].as_str()
    );
    for o in &olds {
        assert_eq!(outcome(&doc, o).unwrap().0, "upgraded");
        assert_eq!(lambda_version(o).as_deref(), Some(TOOL));
    }
    assert_eq!(standing(&doc, &current), "current");
    assert_eq!(standing(&doc, &migrate), "refused");
    assert_eq!(lambda_version(&migrate).as_deref(), Some("0.0.1"));

    // A second run has nothing left to do.
    let (code, again) = rollout(&["--select", &select, "--bake", "0", "--exclude", &migrate]);
    assert_eq!(code, 0, "{again}");
    assert!(again["regions"][0]["waves"].as_array().unwrap().is_empty());
}

#[test]
fn a_canary_that_fails_its_gate_is_rolled_back_and_the_rest_left_untouched() {
    let names: Vec<String> = (0..3).map(|_| unique_name("wave")).collect();
    deploy(&names.iter().collect::<Vec<_>>());
    let old: Vec<String> = names.iter().map(|n| older_release(n)).collect();
    let canary = &names[0];
    let select = names.join(",");
    // An 8 s bake leaves the test room to see the upgrade and park its batch before the gate.
    let child = spawn_rollout(&[
        "--select", &select, "--canary", canary, "--bake", "8s", "--waves", "1,100%",
    ]);
    // Once the canary runs the new release, a batch lands in its dead-letter queue.
    wait_for("the canary upgraded", || {
        lambda_version(canary).as_deref() == Some(TOOL)
    });
    assert_ne!(live_version(canary), old[0]);
    block_on(async {
        let sqs = aws().await.sqs();
        let url = sqs
            .get_queue_url()
            .queue_name(format!("ZAEL-{canary}-aggregator-dlq"))
            .send()
            .await
            .unwrap()
            .queue_url()
            .unwrap()
            .to_string();
        sqs.send_message()
            .queue_url(url)
            .message_body(r#"{"requestContext":{"condition":"RetryAttemptsExhausted"}}"#)
            .send()
            .await
            .unwrap();
    });
    let out = child.wait_with_output().unwrap();
    let doc = json(&out.stdout);
    assert_eq!(out.status.code(), Some(11), "{doc}");
    assert_eq!(doc["verdict"], "stopped");
    assert_eq!(
        outcome(&doc, canary).unwrap(),
        ("rolled_back".into(), "failed".into())
    );
    let wave1 = &doc["regions"][0]["waves"][0]["stacks"][0];
    assert!(
        wave1["health"]["reasons"][0]
            .as_str()
            .unwrap()
            .contains("dead-letter queue grew"),
        "{wave1}"
    );
    // The canary runs its earlier release again; the others were never touched.
    assert_eq!(live_version(canary), old[0]);
    assert_eq!(lambda_version(canary).as_deref(), Some("0.4.0"));
    for (n, v) in names.iter().zip(&old).skip(1) {
        assert_eq!(
            outcome(&doc, n).unwrap(),
            ("planned".into(), "not_reached".into())
        );
        assert_eq!(live_version(n), *v);
        assert_eq!(lambda_version(n).as_deref(), Some("0.4.0"));
    }
}

#[test]
fn a_rerun_after_an_interruption_judges_what_was_left_and_finishes() {
    let first = unique_name("int");
    let second = unique_name("int");
    deploy(&[&first, &second]);
    behind(&first);
    behind(&second);
    let select = format!("{first},{second}");
    let child = spawn_rollout(&[
        "--select", &select, "--canary", &first, "--bake", "60s", "--waves", "1,100%",
    ]);
    wait_for("the first stack upgraded", || {
        lambda_version(&first).as_deref() == Some(TOOL)
    });
    std::thread::sleep(Duration::from_millis(300));
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let doc = json(&out.stdout);
    assert_eq!(out.status.code(), Some(130), "{doc}");
    assert_eq!(doc["verdict"], "interrupted");
    assert_eq!(lambda_version(&second).as_deref(), Some("0.4.0"));

    // The rerun judges the stack the interrupted run never judged, then goes on.
    let (code, doc) = rollout(&["--select", &select, "--bake", "0", "--waves", "1,100%"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["verdict"], "completed");
    let w1 = &doc["regions"][0]["waves"][0]["stacks"][0];
    assert_eq!(w1["name"], first.as_str());
    assert!(w1["health"]["healthy"].as_bool().unwrap(), "{w1}");
    assert_eq!(outcome(&doc, &second).unwrap().0, "upgraded");
    assert_eq!(lambda_version(&second).as_deref(), Some(TOOL));
}

#[test]
fn two_rollouts_at_once_never_both_upgrade_a_stack() {
    let names: Vec<String> = (0..3).map(|_| unique_name("race")).collect();
    deploy(&names.iter().collect::<Vec<_>>());
    for n in &names {
        behind(n);
    }
    let select = names.join(",");
    let start = || spawn_rollout(&["--select", &select, "--waves", "100%", "--bake", "2s"]);
    let (a, b) = (start(), start());
    let docs: Vec<serde_json::Value> = [a, b]
        .into_iter()
        .map(|c| json(&c.wait_with_output().unwrap().stdout))
        .collect();
    for n in &names {
        let upgraded = docs
            .iter()
            .filter(|d| outcome(d, n).is_some_and(|(o, _)| o == "upgraded"))
            .count();
        assert_eq!(upgraded, 1, "{n} upgraded by {upgraded} runs: {docs:?}");
        assert_eq!(lambda_version(n).as_deref(), Some(TOOL));
    }
}

/// Writes a rollout lease as another run would.
fn foreign_lease(name: &str, expires_in: i64) {
    let expires = chrono::Utc::now().timestamp() + expires_in;
    block_on(async {
        aws()
            .await
            .ddb()
            .put_item()
            .table_name(format!("ZAEL-{name}"))
            .item("PK", s("SYSTEM#"))
            .item("SK", s("#ROLLOUT"))
            .item("holder", s("other-run"))
            .item("owner", s("ops@elsewhere pid 7"))
            .item("expires_at", AttributeValue::N(expires.to_string()))
            .item("state", s("upgrading"))
            .item("target_version", s(TOOL))
            .send()
            .await
            .unwrap();
    });
}

#[test]
fn a_live_lease_keeps_a_rollout_off_and_an_expired_one_is_taken_over() {
    let held = unique_name("held");
    let stale = unique_name("stale");
    deploy(&[&held, &stale]);
    behind(&held);
    behind(&stale);
    foreign_lease(&held, 600);
    foreign_lease(&stale, -60);
    let (code, doc) = rollout(&[
        "--select",
        &format!("{held},{stale}"),
        "--bake",
        "0",
        "--waves",
        "100%",
    ]);
    // A stack left to another run: the region is not done, and says so.
    assert_eq!(code, 1, "{doc}");
    assert_eq!(doc["verdict"], "incomplete");
    let (outcome_held, _) = outcome(&doc, &held).unwrap();
    assert_eq!(outcome_held, "held");
    assert_eq!(lambda_version(&held).as_deref(), Some("0.4.0"));
    assert_eq!(
        outcome(&doc, &stale).unwrap(),
        ("upgraded".into(), "passed".into())
    );
    assert_eq!(lambda_version(&stale).as_deref(), Some(TOOL));
}
