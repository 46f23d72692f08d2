//! IAM facts indexed once, and every principal judged once by the policy engine.
//!
//! Checks and the planner ask "is this group, user or role a full administrator?" and "does
//! its admin access require MFA?". The answers come from evaluating the principal's whole
//! policy set (see [`rampart_engines::policy::questions`]): a user's inline and attached policies, its
//! groups' policies and its permissions boundary. Users that share a policy set — the same
//! attached policies, groups and boundary, no inline policy — share one evaluation, so 100,000
//! users in one admin group cost one evaluation, not 100,000.

use std::collections::HashMap;

use crate::iam::{AttachedPolicy, AuthorizationDetails, IamGroup, IamRole, IamUser, InlinePolicy};
use rampart_engines::policy::{
    administrator_access, full_admin, mfa_requirement, AdminVerdict, CompiledSet, MfaVerdict,
    NamedPolicy, PolicyDocument, PolicySet, StatementRef, ADMINISTRATOR_ACCESS_ARN,
};

/// What the engine found for one principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    pub admin: AdminVerdict,
    /// Whether admin access requires MFA: evaluated for admins; for a group that does not
    /// grant admin, as if `AdministratorAccess` were attached to it (what the group would
    /// require once it grants admin).
    pub mfa: Option<MfaVerdict>,
    /// Names of the principal's *own* policies (not its groups') that grant full admin.
    pub own_admin_policies: Vec<String>,
}

impl Judgement {
    pub fn is_admin(&self) -> bool {
        self.admin.full_admin
    }

    pub fn requires_mfa(&self) -> bool {
        self.mfa.as_ref().is_some_and(|m| m.required)
    }

    /// The statements that grant full admin, as text (``` `Policy` statement `Sid` ```).
    pub fn granted_by(&self) -> Vec<String> {
        self.admin
            .granted_by
            .iter()
            .map(ToString::to_string)
            .collect()
    }
}

pub struct IamIndex<'a> {
    pub auth: &'a AuthorizationDetails,
    policies: HashMap<&'a str, &'a PolicyDocument>,
    groups: HashMap<&'a str, &'a IamGroup>,
    members: HashMap<&'a str, Vec<&'a IamUser>>,
    group_judgements: HashMap<&'a str, Judgement>,
    /// Distinct user judgements, and each user's (by name) position among them.
    user_judgements: Vec<Judgement>,
    users: HashMap<&'a str, usize>,
    roles: HashMap<&'a str, Judgement>,
    /// The account's service control policies, one list per level (empty outside an
    /// organization audit and for the management account): every judgement applies them.
    scps: Vec<Vec<NamedPolicy<'a>>>,
}

impl<'a> IamIndex<'a> {
    pub fn new(auth: &'a AuthorizationDetails) -> Self {
        Self::with_scps(auth, Vec::new())
    }

