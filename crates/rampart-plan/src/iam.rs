//! IAM: the password policy, the MFA-enforcing policy, the admin group and the admin users.

use rampart_engines::policy::{administrator_access, NamedPolicy, ADMINISTRATOR_ACCESS_ARN};
use rampart_model::check_ids;
use rampart_model::iam::{AuthorizationDetails, IamGroup, IamUser, PasswordPolicy};
use rampart_model::iam_index::IamIndex;
use rampart_model::Observed;
use serde_json::{json, Value};

use crate::action::{Call, Op, Risk};
use crate::baseline::DEFAULT_ADMIN_USER;
use crate::documents;
use crate::lockout;
use crate::manual::manual;
use crate::planning::{Draft, Planning};
use crate::PlanOptions;

pub(crate) fn plan(cx: &mut Planning<'_>, opts: &PlanOptions) {
    password(cx);
    let auth = match &cx.snap.iam.authorization {
        Observed::Known(a) => a,
        Observed::Unavailable(u) => return cx.unreadable("the admin group and users", u),
    };
    let iam = IamIndex::new(auth);
    let group = auth.group(&cx.baseline.admin_group);
    // IAM names ignore case: an existing `admins` is the baseline's `Admins`, under its own name.
    let group_name = group.map_or_else(|| cx.baseline.admin_group.clone(), |g| g.name.clone());
    // What the group already does, by any policy: only what is missing is added.
    let group_admin = group.is_some_and(|g| iam.group_is_admin(&g.name));
    let group_mfa = group.is_some_and(|g| iam.group_requires_mfa(&g.name));
    let mfa_arn = format!(
        "arn:aws:iam::{}:policy/{}",
        cx.account, cx.baseline.mfa_policy_name
    );
    if !group_mfa {
        mfa_policy(cx, auth, &mfa_arn);
    }
    // The policies the group gains, for foreseeing what joining it does to a user.
    let mfa_doc = documents::mfa_policy();
    let mut gained = Vec::new();
    if !group_admin {
        gained.push(NamedPolicy {
            name: "AdministratorAccess",
            document: administrator_access(),
        });
    }
    if !group_mfa {
        gained.push(NamedPolicy {
            name: &cx.baseline.mfa_policy_name,
            document: &mfa_doc,
        });
    }

    let mut wanted = Vec::new();
    if !group_admin {
        wanted.push(ADMINISTRATOR_ACCESS_ARN.to_owned());
    }
    let mut mfa_deferred = None;
    if !group_mfa {
        // Members already in the group feel the MFA policy as soon as it is attached.
        let members: Vec<&IamUser> = group
            .map(|g| iam.members(&g.name).to_vec())
            .unwrap_or_default();
        let locked = lockout::locked_out(cx.snap, &iam, &members, None, &gained);
        if locked.is_empty() || opts.allow_mfa_lockout {
            wanted.push(mfa_arn.clone());
        } else {
            mfa_deferred = Some(locked.clone());
        }
        if !locked.is_empty() && opts.allow_mfa_lockout {
            cx.lockout_notes.push((group_name.clone(), locked));
        }
    }
    let attached: Vec<String> = group
        .map(|g| g.attached_policies.iter().map(|p| p.arn.clone()).collect())
        .unwrap_or_default();
    wanted.retain(|w| !attached.contains(w));
    if group.is_none() || !wanted.is_empty() {
        let mut after: Vec<String> = attached.clone();
        after.extend(wanted.iter().cloned());
        cx.push(Draft {
            kind: "admin-group",
            resource: group_name.clone(),
            title: format!("admin group `{group_name}`"),
            op: if group.is_some() {
                Op::Update
            } else {
                Op::Create
            },
            resolves: if group_mfa || mfa_deferred.is_some() {
                &[check_ids::NO_ADMIN_GROUP]
            } else {
                &[check_ids::NO_ADMIN_GROUP, check_ids::ADMIN_MFA_NOT_ENFORCED]
            },
            call: Call::EnsureGroup {
                name: group_name.clone(),
                policy_arns: wanted,
            },
            before: if group.is_some() {
                json!({"attached_policies": attached})
            } else {
                Value::Null
            },
            after: json!({"attached_policies": after}),
        });
    }
    if let Some(locked) = mfa_deferred {
        let policy = cx.baseline.mfa_policy_name.clone();
        manual(
            cx,
            "admin-group-mfa",
            "require MFA in the admin group once its members can use it",
            &[check_ids::ADMIN_MFA_NOT_ENFORCED],
            vec![
                format!("Attaching `{policy}` to `{group_name}` would lock out {}", lockout::describe(&locked)),
                format!("First give each of them an MFA device (`rampart mfa enroll --user NAME`) and move scripts that use their keys to `aws sts get-session-token --serial-number … --token-code …` or to a role"),
                format!("Then attach it: `aws iam attach-group-policy --group-name {group_name} --policy-arn {mfa_arn}`, or run `rampart apply --allow-mfa-lockout`"),
            ],
            "https://console.aws.amazon.com/iam/home#/groups",
        );
    }
    let group_after = group;
    admin_users(cx, auth, &iam, &group_name, group_after, &gained, opts);
    for (name, locked) in std::mem::take(&mut cx.lockout_notes) {
        if let Some(a) = cx
            .actions
            .iter_mut()
            .find(|a| a.kind == "admin-group" && a.resource == name)
        {
            a.risk = Risk::NeedsConfirmation;
            a.notes.push(format!(
                "attaching the MFA policy locks out {}",
                lockout::describe(&locked)
            ));
        }
    }
}

