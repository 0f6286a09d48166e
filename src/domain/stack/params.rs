//! Stack parameters: from deploy's options (and what is deployed) to the exact
//! parameter values CloudFormation gets. Pure.

use std::collections::BTreeMap;

use crate::domain::windows::Window;

/// `SnapshotWindows`.
pub const SNAPSHOT_WINDOWS: &str = "SnapshotWindows";
/// `SnapshotRetentionDays`.
pub const RETENTION_DAYS: &str = "SnapshotRetentionDays";
/// `EnableAggregator`.
pub const ENABLE_AGGREGATOR: &str = "EnableAggregator";
/// `PITRRecoveryPeriodDays`.
pub const PITR_DAYS: &str = "PITRRecoveryPeriodDays";
/// `LogRetentionDays`.
pub const LOG_RETENTION_DAYS: &str = "LogRetentionDays";
/// `LambdaTimeout`.
pub const LAMBDA_TIMEOUT: &str = "LambdaTimeout";
/// `LambdaMemorySize`.
pub const LAMBDA_MEMORY: &str = "LambdaMemorySize";
/// `EnableAlarms`.
pub const ENABLE_ALARMS: &str = "EnableAlarms";
/// `AlarmSNSTopicArn`.
pub const ALARM_TOPIC: &str = "AlarmSNSTopicArn";
/// `LambdaDurationThresholdPct`.
pub const DURATION_PCT: &str = "LambdaDurationThresholdPct";
/// `PermissionBoundaryArn`.
pub const BOUNDARY_ARN: &str = "PermissionBoundaryArn";
/// `PermissionBoundaryName`.
pub const BOUNDARY_NAME: &str = "PermissionBoundaryName";
/// `RoleName`.
pub const ROLE_NAME: &str = "RoleName";
/// `DeletionProtection`.
pub const DELETION_PROTECTION: &str = "DeletionProtection";
/// `EnableTracing`.
pub const ENABLE_TRACING: &str = "EnableTracing";
/// `AggregatorRoleArn` (empty: the stack creates the role).
pub const AGGREGATOR_ROLE_ARN: &str = "AggregatorRoleArn";

/// Every parameter the tool passes, in a stable order.
pub const ALL: [&str; 16] = [
    SNAPSHOT_WINDOWS,
    RETENTION_DAYS,
    ENABLE_AGGREGATOR,
    PITR_DAYS,
    LOG_RETENTION_DAYS,
    LAMBDA_TIMEOUT,
    LAMBDA_MEMORY,
    ENABLE_ALARMS,
    ALARM_TOPIC,
    DURATION_PCT,
    BOUNDARY_ARN,
    BOUNDARY_NAME,
    ROLE_NAME,
    DELETION_PROTECTION,
    ENABLE_TRACING,
    AGGREGATOR_ROLE_ARN,
];

/// CloudWatch Logs' allowed retention periods, in days.
pub const LOG_RETENTION_VALUES: [u32; 22] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/// Defaults, as the reference CLI's (operators' runbooks assume them).
pub fn defaults() -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        (SNAPSHOT_WINDOWS, "hourly,daily".to_string()),
        (RETENTION_DAYS, "90".to_string()),
        (ENABLE_AGGREGATOR, "true".to_string()),
        (PITR_DAYS, "35".to_string()),
        (LOG_RETENTION_DAYS, "30".to_string()),
        (LAMBDA_TIMEOUT, "60".to_string()),
        (LAMBDA_MEMORY, "256".to_string()),
        (ENABLE_ALARMS, "true".to_string()),
        (ALARM_TOPIC, String::new()),
        (DURATION_PCT, "80".to_string()),
        (BOUNDARY_ARN, String::new()),
        (BOUNDARY_NAME, String::new()),
        (ROLE_NAME, String::new()),
        (DELETION_PROTECTION, "true".to_string()),
        (ENABLE_TRACING, "false".to_string()),
        (AGGREGATOR_ROLE_ARN, String::new()),
    ])
}

/// What the operator asked for; `None` means "not given".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StackOptions {
    /// `--snapshot-windows`.
    pub snapshot_windows: Option<Vec<Window>>,
    /// `--retention-days`.
    pub retention_days: Option<u32>,
    /// `--enable-aggregator/--no-aggregator`.
    pub enable_aggregator: Option<bool>,
    /// `--pitr-recovery-days`.
    pub pitr_recovery_days: Option<u32>,
    /// `--log-retention-days`.
    pub log_retention_days: Option<u32>,
    /// `--lambda-timeout`.
    pub lambda_timeout: Option<u32>,
    /// `--lambda-memory`.
    pub lambda_memory: Option<u32>,
    /// `--enable-alarms/--no-alarms`.
    pub enable_alarms: Option<bool>,
    /// `--alarm-sns-topic` (empty clears it).
    pub alarm_sns_topic: Option<String>,
    /// `--lambda-duration-threshold-pct`.
    pub duration_threshold_pct: Option<u32>,
    /// `--permission-boundary`, a policy name or ARN (empty clears it).
    pub permission_boundary: Option<String>,
    /// The role name from `--role-name-format`, already formatted.
    pub role_name: Option<String>,
    /// `--deletion-protection/--no-deletion-protection`.
    pub deletion_protection: Option<bool>,
    /// `--enable-tracing/--no-tracing`.
    pub enable_tracing: Option<bool>,
    /// `--no-iam --aggregator-role-arn ARN` gives `Some(arn)`; `--iam` gives
    /// `Some("")` (the stack creates the role again).
    pub aggregator_role_arn: Option<String>,
}

