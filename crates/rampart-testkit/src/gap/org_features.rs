//! Centralized root access, the IAM side: `iam:ListOrganizationsFeatures` and the
//! `Enable…`/`Disable…` pairs for `RootCredentialsManagement` and `RootSessions`.
//!
//! moto lacks this: moto 5.2 has no centralized root access at all (these IAM actions answer
//! "not implemented"). The endpoint keeps the features per organization (see
//! `gap::organizations`) and answers as the IAM API reference says, with its errors: no
//! organization, not the management account, organization without all features, and no trusted
//! access for IAM. Delegated administrators for IAM are not modelled: only the management
//! account may call these.

use hyper::StatusCode;

use super::errors::{error, reply, Reply};
use super::organizations::Org;
use super::request::RequestInfo;
use super::state::GapState;

const ROOT_CREDENTIALS: &str = "RootCredentialsManagement";
const ROOT_SESSIONS: &str = "RootSessions";

/// Answers one of the five operations; `None` for any other.
pub(crate) fn answer(state: &GapState, account: &str, info: &RequestInfo) -> Option<Reply> {
    let op = info.operation.as_str();
    let change: Option<(&str, bool)> = match op {
        "ListOrganizationsFeatures" => None,
        "EnableOrganizationsRootCredentialsManagement" => Some((ROOT_CREDENTIALS, true)),
        "DisableOrganizationsRootCredentialsManagement" => Some((ROOT_CREDENTIALS, false)),
        "EnableOrganizationsRootSessions" => Some((ROOT_SESSIONS, true)),
        "DisableOrganizationsRootSessions" => Some((ROOT_SESSIONS, false)),
        _ => return None,
    };
    Some(state.with_org(account, |org| {
        let Some(org) = org else {
            return error(
                info,
                StatusCode::BAD_REQUEST,
                "OrganizationNotFoundException",
                "The request was rejected because no organization is associated with your account.",
            );
        };
        if let Some(refused) = refusal(info, account, org, change) {
            return refused;
        }
        match change {
            Some((ROOT_CREDENTIALS, on)) => org.root_credentials_management = on,
            Some((_, on)) => org.root_sessions = on,
            None => {}
        }
        features_answer(op, org)
    }))
}

/// The errors AWS gives a member of `org`, in the order it checks them.
fn refusal(
    info: &RequestInfo,
    account: &str,
    org: &Org,
    change: Option<(&str, bool)>,
) -> Option<Reply> {
    let fail = |code: &str, message: &str| error(info, StatusCode::BAD_REQUEST, code, message);
    if org.management != account {
        let enabling = matches!(change, Some((_, true)));
        return Some(if enabling {
            fail(
                "CallerIsNotManagementAccountException",
                "The request was rejected because the account making the request is not the \
                 management account for the organization.",
            )
        } else {
            fail(
                "AccountNotManagementOrDelegatedAdministratorException",
                "The request was rejected because the account making the request is not the \
                 management account or delegated administrator account for centralized root \
                 access.",
            )
        });
    }
    if org.feature_set != "ALL" {
        return Some(fail(
            "OrganizationNotInAllFeaturesModeException",
            "The request was rejected because your organization does not have All features \
             enabled.",
        ));
    }
    if org.iam_access.is_none() {
        return Some(fail(
            "ServiceAccessNotEnabledException",
            "The request was rejected because trusted access is not enabled for IAM in AWS \
             Organizations.",
        ));
    }
    None
}

fn features_answer(operation: &str, org: &Org) -> Reply {
    let mut features = String::new();
    if org.root_credentials_management {
        features.push_str(&format!("<member>{ROOT_CREDENTIALS}</member>"));
    }
    if org.root_sessions {
        features.push_str(&format!("<member>{ROOT_SESSIONS}</member>"));
    }
    reply(
        StatusCode::OK,
        "text/xml",
        format!(
            "<{operation}Response xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\
             <{operation}Result><OrganizationId>{}</OrganizationId>\
             <EnabledFeatures>{features}</EnabledFeatures></{operation}Result>\
             <ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000000</RequestId>\
             </ResponseMetadata></{operation}Response>",
            org.id
        ),
    )
}
