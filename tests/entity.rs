//! `entity show|verify|reset` through the binary against the emulator, on a
//! table shaped like the limiter's (keys and GSI1) created directly: input
//! errors, a missing table, and items the published client would not write
//! (orphan buckets, buckets without refill fields). The published client's
//! traffic is in tests/interop/test_entity.py.

mod common;

use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, GlobalSecondaryIndex, KeySchemaElement,
    KeyType, Projection, ProjectionType, ScalarAttributeType,
};
use common::{aws, block_on, cli, json, unique_name};
use predicates::prelude::*;

fn s(x: &str) -> AttributeValue {
    AttributeValue::S(x.into())
}

fn n(x: i64) -> AttributeValue {
    AttributeValue::N(x.to_string())
}

fn key(name: &str, t: KeyType) -> KeySchemaElement {
    KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(t)
        .build()
        .unwrap()
}

fn attr(name: &str) -> AttributeDefinition {
    AttributeDefinition::builder()
        .attribute_name(name)
        .attribute_type(ScalarAttributeType::S)
        .build()
        .unwrap()
}

/// A table with the limiter's keys and children index; returns the limiter name.
fn table() -> String {
    let name = unique_name("entity");
    block_on(async {
        let gsi = GlobalSecondaryIndex::builder()
            .index_name("GSI1")
            .key_schema(key("GSI1PK", KeyType::Hash))
            .key_schema(key("GSI1SK", KeyType::Range))
            .projection(
                Projection::builder()
                    .projection_type(ProjectionType::All)
                    .build(),
            )
            .build()
            .unwrap();
        aws()
            .await
            .ddb()
            .create_table()
            .table_name(format!("ZAEL-{name}"))
            .billing_mode(BillingMode::PayPerRequest)
            .key_schema(key("PK", KeyType::Hash))
            .key_schema(key("SK", KeyType::Range))
            .attribute_definitions(attr("PK"))
            .attribute_definitions(attr("SK"))
            .attribute_definitions(attr("GSI1PK"))
            .attribute_definitions(attr("GSI1SK"))
            .global_secondary_indexes(gsi)
            .send()
            .await
            .unwrap();
    });
    name
}

fn put(name: &str, entity: &str, sk: &str, data: Vec<(&str, AttributeValue)>) {
    block_on(async {
        aws()
            .await
            .ddb()
            .put_item()
            .table_name(format!("ZAEL-{name}"))
            .item("PK", s(&format!("ENTITY#{entity}")))
            .item("SK", s(sk))
            .item("entity_id", s(entity))
            .item(
                "data",
                AttributeValue::M(data.into_iter().map(|(k, v)| (k.to_string(), v)).collect()),
            )
            .send()
            .await
            .unwrap();
    });
}

fn sort_keys(name: &str, entity: &str) -> Vec<String> {
    block_on(async {
        let out = aws()
            .await
            .ddb()
            .query()
            .table_name(format!("ZAEL-{name}"))
            .consistent_read(true)
            .key_condition_expression("PK = :pk")
            .expression_attribute_values(":pk", s(&format!("ENTITY#{entity}")))
            .send()
            .await
            .unwrap();
        let mut keys: Vec<String> = out
            .items()
            .iter()
            .map(|i| i["SK"].as_s().unwrap().clone())
            .collect();
        keys.sort();
        keys
    })
}

fn full_bucket(tokens_milli: i64) -> Vec<(&'static str, AttributeValue)> {
    vec![
        ("tokens_milli", n(tokens_milli)),
        ("last_refill_ms", n(0)),
        ("capacity_milli", n(10_000)),
        ("burst_milli", n(10_000)),
        ("refill_amount_milli", n(10_000)),
        ("refill_period_ms", n(60_000)),
    ]
}

