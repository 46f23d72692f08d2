//! The two questions the baseline asks of a principal's policies: is it a full administrator,
//! and does its administrator access require MFA?
//!
//! **Full admin**: in an MFA-authenticated session, every action of the [catalog] may be
//! allowed on a *generic* resource — one no policy names, so `Resource: "*"`, an
//! `arn:aws:*`-style pattern or any `NotResource` other than `*` covers it — with every other
//! context key left open (a condition on the source IP or the Region does not stop a grant
//! from counting: somewhere it holds). So `Allow *`, `Allow NotAction: <one harmless action>`,
//! `Allow * NotResource: <one bucket>` all count, and `AdministratorAccess` next to a
//! `Deny * *` does not. An action that is possibly denied for a reason the context leaves open
//! (a deny conditioned on the source IP) still counts as allowed: only a deny that surely
//! applies cancels the grant.
//!
//! **MFA required**: in both request contexts AWS documents for a caller without MFA — a
//! console session without MFA (`aws:MultiFactorAuthPresent` = `false`, no age) and a
//! long-term access key (neither key) — every catalog action except the MFA bootstrap set
//! ([`mfa_bootstrap_actions`], derived from AWS's documented MFA-enforcing policies) is surely denied, whatever the other keys are. A deny narrowed
//! by a second condition (a source network) leaves requests from elsewhere allowed, so it is
//! no enforcement; an admin grant that is itself conditioned on MFA is. When the bootstrap
//! actions are denied too, a user without a device cannot enrol one: that is reported.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::catalog::{catalog, Service};
use super::condition::Tri;
use super::context::{MfaContext, RequestContext};
use super::eval::{CompiledSet, Decided, Prepared, StatementRef};

/// One of AWS's documented MFA-enforcing policies, as `data/mfa-bootstrap.json` records it.
#[derive(Debug, serde::Deserialize)]
pub struct DocumentedMfaPolicy {
    pub title: String,
    pub url: String,
    /// The `Sid` of its Deny statement.
    pub statement: String,
    /// The actions that Deny leaves open without MFA.
    pub not_action: Vec<String>,
    /// Actions the page says to add (a first or expired password).
    #[serde(default)]
    pub note_adds: Vec<String>,
}

/// AWS's documented MFA-enforcing policies, with their sources.
pub fn documented_mfa_policies() -> &'static [DocumentedMfaPolicy] {
    #[derive(serde::Deserialize)]
    struct File {
        #[allow(dead_code)]
        source: String,
        policies: Vec<DocumentedMfaPolicy>,
    }
    static POLICIES: std::sync::OnceLock<Vec<DocumentedMfaPolicy>> = std::sync::OnceLock::new();
    POLICIES.get_or_init(|| {
        serde_json::from_str::<File>(include_str!("../../data/mfa-bootstrap.json"))
            .map(|f| f.policies)
            .expect("data/mfa-bootstrap.json is valid (a test proves it)")
    })
}

/// What a user needs without MFA to find and enrol a device and change a first password: the
/// actions AWS's documented MFA-enforcing policies leave open ([`documented_mfa_policies`]),
/// sorted. They are not "admin actions": a Deny whose exemptions stay within them enforces MFA.
pub fn mfa_bootstrap_actions() -> &'static [&'static str] {
    static ACTIONS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    ACTIONS.get_or_init(|| {
        let mut all: Vec<&'static str> = documented_mfa_policies()
            .iter()
            .flat_map(|p| p.not_action.iter().chain(&p.note_adds))
            .map(String::as_str)
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    })
}

/// Without these, a user cannot enrol an MFA device at all.
const ENROLMENT_ACTIONS: &[&str] = &["iam:CreateVirtualMFADevice", "iam:EnableMFADevice"];

fn is_bootstrap(action_lower: &str) -> bool {
    mfa_bootstrap_actions()
        .iter()
        .any(|a| a.eq_ignore_ascii_case(action_lower))
}

/// The answer to "is this principal a full administrator?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdminVerdict {
    pub full_admin: bool,
    /// The `Allow` statements that grant it (empty when not admin).
    pub granted_by: Vec<StatementRef>,
    /// When not admin: a catalog action that is not allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_allowed: Option<String>,
}

/// A no-MFA context in which some admin action may be allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MfaGap {
    pub context: &'static str,
    /// An example action allowed there.
    pub action: String,
    pub allowed_by: Vec<StatementRef>,
}

/// The answer to "does admin access require MFA?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MfaVerdict {
    pub required: bool,
    /// One entry per no-MFA context that lets an admin action through.
    pub gaps: Vec<MfaGap>,
    /// `Deny` statements that deny admin actions without MFA.
    pub enforced_by: Vec<StatementRef>,
    /// Bootstrap actions denied in a console session without MFA.
    pub bootstrap_denied: Vec<&'static str>,
    /// Bootstrap actions left open in a console session without MFA: the exemptions the
    /// enforcement makes, each within AWS's documented set.
    pub left_open: Vec<&'static str>,
    /// A user without a device cannot enrol one (`CreateVirtualMFADevice` or
    /// `EnableMFADevice` is denied without MFA).
    pub locks_out: bool,
}

