//! Collecting every account of an AWS Organization (`rampart audit --org`).
//!
//! From the management account (or a delegated administrator): the organization and its
//! accounts are listed, centralized root access is read once, and then each selected account
//! is collected like a single account — the caller's own with its own credentials, every other
//! through `sts:AssumeRole` into the member role — several at a time. Each member's root
//! credentials are read from the caller's account with `sts:AssumeRoot`. An account that
//! cannot be reached is kept, as unreachable with the reason; it never disappears.

pub(crate) mod listing;
pub(crate) mod member;
mod scp;

use chrono::Utc;
use rampart_model::organization::{Membership, OrgSnapshot, Reach, RootAccess, ScopeAccount};
use rampart_model::{Observed, Snapshot};

use crate::cause::SdkCause;
use crate::collect::counted;
use crate::{CollectError, CollectOptions, Connection, Progress};

/// A member's root credentials, read again as the management account (once centralized root
/// access has been turned on).
pub async fn member_root_credentials(
    conn: &Connection,
    account: &str,
) -> Observed<rampart_model::organization::RootCredentials> {
    let clients = crate::clients::Clients::uncounted(conn);
    member::read_root_credentials(&clients, account).await
}

pub use listing::ListedAccount;

/// The role Organizations creates in every account it creates.
pub const DEFAULT_ROLE_NAME: &str = "OrganizationAccountAccessRole";

/// Accounts collected at once unless [`OrgOptions::concurrency`] says otherwise.
pub const DEFAULT_CONCURRENCY: usize = 16;

/// The most accounts collected at once: each runs a dozen requests concurrently itself.
pub const MAX_CONCURRENCY: usize = 64;

/// Which accounts to audit and how to reach them.
#[derive(Debug, Clone)]
pub struct OrgOptions {
    /// Only these account ids (empty: every account).
    pub accounts: Vec<String>,
    /// Only the accounts under these organizational units, recursively (empty: the whole
    /// organization).
    pub ous: Vec<String>,
    /// The role assumed in each member account.
    pub role_name: String,
    /// The external id the member role requires, if any.
    pub external_id: Option<String>,
    /// Accounts collected at once (1 to [`MAX_CONCURRENCY`]).
    pub concurrency: usize,
    pub collect: CollectOptions,
}

impl Default for OrgOptions {
    fn default() -> Self {
        Self {
            accounts: Vec::new(),
            ous: Vec::new(),
            role_name: DEFAULT_ROLE_NAME.to_owned(),
            external_id: None,
            concurrency: DEFAULT_CONCURRENCY,
            collect: CollectOptions::default(),
        }
    }
}

/// Why a member account's role could not be assumed.
#[derive(Debug, thiserror::Error)]
pub enum MemberError {
    #[error("cannot assume {role_arn}: {message}")]
    Refused { role_arn: String, message: String },
    #[error("sts:AssumeRole into {role_arn} answered no credentials")]
    NoCredentials { role_arn: String },
}

/// A failure that leaves no organization to audit.
#[derive(Debug, thiserror::Error)]
pub enum OrgError {
    #[error(transparent)]
    Caller(#[from] CollectError),
    #[error("account {0} belongs to no organization")]
    NotInOrganization(String),
    #[error("could not read the organization with `{action}`")]
    Read {
        action: &'static str,
        #[source]
        cause: SdkCause,
    },
    #[error("{0} is not an account of the organization")]
    UnknownAccount(String),
    #[error("{0} is not an organizational unit of the organization")]
    UnknownOu(String),
    #[error(
        "no account of the organization is among the accounts and organizational units asked for"
    )]
    NoAccounts,
}

/// Collects every selected account of the organization the caller belongs to.
pub async fn collect_org(
    conn: &Connection,
    opts: &OrgOptions,
    progress: &dyn Progress,
) -> Result<OrgSnapshot, OrgError> {
    use futures_util::stream::{self, StreamExt};

    let taken_at = Utc::now();
    let found = counted(conn, progress, |clients| {
        listing::organization(clients, opts)
    })
    .await?;
    let mut snapshot = OrgSnapshot::new(
        taken_at,
        found.id.clone(),
        found.management.clone(),
        found.caller.clone(),
        opts.role_name.clone(),
    );
    let found = &found;
    let concurrency = opts.concurrency.clamp(1, MAX_CONCURRENCY);
    snapshot.accounts = stream::iter(found.accounts.iter())
        .map(|listed| account(conn, opts, found, listed, progress))
        .buffered(concurrency)
        .collect()
        .await;
    share_organization_trails(&mut snapshot);
    Ok(snapshot)
}

/// A connection as member `account`'s role (`opts.role_name`), for applying that account's own
/// changes.
pub async fn connect_member(
    conn: &Connection,
    account: &str,
    opts: &OrgOptions,
    progress: &dyn Progress,
) -> Result<Connection, MemberError> {
    counted(conn, progress, |clients| {
        member::assume_role(clients, account, opts)
    })
    .await
}

/// `read`'s value, unless `skip` (then it is never started): what the caller reads about a
/// member, which the management account does not need about itself.
async fn unless<T>(skip: bool, read: impl std::future::Future<Output = T>) -> Option<T> {
    if skip {
        None
    } else {
        Some(read.await)
    }
}

