//! What every check gets: the snapshot, the config, and derived facts computed once.

use std::sync::OnceLock;

use rampart_model::credential_report::CredentialReport;
use rampart_model::iam::IamGroup;
use rampart_model::{Snapshot, Unavailable};

use crate::iam_index::IamIndex;
use crate::AuditConfig;

pub struct Context<'a> {
    pub snapshot: &'a Snapshot,
    pub config: &'a AuditConfig,
    iam: OnceLock<IamIndex<'a>>,
}

impl<'a> Context<'a> {
    pub fn new(snapshot: &'a Snapshot, config: &'a AuditConfig) -> Self {
        Self {
            snapshot,
            config,
            iam: OnceLock::new(),
        }
    }

    /// Users, groups and policies indexed by name, built on first use and shared by every
    /// check of the run.
    pub(crate) fn iam(&self) -> Result<&IamIndex<'a>, &'a Unavailable> {
        let auth = self.snapshot.iam.authorization.as_result()?;
        Ok(self.iam.get_or_init(|| IamIndex::new(auth)))
    }

    /// The credential report, or why it could not be read.
    pub fn credential_report(&self) -> Result<&'a CredentialReport, &'a Unavailable> {
        self.snapshot.iam.credential_report.as_result()
    }

    /// The baseline's intended admin group: the configured one if it exists, otherwise the
    /// first group (by name) that grants full admin and enforces MFA. `Known(None)` when the
    /// account has no such group.
    pub fn admin_group(&self) -> Result<Option<&'a IamGroup>, &'a Unavailable> {
        let iam = self.iam()?;
        if let Some(name) = &self.config.admin_group {
            return Ok(iam.group(name));
        }
        Ok(iam
            .auth
            .groups
            .iter()
            .filter(|g| iam.group_is_admin(&g.name) && iam.group_enforces_mfa(&g.name))
            .min_by(|a, b| a.name.cmp(&b.name)))
    }

    /// Days between `t` and the snapshot's `taken_at` (negative if `t` is later).
    pub fn days_since(&self, t: chrono::DateTime<chrono::Utc>) -> i64 {
        (self.snapshot.taken_at - t).num_days()
    }
}
