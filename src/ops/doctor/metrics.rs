//! CloudWatch statistics over the doctor's window: every metric in one
//! `GetMetricData` request (up to 500 queries per call), one period covering the
//! window. A metric without a datapoint is `None` ("no data").

use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat, ScanBy};
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
    pub stat: &'a str,
    /// The window, seconds back from now.
    pub since_secs: u64,
}

/// Reads every query in one request; the values come back in the queries' order
/// (`None`: no datapoint). The windows end a minute ahead so that the current
/// minute's datapoints are in.
pub async fn read(aws: &Aws, queries: &[Query<'_>]) -> Observed<Vec<Option<f64>>> {
    let now = chrono::Utc::now().timestamp();
    let end = now + 60;
    let longest = queries.iter().map(|q| q.since_secs).max().unwrap_or(3600) as i64;
    let mut req = aws
        .cloudwatch()
        .get_metric_data()
        .start_time(DateTime::from_secs(now - longest))
        .end_time(DateTime::from_secs(end))
        .scan_by(ScanBy::TimestampDescending);
    for (i, q) in queries.iter().enumerate() {
        // One period covering the query's own window, a multiple of 60 s.
        let period = ((q.since_secs as i64 + 60 + 59) / 60 * 60) as i32;
        let metric = Metric::builder()
            .namespace(q.namespace)
            .metric_name(q.metric)
            .dimensions(
                Dimension::builder()
                    .name(q.dimension.0)
                    .value(&q.dimension.1)
                    .build(),
            )
            .build();
        req = req.metric_data_queries(
            MetricDataQuery::builder()
                .id(format!("m{i}"))
                .metric_stat(
                    MetricStat::builder()
                        .metric(metric)
                        .period(period)
                        .stat(q.stat)
                        .build(),
                )
                .return_data(true)
                .build(),
        );
    }
    let mut values: Vec<Option<f64>> = vec![None; queries.len()];
    let mut pages = req.into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = match page {
            Ok(p) => p,
            Err(e) => {
                return observe::sdk_error(aws, "GetMetricData", "cloudwatch:GetMetricData", e)
            }
        };
        for r in page.metric_data_results() {
            let Some(i) = r
                .id()
                .and_then(|id| id.strip_prefix('m')?.parse::<usize>().ok())
            else {
                continue;
            };
            let Some(q) = queries.get(i) else { continue };
            for v in r.values() {
                values[i] = Some(match (values[i], q.stat) {
                    (None, _) => *v,
                    (Some(a), "Sum") => a + v,
                    (Some(a), _) => a.max(*v),
                });
            }
        }
    }
    Observed::Seen(values)
}
