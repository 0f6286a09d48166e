//! The embedded template, created directly through the SDK (no tool logic in
//! between): CloudFormation accepts it and builds the table as the data model
//! requires. The emulator ignores TimeToLiveSpecification and PITR (see
//! docs/testing.md), so those are checked in the template text instead.

mod common;

use aws_sdk_cloudformation::types::Capability;
use common::{aws, block_on, unique_name};
use zae_limiter::domain::stack::template::TEMPLATE;

#[test]
fn template_creates_the_table_of_the_data_model() {
    let stack = format!("ZAEL-{}", unique_name("tpl"));
    block_on(async {
        let aws = aws().await;
        aws.cfn()
            .create_stack()
            .stack_name(&stack)
            .template_body(TEMPLATE)
            .capabilities(Capability::CapabilityNamedIam)
            .send()
            .await
            .unwrap();
        let info = zae_limiter::ops::stack::describe(&aws, &stack)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(info.status, "CREATE_COMPLETE");
        let t = aws
            .ddb()
            .describe_table()
            .table_name(&stack)
            .send()
            .await
            .unwrap();
        let t = t.table().unwrap();
        let keys: Vec<(String, String)> = t
            .key_schema()
            .iter()
            .map(|k| {
                (
                    k.attribute_name().to_string(),
                    k.key_type().as_str().to_string(),
                )
            })
            .collect();
        assert_eq!(
            keys,
            [("PK".into(), "HASH".into()), ("SK".into(), "RANGE".into())]
        );
        let mut gsis: Vec<(String, Vec<String>, String)> = t
            .global_secondary_indexes()
            .iter()
            .map(|g| {
                (
                    g.index_name().unwrap_or_default().to_string(),
                    g.key_schema()
                        .iter()
                        .map(|k| k.attribute_name().to_string())
                        .collect(),
                    g.projection()
                        .and_then(|p| p.projection_type())
                        .map(|p| p.as_str().to_string())
                        .unwrap_or_default(),
                )
            })
            .collect();
        gsis.sort();
        assert_eq!(
            gsis,
            [
                (
                    "GSI1".into(),
                    vec!["GSI1PK".into(), "GSI1SK".into()],
                    "ALL".into()
                ),
                (
                    "GSI2".into(),
                    vec!["GSI2PK".into(), "GSI2SK".into()],
                    "ALL".into()
                ),
            ]
        );
        let stream = t.stream_specification().unwrap();
        assert!(stream.stream_enabled());
        assert_eq!(
            stream.stream_view_type().unwrap().as_str(),
            "NEW_AND_OLD_IMAGES"
        );
        assert_eq!(
            t.billing_mode_summary()
                .and_then(|b| b.billing_mode())
                .map(|b| b.as_str()),
            Some("PAY_PER_REQUEST")
        );
    });
    // What the emulator does not apply, checked in the template itself.
    assert!(TEMPLATE.contains("AttributeName: ttl"));
    assert!(TEMPLATE.contains("PointInTimeRecoveryEnabled: true"));
    assert!(TEMPLATE.contains("DeletionPolicy: Retain"));
    assert!(TEMPLATE.contains("UpdateReplacePolicy: Retain"));
}
