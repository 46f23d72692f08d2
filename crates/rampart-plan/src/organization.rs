//! The organization's own changes, planned from the facts an organization audit stores in the
//! account they are about: centralized root access in the management account's plan, and the
//! deletion of a member's root credentials in that member's plan. Both run as the management
//! account (`rampart apply --org`), and only with `--org`; the deletion also needs
//! `--delete-member-root-credentials`, and names each credential it removes.

use rampart_model::{check_ids, Observed};
use serde_json::json;

use crate::action::{Call, Op, Risk};
use crate::planning::{Draft, Planning};
use crate::PlanOptions;

/// The action kinds `rampart apply --org` carries out as the management account.
pub const ORGANIZATION_KINDS: [&str; 2] = ["root-access", "member-root-credentials"];

pub(crate) fn plan(cx: &mut Planning<'_>, opts: &PlanOptions) {
    let Some(org) = &cx.snap.organization else {
        return;
    };
    if !opts.organization {
        return;
    }
    match &org.root_access {
        Some(Observed::Known(access)) => {
            let on =
                access.trusted_access && access.root_credentials_management && access.root_sessions;
            if !on {
                let action = cx.push(Draft {
                    kind: "root-access",
                    resource: org.organization_id.clone(),
                    title: format!(
                        "centralized root access for organization {}",
                        org.organization_id
                    ),
                    op: Op::Update,
                    resolves: &[check_ids::ROOT_ACCESS_NOT_CENTRALIZED],
                    call: Call::EnableRootAccess {
                        trusted_access: !access.trusted_access,
                        root_credentials_management: !access.root_credentials_management,
                        root_sessions: !access.root_sessions,
                    },
                    before: json!({
                        "trusted_access.iam": access.trusted_access,
                        "RootCredentialsManagement": access.root_credentials_management,
                        "RootSessions": access.root_sessions,
                    }),
                    after: json!({
                        "trusted_access.iam": true,
                        "RootCredentialsManagement": true,
                        "RootSessions": true,
                    }),
                });
                // It changes what the management account may do in every member account.
                action.risk = Risk::NeedsConfirmation;
                action.notes.push(
                    "lets the management account remove member root credentials and run root-only tasks in every member account".into(),
                );
            }
        }
        Some(Observed::Unavailable(u)) => cx.unreadable("centralized root access", u),
        None => {}
    }
    match &org.root_credentials {
        Some(Observed::Known(c)) if opts.delete_member_root_credentials && !c.is_empty() => {
            let mut listed = vec![];
            if c.password {
                listed.push("the console password".to_owned());
            }
            listed.extend(c.access_keys.iter().map(|k| format!("access key {k}")));
            listed.extend(
                c.signing_certificates
                    .iter()
                    .map(|k| format!("signing certificate {k}")),
            );
            listed.extend(c.mfa_devices.iter().map(|k| format!("MFA device {k}")));
            let account = cx.snap.account_id.clone();
            let action = cx.push(Draft {
                kind: "member-root-credentials",
                resource: account.clone(),
                title: format!("root user credentials of member account {account}"),
                op: Op::Delete,
                resolves: &[check_ids::MEMBER_ROOT_CREDENTIALS],
                call: Call::DeleteMemberRootCredentials {
                    account_id: account,
                    password: c.password,
                    access_keys: c.access_keys.clone(),
                    mfa_devices: c.mfa_devices.clone(),
                    signing_certificates: c.signing_certificates.clone(),
                },
                before: json!(c),
                after: json!(rampart_model::organization::RootCredentials::default()),
            });
            action.notes.push(format!("deletes {}", listed.join(", ")));
            action.notes.push(
                "the member's root user can no longer sign in; root-only tasks then run as root sessions from the management account".into(),
            );
        }
        Some(Observed::Unavailable(u)) if opts.delete_member_root_credentials => {
            cx.unreadable("member root credentials", u);
        }
        _ => {}
    }
}