    /// The index of an account that service control policies restrict: users', groups' and
    /// roles' permissions are judged with the SCPs in place (an SCP that denies `iam:*` makes
    /// an `AdministratorAccess` user no full administrator).
    pub fn with_scps(auth: &'a AuthorizationDetails, scps: Vec<Vec<NamedPolicy<'a>>>) -> Self {
        let mut policies: HashMap<&'a str, &'a PolicyDocument> = auth
            .policies
            .iter()
            .filter_map(|p| p.document.as_ref().map(|d| (p.arn.as_str(), d)))
            .collect();
        let fallback: &'a PolicyDocument = administrator_access();
        policies.entry(ADMINISTRATOR_ACCESS_ARN).or_insert(fallback);
        let mut index = Self {
            auth,
            policies,
            groups: auth.groups.iter().map(|g| (g.name.as_str(), g)).collect(),
            members: HashMap::new(),
            group_judgements: HashMap::new(),
            user_judgements: Vec::new(),
            users: HashMap::new(),
            roles: HashMap::new(),
            scps,
        };
        for u in &auth.users {
            for g in &u.groups {
                index.members.entry(g.as_str()).or_default().push(u);
            }
        }
        for g in &auth.groups {
            let j = index.judge_group(g);
            index.group_judgements.insert(&g.name, j);
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        for u in &auth.users {
            let key = user_key(u);
            let at = match key.as_ref().and_then(|k| seen.get(k).copied()) {
                Some(at) => at,
                None => {
                    let j = index.judge_user(u);
                    index.user_judgements.push(j);
                    let at = index.user_judgements.len() - 1;
                    if let Some(k) = key {
                        seen.insert(k, at);
                    }
                    at
                }
            };
            index.users.insert(&u.name, at);
        }
        for r in &auth.roles {
            let j = index.judge_role(r);
            index.roles.insert(&r.name, j);
        }
        index
    }

    fn own<'p>(
        &self,
        attached: &'p [AttachedPolicy],
        inline: &'p [InlinePolicy],
    ) -> Vec<NamedPolicy<'p>>
    where
        'a: 'p,
    {
        let inline = inline.iter().map(|p| NamedPolicy {
            name: &p.name,
            document: &p.document,
        });
        let attached = attached.iter().filter_map(|p| {
            self.policies.get(p.arn.as_str()).map(|d| NamedPolicy {
                name: &p.name,
                document: d,
            })
        });
        inline.chain(attached).collect()
    }

    fn judge(&self, set: &PolicySet<'_>, own: usize, hypothetical_admin: bool) -> Judgement {
        let compiled = CompiledSet::new(set);
        let admin = full_admin(&compiled);
        let mfa = if admin.full_admin {
            Some(mfa_requirement(&compiled))
        } else if hypothetical_admin {
            let mut with_admin = set.clone();
            with_admin.identity.push(NamedPolicy {
                name: "AdministratorAccess",
                document: administrator_access(),
            });
            let compiled = CompiledSet::new(&with_admin);
            // A group whose own denies would cancel admin does not "require MFA" for it.
            let mfa = mfa_requirement(&compiled);
            (!mfa.required || full_admin(&compiled).full_admin).then_some(mfa)
        } else {
            None
        };
        let mut own_admin_policies: Vec<String> = admin
            .granted_by
            .iter()
            .filter(|s| s.source < own)
            .map(|s| s.policy.clone())
            .collect();
        own_admin_policies.dedup();
        Judgement {
            admin,
            mfa,
            own_admin_policies,
        }
    }

    fn judge_group(&self, g: &'a IamGroup) -> Judgement {
        let identity = self.own(&g.attached_policies, &g.inline_policies);
        let own = identity.len();
        let set = PolicySet {
            identity,
            boundary: None,
            scps: self.scps.clone(),
        };
        self.judge(&set, own, true)
    }

    fn judge_role(&self, r: &'a IamRole) -> Judgement {
        let identity = self.own(&r.attached_policies, &r.inline_policies);
        let own = identity.len();
        let set = PolicySet {
            identity,
            boundary: self.boundary(r.permissions_boundary.as_ref()),
            scps: self.scps.clone(),
        };
        self.judge(&set, own, false)
    }

