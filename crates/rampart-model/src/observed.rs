//! `Observed<T>`: a fact the collector either read or could not read.
//!
//! The whole point of rampart's model is that a missing permission, a throttled API or a service
//! the endpoint does not offer is recorded as [`Observed::Unavailable`] with a reason and the IAM
//! action that was refused. A check that needs such a fact reports `unknown`, naming the action,
//! instead of passing or disappearing.

use serde::{Deserialize, Serialize};

/// A fact read from the account, or the reason it could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Observed<T> {
    Known(T),
    Unavailable(Unavailable),
}

/// Why a fact could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unavailable {
    pub kind: UnavailableKind,
    /// The IAM action whose call failed, such as `iam:GetCredentialReport`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// A human-readable cause, as specific as the API allowed.
    pub message: String,
}

/// The broad class of an [`Unavailable`] fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnavailableKind {
    /// The caller lacks the permission named in `action`.
    AccessDenied,
    /// The API kept throttling past the retry budget.
    Throttled,
    /// The endpoint does not offer this API (for example a local emulator).
    NotSupported,
    /// The API did not finish in time (for example a credential report stuck in `STARTED`).
    TimedOut,
    /// The fact depends on another fact that could not be read.
    Dependency,
    /// Any other failure: a 5xx, a connection error, an answer that could not be parsed.
    Error,
    /// Not read on purpose: every check that needs the fact is ignored (`audit.ignore`).
    Skipped,
    /// Not in the snapshot: it was taken by a rampart that did not read this fact yet.
    Absent,
}

/// The value of a fact a snapshot file does not have, because the rampart that wrote it did
/// not read it yet: unavailable, so the checks that need it are `unknown`, never a pass.
pub fn absent<T>() -> Observed<T> {
    Observed::Unavailable(Unavailable::new(
        UnavailableKind::Absent,
        None,
        "not in this snapshot: it was taken by an earlier rampart; take a new one",
    ))
}

impl<T> Observed<T> {
    /// The value, if it was read.
    pub fn known(&self) -> Option<&T> {
        match self {
            Observed::Known(v) => Some(v),
            Observed::Unavailable(_) => None,
        }
    }

    /// The value, or the reason it is unavailable.
    pub fn as_result(&self) -> Result<&T, &Unavailable> {
        match self {
            Observed::Known(v) => Ok(v),
            Observed::Unavailable(u) => Err(u),
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Observed<U> {
        match self {
            Observed::Known(v) => Observed::Known(f(v)),
            Observed::Unavailable(u) => Observed::Unavailable(u),
        }
    }

    pub fn is_known(&self) -> bool {
        matches!(self, Observed::Known(_))
    }
}

impl Unavailable {
    pub fn new(kind: UnavailableKind, action: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            kind,
            action: action.map(str::to_owned),
            message: message.into(),
        }
    }

    pub fn access_denied(action: &str, message: impl Into<String>) -> Self {
        Self::new(UnavailableKind::AccessDenied, Some(action), message)
    }

    /// A one-line explanation, used as the message of `unknown` findings.
    pub fn describe(&self) -> String {
        match (&self.kind, &self.action) {
            (UnavailableKind::AccessDenied, Some(a)) => {
                format!("could not read: access denied to `{a}` ({})", self.message)
            }
            (_, Some(a)) => format!("could not read `{a}`: {}", self.message),
            (_, None) => format!("could not read: {}", self.message),
        }
    }
}

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_both_variants() {
        let known: Observed<u32> = Observed::Known(3);
        let json = serde_json::to_string(&known).unwrap();
        assert_eq!(json, r#"{"known":3}"#);
        assert_eq!(serde_json::from_str::<Observed<u32>>(&json).unwrap(), known);

        let gone: Observed<u32> =
            Observed::Unavailable(Unavailable::access_denied("iam:GetAccountSummary", "403"));
        let json = serde_json::to_string(&gone).unwrap();
        assert!(json.contains(r#""kind":"access_denied""#), "{json}");
        assert_eq!(serde_json::from_str::<Observed<u32>>(&json).unwrap(), gone);
    }

    #[test]
    fn describe_names_the_action() {
        let u = Unavailable::access_denied("iam:GetCredentialReport", "User is not authorized");
        assert!(u.describe().contains("`iam:GetCredentialReport`"));
    }
}
