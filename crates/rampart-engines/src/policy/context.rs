//! The request a policy is evaluated against: action, resource and context keys.
//!
//! A context is either *closed* — every key not set is absent, as in a real request — or
//! *open*: keys not set are unknown (absent or any value), which is how rampart asks "in every
//! console session without MFA…" without inventing a source IP or a time of day. The three
//! request contexts AWS documents for MFA have constructors here.

use std::collections::BTreeMap;

/// The resource of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestResource {
    /// A concrete ARN (or `*` for actions that take no resource).
    Arn(String),
    /// Any resource that no policy names: matched only by `Resource` patterns that match every
    /// ARN (`*`, `arn:aws:*`, `arn:*:*:*:*:*`, …) and by every `NotResource`, unless the
    /// `NotResource` itself matches every ARN.
    Generic,
}

/// A context key's value: single-valued, or multivalued (`aws:TagKeys`, `aws:CalledVia`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextValue {
    Single(String),
    Multi(Vec<String>),
}

impl ContextValue {
    pub fn values(&self) -> &[String] {
        match self {
            ContextValue::Single(s) => std::slice::from_ref(s),
            ContextValue::Multi(v) => v,
        }
    }
}

/// What the context says about a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<'a> {
    Present(&'a ContextValue),
    Absent,
    /// Open context, key not set: could be absent or anything.
    Unknown,
}

/// Which of the documented MFA request contexts a question is asked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MfaContext {
    /// A console session signed in without MFA: `aws:MultiFactorAuthPresent` is `"false"`,
    /// `aws:MultiFactorAuthAge` absent.
    ConsoleWithoutMfa,
    /// A call signed with a long-term access key: neither key is present.
    LongTermKey,
    /// A session authenticated with MFA: present is `"true"`, the age is set (60 seconds).
    MfaSession,
}

impl MfaContext {
    pub fn describe(self) -> &'static str {
        match self {
            MfaContext::ConsoleWithoutMfa => "a console session without MFA",
            MfaContext::LongTermKey => "a call with a long-term access key",
            MfaContext::MfaSession => "an MFA-authenticated session",
        }
    }
}

pub const MFA_PRESENT: &str = "aws:MultiFactorAuthPresent";
pub const MFA_AGE: &str = "aws:MultiFactorAuthAge";

/// A request: action, resource and context keys (names compared without case, as IAM does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestContext {
    pub action: String,
    pub resource: RequestResource,
    keys: BTreeMap<String, ContextValue>,
    absent: Vec<String>,
    open: bool,
}

impl RequestContext {
    /// A closed request: keys not set are absent.
    pub fn new(action: impl Into<String>, resource: RequestResource) -> Self {
        Self {
            action: action.into(),
            resource,
            keys: BTreeMap::new(),
            absent: Vec::new(),
            open: false,
        }
    }

    /// An open request: keys not set are unknown, except those marked with [`Self::without`].
    pub fn open(action: impl Into<String>, resource: RequestResource) -> Self {
        Self {
            open: true,
            ..Self::new(action, resource)
        }
    }

    /// One of the documented MFA contexts, open for every other key, on a generic resource.
    pub fn mfa(kind: MfaContext, action: impl Into<String>) -> Self {
        let ctx = Self::open(action, RequestResource::Generic);
        match kind {
            MfaContext::ConsoleWithoutMfa => ctx.with(MFA_PRESENT, "false").without(MFA_AGE),
            MfaContext::LongTermKey => ctx.without(MFA_PRESENT).without(MFA_AGE),
            MfaContext::MfaSession => ctx.with(MFA_PRESENT, "true").with(MFA_AGE, "60"),
        }
    }

    /// A console session without MFA (see [`MfaContext::ConsoleWithoutMfa`]).
    pub fn console_without_mfa(action: impl Into<String>) -> Self {
        Self::mfa(MfaContext::ConsoleWithoutMfa, action)
    }

    /// A long-term access key call (see [`MfaContext::LongTermKey`]).
    pub fn long_term_key(action: impl Into<String>) -> Self {
        Self::mfa(MfaContext::LongTermKey, action)
    }

    /// An MFA-authenticated session (see [`MfaContext::MfaSession`]).
    pub fn mfa_session(action: impl Into<String>) -> Self {
        Self::mfa(MfaContext::MfaSession, action)
    }

    /// Sets a single-valued key.
    pub fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        self.set(key, ContextValue::Single(value.into()));
        self
    }

    /// Sets a multivalued key.
    pub fn with_multi(mut self, key: &str, values: Vec<String>) -> Self {
        self.set(key, ContextValue::Multi(values));
        self
    }

    /// Marks a key as absent (only meaningful in an open context).
    pub fn without(mut self, key: &str) -> Self {
        let k = key.to_ascii_lowercase();
        self.keys.remove(&k);
        self.absent.push(k);
        self
    }

    pub fn set(&mut self, key: &str, value: ContextValue) {
        let k = key.to_ascii_lowercase();
        self.absent.retain(|a| *a != k);
        self.keys.insert(k, value);
    }

    /// The same request, open: keys it does not set are unknown, except those it marks absent.
    pub fn opened(&self) -> Self {
        Self {
            open: true,
            ..self.clone()
        }
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn lookup(&self, key: &str) -> Lookup<'_> {
        let k = key.to_ascii_lowercase();
        match self.keys.get(&k) {
            Some(v) => Lookup::Present(v),
            None if !self.open || self.absent.contains(&k) => Lookup::Absent,
            None => Lookup::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_mfa_contexts() {
        let console = RequestContext::console_without_mfa("s3:ListBucket");
        assert_eq!(
            console.lookup("aws:multifactorauthpresent"),
            Lookup::Present(&ContextValue::Single("false".into()))
        );
        assert_eq!(console.lookup(MFA_AGE), Lookup::Absent);
        assert_eq!(console.lookup("aws:SourceIp"), Lookup::Unknown);
        let key = RequestContext::long_term_key("s3:ListBucket");
        assert_eq!(key.lookup(MFA_PRESENT), Lookup::Absent);
        assert_eq!(key.lookup(MFA_AGE), Lookup::Absent);
        let mfa = RequestContext::mfa_session("s3:ListBucket");
        assert!(matches!(mfa.lookup(MFA_AGE), Lookup::Present(_)));
        let closed = RequestContext::new("s3:ListBucket", RequestResource::Generic);
        assert_eq!(closed.lookup("aws:SourceIp"), Lookup::Absent);
    }
}
