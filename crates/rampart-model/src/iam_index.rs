//! IAM facts indexed once, so checks and the planner stay linear in the number of users.
//!
//! `AuthorizationDetails` keeps users, groups and policies in lists, and looking a policy or a
//! group up by name in a list for each of 100,000 users would be quadratic. This index hashes
//! them by name and decides once, per managed policy and per group, whether it grants full admin
//! and whether it enforces MFA.

use std::collections::{HashMap, HashSet};

use crate::iam::{
    AttachedPolicy, AuthorizationDetails, IamGroup, IamUser, InlinePolicy, ManagedPolicy,
};
use crate::policy::ADMINISTRATOR_ACCESS_ARN;

/// What a managed policy's default version does, decided once.
#[derive(Debug, Clone, Copy, Default)]
struct PolicyFlags {
    admin: bool,
    mfa: bool,
}

pub struct IamIndex<'a> {
    pub auth: &'a AuthorizationDetails,
    policies: HashMap<&'a str, PolicyFlags>,
    groups: HashMap<&'a str, &'a IamGroup>,
    admin_groups: HashSet<&'a str>,
    mfa_groups: HashSet<&'a str>,
    members: HashMap<&'a str, Vec<&'a IamUser>>,
}

impl<'a> IamIndex<'a> {
    pub fn new(auth: &'a AuthorizationDetails) -> Self {
        let policies: HashMap<&str, PolicyFlags> = auth
            .policies
            .iter()
            .map(|p| (p.arn.as_str(), flags(p)))
            .collect();
        let mut index = Self {
            auth,
            policies,
            groups: auth.groups.iter().map(|g| (g.name.as_str(), g)).collect(),
            admin_groups: HashSet::new(),
            mfa_groups: HashSet::new(),
            members: HashMap::new(),
        };
        for g in &auth.groups {
            if index.policies_grant_admin(
                &g.attached_policies,
                g.inline_policies.iter().map(|p| &p.document),
            ) {
                index.admin_groups.insert(&g.name);
            }
            if g.attached_policies
                .iter()
                .any(|p| index.attached_enforces_mfa(p))
                || g.inline_policies.iter().any(|p| p.document.enforces_mfa())
            {
                index.mfa_groups.insert(&g.name);
            }
        }
        for u in &auth.users {
            for g in &u.groups {
                index.members.entry(g.as_str()).or_default().push(u);
            }
        }
        index
    }

    /// `AdministratorAccess` by ARN, or a managed policy whose document allows `*` on `*`.
    pub fn attached_grants_full_admin(&self, p: &AttachedPolicy) -> bool {
        p.arn == ADMINISTRATOR_ACCESS_ARN
            || self.policies.get(p.arn.as_str()).is_some_and(|f| f.admin)
    }

    pub fn attached_enforces_mfa(&self, p: &AttachedPolicy) -> bool {
        self.policies.get(p.arn.as_str()).is_some_and(|f| f.mfa)
    }

    fn policies_grant_admin<'d>(
        &self,
        attached: &[AttachedPolicy],
        mut inline: impl Iterator<Item = &'d crate::policy::PolicyDocument>,
    ) -> bool {
        attached.iter().any(|p| self.attached_grants_full_admin(p))
            || inline.any(|d| d.grants_full_admin())
    }

    /// Names of the policies (attached and inline) that grant full admin.
    pub fn admin_policy_names<'p>(
        &self,
        attached: &'p [AttachedPolicy],
        inline: &'p [InlinePolicy],
    ) -> Vec<&'p str> {
        let attached = attached
            .iter()
            .filter(|p| self.attached_grants_full_admin(p))
            .map(|p| p.name.as_str());
        let inline = inline
            .iter()
            .filter(|p| p.document.grants_full_admin())
            .map(|p| p.name.as_str());
        attached.chain(inline).collect()
    }

    pub fn group(&self, name: &str) -> Option<&'a IamGroup> {
        self.groups.get(name).copied()
    }

    pub fn group_is_admin(&self, name: &str) -> bool {
        self.admin_groups.contains(name)
    }

    pub fn group_enforces_mfa(&self, name: &str) -> bool {
        self.mfa_groups.contains(name)
    }

    /// Groups that grant full admin, in the account's order.
    pub fn admin_groups(&self) -> impl Iterator<Item = &'a IamGroup> + '_ {
        self.auth
            .groups
            .iter()
            .filter(|g| self.group_is_admin(&g.name))
    }

    pub fn members(&self, group: &str) -> &[&'a IamUser] {
        self.members.get(group).map_or(&[], Vec::as_slice)
    }

    /// The user's own policies (not via groups) grant full admin.
    pub fn user_has_direct_admin(&self, u: &IamUser) -> bool {
        self.policies_grant_admin(
            &u.attached_policies,
            u.inline_policies.iter().map(|p| &p.document),
        )
    }

    /// The user's own policies (not via groups) carry an MFA-enforcing deny.
    pub fn user_enforces_mfa(&self, u: &IamUser) -> bool {
        u.attached_policies
            .iter()
            .any(|p| self.attached_enforces_mfa(p))
            || u.inline_policies.iter().any(|p| p.document.enforces_mfa())
    }

    /// An MFA-enforcing deny applies to the user through its own policies or any of its groups.
    pub fn mfa_required_for(&self, u: &IamUser) -> bool {
        self.user_enforces_mfa(u) || u.groups.iter().any(|g| self.group_enforces_mfa(g))
    }

    /// Whether the group's admin access goes without MFA: it has no MFA-enforcing deny, and it
    /// is empty (whoever joins next gets admin without MFA) or a member is not covered otherwise.
    pub fn admin_group_lacks_mfa(&self, g: &IamGroup) -> bool {
        let members = self.members(&g.name);
        !self.group_enforces_mfa(&g.name)
            && (members.is_empty() || members.iter().any(|u| !self.mfa_required_for(u)))
    }
}

fn flags(p: &ManagedPolicy) -> PolicyFlags {
    let doc = p.document.as_ref();
    PolicyFlags {
        admin: p.arn == ADMINISTRATOR_ACCESS_ARN || doc.is_some_and(|d| d.grants_full_admin()),
        mfa: doc.is_some_and(|d| d.enforces_mfa()),
    }
}
