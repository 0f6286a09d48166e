//! IAM managed outside the stack (`deploy --no-iam`): the policy the aggregator's role
//! needs, with this stack's ARNs filled in, and whether a role's trust policy lets
//! Lambda assume it. Pure.
//!
//! The policy holds exactly the statements of the role the template creates
//! (`AggregatorRole` in templates/limiter.yaml; a unit test keeps the two in step).

use serde_json::{json, Value};

use crate::domain::naming::LimiterName;

/// Where a stack's resources live: enough to spell their ARNs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// `aws`, `aws-cn`, `aws-us-gov`.
    pub partition: String,
    /// The region.
    pub region: String,
    /// The 12-digit account id.
    pub account: String,
}

/// The ARNs the aggregator's policy names.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AggregatorArns {
    /// The table.
    pub table: String,
    /// The table's stream (or every stream of the table, `…/stream/*`, before it exists).
    pub stream: String,
    /// The dead-letter queue.
    pub queue: String,
    /// The function's log streams (`…:log-group:<group>:*`).
    pub log_streams: String,
}

impl AggregatorArns {
    /// The ARNs for limiter `name` at `place`; `stream` when known (the deployed
    /// stack's output), else every stream of the table (a re-enabled stream gets a
    /// new label, and the label is unknown before the table exists).
    pub fn new(name: &LimiterName, place: &Place, stream: Option<&str>) -> Self {
        let Place {
            partition: p,
            region: r,
            account: a,
        } = place;
        let table = format!("arn:{p}:dynamodb:{r}:{a}:table/{}", name.table());
        AggregatorArns {
            stream: stream
                .map(str::to_string)
                .unwrap_or_else(|| format!("{table}/stream/*")),
            table,
            queue: format!("arn:{p}:sqs:{r}:{a}:{}", name.queue()),
            log_streams: format!("arn:{p}:logs:{r}:{a}:log-group:{}:*", name.log_group()),
        }
    }
}

/// The identity policy the aggregator's role needs (the template's own statements).
pub fn aggregator_policy(arns: &AggregatorArns, tracing: bool) -> Value {
    let mut statements = vec![
        json!({"Sid": "WriteOwnLogs", "Effect": "Allow",
               "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
               "Resource": arns.log_streams}),
        json!({"Sid": "ReadTableStream", "Effect": "Allow",
               "Action": ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
               "Resource": arns.stream}),
        // ListStreams supports no resource-level permissions.
        json!({"Sid": "ListStreams", "Effect": "Allow",
               "Action": "dynamodb:ListStreams", "Resource": "*"}),
        json!({"Sid": "WriteSnapshots", "Effect": "Allow",
               "Action": "dynamodb:UpdateItem", "Resource": arns.table}),
        json!({"Sid": "SendFailedBatches", "Effect": "Allow",
               "Action": "sqs:SendMessage", "Resource": arns.queue}),
    ];
    if tracing {
        statements.push(json!({"Sid": "WriteTraces", "Effect": "Allow",
            "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "Resource": "*"}));
    }
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// The trust policy the role needs: Lambda may assume it.
pub fn lambda_trust_policy() -> Value {
    json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"},
        "Action": "sts:AssumeRole"
    }]})
}

/// The role name in a role ARN (`arn:aws:iam::123456789012:role/path/name` → `name`).
pub fn role_name(arn: &str) -> Option<&str> {
    let resource = arn.splitn(6, ':').nth(5)?;
    let path = resource.strip_prefix("role/")?;
    path.rsplit('/').next().filter(|n| !n.is_empty())
}

/// Checks a role ARN's shape (for the command line).
pub fn parse_role_arn(s: &str) -> Result<String, String> {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    let ok = parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "iam"
        && parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && role_name(s).is_some();
    if ok {
        Ok(s.to_string())
    } else {
        Err("expected an IAM role ARN: arn:aws:iam::<12-digit account>:role/<name>".into())
    }
}

/// Whether a trust policy (as IAM returns it: JSON, URL-encoded by the API) lets
/// the Lambda service assume the role. `Err` when it cannot be read.
pub fn trusts_lambda(document: &str) -> Result<bool, String> {
    let text = if document.trim_start().starts_with('{') {
        document.to_string()
    } else {
        percent_decode(document)?
    };
    let doc: Value =
        serde_json::from_str(&text).map_err(|e| format!("unreadable trust policy: {e}"))?;
    let statements = match &doc["Statement"] {
        Value::Array(a) => a.clone(),
        s @ Value::Object(_) => vec![s.clone()],
        _ => return Ok(false),
    };
    let names = |v: &Value, want: &str| match v {
        Value::String(s) => s == want || s == "*",
        Value::Array(a) => a.iter().any(|x| x.as_str() == Some(want)),
        _ => false,
    };
    Ok(statements.iter().any(|s| {
        s["Effect"] == "Allow"
            && names(&s["Principal"]["Service"], "lambda.amazonaws.com")
            && (names(&s["Action"], "sts:AssumeRole") || s["Action"] == "sts:*")
    }))
}

