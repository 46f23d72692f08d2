//! What only a person can do, as numbered console steps with the page to open — and the one
//! deletion rampart may plan: the root user's access keys, when the caller is root and asked.

use rampart_model::check_ids;
use rampart_model::iam_index::IamIndex;
use rampart_model::Observed;
use serde_json::json;

use crate::action::{Call, Op};
use crate::planning::{Draft, Planning};
use crate::PlanOptions;

const SECURITY_CREDENTIALS: &str = "https://console.aws.amazon.com/iam/home#/security_credentials";

pub(crate) fn manual(
    cx: &mut Planning<'_>,
    resource: &str,
    title: &str,
    resolves: &[&str],
    steps: Vec<String>,
    page: &str,
) {
    cx.push(Draft {
        kind: "manual",
        resource: resource.into(),
        title: title.into(),
        op: Op::Manual,
        resolves,
        call: Call::Manual {
            steps,
            page: page.into(),
        },
        before: serde_json::Value::Null,
        after: serde_json::Value::Null,
    });
}

pub(crate) fn plan(cx: &mut Planning<'_>, opts: &PlanOptions) {
    root_keys(cx, opts);
    other_admins_without_mfa(cx);
    let summary = cx.snap.iam.summary_value("AccountMFAEnabled");
    if !matches!(summary, Observed::Known(Some(1))) {
        manual(cx, "root-mfa", "turn on MFA for the root user", &[check_ids::ROOT_NO_MFA, check_ids::ROOT_VIRTUAL_MFA], vec![
            "Sign in as the root user (the account's e-mail address)".into(),
            "Open Security credentials, then Multi-factor authentication (MFA), then Assign MFA device".into(),
            "Prefer a passkey or a hardware security key; follow the prompts".into(),
        ], SECURITY_CREDENTIALS);
    }
    let root_arn = cx.snap.root_arn();
    let virtual_root = match &cx.snap.iam.virtual_mfa_devices {
        Observed::Known(ds) => ds
            .iter()
            .any(|d| d.user_arn.as_deref() == Some(root_arn.as_str())),
        Observed::Unavailable(u) => {
            cx.unreadable_manual("whether the root user's MFA is a hardware key", u);
            false
        }
    };
    if virtual_root {
        manual(
            cx,
            "root-hardware-mfa",
            "give the root user a hardware key or passkey",
            &[check_ids::ROOT_VIRTUAL_MFA],
            vec![
                "Sign in as the root user and open Security credentials".into(),
                "Assign a passkey or hardware security key as an additional MFA device".into(),
                "Keep the virtual device only as a backup, or remove it once the key works".into(),
            ],
            SECURITY_CREDENTIALS,
        );
    }
    if cx.baseline.trail.kms_key_id.is_none() {
        // Trails no action encrypts: all of them without a key to use, or with the key
        // rampart creates, those homed outside its Region.
        let encrypting: Vec<&str> = cx
            .actions
            .iter()
            .filter_map(|a| match &a.call {
                Call::EnsureTrail {
                    kms_key_id: Some(_),
                    ..
                } => Some(a.resource.as_str()),
                _ => None,
            })
            .collect();
        let creating = cx
            .actions
            .iter()
            .any(|a| a.kind == "trail" && !encrypting.contains(&a.resource.as_str()));
        let unencrypted = creating
            || cx.snap.cloudtrail.trails.known().is_none_or(|ts| {
                ts.iter()
                    .any(|t| t.kms_key_id.is_none() && !encrypting.contains(&t.arn.as_str()))
            });
        if unencrypted {
            let mut steps = Vec::new();
            if !cx.baseline.trail.create_kms_key {
                steps.push("Either set `trail.kms = true` in rampart.toml and run `rampart apply` again: rampart creates a key (`alias/rampart-cloudtrail`, about 1 USD a month) whose key policy lets CloudTrail use it".into());
            }
            let own_key = if steps.is_empty() {
                "Create"
            } else {
                "Or create"
            };
            steps.push(format!("{own_key} a symmetric KMS key whose key policy lets cloudtrail.amazonaws.com use it (GenerateDataKey*, DescribeKey), set `trail.kms_key_id` in rampart.toml to its ARN and run `rampart apply` again"));
            manual(
                cx,
                "trail-kms",
                "encrypt trail logs with a KMS key",
                &[check_ids::TRAIL_NOT_KMS_ENCRYPTED],
                steps,
                "https://console.aws.amazon.com/kms/home#/kms/keys/create",
            );
        }
    }
    let admin_users: Vec<(String, bool)> = cx
        .actions
        .iter()
        .filter_map(|a| match &a.call {
            Call::EnsureUser {
                name,
                console_password,
                ..
            } => Some((name.clone(), *console_password)),
            _ => None,
        })
        .collect();
    let new_users: Vec<String> = admin_users.iter().map(|(n, _)| n.clone()).collect();
    let with_password = admin_users.iter().any(|(_, p)| *p);
    console_users_without_mfa(cx, &new_users);
    if !new_users.is_empty() {
        let alias = cx
            .snap
            .iam
            .account_aliases
            .known()
            .and_then(|a| a.first().cloned())
            .unwrap_or_else(|| cx.account.to_owned());
        let url = format!("https://{alias}.signin.aws.amazon.com/console");
        manual(cx, "sign-in-as-admin", "start using the admin user instead of root", &[], vec![
            if with_password {
                format!("Sign in at {url} as {} with the password shown by `rampart apply`, and choose a new one", new_users.join(", "))
            } else {
                format!("Sign in at {url} as {}", new_users.join(", "))
            },
            "Give the user an MFA device first (see the MFA step): until then the MFA policy denies everything else".into(),
            "Store the root user's password and MFA device somewhere safe, offline, and stop using root for daily work".into(),
            "Keep root for the tasks that need it: changing account settings, the root password or keys, restoring IAM permissions, activating IAM access to Billing, some tax invoices, closing the account, S3 MFA Delete, fixing a bucket policy that denies everyone, recovering an unmanageable KMS key".into(),
        ], &url);
    }
}

