//! The AWS side of every command: one `SdkConfig` built from the shared target
//! arguments (profile, region, endpoint, retries, timeouts), clients made from
//! it on demand, and SDK errors turned into the operator's words.

pub mod profiles;
pub mod request_log;

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_cloudformation::error::ProvideErrorMetadata;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;

use crate::error::{Error, Result};

/// Where and as whom the tool talks to AWS, before any client is built.
#[derive(Debug, Clone, Default)]
pub struct Target {
    /// `--region` / `AWS_REGION`.
    pub region: Option<String>,
    /// `--profile` / `AWS_PROFILE`.
    pub profile: Option<String>,
    /// `--endpoint-url` / `AWS_ENDPOINT_URL`.
    pub endpoint_url: Option<String>,
}

/// Attempts per request (the first plus retries), with exponential backoff.
pub const MAX_ATTEMPTS: u32 = 4;
/// How long to wait for a TCP connection before calling the endpoint unreachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// Upper bound for one attempt of one request.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(20);

/// A loaded configuration and the context needed to explain failures.
#[derive(Clone)]
pub struct Aws {
    config: SdkConfig,
    /// The region in use.
    pub region: String,
    /// The endpoint, as the operator would recognise it.
    pub endpoint: String,
}

impl Aws {
    /// Builds the shared configuration. Resolves the region from the argument,
    /// `AWS_DEFAULT_REGION` or the profile, never from instance metadata (that
    /// probe is slow off EC2 and the operator should say which region).
    pub async fn load(target: &Target) -> Result<Aws> {
        if let Some(p) = target.profile.as_deref().filter(|p| !p.is_empty()) {
            crate::aws::profiles::check(p)?;
        }
        let region = resolve_region(target).await?;
        validate_region(&region)?;
        if let Some(url) = &target.endpoint_url {
            validate_endpoint(url)?;
        }
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(region.clone()))
            .retry_config(RetryConfig::standard().with_max_attempts(MAX_ATTEMPTS))
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(CONNECT_TIMEOUT)
                    .operation_attempt_timeout(ATTEMPT_TIMEOUT)
                    .build(),
            );
        if let Some(p) = &target.profile {
            loader = loader.profile_name(p);
        }
        if let Some(url) = &target.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let config = loader.load().await;
        crate::report::debug(format!(
            "AWS target: region {region}, profile {}, endpoint {}",
            target.profile.as_deref().unwrap_or("(default chain)"),
            target.endpoint_url.as_deref().unwrap_or("(AWS)")
        ));
        let endpoint = target
            .endpoint_url
            .clone()
            .unwrap_or_else(|| format!("AWS region {region}"));
        Ok(Aws {
            config,
            region,
            endpoint,
        })
    }

    /// The shared SDK configuration (for tests and rare direct use).
    pub fn config(&self) -> &SdkConfig {
        &self.config
    }

    /// A CloudFormation client.
    pub fn cfn(&self) -> aws_sdk_cloudformation::Client {
        let mut conf = aws_sdk_cloudformation::config::Builder::from(&self.config);
        if crate::report::verbose() {
            conf = conf.interceptor(crate::aws::request_log::RequestLog);
        }
        aws_sdk_cloudformation::Client::from_conf(conf.build())
    }

    /// A DynamoDB client.
    pub fn ddb(&self) -> aws_sdk_dynamodb::Client {
        let mut conf = aws_sdk_dynamodb::config::Builder::from(&self.config);
        if crate::report::verbose() {
            conf = conf.interceptor(crate::aws::request_log::RequestLog);
        }
        aws_sdk_dynamodb::Client::from_conf(conf.build())
    }

    /// A DynamoDB Streams client (reading a table's stream records back).
    pub fn streams(&self) -> aws_sdk_dynamodbstreams::Client {
        let mut conf = aws_sdk_dynamodbstreams::config::Builder::from(&self.config);
        if crate::report::verbose() {
            conf = conf.interceptor(crate::aws::request_log::RequestLog);
        }
        aws_sdk_dynamodbstreams::Client::from_conf(conf.build())
    }

    /// A Lambda client.
    pub fn lambda(&self) -> aws_sdk_lambda::Client {
        let mut conf = aws_sdk_lambda::config::Builder::from(&self.config);
        if crate::report::verbose() {
            conf = conf.interceptor(crate::aws::request_log::RequestLog);
        }
        aws_sdk_lambda::Client::from_conf(conf.build())
    }

    /// An SQS client.
    pub fn sqs(&self) -> aws_sdk_sqs::Client {
        let mut conf = aws_sdk_sqs::config::Builder::from(&self.config);
        if crate::report::verbose() {
            conf = conf.interceptor(crate::aws::request_log::RequestLog);
        }
        aws_sdk_sqs::Client::from_conf(conf.build())
    }

    /// A CloudWatch client.
    pub fn cloudwatch(&self) -> aws_sdk_cloudwatch::Client {
        let mut conf = aws_sdk_cloudwatch::config::Builder::from(&self.config);
        if crate::report::verbose() {
            conf = conf.interceptor(crate::aws::request_log::RequestLog);
        }
        aws_sdk_cloudwatch::Client::from_conf(conf.build())
    }

    /// A CloudWatch Logs client.
    pub fn logs(&self) -> aws_sdk_cloudwatchlogs::Client {
        let mut conf = aws_sdk_cloudwatchlogs::config::Builder::from(&self.config);
        if crate::report::verbose() {
            conf = conf.interceptor(crate::aws::request_log::RequestLog);
        }
        aws_sdk_cloudwatchlogs::Client::from_conf(conf.build())
    }

    /// An IAM client.
    pub fn iam(&self) -> aws_sdk_iam::Client {
        let mut conf = aws_sdk_iam::config::Builder::from(&self.config);
        if crate::report::verbose() {
            conf = conf.interceptor(crate::aws::request_log::RequestLog);
        }
        aws_sdk_iam::Client::from_conf(conf.build())
    }

    /// An STS client.
    pub fn sts(&self) -> aws_sdk_sts::Client {
        let mut conf = aws_sdk_sts::config::Builder::from(&self.config);
        if crate::report::verbose() {
            conf = conf.interceptor(crate::aws::request_log::RequestLog);
        }
        aws_sdk_sts::Client::from_conf(conf.build())
    }

    /// Turns an SDK error from `action` (e.g. "DescribeStacks") into an
    /// operator-facing error with a next step.
    pub fn error<E>(&self, action: &str, err: SdkError<E, HttpResponse>) -> Error
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        classify(action, &self.endpoint, &err)
    }
}

