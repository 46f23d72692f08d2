//! AWS's evaluation logic for identity-based policies in one account.
//!
//! An explicit `Deny` in any applicable policy wins; otherwise an `Allow` is needed, from the
//! identity policies and — where they are set — from the permissions boundary and from every
//! level of service control policies; otherwise the request is implicitly denied.
//!
//! A [`PolicySet`] is the principal's policies: for a user, its inline and attached managed
//! policies (the default version's document) and those of its groups; its permissions boundary;
//! and the SCPs of its organization, one list per level (root first, account last — the seam
//! the Organizations collector fills; empty outside an organization and for the management
//! account, which SCPs never restrict). Resource-based policies, session policies and RCPs are
//! out of scope: the questions rampart asks are about what a principal's own policies allow.

use serde::Serialize;

use super::catalog::catalog;
use super::condition::{self, Tri};
use super::context::{RequestContext, RequestResource};
use super::glob::{match_tokens, matches_everything, tokens, Tok};
use super::variables::{expand, widen, Expanded};
use super::{Effect, PolicyDocument, Statement};

mod actions;
use actions::ActionPattern;
pub(crate) use actions::{action_pattern_matches, Coverage};

/// A policy document with the name findings call it by.
#[derive(Debug, Clone, Copy)]
pub struct NamedPolicy<'a> {
    pub name: &'a str,
    pub document: &'a PolicyDocument,
}

/// The policies that decide a principal's requests.
#[derive(Debug, Clone, Default)]
pub struct PolicySet<'a> {
    /// Identity policies: inline and managed, the user's and its groups'.
    pub identity: Vec<NamedPolicy<'a>>,
    /// The permissions boundary, when one is set: it must allow an action too.
    pub boundary: Option<Vec<NamedPolicy<'a>>>,
    /// Service control policies, one list per level of the organization (root first, account
    /// last); every level must allow an action. Empty outside an organization.
    pub scps: Vec<Vec<NamedPolicy<'a>>>,
}

/// A statement, named for a finding: its policy and its `Sid` or position.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct StatementRef {
    pub policy: String,
    /// Position in the document, from 1.
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Which policy of its layer (identity, boundary, SCP level) it is in, from 0.
    #[serde(skip)]
    pub source: usize,
}

impl std::fmt::Display for StatementRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.sid {
            Some(sid) if !sid.is_empty() => write!(f, "`{}` statement `{sid}`", self.policy),
            _ => write!(f, "`{}` statement {}", self.policy, self.index),
        }
    }
}

/// The outcome of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Decision {
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}

#[derive(Debug, Clone)]
enum ActionSpec {
    Only(Vec<ActionPattern>),
    AllBut(Vec<ActionPattern>),
    /// Neither `Action` nor `NotAction`: an invalid statement that applies to nothing.
    Invalid,
}

/// A statement made ready to evaluate many requests.
#[derive(Debug, Clone)]
pub(crate) struct CompiledStatement<'a> {
    pub(crate) effect: Effect,
    actions: ActionSpec,
    statement: &'a Statement,
    variables: bool,
    /// The condition's keys whose presence depends on the action (see [`action_scoped`]),
    /// lowercased.
    scoped_keys: Vec<String>,
    pub(crate) origin: StatementRef,
}

/// Whether a request carries a condition key only for the actions the Service Authorization
/// Reference lists it under: a service's own keys (`iam:PassedToService`, `s3:prefix`) and the
/// tag keys (`aws:RequestTag/…`, `aws:TagKeys`, `aws:ResourceTag/…`). The other global keys
/// (`aws:SourceIp`, `aws:MultiFactorAuthPresent`, …) depend on the request, not the action.
fn action_scoped(key_lower: &str) -> bool {
    !key_lower.starts_with("aws:")
        || key_lower.starts_with("aws:requesttag/")
        || key_lower.starts_with("aws:resourcetag/")
        || key_lower == "aws:tagkeys"
}

