//! `limits export|plan|apply` and `audit` through the binary against the
//! emulator, checking the table with the SDK: round trip, pruning by item
//! kind, refusals of invalid files with nothing written, and an edit made
//! between the plan and the writes. (The published client's view of the same
//! writes is tests/interop/test_limits.py.)

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::types::AttributeValue;
use common::{aws, block_on, cli, cli_process, json, unique_name};
use serde_json::Value;

fn deploy(name: &str) {
    cli()
        .args(["deploy", "--name", name, "--no-aggregator"])
        .assert()
        .success();
}

fn write(dir: &Path, file: &str, text: &str) -> String {
    let p = dir.join(file);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// Every item of the table, by (PK, SK).
fn items(table: &str) -> BTreeMap<(String, String), HashMap<String, AttributeValue>> {
    block_on(async {
        let ddb = aws().await.ddb();
        let mut out = BTreeMap::new();
        let mut start = None;
        loop {
            let page = ddb
                .scan()
                .table_name(table)
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .unwrap();
            for it in page.items() {
                let k = |a: &str| it[a].as_s().unwrap().clone();
                out.insert((k("PK"), k("SK")), it.clone());
            }
            match page.last_evaluated_key() {
                Some(k) if !k.is_empty() => start = Some(k.clone()),
                _ => return out,
            }
        }
    })
}

/// Item counts by kind: meta, limit, bucket, usage, version, audit.
fn kinds(table: &str) -> BTreeMap<&'static str, usize> {
    let mut out = BTreeMap::new();
    for (pk, sk) in items(table).keys() {
        let kind = match () {
            _ if sk == "#META" => "meta",
            _ if sk.starts_with("#LIMIT#") => "limit",
            _ if sk.starts_with("#BUCKET#") => "bucket",
            _ if sk.starts_with("#USAGE#") => "usage",
            _ if pk == "SYSTEM#" => "version",
            _ if sk.starts_with("#AUDIT#") => "audit",
            _ => "other",
        };
        *out.entry(kind).or_default() += 1;
    }
    out
}

fn put(table: &str, item: Vec<(&str, AttributeValue)>) {
    block_on(async {
        aws()
            .await
            .ddb()
            .put_item()
            .table_name(table)
            .set_item(Some(
                item.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            ))
            .send()
            .await
            .unwrap();
    });
}

fn s(x: &str) -> AttributeValue {
    AttributeValue::S(x.into())
}

fn n(x: i64) -> AttributeValue {
    AttributeValue::N(x.to_string())
}

/// A stored limit exactly as the client's `set_limits` writes it.
fn client_limit(table: &str, entity: &str, resource: &str, limit: &str, capacity: i64) {
    let data = HashMap::from([
        ("resource".to_string(), s(resource)),
        ("limit_name".to_string(), s(limit)),
        ("capacity".to_string(), n(capacity)),
        ("burst".to_string(), n(capacity)),
        ("refill_amount".to_string(), n(capacity)),
        ("refill_period_seconds".to_string(), n(60)),
    ]);
    put(
        table,
        vec![
            ("PK", s(&format!("ENTITY#{entity}"))),
            ("SK", s(&format!("#LIMIT#{resource}#{limit}"))),
            ("entity_id", s(entity)),
            ("data", AttributeValue::M(data)),
        ],
    );
}

fn capacity(table: &str, entity: &str, resource: &str, limit: &str) -> Option<String> {
    let all = items(table);
    let it = all.get(&(
        format!("ENTITY#{entity}"),
        format!("#LIMIT#{resource}#{limit}"),
    ))?;
    Some(
        it["data"].as_m().unwrap()["capacity"]
            .as_n()
            .unwrap()
            .clone(),
    )
}

const F1: &str = "\
entities:
  a:
    name: Team A
    limits:
      api:
        rpm: {capacity: 10}
        tpm: {capacity: 1000, burst: 2000}
  b:
    parent: a
    limits:
      api:
        rpm: {capacity: 5}
  c:
    limits:
      llm:
        tpm: {capacity: 50, refill_amount: 25, refill_period_seconds: 30}
";

