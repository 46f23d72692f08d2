//! The organizations created through the gap endpoint, and the one part of AWS Organizations
//! moto lacks: trusted access for IAM.
//!
//! moto implements Organizations (organizations, accounts, `CloseAccount` → `SUSPENDED`, service
//! access), so those requests go to moto; the endpoint only reads moto's answers to
//! `CreateOrganization` and `CreateAccount` to learn which account manages which members.
//!
//! moto lacks this: `EnableAWSServiceAccess` / `DisableAWSServiceAccess` for
//! `iam.amazonaws.com` — moto's list of trusted services predates centralized root access and
//! refuses `iam.amazonaws.com` as "an unrecognized service principal". The endpoint serves those
//! two calls for IAM and adds IAM to moto's `ListAWSServiceAccessForOrganization` answer.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use hyper::StatusCode;
use serde_json::{json, Value};

use super::errors::{json_error, Reply};
use super::state::{lock, GapState};

/// The IAM service principal, for trusted access.
pub(crate) const IAM_PRINCIPAL: &str = "iam.amazonaws.com";

/// One organization as the endpoint knows it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Org {
    pub id: String,
    pub management: String,
    /// `ALL` or `CONSOLIDATED_BILLING`.
    pub feature_set: String,
    pub members: Vec<String>,
    /// When trusted access for IAM was enabled (`None`: it is not).
    pub iam_access: Option<DateTime<Utc>>,
    pub root_credentials_management: bool,
    pub root_sessions: bool,
}

/// Organizations by management account id.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    orgs: BTreeMap<String, Org>,
}

impl Registry {
    /// The organization `account` manages or belongs to.
    pub fn of(&mut self, account: &str) -> Option<&mut Org> {
        self.orgs
            .values_mut()
            .find(|o| o.management == account || o.members.iter().any(|m| m == account))
    }
}

impl GapState {
    /// Runs `f` on the organization of `account` (`None` when it belongs to none).
    pub fn with_org<R>(&self, account: &str, f: impl FnOnce(Option<&mut Org>) -> R) -> R {
        f(lock(&self.orgs).of(account))
    }
}

/// Learns from moto's successful answer to an Organizations call made by `account`.
pub(crate) fn learn(state: &GapState, account: &str, operation: &str, answer: &[u8]) {
    let Ok(answer) = serde_json::from_slice::<Value>(answer) else {
        return;
    };
    let mut registry = lock(&state.orgs);
    match operation {
        "CreateOrganization" => {
            let org = &answer["Organization"];
            let Some(id) = org["Id"].as_str() else {
                return;
            };
            registry.orgs.insert(
                account.to_owned(),
                Org {
                    id: id.to_owned(),
                    management: account.to_owned(),
                    feature_set: org["FeatureSet"].as_str().unwrap_or("ALL").to_owned(),
                    members: vec![],
                    iam_access: None,
                    root_credentials_management: false,
                    root_sessions: false,
                },
            );
        }
        "CreateAccount" => {
            let Some(member) = answer["CreateAccountStatus"]["AccountId"].as_str() else {
                return;
            };
            if let Some(org) = registry.orgs.get_mut(account) {
                org.members.push(member.to_owned());
            }
        }
        _ => {}
    }
}

/// Serves `EnableAWSServiceAccess` / `DisableAWSServiceAccess` for IAM; `None` for any other
/// service principal (moto answers those).
pub(crate) fn service_access(
    state: &GapState,
    account: &str,
    operation: &str,
    body: &[u8],
) -> Option<Reply> {
    let request = serde_json::from_slice::<Value>(body).unwrap_or_default();
    if request["ServicePrincipal"].as_str() != Some(IAM_PRINCIPAL) {
        return None;
    }
    Some(state.with_org(account, |org| {
        let Some(org) = org else {
            return not_in_use();
        };
        if org.management != account {
            return json_error(
                StatusCode::BAD_REQUEST,
                "AccessDeniedException",
                "You don't have permissions to access this resource.",
            );
        }
        if operation == "EnableAWSServiceAccess" {
            org.iam_access.get_or_insert_with(Utc::now);
        } else {
            org.iam_access = None;
        }
        super::errors::json(&json!({}))
    }))
}

fn not_in_use() -> Reply {
    json_error(
        StatusCode::BAD_REQUEST,
        "AWSOrganizationsNotInUseException",
        "Your account is not a member of an organization.",
    )
}

/// Adds IAM to moto's `ListAWSServiceAccessForOrganization` answer when trusted access for IAM
/// is on; `None` leaves the answer as it is.
pub(crate) fn add_iam_access(state: &GapState, account: &str, answer: &[u8]) -> Option<Vec<u8>> {
    let enabled = state.with_org(account, |org| org.and_then(|o| o.iam_access))?;
    let mut answer = serde_json::from_slice::<Value>(answer).ok()?;
    let list = answer["EnabledServicePrincipals"].as_array_mut()?;
    list.push(json!({
        "ServicePrincipal": IAM_PRINCIPAL,
        "DateEnabled": enabled.timestamp(),
    }));
    serde_json::to_vec(&answer).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_the_organization_and_its_members_from_moto() {
        let state = GapState::default();
        let made = json!({"Organization": {"Id": "o-abcdefghij", "FeatureSet": "ALL"}});
        learn(
            &state,
            "111111111111",
            "CreateOrganization",
            made.to_string().as_bytes(),
        );
        let member = json!({"CreateAccountStatus": {"AccountId": "222222222222"}});
        learn(
            &state,
            "111111111111",
            "CreateAccount",
            member.to_string().as_bytes(),
        );
        let org = state
            .with_org("222222222222", |o| o.map(|o| o.clone()))
            .expect("member's org");
        assert_eq!(org.id, "o-abcdefghij");
        assert_eq!(org.management, "111111111111");
        assert!(state.with_org("333333333333", |o| o.is_none()));
    }

    #[test]
    fn other_service_principals_are_left_to_moto() {
        let state = GapState::default();
        let body = json!({"ServicePrincipal": "config.amazonaws.com"}).to_string();
        assert!(service_access(&state, "1", "EnableAWSServiceAccess", body.as_bytes()).is_none());
        let iam = json!({"ServicePrincipal": IAM_PRINCIPAL}).to_string();
        let reply = service_access(&state, "1", "EnableAWSServiceAccess", iam.as_bytes());
        assert_eq!(reply.map(|r| r.status()), Some(StatusCode::BAD_REQUEST));
    }
}
