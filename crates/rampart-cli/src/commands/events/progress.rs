//! The search's progress line on standard error (events found, pages read, Regions done), and
//! the events found so far, kept for an interrupted search.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget};
use rampart_aws::events::{Event, SearchProgress};

/// Searches that finish sooner than this show no progress line.
const DELAY: Duration = Duration::from_millis(300);

pub struct EventsProgress {
    bar: Option<ProgressBar>,
    started: Instant,
    shown: AtomicBool,
    regions: usize,
    done: AtomicU64,
    pages: AtomicU64,
    found: Mutex<Vec<Event>>,
}

impl EventsProgress {
    pub fn new(visible: bool, regions: usize) -> Self {
        let bar = visible.then(|| crate::progress::spinner("searching"));
        Self {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
            regions,
            done: AtomicU64::new(0),
            pages: AtomicU64::new(0),
            found: Mutex::new(Vec::new()),
        }
    }

    /// The line's text.
    pub fn message(&self) -> String {
        let found = self
            .found
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .len();
        let pages = self.pages.load(Ordering::Relaxed);
        let done = self.done.load(Ordering::Relaxed);
        let plural = |n: u64, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        format!(
            "{} · {} · {done}/{} Regions done",
            plural(found as u64, "event"),
            plural(pages, "page"),
            self.regions
        )
    }

    fn refresh(&self) {
        let Some(bar) = &self.bar else { return };
        if !self.shown.load(Ordering::Relaxed) && self.started.elapsed() >= DELAY {
            self.shown.store(true, Ordering::Relaxed);
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_message(self.message());
    }

    /// Every matching event received so far, in arrival order.
    pub fn found(&self) -> Vec<Event> {
        self.found
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl SearchProgress for EventsProgress {
    fn page(&self, _region: &str, matched: &[Event]) {
        self.pages.fetch_add(1, Ordering::Relaxed);
        self.found
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(matched);
        self.refresh();
    }

    fn region_done(&self, _region: &str) {
        self.done.fetch_add(1, Ordering::Relaxed);
        self.refresh();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_events_pages_and_regions() {
        let p = EventsProgress::new(false, 2);
        let e = Event::from_record("us-east-1", serde_json::json!({"eventID": "a"}));
        p.page("us-east-1", &[e.clone(), e]);
        p.page("us-east-1", &[]);
        p.region_done("us-east-1");
        assert_eq!(p.message(), "2 events · 2 pages · 1/2 Regions done");
        assert_eq!(p.found().len(), 2);
    }
}
