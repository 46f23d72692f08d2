//! The service control policies on a member account's path to the organization's root: the
//! root's, each organizational unit's down to the account, and the account's own.

use rampart_engines::policy::PolicyDocument;
use rampart_model::organization::{Scp, ScpFacts, ScpLevel};
use rampart_model::{Observed, Unavailable};

use crate::clients::{Clients, US_EAST_1};
use crate::errors::{bad_answer, unavailable};

const SCP: &str = "SERVICE_CONTROL_POLICY";

/// The organization's root: its id, and whether SCPs are enabled on it.
pub(crate) async fn root(clients: &Clients) -> Observed<(String, bool)> {
    const ACTION: &str = "organizations:ListRoots";
    let out = match clients.organizations(US_EAST_1).list_roots().send().await {
        Ok(o) => o,
        Err(e) => return Observed::Unavailable(unavailable(ACTION, &e)),
    };
    let Some(root) = out.roots().first() else {
        return Observed::Unavailable(bad_answer(ACTION, "answered no root"));
    };
    let enabled = root.policy_types().iter().any(|t| {
        t.r#type().is_some_and(|k| k.as_str() == SCP)
            && t.status().is_some_and(|s| s.as_str() == "ENABLED")
    });
    Observed::Known((root.id().unwrap_or_default().to_owned(), enabled))
}

/// The SCPs that apply to `account`, level by level from the root.
pub(crate) async fn for_account(
    clients: Clients,
    root: &Observed<(String, bool)>,
    account: &str,
) -> Observed<ScpFacts> {
    let (root_id, enabled) = match root {
        Observed::Known(r) => r.clone(),
        Observed::Unavailable(u) => return Observed::Unavailable(u.clone()),
    };
    if !enabled {
        return Observed::Known(ScpFacts {
            enabled: false,
            levels: vec![],
        });
    }
    match levels(&clients, &root_id, account).await {
        Ok(levels) => Observed::Known(ScpFacts {
            enabled: true,
            levels,
        }),
        Err(u) => Observed::Unavailable(u),
    }
}

async fn levels(
    clients: &Clients,
    root_id: &str,
    account: &str,
) -> Result<Vec<ScpLevel>, Unavailable> {
    const PARENTS: &str = "organizations:ListParents";
    let orgs = clients.organizations(US_EAST_1);
    // The path from the account up to the root, then turned around.
    let mut path = vec![account.to_owned()];
    let mut child = account.to_owned();
    for _ in 0..8 {
        let out = orgs
            .list_parents()
            .child_id(&child)
            .send()
            .await
            .map_err(|e| unavailable(PARENTS, &e))?;
        let parent = out
            .parents()
            .first()
            .and_then(|p| p.id())
            .ok_or_else(|| bad_answer(PARENTS, format!("no parent for {child}")))?
            .to_owned();
        path.push(parent.clone());
        if parent == root_id {
            break;
        }
        child = parent;
    }
    path.reverse();
    let mut out = vec![];
    for target in path {
        out.push(ScpLevel {
            policies: policies_of(&orgs, &target).await?,
            target_id: target,
        });
    }
    Ok(out)
}

async fn policies_of(
    orgs: &aws_sdk_organizations::Client,
    target: &str,
) -> Result<Vec<Scp>, Unavailable> {
    const LIST: &str = "organizations:ListPoliciesForTarget";
    const DESCRIBE: &str = "organizations:DescribePolicy";
    let mut ids = vec![];
    let mut pages = orgs
        .list_policies_for_target()
        .target_id(target)
        .filter(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| unavailable(LIST, &e))?;
        ids.extend(
            page.policies()
                .iter()
                .filter_map(|p| p.id().map(str::to_owned)),
        );
    }
    let mut out = vec![];
    for id in ids {
        let described = orgs
            .describe_policy()
            .policy_id(&id)
            .send()
            .await
            .map_err(|e| unavailable(DESCRIBE, &e))?;
        let policy = described.policy();
        let name = policy
            .and_then(|p| p.policy_summary())
            .and_then(|s| s.name())
            .unwrap_or(&id)
            .to_owned();
        let content = policy.and_then(|p| p.content()).unwrap_or_default();
        let document = PolicyDocument::parse(content)
            .map_err(|e| bad_answer(DESCRIBE, format!("policy {id} does not parse: {e}")))?;
        out.push(Scp { id, name, document });
    }
    Ok(out)
}
