//! Collecting a snapshot from AWS: the async runtime (only for commands that need AWS), the
//! progress line on standard error, and `--stats`.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rampart_aws::{CollectOptions, ConnectOptions, Progress, RequestStats};
use rampart_model::Snapshot;

use crate::cli::{Format, Global};

/// A multi-threaded runtime for the commands that talk to AWS (the others never start one).
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// What the global `--profile`, `--region` and `--endpoint-url` say about connecting.
pub fn connect_options(global: &Global) -> ConnectOptions {
    ConnectOptions {
        profile: global.profile.clone(),
        region: global.region.clone(),
        endpoint_url: global.endpoint_url.clone(),
        attempt_timeout: global.request_timeout,
        ..ConnectOptions::default()
    }
}

/// What to collect for the checks `selection` keeps: an area whose checks are all left out
/// (`audit.ignore`, `--ignore`) is not read.
pub fn options_for(selection: &rampart_checks::Selection) -> CollectOptions {
    let left_out = |area: &[&str]| {
        area.iter().all(|id| {
            rampart_checks::registry()
                .iter()
                .find(|c| c.meta().id == *id)
                .is_none_or(|c| !selection.includes(c.meta()))
        })
    };
    CollectOptions {
        skip_billing: left_out(rampart_model::check_ids::BILLING),
        skip_alerting: left_out(rampart_model::check_ids::ALERTS),
        ..CollectOptions::default()
    }
}

/// The ids of the checks `selection` leaves out.
pub fn left_out(selection: &rampart_checks::Selection) -> std::collections::BTreeSet<String> {
    rampart_checks::registry()
        .iter()
        .filter(|c| !selection.includes(c.meta()))
        .map(|c| c.meta().id.to_owned())
        .collect()
}

/// Connects with the global options and collects a snapshot.
pub fn collect(global: &Global, opts: &CollectOptions) -> anyhow::Result<Snapshot> {
    let opts = opts.clone();
    collecting(
        global,
        "cannot collect a snapshot of the account",
        |conn, progress| {
            Box::pin(async move { rampart_aws::collect(&conn, &opts, progress).await })
        },
    )
}

/// Connects with the global options and collects every selected account of the caller's
/// organization.
pub fn collect_org(
    global: &Global,
    org: &crate::org_args::OrgArgs,
    collect: &CollectOptions,
) -> anyhow::Result<rampart_model::OrgSnapshot> {
    let opts = rampart_aws::OrgOptions {
        collect: collect.clone(),
        ..org.options()
    };
    collecting(
        global,
        "cannot collect the organization",
        |conn, progress| {
            Box::pin(async move { rampart_aws::collect_org(&conn, &opts, progress).await })
        },
    )
}

/// Runs `work` on a new runtime with a connection made from the global options, behind the
/// progress line, then prints `--stats`; a failure gets `context`.
fn collecting<T, E>(
    global: &Global,
    context: &'static str,
    work: impl for<'p> FnOnce(
        rampart_aws::Connection,
        &'p CliProgress,
    )
        -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, E>> + 'p>>,
) -> anyhow::Result<T>
where
    E: std::error::Error + Send + Sync + 'static,
{
    let runtime = runtime()?;
    let opts = connect_options(global);
    let progress = CliProgress::new(show_progress(global));
    let started = Instant::now();
    let result = runtime.block_on(async {
        let conn = rampart_aws::connect(&opts).await;
        work(conn, &progress).await
    });
    progress.finish();
    if global.stats {
        eprint!("{}", stats_text(&progress.stats, started.elapsed()));
    }
    result.context(context)
}

/// Progress only for a person watching standard error, never with `-q`, and never when JSON
/// goes down a pipe.
fn show_progress(global: &Global) -> bool {
    let json_to_pipe = global.format == Format::Json && !std::io::stdout().is_terminal();
    !global.quiet && !json_to_pipe && std::io::stderr().is_terminal()
}

/// The `--stats` text: total requests and wall time, then requests per API.
pub fn stats_text(stats: &RequestStats, elapsed: Duration) -> String {
    let per_api = stats.snapshot();
    let total: u64 = per_api.values().sum();
    let mut out = format!("requests: {total} in {:.2}s\n", elapsed.as_secs_f64());
    let width = per_api.keys().map(String::len).max().unwrap_or(0);
    for (api, n) in per_api {
        out.push_str(&format!("  {api:<width$}  {n}\n"));
    }
    out
}

/// Collection that finishes sooner than this shows no progress line at all.
const PROGRESS_DELAY: Duration = Duration::from_millis(300);

/// Shows which facts are being read and how many requests went out; counts requests per API.
struct CliProgress {
    bar: Option<ProgressBar>,
    started: Instant,
    shown: AtomicBool,
    stats: RequestStats,
    requests: AtomicU64,
    in_flight: Mutex<Vec<String>>,
}

/// A spinner line `<verb> [elapsed] message`, drawn nowhere until it is given a target.
pub fn hidden_spinner(verb: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    let style =
        ProgressStyle::with_template(&format!("{{spinner}} {verb} [{{elapsed}}] {{wide_msg}}"))
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

impl CliProgress {
    fn new(visible: bool) -> Self {
        // Hidden until collection has taken more than a moment; see `refresh`.
        let bar = visible.then(|| hidden_spinner("collecting"));
        Self {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
            stats: RequestStats::default(),
            requests: AtomicU64::new(0),
            in_flight: Mutex::new(Vec::new()),
        }
    }

    fn refresh(&self) {
        let Some(bar) = &self.bar else { return };
        if !self.shown.load(Ordering::Relaxed) && self.started.elapsed() >= PROGRESS_DELAY {
            self.shown.store(true, Ordering::Relaxed);
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        let facts = self
            .in_flight
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .join(", ");
        let n = self.requests.load(Ordering::Relaxed);
        let sep = if facts.is_empty() { "" } else { " · " };
        bar.set_message(format!("{n} requests{sep}{facts}"));
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Progress for CliProgress {
    fn fact_started(&self, fact: &str) {
        self.in_flight
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(fact.to_owned());
        self.refresh();
    }

    fn fact_finished(&self, fact: &str) {
        let mut facts = self
            .in_flight
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(i) = facts.iter().position(|f| f == fact) {
            facts.remove(i);
        }
        drop(facts);
        self.refresh();
    }

    fn request(&self, api: &str) {
        self.stats.record(api);
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.refresh();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_requests_and_tracks_facts() {
        let p = CliProgress::new(false);
        p.fact_started("credential report");
        p.fact_started("trails");
        p.request("iam:GenerateCredentialReport");
        p.request("iam:GetCredentialReport");
        p.request("iam:GetCredentialReport");
        p.fact_finished("credential report");
        assert_eq!(*p.in_flight.lock().expect("lock"), ["trails"]);
        let text = stats_text(&p.stats, Duration::from_millis(1500));
        assert!(text.starts_with("requests: 3 in 1.50s\n"), "{text}");
        assert!(
            text.contains("  iam:GetCredentialReport       2\n"),
            "{text}"
        );
    }
}