/// The baseline's MFA-enforcing customer managed policy, created or corrected.
fn mfa_policy(cx: &mut Planning<'_>, auth: &AuthorizationDetails, arn: &str) {
    let existing = auth.policies.iter().find(|p| p.arn == arn);
    let enforces = existing
        .and_then(|p| p.document.as_ref())
        .is_some_and(rampart_engines::policy::PolicyDocument::requires_mfa_for_admin);
    if enforces {
        return;
    }
    let name = cx.baseline.mfa_policy_name.clone();
    cx.push(Draft {
        kind: "mfa-policy",
        resource: arn.to_owned(),
        title: format!("MFA-enforcing policy `{name}`"),
        op: if existing.is_some() {
            Op::Update
        } else {
            Op::Create
        },
        resolves: &[check_ids::ADMIN_MFA_NOT_ENFORCED],
        call: Call::EnsureManagedPolicy {
            name,
            arn: arn.to_owned(),
            document: documents::mfa_policy(),
        },
        before: json!({"exists": existing.is_some(), "enforces_mfa": false}),
        after: json!({"exists": true, "enforces_mfa": true}),
    });
}

/// The configured admin users, each in the group with a console password; with none
/// configured, [`DEFAULT_ADMIN_USER`] when the group has no console user yet.
fn admin_users<'p>(
    cx: &mut Planning<'_>,
    auth: &'p AuthorizationDetails,
    iam: &IamIndex<'p>,
    group_name: &str,
    group: Option<&'p IamGroup>,
    gained: &[NamedPolicy<'p>],
    opts: &PlanOptions,
) {
    let report = cx.snap.iam.credential_report.known();
    let console = |name: &str| {
        report
            .and_then(|r| r.users().find(|row| row.user == name))
            .is_some_and(rampart_model::credential_report::CredentialRow::has_console_password)
    };
    let names = if cx.baseline.admin_users.is_empty() {
        let members = iam.members(group_name);
        if report.is_none() && !members.is_empty() {
            cx.unreadable_text(format!("an admin user: the credential report could not be read, so whether a member of `{group_name}` has a console password is not known"));
            return;
        }
        if members.iter().any(|u| console(&u.name)) {
            return;
        }
        vec![DEFAULT_ADMIN_USER.to_owned()]
    } else {
        if report.is_none() {
            cx.unreadable_text("console passwords of the admin users: the credential report could not be read; a password is planned".into());
        }
        cx.baseline.admin_users.clone()
    };
    for name in names {
        let user = auth.user(&name);
        let name = user.map_or(name, |u| u.name.clone());
        let in_group =
            user.is_some_and(|u| u.groups.iter().any(|g| g.eq_ignore_ascii_case(group_name)));
        let console = console(&name);
        if user.is_some() && in_group && console {
            continue;
        }
        let locked = match user.filter(|_| !in_group) {
            Some(u) => lockout::locked_out(cx.snap, iam, &[u], group, gained),
            None => Vec::new(),
        };
        if !locked.is_empty() && !opts.allow_mfa_lockout {
            let mut steps = vec![
                format!("Adding `{name}` to `{group_name}` would lock it out: {}", lockout::describe(&locked)),
                format!("Give it an MFA device first: `rampart mfa enroll --user {name}`; scripts that use its key must then call `aws sts get-session-token` with an MFA code, or move to a role"),
                format!("Then add it: `aws iam add-user-to-group --user-name {name} --group-name {group_name}`, or run `rampart apply --allow-mfa-lockout`"),
            ];
            if !console {
                steps.push(format!("Give it a console password: `aws iam create-login-profile --user-name {name} --password-reset-required --password …`"));
            }
            manual(
                cx,
                &format!("admin-user-{name}"),
                &format!("add `{name}` to the admin group once it has MFA"),
                &[check_ids::NO_ADMIN_USER],
                steps,
                "https://console.aws.amazon.com/iam/home#/users",
            );
            continue;
        }
        let action = cx.push(Draft {
            kind: "admin-user",
            resource: name.clone(),
            title: format!("admin user `{name}`"),
            op: if user.is_some() {
                Op::Update
            } else {
                Op::Create
            },
            resolves: &[check_ids::NO_ADMIN_USER],
            call: Call::EnsureUser {
                name: name.clone(),
                group: group_name.to_owned(),
                console_password: !console,
            },
            before: user.map_or(
                Value::Null,
                |_| json!({"in_admin_group": in_group, "console_password": console}),
            ),
            after: json!({"in_admin_group": true, "console_password": true, "access_keys": 0}),
        });
        if !console {
            action.notes.push("a generated password is shown once at the end of apply; it must be changed at first sign-in".into());
        }
        if !locked.is_empty() {
            action.risk = Risk::NeedsConfirmation;
            action.notes.push(format!(
                "joining the group locks out {}",
                lockout::describe(&locked)
            ));
        }
    }
}

