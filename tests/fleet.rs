//! `list` against the emulator: every ZAEL-* stack with versions and verdict.

mod common;

use aws_sdk_dynamodb::types::AttributeValue;
use common::{cli, put_record, run_json, unique_name};

#[test]
fn list_shows_every_limiter_with_its_verdict() {
    let a = unique_name("lsa");
    let b = unique_name("lsb");
    cli().args(["deploy", "--name", &a]).assert().success();
    cli()
        .args(["deploy", "--name", &b, "--no-aggregator"])
        .assert()
        .success();
    // b: a record as the published client writes it (Lambda version unknown).
    put_record(
        &format!("ZAEL-{b}"),
        vec![
            ("schema_version", AttributeValue::S("1.0.0".into())),
            ("lambda_version", AttributeValue::Null(true)),
        ],
    );
    let listing = run_json(&["list", "--output", "json"]);
    let rows = listing.as_array().expect("a JSON array");
    let row = |n: &str| rows.iter().find(|r| r["name"] == n).cloned().unwrap();
    assert_eq!(row(&a)["verdict"], "compatible");
    assert_eq!(row(&a)["lambda_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(row(&a)["stack_status"], "CREATE_COMPLETE");
    assert_eq!(row(&b)["verdict"], "update_available");
    assert!(row(&b)["lambda_version"].is_null());
    cli()
        .args(["list"])
        .assert()
        .success()
        .stdout(predicates::str::contains(a.as_str()));
}
