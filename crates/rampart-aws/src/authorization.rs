//! Users, groups, roles and managed policies from `GetAccountAuthorizationDetails`.
//!
//! One paginated sweep (1,000 items a page) returns every principal with its inline and
//! attached policies, so the number of requests grows with pages, never with users. Policy
//! documents arrive URL-encoded; of a managed policy's versions only the default one is kept.
//! A document that does not parse makes the whole fact an `Error`: guessing at permissions
//! would be worse than saying they could not be read.

use chrono::{DateTime, Utc};
use rampart_engines::policy::PolicyDocument;
use rampart_model::iam::{
    AttachedPolicy, AuthorizationDetails, IamGroup, IamRole, IamUser, InlinePolicy, ManagedPolicy,
};
use rampart_model::{Observed, Unavailable};

use crate::errors::{bad_answer, unavailable};
use crate::sdk_values::to_chrono;

const ACTION: &str = "iam:GetAccountAuthorizationDetails";

/// All pages of `GetAccountAuthorizationDetails`.
pub(crate) async fn collect(iam: &aws_sdk_iam::Client) -> Observed<AuthorizationDetails> {
    let mut pages = iam
        .get_account_authorization_details()
        .max_items(1000)
        .into_paginator()
        .send();
    let mut details = AuthorizationDetails::default();
    while let Some(page) = pages.next().await {
        let page = match page {
            Ok(p) => p,
            Err(e) => return Observed::Unavailable(unavailable(ACTION, &e)),
        };
        if let Err(u) = add_page(&mut details, &page) {
            return Observed::Unavailable(u);
        }
    }
    Observed::Known(details)
}

/// The boundary a user or role has, named by its ARN's last segment.
fn boundary(b: &aws_sdk_iam::types::AttachedPermissionsBoundary) -> Option<AttachedPolicy> {
    let arn = b.permissions_boundary_arn()?;
    Some(AttachedPolicy {
        name: arn.rsplit('/').next().unwrap_or(arn).to_owned(),
        arn: arn.to_owned(),
    })
}

fn add_page(
    details: &mut AuthorizationDetails,
    page: &aws_sdk_iam::operation::get_account_authorization_details::GetAccountAuthorizationDetailsOutput,
) -> Result<(), Unavailable> {
    for u in page.user_detail_list() {
        let name = u.user_name().unwrap_or_default().to_owned();
        details.users.push(IamUser {
            arn: u.arn().unwrap_or_default().to_owned(),
            path: u.path().unwrap_or("/").to_owned(),
            create_date: created("user", &name, u.create_date())?,
            groups: u.group_list().to_vec(),
            attached_policies: attached(u.attached_managed_policies()),
            inline_policies: inline("user", &name, u.user_policy_list())?,
            permissions_boundary: u.permissions_boundary().and_then(boundary),
            name,
        });
    }
    for g in page.group_detail_list() {
        let name = g.group_name().unwrap_or_default().to_owned();
        details.groups.push(IamGroup {
            arn: g.arn().unwrap_or_default().to_owned(),
            path: g.path().unwrap_or("/").to_owned(),
            create_date: created("group", &name, g.create_date())?,
            attached_policies: attached(g.attached_managed_policies()),
            inline_policies: inline("group", &name, g.group_policy_list())?,
            name,
        });
    }
    for r in page.role_detail_list() {
        let name = r.role_name().unwrap_or_default().to_owned();
        details.roles.push(IamRole {
            arn: r.arn().unwrap_or_default().to_owned(),
            path: r.path().unwrap_or("/").to_owned(),
            create_date: created("role", &name, r.create_date())?,
            attached_policies: attached(r.attached_managed_policies()),
            inline_policies: inline("role", &name, r.role_policy_list())?,
            permissions_boundary: r.permissions_boundary().and_then(boundary),
            name,
        });
    }
    for p in page.policies() {
        let arn = p.arn().unwrap_or_default();
        // Some endpoints leave the name out; it is the ARN's last path segment.
        let name = p
            .policy_name()
            .or_else(|| arn.rsplit('/').next())
            .unwrap_or_default()
            .to_owned();
        let default_version = p.policy_version_list().iter().find(|v| {
            v.is_default_version()
                || (v.version_id().is_some() && v.version_id() == p.default_version_id())
        });
        let document = match default_version.and_then(|v| v.document()) {
            Some(text) => Some(document("managed policy", &name, text)?),
            None => None,
        };
        details.policies.push(ManagedPolicy {
            arn: arn.to_owned(),
            attachment_count: p
                .attachment_count()
                .and_then(|c| u32::try_from(c).ok())
                .unwrap_or(0),
            document,
            name,
        });
    }
    Ok(())
}

