//! IAM managed outside the stack: checking the role `deploy --no-iam` is given, and
//! the policy that role needs with this stack's ARNs (`iam-policy`).

use std::fmt;

use aws_sdk_iam::error::ProvideErrorMetadata;
use serde::Serialize;
use serde_json::Value;

use crate::aws::Aws;
use crate::domain::iam::{self, AggregatorArns, Place};
use crate::domain::naming::LimiterName;
use crate::domain::stack::params;
use crate::error::{Error, Result};
use crate::ops::stack;
use crate::report;

/// What is known of a role after checking it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleCheck {
    /// It exists and Lambda may assume it.
    Usable,
    /// IAM refused to show it (no `iam:GetRole`): not checked.
    NotReadable(String),
}

/// Checks that `arn` exists and that its trust policy lets Lambda assume it. A
/// missing role or one Lambda cannot assume is an error (nothing deployed yet).
pub async fn check_role(aws: &Aws, arn: &str) -> Result<RoleCheck> {
    let Some(role) = iam::role_name(arn) else {
        return Err(Error::new(
            crate::error::ErrorKind::Usage,
            format!("{arn} is not an IAM role ARN"),
        ));
    };
    // Lambda runs a function only as a role of the function's own account, and
    // GetRole looks the name up in the caller's account: check the account first.
    let account = arn.split(':').nth(4).unwrap_or_default();
    let caller = caller_account(aws).await?;
    if account != caller {
        return Err(Error::failure(format!(
            "the role {arn} belongs to account {account}, but this deploy runs in account {caller}; nothing was deployed"
        ))
        .hint("give a role of the account the stack is deployed to (check --profile and the ARN's account)"));
    }
    let out = match aws.iam().get_role().role_name(role).send().await {
        Ok(o) => o,
        Err(e) if e.code() == Some("NoSuchEntity") => {
            return Err(Error::failure(format!(
                "the role {arn} given with --aggregator-role-arn does not exist; nothing was deployed"
            ))
            .hint("ask the team that owns IAM to create it with the policy of `zae-limiter iam-policy --name <name>` and a trust policy for lambda.amazonaws.com, or check the ARN"));
        }
        Err(e) if matches!(e.code(), Some("AccessDenied" | "AccessDeniedException")) => {
            return Ok(RoleCheck::NotReadable(
                "iam:GetRole was refused, so the role's existence and trust policy were not checked"
                    .into(),
            ));
        }
        Err(e) => return Err(aws.error("GetRole", e)),
    };
    let trust = out
        .role()
        .and_then(|r| r.assume_role_policy_document())
        .unwrap_or_default();
    match iam::trusts_lambda(trust) {
        Ok(true) => Ok(RoleCheck::Usable),
        Ok(false) => Err(Error::failure(format!(
            "the role {arn} cannot be assumed by Lambda: its trust policy does not allow lambda.amazonaws.com to call sts:AssumeRole; nothing was deployed"
        ))
        .hint(format!(
            "the role's trust policy must be: {}",
            iam::lambda_trust_policy()
        ))),
        Err(why) => Err(Error::failure(format!("the role {arn}: {why}"))
            .hint("check the role's trust policy in IAM; it must allow lambda.amazonaws.com to call sts:AssumeRole")),
    }
}

/// The policy a limiter's aggregator role needs.
#[derive(Debug, Serialize)]
pub struct IamPolicy {
    /// Limiter name.
    pub name: String,
    /// Whether the stack exists (ARNs from its outputs) or not (ARNs predicted).
    pub deployed: bool,
    /// Whether the statement for X-Ray tracing is included.
    pub tracing: bool,
    /// The ARNs the policy names.
    pub arns: AggregatorArns,
    /// The identity policy to attach to the role.
    pub policy: Value,
    /// The trust policy the role needs.
    pub trust_policy: Value,
}

impl fmt::Display for IamPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default();
        writeln!(
            f,
            "# Identity policy for the aggregator role of {} ({}{})",
            self.name,
            if self.deployed {
                "ARNs of the deployed stack"
            } else {
                "stack not deployed yet: the stream ARN is a wildcard"
            },
            if self.tracing {
                ", with X-Ray tracing"
            } else {
                ""
            }
        )?;
        writeln!(f, "{}", pretty(&self.policy))?;
        writeln!(
            f,
            "# Trust policy (lambda.amazonaws.com may assume the role)"
        )?;
        writeln!(f, "{}", pretty(&self.trust_policy))
    }
}

/// Builds the policy for `name`: the ARNs come from the deployed stack's outputs
/// when it exists, otherwise from the caller's account (STS) and the region.
/// `tracing` overrides the deployed stack's tracing setting.
pub async fn policy(aws: &Aws, name: &LimiterName, tracing: Option<bool>) -> Result<IamPolicy> {
    let info = stack::describe(aws, &name.stack()).await?;
    let account = match info.as_ref().and_then(|i| account_of(&i.outputs)) {
        Some(a) => a,
        None => caller_account(aws).await?,
    };
    let place = Place {
        partition: partition_of(&aws.region).to_string(),
        region: aws.region.clone(),
        account,
    };
    let stream = info.as_ref().and_then(|i| i.outputs.get("StreamArn"));
    let arns = AggregatorArns::new(name, &place, stream.map(String::as_str));
    let tracing = tracing.unwrap_or_else(|| {
        info.as_ref()
            .is_some_and(|i| params::tracing_enabled(&i.parameters))
    });
    Ok(IamPolicy {
        name: name.to_string(),
        deployed: info.is_some(),
        tracing,
        policy: iam::aggregator_policy(&arns, tracing),
        trust_policy: iam::lambda_trust_policy(),
        arns,
    })
}

/// The account id in the table's ARN output.
fn account_of(outputs: &std::collections::BTreeMap<String, String>) -> Option<String> {
    let arn = outputs.get("TableArn")?;
    let account = arn.split(':').nth(4)?;
    (!account.is_empty()).then(|| account.to_string())
}

/// The partition a region belongs to.
fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// The caller's account, from STS.
async fn caller_account(aws: &Aws) -> Result<String> {
    let out = aws
        .sts()
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| aws.error("GetCallerIdentity", e))?;
    out.account().map(str::to_string).ok_or_else(|| {
        Error::failure("STS did not say which account these credentials belong to")
            .hint("check the credentials with `aws sts get-caller-identity`")
    })
}

/// Says on stderr that the role could not be checked (deploy goes on).
pub fn warn_unchecked(arn: &str, why: &str) {
    report::note(format!(
        "warning: role {arn}: {why}; CloudFormation will fail the function if Lambda cannot assume it"
    ));
}
