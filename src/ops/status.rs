//! The status operation: the stack's status and what it means, its resources,
//! and the health of each part, gathered concurrently; or, without a stack, the
//! table no stack manages and what adopting it takes.

use std::fmt;

use serde::Serialize;

use crate::aws::Aws;
use crate::domain::naming::LimiterName;
use crate::domain::status as domain_status;
use crate::error::{exit, Error, ErrorKind, Result};
use crate::ops::function_versions::{self, LiveView};
use crate::ops::health::{self, FunctionHealth, MappingHealth, TableHealth};
use crate::ops::record::{self, ReadRecord, VersionRecord};
use crate::ops::stack as ops;
use crate::{ops::adopt, ops::aggregator, report};

/// What `status` found: a stack, or a table without one.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Status {
    /// The stack exists.
    Stack(Box<StatusReport>),
    /// No stack, but its table exists.
    LoneTable(Box<LoneTableReport>),
}

impl Status {
    /// The exit code: 1 for a failed stack, 6 for a table without a stack, else 0.
    pub fn exit_code(&self) -> i32 {
        match self {
            Status::Stack(r) if ops::is_failed(&r.stack_status) => exit::FAILURE,
            Status::Stack(_) => exit::OK,
            Status::LoneTable(_) => exit::TABLE_WITHOUT_STACK,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Stack(r) => r.fmt(f),
            Status::LoneTable(r) => r.fmt(f),
        }
    }
}

/// One stack resource.
#[derive(Debug, Serialize)]
pub struct Resource {
    /// Logical id in the template.
    pub logical_id: String,
    /// Resource type.
    pub resource_type: String,
    /// Resource status.
    pub status: String,
    /// Physical id.
    pub physical_id: Option<String>,
}

/// The status document.
#[derive(Debug, Serialize)]
pub struct StatusReport {
    /// Limiter name.
    pub name: String,
    /// Stack name.
    pub stack: String,
    /// Stack status as CloudFormation names it.
    pub stack_status: String,
    /// What the status means.
    pub meaning: String,
    /// Stack tags (the operator's and zae-limiter's own).
    pub tags: std::collections::BTreeMap<String, String>,
    /// Whether everything looks healthy.
    pub healthy: bool,
    /// Problems found, most important first.
    pub problems: Vec<String>,
    /// Stack resources.
    pub resources: Vec<Resource>,
    /// Table health (`None` when the table is missing).
    pub table: Option<TableHealth>,
    /// Function health (`None` without a function).
    pub function: Option<FunctionHealth>,
    /// Stream mapping health.
    pub mapping: Option<MappingHealth>,
    /// Version record.
    pub version_record: Option<VersionRecord>,
    /// Visible messages in the dead-letter queue (`None`: no queue or unreadable).
    pub dlq_messages: Option<i64>,
    /// The stack's CloudWatch alarms, ALARM first.
    pub alarms: Vec<health::AlarmState>,
    /// Where the alias `live` points and what it could roll back to (`None` without a function).
    pub live: Option<LiveView>,
    /// Parts that could not be read (shown as problems; their fields above are null).
    pub unreadable: Vec<Unreadable>,
}

/// A part of the stack that could not be read, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Unreadable {
    /// `table`, `function`, `mapping`, `dlq`, `alarms`, `live`, `version record` or `resources`.
    pub part: &'static str,
    /// The error, in the operator's words.
    pub error: String,
}

/// Splits a part read into its value, noting an unreadable one.
fn part<T>(
    name: &'static str,
    read: health::Part<T>,
    unreadable: &mut Vec<Unreadable>,
) -> Option<T> {
    match read {
        Ok(v) => v,
        Err(error) => {
            unreadable.push(Unreadable { part: name, error });
            None
        }
    }
}

impl StatusReport {
    /// The aggregator function's name (`ZAEL-<name>-aggregator`).
    fn name_function(&self) -> String {
        format!("{}-aggregator", self.stack)
    }

    /// How a part without a value is shown: unreadable (its reason is among the
    /// problems) or missing.
    fn absent(&self, part: &str) -> &'static str {
        if self.unreadable.iter().any(|u| u.part == part) {
            "UNREADABLE"
        } else {
            "MISSING"
        }
    }
}