/// Gives every member the management account's organization trails, which record the
/// members' events too (a member's own `DescribeTrails` may not show them), the management
/// account's alerting facts, whose metric filters see those events, and its billing reports,
/// which include every member's costs. Without the
/// management account's audit there is nothing to give: the members are judged on their own
/// trails.
fn share_organization_trails(snapshot: &mut OrgSnapshot) {
    share_organization_analyzers(snapshot);
    let management = &snapshot.management_account_id;
    let Some((trails, alerting, billing)) = snapshot.audited(management).map(|s| {
        let trails = s.cloudtrail.trails.clone().map(|all| {
            all.into_iter()
                .filter(|t| t.is_organization_trail)
                .collect::<Vec<_>>()
        });
        (trails, s.alerting.clone(), s.billing.clone())
    }) else {
        return;
    };
    for account in &mut snapshot.accounts {
        if &account.account_id == management {
            continue;
        }
        if let Reach::Audited { snapshot } = &mut account.reach {
            if let Some(org) = &mut snapshot.organization {
                org.organization_trails = Some(trails.clone());
                org.organization_alerting = Some(alerting.clone());
                org.organization_billing = Some(billing.clone());
            }
        }
    }
}

/// Gives every audited account the active organization-wide external-access analyzers found
/// in any audited account (the management account or a delegated administrator), per Region:
/// their zone of trust is the whole organization.
fn share_organization_analyzers(snapshot: &mut OrgSnapshot) {
    let mut found: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for account in &snapshot.accounts {
        let Reach::Audited { snapshot: s } = &account.reach else {
            continue;
        };
        for (region, read) in &s.guardrails.access_analyzers {
            for a in read.known().into_iter().flatten() {
                if a.kind == "ORGANIZATION" && a.is_active() {
                    found
                        .entry(region.clone())
                        .or_default()
                        .push(format!("{}/{}", account.account_id, a.name));
                }
            }
        }
    }
    for account in &mut snapshot.accounts {
        if let Reach::Audited { snapshot } = &mut account.reach {
            if let Some(org) = &mut snapshot.organization {
                org.organization_analyzers = Some(found.clone());
            }
        }
    }
}

/// What [`listing::organization`] found.
pub(crate) struct Found {
    pub id: String,
    pub management: String,
    pub caller: String,
    pub root_access: Observed<RootAccess>,
    /// The organization's root id and whether SCPs are enabled on it.
    pub root: Observed<(String, bool)>,
    /// The selected accounts, in listing order.
    pub accounts: Vec<ListedAccount>,
}

/// Collects one account, or says why it could not be reached.
async fn account(
    conn: &Connection,
    opts: &OrgOptions,
    found: &Found,
    listed: &ListedAccount,
    progress: &dyn Progress,
) -> ScopeAccount {
    let entry = |reach| ScopeAccount {
        account_id: listed.id.clone(),
        name: listed.name.clone(),
        state: listed.state.clone(),
        reach,
    };
    if listed.state != "ACTIVE" {
        return entry(Reach::Unreachable {
            reason: format!(
                "the account is {} in Organizations and cannot be audited",
                listed.state
            ),
        });
    }
    let is_caller = listed.id == found.caller;
    let member_conn = if is_caller {
        Ok(conn.clone())
    } else {
        counted(conn, progress, |clients| {
            member::assume_role(clients, &listed.id, opts)
        })
        .await
    };
    let member_conn = match member_conn {
        Ok(c) => c,
        Err(why) => {
            return entry(Reach::Unreachable {
                reason: why.to_string(),
            })
        }
    };
    let is_management = listed.id == found.management;
    // Root sessions into members exist only once centralized root access is on: before, the
    // credentials are not asked for (the plan turns the feature on first).
    let root_access_off = matches!(&found.root_access, Observed::Known(a)
        if !(a.trusted_access && a.root_credentials_management));
    let (collected, root_credentials, service_control_policies) = tokio::join!(
        crate::collect(&member_conn, &opts.collect, progress),
        async {
            if root_access_off && !is_management {
                return Some(Observed::Unavailable(member::root_access_is_off()));
            }
            unless(
                is_management,
                counted(conn, progress, |clients| async move {
                    member::read_root_credentials(&clients, &listed.id).await
                }),
            )
            .await
        },
        unless(
            is_management,
            counted(conn, progress, |clients| {
                scp::for_account(clients, &found.root, &listed.id)
            })
        ),
    );
    let mut snapshot: Snapshot = match collected {
        Ok(s) => s,
        Err(e) => {
            return entry(Reach::Unreachable {
                reason: crate::errors::chain(&e),
            })
        }
    };
    snapshot.organization = Some(Membership {
        organization_id: found.id.clone(),
        management_account_id: found.management.clone(),
        root_access: is_management.then(|| found.root_access.clone()),
        root_credentials,
        organization_trails: None,
        organization_alerting: None,
        organization_billing: None,
        organization_analyzers: None,
        service_control_policies,
    });
    entry(Reach::Audited {
        snapshot: Box::new(snapshot),
    })
}