#[test]
fn bad_input_is_a_usage_error_before_any_call() {
    cli()
        .args(["entity", "show", "--name", "x", "--entity", " "])
        .assert()
        .code(2);
    cli()
        .args([
            "entity", "reset", "--name", "x", "--entity", "e", "--limit", "a#b", "--yes",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("must not contain `#`"));
}

#[test]
fn a_missing_table_is_exit_5_with_a_hint() {
    for sub in ["show", "verify"] {
        cli()
            .args(["entity", sub, "--name", "no-such-limiter", "--entity", "e"])
            .assert()
            .code(5)
            .stderr(predicate::str::contains(
                "zae-limiter deploy --name no-such-limiter",
            ));
    }
    cli()
        .args([
            "entity",
            "reset",
            "--name",
            "no-such-limiter",
            "--entity",
            "e",
            "--yes",
        ])
        .assert()
        .code(5);
}

#[test]
fn orphan_buckets_are_shown_and_reset_leaving_every_other_item() {
    let name = table();
    let entity = "ghost";
    put(&name, entity, "#BUCKET#api#rpm", full_bucket(2_000));
    put(&name, entity, "#BUCKET#api#rph", full_bucket(0));
    put(&name, entity, "#LIMIT#api#rpm", vec![("capacity", n(10))]);
    put(&name, entity, "#USAGE#api#2026-01-01T00", vec![]);
    put(&name, entity, "#RESOURCE#api", vec![]);
    put(&name, "neighbour", "#BUCKET#api#rpm", full_bucket(0));

    let out = cli()
        .args([
            "entity", "show", "--name", &name, "--entity", entity, "--output", "json",
        ])
        .assert()
        .code(9)
        .stderr(predicate::str::contains(
            "2 bucket item(s) exist without metadata",
        ))
        .get_output()
        .clone();
    let doc = json(&out.stdout);
    assert_eq!(doc["found"], false);
    // Last refill at epoch 0: refilled to burst by now.
    assert_eq!(doc["buckets"][0]["available"], 10);
    cli()
        .args(["entity", "verify", "--name", &name, "--entity", entity])
        .assert()
        .code(9);

    // Off a terminal without --yes: refused, nothing deleted.
    let before = sort_keys(&name, entity);
    cli()
        .args(["entity", "reset", "--name", &name, "--entity", entity])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--yes"));
    assert_eq!(sort_keys(&name, entity), before);

    let out = cli()
        .args([
            "entity", "reset", "--name", &name, "--entity", entity, "--yes", "--output", "json",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let doc = json(&out.stdout);
    assert_eq!(doc["deleted"].as_array().unwrap().len(), 2);
    // The reset is in the audit trail, in the client's format, with who did it.
    let event = doc["audit_event_id"].as_str().expect("an audit event id");
    let trail = cli()
        .args([
            "audit", "--name", &name, "--entity", entity, "--output", "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let trail = String::from_utf8_lossy(&trail);
    assert!(
        trail.contains("buckets_reset") && trail.contains(event),
        "{trail}"
    );
    assert_eq!(
        sort_keys(&name, entity),
        vec![
            "#LIMIT#api#rpm",
            "#RESOURCE#api",
            "#USAGE#api#2026-01-01T00"
        ]
    );
    assert_eq!(sort_keys(&name, "neighbour"), vec!["#BUCKET#api#rpm"]);
}

#[test]
fn a_bucket_without_refill_fields_is_critical() {
    let name = table();
    let entity = "broken";
    put(&name, entity, "#META", vec![("name", s(entity))]);
    put(
        &name,
        entity,
        "#BUCKET#api#rpm",
        vec![("tokens_milli", n(1_000))],
    );
    let out = cli()
        .args([
            "entity", "verify", "--name", &name, "--entity", entity, "--output", "json",
        ])
        .assert()
        .code(8)
        .get_output()
        .clone();
    let doc = json(&out.stdout);
    assert_eq!(doc["findings"][0]["check"], "bucket_fields");
    assert!(doc["findings"][0]["remedy"]
        .as_str()
        .unwrap()
        .contains("entity reset"));
    let out = cli()
        .args([
            "entity", "show", "--name", &name, "--entity", entity, "--output", "json",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        json(&out.stdout)["buckets"][0]["available"],
        serde_json::Value::Null
    );
}
