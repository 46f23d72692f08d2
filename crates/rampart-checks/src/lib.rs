//! The baseline as code: every item of the four-step seed as a pure [`Check`].
//!
//! A check takes a `&Snapshot` and an [`AuditConfig`] and returns findings — passes included,
//! so a report shows what is already right, and `unknown` whenever a fact it needs could not be
//! read. Checks never do I/O and never read the clock: "now" is the snapshot's `taken_at`.
//!
//! Each check lives in its own file under `rules/`, with its documentation in the doc comment
//! (sections `What it checks`, `Why it matters`, `How to fix`, `References`) and its tests
//! underneath. [`registry()`] lists them all; ids are permanent.

mod alerts;
mod billing;
mod buckets;
mod config;
mod context;
mod cost_alerts;
mod facts;
use rampart_model::iam_index;
mod network;
mod password;
mod regional;
#[macro_use]
mod registry;
mod root;
pub mod rules;
mod s3_exposure;
mod scps;
mod selection;
mod trails;
mod users;

#[cfg(test)]
pub(crate) mod test_support;

pub use config::AuditConfig;
pub use context::Context;
pub use rampart_model::Applicability;
pub use registry::{find, registry, CheckMeta, Framework, Subject};
pub use selection::{Selection, SelectionError};

use std::sync::atomic::{AtomicUsize, Ordering};

use rampart_model::{Finding, Snapshot};

/// What [`check!`] declares for a check: its metadata.
pub trait Declared {
    fn meta(&self) -> &'static CheckMeta;
}

/// One item of the baseline: declared with [`check!`], evaluated here.
pub trait Check: Declared + Sync {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding>;
}

/// Runs the selected checks over a snapshot. Findings come out in registry order.
///
/// Checks are independent, so on a large account they run on all available cores; the
/// result does not depend on how many there are.
pub fn evaluate(snapshot: &Snapshot, config: &AuditConfig, selection: &Selection) -> Vec<Finding> {
    let cx = Context::new(snapshot, config);
    let checks: Vec<&dyn Check> = registry()
        .iter()
        .copied()
        .filter(|c| selection.includes(c.meta()))
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(checks.len());
    if threads <= 1 {
        return checks.iter().flat_map(|c| c.evaluate(&cx)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, Vec<Finding>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(check) = checks.get(i) else {
                            break mine;
                        };
                        mine.push((i, check.evaluate(&cx)));
                    }
                })
            })
            .collect();
        // A check that panicked is a bug in rampart; re-raise it rather than drop its findings.
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().flat_map(|(_, f)| f).collect()
}
