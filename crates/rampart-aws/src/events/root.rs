//! The audit's search for the root user's most recent activity in the event history.
//!
//! It reads `Username=root` events newest-first in `us-east-1` and the collection Region and
//! stops at the first page that holds a root event, so it costs one request per Region in the
//! common case and a bounded number at worst.

use aws_sdk_cloudtrail::types::LookupAttributeKey;
use chrono::{DateTime, Utc};
use rampart_model::cloudtrail::{RootActivity, RootEvent};
use rampart_model::{Observed, Unavailable, UnavailableKind};

use super::limiter::RegionLimiters;
use super::pager::{EventPager, ACTION};
use super::record::Event;
use super::HISTORY_DAYS;
use crate::clients::Clients;
use crate::concurrent::join_all;

/// Pages read per Region before the root search gives up.
const ROOT_SEARCH_PAGES: u32 = 5;

/// Searches `us-east-1` and the collection Region for the most recent root event.
pub(crate) async fn root_activity(
    clients: &Clients,
    limiters: &RegionLimiters,
    now: DateTime<Utc>,
) -> Observed<RootActivity> {
    let regions = clients.home_regions();
    let start = now - chrono::Duration::days(i64::from(HISTORY_DAYS));
    let searches: Vec<_> = regions
        .iter()
        .map(|region| {
            let pager = EventPager::new(
                clients.cloudtrail_lookup(region),
                region,
                limiters.for_region(region),
                start,
                now,
            )
            .with_attribute(LookupAttributeKey::Username, "root")
            .with_transient_retries(clients.transient_retries());
            search_region(pager, region.clone())
        })
        .collect();
    let mut last_event: Option<RootEvent> = None;
    for result in join_all(searches).await {
        match result.and_then(|r| r) {
            Ok(Some(e)) if last_event.as_ref().is_none_or(|l| e.time > l.time) => {
                last_event = Some(e);
            }
            Ok(_) => {}
            Err(u) => return Observed::Unavailable(u),
        }
    }
    Observed::Known(RootActivity {
        window_days: HISTORY_DAYS,
        regions,
        last_event,
    })
}

async fn search_region(
    mut pager: EventPager,
    region: String,
) -> Result<Option<RootEvent>, Unavailable> {
    for _ in 0..ROOT_SEARCH_PAGES {
        let Some(page) = pager.next_page().await else {
            return Ok(None);
        };
        let newest = page?.iter().filter_map(root_event).max_by_key(|e| e.time);
        if newest.is_some() {
            return Ok(newest);
        }
    }
    if pager.has_more() {
        return Err(Unavailable::new(
            UnavailableKind::TimedOut,
            Some(ACTION),
            format!("no root event in the first {ROOT_SEARCH_PAGES} pages of `Username=root` events in {region}; stopped searching"),
        ));
    }
    Ok(None)
}

/// The event as a [`RootEvent`] when its record says `userIdentity.type` is `Root`.
fn root_event(event: &Event) -> Option<RootEvent> {
    if !event.is_root() {
        return None;
    }
    let text = |key: &str| {
        event
            .record
            .get(key)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    Some(RootEvent {
        time: event.time?,
        event_name: event.event_name.clone().unwrap_or_default(),
        region: text("awsRegion").unwrap_or_else(|| event.region.clone()),
        source_ip: event.source_ip().map(str::to_owned),
    })
}

#[cfg(test)]
mod tests;
