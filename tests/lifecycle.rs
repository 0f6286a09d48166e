//! deploy, status, check, version, upgrade and delete through the binary,
//! against the moto emulator, checking AWS state with the SDK.
//!
//! The emulator emits no per-resource stack events and cannot invoke Lambda;
//! these tests check what it does model (stacks, table, function code, records).

mod common;

use aws_sdk_dynamodb::types::AttributeValue;
use common::{aws, block_on, cli, json, put_record, run_json, stack_params, unique_name};
use predicates::prelude::*;
use zae_limiter::ops::record::{self, ReadRecord};

fn s(x: &str) -> AttributeValue {
    AttributeValue::S(x.into())
}

fn read_record(table: &str) -> ReadRecord {
    block_on(async { record::read(&aws().await, table).await.unwrap() })
}

#[test]
fn deploy_creates_everything_then_is_idempotent() {
    let name = unique_name("dep");
    let v = run_json(&[
        "deploy",
        "--name",
        &name,
        "--lambda-memory",
        "512",
        "--output",
        "json",
    ]);
    assert_eq!(v["action"], "created");
    assert_eq!(v["stack_status"], "CREATE_COMPLETE");
    assert_eq!(v["code_shipped"], true);
    assert_eq!(v["lambda_version"], env!("CARGO_PKG_VERSION"));
    let package_sha =
        zae_limiter::ops::aggregator::code_sha256(&zae_limiter::ops::aggregator::package());
    assert_eq!(v["code_sha256"], package_sha.as_str());

    block_on(async {
        let aws = aws().await;
        let table = format!("ZAEL-{name}");
        let t = aws
            .ddb()
            .describe_table()
            .table_name(&table)
            .send()
            .await
            .unwrap();
        let t = t.table().unwrap();
        let keys: Vec<_> = t
            .key_schema()
            .iter()
            .map(|k| k.attribute_name().to_string())
            .collect();
        assert_eq!(keys, ["PK", "SK"]);
        assert_eq!(t.global_secondary_indexes().len(), 2);
        assert_eq!(
            t.stream_specification()
                .unwrap()
                .stream_view_type()
                .unwrap()
                .as_str(),
            "NEW_AND_OLD_IMAGES"
        );
        let f = aws
            .lambda()
            .get_function_configuration()
            .function_name(format!("ZAEL-{name}-aggregator"))
            .send()
            .await
            .unwrap();
        assert_eq!(f.code_sha256(), Some(package_sha.as_str()));
        assert_eq!(f.memory_size(), Some(512));
        assert_eq!(f.handler(), Some("index.handler"));
        let stack = zae_limiter::ops::stack::describe(&aws, &table)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stack.parameters["LambdaMemorySize"], "512");
        assert_eq!(stack.parameters["LambdaTimeout"], "60");
    });
    let ReadRecord::Present(rec) = read_record(&format!("ZAEL-{name}")) else {
        panic!("no record")
    };
    assert_eq!(rec.schema_version, "1.0.0");
    assert_eq!(rec.client_min_version.as_deref(), Some("0.0.0"));
    assert_eq!(
        rec.updated_by,
        Some(format!("cli:{}", env!("CARGO_PKG_VERSION")))
    );

    // Again, without options: memory stays 512, nothing changes, the record is untouched.
    let v = run_json(&["deploy", "--name", &name, "--output", "json"]);
    assert_eq!(v["action"], "unchanged");
    assert_eq!(v["code_shipped"], false);
    assert_eq!(v["record_written"], false);
    assert_eq!(v["parameters"]["LambdaMemorySize"], "512");
    let ReadRecord::Present(again) = read_record(&format!("ZAEL-{name}")) else {
        panic!()
    };
    assert_eq!(again, rec);
}

