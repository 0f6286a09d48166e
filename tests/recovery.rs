//! Recovery through the binary against the emulator: a table left without a stack
//! (deleted stack, restored table) is adopted back by `deploy` with every item, and
//! status/check/list recognise it meanwhile. The emulator's resource import is the
//! launcher's correction (tests/support/moto_import.py, docs/testing.md).

mod common;

use aws_sdk_dynamodb::types::AttributeValue;
use common::{aws, block_on, cli, json, run_json, unique_name};
use predicates::prelude::*;

fn s(x: &str) -> AttributeValue {
    AttributeValue::S(x.into())
}

/// Items as the published client writes them: metadata, a bucket, a stored limit.
fn write_items(table: &str, entity: &str) {
    block_on(async {
        let ddb = aws().await.ddb();
        let pk = format!("ENTITY#{entity}");
        for sk in ["#META", "#BUCKET#api#rpm", "#LIMIT#api#rpm"] {
            ddb.put_item()
                .table_name(table)
                .item("PK", s(&pk))
                .item("SK", s(sk))
                .item("entity_id", s(entity))
                .send()
                .await
                .unwrap();
        }
    });
}

fn items(table: &str) -> Vec<(String, String)> {
    block_on(async {
        let out = aws()
            .await
            .ddb()
            .scan()
            .table_name(table)
            .send()
            .await
            .unwrap();
        let mut keys: Vec<(String, String)> = out
            .items()
            .iter()
            .map(|i| {
                (
                    i["PK"].as_s().unwrap().clone(),
                    i["SK"].as_s().unwrap().clone(),
                )
            })
            .collect();
        keys.sort();
        keys
    })
}

/// (stream enabled with NEW_AND_OLD_IMAGES, TTL attribute, PITR on, deletion protection).
fn table_settings(table: &str) -> (bool, Option<String>, bool, bool) {
    block_on(async {
        let ddb = aws().await.ddb();
        let t = ddb.describe_table().table_name(table).send().await.unwrap();
        let t = t.table().unwrap();
        let stream = t.stream_specification().is_some_and(|s| {
            s.stream_enabled()
                && s.stream_view_type().map(|v| v.as_str()) == Some("NEW_AND_OLD_IMAGES")
        });
        let ttl = ddb
            .describe_time_to_live()
            .table_name(table)
            .send()
            .await
            .unwrap();
        let ttl = ttl
            .time_to_live_description()
            .filter(|d| d.time_to_live_status().map(|s| s.as_str()) == Some("ENABLED"))
            .and_then(|d| d.attribute_name().map(str::to_string));
        let pitr = ddb
            .describe_continuous_backups()
            .table_name(table)
            .send()
            .await
            .unwrap()
            .continuous_backups_description()
            .and_then(|d| d.point_in_time_recovery_description())
            .and_then(|p| p.point_in_time_recovery_status())
            .is_some_and(|s| s.as_str() == "ENABLED");
        (
            stream,
            ttl,
            pitr,
            t.deletion_protection_enabled().unwrap_or(false),
        )
    })
}

/// The logical ids and physical ids the stack lists.
fn stack_resources(stack: &str) -> Vec<(String, String)> {
    block_on(async {
        let out = aws()
            .await
            .cfn()
            .list_stack_resources()
            .stack_name(stack)
            .send()
            .await
            .unwrap();
        out.stack_resource_summaries()
            .iter()
            .map(|r| {
                (
                    r.logical_resource_id().unwrap_or_default().to_string(),
                    r.physical_resource_id().unwrap_or_default().to_string(),
                )
            })
            .collect()
    })
}

/// The event source ARN of the aggregator's mapping and the table's current stream.
fn mapping_source_and_stream(name: &str, table: &str) -> (String, String) {
    let source = common::aggregator_mappings(name)
        .first()
        .and_then(|m| m.event_source_arn())
        .expect("a mapping for the aggregator")
        .to_string();
    let stream = block_on(async {
        aws()
            .await
            .ddb()
            .describe_table()
            .table_name(table)
            .send()
            .await
            .unwrap()
            .table()
            .and_then(|t| t.latest_stream_arn())
            .unwrap()
            .to_string()
    });
    (source, stream)
}