impl fmt::Display for StatusReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let colour = report::colour_on_stdout();
        let (word, c) = if self.healthy {
            ("healthy", report::Colour::Green)
        } else {
            ("needs attention", report::Colour::Red)
        };
        writeln!(
            f,
            "{}: {} — {}",
            self.stack, self.stack_status, self.meaning
        )?;
        writeln!(f, "overall: {}", report::paint(word, c, colour))?;
        for p in &self.problems {
            writeln!(f, "  ! {p}")?;
        }
        let own = crate::domain::stack::tags::user_tags(&self.tags);
        if !own.is_empty() {
            let list: Vec<String> = own.iter().map(|(k, v)| format!("{k}={v}")).collect();
            writeln!(f, "tags: {}", list.join(", "))?;
        }
        let mut t = report::table(&["part", "state", "details"]);
        match &self.table {
            Some(h) => t.add_row(vec![
                "table".to_string(),
                h.status.clone(),
                format!(
                    "{} items, {} bytes; stream {}; PITR {}{}; deletion protection {}",
                    h.item_count,
                    h.size_bytes,
                    h.stream_view_type
                        .as_deref()
                        .filter(|_| h.stream_enabled)
                        .unwrap_or("off"),
                    if h.pitr_enabled { "on" } else { "off" },
                    h.pitr_recovery_days
                        .map(|d| format!(" ({d} days)"))
                        .unwrap_or_default(),
                    if h.deletion_protection { "on" } else { "off" }
                ),
            ]),
            None => t.add_row(vec!["table", self.absent("table"), ""]),
        };
        if let Some(fh) = &self.function {
            t.add_row(vec![
                "function".to_string(),
                format!("{} / {}", fh.state, fh.last_update_status),
                format!(
                    "{} {} MB {} s, tracing {}, updated {}, code {}{}",
                    fh.runtime,
                    fh.memory_mb,
                    fh.timeout_seconds,
                    fh.tracing_mode,
                    fh.last_modified,
                    fh.code_sha256,
                    if fh.code_matches_tool {
                        " (this tool's)"
                    } else {
                        " (not this tool's)"
                    }
                ),
            ]);
        }
        if let Some(l) = &self.live {
            t.add_row(vec![
                "live alias".to_string(),
                l.live_state(),
                l.to_string(),
            ]);
        }
        if let Some(m) = &self.mapping {
            t.add_row(vec![
                "stream mapping".to_string(),
                m.state.clone(),
                format!(
                    "batch {}, last result {}",
                    m.batch_size.map_or("-".into(), |b| b.to_string()),
                    m.last_result.as_deref().unwrap_or("-")
                ),
            ]);
        }
        match &self.version_record {
            Some(r) => t.add_row(vec![
                "version record".to_string(),
                format!("schema {}", r.schema_version),
                format!(
                    "lambda {}, min client {}, updated {} by {}",
                    r.lambda_version.as_deref().unwrap_or("unknown"),
                    r.client_min_version.as_deref().unwrap_or("0.0.0"),
                    r.updated_at.as_deref().unwrap_or("?"),
                    r.updated_by.as_deref().unwrap_or("?")
                ),
            ]),
            None => t.add_row(vec!["version record", self.absent("version record"), ""]),
        };
        if let Some(n) = self.dlq_messages {
            t.add_row(vec![
                "dead-letter queue".to_string(),
                if n == 0 {
                    "empty".to_string()
                } else {
                    format!("{n} messages")
                },
                String::new(),
            ]);
        }
        for a in &self.alarms {
            t.add_row(vec![
                format!("alarm {}", a.name),
                a.state.clone(),
                a.reason.clone().unwrap_or_default(),
            ]);
        }
        writeln!(f, "{t}")?;
        let mut r = report::table(&["resource", "type", "status"]);
        for res in &self.resources {
            r.add_row(vec![&res.logical_id, &res.resource_type, &res.status]);
        }
        writeln!(f, "{r}")
    }
}

