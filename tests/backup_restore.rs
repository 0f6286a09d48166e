//! `backup create`, `backup list` and `restore` through the binary against
//! the moto emulator, checking the tables with the SDK.
//!
//! Emulator facts these tests meet (docs/testing.md): backups are AVAILABLE at
//! once; tables created from the template have point-in-time recovery off
//! (the template's setting is ignored), so the tests turn it on with
//! UpdateContinuousBackups; moto's RestoreTableToPointInTime ignores the time
//! and copies the source table's current items.

mod common;

use std::collections::{BTreeMap, HashMap};

use aws_sdk_dynamodb::types::{AttributeValue, PointInTimeRecoverySpecification};
use common::{aws, block_on, cli, run_json, unique_name};
use predicates::prelude::*;
use serde_json::Value;

type Items = BTreeMap<(String, String), HashMap<String, AttributeValue>>;

fn s(x: &str) -> AttributeValue {
    AttributeValue::S(x.into())
}

fn n(x: i64) -> AttributeValue {
    AttributeValue::N(x.to_string())
}

fn deploy(name: &str) {
    cli().args(["deploy", "--name", name]).assert().success();
}

/// A stack without the aggregator. The emulator runs a deployed aggregator on the
/// table's stream (tests/support/stream_poller.py), which writes usage snapshots
/// a few seconds after the writes they count; tests that compare whole tables
/// and need no mapping leave it out, so that nothing writes behind their back.
fn deploy_without_aggregator(name: &str) {
    cli()
        .args(["deploy", "--name", name, "--no-aggregator"])
        .assert()
        .success();
}

/// `restore --name NAME --backup ARN --in-place --yes`, expected to succeed; its JSON.
fn restore_in_place(name: &str, arn: &str) -> Value {
    run_json(&[
        "restore",
        "--name",
        name,
        "--backup",
        arn,
        "--in-place",
        "--yes",
        "--output",
        "json",
    ])
}

/// Every item of `table`, by key.
fn scan(table: &str) -> Items {
    block_on(async {
        let ddb = aws().await.ddb();
        let mut out = Items::new();
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
                let key = (
                    it["PK"].as_s().unwrap().clone(),
                    it["SK"].as_s().unwrap().clone(),
                );
                out.insert(key, it.clone());
            }
            match page.last_evaluated_key() {
                Some(k) if !k.is_empty() => start = Some(k.clone()),
                _ => return out,
            }
        }
    })
}

fn without_version(mut items: Items) -> Items {
    items.remove(&("SYSTEM#".to_string(), "#VERSION".to_string()));
    items
}

/// Puts `count` entities (a bucket and a meta item each), as of `version`: the
/// version goes into the bucket's refill time and the meta item's name, so a
/// later version changes every item. The buckets stay full (tokens = burst), so
/// a running aggregator counts none of these writes and writes no snapshot.
fn put_entities(table: &str, prefix: &str, count: usize, version: i64) {
    block_on(async {
        let ddb = aws().await.ddb();
        for i in 0..count {
            let pk = format!("ENTITY#{prefix}{i}");
            let data = HashMap::from([
                ("tokens_milli".to_string(), n(10_000)),
                ("last_refill_ms".to_string(), n(1_700_000_000_000 + version)),
                ("burst_milli".to_string(), n(10_000)),
            ]);
            ddb.put_item()
                .table_name(table)
                .item("PK", s(&pk))
                .item("SK", s("#BUCKET#gpt#rpm"))
                .item("entity_id", s(&format!("{prefix}{i}")))
                .item("data", AttributeValue::M(data))
                .send()
                .await
                .unwrap();
            ddb.put_item()
                .table_name(table)
                .item("PK", s(&pk))
                .item("SK", s("#META"))
                .item("name", s(&format!("entity {i} v{version}")))
                .send()
                .await
                .unwrap();
        }
    });
}

fn delete_item(table: &str, pk: &str, sk: &str) {
    block_on(async {
        aws()
            .await
            .ddb()
            .delete_item()
            .table_name(table)
            .key("PK", s(pk))
            .key("SK", s(sk))
            .send()
            .await
            .unwrap();
    });
}