/// Decodes `%XX` escapes (and `+` as a space, as IAM's form encoding has it).
fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| "unreadable trust policy (bad URL encoding)".to_string())?;
                out.push(hex);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| "unreadable trust policy (not UTF-8)".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::stack::template::TEMPLATE;

    fn place() -> Place {
        Place {
            partition: "aws".into(),
            region: "eu-west-1".into(),
            account: "123456789012".into(),
        }
    }

    /// Every action of the template's role, as written in its `Action:` lines.
    fn template_actions() -> Vec<String> {
        let role = TEMPLATE
            .split("\n  AggregatorRole:\n")
            .nth(1)
            .and_then(|rest| rest.split("\n  AggregatorFunction:").next())
            .expect("the template has an AggregatorRole");
        let policies = role.split("Policies:").nth(1).unwrap();
        let mut out = vec![];
        for line in policies.lines() {
            if let Some(a) = line.trim().strip_prefix("Action:") {
                let a = a.trim().trim_start_matches('[').trim_end_matches(']');
                out.extend(a.split(',').map(|x| x.trim().to_string()));
            }
        }
        out.sort();
        out
    }

    fn policy_actions(p: &Value) -> Vec<String> {
        let mut out = vec![];
        for s in p["Statement"].as_array().unwrap() {
            match &s["Action"] {
                Value::String(a) => out.push(a.clone()),
                Value::Array(a) => out.extend(a.iter().map(|x| x.as_str().unwrap().to_string())),
                _ => unreachable!(),
            }
        }
        out.sort();
        out
    }

    #[test]
    fn the_policy_has_exactly_the_templates_actions() {
        let name = LimiterName::parse("prod").unwrap();
        let arns = AggregatorArns::new(&name, &place(), None);
        assert_eq!(
            policy_actions(&aggregator_policy(&arns, true)),
            template_actions()
        );
        let without = policy_actions(&aggregator_policy(&arns, false));
        assert!(!without.iter().any(|a| a.starts_with("xray:")));
    }

    #[test]
    fn arns_name_this_stack() {
        let name = LimiterName::parse("prod").unwrap();
        let a = AggregatorArns::new(&name, &place(), None);
        assert_eq!(
            a.table,
            "arn:aws:dynamodb:eu-west-1:123456789012:table/ZAEL-prod"
        );
        assert_eq!(
            a.stream,
            "arn:aws:dynamodb:eu-west-1:123456789012:table/ZAEL-prod/stream/*"
        );
        assert_eq!(
            a.queue,
            "arn:aws:sqs:eu-west-1:123456789012:ZAEL-prod-aggregator-dlq"
        );
        assert_eq!(
            a.log_streams,
            "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/ZAEL-prod-aggregator:*"
        );
        let s = "arn:aws:dynamodb:eu-west-1:123456789012:table/ZAEL-prod/stream/2026-01-01T00:00:00.000";
        assert_eq!(AggregatorArns::new(&name, &place(), Some(s)).stream, s);
    }

    #[test]
    fn role_arns() {
        assert_eq!(
            role_name("arn:aws:iam::123456789012:role/central/zael-agg"),
            Some("zael-agg")
        );
        assert!(parse_role_arn("arn:aws:iam::123456789012:role/x").is_ok());
        for bad in [
            "x",
            "arn:aws:iam::123:role/x",
            "arn:aws:iam::123456789012:user/x",
            "arn:aws:iam::123456789012:role/",
            "arn:aws:s3:::bucket",
        ] {
            assert!(parse_role_arn(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn trust_policies() {
        let ok = lambda_trust_policy().to_string();
        assert_eq!(trusts_lambda(&ok), Ok(true));
        let encoded = ok
            .replace('%', "%25")
            .replace('{', "%7B")
            .replace('}', "%7D")
            .replace('"', "%22")
            .replace(':', "%3A");
        assert_eq!(trusts_lambda(&encoded), Ok(true));
        let ec2 = ok.replace("lambda.amazonaws.com", "ec2.amazonaws.com");
        assert_eq!(trusts_lambda(&ec2), Ok(false));
        let deny = ok.replace("Allow", "Deny");
        assert_eq!(trusts_lambda(&deny), Ok(false));
        let list = r#"{"Statement":{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","lambda.amazonaws.com"]},"Action":["sts:AssumeRole","sts:TagSession"]}}"#;
        assert_eq!(trusts_lambda(list), Ok(true));
        assert!(trusts_lambda("%ZZ").is_err());
    }
}
