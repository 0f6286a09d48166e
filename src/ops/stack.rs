//! CloudFormation operations on the limiter stack: describe, create, update,
//! delete and wait. Thin: decisions live in the callers' pure functions.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use aws_sdk_cloudformation::error::ProvideErrorMetadata;
use aws_sdk_cloudformation::types::{Capability, Parameter};

use crate::aws::Aws;
use crate::domain::stack::events;
use crate::error::{Error, Result};
use crate::report;
use crate::report::stack_watch as watch;

/// What DescribeStacks says about the stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackInfo {
    /// e.g. `CREATE_COMPLETE`.
    pub status: String,
    /// CloudFormation's reason for the status, if any.
    pub reason: Option<String>,
    /// Deployed parameter values.
    pub parameters: BTreeMap<String, String>,
    /// Stack outputs.
    pub outputs: BTreeMap<String, String>,
    /// Stack tags (CloudFormation propagates them to the resources).
    pub tags: BTreeMap<String, String>,
}

/// Describes the stack; `None` when it does not exist.
pub async fn describe(aws: &Aws, stack: &str) -> Result<Option<StackInfo>> {
    let out = match aws.cfn().describe_stacks().stack_name(stack).send().await {
        Ok(o) => o,
        Err(e) => {
            let missing = e.code() == Some("ValidationError")
                && e.message().is_some_and(|m| m.contains("does not exist"));
            if missing {
                return Ok(None);
            }
            return Err(aws.error("DescribeStacks", e));
        }
    };
    let Some(s) = out.stacks().first() else {
        return Ok(None);
    };
    let status = s
        .stack_status()
        .map(|s| s.as_str().to_string())
        .unwrap_or_default();
    if status == "DELETE_COMPLETE" {
        return Ok(None);
    }
    Ok(Some(StackInfo {
        status,
        reason: s.stack_status_reason().map(str::to_string),
        parameters: s
            .parameters()
            .iter()
            .filter_map(|p| {
                Some((
                    p.parameter_key()?.to_string(),
                    p.parameter_value().unwrap_or("").to_string(),
                ))
            })
            .collect(),
        outputs: s
            .outputs()
            .iter()
            .filter_map(|o| {
                Some((
                    o.output_key()?.to_string(),
                    o.output_value().unwrap_or("").to_string(),
                ))
            })
            .collect(),
        tags: s
            .tags()
            .iter()
            .filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string())))
            .collect(),
    }))
}

/// The tag every stack this tool creates carries (`managed-by=zae-limiter`).
pub fn managed_by_tag() -> aws_sdk_cloudformation::types::Tag {
    aws_sdk_cloudformation::types::Tag::builder()
        .key("managed-by")
        .value("zae-limiter")
        .build()
}

/// Tags as CloudFormation takes them.
pub fn cfn_tags(tags: &BTreeMap<String, String>) -> Vec<aws_sdk_cloudformation::types::Tag> {
    tags.iter()
        .map(|(k, v)| {
            aws_sdk_cloudformation::types::Tag::builder()
                .key(k)
                .value(v)
                .build()
        })
        .collect()
}

/// The parameters as CloudFormation takes them.
pub fn parameters(params: &BTreeMap<String, String>) -> Vec<Parameter> {
    params
        .iter()
        .map(|(k, v)| {
            Parameter::builder()
                .parameter_key(k)
                .parameter_value(v)
                .build()
        })
        .collect()
}

/// Starts creating the stack.
pub async fn create(
    aws: &Aws,
    stack: &str,
    template: &str,
    params: &BTreeMap<String, String>,
    tags: &BTreeMap<String, String>,
) -> Result<()> {
    aws.cfn()
        .create_stack()
        .stack_name(stack)
        .template_body(template)
        .set_parameters(Some(parameters(params)))
        .capabilities(Capability::CapabilityNamedIam)
        .set_tags(Some(cfn_tags(tags)))
        .send()
        .await
        .map_err(|e| {
            if e.code() == Some("AlreadyExistsException") {
                Error::failure(format!(
                    "stack {stack} was created by someone else while this command was deciding; nothing was changed by this one"
                ))
                .hint("another deploy is probably running: wait for it (`zae-limiter status`), then run deploy again to apply your options")
            } else {
                aws.error("CreateStack", e)
            }
        })?;
    Ok(())
}

/// Outcome of starting an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateStarted {
    /// CloudFormation is updating the stack.
    Started,
    /// Nothing to change ("No updates are to be performed").
    NoChanges,
}

/// Starts updating the stack. `tags` is the whole set the stack carries afterwards
/// (CloudFormation replaces the stack's tags with it).
pub async fn update(
    aws: &Aws,
    stack: &str,
    template: &str,
    params: &BTreeMap<String, String>,
    tags: &BTreeMap<String, String>,
) -> Result<UpdateStarted> {
    match aws
        .cfn()
        .update_stack()
        .stack_name(stack)
        .template_body(template)
        .set_parameters(Some(parameters(params)))
        .set_tags(Some(cfn_tags(tags)))
        .capabilities(Capability::CapabilityNamedIam)
        .send()
        .await
    {
        Ok(_) => Ok(UpdateStarted::Started),
        Err(e)
            if e.message()
                .is_some_and(|m| m.contains("No updates are to be performed")) =>
        {
            Ok(UpdateStarted::NoChanges)
        }
        Err(e)
            if e.message()
                .is_some_and(|m| m.contains("state and can not be updated")) =>
        {
            Err(Error::failure(format!(
                "stack {stack} cannot be updated right now: {}",
                e.message().unwrap_or_default()
            ))
            .hint("another deploy, upgrade or delete is probably running on it: wait for it (`zae-limiter status`) and run this again"))
        }
        Err(e) if is_missing_stack(e.message()) => Err(vanished(stack)),
        Err(e) => Err(aws.error("UpdateStack", e)),
    }
}

