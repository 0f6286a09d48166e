//! The aggregator: its embedded handler, the deterministic deployment package
//! built from it, and shipping that package to the function.

use std::time::Duration;

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::aws::Aws;
use crate::error::{Error, Result};

/// The handler module, `index.py` in the package (the template's `Handler` is
/// `index.handler`, the same module name an inline placeholder gets).
pub const HANDLER_SOURCE: &str = include_str!("../../templates/aggregator/index.py");
/// The module's file name inside the package.
pub const HANDLER_FILE: &str = "index.py";
/// The template's `Handler` value.
pub const HANDLER: &str = "index.handler";

/// DOS date/time of every entry: 1980-01-01 00:00, so builds never differ by clock.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;

/// Builds the zip: stored entries, fixed order, timestamps and permissions,
/// so the same tool version always yields the same bytes and `CodeSha256`.
pub fn package() -> Vec<u8> {
    let entries: [(&str, &[u8]); 1] = [(HANDLER_FILE, HANDLER_SOURCE.as_bytes())];
    let mut out = Vec::with_capacity(HANDLER_SOURCE.len() + 256);
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32fast::hash(data);
        let size = data.len() as u32;
        // Local file header.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes()); // version needed
        out.extend_from_slice(&0u16.to_le_bytes()); // flags
        out.extend_from_slice(&0u16.to_le_bytes()); // method: stored
        out.extend_from_slice(&DOS_TIME.to_le_bytes());
        out.extend_from_slice(&DOS_DATE.to_le_bytes());
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // extra length
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        // Central directory entry; made by Unix (3) so the mode below applies.
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&((3u16 << 8) | 20).to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&DOS_TIME.to_le_bytes());
        central.extend_from_slice(&DOS_DATE.to_le_bytes());
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes()); // extra
        central.extend_from_slice(&0u16.to_le_bytes()); // comment
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attrs
        central.extend_from_slice(&((0o100644u32) << 16).to_le_bytes()); // -rw-r--r--
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    let cd_size = central.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&cd_size.to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// SHA-256 of the package, base64 as Lambda reports `CodeSha256`.
pub fn code_sha256(package: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(package))
}

/// Uploads the package to the function and waits until its update has
/// finished. Returns the function's `CodeSha256` after the update.
pub async fn ship(
    aws: &Aws,
    function: &str,
    package: Vec<u8>,
    timeout: Duration,
) -> Result<String> {
    let lambda = aws.lambda();
    // Lambda refuses a code update while another update of the function is in
    // progress (a concurrent deploy, or CloudFormation's own): wait for that one,
    // then try again, a bounded number of times.
    let mut attempt = 0;
    loop {
        attempt += 1;
        let sent = lambda
            .update_function_code()
            .function_name(function)
            .zip_file(aws_sdk_lambda::primitives::Blob::new(package.clone()))
            .send()
            .await;
        match sent {
            Ok(_) => break,
            Err(e) if attempt < 4 && is_conflict(&e) => {
                crate::report::note(format!(
                    "{function} is being updated by someone else; waiting for that update first"
                ));
                wait_updated(aws, function, timeout).await?;
            }
            Err(e) => return Err(aws.error("UpdateFunctionCode", e)),
        }
    }
    wait_updated(aws, function, timeout).await
}

/// Whether Lambda refused because another update of the function is in progress.
fn is_conflict<E: aws_sdk_lambda::error::ProvideErrorMetadata>(e: &E) -> bool {
    e.code() == Some("ResourceConflictException")
}

/// Polls `GetFunctionConfiguration` with backoff until the last update is
/// `Successful` (→ its `CodeSha256`) or `Failed` (→ its reason).
pub async fn wait_updated(aws: &Aws, function: &str, timeout: Duration) -> Result<String> {
    let lambda = aws.lambda();
    let start = std::time::Instant::now();
    let mut delay = Duration::from_millis(250);
    loop {
        let cfg = lambda
            .get_function_configuration()
            .function_name(function)
            .send()
            .await
            .map_err(|e| aws.error("GetFunctionConfiguration", e))?;
        use aws_sdk_lambda::types::LastUpdateStatus as S;
        match cfg.last_update_status() {
            Some(S::Failed) => {
                return Err(Error::failure(format!(
                    "the update of {function} failed: {}",
                    cfg.last_update_status_reason().unwrap_or("no reason given")
                ))
                .hint(format!("look at the function in the Lambda console or `aws lambda get-function --function-name {function}`, fix the cause and run upgrade again")))
            }
            Some(S::InProgress) => {}
            _ => return Ok(cfg.code_sha256().unwrap_or_default().to_string()),
        }
        if start.elapsed() > timeout {
            return Err(Error::failure(format!(
                "{function} was still updating after {}s",
                timeout.as_secs()
            ))
            .hint("Lambda carries on; check it with `zae-limiter status` in a minute"));
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_is_deterministic() {
        assert_eq!(package(), package());
        assert_eq!(code_sha256(&package()), code_sha256(&package()));
    }

    #[test]
    fn package_holds_the_handler_module() {
        let zip = package();
        assert_eq!(&zip[..4], b"PK\x03\x04");
        let name_at = 30;
        assert_eq!(
            &zip[name_at..name_at + HANDLER_FILE.len()],
            HANDLER_FILE.as_bytes()
        );
        assert!(HANDLER_SOURCE.contains("def handler("));
        assert_eq!(
            HANDLER.split('.').next().unwrap(),
            HANDLER_FILE.trim_end_matches(".py")
        );
        assert!(crate::domain::stack::template::TEMPLATE.contains(&format!("Handler: {HANDLER}")));
    }
}
