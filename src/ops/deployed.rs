//! What is deployed for one limiter, gathered concurrently: the stack and the
//! version record (whose read also tells whether the table exists).

use crate::aws::Aws;
use crate::domain::compat::Deployed;
use crate::domain::naming::LimiterName;
use crate::error::Result;
use crate::ops::record::{self, ReadRecord, VersionRecord};
use crate::ops::stack::{self as ops, StackInfo};

/// The facts the version commands decide on.
#[derive(Debug, Clone)]
pub struct Facts {
    /// The stack, if it exists.
    pub stack: Option<StackInfo>,
    /// The record read: `None` when the table does not exist.
    pub record: Option<ReadRecord>,
}

impl Facts {
    /// The record when one was read and understood.
    pub fn version_record(&self) -> Option<&VersionRecord> {
        match &self.record {
            Some(ReadRecord::Present(r)) => Some(r),
            _ => None,
        }
    }

    /// The facts as the verdict sees them.
    pub fn deployed(&self) -> Deployed {
        let rec = match &self.record {
            None => None,
            Some(ReadRecord::Unreadable(why)) => return Deployed::Unreadable(why.clone()),
            Some(ReadRecord::Absent) => Some(None),
            Some(ReadRecord::Present(r)) => {
                let mut v = r.versions();
                v.aggregator_disabled = self.stack.as_ref().is_some_and(|s| {
                    !crate::domain::stack::params::aggregator_enabled(&s.parameters)
                });
                Some(Some(v))
            }
        };
        match (&self.stack, rec) {
            (None, None) => Deployed::Nothing,
            (None, Some(r)) => Deployed::TableWithoutStack(r),
            (Some(_), None) => Deployed::StackWithoutTable,
            (Some(_), Some(r)) => Deployed::Stack(r),
        }
    }
}

/// Describes the stack and reads the record at the same time.
pub async fn gather(aws: &Aws, name: &LimiterName) -> Result<Facts> {
    let stack_name = name.stack();
    let table = name.table();
    let (stack, record) = tokio::join!(
        ops::describe(aws, &stack_name),
        record::read_if_table(aws, &table)
    );
    Ok(Facts {
        stack: stack?,
        record: record?,
    })
}