#[test]
fn delete_then_deploy_adopts_the_table_with_every_item_twice() {
    let name = unique_name("adopt");
    let table = format!("ZAEL-{name}");
    let stack = table.clone();
    cli().args(["deploy", "--name", &name]).assert().success();
    write_items(&table, "e1");
    let before = items(&table);
    assert_eq!(before.len(), 4, "three items and the version record");

    for round in 0..2 {
        cli()
            .args(["delete", "--name", &name, "--yes"])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!("table {table} kept")));

        // Meanwhile: check, status and list name the state and the way out.
        let out = cli()
            .args(["check", "--name", &name, "--output", "json"])
            .assert()
            .code(6)
            .get_output()
            .stdout
            .clone();
        let c = json(&out);
        assert_eq!(c["verdict"], "table_without_stack", "{c}");
        assert!(c["next_step"]
            .as_str()
            .unwrap()
            .contains(&format!("zae-limiter deploy --name {name}")));
        let out = cli()
            .args(["status", "--name", &name, "--output", "json"])
            .assert()
            .code(6)
            .get_output()
            .stdout
            .clone();
        let st = json(&out);
        assert_eq!(st["stack_status"], "NONE");
        assert_eq!(st["table"]["name"], table.as_str());
        assert_eq!(st["table"]["not_a_limiter_table"], serde_json::json!([]));
        assert!(st["version_record"]["schema_version"].is_string(), "{st}");
        cli()
            .args(["status", "--name", &name])
            .assert()
            .code(6)
            .stdout(predicate::str::contains("adopts this table"));
        let l = run_json(&["list", "--output", "json"]);
        let row = l["stacks"]
            .as_array()
            .or_else(|| l.as_array())
            .unwrap()
            .iter()
            .find(|r| r["stack"] == table.as_str())
            .cloned()
            .unwrap_or_else(|| panic!("no list row for {table}: {l}"));
        assert_eq!(row["verdict"], "table_without_stack");
        assert_eq!(row["stack_status"], "NONE");

        // plan says so and changes nothing; deploy adopts it.
        let p = run_json(&["plan", "--name", &name, "--output", "json"]);
        assert_eq!(p["action"], "adopt", "{p}");
        assert_eq!(p["adopt"]["table"], table.as_str());
        assert_eq!(p["adopt"]["refusals"], serde_json::json!([]));
        assert_eq!(items(&table), before);
        let d = run_json(&["deploy", "--name", &name, "--output", "json"]);
        assert_eq!(d["action"], "adopted", "round {round}: {d}");
        assert_eq!(d["adopted_table"]["name"], table.as_str());
        assert!(
            d["backup_arn"].as_str().is_some(),
            "a backup before adopting: {d}"
        );
        assert_eq!(d["verified"], true, "{d}");
        assert_eq!(items(&table), before, "round {round}: items changed");
        let owned = stack_resources(&stack);
        assert!(
            owned.contains(&("RateLimitsTable".to_string(), table.clone())),
            "the stack owns the table: {owned:?}"
        );
        assert!(
            owned.iter().any(|(l, _)| l == "AggregatorFunction"),
            "{owned:?}"
        );
        let (stream, ttl, pitr, protected) = table_settings(&table);
        assert!(stream && pitr && protected, "round {round}");
        assert_eq!(ttl.as_deref(), Some("ttl"));
        let (source, current) = mapping_source_and_stream(&name, &table);
        assert_eq!(
            source, current,
            "the mapping reads the table's current stream"
        );
        cli().args(["check", "--name", &name]).assert().code(0);
    }
}