    /// A permissions boundary as the evaluator takes it; one whose document was not returned
    /// caps nothing rampart can see, so it is left out (the principal is judged uncapped).
    fn boundary<'p>(&self, b: Option<&'p AttachedPolicy>) -> Option<Vec<NamedPolicy<'p>>>
    where
        'a: 'p,
    {
        let b = b?;
        self.policies.get(b.arn.as_str()).map(|d| {
            vec![NamedPolicy {
                name: &b.name,
                document: d,
            }]
        })
    }

    fn judge_user(&self, u: &'a IamUser) -> Judgement {
        self.judge_user_joining(u, None, &[])
    }

    /// The user's judgement once it is also a member of `group` (if not already) and `added`
    /// policies are attached to it: what a planned change would do to the user.
    pub fn judge_user_joining<'p>(
        &self,
        u: &'p IamUser,
        group: Option<&'p IamGroup>,
        added: &[NamedPolicy<'p>],
    ) -> Judgement
    where
        'a: 'p,
    {
        let mut identity = self.own(&u.attached_policies, &u.inline_policies);
        let own = identity.len();
        for g in &u.groups {
            if let Some(group) = self.group(g) {
                identity.extend(self.own(&group.attached_policies, &group.inline_policies));
            }
        }
        if let Some(g) = group {
            if !u.groups.iter().any(|n| n.eq_ignore_ascii_case(&g.name)) {
                identity.extend(self.own(&g.attached_policies, &g.inline_policies));
            }
        }
        identity.extend_from_slice(added);
        let boundary = self.boundary(u.permissions_boundary.as_ref());
        let set = PolicySet {
            identity,
            boundary,
            scps: self.scps.clone(),
        };
        self.judge(&set, own, false)
    }

    /// The group called `name` (exact name first, then regardless of case, as IAM names are
    /// unique regardless of case).
    pub fn group(&self, name: &str) -> Option<&'a IamGroup> {
        self.groups
            .get(name)
            .copied()
            .or_else(|| self.auth.group(name))
    }

    pub fn group_judgement(&self, name: &str) -> Option<&Judgement> {
        let g = self.group(name)?;
        self.group_judgements.get(g.name.as_str())
    }

    pub fn group_is_admin(&self, name: &str) -> bool {
        self.group_judgement(name).is_some_and(Judgement::is_admin)
    }

    /// Whether the group's policies deny admin actions without MFA (for a group that does not
    /// grant admin yet: whether they would once it does).
    pub fn group_requires_mfa(&self, name: &str) -> bool {
        self.group_judgement(name)
            .is_some_and(Judgement::requires_mfa)
    }

    /// Groups whose own policies grant full admin, in the account's order.
    pub fn admin_groups(&self) -> impl Iterator<Item = &'a IamGroup> + '_ {
        self.auth
            .groups
            .iter()
            .filter(|g| self.group_is_admin(&g.name))
    }

    pub fn members(&self, group: &str) -> &[&'a IamUser] {
        self.members.get(group).map_or(&[], Vec::as_slice)
    }

    /// The user's judgement over its whole policy set (own, groups, boundary).
    pub fn user_judgement(&self, u: &IamUser) -> Option<&Judgement> {
        self.users
            .get(u.name.as_str())
            .and_then(|&i| self.user_judgements.get(i))
    }

    pub fn user_is_admin(&self, u: &IamUser) -> bool {
        self.user_judgement(u).is_some_and(Judgement::is_admin)
    }

    /// The user is a full admin and some of that comes from its own policies.
    pub fn user_has_direct_admin(&self, u: &IamUser) -> bool {
        self.user_judgement(u)
            .is_some_and(|j| j.is_admin() && !j.own_admin_policies.is_empty())
    }

    /// The user is a full admin whose admin access requires MFA.
    pub fn user_requires_mfa(&self, u: &IamUser) -> bool {
        self.user_judgement(u).is_some_and(Judgement::requires_mfa)
    }

    pub fn role_judgement(&self, r: &IamRole) -> Option<&Judgement> {
        self.roles.get(r.name.as_str())
    }

    /// The statements of a principal's judgement that enforce MFA, as text.
    pub fn enforcing_statements(j: &Judgement) -> Vec<String> {
        j.mfa
            .iter()
            .flat_map(|m| m.enforced_by.iter().map(StatementRef::to_string))
            .collect()
    }
}

/// A key shared by users with the same policy set; `None` for a user with inline policies
/// (its set is its own).
fn user_key(u: &IamUser) -> Option<String> {
    if !u.inline_policies.is_empty() {
        return None;
    }
    let mut key = String::new();
    for p in &u.attached_policies {
        key.push_str(&p.arn);
        key.push('\u{1}');
    }
    key.push('\u{2}');
    for g in &u.groups {
        key.push_str(g);
        key.push('\u{1}');
    }
    key.push('\u{2}');
    if let Some(b) = &u.permissions_boundary {
        key.push_str(&b.arn);
    }
    Some(key)
}

#[cfg(test)]
mod tests;
