//! IAM and resource policy documents, typed, and the engine that evaluates them.
//!
//! AWS lets `Statement`, `Action`, `Resource` and friends be a single value or a list; this
//! module accepts both and always serialises lists. `Principal` and `Condition` keep their JSON
//! shape because their structure varies too much to be worth a type of their own here.
//!
//! Verdicts come from evaluation, never from the shape of a document: [`eval`] implements
//! AWS's identity-policy evaluation logic, [`condition`] every condition operator, and
//! [`questions`] asks "full admin?" and "MFA required?" over the [`catalog`] of IAM actions.

pub mod catalog;
pub mod condition;
pub mod context;
pub mod eval;
pub mod glob;
pub mod questions;
pub mod service_access;
pub mod variables;

pub use context::{ContextValue, MfaContext, RequestContext, RequestResource};
pub use eval::{evaluate, CompiledSet, Decision, Evaluation, NamedPolicy, PolicySet, StatementRef};
pub use questions::{
    documented_mfa_policies, full_admin, mfa_bootstrap_actions, mfa_requirement, AdminVerdict,
    MfaVerdict,
};
pub use service_access::{service_access, AccessVerdict, ServiceRequest};

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// The ARN of AWS's managed `AdministratorAccess` policy.
pub const ADMINISTRATOR_ACCESS_ARN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

/// A policy document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PolicyDocument {
    #[serde(rename = "Version", default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "Statement", deserialize_with = "one_or_many")]
    pub statements: Vec<Statement>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Effect {
    Allow,
    Deny,
}

/// One statement. Absent lists are empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    #[serde(rename = "Sid", default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    #[serde(rename = "Effect")]
    pub effect: Effect,
    #[serde(rename = "Principal", default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<Value>,
    #[serde(
        rename = "NotPrincipal",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub not_principal: Option<Value>,
    #[serde(
        rename = "Action",
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub action: Vec<String>,
    #[serde(
        rename = "NotAction",
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub not_action: Vec<String>,
    #[serde(
        rename = "Resource",
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub resource: Vec<String>,
    #[serde(
        rename = "NotResource",
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub not_resource: Vec<String>,
    #[serde(rename = "Condition", default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Value>,
}

/// A single value or a list of them, as IAM allows for `Statement`, `Action` and friends.
///
/// Written as a visitor rather than an untagged enum so that nothing is buffered: an error
/// deep inside (`Statement[0].Action`) keeps its path and says what was expected.
fn one_or_many<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StrDeserializer};
    use serde::de::{MapAccess, SeqAccess, Visitor};

    struct OneOrMany<T>(std::marker::PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrMany<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a value or a list of values")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(item) = seq.next_element()? {
                out.push(item);
            }
            Ok(out)
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
            T::deserialize(MapAccessDeserializer::new(map)).map(|v| vec![v])
        }

        fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Vec<T>, E> {
            T::deserialize(BorrowedStrDeserializer::new(v)).map(|v| vec![v])
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Vec<T>, E> {
            T::deserialize(StrDeserializer::new(v)).map(|v| vec![v])
        }
    }

    d.deserialize_any(OneOrMany(std::marker::PhantomData))
}

/// Why a policy document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("policy document is not URL-encoded UTF-8: {0}")]
    Encoding(#[from] std::str::Utf8Error),
    #[error("policy document is not valid: {0}")]
    Json(#[from] serde_json::Error),
}

impl PolicyDocument {
    /// Parses a document as IAM returns it: URL-encoded JSON (plain JSON is accepted too).
    pub fn parse_url_encoded(text: &str) -> Result<Self, PolicyError> {
        let decoded = percent_encoding::percent_decode_str(text).decode_utf8()?;
        Ok(serde_json::from_str(&decoded)?)
    }

    pub fn parse(text: &str) -> Result<Self, PolicyError> {
        Ok(serde_json::from_str(text)?)
    }

    /// Whether this document alone makes its principal a full administrator, by evaluation
    /// (see [`questions::full_admin`]).
    pub fn grants_full_admin(&self) -> bool {
        let set = PolicySet {
            identity: vec![NamedPolicy {
                name: "policy",
                document: self,
            }],
            ..PolicySet::default()
        };
        full_admin(&CompiledSet::new(&set)).full_admin
    }

    /// Whether, next to `AdministratorAccess`, this document makes admin access require MFA
    /// (see [`questions::mfa_requirement`]) while leaving it admin with MFA: what attaching it
    /// to an admin group achieves. A document that denies everything takes admin away instead.
    pub fn requires_mfa_for_admin(&self) -> bool {
        let set = PolicySet {
            identity: vec![
                NamedPolicy {
                    name: "AdministratorAccess",
                    document: administrator_access(),
                },
                NamedPolicy {
                    name: "policy",
                    document: self,
                },
            ],
            ..PolicySet::default()
        };
        let compiled = CompiledSet::new(&set);
        mfa_requirement(&compiled).required && full_admin(&compiled).full_admin
    }
}

/// `AdministratorAccess` as AWS publishes it (`Allow` `*` on `*`), for snapshots whose managed
/// policies lack its document.
pub fn administrator_access() -> &'static PolicyDocument {
    static DOC: std::sync::OnceLock<PolicyDocument> = std::sync::OnceLock::new();
    DOC.get_or_init(|| PolicyDocument {
        version: Some("2012-10-17".into()),
        id: None,
        statements: vec![Statement {
            sid: None,
            effect: Effect::Allow,
            principal: None,
            not_principal: None,
            action: vec!["*".into()],
            not_action: Vec::new(),
            resource: vec!["*".into()],
            not_resource: Vec::new(),
            condition: None,
        }],
    })
}

