//! `-v` request-level diagnostics: one line per AWS request attempt with the
//! service, operation, HTTP status and time taken. Never headers or bodies,
//! so credentials and tokens cannot appear.

use std::time::Instant;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};

/// When the current attempt was sent.
#[derive(Debug, Clone)]
struct Sent(Instant);

impl Storable for Sent {
    type Storer = StoreReplace<Self>;
}

/// The interceptor added to every client when `-v` is given.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestLog;

/// One diagnostic line. Pure.
pub fn line(service: &str, operation: &str, status: Option<u16>, millis: f64) -> String {
    let status = status.map_or("no response".to_string(), |s| format!("HTTP {s}"));
    format!("{service}.{operation} {status} in {millis:.1} ms")
}

impl Intercept for RequestLog {
    fn name(&self) -> &'static str {
        "zae-limiter request log"
    }

    fn read_before_transmit(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state().store_put(Sent(Instant::now()));
        Ok(())
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let millis = cfg
            .load::<Sent>()
            .map_or(0.0, |s| s.0.elapsed().as_secs_f64() * 1000.0);
        let (service, operation) = cfg
            .load::<Metadata>()
            .map_or(("?", "?"), |m| (m.service(), m.name()));
        let status = context.response().map(|r| r.status().as_u16());
        crate::report::debug(line(service, operation, status, millis));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_name_the_call_and_its_time() {
        assert_eq!(
            line("DynamoDB", "GetItem", Some(200), 1.25),
            "DynamoDB.GetItem HTTP 200 in 1.2 ms"
        );
        assert_eq!(
            line("Lambda", "GetAlias", None, 3.0),
            "Lambda.GetAlias no response in 3.0 ms"
        );
    }
}
