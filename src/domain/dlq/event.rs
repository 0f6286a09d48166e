//! The event Lambda's stream mapping would have sent for a batch: its records in the
//! mapping's shape, the filter applied.

use serde_json::{json, Value};

use super::filter::Filters;

/// One stream record's parts, as read back from the stream.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamRecord {
    /// `eventID`.
    pub event_id: String,
    /// `INSERT`, `MODIFY` or `REMOVE`.
    pub event_name: String,
    /// `eventVersion` (e.g. `1.1`).
    pub event_version: String,
    /// The `dynamodb` section (Keys, images as attribute-value JSON, SequenceNumber, ...).
    pub dynamodb: Value,
}

/// The event for `records` of the stream `stream_arn` in `region`: the records the
/// mapping's filters keep, in order. None when the filters keep none (the mapping
/// would not have invoked the function).
pub fn build(
    records: &[StreamRecord],
    filters: &Filters,
    region: &str,
    stream_arn: &str,
) -> Option<Value> {
    let kept: Vec<Value> = records
        .iter()
        .map(|r| {
            json!({
                "eventID": r.event_id,
                "eventName": r.event_name,
                "eventVersion": r.event_version,
                "eventSource": "aws:dynamodb",
                "awsRegion": region,
                "dynamodb": r.dynamodb,
                "eventSourceARN": stream_arn,
            })
        })
        .filter(|r| filters.keeps(r))
        .collect();
    (!kept.is_empty()).then(|| json!({ "Records": kept }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(name: &str, sk: &str, seq: &str) -> StreamRecord {
        StreamRecord {
            event_id: format!("id-{seq}"),
            event_name: name.into(),
            event_version: "1.1".into(),
            dynamodb: json!({"Keys": {"SK": {"S": sk}}, "SequenceNumber": seq}),
        }
    }

    #[test]
    fn keeps_what_the_mapping_would_deliver_in_its_shape() {
        let f = Filters::parse([r##"{"dynamodb":{"Keys":{"SK":{"S":[{"prefix":"#BUCKET#"}]}}}}"##])
            .unwrap();
        let records = [
            rec("MODIFY", "#BUCKET#r#l", "1"),
            rec("MODIFY", "#USAGE#x", "2"),
            rec("INSERT", "#BUCKET#r#m", "3"),
        ];
        let event = build(&records, &f, "us-east-1", "arn:s").unwrap();
        let got = event["Records"].as_array().unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0]["eventSource"], "aws:dynamodb");
        assert_eq!(got[0]["eventSourceARN"], "arn:s");
        assert_eq!(got[0]["awsRegion"], "us-east-1");
        assert_eq!(got[1]["dynamodb"]["SequenceNumber"], "3");
        assert_eq!(got[1]["eventID"], "id-3");
    }

    #[test]
    fn nothing_kept_means_no_invocation() {
        let f = Filters::parse([r#"{"eventName":["INSERT"]}"#]).unwrap();
        assert!(build(&[rec("REMOVE", "x", "1")], &f, "r", "a").is_none());
    }
}
