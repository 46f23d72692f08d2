//! Whether a bucket policy denies every plain-HTTP request (CIS 2.1.1, Security Hub S3.5).
//!
//! A `Deny` counts when, evaluated, it refuses every request made without TLS: it names every
//! principal (`"*"` or `{"AWS": "*"}`; a `NotPrincipal` spares someone), it covers the bucket
//! ARN **and** every object ARN (`arn:aws:s3:::b` and `arn:aws:s3:::b/*`, through wildcards,
//! or a `NotResource` that spares neither), it covers every S3 action (`s3:*`, `*`, or a
//! `NotAction` that spares no S3 action), and its conditions hold for every plain-HTTP
//! request. The last is asked of the policy engine in an open request context:
//! `aws:SecureTransport` is `"false"` (so `Bool` and `BoolIfExists` `false` hold),
//! `s3:TlsVersion` is absent, and every other key is unknown — absent or any value — so the
//! conditions must hold whatever it is, and a second condition such as
//! `IpAddress aws:SourceIp` or `StringEquals aws:SourceVpce` narrows the deny and it does not
//! count. A `NumericLessThan s3:TlsVersion` deny is a different control (a minimum TLS
//! version): without TLS the key is absent, so it refuses no plain-HTTP request by itself.

use super::conditions;
use super::cover;
use super::public::{bucket_arn, expands_variables};
use rampart_engines::policy::condition::Tri;
use rampart_engines::policy::{Effect, PolicyDocument, Statement};

pub const SECURE_TRANSPORT: &str = "aws:SecureTransport";
pub const TLS_VERSION: &str = "s3:TlsVersion";

/// Why a `Deny` statement falls short of refusing every plain-HTTP request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gap {
    /// A `NotPrincipal` or a named principal: someone is spared.
    NotEveryone,
    /// The bucket ARN itself is not covered (bucket-level calls such as `ListBucket`).
    Bucket,
    /// Not every object ARN is covered.
    Objects,
    /// Not every S3 action is covered.
    Actions,
    /// The conditions do not hold for a plain-HTTP request (e.g. `aws:SecureTransport` `true`).
    NotHttp,
    /// Conditions on other keys narrow the deny to some requests.
    Narrowed(Vec<String>),
}

