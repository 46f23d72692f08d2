//! rampart's planner: the baseline's desired state ([`Baseline`]) and a [`Snapshot`] in, a
//! [`Plan`] of actions out.
//!
//! Pure like the checks: no I/O, no clock. Each action says what it changes (before and after),
//! which checks it fixes (by id) and what `apply` calls. The planner never plans a deletion but
//! the removal of root access keys, and that only when asked to and when the caller is root;
//! bucket policies are merged statement by statement, never replaced. A fact that could not be
//! read yields no action and is listed in [`Plan::unreadable`].

mod action;
mod alerting;
mod baseline;
mod buckets;
mod contacts;
pub mod cost_alerts;
pub mod documents;
mod guardrails;
mod iam;
mod lockout;
mod manual;
mod organization;
mod planning;
pub mod public_access;
pub mod render;
mod reports;
pub mod scope;
mod services;
mod support;
mod trails;

pub use action::{
    action_id, Action, Call, Op, Plan, PlanFileError, Risk, StillFailing, PLAN_FORMAT_VERSION,
};
pub use baseline::{
    default_password_policy, AlertSettings, Baseline, BillingSettings, ContactSettings,
    Granularity, ReportKind, ServiceSettings, TrailSettings, DEFAULT_ADMIN_USER, TRAIL_KEY_ALIAS,
};
pub use organization::ORGANIZATION_KINDS;
pub use scope::{AccountPlan, Planned, ScopePlan};

use rampart_model::Snapshot;

/// Choices that are the user's to make on the command line, not in the baseline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// Plan the removal of root access keys (only effective when the caller is root).
    pub delete_root_access_keys: bool,
    /// Plan IAM changes that would lock users out (an active access key and no MFA device,
    /// joining the MFA-enforcing group) as automatic actions needing confirmation, instead of
    /// manual steps. The CLI flag: `--allow-mfa-lockout`.
    pub allow_mfa_lockout: bool,
    /// Plan the organization's own changes found in an organization audit's snapshots
    /// (centralized root access, in the management account's plan). The CLI flag: `--org`.
    pub organization: bool,
    /// With `organization`, plan the deletion of member accounts' root credentials. The CLI
    /// flag: `--delete-member-root-credentials`.
    pub delete_member_root_credentials: bool,
    /// Plan turning on automatic rotation of the customer managed KMS keys that lack it (it
    /// costs about 1 USD a month per key and rotation). The CLI flag: `--enable-key-rotation`.
    pub enable_key_rotation: bool,
    /// Plan turning the account's S3 Block Public Access fully on, naming each bucket whose
    /// public access it cuts. The CLI flag: `--block-public-access`.
    pub block_public_access: bool,
    /// Checks the user ignores (`audit.ignore`, as ids): an area whose checks are all ignored
    /// is not planned.
    pub ignored: std::collections::BTreeSet<String>,
}

impl PlanOptions {
    /// Whether some check of `area` is not ignored.
    pub fn wants(&self, area: &[&str]) -> bool {
        area.iter().any(|id| !self.ignored.contains(*id))
    }
}

/// Plans the changes that bring `snapshot`'s account to `baseline`. Actions come out in
/// dependency order: IAM, buckets, trails, bucket logging, alerting, billing reports, root
/// keys, manual steps.
pub fn plan(baseline: &Baseline, snapshot: &Snapshot, opts: &PlanOptions) -> Plan {
    let mut cx = planning::Planning::new(baseline, snapshot);
    iam::plan(&mut cx, opts);
    if opts.wants(&[rampart_model::check_ids::NO_SUPPORT_ROLE]) {
        support::plan(&mut cx);
    }
    let mut needs = buckets::Needs::default();
    let trail_work = trails::plan(&mut cx, &mut needs);
    let report_work = if opts.wants(rampart_model::check_ids::BILLING) {
        reports::plan(&mut cx, &mut needs)
    } else {
        Vec::new()
    };
    let logged = buckets::access_logging(&mut cx, &mut needs);
    buckets::plan(&mut cx, &needs);
    cx.actions.extend(trail_work);
    buckets::enable_logging(&mut cx, &logged);
    if opts.wants(rampart_model::check_ids::ALERTS) {
        alerting::plan(&mut cx);
    }
    cx.actions.extend(report_work);
    if opts.wants(&[rampart_model::check_ids::NO_BUDGET_ALERT]) {
        cost_alerts::plan_budget(&mut cx);
    }
    if opts.wants(&[rampart_model::check_ids::NO_COST_ANOMALY_ALERT]) {
        cost_alerts::plan_anomalies(&mut cx);
    }
    if opts.wants(&[rampart_model::check_ids::EBS_DEFAULT_ENCRYPTION_OFF]) {
        guardrails::plan_ebs(&mut cx);
    }
    if opts.wants(&[rampart_model::check_ids::NO_ACCESS_ANALYZER]) {
        guardrails::plan_analyzers(&mut cx);
    }
    if opts.wants(&[rampart_model::check_ids::GUARDDUTY_OFF]) {
        services::plan_guardduty(&mut cx);
    }
    if opts.wants(&[rampart_model::check_ids::SECURITY_HUB_OFF]) {
        services::plan_security_hub(&mut cx);
    }
    if opts.enable_key_rotation && opts.wants(&[rampart_model::check_ids::KMS_KEY_ROTATION_OFF]) {
        guardrails::plan_key_rotation(&mut cx);
    }
    if opts.block_public_access
        && opts.wants(&[rampart_model::check_ids::ACCOUNT_PUBLIC_ACCESS_BLOCK_OFF])
    {
        public_access::plan(&mut cx);
    }
    organization::plan(&mut cx, opts);
    contacts::plan(&mut cx);
    manual::plan(&mut cx, opts);
    cx.finish()
}

#[cfg(test)]
mod tests;