fn apply(name: &str, file: &str, extra: &[&str]) -> Value {
    let mut args = vec!["limits", "apply", "--name", name, "-f", file, "--yes"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--principal", "test-runner", "--output", "json"]);
    json(&cli().args(&args).assert().success().get_output().stdout)
}

fn plan_code(name: &str, file: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["limits", "plan", "--name", name, "-f", file];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--output", "json"]);
    let out = cli().args(&args).output().unwrap();
    (out.status.code().unwrap(), json(&out.stdout))
}

#[test]
fn export_round_trips_and_prune_removes_only_what_the_file_omits() {
    let name = unique_name("lim-prune");
    let table = format!("ZAEL-{name}");
    deploy(&name);
    let dir = tempfile::tempdir().unwrap();
    let f1 = write(dir.path(), "f1.yaml", F1);
    let doc = apply(&name, &f1, &[]);
    assert_eq!(doc["applied"]["entities_written"], 3);
    assert_eq!(doc["principal"], "test-runner");
    // Bucket and usage items that limits must never touch.
    put(
        &table,
        vec![
            ("PK", s("ENTITY#c")),
            ("SK", s("#BUCKET#llm#tpm")),
            ("entity_id", s("c")),
            (
                "data",
                AttributeValue::M(HashMap::from([
                    ("tokens_milli".to_string(), n(1)),
                    ("last_refill_ms".to_string(), n(1)),
                ])),
            ),
        ],
    );
    put(
        &table,
        vec![
            ("PK", s("ENTITY#c")),
            ("SK", s("#USAGE#llm#hourly#2026-01-01T00:00:00Z")),
            ("entity_id", s("c")),
        ],
    );
    // A limit written by the client, outside the file.
    client_limit(&table, "d", "api", "rpm", 3);

    // export -> plan: no change (exit 0).
    let out = dir.path().join("exported.yaml");
    cli()
        .args([
            "limits",
            "export",
            "--name",
            &name,
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let (code, doc) = plan_code(&name, out.to_str().unwrap(), &["--prune"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["changes"], serde_json::json!([]));

    let before = kinds(&table);
    assert_eq!(
        (
            before["meta"],
            before["limit"],
            before["bucket"],
            before["usage"],
            before["version"]
        ),
        (3, 5, 1, 1, 1)
    );

    // Keep only a's rpm. Without --prune nothing is removed.
    let f2 = write(
        dir.path(),
        "f2.yaml",
        "entities:\n  a:\n    name: Team A\n    limits:\n      api:\n        rpm: {capacity: 10}\n",
    );
    let (code, doc) = plan_code(&name, &f2, &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(
        (
            doc["unmanaged_entities"].as_i64(),
            doc["unmanaged_limits"].as_i64()
        ),
        (Some(3), Some(4))
    );
    let (code, doc) = plan_code(&name, &f2, &["--prune"]);
    assert_eq!(code, 10);
    assert_eq!(doc["summary"]["limits_removed"], 4);
    assert_eq!(doc["summary"]["entities_deleted"], 2);
    apply(&name, &f2, &["--prune"]);

    let after = kinds(&table);
    assert_eq!(after["meta"], 1);
    assert_eq!(after["limit"], 1);
    assert_eq!(
        (after["bucket"], after["usage"], after["version"]),
        (1, 1, 1)
    );
    assert_eq!(capacity(&table, "a", "api", "rpm").as_deref(), Some("10"));
    // One event per entity created (3) and per resource set (3) in the first apply;
    // then a's api and b's api set/deleted, c and d's resources deleted, b and c deleted.
    assert!(after["audit"] > before["audit"]);

    // The trail, newest first, through `audit`.
    let doc = json(
        &cli()
            .args([
                "audit", "--name", &name, "--entity", "b", "--since", "7d", "--output", "json",
            ])
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    let actions: Vec<&str> = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions.first(), Some(&"entity_deleted"), "{actions:?}");
    assert!(actions.contains(&"limits_deleted") && actions.contains(&"entity_created"));
    let all = json(
        &cli()
            .args(["audit", "--name", &name, "--output", "json"])
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    assert!(all["events"].as_array().unwrap().len() >= actions.len() + 3);
    cli()
        .args(["audit", "--name", &name, "--since", "yesterday"])
        .assert()
        .code(2);
}

#[test]
fn invalid_files_are_refused_with_the_line_and_nothing_written() {
    let name = unique_name("lim-bad");
    let table = format!("ZAEL-{name}");
    deploy(&name);
    let dir = tempfile::tempdir().unwrap();
    let before = items(&table);
    let cases = [
        ("unknown key", "entities:\n  a:\n    limts: {}\n", ":3:"),
        ("zero capacity", "entities:\n  a:\n    limits:\n      api:\n        rpm: {capacity: 0}\n", ":5:"),
        ("burst below capacity", "entities:\n  a:\n    limits:\n      api:\n        rpm: {capacity: 9, burst: 3}\n", ":5:"),
        ("zero period", "entities:\n  a:\n    limits:\n      api:\n        rpm:\n          capacity: 9\n          refill_period_seconds: 0\n", ":7:"),
        ("missing parent", "entities:\n  a:\n    parent: nobody\n", ":3:"),
        ("cycle", "entities:\n  a:\n    parent: b\n  b:\n    parent: a\n", "cycle"),
        ("bad entity id", "entities:\n  \"a#1\":\n    name: x\n", ":2:"),
        ("bad resource", "entities:\n  a:\n    limits:\n      9api:\n        rpm: {capacity: 1}\n", ":4:"),
        ("yaml syntax", "entities:\n  a: {limits: [\n", "bad.yaml:"),
        ("not a number", "entities:\n  a:\n    limits:\n      api:\n        rpm: {capacity: ten}\n", ":5:"),
    ];
    for (what, text, expect) in cases {
        let f = write(dir.path(), "bad.yaml", text);
        for extra in [&[][..], &["--yes", "--principal", "t"][..]] {
            let cmd = if extra.is_empty() { "plan" } else { "apply" };
            let out = cli()
                .args(["limits", cmd, "--name", &name, "-f", &f])
                .args(extra)
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{what} ({cmd}): {err}");
            assert!(
                err.contains(expect),
                "{what} ({cmd}): expected {expect} in:\n{err}"
            );
            assert!(err.contains("nothing was changed"), "{err}");
        }
    }
    assert_eq!(items(&table), before, "an invalid file changed the table");
    // Usage errors: a missing file (2), and apply without --yes off a terminal (1).
    cli()
        .args(["limits", "plan", "--name", &name, "-f", "/nonexistent.yaml"])
        .assert()
        .code(2);
    let f = write(dir.path(), "ok.yaml", F1);
    cli()
        .args(["limits", "apply", "--name", &name, "-f", &f])
        .assert()
        .code(1);
    assert_eq!(items(&table), before);
    // A name that is not deployed.
    cli()
        .args(["limits", "plan", "--name", "never-deployed-x", "-f", &f])
        .assert()
        .code(5);
}

#[test]
fn an_edit_between_plan_and_writes_is_refused_for_that_entity() {
    let name = unique_name("lim-race");
    let table = format!("ZAEL-{name}");
    deploy(&name);
    let dir = tempfile::tempdir().unwrap();
    let f1 = write(dir.path(), "f1.yaml", F1);
    apply(&name, &f1, &[]);
    let f2 = write(
        dir.path(),
        "f2.yaml",
        &F1.replace("rpm: {capacity: 10}", "rpm: {capacity: 20}")
            .replace("rpm: {capacity: 5}", "rpm: {capacity: 6}"),
    );
    let pause = dir.path().join("pause");
    let child = cli_process()
        .args([
            "limits",
            "apply",
            "--name",
            &name,
            "-f",
            &f2,
            "--yes",
            "--principal",
            "t",
        ])
        .env("ZAE_LIMITER_TEST_PAUSE_BEFORE_LIMITS_WRITE", &pause)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let ready = dir.path().join("pause.ready");
    let start = Instant::now();
    while !ready.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "apply never reached its writes"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Someone (the client, a colleague) changes a's limit after the plan was read.
    client_limit(&table, "a", "api", "rpm", 99);
    std::fs::write(dir.path().join("pause.go"), b"").unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("changed in the table since the plan was read") && err.contains(": a ("),
        "{err}"
    );
    assert_eq!(
        capacity(&table, "a", "api", "rpm").as_deref(),
        Some("99"),
        "the edit was overwritten"
    );
    assert_eq!(capacity(&table, "b", "api", "rpm").as_deref(), Some("6"));
    // The next plan shows the edit as the old value.
    let (code, doc) = plan_code(&name, &f2, &[]);
    assert_eq!(code, 10);
    assert_eq!(doc["changes"][0]["old"]["capacity"], 99);
}
