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
                resolves: if c.access_keys.is_empty() {
                    &[check_ids::MEMBER_ROOT_CREDENTIALS]
                } else {
                    &[
                        check_ids::MEMBER_ROOT_CREDENTIALS,
                        check_ids::ROOT_ACCESS_KEYS,
                    ]
                },
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
        // Unread because centralized root access is off: the management account's plan turns
        // it on, and `apply --org` then reads and deletes them in the same run.
        Some(Observed::Unavailable(u))
            if opts.delete_member_root_credentials
                && u.kind == rampart_model::UnavailableKind::Dependency
                && u.action.as_deref() == Some("sts:AssumeRoot") =>
        {
            let account = cx.snap.account_id.clone();
            crate::manual::manual(
                cx,
                &format!("member-root-credentials-after-root-access:{account}"),
                &format!("root user credentials of member account {account}, once centralized root access is on"),
                &[check_ids::MEMBER_ROOT_CREDENTIALS],
                vec![
                    "`rampart apply --org --delete-member-root-credentials` turns centralized root access on, then reads this account's root credentials and deletes them, listing each first".into(),
                ],
                "https://console.aws.amazon.com/iam/home#/organization-root-access",
            );
        }
        Some(Observed::Unavailable(u)) if opts.delete_member_root_credentials => {
            cx.unreadable("member root credentials", u);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use rampart_model::organization::{Membership, RootCredentials};
    use rampart_model::{Observed, Snapshot};

    use crate::{plan, Baseline, Op, PlanOptions};

    /// The brand-new example (its root user has an access key) as a member whose root
    /// credentials the management account read.
    fn member() -> Snapshot {
        let mut snap = Snapshot::from_json(include_str!("../../../examples/brand-new.json"))
            .expect("example loads");
        snap.organization = Some(Membership {
            organization_id: "o-example".into(),
            management_account_id: "999999999999".into(),
            root_access: None,
            root_credentials: Some(Observed::Known(RootCredentials {
                access_keys: vec!["AKIAEXAMPLE".into()],
                ..RootCredentials::default()
            })),
            organization_trails: None,
            organization_alerting: None,
            organization_billing: None,
            organization_analyzers: None,
            service_control_policies: None,
        });
        snap
    }

    #[test]
    fn a_member_root_key_is_deleted_by_the_organization_action_not_by_hand() {
        let opts = PlanOptions {
            organization: true,
            delete_member_root_credentials: true,
            ..PlanOptions::default()
        };
        let p = plan(&Baseline::default(), &member(), &opts);
        let deletion = p
            .actions
            .iter()
            .find(|a| a.kind == "member-root-credentials")
            .expect("planned with the flag");
        assert_eq!(deletion.op, Op::Delete);
        assert!(deletion.resolves.iter().any(|r| r == "RMP102"));
        assert!(
            !p.actions.iter().any(|a| a.resource == "root-access-keys"),
            "no manual step for the keys the action deletes"
        );

        // Without the flag: a manual step that names the flag, and no deletion.
        let p = plan(
            &Baseline::default(),
            &member(),
            &PlanOptions {
                organization: true,
                ..PlanOptions::default()
            },
        );
        assert!(!p
            .actions
            .iter()
            .any(|a| a.kind == "member-root-credentials"));
        let step = p
            .actions
            .iter()
            .find(|a| a.resource == "root-access-keys")
            .expect("a manual step");
        let text = serde_json::to_string(&step.call).expect("serialises");
        assert!(text.contains("--delete-member-root-credentials"), "{text}");
    }
}
