//! The organization itself: who manages it, which accounts it has (under which organizational
//! units), and whether centralized root access is on.

use std::collections::BTreeSet;

use aws_sdk_iam::types::FeatureType;
use rampart_model::organization::RootAccess;
use rampart_model::Observed;

use super::{Found, OrgError, OrgOptions};
use crate::cause::SdkCause;
use crate::clients::{Clients, US_EAST_1};
use crate::errors::unavailable;

/// IAM's service principal, for trusted access.
pub(crate) const IAM_PRINCIPAL: &str = "iam.amazonaws.com";

/// One account as Organizations lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedAccount {
    pub id: String,
    pub name: String,
    /// `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`, …
    pub state: String,
}

/// The organization, its selected accounts and its root access settings.
pub(crate) async fn organization(clients: Clients, opts: &OrgOptions) -> Result<Found, OrgError> {
    let region = clients.region().to_owned();
    let (caller, _) = crate::account::caller_identity(&clients.sts(&region)).await?;
    let orgs = clients.organizations(US_EAST_1);
    let described = match orgs.describe_organization().send().await {
        Ok(out) => out,
        Err(e)
            if e.as_service_error()
                .is_some_and(aws_sdk_organizations::operation::describe_organization::DescribeOrganizationError::is_aws_organizations_not_in_use_exception) =>
        {
            return Err(OrgError::NotInOrganization(caller))
        }
        Err(e) => {
            return Err(OrgError::Read {
                action: "organizations:DescribeOrganization",
                cause: SdkCause::new("organizations:DescribeOrganization", e),
            })
        }
    };
    let org = described.organization();
    let id = org.and_then(|o| o.id()).unwrap_or_default().to_owned();
    let management = org
        .and_then(|o| o.master_account_id())
        .unwrap_or_default()
        .to_owned();
    let iam = clients.iam(&region);
    let (listed, root_access, root) = tokio::join!(
        selected_accounts(&orgs, opts),
        root_access(&iam, &orgs),
        super::scp::root(&clients)
    );
    Ok(Found {
        id,
        management,
        caller,
        root_access,
        root,
        accounts: listed?,
    })
}

/// The accounts `--ou` and `--accounts` select, in listing order. Without `--accounts`, only
/// the accounts that are `ACTIVE`: a closed account stays listed (`SUSPENDED`) for 90 days and
/// cannot be audited. An account named by `--accounts` is kept whatever its state, so that it
/// is reported rather than dropped.
async fn selected_accounts(
    orgs: &aws_sdk_organizations::Client,
    opts: &OrgOptions,
) -> Result<Vec<ListedAccount>, OrgError> {
    let mut listed = if opts.ous.is_empty() {
        all_accounts(orgs).await?
    } else {
        let mut under = vec![];
        for ou in &opts.ous {
            under.extend(accounts_under(orgs, ou).await?);
        }
        let mut seen = BTreeSet::new();
        under.retain(|a: &ListedAccount| seen.insert(a.id.clone()));
        under
    };
    if opts.accounts.is_empty() {
        listed.retain(|a| a.state == "ACTIVE");
    } else {
        if opts.ous.is_empty() {
            if let Some(unknown) = opts
                .accounts
                .iter()
                .find(|id| !listed.iter().any(|a| &a.id == *id))
            {
                return Err(OrgError::UnknownAccount(unknown.clone()));
            }
        }
        listed.retain(|a| opts.accounts.contains(&a.id));
    }
    if listed.is_empty() {
        return Err(OrgError::NoAccounts);
    }
    Ok(listed)
}

