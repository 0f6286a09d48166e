//! `upgrade --all` against the emulator (its own test binary, hence its own
//! emulator: it upgrades every limiter it finds).

mod common;

use aws_sdk_dynamodb::types::AttributeValue;
use common::{aws, block_on, cli, put_record, unique_name};
use zae_limiter::ops::record::{self, ReadRecord};

fn s(x: &str) -> AttributeValue {
    AttributeValue::S(x.into())
}

#[test]
fn upgrade_all_upgrades_each_by_the_rules_and_names_the_refused() {
    let old = unique_name("old");
    let current = unique_name("cur");
    let migrate = unique_name("mig");
    for n in [&old, &current, &migrate] {
        cli().args(["deploy", "--name", n]).assert().success();
    }
    put_record(
        &format!("ZAEL-{old}"),
        vec![
            ("schema_version", s("1.0.0")),
            ("lambda_version", s("0.0.1")),
        ],
    );
    put_record(
        &format!("ZAEL-{migrate}"),
        vec![
            ("schema_version", s("2.0.0")),
            ("lambda_version", s("0.0.1")),
        ],
    );
    let assert = cli()
        .args([
            "upgrade",
            "--all",
            "--lambda-only",
            "--concurrency",
            "2",
            "--output",
            "json",
        ])
        .assert()
        .code(1);
    let out = assert.get_output();
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let row = |n: &str| rows.iter().find(|r| r["name"] == n).cloned().unwrap();
    assert_eq!(row(&old)["outcome"], "upgraded");
    assert_eq!(row(&current)["outcome"], "unchanged");
    assert_eq!(row(&migrate)["outcome"], "refused");
    assert_eq!(row(&migrate)["exit_code"], 4);
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("not upgraded: {migrate}")));
    let read = |n: &str| {
        block_on(async {
            record::read(&aws().await, &format!("ZAEL-{n}"))
                .await
                .unwrap()
        })
    };
    let ReadRecord::Present(r) = read(&old) else {
        panic!()
    };
    assert_eq!(r.lambda_version.as_deref(), Some(env!("CARGO_PKG_VERSION")));
    let ReadRecord::Present(r) = read(&migrate) else {
        panic!()
    };
    assert_eq!(r.schema_version, "2.0.0");
    assert_eq!(r.lambda_version.as_deref(), Some("0.0.1"));
}