impl Gap {
    pub fn describe(&self) -> String {
        match self {
            Gap::NotEveryone => "does not apply to every principal".into(),
            Gap::Bucket => "does not cover the bucket itself".into(),
            Gap::Objects => "does not cover every object of the bucket".into(),
            Gap::Actions => "does not cover every S3 action".into(),
            Gap::NotHttp => "does not apply to plain-HTTP requests".into(),
            Gap::Narrowed(keys) => format!(
                "is narrowed by a condition on {}",
                keys.iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// A `Deny` about `aws:SecureTransport` that does not count, and why.
#[derive(Debug, Clone)]
pub struct NearMiss<'a> {
    pub index: usize,
    pub statement: &'a Statement,
    pub gaps: Vec<Gap>,
}

/// What a policy says about plain HTTP on one bucket.
#[derive(Debug, Clone, Default)]
pub struct TlsVerdict<'a> {
    /// The first statement that refuses every plain-HTTP request, with its position.
    pub deny: Option<(usize, &'a Statement)>,
    /// The `Deny` statements on `aws:SecureTransport` or `s3:TlsVersion` that fall short.
    pub near_misses: Vec<NearMiss<'a>>,
}

/// Judges every statement of `doc` for `bucket`.
pub fn tls_only<'a>(doc: &'a PolicyDocument, bucket: &str) -> TlsVerdict<'a> {
    let mut out = TlsVerdict::default();
    let variables = expands_variables(doc);
    for (index, s) in doc.statements.iter().enumerate() {
        if s.effect != Effect::Deny {
            continue;
        }
        let gaps = gaps(s, bucket, variables);
        if gaps.is_empty() {
            out.deny.get_or_insert((index, s));
        } else if !s.condition_values(SECURE_TRANSPORT).is_empty()
            || !s.condition_values(TLS_VERSION).is_empty()
        {
            out.near_misses.push(NearMiss {
                index,
                statement: s,
                gaps,
            });
        }
    }
    out
}

/// Whether `s` (of a `2012-10-17` document) refuses every plain-HTTP request to `bucket` and
/// its objects.
pub fn denies_http(s: &Statement, bucket: &str) -> bool {
    s.effect == Effect::Deny && gaps(s, bucket, true).is_empty()
}

/// Everything that keeps a `Deny` from refusing every plain-HTTP request. `variables` says
/// whether the statement's document replaces policy variables.
pub fn gaps(s: &Statement, bucket: &str, variables: bool) -> Vec<Gap> {
    let mut out = Vec::new();
    if s.not_principal.is_some() || !s.principal_is_public() {
        out.push(Gap::NotEveryone);
    }
    let arn = bucket_arn(bucket);
    let (bucket_ok, objects_ok) = cover::bucket_coverage(s, bucket, variables);
    if !bucket_ok {
        out.push(Gap::Bucket);
    }
    if !objects_ok {
        out.push(Gap::Objects);
    }
    if !conditions::every_s3_action(s) {
        out.push(Gap::Actions);
    }
    let http = conditions::request(&arn, true)
        .with(SECURE_TRANSPORT, "false")
        .without(TLS_VERSION);
    if conditions::eval_all(s.condition.as_ref(), &http, variables) != Tri::True {
        let all = conditions::entries(s.condition.as_ref());
        let mut narrowed = Vec::new();
        let mut not_http = false;
        for key in conditions::keys(&all) {
            let on = conditions::on_key(&all, key);
            if conditions::eval(&on, &http, variables) == Tri::True {
                continue;
            }
            if key.eq_ignore_ascii_case(SECURE_TRANSPORT) || key.eq_ignore_ascii_case(TLS_VERSION) {
                not_http = true;
            } else {
                narrowed.push(key.to_owned());
            }
        }
        if not_http || narrowed.is_empty() {
            out.push(Gap::NotHttp);
        }
        if !narrowed.is_empty() {
            out.push(Gap::Narrowed(narrowed));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deny(resource: &str, action: &str, condition: &str) -> Statement {
        serde_json::from_str(&format!(
            r#"{{"Effect":"Deny","Principal":"*","Action":{action},"Resource":{resource},"Condition":{condition}}}"#
        ))
        .expect("test statement parses")
    }

    const BOTH: &str = r#"["arn:aws:s3:::b","arn:aws:s3:::b/*"]"#;
    const HTTP: &str = r#"{"Bool":{"aws:SecureTransport":"false"}}"#;

    #[test]
    fn the_documented_deny_counts_and_so_do_its_equivalents() {
        assert!(gaps(&deny(BOTH, r#""s3:*""#, HTTP), "b", true).is_empty());
        assert!(gaps(&deny(r#""*""#, r#""*""#, HTTP), "b", true).is_empty());
        assert!(gaps(&deny(r#""arn:aws:s3:::b*""#, r#""s3:*""#, HTTP), "b", true).is_empty());
        let if_exists = r#"{"BoolIfExists":{"aws:SecureTransport":false}}"#;
        assert!(gaps(&deny(BOTH, r#""s3:*""#, if_exists), "b", true).is_empty());
        let s: Statement = serde_json::from_str(
            r#"{"Effect":"Deny","Principal":{"AWS":"*"},"NotAction":"sqs:*","NotResource":"arn:aws:s3:::other/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}"#,
        )
        .unwrap();
        assert!(gaps(&s, "b", true).is_empty());
    }

    #[test]
    fn partial_denies_do_not_count() {
        assert_eq!(
            gaps(&deny(r#""arn:aws:s3:::b""#, r#""s3:*""#, HTTP), "b", true),
            [Gap::Objects]
        );
        assert_eq!(
            gaps(&deny(r#""arn:aws:s3:::b/*""#, r#""s3:*""#, HTTP), "b", true),
            [Gap::Bucket]
        );
        assert_eq!(
            gaps(&deny(BOTH, r#""s3:GetObject""#, HTTP), "b", true),
            [Gap::Actions]
        );
        let narrowed =
            r#"{"Bool":{"aws:SecureTransport":"false"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#;
        assert_eq!(
            gaps(&deny(BOTH, r#""s3:*""#, narrowed), "b", true),
            [Gap::Narrowed(vec!["aws:SourceIp".into()])]
        );
        let outside = r#"{"Bool":{"aws:SecureTransport":"false"},"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#;
        assert!(!gaps(&deny(BOTH, r#""s3:*""#, outside), "b", true).is_empty());
        let vpce = r#"{"Bool":{"aws:SecureTransport":"false"},"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}"#;
        assert_eq!(
            gaps(&deny(BOTH, r#""s3:*""#, vpce), "b", true),
            [Gap::Narrowed(vec!["aws:SourceVpce".into()])]
        );
        let per_user = r#"["arn:aws:s3:::b","arn:aws:s3:::b/${aws:username}/*"]"#;
        assert_eq!(
            gaps(&deny(per_user, r#""s3:*""#, HTTP), "b", true),
            [Gap::Objects]
        );
        let tls = r#"{"Bool":{"aws:SecureTransport":"true"}}"#;
        assert_eq!(
            gaps(&deny(BOTH, r#""s3:*""#, tls), "b", true),
            [Gap::NotHttp]
        );
        let version = r#"{"NumericLessThan":{"s3:TlsVersion":"1.2"}}"#;
        assert_eq!(
            gaps(&deny(BOTH, r#""s3:*""#, version), "b", true),
            [Gap::NotHttp]
        );
        let s: Statement = serde_json::from_str(
            r#"{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::1:root"},"Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}"#,
        )
        .unwrap();
        assert_eq!(gaps(&s, "b", true), [Gap::NotEveryone]);
        let s: Statement = serde_json::from_str(
            r#"{"Effect":"Deny","Principal":"*","Action":"s3:*","NotResource":"arn:aws:s3:::b/public/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}"#,
        )
        .unwrap();
        assert_eq!(gaps(&s, "b", true), [Gap::Objects]);
    }

    #[test]
    fn the_verdict_names_the_deny_and_the_near_misses() {
        let doc = PolicyDocument {
            version: None,
            id: None,
            statements: vec![
                deny(r#""arn:aws:s3:::b""#, r#""s3:*""#, HTTP),
                deny(BOTH, r#""s3:*""#, HTTP),
            ],
        };
        let v = tls_only(&doc, "b");
        assert_eq!(v.deny.map(|(i, _)| i), Some(1));
        assert_eq!(v.near_misses.len(), 1);
        assert_eq!(v.near_misses[0].gaps, [Gap::Objects]);
    }
}