fn read_error<E>(action: &'static str, e: aws_sdk_organizations::error::SdkError<E>) -> OrgError
where
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata
        + std::error::Error
        + Send
        + Sync
        + 'static,
{
    OrgError::Read {
        action,
        cause: SdkCause::new(action, e),
    }
}

fn listed(a: &aws_sdk_organizations::types::Account) -> ListedAccount {
    // `State` replaces the older `Status`; either may be the only one answered.
    #[allow(deprecated)]
    let status = a.status().map(|s| s.as_str().to_owned());
    let state = a.state().map(|s| s.as_str().to_owned()).or(status);
    ListedAccount {
        id: a.id().unwrap_or_default().to_owned(),
        name: a.name().unwrap_or_default().to_owned(),
        state: state.unwrap_or_else(|| "UNKNOWN".to_owned()),
    }
}

/// Every account of the organization.
async fn all_accounts(
    orgs: &aws_sdk_organizations::Client,
) -> Result<Vec<ListedAccount>, OrgError> {
    const ACTION: &str = "organizations:ListAccounts";
    let mut out = vec![];
    let mut pages = orgs.list_accounts().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| read_error(ACTION, e))?;
        out.extend(page.accounts().iter().map(listed));
    }
    Ok(out)
}

/// The accounts under organizational unit `ou`, at any depth.
async fn accounts_under(
    orgs: &aws_sdk_organizations::Client,
    ou: &str,
) -> Result<Vec<ListedAccount>, OrgError> {
    const ACCOUNTS: &str = "organizations:ListAccountsForParent";
    const CHILDREN: &str = "organizations:ListOrganizationalUnitsForParent";
    let mut out = vec![];
    let mut parents = vec![ou.to_owned()];
    let mut first = true;
    while let Some(parent) = parents.pop() {
        let mut pages = orgs
            .list_accounts_for_parent()
            .parent_id(&parent)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = match page {
                Ok(p) => p,
                Err(e)
                    if first
                        && e.as_service_error().is_some_and(|s| {
                            s.is_parent_not_found_exception() || s.is_invalid_input_exception()
                        }) =>
                {
                    return Err(OrgError::UnknownOu(ou.to_owned()))
                }
                Err(e) => return Err(read_error(ACCOUNTS, e)),
            };
            out.extend(page.accounts().iter().map(listed));
        }
        first = false;
        let mut pages = orgs
            .list_organizational_units_for_parent()
            .parent_id(&parent)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| read_error(CHILDREN, e))?;
            parents.extend(
                page.organizational_units()
                    .iter()
                    .filter_map(|u| u.id().map(str::to_owned)),
            );
        }
    }
    Ok(out)
}

/// Centralized root access: IAM's trusted access and its two organization features.
pub(crate) async fn root_access(
    iam: &aws_sdk_iam::Client,
    orgs: &aws_sdk_organizations::Client,
) -> Observed<RootAccess> {
    const SERVICES: &str = "organizations:ListAWSServiceAccessForOrganization";
    const FEATURES: &str = "iam:ListOrganizationsFeatures";
    let (features, services) = tokio::join!(iam.list_organizations_features().send(), async {
        let mut principals = vec![];
        let mut pages = orgs
            .list_aws_service_access_for_organization()
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            principals.extend(
                page?
                    .enabled_service_principals()
                    .iter()
                    .filter_map(|p| p.service_principal().map(str::to_owned)),
            );
        }
        Ok(principals)
    });
    let principals: Vec<String> = match services {
        Ok(p) => p,
        Err(e) => return Observed::Unavailable(unavailable(SERVICES, &e)),
    };
    let trusted_access = principals.iter().any(|p| p == IAM_PRINCIPAL);
    let features = match features {
        Ok(out) => out.enabled_features().to_vec(),
        // Without trusted access, IAM answers that the organization's features cannot be
        // listed: nothing is enabled then.
        Err(e)
            if !trusted_access
                && crate::errors::has_code(&e, "ServiceAccessNotEnabledException") =>
        {
            vec![]
        }
        Err(e) => return Observed::Unavailable(unavailable(FEATURES, &e)),
    };
    Observed::Known(RootAccess {
        trusted_access,
        root_credentials_management: features.contains(&FeatureType::RootCredentialsManagement),
        root_sessions: features.contains(&FeatureType::RootSessions),
    })
}
