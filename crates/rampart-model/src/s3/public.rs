//! Whether a bucket policy statement or ACL grant is *public* in S3's sense.
//!
//! S3's user guide (*Blocking public access*, "The meaning of public") says: an ACL is public
//! when it grants anything to the `AllUsers` or `AuthenticatedUsers` group; a bucket policy is
//! public unless it grants access only to fixed values of the keys that pin a caller down — a
//! fixed principal, a set of CIDRs in `aws:SourceIp`, or a fixed `aws:SourceArn`,
//! `aws:SourceVpc`, `aws:SourceVpce`, `aws:SourceOwner`, `aws:SourceAccount`, … A value with a
//! wildcard or a policy variable is not fixed.
//!
//! rampart decides it by evaluation rather than by the look of the document, with the analysis
//! every resource policy gets ([`crate::resource_policy`]): an `Allow` to
//! anyone (`Principal: "*"`, `{"AWS": "*"}`, or any `NotPrincipal`) that reaches an S3 action on
//! the bucket is public when an outsider can satisfy its conditions. The outsider's request
//! carries, for each restricting key, either nothing or a value of the outsider's own (an
//! account id, ARN, VPC or address that no fixed value names, or one that a wildcard value
//! matches); conditions on other keys (`aws:SecureTransport`, `s3:prefix`, …) are the
//! caller's to satisfy and restrict nothing. So `StringEquals aws:SourceArn <trail>` is not
//! public, `StringLike aws:SourceArn "*"` and `IpAddress aws:SourceIp 0.0.0.0/0` are,
//! and `StringNotEquals aws:SourceAccount <id>` is too (an outsider has another account).
//! A `Deny` takes the grant back when, for every principal, it covers every S3 action the
//! grant gives on the bucket and all its objects and surely applies to the outsider's request
//! (`Deny` unless `aws:SourceVpce` is the company's endpoint does; `Deny` over plain HTTP does
//! not, since the outsider can use TLS).

use super::AclGrant;
use crate::resource_policy::{self, Target};
use rampart_engines::policy::{PolicyDocument, Statement};

pub use crate::resource_policy::expands_variables;

/// The ARN of bucket `name` (partition `aws`).
pub fn bucket_arn(name: &str) -> String {
    format!("arn:aws:s3:::{name}")
}

/// The statements of `doc` that make `bucket` public, with their positions.
pub fn public_statements<'a>(doc: &'a PolicyDocument, bucket: &str) -> Vec<(usize, &'a Statement)> {
    let arn = bucket_arn(bucket);
    resource_policy::public_statements(doc, &bucket_target(&arn))
}

/// The ACL grants that are public (to `AllUsers` or `AuthenticatedUsers`).
pub fn public_grants(grants: &[AclGrant]) -> Vec<&AclGrant> {
    grants.iter().filter(|g| g.is_public()).collect()
}

/// Whether `s`, on its own, grants anyone some S3 access to `bucket` or its objects.
/// `variables` says whether the statement's document replaces policy variables.
pub fn is_public_statement(s: &Statement, bucket: &str, variables: bool) -> bool {
    let arn = bucket_arn(bucket);
    resource_policy::is_public_statement(s, &bucket_target(&arn), variables)
}

/// What makes `bucket` public now, once Block Public Access (the bucket's and
/// `account_bpa`) has had its say: its public policy statements while `RestrictPublicBuckets`
/// is not in force, its public ACL grants while `IgnorePublicAcls` is not. Empty when nothing
/// does; an error names the fact that would decide it and could not be read.
pub fn public_now<'a>(
    bucket: &'a super::BucketFacts,
    account_bpa: &'a crate::Observed<Option<super::PublicAccessBlock>>,
) -> Result<Vec<String>, &'a crate::Unavailable> {
    use super::bpa::{effective_bpa, BpaSetting};
    use crate::Observed;
    let bpa = effective_bpa(bucket, account_bpa);
    let mut out = Vec::new();
    let statements: Vec<String> = match &bucket.policy {
        Observed::Known(Some(doc)) => public_statements(doc, &bucket.name)
            .into_iter()
            .map(|(i, s)| crate::resource_policy::statement_name(i, s))
            .collect(),
        Observed::Known(None) => Vec::new(),
        Observed::Unavailable(u) => return Err(u),
    };
    if !statements.is_empty() && !bpa.get(BpaSetting::RestrictPublicBuckets)? {
        out.push(format!("policy statements {}", statements.join(", ")));
    }
    let grants = match &bucket.acl_grants {
        Observed::Known(g) => public_grants(g).len(),
        Observed::Unavailable(u) => return Err(u),
    };
    if grants > 0 && !bpa.get(BpaSetting::IgnorePublicAcls)? {
        out.push(format!(
            "{grants} public ACL grant{}",
            if grants == 1 { "" } else { "s" }
        ));
    }
    Ok(out)
}