/// Problems, most important first, from the gathered report (whose own
/// `problems` is ignored) and the record as read: the report's parts become the
/// domain's facts (`domain::status`), which decides. Pure.
pub fn problems(
    r: &StatusReport,
    expect_function: bool,
    record: &Option<ReadRecord>,
) -> Vec<String> {
    domain_status::problems(&domain_status::Seen {
        stack_status: r.stack_status.clone(),
        function_name: r.name_function(),
        expect_function,
        unreadable: r
            .unreadable
            .iter()
            .map(|u| (u.part.to_string(), u.error.clone()))
            .collect(),
        table: r.table.as_ref().map(|t| domain_status::TableSeen {
            stream_enabled: t.stream_enabled,
        }),
        function: r.function.as_ref().map(|f| domain_status::FunctionSeen {
            state: f.state.clone(),
            last_update_status: f.last_update_status.clone(),
            code_matches_tool: f.code_matches_tool,
        }),
        mapping: r.mapping.as_ref().map(|m| domain_status::MappingSeen {
            state: m.state.clone(),
            last_result: m.last_result.clone(),
        }),
        live: r.live.as_ref().map(|l| l.live.clone()),
        alarms: r
            .alarms
            .iter()
            .map(|a| (a.name.clone(), a.state.clone()))
            .collect(),
        dlq_messages: r.dlq_messages,
        record: record.clone(),
    })
}

/// The status document of a table that no stack manages.
#[derive(Debug, Serialize)]
pub struct LoneTableReport {
    /// Limiter name.
    pub name: String,
    /// Stack name (it does not exist).
    pub stack: String,
    /// Always `NONE`.
    pub stack_status: &'static str,
    /// What that means.
    pub meaning: String,
    /// The table as it is.
    pub table: LoneTable,
    /// The version record, if the table holds one that can be read.
    pub version_record: Option<VersionRecord>,
    /// What to do next.
    pub next_step: String,
}

/// The parts of a lone table that matter for adopting it.
#[derive(Debug, Serialize)]
pub struct LoneTable {
    /// Table name.
    pub name: String,
    /// Table status.
    pub status: String,
    /// DynamoDB's approximate item count.
    pub item_count: i64,
    /// DynamoDB's approximate size.
    pub size_bytes: i64,
    /// Stream view type (`None`: no stream).
    pub stream_view_type: Option<String>,
    /// TTL attribute (`None`: TTL off).
    pub ttl_attribute: Option<String>,
    /// Point-in-time recovery on.
    pub pitr_enabled: bool,
    /// Deletion protection on.
    pub deletion_protection: bool,
    /// Why it could not be adopted as it is (empty: it can).
    pub not_a_limiter_table: Vec<String>,
}

impl fmt::Display for LoneTableReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = &self.table;
        let on = |b: bool| if b { "on" } else { "off" };
        writeln!(f, "{}: no stack — {}", self.stack, self.meaning)?;
        writeln!(
            f,
            "  table {}: {}, {} items, {}",
            t.name,
            t.status,
            t.item_count,
            report::human_bytes(t.size_bytes)
        )?;
        writeln!(
            f,
            "  stream: {}   TTL: {}   PITR: {}   deletion protection: {}",
            t.stream_view_type.as_deref().unwrap_or("off"),
            t.ttl_attribute.as_deref().unwrap_or("off"),
            on(t.pitr_enabled),
            on(t.deletion_protection)
        )?;
        match &self.version_record {
            Some(r) => writeln!(
                f,
                "  version record: schema {}, lambda {}",
                r.schema_version,
                r.lambda_version.as_deref().unwrap_or("-")
            )?,
            None => writeln!(f, "  version record: none")?,
        }
        for p in &t.not_a_limiter_table {
            writeln!(f, "  problem: {p}")?;
        }
        writeln!(f, "next: {}", self.next_step)
    }
}

/// `status` of a limiter without a stack: the table, if there is one, with what
/// adopting it takes (exit 6); `NotDeployed` (exit 5) when there is nothing at all.
async fn lone_table(aws: &Aws, name: &LimiterName) -> Result<LoneTableReport> {
    let stack = name.stack();
    let table = name.table();
    let (facts, rec) = tokio::join!(
        adopt::read_table(aws, &table),
        record::read_if_table(aws, &table)
    );
    let Some(facts) = facts? else {
        return Err(Error::new(
            ErrorKind::NotDeployed,
            format!("stack {stack} not found, and no table {}", name.table()),
        )
        .hint(format!("deploy it with: zae-limiter deploy --name {name}")));
    };
    let mut problems = crate::domain::table_shape::differences(&facts);
    problems.extend(crate::domain::table_shape::conflicts(&facts));
    let next_step = if problems.is_empty() {
        format!("zae-limiter deploy --name {name} adopts this table into a new stack, keeping every item (it enables what is off first)")
    } else {
        "this table cannot be adopted as it is; deploy under another --name, or fix what is listed"
            .to_string()
    };
    let report = LoneTableReport {
        name: name.to_string(),
        stack,
        stack_status: "NONE",
        meaning: "no stack manages the table (retained by a deleted stack, restored, or left by a failed create)".into(),
        table: LoneTable {
            name: facts.name,
            status: facts.status,
            item_count: facts.items,
            size_bytes: facts.size_bytes,
            stream_view_type: facts.stream_view,
            ttl_attribute: facts.ttl_attribute,
            pitr_enabled: facts.pitr,
            deletion_protection: facts.deletion_protection,
            not_a_limiter_table: problems,
        },
        version_record: match rec.ok().flatten() {
            Some(ReadRecord::Present(r)) => Some(r),
            _ => None,
        },
        next_step,
    };
    Ok(report)
}