async fn resolve_region(target: &Target) -> Result<String> {
    if let Some(r) = target.region.as_deref().filter(|r| !r.is_empty()) {
        return Ok(r.to_string());
    }
    if let Ok(r) = std::env::var("AWS_DEFAULT_REGION") {
        if !r.is_empty() {
            return Ok(r);
        }
    }
    let mut provider = aws_config::profile::ProfileFileRegionProvider::builder();
    if let Some(p) = &target.profile {
        provider = provider.profile_name(p);
    }
    use aws_config::meta::region::ProvideRegion;
    if let Some(r) = provider.build().region().await {
        return Ok(r.to_string());
    }
    Err(Error::failure("no AWS region is set").hint(
        "pass --region (e.g. --region us-east-1), set AWS_REGION, or set `region` in your AWS profile",
    ))
}

/// Regions look like `us-east-1` or `us-gov-west-1`: lowercase words and a number.
fn validate_region(region: &str) -> Result<()> {
    let parts: Vec<&str> = region.split('-').collect();
    let ok = parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].chars().all(|c| c.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty();
    if ok {
        Ok(())
    } else {
        Err(
            Error::failure(format!("{region:?} is not an AWS region name"))
                .hint("regions look like us-east-1 or eu-west-2; check --region or AWS_REGION"),
        )
    }
}

fn validate_endpoint(url: &str) -> Result<()> {
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(())
    } else {
        Err(
            Error::failure(format!("--endpoint-url {url:?} is not an http(s) URL")).hint(
                "give a full URL such as http://127.0.0.1:5000, or unset AWS_ENDPOINT_URL to use AWS",
            ),
        )
    }
}

/// Error codes AWS uses for throttling across the services this tool calls.
const THROTTLING: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
];

fn classify<E>(action: &str, endpoint: &str, err: &SdkError<E, HttpResponse>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let detail = DisplayErrorContext(err).to_string();
    // The SDK's error text carries codes, messages and request ids, never credentials.
    crate::report::debug(format!("{action} failed: {detail}"));
    match err {
        SdkError::ServiceError(se) => {
            let e = se.err();
            let raw = se.raw();
            // A response the SDK could not parse still says what it was in its
            // status and error-type header (and usually a JSON message).
            let header = raw
                .headers()
                .get("x-amzn-errortype")
                .map(|h| h.split(':').next().unwrap_or(h).to_string());
            let body_msg = raw
                .body()
                .bytes()
                .and_then(|b| serde_json::from_slice::<serde_json::Value>(b).ok())
                .and_then(|v| {
                    v.get("message")
                        .or(v.get("Message"))
                        .and_then(|m| m.as_str())
                        .map(str::to_string)
                });
            let code = e
                .code()
                .map(str::to_string)
                .or(header)
                .unwrap_or_else(|| format!("HTTP {}", raw.status().as_u16()));
            let msg = e
                .message()
                .map(str::to_string)
                .or(body_msg)
                .unwrap_or_default();
            service_error(action, &code, &msg)
        }
        SdkError::TimeoutError(_) => {
            Error::failure(format!("{action} timed out: {endpoint} did not answer"))
                .hint("check the network and --endpoint-url / --region, then retry")
        }
        SdkError::DispatchFailure(_) | SdkError::ConstructionFailure(_)
            if looks_like_credentials(&detail) =>
        {
            credentials_error(&detail)
        }
        SdkError::DispatchFailure(_) => Error::failure(format!(
            "could not reach {endpoint} for {action}: {}",
            short(&detail)
        ))
        .hint("check that the endpoint is up and reachable (network, VPN, proxy, --endpoint-url)"),
        _ => Error::failure(format!("{action} failed: {}", short(&detail)))
            .hint("retry; if it persists, run with the same arguments and -v to see more"),
    }
}