/// The error for a stack that existed when this command looked and is gone
/// now (deleted by a concurrent command). Pure.
pub fn vanished(stack: &str) -> Error {
    Error::new(
        crate::error::ErrorKind::NotDeployed,
        format!("stack {stack} was deleted while this command was running; nothing more was changed"),
    )
    .hint("someone else deleted it (a concurrent delete?): check with `zae-limiter status`; its table is retained, see docs/operations.md on redeploying")
}

fn is_missing_stack(message: Option<&str>) -> bool {
    message.is_some_and(|m| m.contains("does not exist"))
}

/// The deployed template body.
pub async fn template(aws: &Aws, stack: &str) -> Result<String> {
    Ok(aws
        .cfn()
        .get_template()
        .stack_name(stack)
        .send()
        .await
        .map_err(|e| {
            if is_missing_stack(e.message()) {
                vanished(stack)
            } else {
                aws.error("GetTemplate", e)
            }
        })?
        .template_body
        .unwrap_or_default())
}

/// Starts deleting the stack.
pub async fn delete(aws: &Aws, stack: &str) -> Result<()> {
    aws.cfn()
        .delete_stack()
        .stack_name(stack)
        .send()
        .await
        .map_err(|e| aws.error("DeleteStack", e))?;
    Ok(())
}

pub use crate::domain::stack::state::{is_failed, is_final, is_success, is_updatable, meaning};

/// What waiting ended with.
#[derive(Debug, Clone)]
pub struct Waited {
    /// The stack at the end (`None`: it is gone).
    pub info: Option<StackInfo>,
    /// Every resource that failed during the operation, with reasons.
    pub failures: Vec<events::Failure>,
}

async fn event_page(aws: &Aws, stack: &str) -> Result<Vec<events::Event>> {
    let out = match aws
        .cfn()
        .describe_stack_events()
        .stack_name(stack)
        .send()
        .await
    {
        Ok(o) => o,
        // A deleted stack has no events by name any more.
        Err(e) if e.message().is_some_and(|m| m.contains("does not exist")) => return Ok(vec![]),
        Err(e) => return Err(aws.error("DescribeStackEvents", e)),
    };
    Ok(out
        .stack_events()
        .iter()
        .map(|e| events::Event {
            id: e.event_id().unwrap_or_default().to_string(),
            logical_id: e.logical_resource_id().unwrap_or_default().to_string(),
            resource_type: e.resource_type().unwrap_or_default().to_string(),
            status: e
                .resource_status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            reason: e.resource_status_reason().map(str::to_string),
            timestamp: e
                .timestamp()
                .and_then(|t| chrono::DateTime::from_timestamp(t.secs(), t.subsec_nanos()))
                .unwrap_or_else(chrono::Utc::now),
        })
        .collect())
}

/// Polls (with backoff) until the stack reaches a final status, showing each
/// resource's progress: live lines on a terminal, timestamped lines otherwise.
pub async fn wait(aws: &Aws, stack: &str, timeout: Duration) -> Result<Waited> {
    let start = Instant::now();
    // Events a little older than now may belong to this operation (clock skew).
    let since = chrono::Utc::now() - chrono::Duration::seconds(5);
    let mut view = watch::View::new(report::stderr_is_terminal());
    let mut seen = std::collections::HashSet::new();
    let mut all = Vec::new();
    let mut delay = Duration::from_millis(200);
    loop {
        let (info, page) = tokio::join!(describe(aws, stack), event_page(aws, stack));
        let info = info?;
        let new = events::take_new(&page.unwrap_or_default(), &mut seen, since);
        view.show(&new);
        all.extend(new);
        let status = info
            .as_ref()
            .map_or("DELETE_COMPLETE".to_string(), |i| i.status.clone());
        view.stack_status(stack, &status, start.elapsed());
        if is_final(&status) {
            view.finish();
            return Ok(Waited {
                info,
                failures: events::failures(&all),
            });
        }
        if start.elapsed() > timeout {
            view.finish();
            return Err(Error::failure(format!(
                "stopped waiting for {stack} after {} minutes; it is still {status}",
                timeout.as_secs() / 60
            ))
            .hint(format!(
                "CloudFormation carries on; follow it with `zae-limiter status --name {stack}` (raise --wait-timeout to wait longer)"
            )));
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}

/// Waits for the stack, stopping (not the stack) on Ctrl-C or SIGTERM.
pub async fn wait_interruptible(aws: &Aws, stack: &str, timeout: Duration) -> Result<Waited> {
    tokio::select! {
        r = wait(aws, stack, timeout) => r,
        _ = crate::interrupt::signal() => Err(Error::new(
            crate::error::ErrorKind::Interrupted,
            format!("stopped waiting; CloudFormation carries on with {stack}"),
        ).hint(format!(
            "follow it with `zae-limiter status --name {stack}`; to stop it: aws cloudformation cancel-update-stack --stack-name {stack} (updates) or delete the stack (creates)"
        ))),
    }
}