/// The stricter of the current policy and the baseline, field by field; settings the baseline
/// does not manage (maximum age, hard expiry) stay as they are.
pub(crate) fn stricter(current: Option<&PasswordPolicy>, want: &PasswordPolicy) -> PasswordPolicy {
    let Some(c) = current else {
        return want.clone();
    };
    PasswordPolicy {
        minimum_password_length: c.minimum_password_length.max(want.minimum_password_length),
        require_symbols: c.require_symbols || want.require_symbols,
        require_numbers: c.require_numbers || want.require_numbers,
        require_uppercase_characters: c.require_uppercase_characters
            || want.require_uppercase_characters,
        require_lowercase_characters: c.require_lowercase_characters
            || want.require_lowercase_characters,
        allow_users_to_change_password: c.allow_users_to_change_password
            || want.allow_users_to_change_password,
        max_password_age: c.max_password_age,
        password_reuse_prevention: c
            .password_reuse_prevention
            .max(want.password_reuse_prevention),
        hard_expiry: c.hard_expiry,
    }
}

fn password(cx: &mut Planning<'_>) {
    let current = match &cx.snap.iam.password_policy {
        Observed::Known(p) => p.as_ref(),
        Observed::Unavailable(u) => return cx.unreadable("the password policy", u),
    };
    let want = stricter(current, &cx.baseline.password_policy);
    if current == Some(&want) {
        return;
    }
    cx.push(Draft {
        kind: "password-policy",
        resource: "account".into(),
        title: "account password policy".into(),
        op: if current.is_some() {
            Op::Update
        } else {
            Op::Create
        },
        resolves: &[
            check_ids::PASSWORD_TOO_SHORT,
            check_ids::PASSWORD_REUSE_ALLOWED,
            check_ids::PASSWORD_POLICY_WEAK,
        ],
        call: Call::PutPasswordPolicy {
            policy: want.clone(),
        },
        before: current.map_or(Value::Null, |c| {
            serde_json::to_value(c).unwrap_or(Value::Null)
        }),
        after: serde_json::to_value(&want).unwrap_or(Value::Null),
    });
}