/// The parameters to send. Options not given keep the deployed value when a
/// stack exists (`deployed`), otherwise take the default. Every parameter is
/// sent explicitly so the stack records exactly what was asked.
pub fn desired(
    opts: &StackOptions,
    deployed: Option<&BTreeMap<String, String>>,
) -> BTreeMap<String, String> {
    let defaults = defaults();
    let mut out = BTreeMap::new();
    for p in ALL {
        let kept = deployed.and_then(|d| d.get(p)).cloned();
        out.insert(p.to_string(), kept.unwrap_or_else(|| defaults[p].clone()));
    }
    let mut set = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            out.insert(k.to_string(), v);
        }
    };
    set(
        SNAPSHOT_WINDOWS,
        opts.snapshot_windows.as_ref().map(|w| windows_param(w)),
    );
    set(RETENTION_DAYS, opts.retention_days.map(|v| v.to_string()));
    set(
        ENABLE_AGGREGATOR,
        opts.enable_aggregator.map(|v| v.to_string()),
    );
    set(PITR_DAYS, opts.pitr_recovery_days.map(|v| v.to_string()));
    set(
        LOG_RETENTION_DAYS,
        opts.log_retention_days.map(|v| v.to_string()),
    );
    set(LAMBDA_TIMEOUT, opts.lambda_timeout.map(|v| v.to_string()));
    set(LAMBDA_MEMORY, opts.lambda_memory.map(|v| v.to_string()));
    set(ENABLE_ALARMS, opts.enable_alarms.map(|v| v.to_string()));
    set(ALARM_TOPIC, opts.alarm_sns_topic.clone());
    set(
        DURATION_PCT,
        opts.duration_threshold_pct.map(|v| v.to_string()),
    );
    if let Some(b) = &opts.permission_boundary {
        let (arn, name) = if b.starts_with("arn:") {
            (b.clone(), String::new())
        } else {
            (String::new(), b.clone())
        };
        set(BOUNDARY_ARN, Some(arn));
        set(BOUNDARY_NAME, Some(name));
    }
    set(ROLE_NAME, opts.role_name.clone());
    set(
        DELETION_PROTECTION,
        opts.deletion_protection.map(|v| v.to_string()),
    );
    set(ENABLE_TRACING, opts.enable_tracing.map(|v| v.to_string()));
    set(AGGREGATOR_ROLE_ARN, opts.aggregator_role_arn.clone());
    out
}

/// Whether these parameters turn X-Ray tracing on (off unless "true").
pub fn tracing_enabled(params: &BTreeMap<String, String>) -> bool {
    params.get(ENABLE_TRACING).is_some_and(|v| v == "true")
}

/// The role the aggregator uses when IAM is managed outside the stack
/// (`None`: the stack creates its own role).
pub fn given_role(params: &BTreeMap<String, String>) -> Option<&str> {
    params
        .get(AGGREGATOR_ROLE_ARN)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

/// Whether these parameters protect the table from deletion (on unless "false").
pub fn deletion_protected(params: &BTreeMap<String, String>) -> bool {
    params.get(DELETION_PROTECTION).is_none_or(|v| v != "false")
}

/// `hourly,daily` in canonical order, without duplicates.
pub fn windows_param(windows: &[Window]) -> String {
    let mut w = windows.to_vec();
    w.sort();
    w.dedup();
    w.iter().map(|w| w.as_str()).collect::<Vec<_>>().join(",")
}

/// One parameter that would change: name, deployed value, new value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ParamChange {
    /// Parameter name.
    pub name: String,
    /// Deployed value (`None` when the stack lacks the parameter).
    pub old: Option<String>,
    /// Value deploy would send.
    pub new: String,
}

/// The parameters whose value would change.
pub fn changes(
    deployed: &BTreeMap<String, String>,
    desired: &BTreeMap<String, String>,
) -> Vec<ParamChange> {
    desired
        .iter()
        .filter(|(k, v)| deployed.get(*k) != Some(v))
        .map(|(k, v)| ParamChange {
            name: k.clone(),
            old: deployed.get(k).cloned(),
            new: v.clone(),
        })
        .collect()
}

