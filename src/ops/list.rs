//! The list operation: every limiter stack in the region with its status, versions and
//! verdict, gathered concurrently with a bound.

use std::fmt;

use serde::Serialize;

use crate::aws::Aws;
use crate::domain::compat::{self, Deployed};
use crate::domain::naming::LimiterName;
use crate::error::Result;
use crate::ops::record::{self, ReadRecord};
use crate::{ops::fleet, report};

/// One row of `list`.
#[derive(Debug, Serialize)]
pub struct Row {
    /// Limiter name.
    pub name: String,
    /// Stack name.
    pub stack: String,
    /// Stack status.
    pub stack_status: String,
    /// Schema version in the record.
    pub schema_version: Option<String>,
    /// Lambda version in the record.
    pub lambda_version: Option<String>,
    /// Verdict code (as `check`), or `error`.
    pub verdict: String,
    /// Details: the verdict in words, or the error.
    pub detail: String,
}

/// The `list` result (JSON: an array of rows).
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct Listing(pub Vec<Row>);

impl fmt::Display for Listing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return writeln!(f, "no limiter stacks (ZAEL-*) in this region");
        }
        let mut t = report::table(&["name", "stack status", "schema", "lambda", "verdict"]);
        for r in &self.0 {
            t.add_row(vec![
                r.name.clone(),
                r.stack_status.clone(),
                r.schema_version.clone().unwrap_or_else(|| "-".into()),
                r.lambda_version.clone().unwrap_or_else(|| "-".into()),
                r.verdict.clone(),
            ]);
        }
        writeln!(f, "{t}")
    }
}

/// Lists every limiter stack of the region (and every table left without one),
/// reading each stack's record concurrently, at most `concurrency` at once; with
/// `tag_filters`, only the stacks whose tags match (and no lone tables).
pub async fn list(
    aws: &Aws,
    tag_filters: Vec<(String, String)>,
    concurrency: usize,
) -> Result<Listing> {
    let aws = aws.clone();
    let found = fleet::discover(&aws).await?;
    let lone = if tag_filters.is_empty() {
        fleet::lone_tables(&aws, &found).await?
    } else {
        vec![]
    };
    let filters = std::sync::Arc::new(tag_filters);
    let tool = compat::tool_version();
    let lone_tool = tool.clone();
    let rows = fleet::bounded(found, concurrency, move |s| {
        let aws = aws.clone();
        let tool = tool.clone();
        let filters = filters.clone();
        async move {
            // Tags are not in ListStacks' summaries: one DescribeStacks each.
            let tag_error = if filters.is_empty() {
                None
            } else {
                match crate::ops::stack::describe(&aws, &s.stack).await {
                    Ok(Some(info)) if crate::domain::stack::tags::matches(&info.tags, &filters) => {
                        None
                    }
                    Ok(_) => return None,
                    Err(e) => Some(e.message),
                }
            };
            let name = s
                .stack
                .trim_start_matches(crate::domain::naming::PREFIX)
                .to_string();
            let mut row = Row {
                name: name.clone(),
                stack: s.stack.clone(),
                stack_status: s.status.clone(),
                schema_version: None,
                lambda_version: None,
                verdict: String::new(),
                detail: String::new(),
            };
            if let Some(e) = tag_error {
                row.verdict = "error".into();
                row.detail = e;
                return Some(row);
            }
            if s.status.starts_with("DELETE_") {
                row.verdict = "being_deleted".into();
                row.detail = "the stack is being deleted".into();
                return Some(row);
            }
            let table = LimiterName::parse(&name)
                .map(|n| n.table())
                .unwrap_or(s.stack.clone());
            let deployed = match record::read_if_table(&aws, &table).await {
                Err(e) => {
                    row.verdict = "error".into();
                    row.detail = e.message;
                    return Some(row);
                }
                Ok(None) => Deployed::StackWithoutTable,
                Ok(Some(ReadRecord::Absent)) => Deployed::Stack(None),
                Ok(Some(ReadRecord::Unreadable(w))) => Deployed::Unreadable(w),
                Ok(Some(ReadRecord::Present(r))) => {
                    row.schema_version = Some(r.schema_version.clone());
                    row.lambda_version = r.lambda_version.clone();
                    let mut v = r.versions();
                    // A NULL Lambda version is by design when the aggregator is
                    // off; only then is the stack's parameter worth a request.
                    if v.lambda_version.is_none() {
                        if let Ok(Some(info)) = crate::ops::stack::describe(&aws, &s.stack).await {
                            v.aggregator_disabled =
                                !crate::domain::stack::params::aggregator_enabled(&info.parameters);
                        }
                    }
                    Deployed::Stack(Some(v))
                }
            };
            let v = compat::verdict(&tool, &compat::tool_schema(), &deployed);
            row.verdict = v.code().into();
            row.detail = v.summary(&tool);
            Some(row)
        }
    })
    .await;
    let mut rows: Vec<Row> = rows.into_iter().flatten().collect();
    rows.extend(lone.into_iter().map(|table| {
        let v = compat::verdict(
            &lone_tool,
            &compat::tool_schema(),
            &Deployed::TableWithoutStack(None),
        );
        let name = table
            .trim_start_matches(crate::domain::naming::PREFIX)
            .to_string();
        Row {
            detail: format!("{}; next: {}", v.summary(&lone_tool), v.next_step(&name)),
            name,
            stack: table,
            stack_status: "NONE".into(),
            schema_version: None,
            lambda_version: None,
            verdict: v.code().into(),
        }
    }));
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Listing(rows))
}
