//! The archive part of `rampart events`: which store to read (a trail's bucket or
//! `--archive-dir`), the search with its progress line, and what the archive did not cover.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::anyhow;
use chrono::{DateTime, Utc};
use indicatif::{ProgressBar, ProgressDrawTarget};
use rampart_aws::archive::{self, ArchiveOutcome, ArchiveProgress, ArchiveQuery, Gap, LocalDir};
use rampart_aws::events::Event;

/// Searches that finish sooner than this show no progress line.
const DELAY: Duration = Duration::from_millis(300);

/// Files, bytes and events read so far, on standard error.
pub struct ArchiveMeter {
    bar: Option<ProgressBar>,
    started: Instant,
    shown: AtomicBool,
    files: AtomicU64,
    bytes: AtomicU64,
    events: AtomicU64,
}

impl ArchiveMeter {
    pub fn new(visible: bool) -> Self {
        Self {
            bar: visible.then(|| crate::progress::spinner("reading the archive")),
            started: Instant::now(),
            shown: AtomicBool::new(false),
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            events: AtomicU64::new(0),
        }
    }

    pub fn message(&self) -> String {
        format!(
            "{} files · {:.1} MB · {} events",
            self.files.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed) as f64 / 1e6,
            self.events.load(Ordering::Relaxed)
        )
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl ArchiveProgress for ArchiveMeter {
    fn file(&self, bytes: u64, matched: usize) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        self.events.fetch_add(matched as u64, Ordering::Relaxed);
        let Some(bar) = &self.bar else { return };
        if !self.shown.load(Ordering::Relaxed) && self.started.elapsed() >= DELAY {
            self.shown.store(true, Ordering::Relaxed);
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_message(self.message());
    }
}

/// Where the archive is read from.
pub enum ArchiveSource<'a> {
    Dir(&'a Path),
    Trail(&'a rampart_aws::Connection),
}

/// The folder given with `--archive-dir`: the one holding `AWSLogs/`, or `AWSLogs/` itself.
fn local_root(dir: &Path) -> anyhow::Result<LocalDir> {
    if !dir.is_dir() {
        return Err(anyhow!("--archive-dir {}: not a folder", dir.display()));
    }
    let root = if dir.file_name().is_some_and(|n| n == "AWSLogs") {
        dir.parent().unwrap_or(dir).to_path_buf()
    } else {
        dir.to_path_buf()
    };
    Ok(LocalDir { root })
}

/// Runs the search, passing batches of events (newest first) to `sink`. Returns the outcome and
/// where the archive was (`s3://bucket/prefix`, a folder), or `None` when Ctrl-C stopped it.
pub async fn search(
    source: ArchiveSource<'_>,
    query: &ArchiveQuery,
    meter: Arc<ArchiveMeter>,
    sink: impl FnMut(Vec<Event>),
) -> anyhow::Result<Option<(ArchiveOutcome, String)>> {
    let run = async {
        match source {
            ArchiveSource::Dir(dir) => {
                let store = Arc::new(local_root(dir)?);
                let place = store.root.display().to_string();
                let outcome = archive::scan(store, "", query, meter, sink)
                    .await
                    .map_err(|u| anyhow!("--archive-dir: {}", u.message))?;
                anyhow::Ok((outcome, place))
            }
            ArchiveSource::Trail(conn) => {
                let regions = query.regions.clone().unwrap_or_default();
                let found = archive::trail_archive(conn, &regions)
                    .await
                    .map_err(|u| anyhow!("cannot find the trail's archive: {}", u.describe()))?;
                let place = format!(
                    "s3://{}/{} (trail {})",
                    found.bucket, found.base, found.trail
                );
                let query = ArchiveQuery {
                    accounts: Some(vec![found.account.clone()]),
                    ..query.clone()
                };
                let outcome =
                    archive::scan(Arc::new(found.store), &found.base, &query, meter, sink)
                        .await
                        .map_err(|u| {
                            anyhow!("cannot read the archive {place}: {}", u.describe())
                        })?;
                anyhow::Ok((outcome, place))
            }
        }
    };
    tokio::select! {
        r = run => r.map(Some),
        _ = tokio::signal::ctrl_c() => Ok(None),
    }
}

/// One line per uncovered part of the window: "eu-west-1 (111122223333): before 2026-03-02".
pub fn gaps(gaps: &[Gap], end: DateTime<Utc>) -> Vec<String> {
    let day = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
    gaps.iter()
        .map(|g| match g.until {
            Some(u) if u < end => format!(
                "{} ({}) from {} to {}",
                g.region,
                g.account,
                day(g.from),
                day(u)
            ),
            _ => format!(
                "{} ({}) from {} to {} (no log files)",
                g.region,
                g.account,
                day(g.from),
                day(end)
            ),
        })
        .collect()
}

/// `files, bytes, requests, throughput` of an archive search.
pub fn summary(o: &ArchiveOutcome, started: Instant) -> String {
    let s = &o.stats;
    let secs = started.elapsed().as_secs_f64().max(1e-6);
    let bytes = s.bytes.load(Ordering::Relaxed) as f64;
    format!(
        "archive: {} events from {} files ({:.1} MB, {:.1} MB inflated, {} records) in {} folders: {} requests in {:.2}s, {:.1} MB/s",
        o.events,
        s.files.load(Ordering::Relaxed),
        bytes / 1e6,
        s.inflated.load(Ordering::Relaxed) as f64 / 1e6,
        s.records.load(Ordering::Relaxed),
        o.roots.len(),
        s.requests.load(Ordering::Relaxed),
        secs,
        bytes / 1e6 / secs
    )
}
