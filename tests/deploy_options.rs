//! Deploy options platform teams require, through the binary against the emulator:
//! stack tags (kept, changed, removed, refused, filtered by `list`), X-Ray tracing,
//! and IAM managed elsewhere (`--no-iam`, `iam-policy`).
//!
//! The emulator keeps stack tags but does not propagate them to the resources (AWS
//! CloudFormation does); its CloudFormation reads `TracingConfig` and conditional
//! policy statements through the launcher's corrections (tests/support/
//! moto_cfn_properties.py, docs/testing.md).

mod common;

use std::collections::BTreeMap;

use common::{aws, block_on, cli, run_json, unique_name};
use predicates::prelude::*;

fn stack_tags(stack: &str) -> BTreeMap<String, String> {
    block_on(async {
        zae_limiter::ops::stack::describe(&aws().await, stack)
            .await
            .unwrap()
            .expect("stack exists")
            .tags
    })
}

/// (tracing mode, role ARN) of the aggregator.
fn function_config(name: &str) -> (String, String) {
    block_on(async {
        let c = aws()
            .await
            .lambda()
            .get_function_configuration()
            .function_name(format!("ZAEL-{name}-aggregator"))
            .send()
            .await
            .unwrap();
        (
            c.tracing_config()
                .and_then(|t| t.mode())
                .map(|m| m.as_str().to_string())
                .unwrap_or_default(),
            c.role().unwrap_or_default().to_string(),
        )
    })
}

fn resource_types(stack: &str) -> Vec<String> {
    block_on(async {
        aws()
            .await
            .cfn()
            .describe_stack_resources()
            .stack_name(stack)
            .send()
            .await
            .unwrap()
            .stack_resources()
            .iter()
            .filter_map(|r| r.resource_type().map(str::to_string))
            .collect()
    })
}

/// Creates a role in the emulator's IAM trusted by `service`; returns its ARN.
fn create_role(name: &str, service: &str) -> String {
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"{service}"}},"Action":"sts:AssumeRole"}}]}}"#
    );
    block_on(async {
        aws()
            .await
            .iam()
            .create_role()
            .role_name(name)
            .path("/central/")
            .assume_role_policy_document(trust)
            .send()
            .await
            .unwrap()
            .role()
            .unwrap()
            .arn()
            .to_string()
    })
}

fn delete(name: &str) {
    cli()
        .args(["delete", "--name", name, "--yes", "--delete-data"])
        .assert()
        .success();
}

#[test]
fn tags_are_set_kept_changed_removed_and_filtered() {
    let name = unique_name("tags");
    let stack = format!("ZAEL-{name}");
    let d = run_json(&[
        "deploy",
        "--name",
        &name,
        "--no-aggregator",
        "--tag",
        "team=core",
        "--tag",
        "cost-centre=42",
        "--output",
        "json",
    ]);
    assert_eq!(d["tags"]["team"], "core");
    let tags = stack_tags(&stack);
    assert_eq!(tags["team"], "core");
    assert_eq!(tags["cost-centre"], "42");
    assert_eq!(tags["zae-limiter:name"], name.as_str());
    assert_eq!(tags["zae-limiter:version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(tags["managed-by"], "zae-limiter");

    // A deploy that does not repeat them keeps them (and changes nothing).
    let d = run_json(&["deploy", "--name", &name, "--output", "json"]);
    assert_eq!(d["action"], "unchanged");
    assert_eq!(stack_tags(&stack)["team"], "core");

    // plan shows a tag change and a removal, and changes nothing.
    let p = run_json(&[
        "plan",
        "--name",
        &name,
        "--tag",
        "team=platform",
        "--tag",
        "cost-centre=",
        "--output",
        "json",
    ]);
    assert_eq!(p["action"], "update");
    let changes = p["tag_changes"].as_array().unwrap();
    assert!(changes
        .iter()
        .any(|c| c["key"] == "team" && c["old"] == "core" && c["new"] == "platform"));
    assert!(changes
        .iter()
        .any(|c| c["key"] == "cost-centre" && c["new"].is_null()));
    assert_eq!(stack_tags(&stack)["team"], "core");

    // `KEY=` removes one; the others stay.
    cli()
        .args(["deploy", "--name", &name, "--tag", "cost-centre="])
        .assert()
        .success();
    let tags = stack_tags(&stack);
    assert!(!tags.contains_key("cost-centre"), "{tags:?}");
    assert_eq!(tags["team"], "core");

    // upgrade --tag on a current stack changes the tags alone.
    let u = run_json(&[
        "upgrade",
        "--name",
        &name,
        "--tag",
        "owner=sre",
        "--output",
        "json",
    ]);
    assert_eq!(u["stack_updated"], true, "{u}");
    let tags = stack_tags(&stack);
    assert_eq!(tags["owner"], "sre");
    assert_eq!(tags["team"], "core");

    // status shows them; list filters by them.
    let s = run_json(&["status", "--name", &name, "--output", "json"]);
    assert_eq!(s["tags"]["team"], "core");
    let listed = run_json(&["list", "--tag", "team=core", "--output", "json"]);
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&name.as_str()), "{names:?}");
    let listed = run_json(&["list", "--tag", "team=elsewhere", "--output", "json"]);
    assert!(
        !listed
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == name.as_str()),
        "{listed}"
    );
    delete(&name);
}

