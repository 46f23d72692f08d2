//! Checks of a setting every enabled Region must have: one failure or unknown per Region that
//! lacks it or was not read, and a single pass for the account when every Region has it.

use rampart_model::guardrails::ByRegion;
use rampart_model::{Finding, Observed, ResourceRef, Unavailable};

use crate::facts;
use crate::Context;

/// What one Region's setting says.
pub(crate) enum InRegion {
    Good,
    Bad(String),
    Unknown(Unavailable),
}

/// A Region as a finding's resource.
pub(crate) fn region(r: &str) -> ResourceRef {
    ResourceRef::new("region", r).in_region(r)
}

/// Judges `setting` in every enabled Region with `judge`; `pass` words the pass from the
/// number of Regions.
pub(crate) fn judge<T>(
    cx: &Context<'_>,
    id: &str,
    setting: ByRegion<'_, T>,
    judge: impl Fn(&str, &T) -> InRegion,
    pass: impl FnOnce(usize) -> String,
) -> Vec<Finding> {
    judge_resources(
        cx,
        id,
        setting,
        |r, value| match judge(r, value) {
            InRegion::Good => vec![],
            InRegion::Bad(message) => vec![Finding::fail(id, region(r), message)],
            InRegion::Unknown(u) => vec![Finding::unknown(id, region(r), &u)],
        },
        pass,
    )
}

/// Judges the resources of every enabled Region: `fails` lists the failures (and unknowns)
/// of one Region's resources, each naming its resource; a Region not read is one unknown, and
/// a single pass for the account stands for every Region with nothing listed.
pub(crate) fn judge_resources<T>(
    cx: &Context<'_>,
    id: &str,
    setting: ByRegion<'_, T>,
    fails: impl Fn(&str, &T) -> Vec<Finding>,
    pass: impl FnOnce(usize) -> String,
) -> Vec<Finding> {
    let by_region = match setting {
        Ok(r) => r,
        Err(u) => return vec![Finding::unknown(id, facts::account(cx), u)],
    };
    let mut out = Vec::new();
    for (r, read) in &by_region {
        match read {
            Observed::Known(value) => out.extend(fails(r, value)),
            Observed::Unavailable(u) => out.push(Finding::unknown(id, region(r), u)),
        }
    }
    if out.is_empty() {
        let n = by_region.len();
        out.push(Finding::pass(id, facts::account(cx), pass(n)).with("regions", n));
    }
    out
}
