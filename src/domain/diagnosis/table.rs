//! Rules on the table: stream, TTL, PITR, deletion protection, billing, throttles.

use super::{unread, Facts, Finding, Observed, Severity};

/// The table's settings as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableFacts {
    /// Stream on.
    pub stream_enabled: bool,
    /// Stream view type.
    pub stream_view_type: Option<String>,
    /// The current stream's ARN.
    pub stream_arn: Option<String>,
    /// TTL status (`ENABLED`, `DISABLED`, ...).
    pub ttl_status: Option<String>,
    /// Point-in-time recovery on.
    pub pitr_enabled: bool,
    /// Deletion protection on.
    pub deletion_protection: bool,
    /// `PAY_PER_REQUEST` or `PROVISIONED`.
    pub billing_mode: String,
}

/// Throttle events over the window (`None`: no datapoint).
#[derive(Debug, Clone, PartialEq)]
pub struct TableMetrics {
    /// `ReadThrottleEvents` sum.
    pub read_throttles: Option<f64>,
    /// `WriteThrottleEvents` sum.
    pub write_throttles: Option<f64>,
}

/// Table rules.
pub fn rules(f: &Facts) -> Vec<Finding> {
    let name = &f.name;
    let table = name.table();
    let mut out = Vec::new();
    match &f.table {
        Observed::Missing => out.push(
            Finding::new("table-missing", Severity::Critical, "table", format!("table {table} does not exist"), format!("DynamoDB DescribeTable: no table {table}"))
                .remedy(format!("zae-limiter restore --help (from a backup or a point in time), or zae-limiter deploy --name {name} for an empty one")),
        ),
        Observed::Seen(t) => {
            let view = t.stream_view_type.as_deref().unwrap_or("none");
            if !t.stream_enabled || view != "NEW_AND_OLD_IMAGES" {
                out.push(
                    Finding::new(
                        "table-stream",
                        Severity::Critical,
                        "table",
                        "the table's stream is not NEW_AND_OLD_IMAGES: the aggregator sees no changes",
                        format!("stream {} ({view}) (DynamoDB DescribeTable)", if t.stream_enabled { "on" } else { "off" }),
                    )
                    .remedy(format!("aws dynamodb update-table --table-name {table} --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES; a new stream needs the mapping re-created on it (run zae-limiter doctor --name {name} again)")),
                );
            }
            if t.ttl_status.as_deref() != Some("ENABLED") {
                out.push(
                    Finding::new(
                        "table-ttl",
                        Severity::Warning,
                        "table",
                        "TTL is off: expired buckets and snapshots are never removed",
                        format!("TTL {} (DynamoDB DescribeTimeToLive)", t.ttl_status.as_deref().unwrap_or("unknown")),
                    )
                    .remedy(format!("aws dynamodb update-time-to-live --table-name {table} --time-to-live-specification Enabled=true,AttributeName=ttl")),
                );
            }
            if !t.pitr_enabled {
                out.push(
                    Finding::new(
                        "table-pitr",
                        Severity::Warning,
                        "table",
                        "point-in-time recovery is off: no restore to a moment before a mistake",
                        "PointInTimeRecoveryStatus DISABLED (DynamoDB DescribeContinuousBackups)",
                    )
                    .remedy(format!("aws dynamodb update-continuous-backups --table-name {table} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true")),
                );
            }
            if !t.deletion_protection {
                out.push(
                    Finding::new("table-deletion-protection", Severity::Info, "table", "deletion protection is off", "DeletionProtectionEnabled false (DynamoDB DescribeTable)")
                        .remedy(format!("zae-limiter deploy --name {name} --deletion-protection")),
                );
            }
        }
        other => out.extend(unread(other, "table", "table", "the table")),
    }
    match &f.table_metrics {
        Observed::Seen(m) => {
            let total = m.read_throttles.unwrap_or(0.0) + m.write_throttles.unwrap_or(0.0);
            let billing = f
                .table
                .seen()
                .map(|t| t.billing_mode.as_str())
                .unwrap_or("unknown");
            if m.read_throttles.is_none() && m.write_throttles.is_none() {
                out.push(Finding::new(
                    "table-throttle-metrics-absent",
                    Severity::Info,
                    "table",
                    "no throttle datapoints: no data, which is not proof that nothing was throttled",
                    format!("no ReadThrottleEvents/WriteThrottleEvents datapoint over {} (CloudWatch AWS/DynamoDB, TableName={table})", f.since),
                ));
            } else if total > 0.0 {
                let remedy = if billing == "PROVISIONED" {
                    format!("raise the table's capacity or switch to on-demand: aws dynamodb update-table --table-name {table} --billing-mode PAY_PER_REQUEST")
                } else {
                    "on-demand throttling comes from hot keys or sudden peaks above twice the previous peak: spread traffic over more entities, or pre-warm with a warm throughput setting".to_string()
                };
                out.push(
                    Finding::new(
                        "table-throttled",
                        Severity::Warning,
                        "table",
                        "DynamoDB throttled requests on the table",
                        format!(
                            "{} read and {} write throttle events over {} ({billing}) (CloudWatch AWS/DynamoDB ReadThrottleEvents/WriteThrottleEvents Sum)",
                            m.read_throttles.unwrap_or(0.0), m.write_throttles.unwrap_or(0.0), f.since
                        ),
                    )
                    .remedy(remedy),
                );
            }
        }
        Observed::Missing => {}
        other => out.extend(unread(
            other,
            "table-metrics",
            "table",
            "the table's throttle metrics",
        )),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{healthy, ids};
    use super::super::*;

    #[test]
    fn pitr_off_warns_with_the_aws_action() {
        let mut f = healthy();
        if let Observed::Seen(t) = &mut f.table {
            t.pitr_enabled = false;
        }
        let d = judge(&f);
        assert_eq!(ids(&d), ["table-pitr"]);
        assert!(d.findings[0]
            .remedy
            .as_deref()
            .unwrap()
            .contains("--table-name ZAEL-x"));
        assert_eq!(d.verdict, Verdict::Warnings);
    }

    #[test]
    fn a_stream_without_old_images_is_critical() {
        let mut f = healthy();
        if let Observed::Seen(t) = &mut f.table {
            t.stream_view_type = Some("NEW_IMAGE".into());
        }
        assert_eq!(ids(&judge(&f)), ["table-stream"]);
    }

    #[test]
    fn throttles_warn_and_absent_metrics_say_no_data() {
        let mut f = healthy();
        f.table_metrics = Observed::Seen(table::TableMetrics {
            read_throttles: Some(3.0),
            write_throttles: None,
        });
        assert_eq!(ids(&judge(&f)), ["table-throttled"]);
        f.table_metrics = Observed::Seen(table::TableMetrics {
            read_throttles: None,
            write_throttles: None,
        });
        let d = judge(&f);
        assert_eq!(ids(&d), ["table-throttle-metrics-absent"]);
        assert!(d.findings[0].summary.contains("no data"));
        assert_eq!(d.verdict, Verdict::Healthy);
    }
}