#[test]
fn status_check_and_version_report_a_healthy_stack() {
    let name = unique_name("st");
    cli().args(["deploy", "--name", &name]).assert().success();
    let v = run_json(&["status", "--name", &name, "--output", "json"]);
    assert_eq!(v["stack_status"], "CREATE_COMPLETE");
    assert_eq!(v["table"]["status"], "ACTIVE");
    assert_eq!(v["table"]["stream_enabled"], true);
    assert_eq!(v["function"]["code_matches_tool"], true);
    assert_eq!(v["mapping"]["state"], "Enabled");
    assert_eq!(v["version_record"]["schema_version"], "1.0.0");
    cli()
        .args(["status", "--name", &name])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("CREATE_COMPLETE")
                .and(predicate::str::contains("RateLimitsTable")),
        );
    cli()
        .args(["check", "--name", &name])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("compatible"));
    let v = run_json(&["version", "--name", &name, "--output", "json"]);
    assert_eq!(v["code_matches_tool"], true);
    assert_eq!(v["verdict"], "compatible");
}

#[test]
fn check_exit_codes_for_each_verdict_and_changes_nothing() {
    let name = unique_name("chk");
    let table = format!("ZAEL-{name}");
    cli().args(["check", "--name", &name]).assert().code(5);
    cli().args(["deploy", "--name", &name]).assert().success();
    type Case<'a> = (Vec<(&'a str, AttributeValue)>, i32, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec![
                ("schema_version", s("1.0.0")),
                ("lambda_version", AttributeValue::Null(true)),
            ],
            0,
            "update_available",
        ),
        (
            vec![
                ("schema_version", s("1.0.0")),
                ("lambda_version", s("0.0.1")),
            ],
            0,
            "update_available",
        ),
        (
            vec![
                ("schema_version", s("2.0.0")),
                ("lambda_version", s("0.3.0")),
            ],
            4,
            "schema_migration_required",
        ),
        (
            vec![
                ("schema_version", s("1.0.0")),
                ("client_min_version", s("99.0.0")),
            ],
            3,
            "tool_too_old",
        ),
        (
            vec![("schema_version", AttributeValue::N("1".into()))],
            1,
            "unreadable_record",
        ),
    ];
    for (data, code, verdict) in cases {
        put_record(&table, data);
        let before = read_record(&table);
        let out = cli()
            .args(["check", "--name", &name, "--output", "json"])
            .assert()
            .code(code)
            .get_output()
            .stdout
            .clone();
        assert_eq!(json(&out)["verdict"], verdict);
        assert_eq!(read_record(&table), before, "check changed the record");
    }
    block_on(async {
        aws()
            .await
            .ddb()
            .delete_item()
            .table_name(&table)
            .key("PK", s("SYSTEM#"))
            .key("SK", s("#VERSION"))
            .send()
            .await
            .unwrap();
    });
    cli()
        .args(["check", "--name", &name])
        .assert()
        .code(5)
        .stdout(predicate::str::contains("not initialized"));
}