/// The condition keys of a statement that [`action_scoped`] says depend on the action.
fn scoped_keys(statement: &Statement) -> Vec<String> {
    let Some(serde_json::Value::Object(ops)) = &statement.condition else {
        return Vec::new();
    };
    let mut keys: Vec<String> = ops
        .values()
        .filter_map(|block| block.as_object())
        .flat_map(|block| block.keys())
        .map(|k| k.to_ascii_lowercase())
        .filter(|k| action_scoped(k))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

impl<'a> CompiledStatement<'a> {
    fn new(
        policy: &NamedPolicy<'a>,
        source: usize,
        index: usize,
        statement: &'a Statement,
    ) -> Self {
        let actions = if !statement.action.is_empty() {
            ActionSpec::Only(
                statement
                    .action
                    .iter()
                    .map(|a| ActionPattern::new(a))
                    .collect(),
            )
        } else if !statement.not_action.is_empty() {
            ActionSpec::AllBut(
                statement
                    .not_action
                    .iter()
                    .map(|a| ActionPattern::new(a))
                    .collect(),
            )
        } else {
            ActionSpec::Invalid
        };
        Self {
            effect: statement.effect,
            actions,
            statement,
            variables: policy.document.version.as_deref() == Some("2012-10-17"),
            scoped_keys: scoped_keys(statement),
            origin: StatementRef {
                policy: policy.name.to_owned(),
                index: index + 1,
                sid: statement.sid.clone(),
                source,
            },
        }
    }

    /// Whether the statement covers the action (lowercase `service:name`).
    pub(crate) fn covers(&self, action_lower: &str) -> bool {
        match &self.actions {
            ActionSpec::Only(p) => p.iter().any(|p| p.matches(action_lower)),
            ActionSpec::AllBut(p) => !p.iter().any(|p| p.matches(action_lower)),
            ActionSpec::Invalid => false,
        }
    }

    /// Whether the statement covers all, some or none of a service's actions.
    pub(crate) fn coverage(&self, service_lower: &str) -> Coverage {
        let each = |p: &[ActionPattern]| {
            let mut c = Coverage::None;
            for p in p {
                match p.coverage(service_lower) {
                    Coverage::All => return Coverage::All,
                    Coverage::Some => c = Coverage::Some,
                    Coverage::None => {}
                }
            }
            c
        };
        match &self.actions {
            ActionSpec::Only(p) => each(p),
            ActionSpec::AllBut(p) => match each(p) {
                Coverage::All => Coverage::None,
                Coverage::Some => Coverage::Some,
                Coverage::None => Coverage::All,
            },
            ActionSpec::Invalid => Coverage::None,
        }
    }

    /// Whether resource and condition hold for the request (the action aside).
    pub(crate) fn applies(&self, ctx: &RequestContext) -> Tri {
        let s = self.statement;
        let resource = if !s.resource.is_empty() {
            self.resource_any(&s.resource, ctx).0
        } else if !s.not_resource.is_empty() {
            // A pattern whose variable cannot be resolved matches nothing, but it only shows
            // that the resource is outside it when no value of the variable would match;
            // otherwise the element does not match ("If AWS cannot resolve a variable, this
            // might cause the entire statement to be invalid", IAM guide, policy variables).
            match self.resource_any(&s.not_resource, ctx) {
                (_, true) => Tri::False,
                (t, false) => t.negate(),
            }
        } else {
            Tri::False
        };
        if resource == Tri::False {
            return Tri::False;
        }
        resource.and(condition::evaluate(
            s.condition.as_ref(),
            ctx,
            self.variables,
        ))
    }

    /// Whether some pattern matches the request's resource, and whether a pattern had a
    /// variable that could not be resolved.
    fn resource_any(&self, patterns: &[String], ctx: &RequestContext) -> (Tri, bool) {
        let mut out = Tri::False;
        let mut unresolved = false;
        for p in patterns {
            let toks = if self.variables {
                match expand(p, ctx) {
                    Expanded::Tokens(t) => t,
                    Expanded::Unresolved => {
                        unresolved |= match &ctx.resource {
                            RequestResource::Arn(r) => match_tokens(&widen(p, ctx), r, false),
                            RequestResource::Generic => false,
                        };
                        continue;
                    }
                    Expanded::Unknown => {
                        if ctx.resource != RequestResource::Generic {
                            out = out.or(Tri::Unknown);
                        }
                        continue;
                    }
                }
            } else {
                tokens(p)
            };
            let hit = match &ctx.resource {
                RequestResource::Arn(r) => match_tokens(&toks, r, false),
                RequestResource::Generic => matches_every_arn(&toks),
            };
            if hit {
                return (Tri::True, unresolved);
            }
        }
        (out, unresolved)
    }
}

/// Whether a resource pattern matches every ARN: `*`, or `arn` followed by components that
/// are each `*` (the partition may be written `aws`), the last one `*`.
fn matches_every_arn(p: &[Tok]) -> bool {
    if matches_everything(p) {
        return true;
    }
    let parts: Vec<&[Tok]> = p.split(|t| *t == Tok::Char(':')).collect();
    let word = |part: &[Tok], w: &str| {
        part.len() == w.len() && part.iter().zip(w.chars()).all(|(t, c)| *t == Tok::Char(c))
    };
    parts.len() >= 2
        && parts.len() <= 6
        && word(parts[0], "arn")
        && parts.last().is_some_and(|l| matches_everything(l))
        && parts[1..]
            .iter()
            .enumerate()
            .all(|(i, part)| matches_everything(part) || (i == 0 && word(part, "aws")))
}

/// A policy set compiled once, to answer many requests.
#[derive(Debug, Clone)]
pub struct CompiledSet<'a> {
    /// Layers that must each allow: identity first, then the boundary and SCP levels.
    pub(crate) layers: Vec<Vec<CompiledStatement<'a>>>,
}

