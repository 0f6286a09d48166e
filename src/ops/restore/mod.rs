//! `restore`: put a limiter table's data back from an on-demand backup or a
//! point in time, either into a new table (`--as NEW`, for `deploy --name NEW`
//! to adopt) or into the live table without taking the stack down
//! (`--in-place`: safety backup, side table, sync).
//!
//! Decisions live in `source` (what to restore from, the PITR window) and
//! `plan` (what the sync writes); `table` and `sync` act on AWS.

use serde::Serialize;

use crate::aws::Aws;
use crate::domain::naming::LimiterName;
use crate::error::{Error, ErrorKind, Result};
use crate::ops::backups::{self, create::Created};
use crate::report;

pub mod plan;
pub mod source;
pub mod sync;
pub mod table;
pub mod view;

use plan::Tally;
use source::{Source, Wanted};

/// Resolves what to restore from against AWS, changing nothing: the backup
/// (unknown: the error lists the choices) or the PITR window (off or outside: the error says so).
pub async fn resolve(aws: &Aws, table: &str, wanted: &Wanted) -> Result<Source> {
    match wanted {
        Wanted::Backup(w) => {
            let list = backups::list::backups(aws, table).await?;
            let b = source::pick_backup(table, w, &list)?;
            Ok(Source::Backup {
                arn: b.arn,
                name: b.name,
                created: b.created,
            })
        }
        Wanted::Time(t) => {
            let p = backups::list::pitr(aws, table).await?;
            let at = source::check_window(table, Some(*t), &p)?.unwrap_or(*t);
            Ok(Source::PointInTime {
                time: at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            })
        }
        Wanted::Latest => {
            let p = backups::list::pitr(aws, table).await?;
            source::check_window(table, None, &p)?;
            Ok(Source::Latest {
                latest_restorable: p.latest_restorable,
            })
        }
    }
}

/// What `restore --as` did.
#[derive(Debug, Clone, Serialize)]
pub struct RestoredAs {
    /// The limiter whose data was restored.
    pub from_table: String,
    /// What was restored.
    pub source: Source,
    /// The new limiter's name.
    pub name: String,
    /// The new table, `ZAEL-<NEW>`.
    pub table: String,
    /// Its items once `ACTIVE`, as DescribeTable counts them.
    pub items: i64,
    /// The command that adopts it as a full limiter.
    pub next_step: String,
}

/// `restore --as NEW`: restores into `ZAEL-NEW` (refused if it exists) and waits.
pub async fn restore_as(
    aws: &Aws,
    name: &LimiterName,
    wanted: &Wanted,
    new: &LimiterName,
) -> Result<RestoredAs> {
    let (from, target) = (name.table(), new.table());
    if table::describe(aws, &target).await?.is_some() {
        return Err(Error::failure(format!("table {target} already exists; restore --as never overwrites a table"))
            .hint(format!("choose another --as name, or use --in-place to put the data back into {from}; nothing was changed")));
    }
    let source = resolve(aws, &from, wanted).await?;
    report::note(format!(
        "restoring {} of {from} into {target}",
        source.describe()
    ));
    table::start(aws, &source, &from, &target).await?;
    let items = table::wait_active(aws, &target).await?;
    Ok(RestoredAs {
        from_table: from,
        source,
        name: new.as_str().to_string(),
        table: target,
        items,
        next_step: format!("zae-limiter deploy --name {}", new.as_str()),
    })
}

/// What `restore --in-place` did.
#[derive(Debug, Clone, Serialize)]
pub struct InPlace {
    /// The live table.
    pub table: String,
    /// What was restored.
    pub source: Source,
    /// The backup of the live table taken before anything changed.
    pub safety_backup_arn: String,
    /// Its name.
    pub safety_backup_name: String,
    /// The side table the source was restored into.
    pub side_table: String,
    /// Whether an existing side table (from an interrupted run) was used.
    pub side_table_reused: bool,
    /// Whether the side table was kept (`--keep-side-table`).
    pub side_table_kept: bool,
    /// What the sync found to do before the confirmation.
    pub planned: Tally,
    /// What the sync did.
    pub synced: Tally,
    /// Bucket items written with the marker and unmarked.
    pub markers_removed: u64,
    /// The sync's wall time, in seconds.
    pub sync_seconds: f64,
    /// Items written per second by the sync.
    pub items_per_second: f64,
}

