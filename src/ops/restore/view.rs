//! The text of restore's results and its confirmation question.

use std::fmt;

use super::plan::Tally;
use super::source::Source;
use super::{InPlace, RestoredAs};
use crate::report;

/// The confirmation question, with the counts. Pure.
pub fn question(table: &str, source: &Source, plan: &Tally) -> String {
    format!(
        "Restore {table} in place to {}: overwrite {} items, add {}, DELETE {} ({} already match; the version record is kept). A safety backup is taken first. Proceed?",
        source.describe(),
        plan.overwritten,
        plan.inserted,
        plan.deleted,
        plan.unchanged
    )
}

impl fmt::Display for RestoredAs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "restored {} of {} into {} ({} items)",
            self.source.describe(),
            self.from_table,
            self.table,
            self.items
        )?;
        writeln!(
            f,
            "the table has no stream, TTL or point-in-time recovery yet, and no stack"
        )?;
        writeln!(
            f,
            "next: {}   (adopts it as a full limiter)",
            self.next_step
        )
    }
}

impl fmt::Display for InPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.synced;
        writeln!(
            f,
            "restored {} in place to {}",
            self.table,
            self.source.describe()
        )?;
        writeln!(
            f,
            "  items:         {} overwritten, {} added, {} deleted, {} unchanged (version record kept)",
            s.overwritten, s.inserted, s.deleted, s.unchanged
        )?;
        writeln!(
            f,
            "  sync:          {} ({:.0} items/s)",
            report::human_secs(self.sync_seconds),
            self.items_per_second
        )?;
        writeln!(
            f,
            "  safety backup: {} ({})",
            self.safety_backup_name, self.safety_backup_arn
        )?;
        if self.side_table_kept {
            writeln!(f, "  side table:    {} kept", self.side_table)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_question_states_the_counts() {
        let plan = Tally {
            inserted: 2,
            overwritten: 3,
            deleted: 4,
            unchanged: 5,
        };
        let q = question(
            "ZAEL-p",
            &Source::Latest {
                latest_restorable: None,
            },
            &plan,
        );
        assert!(
            q.contains("overwrite 3 items, add 2, DELETE 4 (5 already match"),
            "{q}"
        );
    }
}
