//! Foresight: the users a planned IAM change would lock out.
//!
//! Joining the admin group, or that group gaining the MFA-enforcing policy, makes every request
//! without MFA fail except enrolling a device. A user with an active access key and no MFA
//! device loses that key at once (long-term keys carry no MFA); a user without a device whose
//! new policies also deny enrolling one loses everything. Whether that happens is asked of the
//! policy engine on the user's policy set as it will be after the change, not guessed from
//! the change's shape.

use rampart_engines::policy::NamedPolicy;
use rampart_model::iam::{IamGroup, IamUser};
use rampart_model::iam_index::IamIndex;
use rampart_model::Snapshot;

/// A user the change would cut off, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LockedOut {
    pub user: String,
    pub why: &'static str,
}

const KEY_CUT: &str =
    "has an active access key and no MFA device: every call made with the key would be denied";
const NO_ENROLMENT: &str = "has no MFA device and would be denied enrolling one";

/// The users among `users` that joining `group` (when given) with `added` policies attached
/// to it would lock out. Users with an MFA device are not locked out: they sign in with it
/// and call `sts get-session-token` with a code for their keys.
pub(crate) fn locked_out<'p>(
    snap: &Snapshot,
    iam: &IamIndex<'p>,
    users: &[&'p IamUser],
    group: Option<&'p IamGroup>,
    added: &[NamedPolicy<'p>],
) -> Vec<LockedOut> {
    let report = snap.iam.credential_report.known();
    let devices = snap.iam.virtual_mfa_devices.known();
    let mut out = Vec::new();
    for u in users {
        let row = report.and_then(|r| r.users().find(|row| row.user == u.name));
        let has_device = row.is_some_and(|r| r.mfa_active)
            || devices.is_some_and(|d| {
                d.iter().any(|v| {
                    v.user_arn.as_deref() == Some(u.arn.as_str()) && v.enable_date.is_some()
                })
            });
        if has_device {
            continue;
        }
        let after = iam.judge_user_joining(u, group, added);
        let before = iam.user_judgement(u);
        let key_active = row.is_some_and(|r| r.active_key_count() > 0);
        if key_active
            && after.requires_mfa()
            && !before.is_some_and(rampart_model::iam_index::Judgement::requires_mfa)
        {
            out.push(LockedOut {
                user: u.name.clone(),
                why: KEY_CUT,
            });
            continue;
        }
        let locks =
            |j: &rampart_model::iam_index::Judgement| j.mfa.as_ref().is_some_and(|m| m.locks_out);
        if locks(&after) && !before.is_some_and(locks) {
            out.push(LockedOut {
                user: u.name.clone(),
                why: NO_ENROLMENT,
            });
        }
    }
    out
}

/// `` `alice` (has an active access key …); `bob` (…) ``
pub(crate) fn describe(locked: &[LockedOut]) -> String {
    locked
        .iter()
        .map(|l| format!("`{}` ({})", l.user, l.why))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests;