impl Statement {
    /// Whether `principal` is `*` or `{"AWS": "*"}` (anyone).
    pub fn principal_is_public(&self) -> bool {
        fn star(v: &Value) -> bool {
            match v {
                Value::String(s) => s == "*",
                Value::Array(a) => a.iter().any(star),
                _ => false,
            }
        }
        match &self.principal {
            Some(Value::String(s)) => s == "*",
            Some(Value::Object(m)) => m.get("AWS").is_some_and(star),
            _ => false,
        }
    }

    /// The service principals named in `Principal.Service`.
    pub fn service_principals(&self) -> Vec<&str> {
        match self.principal.as_ref().and_then(|p| p.get("Service")) {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// Whether the statement allows `action` (exact or by `service:*` / `*` wildcard).
    pub fn allows_action(&self, action: &str) -> bool {
        self.effect == Effect::Allow && self.action.iter().any(|a| action_matches(a, action))
    }

    /// The string values of condition `key` under any operator (e.g. `aws:SecureTransport`).
    pub fn condition_values(&self, key: &str) -> Vec<String> {
        let Some(Value::Object(ops)) = &self.condition else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for block in ops.values() {
            let Value::Object(keys) = block else { continue };
            for (k, v) in keys {
                if !k.eq_ignore_ascii_case(key) {
                    continue;
                }
                match v {
                    Value::Array(a) => out.extend(a.iter().map(value_text)),
                    other => out.push(value_text(other)),
                }
            }
        }
        out
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// IAM action matching, as the evaluator does it: `*` matches every action; otherwise the
/// service prefix must be equal (ignoring case) and `*`/`?` match within the action name.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    eval::action_pattern_matches(pattern, action)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MFA_DENY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:GetMFADevice","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}"#;

    #[test]
    fn recognises_admin_and_single_values() {
        let doc = PolicyDocument::parse(
            r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
        )
        .unwrap();
        assert!(doc.grants_full_admin());
        let narrow = PolicyDocument::parse(
            r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
        )
        .unwrap();
        assert!(!narrow.grants_full_admin());
    }

    #[test]
    fn the_documented_mfa_deny_grants_nothing() {
        assert!(!PolicyDocument::parse(MFA_DENY).unwrap().grants_full_admin());
    }

    #[test]
    fn decodes_url_encoded_documents() {
        let encoded = "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D";
        assert!(PolicyDocument::parse_url_encoded(encoded)
            .unwrap()
            .grants_full_admin());
        assert!(PolicyDocument::parse_url_encoded("%7Bnot json").is_err());
    }

    #[test]
    fn matches_actions_with_wildcards() {
        assert!(action_matches("s3:*", "s3:PutObject"));
        assert!(action_matches("*", "iam:GetUser"));
        assert!(action_matches("s3:Get*Policy", "s3:GetBucketPolicy"));
        assert!(!action_matches("s3:Get*", "s3:PutObject"));
    }

    #[test]
    fn reads_condition_values_and_principals() {
        let doc = PolicyDocument::parse(r#"{"Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}},{"Effect":"Allow","Principal":{"Service":["cloudtrail.amazonaws.com"]},"Action":"s3:PutObject","Resource":"*"}]}"#).unwrap();
        assert_eq!(
            doc.statements[0].condition_values("aws:SecureTransport"),
            vec!["false"]
        );
        assert!(doc.statements[0].principal_is_public());
        assert_eq!(
            doc.statements[1].service_principals(),
            vec!["cloudtrail.amazonaws.com"]
        );
    }
}
