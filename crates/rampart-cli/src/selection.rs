//! Which checks a run keeps (`--select`, `--ignore`, `audit.ignore` in `rampart.toml`), and
//! what that means for the rest of the run: an area whose checks are all left out is neither
//! read nor planned.

use anyhow::anyhow;
use rampart_aws::CollectOptions;
use rampart_checks::Selection;

use crate::config::Settings;

/// The checks `audit.ignore` keeps: what is planned, and what is read for the plan.
pub fn kept(settings: &Settings) -> anyhow::Result<Selection> {
    Selection::new(&[], &settings.ignore).map_err(|e| anyhow!("audit.ignore: {e}"))
}

/// What to collect for the checks `selection` keeps: an area whose checks are all left out
/// (`audit.ignore`, `--ignore`) is not read.
pub fn collect_options(selection: &Selection) -> CollectOptions {
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
        left_out: self::left_out(selection),
        ..CollectOptions::default()
    }
}

/// The ids of the checks `selection` leaves out.
pub fn left_out(selection: &Selection) -> std::collections::BTreeSet<String> {
    rampart_checks::registry()
        .iter()
        .filter(|c| !selection.includes(c.meta()))
        .map(|c| c.meta().id.to_owned())
        .collect()
}