#[test]
fn a_restored_table_without_stream_ttl_or_pitr_is_brought_in_line_and_adopted() {
    // A table created under the limiter's name as a restore leaves it: the limiter's
    // keys and indexes, but no stream, TTL, PITR or deletion protection.
    let name = unique_name("rest");
    let table = format!("ZAEL-{name}");
    block_on(async {
        use aws_sdk_dynamodb::types::*;
        let attrs = ["PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK"];
        let key = |n: &str, t: KeyType| {
            KeySchemaElement::builder()
                .attribute_name(n)
                .key_type(t)
                .build()
                .unwrap()
        };
        let mut req = aws()
            .await
            .ddb()
            .create_table()
            .table_name(&table)
            .billing_mode(BillingMode::PayPerRequest)
            .key_schema(key("PK", KeyType::Hash))
            .key_schema(key("SK", KeyType::Range));
        for a in attrs {
            req = req.attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name(a)
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .unwrap(),
            );
        }
        for g in ["GSI1", "GSI2"] {
            req = req.global_secondary_indexes(
                GlobalSecondaryIndex::builder()
                    .index_name(g)
                    .key_schema(key(&format!("{g}PK"), KeyType::Hash))
                    .key_schema(key(&format!("{g}SK"), KeyType::Range))
                    .projection(
                        Projection::builder()
                            .projection_type(ProjectionType::All)
                            .build(),
                    )
                    .build()
                    .unwrap(),
            );
        }
        req.send().await.unwrap();
    });
    write_items(&table, "e2");
    assert_eq!(table_settings(&table), (false, None, false, false));
    let before = items(&table);

    let out = cli()
        .args(["deploy", "--name", &name, "--output", "json"])
        .assert()
        .success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    let d = json(&out.get_output().stdout);
    assert_eq!(d["action"], "adopted", "{d}");
    let applied: Vec<&str> = d["adopted_table"]["settings_applied"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["setting"].as_str().unwrap())
        .collect();
    assert_eq!(
        applied,
        [
            "enable_stream",
            "enable_ttl",
            "enable_pitr",
            "deletion_protection"
        ]
    );
    assert!(err.contains("enable the stream"), "{err}");
    let (stream, ttl, pitr, protected) = table_settings(&table);
    assert!(stream && pitr && protected);
    assert_eq!(ttl.as_deref(), Some("ttl"));
    // Every item kept; the version record was written by the deploy.
    let after = items(&table);
    assert!(before.iter().all(|k| after.contains(k)));
    assert_eq!(after.len(), before.len() + 1);
    let (source, current) = mapping_source_and_stream(&name, &table);
    assert_eq!(source, current);
    cli().args(["check", "--name", &name]).assert().code(0);
}

#[test]
fn a_table_that_is_not_a_limiter_table_is_refused_and_nothing_changes() {
    let name = unique_name("foreign");
    let table = format!("ZAEL-{name}");
    block_on(async {
        use aws_sdk_dynamodb::types::*;
        aws()
            .await
            .ddb()
            .create_table()
            .table_name(&table)
            .billing_mode(BillingMode::PayPerRequest)
            .key_schema(
                KeySchemaElement::builder()
                    .attribute_name("id")
                    .key_type(KeyType::Hash)
                    .build()
                    .unwrap(),
            )
            .attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name("id")
                    .attribute_type(ScalarAttributeType::N)
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
        aws()
            .await
            .ddb()
            .put_item()
            .table_name(&table)
            .item("id", AttributeValue::N("1".into()))
            .send()
            .await
            .unwrap();
    });
    let settings = table_settings(&table);
    let p = run_json(&["plan", "--name", &name, "--output", "json"]);
    assert!(
        p["adopt"]["refusals"]
            .to_string()
            .contains("not a limiter table"),
        "{p}"
    );
    cli()
        .args(["deploy", "--name", &name])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("not a limiter table")
                .and(predicate::str::contains("key schema is id HASH (N)"))
                .and(predicate::str::contains("index GSI1 is missing"))
                .and(predicate::str::contains("changed nothing")),
        );
    assert_eq!(table_settings(&table), settings, "settings changed");
    let stack = block_on(async {
        zae_limiter::ops::stack::describe(&aws().await, &table)
            .await
            .unwrap()
    });
    assert!(stack.is_none(), "a stack was left behind: {stack:?}");
    let st = json(
        &cli()
            .args(["status", "--name", &name, "--output", "json"])
            .assert()
            .code(6)
            .get_output()
            .stdout,
    );
    assert!(st["table"]["not_a_limiter_table"]
        .to_string()
        .contains("GSI2"));
}