fn enable_pitr(table: &str) {
    block_on(async {
        aws()
            .await
            .ddb()
            .update_continuous_backups()
            .table_name(table)
            .point_in_time_recovery_specification(
                PointInTimeRecoverySpecification::builder()
                    .point_in_time_recovery_enabled(true)
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
    });
}

fn table_exists(table: &str) -> bool {
    block_on(async {
        aws()
            .await
            .ddb()
            .describe_table()
            .table_name(table)
            .send()
            .await
            .is_ok()
    })
}

fn backup_list(name: &str) -> Value {
    run_json(&["backup", "list", "--name", name, "--output", "json"])
}

fn create_backup(name: &str, label: &str) -> String {
    let v = run_json(&[
        "backup", "create", "--name", name, "--label", label, "--output", "json",
    ]);
    v["backup_arn"].as_str().unwrap().to_string()
}

#[test]
fn backup_create_and_list_show_manual_and_automatic_backups_newest_first() {
    let name = unique_name("bk");
    let table = format!("ZAEL-{name}");
    deploy(&name);
    // The backup deploy and upgrade take before changing a stack: the same function they call.
    let auto_arn = block_on(async {
        zae_limiter::ops::backup::take(&aws().await, &table)
            .await
            .unwrap()
    });
    std::thread::sleep(std::time::Duration::from_millis(1100));

    let v = run_json(&[
        "backup",
        "create",
        "--name",
        &name,
        "--label",
        "before-migration",
        "--output",
        "json",
    ]);
    let arn = v["backup_arn"].as_str().unwrap().to_string();
    assert!(arn.contains(&format!("table/{table}/backup/")), "{arn}");
    assert_eq!(v["backup"]["status"], "AVAILABLE");
    assert_eq!(v["backup"]["kind"], "manual");
    assert_eq!(v["backup"]["label"], "before-migration");
    assert!(v["backup"]["name"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{table}-manual-before-migration-")));
    assert_eq!(v["waited"], true);

    std::thread::sleep(std::time::Duration::from_millis(1100));
    let out = cli()
        .args(["backup", "create", "--name", &name, "--no-wait"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let plain_arn = text.lines().last().unwrap().to_string();
    assert!(plain_arn.starts_with("arn:aws:dynamodb:"), "{text}");

    let l = backup_list(&name);
    assert_eq!(l["table"], table.as_str());
    let rows = l["backups"].as_array().unwrap();
    let arns: Vec<&str> = rows.iter().map(|r| r["arn"].as_str().unwrap()).collect();
    assert_eq!(
        arns,
        [plain_arn.as_str(), arn.as_str(), auto_arn.as_str()],
        "newest first"
    );
    assert_eq!(rows[2]["kind"], "pre_upgrade");
    assert_eq!(rows[2]["automatic"], true);
    assert_eq!(rows[1]["automatic"], false);
    for r in rows {
        assert_eq!(r["status"], "AVAILABLE");
        assert!(r["created"].as_str().unwrap().ends_with('Z'));
        assert!(r["size_bytes"].as_i64().is_some());
    }
    assert_eq!(l["pitr"]["status"], "DISABLED");
    assert_eq!(l["pitr"]["earliest_restorable"], Value::Null);

    enable_pitr(&table);
    let l = backup_list(&name);
    assert_eq!(l["pitr"]["status"], "ENABLED");
    assert!(l["pitr"]["earliest_restorable"].as_str().is_some());
    assert!(l["pitr"]["latest_restorable"].as_str().is_some());
    cli()
        .args(["backup", "list", "--name", &name])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("automatic, before deploy/upgrade").and(
                predicate::str::contains("point-in-time recovery: enabled, restorable from"),
            ),
        );

    // Bad label: refused by clap before any AWS call; unknown limiter: exit 5.
    cli()
        .args(["backup", "create", "--name", &name, "--label", "a b"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("' '"));
    cli()
        .args(["backup", "create", "--name", &unique_name("none")])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("not found"));
    assert_eq!(backup_list(&name)["backups"].as_array().unwrap().len(), 3);
}

#[test]
fn restore_as_from_a_backup_and_from_latest_and_refusals_change_nothing() {
    let name = unique_name("ras");
    let table = format!("ZAEL-{name}");
    deploy_without_aggregator(&name);
    put_entities(&table, "e", 5, 4000);
    let arn = create_backup(&name, "base");
    let at_backup = scan(&table);
    put_entities(&table, "late", 2, 1000);

    let new1 = unique_name("ras-new");
    let v = run_json(&[
        "restore", "--name", &name, "--backup", &arn, "--as", &new1, "--output", "json",
    ]);
    assert_eq!(v["table"], format!("ZAEL-{new1}"));
    assert_eq!(v["source"]["kind"], "backup");
    assert_eq!(v["source"]["arn"], arn.as_str());
    assert_eq!(v["next_step"], format!("zae-limiter deploy --name {new1}"));
    assert_eq!(
        scan(&format!("ZAEL-{new1}")),
        at_backup,
        "the backup's items exactly"
    );
    assert_eq!(
        scan(&table).len(),
        at_backup.len() + 4,
        "the live table is untouched"
    );

    // Into an existing table: refused, nothing restored.
    cli()
        .args(["restore", "--name", &name, "--backup", &arn, "--as", &name])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));

    // Unknown backup: the error lists the choices.
    let new2 = unique_name("ras-new");
    cli()
        .args([
            "restore", "--name", &name, "--backup", "nope", "--as", &new2,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no backup of").and(predicate::str::contains(&arn)));
    // PITR off: clear error, nothing created.
    cli()
        .args(["restore", "--name", &name, "--latest", "--as", &new2])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "point-in-time recovery is disabled",
        ));
    enable_pitr(&table);
    // Outside the window: the error quotes it.
    cli()
        .args([
            "restore",
            "--name",
            &name,
            "--time",
            "2001-01-01T00:00:00Z",
            "--as",
            &new2,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("outside").and(predicate::str::contains(" to ")));
    cli()
        .args([
            "restore",
            "--name",
            &name,
            "--time",
            "yesterday",
            "--as",
            &new2,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("RFC 3339"));
    cli()
        .args(["restore", "--name", &name, "--latest", "--as", "bad_name"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("underscore"));
    assert!(
        !table_exists(&format!("ZAEL-{new2}")),
        "a refused restore created a table"
    );

    // A --time copied from `backup list` is inside the window. moto ignores the time and
    // copies the current items (AWS: the table as it was then).
    let latest = backup_list(&name)["pitr"]["latest_restorable"]
        .as_str()
        .unwrap()
        .to_string();
    let new3 = unique_name("ras-new");
    let v = run_json(&[
        "restore", "--name", &name, "--time", &latest, "--as", &new3, "--output", "json",
    ]);
    assert_eq!(v["source"]["kind"], "point_in_time");
    // The printed second; moto's window is narrower than a second, so its earliest instant.
    assert!(v["source"]["time"]
        .as_str()
        .unwrap()
        .starts_with(latest.trim_end_matches('Z')));
    assert_eq!(scan(&format!("ZAEL-{new3}")), scan(&table));

    // --latest: moto ignores the time and copies the current items (AWS: the latest restorable state).
    let v = run_json(&[
        "restore", "--name", &name, "--latest", "--as", &new2, "--output", "json",
    ]);
    assert_eq!(v["source"]["kind"], "latest");
    assert_eq!(scan(&format!("ZAEL-{new2}")), scan(&table));
    // As on AWS, a restored table has no stream until deploy adopts it.
    block_on(async {
        let t = aws()
            .await
            .ddb()
            .describe_table()
            .table_name(format!("ZAEL-{new2}"))
            .send()
            .await
            .unwrap();
        assert!(t.table().unwrap().latest_stream_arn().is_none());
    });

    // The next step the restore named works: deploy adopts each restored table as a
    // limiter of its own, with every item, stream/TTL/PITR turned on, and check passes.
    for restored in [&new1, &new2] {
        let before = scan(&format!("ZAEL-{restored}"));
        let d = run_json(&["deploy", "--name", restored, "--output", "json"]);
        assert_eq!(d["action"], "adopted", "{d}");
        let settings: Vec<&str> = d["adopted_table"]["settings_applied"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["setting"].as_str().unwrap())
            .collect();
        assert!(settings.contains(&"enable_stream") && settings.contains(&"enable_pitr"));
        assert_eq!(
            without_version(scan(&format!("ZAEL-{restored}"))),
            without_version(before)
        );
        cli().args(["check", "--name", restored]).assert().code(0);
    }
}

fn stack_status(stack: &str) -> String {
    block_on(async {
        zae_limiter::ops::stack::describe(&aws().await, stack)
            .await
            .unwrap()
            .expect("stack exists")
            .status
    })
}

fn mapping_uuid(name: &str) -> Vec<String> {
    common::aggregator_mappings(name)
        .iter()
        .map(|m| m.uuid().unwrap_or_default().to_string())
        .collect()
}

fn dlq_messages(name: &str, send: bool) -> String {
    block_on(async {
        let sqs = aws().await.sqs();
        let url = sqs
            .get_queue_url()
            .queue_name(format!("ZAEL-{name}-aggregator-dlq"))
            .send()
            .await
            .unwrap()
            .queue_url
            .unwrap();
        if send {
            sqs.send_message()
                .queue_url(&url)
                .message_body("{}")
                .send()
                .await
                .unwrap();
        }
        let a = sqs
            .get_queue_attributes()
            .queue_url(&url)
            .attribute_names(aws_sdk_sqs::types::QueueAttributeName::ApproximateNumberOfMessages)
            .send()
            .await
            .unwrap();
        a.attributes().unwrap()
            [&aws_sdk_sqs::types::QueueAttributeName::ApproximateNumberOfMessages]
            .clone()
    })
}

#[test]
fn restore_in_place_confirms_then_brings_back_the_backup_and_keeps_the_stack() {
    let name = unique_name("rip");
    let table = format!("ZAEL-{name}");
    deploy(&name);
    put_entities(&table, "e", 40, 5000);
    let arn = create_backup(&name, "good");
    let at_backup = scan(&table);
    // After the backup: buckets consumed, entities added, one deleted.
    put_entities(&table, "e", 10, 1000);
    put_entities(&table, "late", 3, 9000);
    delete_item(&table, "ENTITY#e39", "#META");
    let version_before = scan(&table)[&("SYSTEM#".to_string(), "#VERSION".to_string())].clone();
    let messages = dlq_messages(&name, true);
    let mapping = mapping_uuid(&name);
    let stack = stack_status(&table);
    let changed = scan(&table);
    let backups_before = backup_list(&name)["backups"].as_array().unwrap().len();

    // Off a terminal without --yes: refused before any AWS call.
    cli()
        .args(["restore", "--name", &name, "--backup", &arn, "--in-place"])
        .write_stdin("")
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("--yes").and(predicate::str::contains("nothing was changed")),
        );
    assert_eq!(scan(&table), changed);
    assert_eq!(
        backup_list(&name)["backups"].as_array().unwrap().len(),
        backups_before
    );

    // An unknown backup: the choices are listed, nothing changes, no side table is made.
    cli()
        .args([
            "restore",
            "--name",
            &name,
            "--backup",
            "nope",
            "--in-place",
            "--yes",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(&arn));
    assert_eq!(scan(&table), changed);
    assert_eq!(
        backup_list(&name)["backups"].as_array().unwrap().len(),
        backups_before
    );

    let v = restore_in_place(&name, &arn);
    assert_eq!(
        v["planned"]["overwritten"], 20,
        "10 buckets and their meta items"
    );
    assert_eq!(
        v["planned"]["inserted"], 1,
        "the deleted meta item comes back"
    );
    assert_eq!(
        v["planned"]["deleted"], 6,
        "the 3 late entities' bucket and meta items go"
    );
    assert_eq!(v["synced"], v["planned"]);
    assert_eq!(v["markers_removed"], 10, "every bucket put was unmarked");
    assert_eq!(v["side_table_kept"], false);
    let side = v["side_table"].as_str().unwrap();
    assert!(!table_exists(side), "the side table is deleted at the end");

    let now = scan(&table);
    assert_eq!(without_version(now.clone()), without_version(at_backup));
    assert_eq!(
        now[&("SYSTEM#".to_string(), "#VERSION".to_string())],
        version_before,
        "version record untouched"
    );
    assert!(
        now.values().all(|i| !i.contains_key("zael_sync")),
        "no marker left"
    );

    let safety = v["safety_backup_arn"].as_str().unwrap();
    let l = backup_list(&name);
    let row = l["backups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["arn"] == safety)
        .expect("the safety backup is listed");
    assert_eq!(row["kind"], "pre_restore");
    assert_eq!(row["status"], "AVAILABLE");
    // The safety backup holds the table as it was just before.
    let check = unique_name("rip-safety");
    run_json(&[
        "restore", "--name", &name, "--backup", safety, "--as", &check, "--output", "json",
    ]);
    assert_eq!(scan(&format!("ZAEL-{check}")), changed);

    assert_eq!(stack_status(&table), stack, "same stack");
    assert_eq!(mapping_uuid(&name), mapping, "same mapping");
    assert_eq!(
        dlq_messages(&name, false),
        messages,
        "the DLQ's messages stay"
    );
    cli().args(["check", "--name", &name]).assert().code(0);
}

#[test]
fn an_interrupted_in_place_sync_run_again_converges() {
    let name = unique_name("rint");
    let table = format!("ZAEL-{name}");
    deploy_without_aggregator(&name);
    put_entities(&table, "e", 150, 5000);
    let arn = create_backup(&name, "good");
    let at_backup = without_version(scan(&table));
    put_entities(&table, "e", 150, 10);
    put_entities(&table, "x", 30, 10);

    // The debug build's test seam stops the sync after 2 batches, as Ctrl-C would.
    let out = cli()
        .env(zae_limiter::test_hook::STOP_SYNC_AFTER_BATCHES, "2")
        .args([
            "restore",
            "--name",
            &name,
            "--backup",
            &arn,
            "--in-place",
            "--yes",
        ])
        .assert()
        .code(130)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("partly restored") && err.contains("run the same restore again"),
        "{err}"
    );
    let partial = without_version(scan(&table));
    assert_ne!(partial, at_backup, "the stop came mid-sync");
    let marked = partial
        .values()
        .filter(|i| i.contains_key("zael_sync"))
        .count();
    assert_eq!(marked, 0, "batches in flight finish, markers included");

    let v = restore_in_place(&name, &arn);
    assert_eq!(v["side_table_reused"], true);
    assert_eq!(without_version(scan(&table)), at_backup);
    // Once more: nothing left to do.
    let v = restore_in_place(&name, &arn);
    // Nothing of the backup's left to put back. (It may delete usage snapshots the
    // emulator's aggregator wrote since, from the test's own bucket writes.)
    assert_eq!(
        v["synced"]["overwritten"].as_u64().unwrap() + v["synced"]["inserted"].as_u64().unwrap(),
        0,
        "{v}"
    );
    assert_eq!(without_version(scan(&table)), at_backup);
}

/// Runs the binary with `args` on a terminal (util-linux `script` gives it a
/// pseudo-terminal for stdin, stdout and stderr), types `answer`, and returns
/// its exit code and everything the terminal showed.
fn on_a_terminal(args: &[&str], answer: &str) -> (i32, String) {
    use std::io::Write;
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let bin = assert_cmd::cargo::cargo_bin("zae-limiter");
    let mut line = quote(bin.to_str().unwrap());
    for a in args {
        line.push(' ');
        line.push_str(&quote(a));
    }
    let mut c = std::process::Command::new("script");
    // The same environment as every other run of the binary in these tests.
    for (k, v) in common::cli_process().get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    let mut child = c
        .args(["-qec", &line, "/dev/null"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("util-linux script");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answer.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn in_place_on_a_terminal_asks_with_the_counts_and_no_changes_nothing() {
    let name = unique_name("rtty");
    let table = format!("ZAEL-{name}");
    deploy_without_aggregator(&name);
    put_entities(&table, "e", 4, 5000);
    let arn = create_backup(&name, "good");
    let at_backup = scan(&table);
    put_entities(&table, "e", 2, 100);
    put_entities(&table, "late", 1, 100);
    let changed = scan(&table);
    let backups = backup_list(&name)["backups"].as_array().unwrap().len();
    let args = ["restore", "--name", &name, "--backup", &arn, "--in-place"];

    let (code, shown) = on_a_terminal(&args, "n\n");
    assert_eq!(code, 1, "{shown}");
    assert!(
        shown.contains("overwrite 4 items, add 0, DELETE 2 (4 already match"),
        "{shown}"
    );
    assert!(shown.contains("nothing changed in"), "{shown}");
    assert_eq!(scan(&table), changed);
    assert_eq!(
        backup_list(&name)["backups"].as_array().unwrap().len(),
        backups,
        "no safety backup"
    );

    let (code, shown) = on_a_terminal(&args, "yes\n");
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("safety backup of"), "{shown}");
    assert_eq!(scan(&table), at_backup);
}

/// Writes `count` entities (bucket + meta) with BatchWriteItem, 25 items a call.
fn batch_put_entities(table: &str, count: usize, tokens: i64) {
    use aws_sdk_dynamodb::types::{PutRequest, WriteRequest};
    block_on(async {
        let ddb = aws().await.ddb();
        let mut reqs = Vec::new();
        for i in 0..count {
            let pk = format!("ENTITY#b{i}");
            let data = HashMap::from([("tokens_milli".to_string(), n(tokens))]);
            for item in [
                HashMap::from([
                    ("PK".to_string(), s(&pk)),
                    ("SK".to_string(), s("#BUCKET#gpt#rpm")),
                    ("data".to_string(), AttributeValue::M(data.clone())),
                ]),
                HashMap::from([
                    ("PK".to_string(), s(&pk)),
                    ("SK".to_string(), s("#META")),
                    ("tokens".to_string(), n(tokens)),
                ]),
            ] {
                let put = PutRequest::builder().set_item(Some(item)).build().unwrap();
                reqs.push(WriteRequest::builder().put_request(put).build());
            }
        }
        for chunk in reqs.chunks(25) {
            let out = ddb
                .batch_write_item()
                .request_items(table, chunk.to_vec())
                .send()
                .await
                .unwrap();
            assert!(out.unprocessed_items().is_none_or(|m| m.is_empty()));
        }
    });
}

#[test]
fn ctrl_c_during_the_sync_stops_cleanly_and_a_rerun_converges() {
    use std::io::{BufRead, BufReader};
    let name = unique_name("rsig");
    let table = format!("ZAEL-{name}");
    deploy_without_aggregator(&name);
    batch_put_entities(&table, 800, 5000);
    let arn = create_backup(&name, "good");
    let at_backup = without_version(scan(&table));
    batch_put_entities(&table, 800, 10);

    let mut child = common::cli_process()
        .args([
            "restore",
            "--name",
            &name,
            "--backup",
            &arn,
            "--in-place",
            "--yes",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut shown = String::new();
    // The safety backup's line comes right before the sync starts.
    while !shown.contains("safety backup of") {
        let mut line = String::new();
        assert!(
            err.read_line(&mut line).unwrap() > 0,
            "ended early: {shown}"
        );
        shown.push_str(&line);
    }
    std::thread::sleep(std::time::Duration::from_millis(700));
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    shown.push_str(&rest);
    let code = child.wait().unwrap().code();
    assert_eq!(code, Some(130), "{shown}");
    assert!(shown.contains("run the same restore again"), "{shown}");
    let partial = without_version(scan(&table));
    assert_ne!(partial, at_backup, "interrupted before the end: {shown}");
    assert!(
        partial.values().all(|i| !i.contains_key("zael_sync")),
        "batches in flight finish, unmarks included"
    );

    let v = restore_in_place(&name, &arn);
    assert_eq!(v["side_table_reused"], true);
    assert_eq!(without_version(scan(&table)), at_backup);
}

/// Writes bucket items that consume: `tokens` left of a burst of 10 tokens, refill
/// time `at_ms` (no refill rule, so the aggregator counts old − new exactly).
fn put_buckets(table: &str, prefix: &str, count: usize, tokens: i64, at_ms: i64) {
    block_on(async {
        let ddb = aws().await.ddb();
        for i in 0..count {
            let data = HashMap::from([
                ("tokens_milli".to_string(), n(tokens)),
                ("last_refill_ms".to_string(), n(at_ms)),
                ("burst_milli".to_string(), n(10_000)),
            ]);
            ddb.put_item()
                .table_name(table)
                .item("PK", s(&format!("ENTITY#{prefix}{i}")))
                .item("SK", s("#BUCKET#gpt#rpm"))
                .item("entity_id", s(&format!("{prefix}{i}")))
                .item("data", AttributeValue::M(data))
                .send()
                .await
                .unwrap();
        }
    });
}

fn usage_snapshots(table: &str) -> Items {
    scan(table)
        .into_iter()
        .filter(|((_, sk), _)| sk.starts_with("#USAGE#"))
        .collect()
}

/// Waits (up to a minute) until `ok` holds for the table's usage snapshots.
fn wait_for_snapshots(table: &str, what: &str, ok: impl Fn(&Items) -> bool) -> Items {
    let start = std::time::Instant::now();
    loop {
        let snaps = usage_snapshots(table);
        if ok(&snaps) {
            return snaps;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "the aggregator never got to {what}: {snaps:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
}

fn events(item: &HashMap<String, AttributeValue>) -> i64 {
    item["data"].as_m().unwrap()["total_events"]
        .as_n()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn the_deployed_aggregator_counts_nothing_of_an_in_place_restore() {
    // The emulator runs the deployed aggregator on the table's stream as Lambda would
    // (tests/support/stream_poller.py), so this is the whole path: sync writes →
    // stream → mapping filter → aggregator → snapshots.
    let name = unique_name("ragg");
    let table = format!("ZAEL-{name}");
    deploy(&name);
    let at_ms = chrono::Utc::now().timestamp_millis();
    // Each bucket is created with 5 of 10 tokens taken (counted as an INSERT).
    put_buckets(&table, "u", 3, 5_000, at_ms);
    // 3 entities x (hourly, daily).
    wait_for_snapshots(&table, "the first acquires", |s| {
        s.len() == 6 && s.values().all(|i| events(i) == 1)
    });
    let arn = create_backup(&name, "good");
    let at_backup = usage_snapshots(&table);
    // Then 3 more taken from each (a MODIFY).
    put_buckets(&table, "u", 3, 2_000, at_ms);
    let after = wait_for_snapshots(&table, "the second acquires", |s| {
        s.len() == 6 && s.values().all(|i| events(i) == 2)
    });
    assert_ne!(after, at_backup);

    // The sync puts the buckets back to 5 tokens: as a plain MODIFY, each would count
    // 2 - 5 = -3 tokens (a refund) in every window.
    let v = restore_in_place(&name, &arn);
    assert_eq!(
        v["synced"]["overwritten"], 9,
        "3 buckets and their 6 snapshots"
    );
    assert_eq!(v["markers_removed"], 3);
    assert_eq!(
        usage_snapshots(&table),
        at_backup,
        "the snapshots are restored too"
    );
    // A client acquires after the restore. The mapping hands a shard's records to the
    // aggregator in order, so once this one is counted, so are the sync's before it.
    put_buckets(&table, "after", 1, 9_000, at_ms);
    wait_for_snapshots(&table, "the acquire after the restore", |s| {
        s.keys().any(|(pk, _)| pk == "ENTITY#after0")
    });
    // Its batch may hold the sync's records too; its writes land together.
    std::thread::sleep(std::time::Duration::from_secs(2));
    let others: Items = usage_snapshots(&table)
        .into_iter()
        .filter(|((pk, _), _)| pk != "ENTITY#after0")
        .collect();
    assert_eq!(
        others, at_backup,
        "the aggregator counted the sync's writes"
    );
}
