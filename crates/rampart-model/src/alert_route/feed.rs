//! The source link of a metric-filter route: which trail writes an event into which log
//! group. A trail feeds a group only when it is logging, records the event's Region, kind and
//! service (`ExcludeManagementEventSources`, advanced `eventSource` selectors), includes
//! global service events when the event is one and the trail is single-Region, and names a
//! group of its own account. In an organization audit a member's events also reach the
//! management account's groups through its organization trail.

use crate::alert_controls::CanonicalEvent;
use crate::alerting::{log_group_name, AlertingFacts, MetricFilter};
use crate::cloudtrail::Trail;
use crate::{Observed, Snapshot, Unavailable};

pub(super) enum Feed<'a> {
    Gap(&'a Unavailable),
    Stops(String),
}

/// Whether trail `t` writes event `e` to its log group.
pub(super) fn records<'a>(t: &'a Trail, e: &CanonicalEvent) -> Result<(), Feed<'a>> {
    let logging = t.status.as_result().map_err(Feed::Gap)?.is_logging;
    if !logging {
        return Err(Feed::Stops(format!("trail `{}` is not logging", t.name)));
    }
    if !(t.is_multi_region || t.home_region == e.region) {
        return Err(Feed::Stops(format!(
            "trail `{}` records nothing in {}",
            t.name, e.region
        )));
    }
    if e.global && !t.is_multi_region {
        match t.include_global_service_events {
            Some(true) => {}
            Some(false) => {
                return Err(Feed::Stops(format!(
                    "trail `{}` is single-Region and does not include global service events",
                    t.name
                )))
            }
            None => return Err(Feed::Gap(global_events_not_read())),
        }
    }
    let source = e.record["eventSource"].as_str().unwrap_or_default();
    let selectors = t.selectors.as_result().map_err(Feed::Gap)?;
    if !selectors.records_management(source, e.read_only()) {
        let kind = if e.read_only() { "read-only" } else { "write" };
        return Err(Feed::Stops(format!(
            "trail `{}` does not record {kind} management events from {source}",
            t.name
        )));
    }
    Ok(())
}

/// Snapshots taken before rampart read `IncludeGlobalServiceEvents` cannot tell whether a
/// single-Region trail records IAM events.
fn global_events_not_read() -> &'static Unavailable {
    static NOT_READ: std::sync::OnceLock<Unavailable> = std::sync::OnceLock::new();
    NOT_READ.get_or_init(|| {
        Unavailable::new(
            crate::UnavailableKind::NotSupported,
            Some("cloudtrail:DescribeTrails"),
            "whether a single-Region trail includes global service events was not recorded in this snapshot; take a new one",
        )
    })
}

/// The management account's id, organization trails and alerting facts, when `snap` is a
/// member's snapshot taken in an organization audit that read them.
pub(super) fn organization_route_facts(
    snap: &Snapshot,
) -> Option<(&str, &Observed<Vec<Trail>>, &AlertingFacts)> {
    let org = snap.organization.as_ref()?;
    if org.management_account_id == snap.account_id {
        return None;
    }
    Some((
        org.management_account_id.as_str(),
        org.organization_trails.as_ref()?,
        org.organization_alerting.as_ref()?,
    ))
}

/// The Region of a filter's log group: as read, or from the trail that names the group.
pub(super) fn filter_region<'a>(
    trails: &'a Observed<Vec<Trail>>,
    f: &'a MetricFilter,
) -> Option<&'a str> {
    if let Some(r) = f.region.as_deref() {
        return Some(r);
    }
    trails
        .known()?
        .iter()
        .filter_map(|t| t.cloudwatch_logs_log_group_arn.as_deref())
        .find(|arn| log_group_name(arn) == Some(f.log_group.as_str()))
        .and_then(crate::arn::region)
}