impl<'a> CompiledSet<'a> {
    pub fn new(set: &PolicySet<'a>) -> Self {
        let compile = |policies: &[NamedPolicy<'a>]| -> Vec<CompiledStatement<'a>> {
            policies
                .iter()
                .enumerate()
                .flat_map(|(source, p)| {
                    p.document
                        .statements
                        .iter()
                        .enumerate()
                        .map(move |(i, s)| CompiledStatement::new(p, source, i, s))
                })
                .collect()
        };
        let mut layers = vec![compile(&set.identity)];
        if let Some(b) = &set.boundary {
            layers.push(compile(b));
        }
        layers.extend(set.scps.iter().map(|level| compile(level)));
        Self { layers }
    }

    /// Evaluates one request.
    pub fn evaluate(&self, ctx: &RequestContext) -> Evaluation {
        Prepared::new(self, ctx)
            .decide(&ctx.action.to_ascii_lowercase())
            .owned()
    }
}

/// A statement whose resource and condition may hold in a request context, with that truth
/// computed once; only the action remains to be matched.
pub(crate) struct Live<'c, 'a> {
    pub(crate) statement: &'c CompiledStatement<'a>,
    /// Whether it applies, for an action that may carry every key the context leaves open.
    applies: Tri,
    /// When that truth rests on keys the action may not carry (an open context, a condition
    /// on [`action_scoped`] keys): the keys, and the truth with each subset of them absent —
    /// entry `m` has key `i` absent when bit `i` of `m` is set.
    per_action: Option<(Vec<&'c str>, Vec<Tri>)>,
}

/// At most this many action-scoped keys are decided per action; a condition on more is left
/// open (as if every action could carry them).
const MAX_SCOPED_KEYS: usize = 8;

impl<'c, 'a> Live<'c, 'a> {
    fn new(statement: &'c CompiledStatement<'a>, ctx: &RequestContext) -> Self {
        let applies = statement.applies(ctx);
        let mut per_action = None;
        if applies == Tri::Unknown && ctx.is_open() {
            let keys: Vec<&'c str> = statement
                .scoped_keys
                .iter()
                .map(String::as_str)
                .filter(|k| matches!(ctx.lookup(k), super::context::Lookup::Unknown))
                .collect();
            if !keys.is_empty() && keys.len() <= MAX_SCOPED_KEYS {
                let truths: Vec<Tri> = (0..1usize << keys.len())
                    .map(|mask| {
                        let mut absent = ctx.clone();
                        for (i, k) in keys.iter().enumerate() {
                            if mask & (1 << i) != 0 {
                                absent = absent.without(k);
                            }
                        }
                        statement.applies(&absent)
                    })
                    .collect();
                if truths.iter().any(|t| *t != applies) {
                    per_action = Some((keys, truths));
                }
            }
        }
        Self {
            statement,
            applies,
            per_action,
        }
    }

