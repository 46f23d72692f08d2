//! Searching the CloudTrail event history (the last 90 days of management events) across
//! Regions, on the same paced, retrying `LookupEvents` pager the audit's root search uses.
//!
//! CloudTrail takes one lookup attribute per call, so [`EventFilter::lookup`] picks the most
//! selective filter to send and [`EventFilter::matches`] applies all of them to each returned
//! record. Each Region is searched at two requests per second, all Regions at once.

mod filter;
mod record;
mod regions;
mod search;

pub use filter::{EventFilter, LookupKey, CONSOLE_LOGIN};
pub use record::{Event, Resource};
pub use regions::{is_known_region, RegionError, ResolvedRegions, ENABLED_BY_DEFAULT};
pub use search::{
    newest_first, search, RegionFailure, SearchOutcome, SearchProgress, SearchQuery,
    LOOKUP_PER_SECOND,
};

use tokio::sync::mpsc::unbounded_channel;

use crate::clients::Clients;
use crate::Connection;

/// How far back the event history goes, in days.
pub const HISTORY_DAYS: u32 = crate::lookup::HISTORY_DAYS;

/// Resolves Region names given by the user (`all` for every enabled Region) to the Regions to
/// search; an unknown name is an error.
pub async fn resolve_regions(
    conn: &Connection,
    requested: &[String],
) -> Result<ResolvedRegions, RegionError> {
    let (sink, _requests) = unbounded_channel::<String>();
    regions::resolve(&Clients::new(conn, sink), requested).await
}