#[test]
fn upgrade_rules() {
    let name = unique_name("upg");
    let table = format!("ZAEL-{name}");
    cli().args(["deploy", "--name", &name]).assert().success();
    let ReadRecord::Present(current) = read_record(&table) else {
        panic!()
    };

    // Current: no-op, record untouched.
    cli()
        .args(["upgrade", "--name", &name])
        .assert()
        .success()
        .stdout(predicate::str::contains("already at"));
    assert_eq!(read_record(&table), ReadRecord::Present(current.clone()));

    // Older Lambda, newer schema minor: upgraded, schema kept at 1.5.0, min client kept.
    put_record(
        &table,
        vec![
            ("schema_version", s("1.5.0")),
            ("lambda_version", s("0.0.1")),
            ("client_min_version", s("0.1.0")),
        ],
    );
    cli()
        .args(["upgrade", "--name", &name, "--lambda-only"])
        .assert()
        .success();
    let ReadRecord::Present(r) = read_record(&table) else {
        panic!()
    };
    assert_eq!(r.schema_version, "1.5.0");
    assert_eq!(r.lambda_version.as_deref(), Some(env!("CARGO_PKG_VERSION")));
    assert_eq!(r.client_min_version.as_deref(), Some("0.1.0"));

    // An unreadable record: refused (even with --force), nothing touched.
    put_record(
        &table,
        vec![("schema_version", AttributeValue::N("1".into()))],
    );
    let before = read_record(&table);
    cli()
        .args(["upgrade", "--name", &name, "--force"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot be read"));
    cli().args(["deploy", "--name", &name]).assert().code(1);
    assert_eq!(read_record(&table), before);

    // Schema 2.0.0: refused with 4, record untouched.
    put_record(
        &table,
        vec![
            ("schema_version", s("2.0.0")),
            ("lambda_version", s("0.0.1")),
        ],
    );
    let before = read_record(&table);
    cli()
        .args(["upgrade", "--name", &name])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("backup"));
    assert_eq!(read_record(&table), before);

    // The published client's record (lambda NULL, no updated_by) is read without complaint.
    put_record(
        &table,
        vec![
            ("schema_version", s("1.0.0")),
            ("client_min_version", s("0.0.0")),
            ("updated_at", s("2026-01-01T00:00:00Z")),
            ("lambda_version", AttributeValue::Null(true)),
            ("updated_by", AttributeValue::Null(true)),
        ],
    );
    cli().args(["upgrade", "--name", &name]).assert().success();
    let ReadRecord::Present(r) = read_record(&table) else {
        panic!()
    };
    assert_eq!(r.lambda_version.as_deref(), Some(env!("CARGO_PKG_VERSION")));
    assert_eq!(r.schema_version, "1.0.0");

    // --force redeploys even when current and says so.
    cli()
        .args(["upgrade", "--name", &name, "--force", "--output", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"code_shipped\": true"));
}

#[test]
fn concurrent_upgrades_leave_a_whole_record() {
    let name = unique_name("conc");
    let table = format!("ZAEL-{name}");
    cli().args(["deploy", "--name", &name]).assert().success();
    put_record(
        &table,
        vec![
            ("schema_version", s("1.2.0")),
            ("lambda_version", s("0.0.1")),
            ("client_min_version", s("0.0.5")),
        ],
    );
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let n = name.clone();
            std::thread::spawn(move || {
                cli()
                    .args(["upgrade", "--name", &n, "--lambda-only"])
                    .assert()
                    .success()
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let ReadRecord::Present(r) = read_record(&table) else {
        panic!()
    };
    assert_eq!(r.schema_version, "1.2.0");
    assert_eq!(r.client_min_version.as_deref(), Some("0.0.5"));
    assert_eq!(r.lambda_version.as_deref(), Some(env!("CARGO_PKG_VERSION")));
    assert!(r.updated_at.is_some() && r.updated_by.is_some());
}

#[test]
fn status_of_a_missing_stack_says_not_found() {
    cli()
        .args(["status", "--name", &unique_name("none")])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("not found").and(predicate::str::contains("deploy")));
}

#[test]
fn deploy_refuses_what_upgrade_refuses_and_never_downgrades() {
    let name = unique_name("dref");
    let table = format!("ZAEL-{name}");
    cli().args(["deploy", "--name", &name]).assert().success();
    put_record(
        &table,
        vec![
            ("schema_version", s("2.0.0")),
            ("lambda_version", s("0.3.0")),
        ],
    );
    let before = read_record(&table);
    cli()
        .args(["deploy", "--name", &name, "--lambda-memory", "1024"])
        .assert()
        .code(4);
    assert_eq!(read_record(&table), before);
    put_record(
        &table,
        vec![
            ("schema_version", s("1.0.0")),
            ("lambda_version", s("99.0.0")),
        ],
    );
    cli()
        .args(["deploy", "--name", &name])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("downgrade"));
    let params = stack_params(&table);
    assert_eq!(params["LambdaMemorySize"], "256", "the stack was changed");
}

#[test]
fn deploy_with_changed_options_updates_the_parameters() {
    // Log retention touches only the log group. Options that touch the function
    // (memory, timeout, environment) cannot be updated on the emulator: moto
    // re-applies inline function code on update and fails (docs/testing.md).
    let name = unique_name("chg");
    let stack = format!("ZAEL-{name}");
    cli().args(["deploy", "--name", &name]).assert().success();
    let v = run_json(&[
        "deploy",
        "--name",
        &name,
        "--log-retention-days",
        "60",
        "--output",
        "json",
    ]);
    assert_eq!(v["action"], "updated");
    assert_eq!(v["stack_status"], "UPDATE_COMPLETE");
    let params = stack_params(&stack);
    assert_eq!(params["LogRetentionDays"], "60");
    assert_eq!(params["LambdaMemorySize"], "256");

    // Backup before change: the update above took one, named and printed.
    let backups = || {
        block_on(async {
            aws()
                .await
                .ddb()
                .list_backups()
                .table_name(&stack)
                .send()
                .await
                .unwrap()
                .backup_summaries()
                .iter()
                .map(|b| b.backup_name().unwrap_or_default().to_string())
                .collect::<Vec<_>>()
        })
    };
    let taken = backups();
    assert_eq!(taken.len(), 1, "{taken:?}");
    assert!(taken[0].starts_with(&format!("{stack}-pre-upgrade-")));
    assert!(v["backup_arn"].as_str().unwrap().contains("backup"));
    // A no-op deploy takes none; --no-backup skips it.
    cli().args(["deploy", "--name", &name]).assert().success();
    cli()
        .args([
            "deploy",
            "--name",
            &name,
            "--log-retention-days",
            "90",
            "--no-backup",
        ])
        .assert()
        .success();
    assert_eq!(backups().len(), 1);
}

#[test]
fn status_puts_alarms_in_alarm_and_dlq_messages_first() {
    // The emulator models neither the template's alarms, the CloudWatch protocol the
    // SDK speaks nor alarm evaluation; the test launcher adds them (see
    // tests/support/moto_corrections.py and cloudwatch_evaluator.py).
    let name = unique_name("hlth");
    let stack = format!("ZAEL-{name}");
    cli().args(["deploy", "--name", &name]).assert().success();
    let v = run_json(&["status", "--name", &name, "--output", "json"]);
    let alarms: Vec<&str> = v["alarms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(alarms.len(), 6, "{alarms:?}");
    assert!(alarms.contains(&format!("{stack}-aggregator-errors").as_str()));
    assert_eq!(v["healthy"], true, "{v}");

    // A parked batch: the emulator publishes the queue's depth and evaluates the
    // stack's DLQ-depth alarm (tests/support/cloudwatch_evaluator.py), which fires.
    block_on(async {
        let aws = aws().await;
        let url = aws
            .sqs()
            .get_queue_url()
            .queue_name(format!("{stack}-aggregator-dlq"))
            .send()
            .await
            .unwrap()
            .queue_url
            .unwrap();
        aws.sqs()
            .send_message()
            .queue_url(url)
            .message_body("{}")
            .send()
            .await
            .unwrap();
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    let v = loop {
        let v = run_json(&["status", "--name", &name, "--output", "json"]);
        if v["alarms"][0]["state"] == "ALARM" || std::time::Instant::now() > deadline {
            break v;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    assert_eq!(v["dlq_messages"], 1);
    assert_eq!(v["healthy"], false);
    assert_eq!(
        v["alarms"][0]["name"],
        format!("{stack}-aggregator-dlq-depth")
    );
    assert_eq!(v["alarms"][0]["state"], "ALARM");
    assert!(v["alarms"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("Threshold Crossed"));
    assert_eq!(v["alarms"][1]["state"], "OK");
    let problems: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(
        problems,
        [
            format!("alarm {stack}-aggregator-dlq-depth is in ALARM").as_str(),
            "1 messages in the dead-letter queue: batches the aggregator could not process",
        ]
    );
    cli()
        .args(["status", "--name", &name])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("dead-letter queue").and(predicate::str::contains("ALARM")),
        );

    // Without alarms on create: none exist.
    let quiet = unique_name("quiet");
    cli()
        .args(["deploy", "--name", &quiet, "--no-alarms"])
        .assert()
        .success();
    let v = run_json(&["status", "--name", &quiet, "--output", "json"]);
    assert_eq!(v["alarms"], serde_json::json!([]));
}

#[test]
fn plan_shows_changes_and_changes_nothing() {
    let name = unique_name("plan");
    let stack = format!("ZAEL-{name}");
    let v = run_json(&["plan", "--name", &name, "--output", "json"]);
    assert_eq!(v["action"], "create");
    assert_eq!(
        v["parameter_changes"].as_array().unwrap().len(),
        zae_limiter::domain::stack::params::ALL.len()
    );
    cli().args(["deploy", "--name", &name]).assert().success();
    cli()
        .args(["plan", "--name", &name])
        .assert()
        .success()
        .stdout(predicate::str::contains("no changes"));
    let before = read_record(&stack);
    let v = run_json(&[
        "plan",
        "--name",
        &name,
        "--lambda-memory",
        "512",
        "--output",
        "json",
    ]);
    assert_eq!(v["action"], "update");
    assert_eq!(v["parameter_changes"][0]["name"], "LambdaMemorySize");
    assert_eq!(v["parameter_changes"][0]["old"], "256");
    assert_eq!(v["parameter_changes"][0]["new"], "512");
    assert_eq!(v["code_differs"], false);
    assert_eq!(v["template_differs"], false);
    // The memory goes into the function's configuration: a new version would be published.
    assert_eq!(v["publish"], true);
    assert_eq!(v["live"]["version"], 1);
    let v = run_json(&[
        "plan",
        "--name",
        &name,
        "--log-retention-days",
        "60",
        "--output",
        "json",
    ]);
    assert_eq!(
        v["publish"], false,
        "log retention is not the function's: {v}"
    );
    // Nothing changed: parameters, record.
    assert_eq!(stack_params(&stack)["LambdaMemorySize"], "256");
    assert_eq!(read_record(&stack), before);
    // An older Lambda in the record: plan says what the record would become.
    put_record(
        &stack,
        vec![
            ("schema_version", s("1.5.0")),
            ("lambda_version", s("0.0.1")),
        ],
    );
    let v = run_json(&["plan", "--name", &name, "--output", "json"]);
    assert_eq!(v["record_after"]["schema_version"], "1.5.0");
    assert_eq!(
        v["record_after"]["lambda_version"],
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(
        read_record(&stack),
        ReadRecord::Present(zae_limiter::ops::record::VersionRecord {
            schema_version: "1.5.0".into(),
            lambda_version: Some("0.0.1".into()),
            client_min_version: None,
            updated_at: None,
            updated_by: None,
        })
    );
}

#[test]
fn verbose_logs_each_request_and_never_a_secret() {
    let name = unique_name("verb");
    cli().args(["deploy", "--name", &name]).assert().success();
    let out = cli()
        .env("AWS_SECRET_ACCESS_KEY", "SECRETVALUE123")
        .env("AWS_SESSION_TOKEN", "TOKENVALUE456")
        .args(["-v", "status", "--name", &name])
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8_lossy(&out);
    for call in [
        "CloudFormation.DescribeStacks HTTP 200",
        "DynamoDB.GetItem HTTP 200",
        "Lambda.ListVersionsByFunction HTTP 200",
        "SQS.GetQueueAttributes HTTP 200",
        "CloudWatch.DescribeAlarms HTTP 200",
    ] {
        assert!(stderr.contains(call), "{call} missing from:\n{stderr}");
    }
    assert!(stderr
        .lines()
        .all(|l| !l.starts_with("debug:") || l.contains(" ms") || l.contains("AWS target")));
    assert!(!stderr.contains("SECRETVALUE123") && !stderr.contains("TOKENVALUE456"));
}

#[test]
fn a_stack_without_an_aggregator_is_current_once_upgraded() {
    let name = unique_name("noagg");
    let table = format!("ZAEL-{name}");
    cli()
        .args(["deploy", "--name", &name, "--no-aggregator"])
        .assert()
        .success();
    let v = run_json(&["check", "--name", &name, "--output", "json"]);
    assert_eq!(v["verdict"], "compatible", "{v}");
    assert!(v["message"]
        .as_str()
        .unwrap()
        .contains("aggregator is disabled"));
    let u = run_json(&["upgrade", "--name", &name, "--output", "json"]);
    assert_eq!(u["action"], "unchanged", "{u}");
    let l = run_json(&["list", "--output", "json"]);
    let row = l
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name.as_str())
        .expect("listed");
    assert_eq!(row["verdict"], "compatible", "{row}");

    // Last written by an older tool: an update is available, and upgrade brings it current.
    put_record(
        &table,
        vec![
            ("schema_version", s("1.0.0")),
            ("lambda_version", AttributeValue::Null(true)),
            ("client_min_version", s("0.0.0")),
            ("updated_by", s("cli:0.3.0")),
        ],
    );
    let v = run_json(&["check", "--name", &name, "--output", "json"]);
    assert_eq!(v["verdict"], "update_available", "{v}");
    assert!(v["message"].as_str().unwrap().contains("tool 0.3.0"));
    let u = run_json(&["upgrade", "--name", &name, "--output", "json"]);
    assert_eq!(u["action"], "upgraded", "{u}");
    assert_eq!(u["lambda_version"], serde_json::Value::Null);
    let v = run_json(&["check", "--name", &name, "--output", "json"]);
    assert_eq!(v["verdict"], "compatible", "{v}");
}

#[test]
fn deploy_switches_alarms_and_the_aggregator_off_and_on() {
    let name = unique_name("switch");
    let alarm_count = |v: &serde_json::Value| v["alarms"].as_array().unwrap().len();
    cli()
        .args(["deploy", "--name", &name, "--no-alarms"])
        .assert()
        .success();
    let v = run_json(&["status", "--name", &name, "--output", "json"]);
    assert_eq!(alarm_count(&v), 0);

    cli()
        .args(["deploy", "--name", &name, "--enable-alarms", "--no-backup"])
        .assert()
        .success();
    let v = run_json(&["status", "--name", &name, "--output", "json"]);
    assert_eq!(alarm_count(&v), 6);

    // Aggregator off: function, alias, mapping, queue and their alarms go; the table stays.
    let v = run_json(&[
        "deploy",
        "--name",
        &name,
        "--no-aggregator",
        "--no-backup",
        "--output",
        "json",
    ]);
    assert_eq!(v["function"], serde_json::Value::Null);
    assert_eq!(v["lambda_version"], serde_json::Value::Null);
    let v = run_json(&["status", "--name", &name, "--output", "json"]);
    assert_eq!(alarm_count(&v), 2, "the table's alarms stay");
    assert_eq!(v["function"], serde_json::Value::Null);
    assert_eq!(v["live"], serde_json::Value::Null);
    assert_eq!(v["healthy"], true, "{v}");
    let c = run_json(&["check", "--name", &name, "--output", "json"]);
    assert_eq!(c["verdict"], "compatible");

    // And on again: the function is created, shipped, published and verified.
    let v = run_json(&[
        "deploy",
        "--name",
        &name,
        "--enable-aggregator",
        "--no-backup",
        "--output",
        "json",
    ]);
    assert_eq!(v["code_shipped"], true);
    assert_eq!(v["published_version"], 1);
    assert_eq!(v["verified"], true);
    assert_eq!(v["lambda_version"], env!("CARGO_PKG_VERSION"));
    let v = run_json(&["status", "--name", &name, "--output", "json"]);
    assert_eq!(alarm_count(&v), 6);
    assert_eq!(v["healthy"], true, "{v}");
}
