//! What every check gets: the snapshot, the config, and derived facts computed once.

use rampart_model::iam::IamGroup;
use rampart_model::{Snapshot, Unavailable};

use crate::AuditConfig;

pub struct Context<'a> {
    pub snapshot: &'a Snapshot,
    pub config: &'a AuditConfig,
}

impl<'a> Context<'a> {
    pub fn new(snapshot: &'a Snapshot, config: &'a AuditConfig) -> Self {
        Self { snapshot, config }
    }

    /// The baseline's intended admin group: the configured one if it exists, otherwise the
    /// first group (by name) that grants full admin and enforces MFA. `Known(None)` when the
    /// account has no such group.
    pub fn admin_group(&self) -> Result<Option<&'a IamGroup>, &'a Unavailable> {
        let auth = self.snapshot.iam.authorization.as_result()?;
        if let Some(name) = &self.config.admin_group {
            return Ok(auth.group(name));
        }
        let mut candidates: Vec<&IamGroup> = auth
            .groups
            .iter()
            .filter(|g| auth.group_grants_full_admin(g) && auth.group_enforces_mfa(g))
            .collect();
        candidates.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(candidates.first().copied())
    }

    /// Days between `t` and the snapshot's `taken_at` (negative if `t` is later).
    pub fn days_since(&self, t: chrono::DateTime<chrono::Utc>) -> i64 {
        (self.snapshot.taken_at - t).num_days()
    }
}