fn looks_like_credentials(detail: &str) -> bool {
    let d = detail.to_ascii_lowercase();
    d.contains("credential") || d.contains("profile") || d.contains("identity")
}

fn credentials_error(detail: &str) -> Error {
    let d = detail.to_ascii_lowercase();
    if d.contains("profile")
        && (d.contains("not found") || d.contains("could not find") || d.contains("not defined"))
    {
        return Error::failure(format!(
            "the AWS profile could not be used: {}",
            short(detail)
        ))
        .hint("check --profile / AWS_PROFILE against `aws configure list-profiles`");
    }
    Error::failure("no AWS credentials were found").hint(
        "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pass --profile (or AWS_PROFILE), \
         or run `aws sso login` for an SSO profile",
    )
}

/// Maps a service error code to the operator's words (pure, unit-tested).
pub fn service_error(action: &str, code: &str, msg: &str) -> Error {
    if THROTTLING.contains(&code) {
        return Error::failure(format!(
            "AWS throttled {action} and it still failed after {MAX_ATTEMPTS} attempts ({code})"
        ))
        .hint("wait a minute and retry, or run fewer concurrent operations against this account");
    }
    match code {
        "ExpiredToken" | "ExpiredTokenException" | "RequestExpired" => {
            Error::failure(format!("the AWS session token has expired ({action})"))
                .hint("refresh your credentials (e.g. `aws sso login`) and retry")
        }
        "AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation" => {
            let what = if msg.is_empty() {
                String::new()
            } else {
                format!(": {msg}")
            };
            Error::failure(format!("access denied for {action}{what}")).hint(format!(
                "grant the caller permission for {action} (see docs/cli.md for the permissions each command needs)"
            ))
        }
        "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "InvalidAccessKeyId"
        | "SignatureDoesNotMatch" => Error::failure(format!(
            "AWS does not accept these credentials ({code} on {action})"
        ))
        .hint("check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the profile in use"),
        _ => {
            let code = if code.is_empty() { "error" } else { code };
            let sep = if msg.is_empty() { "" } else { ": " };
            Error::failure(format!("{action} failed with {code}{sep}{msg}")).hint(
                "AWS refused the request for the reason above; if it is not clear, run again with -v for the full response and request id",
            )
        }
    }
}

fn short(detail: &str) -> String {
    const MAX: usize = 300;
    if detail.len() <= MAX {
        detail.to_string()
    } else {
        let mut end = MAX;
        while !detail.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…", &detail[..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions() {
        assert!(validate_region("us-east-1").is_ok());
        assert!(validate_region("us-gov-west-1").is_ok());
        assert!(validate_region("eu-central-2").is_ok());
        assert!(validate_region("useast1").is_err());
        assert!(validate_region("US-EAST-1").is_err());
        assert!(validate_region("us-east-").is_err());
    }

    #[test]
    fn service_errors_in_words() {
        let e = service_error("DescribeStacks", "ThrottlingException", "Rate exceeded");
        assert!(
            e.message.contains("throttled DescribeStacks"),
            "{}",
            e.message
        );
        let e = service_error(
            "GetItem",
            "AccessDeniedException",
            "User x is not authorized to perform: dynamodb:GetItem",
        );
        assert!(e.message.contains("dynamodb:GetItem"));
        let e = service_error("GetItem", "ExpiredTokenException", "");
        assert!(e.message.contains("expired"));
        let e = service_error("CreateStack", "ValidationError", "bad");
        assert_eq!(e.message, "CreateStack failed with ValidationError: bad");
        assert!(e.hint.as_deref().is_some_and(|h| h.contains("-v")));
        let e = service_error("CreateStack", "HTTP 500", "");
        assert_eq!(e.message, "CreateStack failed with HTTP 500");
    }

    #[test]
    fn endpoints_must_be_urls() {
        assert!(validate_endpoint("http://127.0.0.1:5000").is_ok());
        assert!(validate_endpoint("127.0.0.1:5000").is_err());
    }
}