/// Whether these parameters enable the aggregator.
pub fn aggregator_enabled(params: &BTreeMap<String, String>) -> bool {
    params.get(ENABLE_AGGREGATOR).is_none_or(|v| v == "true")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_uses_defaults_for_everything_not_given() {
        let p = desired(&StackOptions::default(), None);
        assert_eq!(p.len(), ALL.len());
        assert_eq!(p[SNAPSHOT_WINDOWS], "hourly,daily");
        assert_eq!(p[LAMBDA_TIMEOUT], "60");
        assert_eq!(p[LAMBDA_MEMORY], "256");
        assert_eq!(p[DURATION_PCT], "80");
        assert_eq!(p[LOG_RETENTION_DAYS], "30");
        assert_eq!(p[RETENTION_DAYS], "90");
        assert_eq!(p[PITR_DAYS], "35");
    }

    #[test]
    fn update_keeps_deployed_values_not_given() {
        let mut deployed = desired(&StackOptions::default(), None);
        deployed.insert(LAMBDA_MEMORY.into(), "512".into());
        let opts = StackOptions {
            lambda_timeout: Some(120),
            ..Default::default()
        };
        let p = desired(&opts, Some(&deployed));
        assert_eq!(p[LAMBDA_MEMORY], "512");
        assert_eq!(p[LAMBDA_TIMEOUT], "120");
        let c = changes(&deployed, &p);
        assert_eq!(
            c,
            vec![ParamChange {
                name: LAMBDA_TIMEOUT.into(),
                old: Some("60".into()),
                new: "120".into()
            }]
        );
    }

    #[test]
    fn parameters_new_to_the_template_get_defaults() {
        let deployed = BTreeMap::from([(LAMBDA_MEMORY.to_string(), "512".to_string())]);
        let p = desired(&StackOptions::default(), Some(&deployed));
        assert_eq!(p[LAMBDA_MEMORY], "512");
        assert_eq!(p[LAMBDA_TIMEOUT], "60");
    }

    #[test]
    fn deletion_protection_is_on_unless_turned_off() {
        let p = desired(&StackOptions::default(), None);
        assert_eq!(p[DELETION_PROTECTION], "true");
        assert!(deletion_protected(&p));
        // A stack deployed before the parameter existed gets protection on its next update.
        let old = BTreeMap::from([(LAMBDA_MEMORY.to_string(), "512".to_string())]);
        assert!(deletion_protected(&old));
        let o = StackOptions {
            deletion_protection: Some(false),
            ..Default::default()
        };
        let p = desired(&o, Some(&old));
        assert_eq!(p[DELETION_PROTECTION], "false");
        assert!(!deletion_protected(&p));
    }

    #[test]
    fn tracing_and_iam_mode_keep_their_deployed_values() {
        let p = desired(&StackOptions::default(), None);
        assert!(!tracing_enabled(&p));
        assert_eq!(given_role(&p), None);
        let role = "arn:aws:iam::123456789012:role/central/zael";
        let o = StackOptions {
            enable_tracing: Some(true),
            aggregator_role_arn: Some(role.into()),
            ..Default::default()
        };
        let deployed = desired(&o, None);
        assert!(tracing_enabled(&deployed));
        assert_eq!(given_role(&deployed), Some(role));
        // A later deploy that says nothing keeps both.
        let again = desired(&StackOptions::default(), Some(&deployed));
        assert!(changes(&deployed, &again).is_empty());
        // `--iam` switches back to a stack-created role: a planned change.
        let back = StackOptions {
            aggregator_role_arn: Some(String::new()),
            ..Default::default()
        };
        let p = desired(&back, Some(&deployed));
        assert_eq!(given_role(&p), None);
        assert_eq!(changes(&deployed, &p)[0].name, AGGREGATOR_ROLE_ARN);
    }

    #[test]
    fn windows_are_canonical() {
        assert_eq!(
            windows_param(&[Window::Monthly, Window::Hourly, Window::Monthly]),
            "hourly,monthly"
        );
    }

    #[test]
    fn boundary_name_or_arn() {
        let o = StackOptions {
            permission_boundary: Some("arn:aws:iam::1:policy/b".into()),
            ..Default::default()
        };
        let p = desired(&o, None);
        assert_eq!(p[BOUNDARY_ARN], "arn:aws:iam::1:policy/b");
        assert_eq!(p[BOUNDARY_NAME], "");
        let o = StackOptions {
            permission_boundary: Some("b".into()),
            ..Default::default()
        };
        let p = desired(&o, None);
        assert_eq!(p[BOUNDARY_NAME], "b");
        assert_eq!(p[BOUNDARY_ARN], "");
    }
}