/// Reads the status of limiter `name`: the stack first, then every part at once;
/// without a stack, the table no stack manages (if any).
pub async fn status(aws: &Aws, name: &LimiterName) -> Result<Status> {
    let stack = name.stack();
    let tool_sha = aggregator::code_sha256(&aggregator::package());
    let cfn = aws.cfn();
    let table_name = name.table();
    let function_name = name.function();
    // The stack first: its outputs name the stream and the queue, which
    // saves a lookup each; everything else is then read at once.
    let Some(info) = ops::describe(aws, &stack).await? else {
        return Ok(Status::LoneTable(Box::new(lone_table(aws, name).await?)));
    };
    let stream_arn = info.outputs.get("StreamArn").map(String::as_str);
    let dlq_url = info.outputs.get("DLQUrl").map(String::as_str);
    let (resources, table, function, mapping, rec, dlq, alarms, versions) = tokio::join!(
        cfn.describe_stack_resources().stack_name(&stack).send(),
        health::table(aws, name),
        health::function(aws, name, &tool_sha),
        health::mapping(aws, name, stream_arn),
        record::read_if_table(aws, &table_name),
        health::dlq_messages(aws, name, dlq_url),
        health::alarms(aws, name),
        function_versions::read(aws, &function_name),
    );
    let mut unreadable = Vec::new();
    let rec = match rec {
        Ok(r) => r,
        Err(e) => {
            unreadable.push(Unreadable {
                part: "version record",
                error: e.message,
            });
            None
        }
    };
    let resources: Vec<Resource> = match resources {
        Ok(r) => r
            .stack_resources()
            .iter()
            // Resources the endpoint does not model come back without a logical id.
            .filter(|r| r.logical_resource_id().is_some_and(|l| !l.is_empty()))
            .map(|r| Resource {
                logical_id: r.logical_resource_id().unwrap_or_default().to_string(),
                resource_type: r.resource_type().unwrap_or_default().to_string(),
                status: r
                    .resource_status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                physical_id: r.physical_resource_id().map(str::to_string),
            })
            .collect(),
        Err(e) => {
            unreadable.push(Unreadable {
                part: "resources",
                error: aws.error("DescribeStackResources", e).message,
            });
            vec![]
        }
    };
    let table = part("table", table, &mut unreadable);
    let function = part("function", function, &mut unreadable);
    let mapping = part("mapping", mapping, &mut unreadable);
    let dlq = part("dlq", dlq, &mut unreadable);
    let alarms = part("alarms", alarms.map(Some), &mut unreadable).unwrap_or_default();
    let live = match versions {
        Ok(v) => Some(v.view()),
        Err(e) if e.kind == crate::error::ErrorKind::NotDeployed => None,
        Err(e) => {
            unreadable.push(Unreadable {
                part: "live",
                error: e.message,
            });
            None
        }
    };
    let expect_function = crate::domain::stack::params::aggregator_enabled(&info.parameters);
    let mut report = StatusReport {
        name: name.to_string(),
        stack,
        meaning: ops::meaning(&info.status).to_string(),
        tags: info.tags.clone(),
        stack_status: info.status,
        healthy: false,
        problems: vec![],
        resources,
        table,
        function,
        mapping,
        dlq_messages: dlq,
        alarms,
        live,
        unreadable,
        version_record: match &rec {
            Some(ReadRecord::Present(r)) => Some(r.clone()),
            _ => None,
        },
    };
    report.problems = problems(&report, expect_function, &rec);
    report.healthy = report.problems.is_empty();
    Ok(Status::Stack(Box::new(report)))
}
