//! Test organizations: a fresh management account with member accounts created through AWS
//! Organizations on moto, and handles to set each member's root user and reachability.

use serde_json::json;

use crate::gap::state::{Fault, RootState};
use crate::{org_api, Emulator, TestAccount};

/// The role Organizations creates in each account it creates.
pub const MEMBER_ROLE: &str = "OrganizationAccountAccessRole";

/// An organization on the emulator: its management account and its members.
#[derive(Debug, Clone)]
pub struct Organization {
    /// `o-…`, as `DescribeOrganization` gives it.
    pub id: String,
    /// The management account, reached through the gap endpoint.
    pub management: TestAccount,
    /// The member accounts' ids, in creation order (the management account is not among them).
    pub members: Vec<String>,
}

impl Emulator {
    /// A new organization (all features) managed by a fresh account, with `n_members` accounts
    /// created by Organizations. Like AWS's, their root users have no password, keys, MFA or
    /// certificates; centralized root access is off. Panics when moto refuses a step.
    pub async fn new_organization(&self, n_members: usize) -> Organization {
        let management = self.new_account().await;
        let created = org_api::call(
            &management,
            "CreateOrganization",
            &json!({"FeatureSet": "ALL"}),
        )
        .await;
        let id = match created {
            Ok(out) => out["Organization"]["Id"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            Err(why) => panic!("moto refused to create an organization: {why}"),
        };
        let mut members = vec![];
        for n in 0..n_members {
            let input = json!({
                "AccountName": format!("member-{n}"),
                "Email": format!("member-{n}@{id}.example.com"),
            });
            let created = org_api::call(&management, "CreateAccount", &input).await;
            let member = match created {
                Ok(out) => out["CreateAccountStatus"]["AccountId"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                Err(why) => panic!("moto refused to create a member account: {why}"),
            };
            management.state.with(&member, |a| {
                a.root = RootState {
                    login_profile: false,
                    ..RootState::default()
                }
            });
            members.push(member);
        }
        Organization {
            id,
            management,
            members,
        }
    }
}

impl Organization {
    /// The root user's facts of account `member` (see [`TestAccount::root`]).
    pub fn root(&self, member: &str) -> RootState {
        self.management.state.with(member, |a| a.root.clone())
    }

    /// Sets the root user's facts of account `member`: its password (`login_profile`), access
    /// keys, MFA device and signing certificates.
    pub fn set_root(&self, member: &str, root: RootState) {
        self.management.state.with(member, |a| a.root = root);
    }

    /// Makes every `sts:AssumeRole` from the management account into `member` fail with
    /// `AccessDenied`, as when the member's role does not trust the management account.
    pub fn make_unreachable(&self, member: &str) {
        self.management.inject(Fault::AssumeRoleDenied {
            account_id: member.to_owned(),
        });
    }

    /// Closes `member` through Organizations `CloseAccount`, which moto implements: the
    /// account's status becomes `SUSPENDED` in `ListAccounts` and `DescribeAccount`.
    pub async fn suspend(&self, member: &str) {
        let input = json!({ "AccountId": member });
        if let Err(why) = org_api::call(&self.management, "CloseAccount", &input).await {
            panic!("moto refused to close account {member}: {why}");
        }
    }

    /// Turns centralized root access on or off as the management account would: trusted
    /// access for IAM, then the `RootCredentialsManagement` and `RootSessions` features (both
    /// off when `trusted_access` is off).
    pub fn set_root_access(&self, trusted_access: bool, credentials: bool, sessions: bool) {
        let account = &self.management.account_id;
        self.management.state.with_org(account, |org| {
            let Some(org) = org else { return };
            org.iam_access = trusted_access.then(chrono::Utc::now);
            org.root_credentials_management = trusted_access && credentials;
            org.root_sessions = trusted_access && sessions;
        });
    }

    /// Calls an Organizations operation as the management account (see
    /// [`TestAccount::call_organizations`]), e.g. `("EnableAWSServiceAccess", {"ServicePrincipal":
    /// "iam.amazonaws.com"})`. Answers the output, or the error's type and message.
    pub async fn call(
        &self,
        operation: &str,
        input: serde_json::Value,
    ) -> Result<serde_json::Value, String> {
        org_api::call(&self.management, operation, &input).await
    }

    /// The member account `member` reached as the management account reaches it:
    /// `sts:AssumeRole` into its `OrganizationAccountAccessRole` through the gap endpoint.
    pub async fn member(&self, member: &str) -> Result<TestAccount, String> {
        let sts = aws_sdk_sts::Client::new(&self.management.sdk_config("us-east-1").await);
        let out = sts
            .assume_role()
            .role_arn(format!("arn:aws:iam::{member}:role/{MEMBER_ROLE}"))
            .role_session_name("rampart-test")
            .send()
            .await
            .map_err(|e| {
                format!(
                    "AssumeRole into {member}: {}",
                    aws_sdk_sts::error::DisplayErrorContext(e)
                )
            })?;
        let creds = out
            .credentials
            .ok_or_else(|| format!("AssumeRole into {member} answered no credentials"))?;
        Ok(self.management.reached_with(
            member,
            &creds.access_key_id,
            &creds.secret_access_key,
            Some(creds.session_token),
        ))
    }
}
