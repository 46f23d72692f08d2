//! Collection: every fact of a [`Snapshot`], read concurrently.

use rampart_model::Snapshot;

use crate::{Connection, Progress};

#[derive(Debug, Clone)]
pub struct CollectOptions {
    /// Search the CloudTrail event history for root activity (costs `LookupEvents` calls).
    pub root_activity: bool,
    /// Upper bound on waiting for the credential report.
    pub credential_report_timeout: std::time::Duration,
}

impl Default for CollectOptions {
    fn default() -> Self {
        Self { root_activity: true, credential_report_timeout: std::time::Duration::from_secs(60) }
    }
}

/// A failure that leaves nothing to audit.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error("no AWS credentials found (set AWS_PROFILE, run `aws configure` or `aws sso login`): {0}")]
    NoCredentials(String),
    #[error("could not identify the caller with sts:GetCallerIdentity: {0}")]
    Identity(String),
}

/// Collects a snapshot of the account behind `conn`.
pub async fn collect(
    conn: &Connection,
    opts: &CollectOptions,
    progress: &dyn Progress,
) -> Result<Snapshot, CollectError> {
    todo!("{conn:?} {opts:?} {}", std::ptr::addr_of!(progress) as usize)
}