/// Admin access outside the baseline's admin group that does not require MFA. rampart does not
/// attach its MFA policy there itself: members without a device would be locked out of
/// everything at once, which is a decision for a person who knows them.
fn other_admins_without_mfa(cx: &mut Planning<'_>) {
    let Observed::Known(auth) = &cx.snap.iam.authorization else {
        return;
    };
    let iam = IamIndex::new(auth);
    let ours = &cx.baseline.admin_group;
    let groups: Vec<&str> = iam
        .admin_groups()
        .filter(|g| {
            let members = iam.members(&g.name);
            !g.name.eq_ignore_ascii_case(ours)
                && !iam.group_requires_mfa(&g.name)
                && (members.is_empty() || members.iter().any(|u| !iam.user_requires_mfa(u)))
        })
        .map(|g| g.name.as_str())
        .collect();
    let users: Vec<&str> = auth
        .users
        .iter()
        .filter(|u| iam.user_has_direct_admin(u) && !iam.user_requires_mfa(u))
        .map(|u| u.name.as_str())
        .collect();
    if groups.is_empty() && users.is_empty() {
        return;
    }
    let mut who = Vec::new();
    if !groups.is_empty() {
        who.push(format!("groups {}", listed(&groups)));
    }
    if !users.is_empty() {
        who.push(format!(
            "users with admin attached directly {}",
            listed(&users)
        ));
    }
    let policy = &cx.baseline.mfa_policy_name;
    manual(
        cx,
        "other-admins-mfa",
        "require MFA for the other administrators",
        &[check_ids::ADMIN_MFA_NOT_ENFORCED],
        vec![
            format!("Full admin without MFA: {}", who.join("; ")),
            "Make sure each of those users has an MFA device first (`rampart mfa status`, `rampart mfa enroll --user NAME`): the policy denies everything else to a user without one".into(),
            format!("Then attach the policy `{policy}` to each of them (Permissions, then Add permissions), or move the users into `{ours}` and remove the admin policies from the rest"),
        ],
        "https://console.aws.amazon.com/iam/home#/groups",
    );
}

