//! The CloudTrail event history (the last 90 days of management events): searching it across
//! Regions (`rampart events`), and the audit's search for the root user's latest activity.
//!
//! Both read through one paced, retrying `LookupEvents` pager (`pager`). CloudTrail allows two
//! requests per second per Region and throttles the rest, so every page waits for its Region's
//! limiter (`limiter`), whose spacing adapts to throttling (`pace`). CloudTrail takes one lookup
//! attribute per call, so [`EventFilter::lookup`] picks the most selective filter to send and
//! [`EventFilter::matches`] applies all of them to each returned record. All Regions are
//! searched at once.

mod filter;
mod limiter;
mod pace;
mod pager;
mod record;
mod regions;
mod root;
mod search;

pub use crate::regions::{is_known_region, RegionError, ENABLED_BY_DEFAULT};
pub use filter::{EventFilter, LookupKey, CONSOLE_LOGIN};
pub(crate) use limiter::RegionLimiters;
pub use limiter::LOOKUP_PER_SECOND;
pub use record::{Event, Resource};
pub use regions::ResolvedRegions;
pub(crate) use root::root_activity;
pub use search::{newest_first, search, RegionFailure, SearchOutcome, SearchProgress, SearchQuery};

use crate::clients::Clients;
use crate::Connection;

/// How far back the event history goes, in days.
pub const HISTORY_DAYS: u32 = 90;

/// Resolves Region names given by the user (`all` for every enabled Region) to the Regions to
/// search; an unknown name is an error.
pub async fn resolve_regions(
    conn: &Connection,
    requested: &[String],
) -> Result<ResolvedRegions, RegionError> {
    regions::resolve(&Clients::uncounted(conn), requested).await
}
