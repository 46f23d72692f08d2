//! The one progress line of every long command: a spinner on standard error that appears
//! only once the work has taken a moment, and never where nobody watches it — not with `-q`,
//! not when standard error is not a terminal, and not when standard output carries
//! machine-readable text (JSON, CSV, …) into a pipe. Collection's line counts requests per
//! API for `--stats`; the event search and the archive reader draw their own message on the
//! same spinner.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rampart_aws::{Progress, RequestStats};

use crate::global::{Global, ReportFormat};

/// Whether a progress line may be drawn: for a person watching standard error, never with
/// `-q`, and never while machine-readable output goes down a pipe.
pub fn visible(global: &Global) -> bool {
    wanted(
        global.quiet,
        std::io::stderr().is_terminal(),
        global.formats.iter().any(|f| *f != ReportFormat::Table)
            && global.output.is_none()
            && !std::io::stdout().is_terminal(),
    )
}

fn wanted(quiet: bool, stderr_is_terminal: bool, machine_output_to_pipe: bool) -> bool {
    !quiet && stderr_is_terminal && !machine_output_to_pipe
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
pub struct CollectProgress {
    /// Set once the line is cleared: requests after it (an apply's) draw nothing.
    finished: AtomicBool,
    bar: Option<ProgressBar>,
    started: Instant,
    shown: AtomicBool,
    pub stats: RequestStats,
    requests: AtomicU64,
    in_flight: Mutex<Vec<String>>,
}

/// A spinner line `<verb> [elapsed] message`, drawn nowhere until it is given a target.
pub fn spinner(verb: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    let style =
        ProgressStyle::with_template(&format!("{{spinner}} {verb} [{{elapsed}}] {{wide_msg}}"))
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

impl CollectProgress {
    pub fn new(visible: bool) -> Self {
        // Hidden until collection has taken more than a moment; see `refresh`.
        let bar = visible.then(|| spinner("collecting"));
        Self {
            finished: AtomicBool::new(false),
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
        if self.finished.load(Ordering::Relaxed) {
            return;
        }
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

    /// Clears the line for good.
    pub fn finish(&self) {
        self.finished.store(true, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Progress for CollectProgress {
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
        let p = CollectProgress::new(false);
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

    #[test]
    fn progress_is_for_a_person_only() {
        assert!(wanted(false, true, false));
        assert!(!wanted(true, true, false), "-q");
        assert!(!wanted(false, false, false), "stderr is a log file");
        assert!(!wanted(false, true, true), "JSON into a pipe");
    }
}