/// Visits each catalog action's evaluation in a context, evaluating once per service where
/// every statement covers all or none of it (`visit` then gets the number of actions the
/// evaluation stands for). `visit` returns `false` to stop.
fn sweep<'c>(
    prepared: &Prepared<'c, '_>,
    skip: impl Fn(&str) -> bool,
    mut visit: impl FnMut(&Service, usize, &Decided<'c>, usize) -> bool,
) {
    for service in &catalog().services {
        let uniform = prepared
            .layers
            .iter()
            .flatten()
            .all(|live| live.uniform_over(service.prefix));
        let mut first = true;
        for (i, lower) in service.lower.iter().enumerate() {
            if skip(lower) {
                continue;
            }
            if uniform && !first {
                break;
            }
            first = false;
            let ev = prepared.decide(lower);
            let weight = if uniform { service.actions.len() } else { 1 };
            if !visit(service, i, &ev, weight) {
                return;
            }
        }
    }
}

/// Whether the set makes its principal a full administrator (see the module documentation).
pub fn full_admin(set: &CompiledSet<'_>) -> AdminVerdict {
    let prepared = Prepared::new(set, &RequestContext::mfa(MfaContext::MfaSession, ""));
    // Per allowing statement: how many actions it allows, and whether some action is allowed
    // by it alone (then it is needed for the grant).
    let mut granted: BTreeMap<&StatementRef, (usize, bool)> = BTreeMap::new();
    let mut not_allowed = None;
    let any_allow = prepared.layers.first().is_some_and(|l| {
        l.iter()
            .any(|live| live.statement.effect == super::Effect::Allow)
    });
    if !any_allow {
        not_allowed = catalog().actions().next();
    } else {
        sweep(
            &prepared,
            |_| false,
            |service, i, ev, weight| {
                if ev.allowed.possible() {
                    let alone = ev.allowing.len() == 1;
                    for s in &ev.allowing {
                        let e = granted.entry(*s).or_default();
                        e.0 += weight;
                        e.1 |= alone;
                    }
                    true
                } else {
                    not_allowed = Some(service.full_name(i));
                    false
                }
            },
        );
    }
    let full_admin = not_allowed.is_none();
    AdminVerdict {
        full_admin,
        granted_by: if full_admin {
            needed(granted)
        } else {
            Vec::new()
        },
        not_allowed,
    }
}

/// The statements a grant rests on: those that allow some action no other statement allows;
/// when every action is allowed twice over (two copies of `AdministratorAccess`), those that
/// allow the most actions.
fn needed(granted: BTreeMap<&StatementRef, (usize, bool)>) -> Vec<StatementRef> {
    if granted.values().any(|(_, alone)| *alone) {
        return granted
            .into_iter()
            .filter(|(_, (_, alone))| *alone)
            .map(|(s, _)| s.clone())
            .collect();
    }
    let most = granted.values().map(|(n, _)| *n).max().unwrap_or(0);
    granted
        .into_iter()
        .filter(|(_, (n, _))| *n == most)
        .map(|(s, _)| s.clone())
        .collect()
}

/// Whether every admin action is denied without MFA (see the module documentation).
pub fn mfa_requirement(set: &CompiledSet<'_>) -> MfaVerdict {
    let mut gaps = Vec::new();
    let mut enforced = BTreeSet::new();
    for kind in [MfaContext::ConsoleWithoutMfa, MfaContext::LongTermKey] {
        let prepared = Prepared::new(set, &RequestContext::mfa(kind, ""));
        sweep(&prepared, is_bootstrap, |service, i, ev, _| {
            if ev.denied == Tri::True {
                enforced.extend(ev.denying.iter().copied());
            }
            if ev.allowed.possible() {
                gaps.push(MfaGap {
                    context: kind.describe(),
                    action: service.full_name(i),
                    allowed_by: ev.allowing.iter().map(|s| (*s).clone()).collect(),
                });
                return false;
            }
            true
        });
    }
    let console = Prepared::new(set, &RequestContext::mfa(MfaContext::ConsoleWithoutMfa, ""));
    // Each bootstrap action decided once: left open, or (for IAM's) denied.
    let (left_open, denied): (Vec<&'static str>, Vec<&'static str>) = mfa_bootstrap_actions()
        .iter()
        .partition(|a| console.decide(&a.to_ascii_lowercase()).allowed.possible());
    let bootstrap_denied: Vec<&'static str> = denied
        .into_iter()
        .filter(|a| a.starts_with("iam:"))
        .collect();
    let locks_out = bootstrap_denied
        .iter()
        .any(|a| ENROLMENT_ACTIONS.contains(a));
    MfaVerdict {
        required: gaps.is_empty(),
        gaps,
        enforced_by: enforced.into_iter().cloned().collect(),
        bootstrap_denied,
        left_open,
        locks_out,
    }
}

#[cfg(test)]
mod tests;
