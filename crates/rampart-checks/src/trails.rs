//! Trails as the checks see them: each trail once, even when `DescribeTrails` listed it again
//! as a shadow trail from another Region.

use std::collections::HashSet;

use rampart_model::cloudtrail::Trail;
use rampart_model::{Finding, Unavailable};

use crate::Context;

/// The account's trails, each ARN once, in the collector's order.
pub fn unique<'a>(cx: &Context<'a>) -> Result<Vec<&'a Trail>, &'a Unavailable> {
    let trails = cx.snapshot.cloudtrail.trails.as_result()?;
    let mut seen = HashSet::new();
    Ok(trails
        .iter()
        .filter(|t| seen.insert(t.arn.as_str()))
        .collect())
}

/// Runs `judge` on every trail: unknown for the account when the trails could not be listed,
/// no finding at all when there is no trail (RMP301 reports that).
pub fn each_trail(
    cx: &Context<'_>,
    check_id: &str,
    judge: impl Fn(&Trail) -> Finding,
) -> Vec<Finding> {
    match unique(cx) {
        Ok(trails) => trails.into_iter().map(judge).collect(),
        Err(u) => vec![Finding::unknown(check_id, crate::facts::account(cx), u)],
    }
}