#[test]
fn deletion_protection_guards_the_table_until_delete_data_lifts_it() {
    let name = unique_name("prot");
    let table = format!("ZAEL-{name}");
    cli().args(["deploy", "--name", &name]).assert().success();
    assert!(table_settings(&table).3, "protected by default");
    let refused = block_on(async {
        aws()
            .await
            .ddb()
            .delete_table()
            .table_name(&table)
            .send()
            .await
            .is_err()
    });
    assert!(
        refused,
        "DeleteTable must be refused while protection is on"
    );
    let st = run_json(&["status", "--name", &name, "--output", "json"]);
    assert_eq!(st["table"]["deletion_protection"], true);
    // Off by option, and on again.
    cli()
        .args(["deploy", "--name", &name, "--no-deletion-protection"])
        .assert()
        .success();
    assert!(!table_settings(&table).3);
    cli()
        .args(["deploy", "--name", &name, "--deletion-protection"])
        .assert()
        .success();
    assert!(table_settings(&table).3);
    cli()
        .args(["delete", "--name", &name, "--yes", "--delete-data"])
        .assert()
        .success()
        .stdout(predicate::str::contains("deleted with all its data"));
    let gone = block_on(async {
        zae_limiter::ops::record::read_if_table(&aws().await, &table)
            .await
            .unwrap()
    });
    assert!(gone.is_none());
}

#[test]
fn an_adoption_left_half_done_is_finished_by_the_next_deploy() {
    // A refused import leaves a new stack in REVIEW_IN_PROGRESS that owns nothing (as
    // an adoption interrupted between its change set and its execution does).
    let name = unique_name("half");
    let table = format!("ZAEL-{name}");
    cli().args(["deploy", "--name", &name]).assert().success();
    write_items(&table, "e3");
    let before = items(&table);
    cli()
        .args(["delete", "--name", &name, "--yes"])
        .assert()
        .success();
    block_on(async {
        use aws_sdk_cloudformation::types::{ChangeSetType, ResourceToImport};
        let body = zae_limiter::domain::stack::import::import_template(
            zae_limiter::domain::stack::template::TEMPLATE,
        )
        .unwrap();
        let _ = aws()
            .await
            .cfn()
            .create_change_set()
            .stack_name(&table)
            .change_set_name("refused")
            .change_set_type(ChangeSetType::Import)
            .template_body(body)
            .resources_to_import(
                ResourceToImport::builder()
                    .resource_type("AWS::DynamoDB::Table")
                    .logical_resource_id("RateLimitsTable")
                    .resource_identifier("TableName", format!("{table}-missing"))
                    .build(),
            )
            .send()
            .await;
    });
    let status = block_on(async {
        zae_limiter::ops::stack::describe(&aws().await, &table)
            .await
            .unwrap()
            .map(|i| i.status)
    });
    assert_eq!(status.as_deref(), Some("REVIEW_IN_PROGRESS"));

    let out = cli()
        .args(["deploy", "--name", &name, "--output", "json"])
        .assert()
        .success();
    let d = json(&out.get_output().stdout);
    let err = String::from_utf8_lossy(&out.get_output().stderr);
    assert_eq!(d["cleared_stack"], "REVIEW_IN_PROGRESS", "{d}");
    assert_eq!(d["action"], "adopted", "{d}");
    assert!(err.contains("deleting it before deploying again"), "{err}");
    assert_eq!(items(&table), before);
    cli().args(["check", "--name", &name]).assert().code(0);
}
