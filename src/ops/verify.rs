//! Verifying a release after code was shipped and published: `observe` gathers
//! what the checks look at; the checks and the rollback decision are the
//! domain's (`domain::release::verify`), re-exported here.

use crate::aws::Aws;
use crate::domain::naming::LimiterName;
use crate::error::Result;
use crate::ops::function_versions;
use crate::ops::health;
use crate::ops::record::{self, ReadRecord};

pub use crate::domain::release::verify::{
    after_failure, verify, AfterFailure, Expected, MappingSeen, Observed, Outcome,
};

/// Looks at the alias, the function, the mapping and the record at once.
pub async fn observe(aws: &Aws, name: &LimiterName) -> Result<Observed> {
    let function = name.function();
    let table = name.table();
    let lambda = aws.lambda();
    let (live, config, mapping, rec) = tokio::join!(
        function_versions::live(aws, &function),
        lambda
            .get_function_configuration()
            .function_name(&function)
            .send(),
        health::mapping(aws, name, None),
        record::read(aws, &table),
    );
    let config = config.map_err(|e| aws.error("GetFunctionConfiguration", e))?;
    Ok(Observed {
        live: live?,
        state: config
            .state()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        last_update_status: config
            .last_update_status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        mapping: mapping.ok().flatten().map(|m| MappingSeen {
            state: m.state,
            function_arn: m.function_arn.unwrap_or_default(),
        }),
        record_lambda_version: match rec? {
            ReadRecord::Present(r) => Some(r.lambda_version),
            _ => None,
        },
    })
}