fn created(
    kind: &str,
    name: &str,
    t: Option<&aws_smithy_types::DateTime>,
) -> Result<DateTime<Utc>, Unavailable> {
    t.and_then(to_chrono)
        .ok_or_else(|| bad_answer(ACTION, format!("{kind} `{name}` has no valid CreateDate")))
}

fn attached(list: &[aws_sdk_iam::types::AttachedPolicy]) -> Vec<AttachedPolicy> {
    list.iter()
        .map(|a| AttachedPolicy {
            name: a.policy_name().unwrap_or_default().to_owned(),
            arn: a.policy_arn().unwrap_or_default().to_owned(),
        })
        .collect()
}

fn inline(
    kind: &str,
    owner: &str,
    list: &[aws_sdk_iam::types::PolicyDetail],
) -> Result<Vec<InlinePolicy>, Unavailable> {
    list.iter()
        .map(|p| {
            let name = p.policy_name().unwrap_or_default().to_owned();
            let text = p.policy_document().unwrap_or_default();
            let document = document(&format!("inline policy of {kind} `{owner}`:"), &name, text)?;
            Ok(InlinePolicy { name, document })
        })
        .collect()
}

fn document(what: &str, name: &str, text: &str) -> Result<PolicyDocument, Unavailable> {
    PolicyDocument::parse_url_encoded(text)
        .map_err(|e| bad_answer(ACTION, format!("{what} `{name}`: {e}")))
}

#[cfg(test)]
mod tests {
    use aws_sdk_iam::operation::get_account_authorization_details::GetAccountAuthorizationDetailsOutput;
    use aws_sdk_iam::types::{
        GroupDetail, ManagedPolicyDetail, PolicyDetail, PolicyVersion, UserDetail,
    };

    use super::*;

    const ADMIN: &str = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D";
    const READ: &str = r#"{"Statement":{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}}"#;

    #[test]
    fn maps_principals_and_keeps_only_default_versions() {
        let t = aws_smithy_types::DateTime::from_secs(1_700_000_000);
        let page = GetAccountAuthorizationDetailsOutput::builder()
            .user_detail_list(
                UserDetail::builder()
                    .user_name("alice")
                    .arn("arn:aws:iam::123456789012:user/alice")
                    .create_date(t)
                    .group_list("admins")
                    .user_policy_list(
                        PolicyDetail::builder()
                            .policy_name("inline")
                            .policy_document(ADMIN)
                            .build(),
                    )
                    .build(),
            )
            .group_detail_list(
                GroupDetail::builder()
                    .group_name("admins")
                    .arn("arn:g")
                    .create_date(t)
                    .build(),
            )
            .policies(
                ManagedPolicyDetail::builder()
                    .arn("arn:aws:iam::123456789012:policy/p")
                    .default_version_id("v2")
                    .attachment_count(1)
                    .policy_version_list(
                        PolicyVersion::builder()
                            .version_id("v1")
                            .document(ADMIN)
                            .is_default_version(false)
                            .build(),
                    )
                    .policy_version_list(
                        PolicyVersion::builder()
                            .version_id("v2")
                            .document(READ)
                            .is_default_version(true)
                            .build(),
                    )
                    .build(),
            )
            .build();
        let mut details = AuthorizationDetails::default();
        assert!(add_page(&mut details, &page).is_ok());
        assert_eq!(details.users[0].groups, vec!["admins".to_owned()]);
        assert!(details.users[0].inline_policies[0]
            .document
            .grants_full_admin());
        assert_eq!(details.groups[0].name, "admins");
        let policy = &details.policies[0];
        assert_eq!(policy.attachment_count, 1);
        assert_eq!(policy.name, "p", "a missing name comes from the ARN");
        assert!(
            !policy
                .document
                .as_ref()
                .is_some_and(PolicyDocument::grants_full_admin),
            "v1 must be ignored"
        );
        assert!(policy.document.is_some());
    }

    #[test]
    fn a_broken_document_is_an_error_fact() {
        let t = aws_smithy_types::DateTime::from_secs(1_700_000_000);
        let page = GetAccountAuthorizationDetailsOutput::builder()
            .user_detail_list(
                UserDetail::builder()
                    .user_name("bob")
                    .create_date(t)
                    .user_policy_list(
                        PolicyDetail::builder()
                            .policy_name("bad")
                            .policy_document("%7Bnope")
                            .build(),
                    )
                    .build(),
            )
            .build();
        let err = add_page(&mut AuthorizationDetails::default(), &page).err();
        assert!(
            err.as_ref()
                .is_some_and(|u| u.message.contains("`bob`") && u.message.contains("`bad`")),
            "{err:?}"
        );
    }
}
