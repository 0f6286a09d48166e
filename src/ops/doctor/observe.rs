//! Turning a read's outcome into an `Observed` fact: a refusal by IAM names the
//! permission, a missing resource is `Missing`, anything else is `Failed`.

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::aws::Aws;
use crate::domain::diagnosis::Observed;
use crate::error::Error;

const DENIED: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "AuthorizationError",
];
const NOT_FOUND: &[&str] = &[
    "ResourceNotFoundException",
    "AWS.SimpleQueueService.NonExistentQueue",
    "QueueDoesNotExist",
];

/// The fact an SDK error leaves: `Denied(permission)`, `Missing` or `Failed`.
pub fn sdk_error<T, E>(
    aws: &Aws,
    action: &str,
    permission: &str,
    e: SdkError<E, HttpResponse>,
) -> Observed<T>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let code = e
        .as_service_error()
        .and_then(|s| s.code())
        .map(str::to_string);
    match code.as_deref() {
        Some(c) if DENIED.contains(&c) => Observed::Denied(permission.to_string()),
        Some(c) if NOT_FOUND.contains(&c) => Observed::Missing,
        _ => Observed::Failed(aws.error(action, e).message),
    }
}

/// The fact one of the tool's own errors leaves (reads shared with other commands
/// return those): a denial is recognised by its words, see `aws::service_error`.
pub fn tool_error<T>(permission: &str, e: Error) -> Observed<T> {
    if e.message.starts_with("access denied") {
        Observed::Denied(permission.to_string())
    } else {
        Observed::Failed(e.message)
    }
}

/// The same for errors already in words (`ops::health`'s).
pub fn words<T>(permission: &str, message: String) -> Observed<T> {
    tool_error(permission, Error::failure(message))
}
