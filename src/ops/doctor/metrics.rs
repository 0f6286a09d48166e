//! CloudWatch statistics over the doctor's window: one `GetMetricStatistics` per
//! metric, all at once. A metric without a datapoint is `None` ("no data").

use aws_sdk_cloudwatch::types::{Dimension, Statistic};
use aws_smithy_types::DateTime;

use crate::aws::Aws;
use crate::domain::diagnosis::Observed;

use super::observe;

/// One statistic of one metric over the whole window.
pub struct Query<'a> {
    /// e.g. `AWS/Lambda`.
    pub namespace: &'a str,
    /// e.g. `Errors`.
    pub metric: &'a str,
    /// The dimension (name, value).
    pub dimension: (&'a str, String),
    /// `Sum` or `Maximum`.
    pub statistic: Statistic,
}

/// Reads a statistic over the last `since_secs` seconds as one period
/// (`Ok(None)`: no datapoint). The window ends a minute ahead so that the
/// current minute's datapoints are in.
pub async fn read(aws: &Aws, q: &Query<'_>, since_secs: u64) -> Observed<Option<f64>> {
    let now = chrono::Utc::now().timestamp();
    let end = now + 60;
    let start = now - since_secs as i64;
    // One period covering the window, a multiple of 60 s as CloudWatch wants.
    let period = ((end - start) as i32 + 59) / 60 * 60;
    let out = aws
        .cloudwatch()
        .get_metric_statistics()
        .namespace(q.namespace)
        .metric_name(q.metric)
        .dimensions(
            Dimension::builder()
                .name(q.dimension.0)
                .value(&q.dimension.1)
                .build(),
        )
        .start_time(DateTime::from_secs(start))
        .end_time(DateTime::from_secs(end))
        .period(period)
        .statistics(q.statistic.clone())
        .send()
        .await;
    let out = match out {
        Ok(o) => o,
        Err(e) => {
            return observe::sdk_error(
                aws,
                "GetMetricStatistics",
                "cloudwatch:GetMetricStatistics",
                e,
            )
        }
    };
    let values = out.datapoints().iter().filter_map(|p| match q.statistic {
        Statistic::Sum => p.sum(),
        Statistic::Maximum => p.maximum(),
        _ => p.average(),
    });
    let value = match q.statistic {
        Statistic::Sum => values.fold(None, |acc: Option<f64>, v| Some(acc.unwrap_or(0.0) + v)),
        _ => values.fold(None, |acc: Option<f64>, v| {
            Some(acc.map_or(v, |a| a.max(v)))
        }),
    };
    Observed::Seen(value)
}

/// Several metrics at once: the first refusal or failure stands for all of them.
pub fn combine<const N: usize>(reads: [Observed<Option<f64>>; N]) -> Observed<[Option<f64>; N]> {
    let mut values = [None; N];
    for (i, r) in reads.into_iter().enumerate() {
        match r {
            Observed::Seen(v) => values[i] = v,
            Observed::Missing => {}
            Observed::Denied(p) => return Observed::Denied(p),
            Observed::Failed(w) => return Observed::Failed(w),
        }
    }
    Observed::Seen(values)
}
