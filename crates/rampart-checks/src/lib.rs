//! The baseline as code: every item of the four-step seed as a pure [`Check`].
//!
//! A check takes a `&Snapshot` and an [`AuditConfig`] and returns findings — passes included,
//! so a report shows what is already right, and `unknown` whenever a fact it needs could not be
//! read. Checks never do I/O and never read the clock: "now" is the snapshot's `taken_at`.
//!
//! Each check lives in its own file under `rules/`, with its documentation in the doc comment
//! (sections `What it checks`, `Why it matters`, `How to fix`, `References`) and its tests
//! underneath. [`registry()`] lists them all; ids are permanent.

mod config;
mod context;
mod registry;
pub mod rules;
mod selection;

#[cfg(test)]
pub(crate) mod testing;

pub use config::AuditConfig;
pub use context::Context;
pub use registry::{find, registry, CheckMeta, Fix, Framework};
pub use selection::{Selection, SelectionError};

use rampart_model::{Finding, Snapshot};

/// One item of the baseline.
pub trait Check: Sync {
    fn meta(&self) -> &'static CheckMeta;
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding>;
}

/// Runs the selected checks over a snapshot. Findings come out in registry order.
pub fn evaluate(snapshot: &Snapshot, config: &AuditConfig, selection: &Selection) -> Vec<Finding> {
    let cx = Context::new(snapshot, config);
    registry()
        .iter()
        .filter(|c| selection.includes(c.meta()))
        .flat_map(|c| c.evaluate(&cx))
        .collect()
}