/// How an in-place restore ended.
pub enum InPlaceEnd {
    /// Done.
    Done(Box<InPlace>),
    /// The operator declined; only the side table was made (and is removed unless kept).
    Declined {
        /// The side table.
        side_table: String,
        /// Whether it was kept.
        kept: bool,
    },
}

/// `restore --in-place`. `confirm` is asked with the plan once the side table
/// is ready and before anything in the live table changes.
pub async fn in_place(
    aws: &Aws,
    name: &LimiterName,
    wanted: &Wanted,
    keep_side_table: bool,
    confirm: impl FnOnce(&str, &Source, &Tally) -> bool + Send + 'static,
) -> Result<InPlaceEnd> {
    let live = name.table();
    if table::describe(aws, &live).await?.is_none() {
        return Err(Error::new(ErrorKind::NotDeployed, format!("table {live} not found; there is nothing to restore in place"))
            .hint("restore a backup into a new table with --as NEW, or check --name and --region; nothing was changed"));
    }
    let source = resolve(aws, &live, wanted).await?;
    let id = source.id();
    let side = source::side_table_name(&live, &id);
    let mut existing = table::describe(aws, &side).await?;
    if existing
        .as_ref()
        .is_some_and(|(status, _)| status == "DELETING")
    {
        // The previous run's side table is on its way out: let it go, then restore afresh.
        table::wait_gone(aws, &side).await?;
        existing = None;
    }
    let reused = existing.is_some();
    if reused {
        report::note(format!("using side table {side}, left by an earlier run of this restore (delete it to restore afresh)"));
    } else {
        report::note(format!(
            "restoring {} into side table {side}",
            source.describe()
        ));
        table::start(aws, &source, &live, &side).await?;
    }
    table::wait_active(aws, &side).await?;

    let job = sync::Job {
        live: live.clone(),
        side: side.clone(),
        id: format!("restore-{id}"),
        apply: false,
    };
    let planned = sync::run(aws, job.clone(), 0).await?.tally;
    // The answer is read on a blocking thread so that Ctrl-C at the prompt stops at once.
    let asked = {
        let (live, source) = (live.clone(), source.clone());
        tokio::task::spawn_blocking(move || confirm(&live, &source, &planned))
    };
    let answer = tokio::select! {
        a = asked => a.unwrap_or(false),
        _ = crate::interrupt::signal() => {
            return Err(Error::new(ErrorKind::Interrupted, format!("interrupted at the confirmation; nothing was changed in {live}"))
                .hint(format!("the side table {side} is kept; run the same restore again to use it, or delete it")));
        }
    };
    if !answer {
        if !keep_side_table {
            table::delete(aws, &side).await?;
        }
        return Ok(InPlaceEnd::Declined {
            side_table: side,
            kept: keep_side_table,
        });
    }

    let safety: Created = backups::create::create(
        aws,
        &live,
        backups::pre_restore_name(&live, chrono::Utc::now()),
        true,
        "the safety backup",
    )
    .await?;
    report::note(format!(
        "safety backup of {live}: {} ({})",
        safety.backup.name, safety.backup_arn
    ));

    let done = sync::run(aws, sync::Job { apply: true, ..job }, planned.writes())
        .await
        .map_err(|e| {
            let after = format!(
                "a rerun reuses the side table {side}, and the safety backup {} holds {live} as it was before",
                safety.backup_arn
            );
            let hint = match e.hint.as_deref() {
                // The sync's own hints already say to run the restore again.
                Some(h) => format!("{h}; {after}"),
                None => format!("the table is partly restored; run the same restore again to finish (it converges); {after}"),
            };
            e.hint(hint)
        })?;
    if !keep_side_table {
        table::delete(aws, &side).await?;
    }
    let writes = done.tally.writes() as f64;
    Ok(InPlaceEnd::Done(Box::new(InPlace {
        table: live,
        source,
        safety_backup_arn: safety.backup_arn,
        safety_backup_name: safety.backup.name,
        side_table: side,
        side_table_reused: reused,
        side_table_kept: keep_side_table,
        planned,
        synced: done.tally,
        markers_removed: done.markers_removed,
        sync_seconds: done.seconds,
        items_per_second: if done.seconds > 0.0 {
            writes / done.seconds
        } else {
            0.0
        },
    })))
}
