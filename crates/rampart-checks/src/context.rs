//! What every check gets: the snapshot, the config, and derived facts computed once.

use std::collections::HashSet;
use std::sync::OnceLock;

use rampart_model::credential_report::CredentialReport;
use rampart_model::iam::IamGroup;
use rampart_model::organization::ScpFacts;
use rampart_model::{Observed, Snapshot, Unavailable};

use crate::iam_index::IamIndex;
use crate::AuditConfig;

pub struct Context<'a> {
    pub snapshot: &'a Snapshot,
    pub config: &'a AuditConfig,
    iam: OnceLock<IamIndex<'a>>,
    admin_group: OnceLock<Result<Option<&'a IamGroup>, &'a Unavailable>>,
}

impl<'a> Context<'a> {
    pub fn new(snapshot: &'a Snapshot, config: &'a AuditConfig) -> Self {
        Self {
            snapshot,
            config,
            iam: OnceLock::new(),
            admin_group: OnceLock::new(),
        }
    }

    /// Users, groups and policies indexed by name, built on first use and shared by every
    /// check of the run.
    pub(crate) fn iam(&self) -> Result<&IamIndex<'a>, &'a Unavailable> {
        let auth = self.snapshot.iam.authorization.as_result()?;
        // In an organization audit a member's SCPs apply to every judgement; SCPs that could
        // not be read leave the account's own policies to judge (as outside an organization).
        let scps = self
            .snapshot
            .organization
            .as_ref()
            .and_then(|o| o.service_control_policies.as_ref())
            .and_then(Observed::known)
            .map(ScpFacts::policy_levels)
            .unwrap_or_default();
        Ok(self.iam.get_or_init(|| IamIndex::with_scps(auth, scps)))
    }

    /// The credential report, or why it could not be read.
    pub fn credential_report(&self) -> Result<&'a CredentialReport, &'a Unavailable> {
        self.snapshot.iam.credential_report.as_result()
    }

    /// The baseline's intended admin group: the configured one if it exists; otherwise, of
    /// the groups whose policies grant full admin (by evaluation), the one that does so to
    /// console users — preferring one that requires MFA, then the first by name — with or
    /// without MFA enforcement (RMP204 judges that). `Known(None)` when no group grants
    /// full admin. Without the credential report, members count as console users.
    pub fn admin_group(&self) -> Result<Option<&'a IamGroup>, &'a Unavailable> {
        *self.admin_group.get_or_init(|| self.find_admin_group())
    }

    fn find_admin_group(&self) -> Result<Option<&'a IamGroup>, &'a Unavailable> {
        let iam = self.iam()?;
        if let Some(name) = &self.config.admin_group {
            return Ok(iam.group(name));
        }
        let console_users: Option<HashSet<&str>> = self.credential_report().ok().map(|r| {
            r.users()
                .filter(|row| crate::users::is_console_user(row))
                .map(|row| row.user.as_str())
                .collect()
        });
        let console = |g: &IamGroup| {
            iam.members(&g.name).iter().any(|u| {
                console_users
                    .as_ref()
                    .is_none_or(|c| c.contains(u.name.as_str()))
            })
        };
        Ok(iam.admin_groups().min_by_key(|g| {
            (
                !console(g),
                !iam.group_requires_mfa(&g.name),
                g.name.as_str(),
            )
        }))
    }

    /// Days between `t` and the snapshot's `taken_at` (negative if `t` is later).
    pub fn days_since(&self, t: chrono::DateTime<chrono::Utc>) -> i64 {
        (self.snapshot.taken_at - t).num_days()
    }
}