/// Console users without MFA — those the credential report shows and the admin users this
/// plan gives a password — with the commands that enrol a device for each.
fn console_users_without_mfa(cx: &mut Planning<'_>, new_users: &[String]) {
    let mut names: Vec<String> = cx
        .snap
        .iam
        .credential_report
        .known()
        .map(|r| {
            r.users()
                .filter(|u| u.has_console_password() && !u.mfa_active)
                .map(|u| u.user.clone())
                .collect()
        })
        .unwrap_or_default();
    for n in new_users {
        if !names.iter().any(|m| m.eq_ignore_ascii_case(n)) {
            names.push(n.clone());
        }
    }
    if names.is_empty() {
        return;
    }
    let shown: Vec<&str> = names.iter().map(String::as_str).collect();
    let first = &names[0];
    manual(
        cx,
        "console-users-mfa",
        "give every console user an MFA device",
        &[check_ids::CONSOLE_USER_NO_MFA],
        vec![
            format!("Without MFA: {}", listed(&shown)),
            format!("An authenticator app: `rampart mfa enroll --user {first}` shows a QR code here and checks two codes"),
            format!("A hardware TOTP token: `rampart mfa enroll --user {first} --hardware SERIAL`; a security key or passkey: `rampart mfa enroll --user {first} --security-key` prints the console steps"),
        ],
        "https://console.aws.amazon.com/iam/home#/users",
    );
}

/// `a`, `b` and `c`, naming at most five.
fn listed(names: &[&str]) -> String {
    let mut shown: Vec<String> = names.iter().take(5).map(|n| format!("`{n}`")).collect();
    if names.len() > 5 {
        shown.push(format!("{} more", names.len() - 5));
    }
    shown.join(", ")
}

fn root_keys(cx: &mut Planning<'_>, opts: &PlanOptions) {
    let from_summary = cx
        .snap
        .iam
        .summary_value("AccountAccessKeysPresent")
        .known()
        .copied()
        .flatten()
        .unwrap_or(0);
    let from_report = cx
        .snap
        .iam
        .credential_report
        .known()
        .and_then(|r| r.root())
        .map_or(0, |r| r.access_keys.iter().filter(|k| k.active).count());
    let count = u32::try_from(from_report)
        .unwrap_or(0)
        .max(u32::from(from_summary > 0));
    if count == 0 {
        if let (Observed::Unavailable(u), Observed::Unavailable(_)) =
            (&cx.snap.iam.account_summary, &cx.snap.iam.credential_report)
        {
            if opts.delete_root_access_keys {
                cx.unreadable("whether the root user has access keys", u);
            } else {
                cx.unreadable_manual("whether the root user has access keys", u);
            }
        }
        return;
    }
    if opts.delete_root_access_keys && cx.snap.caller.is_root {
        cx.push(Draft {
            kind: "root-access-keys",
            resource: "root".into(),
            title: "root user access keys".into(),
            op: Op::Delete,
            resolves: &[check_ids::ROOT_ACCESS_KEYS],
            call: Call::DeleteRootAccessKeys { key_count: count },
            before: json!({"root_access_keys": count}),
            after: json!({"root_access_keys": 0}),
        })
        .notes
        .push("these keys stop working immediately; anything that still uses them breaks".into());
        return;
    }
    // A member of an organization whose root credentials the management account can read
    // (centralized root access): the organization plan deletes them, or says how.
    let member_root = cx
        .snap
        .organization
        .as_ref()
        .and_then(|o| o.root_credentials.as_ref())
        .and_then(Observed::known);
    if let Some(c) = member_root {
        if opts.organization && opts.delete_member_root_credentials && !c.access_keys.is_empty() {
            // The `member-root-credentials` action deletes them.
            return;
        }
    }
    let how = if member_root.is_some() {
        "or run `rampart apply --org --delete-member-root-credentials` from the management account"
            .to_owned()
    } else if cx.snap.caller.is_root {
        "or run `rampart apply --delete-root-access-keys` as root".to_owned()
    } else {
        "only the root user can delete them".to_owned()
    };
    manual(
        cx,
        "root-access-keys",
        "delete the root user's access keys",
        &[check_ids::ROOT_ACCESS_KEYS],
        vec![
            "Sign in as the root user and open Security credentials, then Access keys".into(),
            "Check where each key was last used; move that work to an IAM role or user first"
                .into(),
            format!("Deactivate, then delete each key ({how})"),
        ],
        SECURITY_CREDENTIALS,
    );
}