    /// Whether it applies to a request for the action (lowercase `service:name`): a key the
    /// catalog says the action never carries is absent; one it may carry stays open.
    pub(crate) fn applies_to(&self, action_lower: &str) -> Tri {
        let Some((keys, truths)) = &self.per_action else {
            return self.applies;
        };
        let cat = catalog();
        let mask = keys
            .iter()
            .enumerate()
            .filter(|(_, k)| cat.carries(action_lower, k) == Some(false))
            .fold(0usize, |m, (i, _)| m | (1 << i));
        truths[mask]
    }

    /// Whether its truth is the same for every action of the service it covers.
    pub(crate) fn uniform_over(&self, service_lower: &str) -> bool {
        match self.statement.coverage(service_lower) {
            Coverage::None => true,
            Coverage::All => self.per_action.is_none(),
            Coverage::Some => false,
        }
    }
}

/// The statements of a set that may apply in a request context, layer by layer.
pub(crate) struct Prepared<'c, 'a> {
    pub(crate) layers: Vec<Vec<Live<'c, 'a>>>,
}

impl<'c, 'a> Prepared<'c, 'a> {
    pub(crate) fn new(set: &'c CompiledSet<'a>, ctx: &RequestContext) -> Self {
        Self {
            layers: set
                .layers
                .iter()
                .map(|l| {
                    l.iter()
                        .map(|s| Live::new(s, ctx))
                        .filter(|l| l.applies != Tri::False || l.per_action.is_some())
                        .collect()
                })
                .collect(),
        }
    }

    /// The evaluation of the action (lowercase `service:name`).
    pub(crate) fn decide(&self, action_lower: &str) -> Decided<'c> {
        let mut denied = Tri::False;
        let mut allowed = Tri::True;
        let mut allowing = Vec::new();
        let mut denying = Vec::new();
        for (layer_index, layer) in self.layers.iter().enumerate() {
            let mut layer_allow = Tri::False;
            for live in layer {
                let s = live.statement;
                if !s.covers(action_lower) {
                    continue;
                }
                let applies = live.applies_to(action_lower);
                if applies == Tri::False {
                    continue;
                }
                match s.effect {
                    Effect::Deny => {
                        denied = denied.or(applies);
                        denying.push(&s.origin);
                    }
                    Effect::Allow => {
                        layer_allow = layer_allow.or(applies);
                        if layer_index == 0 {
                            allowing.push(&s.origin);
                        }
                    }
                }
            }
            allowed = allowed.and(layer_allow);
        }
        Decided {
            allowed: denied.negate().and(allowed),
            denied,
            allowing,
            denying,
        }
    }
}

/// [`Evaluation`] with borrowed statement names, for sweeping many actions cheaply.
pub(crate) struct Decided<'c> {
    pub(crate) allowed: Tri,
    pub(crate) denied: Tri,
    pub(crate) allowing: Vec<&'c StatementRef>,
    pub(crate) denying: Vec<&'c StatementRef>,
}

impl Decided<'_> {
    fn owned(self) -> Evaluation {
        Evaluation {
            allowed: self.allowed,
            denied: self.denied,
            allowing: self.allowing.into_iter().cloned().collect(),
            denying: self.denying.into_iter().cloned().collect(),
        }
    }
}

/// What evaluating one request found. In an open context a part may be
/// [`Tri::Unknown`]: it depends on keys the question leaves open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// The request is allowed.
    pub allowed: Tri,
    /// An explicit deny applies.
    pub denied: Tri,
    /// Identity `Allow` statements covering the action whose resource and condition may hold.
    pub allowing: Vec<StatementRef>,
    /// `Deny` statements covering the action whose resource and condition may hold.
    pub denying: Vec<StatementRef>,
}

impl Evaluation {
    /// The decision, when the context decides it.
    pub fn decision(&self) -> Option<Decision> {
        match (self.denied, self.allowed) {
            (Tri::True, _) => Some(Decision::ExplicitDeny),
            (_, Tri::True) => Some(Decision::Allowed),
            // Nothing allows it: denied, whether or not an explicit deny applies too.
            (Tri::False | Tri::Unknown, Tri::False) => Some(Decision::ImplicitDeny),
            _ => None,
        }
    }
}

/// Evaluates one request against a policy set.
pub fn evaluate(set: &PolicySet<'_>, ctx: &RequestContext) -> Evaluation {
    CompiledSet::new(set).evaluate(ctx)
}

#[cfg(test)]
mod tests;