/// A bucket as the target of its policy: the bucket and every object under it.
fn bucket_target(arn: &str) -> Target<'_> {
    Target {
        service: "s3",
        arn,
        children: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(json: &str) -> Statement {
        serde_json::from_str(json).expect("test statement parses")
    }

    fn public(condition: &str) -> bool {
        let s = statement(&format!(
            r#"{{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{condition}}}"#
        ));
        is_public_statement(&s, "b", true)
    }

    #[test]
    fn fixed_values_of_restricting_keys_make_it_private() {
        assert!(!public(
            r#"{"StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:us-east-1:111122223333:trail/t"}}"#
        ));
        assert!(!public(
            r#"{"ArnEquals":{"aws:SourceArn":"arn:aws:cloudtrail:us-east-1:111122223333:trail/t"}}"#
        ));
        assert!(!public(
            r#"{"StringEquals":{"aws:SourceAccount":"111122223333"}}"#
        ));
        assert!(!public(
            r#"{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}"#
        ));
        assert!(!public(
            r#"{"StringEquals":{"aws:SourceVpce":["vpce-1","vpce-2"]}}"#
        ));
        assert!(!public(
            r#"{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#
        ));
        assert!(!public(
            r#"{"StringEquals":{"aws:userid":"AROAEXAMPLE:*"}}"#
        ));
    }

    #[test]
    fn wildcards_negations_and_open_ranges_stay_public() {
        assert!(public(r#"{"StringLike":{"aws:SourceArn":"*"}}"#));
        assert!(public(
            r#"{"ArnLike":{"aws:SourceArn":"arn:aws:cloudtrail:*:*:trail/*"}}"#
        ));
        assert!(public(r#"{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}"#));
        assert!(public(
            r#"{"IpAddress":{"aws:SourceIp":["0.0.0.0/1","128.0.0.0/1"]}}"#
        ));
        assert!(public(r#"{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#));
        assert!(public(
            r#"{"StringNotEquals":{"aws:SourceAccount":"111122223333"}}"#
        ));
        assert!(public(
            r#"{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}}"#
        ));
        assert!(public(
            r#"{"StringEquals":{"aws:SourceAccount":"${aws:PrincipalAccount}"}}"#
        ));
        assert!(
            public(r#"{"Bool":{"aws:SecureTransport":"true"}}"#),
            "not a restricting key"
        );
        assert!(public(r#"{}"#));
    }

    fn doc_public(statements: &str) -> Vec<usize> {
        let doc = PolicyDocument::parse(&format!(
            r#"{{"Version":"2012-10-17","Statement":{statements}}}"#
        ))
        .expect("test policy parses");
        public_statements(&doc, "b")
            .into_iter()
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn a_deny_that_surely_refuses_outsiders_takes_the_grant_back() {
        let open = r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#;
        let deny = |cond: &str| {
            format!(
                r#"[{open},{{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{cond}}}]"#
            )
        };
        assert_eq!(doc_public(&format!("[{open}]")), [0]);
        assert!(doc_public(&deny(r#"{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}"#)).is_empty());
        assert!(doc_public(&deny(r#"{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#)).is_empty());
        assert!(doc_public(&deny(
            r#"{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc"}}"#
        ))
        .is_empty());
        assert_eq!(
            doc_public(&deny(r#"{"Bool":{"aws:SecureTransport":"false"}}"#)),
            [0]
        );
        assert_eq!(
            doc_public(&deny(r#"{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#)),
            [0]
        );
        assert_eq!(
            doc_public(&deny(r#"{"StringNotLike":{"aws:SourceVpce":"vpce-*"}}"#)),
            [0]
        );
        let partial = format!(
            r#"[{open},{{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"*"}}]"#
        );
        assert_eq!(doc_public(&partial), [0], "the deny leaves GetObject");
    }

    #[test]
    fn principals_actions_and_resources() {
        let s = |j: &str| is_public_statement(&statement(j), "b", true);
        assert!(s(
            r#"{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"s3:*","Resource":"*"}"#
        ));
        assert!(s(
            r#"{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::1:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#
        ));
        assert!(!s(
            r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"s3:*","Resource":"*"}"#
        ));
        assert!(!s(
            r#"{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:*","Resource":"*"}"#
        ));
        assert!(!s(
            r#"{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}"#
        ));
        assert!(!s(
            r#"{"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"*"}"#
        ));
        assert!(s(
            r#"{"Effect":"Allow","Principal":"*","NotAction":"s3:Delete*","Resource":"*"}"#
        ));
        assert!(!s(
            r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"}"#
        ));
        assert!(s(
            r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/public/*"}"#
        ));
        assert!(s(
            r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","NotResource":"arn:aws:s3:::b/private/*"}"#
        ));
    }
}
