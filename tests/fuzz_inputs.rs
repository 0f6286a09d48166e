//! Property tests with many cases (20,000 each) over untrusted inputs: limiter
//! names, version strings and version-record items as any client might have
//! written them, `--since` values, Lambda version descriptions and usage
//! snapshot items. Nothing panics, and a record that cannot be understood gives
//! the "unreadable version record" verdict, never a guess.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use proptest::prelude::*;
use zae_limiter::domain::compat::{self, Deployed};
use zae_limiter::domain::naming::LimiterName;
use zae_limiter::ops::record::{parse_item, ReadRecord};

const CASES: u32 = 20_000;

fn value() -> impl Strategy<Value = AttributeValue> {
    prop_oneof![
        "[0-9v.\\-a-z]{0,12}".prop_map(AttributeValue::S),
        "\\PC{0,40}".prop_map(AttributeValue::S),
        (300usize..5000).prop_map(|n| AttributeValue::S("9".repeat(n))),
        Just(AttributeValue::Null(true)),
        any::<bool>().prop_map(AttributeValue::Bool),
        "-?[0-9]{1,5}".prop_map(AttributeValue::N),
        Just(AttributeValue::M(HashMap::new())),
        Just(AttributeValue::L(vec![])),
    ]
}

fn data_map() -> impl Strategy<Value = HashMap<String, AttributeValue>> {
    let key = prop_oneof![
        Just("schema_version".to_string()),
        Just("lambda_version".to_string()),
        Just("client_min_version".to_string()),
        Just("updated_at".to_string()),
        Just("updated_by".to_string()),
        "[a-z_]{1,12}",
    ];
    proptest::collection::hash_map(key, value(), 0..7)
}

fn item() -> impl Strategy<Value = HashMap<String, AttributeValue>> {
    prop_oneof![
        data_map().prop_map(|d| HashMap::from([("data".to_string(), AttributeValue::M(d))])),
        value().prop_map(|v| HashMap::from([("data".to_string(), v)])),
        Just(HashMap::new()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn record_items_never_crash_and_unreadable_means_unreadable(item in item()) {
        let tool = compat::tool_version();
        let schema = compat::tool_schema();
        let deployed = match parse_item(&item) {
            ReadRecord::Absent => Deployed::Stack(None),
            ReadRecord::Unreadable(why) => {
                prop_assert!(!why.is_empty());
                Deployed::Unreadable(why)
            }
            ReadRecord::Present(r) => Deployed::Stack(Some(r.versions())),
        };
        let v = compat::verdict(&tool, &schema, &deployed);
        if matches!(deployed, Deployed::Unreadable(_)) {
            prop_assert_eq!(v.code(), "unreadable_record");
            prop_assert_eq!(v.exit_code(), 1);
        }
        let _ = v.summary(&tool);
        let _ = v.next_step("x");
    }

    #[test]
    fn version_strings_never_crash(s in "\\PC{0,64}") {
        if let Some(v) = compat::parse_version(&s) {
            // Whatever parses round-trips through the semver crate.
            prop_assert_eq!(compat::parse_version(&v.to_string()), Some(v));
        }
    }

    #[test]
    fn names_never_crash(s in any::<String>()) {
        match LimiterName::parse(&s) {
            Ok(n) => prop_assert!(n.stack().starts_with("ZAEL-")),
            Err(msg) => prop_assert!(!msg.is_empty()),
        }
    }
}

fn snapshot_data() -> impl Strategy<Value = HashMap<String, AttributeValue>> {
    let key = prop_oneof![
        Just("resource".to_string()),
        Just("window".to_string()),
        Just("window_start".to_string()),
        Just("total_events".to_string()),
        "[a-z_]{1,8}",
    ];
    proptest::collection::hash_map(key, value(), 0..8)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// `--since` takes any text: an error in words, never a panic.
    #[test]
    fn since_never_panics(text in "\\PC{0,30}") {
        let now = chrono::Utc::now();
        if let Err(why) = zae_limiter::ops::usage::parse_since(&text, now) {
            prop_assert!(!why.is_empty());
        }
    }

    /// Version descriptions written by anyone: ours are read back, others are not ours.
    #[test]
    fn version_descriptions_never_panic(text in "\\PC{0,120}") {
        let (tool, sha) = zae_limiter::ops::function_versions::parse_description(&text);
        if let Some(sha) = sha {
            prop_assert_eq!(sha.len(), 64);
        }
        if tool.is_some() {
            prop_assert!(text.starts_with("zae-limiter "));
        }
    }

    /// Snapshot items of any shape: rows only from well-formed ones, newest first.
    #[test]
    fn usage_rows_never_panic(items in proptest::collection::vec(snapshot_data(), 0..6)) {
        let items: Vec<HashMap<String, AttributeValue>> = items
            .into_iter()
            .map(|d| HashMap::from([("data".to_string(), AttributeValue::M(d))]))
            .collect();
        let rows = zae_limiter::ops::usage::rows(&items, None, None, None);
        for pair in rows.windows(2) {
            prop_assert!(pair[0].window_start >= pair[1].window_start);
        }
    }
}
