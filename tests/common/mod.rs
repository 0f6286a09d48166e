//! Test harness: one moto server per test binary on a free 127.0.0.1 port,
//! unique limiter names, the binary under test pointed at the emulator, and
//! SDK clients built with the tool's own configuration code.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use zae_limiter::aws::{Aws, Target};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The emulator's endpoint, starting it on first use. The launcher exits when
/// this test process does, so no server outlives the tests (hence no wait()).
#[allow(clippy::zombie_processes)]
pub fn endpoint() -> &'static str {
    static ENDPOINT: OnceLock<String> = OnceLock::new();
    ENDPOINT.get_or_init(|| {
        let python = root().join(".venv/bin/python");
        assert!(
            python.exists(),
            "the project venv is missing: run scripts/setup-venv (scripts/test does)"
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(python)
            .arg(root().join("tests/support/moto_launcher.py"))
            .arg(port.to_string())
            .arg(std::process::id().to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto launcher");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), format!("ready {port}"), "moto did not start");
        format!("http://127.0.0.1:{port}")
    })
}

/// A limiter name unique to this test run.
pub fn unique_name(prefix: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// The binary under test as a plain `std` command, pointed at the emulator
/// with test credentials (for tests that spawn it and interact while it runs).
pub fn cli_process() -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("zae-limiter"));
    c.env("AWS_ENDPOINT_URL", endpoint())
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env_remove("AWS_PROFILE")
        .env_remove("ZAE_LIMITER_NAME")
        .env("NO_COLOR", "1");
    c
}

/// The binary under test with the same environment, for assertions.
pub fn cli() -> assert_cmd::Command {
    assert_cmd::Command::from_std(cli_process())
}

/// Parses a command's stdout as its one JSON document.
pub fn json(stdout: &[u8]) -> serde_json::Value {
    serde_json::from_slice(stdout).expect("one JSON document")
}

/// Runs the command, expects success, and parses its one JSON document.
pub fn success_json(cmd: &mut assert_cmd::Command) -> serde_json::Value {
    json(&cmd.assert().success().get_output().stdout)
}

/// Runs the binary with `args`, expects success, and parses its JSON document.
pub fn run_json(args: &[&str]) -> serde_json::Value {
    success_json(cli().args(args))
}

/// The tool's own AWS configuration, for checking state in tests.
pub async fn aws() -> Aws {
    std::env::set_var("AWS_ACCESS_KEY_ID", "test");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "test");
    Aws::load(&Target {
        region: Some("us-east-1".into()),
        profile: None,
        endpoint_url: Some(endpoint().to_string()),
    })
    .await
    .expect("aws config")
}

/// Runs a future on a fresh runtime (tests stay plain `#[test]`s).
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// Writes a version record item directly, as any client might.
pub fn put_record(table: &str, data: Vec<(&str, aws_sdk_dynamodb::types::AttributeValue)>) {
    use aws_sdk_dynamodb::types::AttributeValue;
    block_on(async {
        let data = data.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        aws()
            .await
            .ddb()
            .put_item()
            .table_name(table)
            .item("PK", AttributeValue::S("SYSTEM#".into()))
            .item("SK", AttributeValue::S("#VERSION".into()))
            .item("data", AttributeValue::M(data))
            .send()
            .await
            .unwrap();
    });
}

/// The deployed stack's parameters.
pub fn stack_params(stack: &str) -> std::collections::BTreeMap<String, String> {
    block_on(async {
        zae_limiter::ops::stack::describe(&aws().await, stack)
            .await
            .unwrap()
            .expect("stack exists")
            .parameters
    })
}

/// The stream mappings that invoke the aggregator of limiter `name` (any version or
/// alias). All mappings are listed and filtered: the emulator does not list mappings
/// on qualified ARNs by function name.
pub fn aggregator_mappings(
    name: &str,
) -> Vec<aws_sdk_lambda::types::EventSourceMappingConfiguration> {
    block_on(async {
        let out = aws()
            .await
            .lambda()
            .list_event_source_mappings()
            .send()
            .await
            .unwrap();
        let function = format!(":function:ZAEL-{name}-aggregator");
        out.event_source_mappings()
            .iter()
            .filter(|m| m.function_arn().is_some_and(|a| a.contains(&function)))
            .cloned()
            .collect()
    })
}