#[test]
fn bad_tags_are_refused_before_any_call() {
    // A closed port: any AWS call would fail with exit 1, not the usage error.
    for bad in [
        "aws:team=x",
        "team",
        "zae-limiter:version=9",
        &format!("{}=x", "k".repeat(129)),
    ] {
        cli()
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
            .args(["deploy", "--name", "never", "--tag", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("tag"));
    }
    let mut too_many = vec!["deploy", "--name", "never"];
    let pairs: Vec<String> = (0..48).map(|i| format!("k{i}=v")).collect();
    for p in &pairs {
        too_many.extend(["--tag", p.as_str()]);
    }
    cli()
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .args(&too_many)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at most 50"));
}

#[test]
fn tracing_follows_the_option_and_is_kept() {
    let name = unique_name("trace");
    cli()
        .args(["deploy", "--name", &name, "--enable-tracing"])
        .assert()
        .success();
    assert_eq!(function_config(&name).0, "Active");
    let s = run_json(&["status", "--name", &name, "--output", "json"]);
    assert_eq!(s["function"]["tracing_mode"], "Active");
    // The role may write traces: the policy the stack holds names X-Ray.
    let policy = run_json(&["iam-policy", "--name", &name, "--output", "json"]);
    assert_eq!(policy["tracing"], true);
    // Kept by a deploy that does not mention it; turned off by --no-tracing.
    cli().args(["deploy", "--name", &name]).assert().success();
    assert_eq!(function_config(&name).0, "Active");
    cli()
        .args(["deploy", "--name", &name, "--no-tracing"])
        .assert()
        .success();
    assert_eq!(function_config(&name).0, "PassThrough");
    delete(&name);
}

#[test]
fn no_iam_uses_the_given_role_and_creates_none() {
    let name = unique_name("noiam");
    let stack = format!("ZAEL-{name}");
    let role = create_role(&format!("central-{name}"), "lambda.amazonaws.com");
    cli()
        .args([
            "deploy",
            "--name",
            &name,
            "--no-iam",
            "--aggregator-role-arn",
            &role,
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("dynamodb:UpdateItem"));
    let types = resource_types(&stack);
    assert!(
        !types.iter().any(|t| t.starts_with("AWS::IAM::")),
        "{types:?}"
    );
    assert!(types.iter().any(|t| t == "AWS::Lambda::Function"));
    assert_eq!(function_config(&name).1, role);

    // The policy for the team that owns IAM names this stack's ARNs.
    let p = run_json(&["iam-policy", "--name", &name, "--output", "json"]);
    let text = p["policy"].to_string();
    let outputs = block_on(async {
        zae_limiter::ops::stack::describe(&aws().await, &stack)
            .await
            .unwrap()
            .unwrap()
            .outputs
    });
    for key in ["TableArn", "StreamArn", "DLQArn"] {
        assert!(
            text.contains(outputs[key].as_str()),
            "{key} missing from {text}"
        );
    }
    assert_eq!(
        p["trust_policy"]["Statement"][0]["Principal"]["Service"],
        "lambda.amazonaws.com"
    );

    // Switching back is a planned change.
    let plan = run_json(&["plan", "--name", &name, "--iam", "--output", "json"]);
    assert!(plan["parameter_changes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"] == "AggregatorRoleArn" && c["new"] == ""));
    cli()
        .args(["plan", "--name", &name, "--iam"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "create the aggregator's role again",
        ));
    cli()
        .args(["deploy", "--name", &name, "--iam"])
        .assert()
        .success();
    assert!(resource_types(&stack).iter().any(|t| t == "AWS::IAM::Role"));
    assert_ne!(function_config(&name).1, role);
    delete(&name);
}

/// Deploys `name` with `--no-iam` and `role`, which must be refused (exit 1) saying `why`.
fn refused_role(name: &str, role: &str, why: &str) {
    cli()
        .args([
            "deploy",
            "--name",
            name,
            "--no-iam",
            "--aggregator-role-arn",
            role,
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(why));
}

#[test]
fn no_iam_refuses_a_missing_or_untrusting_role_before_changing_anything() {
    let name = unique_name("badrole");
    cli()
        .args(["deploy", "--name", &name, "--no-iam"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--aggregator-role-arn"));
    refused_role(
        &name,
        "arn:aws:iam::123456789012:role/nobody-made-this",
        "does not exist",
    );
    refused_role(
        &name,
        "arn:aws:iam::210987654321:role/elsewhere",
        "belongs to account 210987654321",
    );
    let ec2 = create_role(&format!("ec2-{name}"), "ec2.amazonaws.com");
    refused_role(&name, &ec2, "cannot be assumed by Lambda");
    let s = block_on(async {
        zae_limiter::ops::stack::describe(&aws().await, &format!("ZAEL-{name}"))
            .await
            .unwrap()
    });
    assert!(s.is_none(), "a refused deploy created a stack");
}

#[test]
fn iam_policy_before_deploy_predicts_the_arns() {
    let name = unique_name("pre");
    let p = run_json(&["iam-policy", "--name", &name, "--output", "json"]);
    assert_eq!(p["deployed"], false);
    assert_eq!(
        p["arns"]["table"],
        format!("arn:aws:dynamodb:us-east-1:123456789012:table/ZAEL-{name}")
    );
    assert!(p["arns"]["stream"].as_str().unwrap().ends_with("/stream/*"));
    assert!(!p["policy"].to_string().contains("xray"));
}
