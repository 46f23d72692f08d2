//! What the planner needs to know beyond what an audit collects: the facts of the buckets the
//! baseline names (its trail, billing and access-log buckets), which no trail or report may
//! point at yet. `rampart plan` and `rampart apply` collect with this; `rampart audit` does not.

use std::collections::BTreeSet;

use rampart_model::Snapshot;
use rampart_plan::Baseline;

use crate::apply::with_clients;
use crate::{CollectOptions, Connection, Progress};

/// Collects what the planner needs: the audit's snapshot without the event-history search,
/// plus the facts of the baseline's own buckets, which no trail or report may name yet.
pub async fn collect_for_plan(
    conn: &Connection,
    baseline: &Baseline,
    opts: &CollectOptions,
    progress: &dyn Progress,
) -> Result<Snapshot, crate::CollectError> {
    let opts = CollectOptions {
        root_activity: false,
        ..opts.clone()
    };
    let mut snap = crate::collect(conn, &opts, progress).await?;
    let log_bucket = baseline.access_log_bucket(&snap.account_id, &snap.region);
    let log_bucket_needed = log_bucket_needed(&snap);
    let wanted: BTreeSet<String> = baseline
        .wanted_buckets(&snap.account_id, &snap.region)
        .into_iter()
        .filter(|b| !snap.s3.buckets.contains_key(b))
        // The access-log bucket matters only while some trail bucket does not log yet.
        .filter(|b| *b != log_bucket || log_bucket_needed)
        .collect();
    if !wanted.is_empty() {
        let facts = with_clients(conn, progress, |clients| async move {
            let owned = crate::s3::owned_buckets(&clients).await;
            crate::s3::buckets(&clients, wanted, &owned).await
        })
        .await;
        snap.s3.buckets.extend(facts);
    }
    Ok(snap)
}

/// Whether the planner needs the access-log bucket's facts: a bucket some trail delivers to
/// has no access logging or could not be read, or there is no trail yet (the plan will create
/// one and its bucket).
fn log_bucket_needed(snap: &Snapshot) -> bool {
    let Some(trails) = snap.cloudtrail.trails.known() else {
        return true;
    };
    trails.is_empty()
        || trails.iter().filter_map(|t| t.s3_bucket.as_ref()).any(|b| {
            snap.s3
                .buckets
                .get(b)
                .is_none_or(|f| !matches!(f.logging, rampart_model::Observed::Known(Some(_))))
        })
}
