//! Whether a bucket policy statement or ACL grant is *public* in S3's sense.
//!
//! S3's user guide (*Blocking public access*, "The meaning of public") says: an ACL is public
//! when it grants anything to the `AllUsers` or `AuthenticatedUsers` group; a bucket policy is
//! public unless it grants access only to fixed values of the keys that pin a caller down — a
//! fixed principal, a set of CIDRs in `aws:SourceIp`, or a fixed `aws:SourceArn`,
//! `aws:SourceVpc`, `aws:SourceVpce`, `aws:SourceOwner`, `aws:SourceAccount`, … A value with a
//! wildcard or a policy variable is not fixed.
//!
//! rampart decides it by evaluation rather than by the look of the document: an `Allow` to
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

use super::conditions::{self, Entry};
use super::cover;
use super::AclGrant;
use rampart_engines::policy::condition::Tri;
use rampart_engines::policy::{Effect, PolicyDocument, Statement};

/// Condition keys that pin a caller down when their values are fixed (S3's list, plus the
/// principal-side keys that do the same for callers in an organization or account).
pub const RESTRICTING_KEYS: [&str; 16] = [
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOwner",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceIp",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:userid",
    "s3:x-amz-server-side-encryption-aws-kms-key-id",
    "s3:DataAccessPointArn",
    "s3:DataAccessPointAccount",
];

/// The ARN of bucket `name` (partition `aws`).
pub fn bucket_arn(name: &str) -> String {
    format!("arn:aws:s3:::{name}")
}

/// Whether the document replaces policy variables (version `2012-10-17`).
pub fn expands_variables(doc: &PolicyDocument) -> bool {
    doc.version.as_deref() == Some("2012-10-17")
}

/// The statements of `doc` that make `bucket` public, with their positions.
pub fn public_statements<'a>(doc: &'a PolicyDocument, bucket: &str) -> Vec<(usize, &'a Statement)> {
    let variables = expands_variables(doc);
    let denies: Vec<&Statement> = doc
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Deny)
        .collect();
    doc.statements
        .iter()
        .enumerate()
        .filter(|(_, s)| grants_outsiders(s, bucket, variables, &denies))
        .collect()
}

/// The ACL grants that are public (to `AllUsers` or `AuthenticatedUsers`).
pub fn public_grants(grants: &[AclGrant]) -> Vec<&AclGrant> {
    grants.iter().filter(|g| g.is_public()).collect()
}

/// Whether `s`, on its own, grants anyone some S3 access to `bucket` or its objects.
/// `variables` says whether the statement's document replaces policy variables.
pub fn is_public_statement(s: &Statement, bucket: &str, variables: bool) -> bool {
    grants_outsiders(s, bucket, variables, &[])
}

/// Whether `s` grants anyone some S3 access to `bucket` that none of `denies` takes back.
fn grants_outsiders(s: &Statement, bucket: &str, variables: bool, denies: &[&Statement]) -> bool {
    s.effect == Effect::Allow
        && (s.principal_is_public() || s.not_principal.is_some())
        && conditions::some_s3_action(s)
        && reaches_bucket(s, bucket, variables)
        && outsider_reaches(s, bucket, variables, denies)
}

/// Whether the statement's resources take in the bucket or at least one of its objects.
fn reaches_bucket(s: &Statement, bucket: &str, variables: bool) -> bool {
    let arn = bucket_arn(bucket);
    let objects = format!("{arn}/");
    let toks = |list: &[String]| -> Vec<Vec<_>> {
        list.iter()
            .map(|r| cover::coverage_tokens(r, variables))
            .collect()
    };
    if !s.resource.is_empty() {
        toks(&s.resource)
            .iter()
            .any(|r| cover::matches(r, &arn) || cover::meets_prefix(r, &objects))
    } else if !s.not_resource.is_empty() {
        let not = toks(&s.not_resource);
        !not.iter().any(|r| cover::matches(r, &arn))
            || !not.iter().any(|r| cover::covers_prefix(r, &objects))
    } else {
        false
    }
}

/// The most outsider requests tried for one statement; beyond it (a dozen restricting keys
/// at once) the statement is taken to be public rather than cleared unexamined.
const MAX_REQUESTS: usize = 4096;

/// Whether some outsider's request is allowed by the statement and refused by none of the
/// `denies`. An outsider's request carries, for each restricting key the statements name,
/// either nothing or one of the outsider's own values; every other key is the caller's to
/// choose, so the policy engine evaluates the conditions in an open context. The `Allow` must
/// possibly hold (a block it can never satisfy, such as one with an unknown operator, grants
/// nothing); a `Deny` refuses only when it surely holds and covers, for everyone, every S3
/// action the `Allow` grants on the bucket and all its objects.
fn outsider_reaches(s: &Statement, bucket: &str, variables: bool, denies: &[&Statement]) -> bool {
    let arn = bucket_arn(bucket);
    let blocking: Vec<&Statement> = denies
        .iter()
        .copied()
        .filter(|d| blocks_all_of(d, s, bucket, variables))
        .collect();
    let mut entries = conditions::entries(s.condition.as_ref());
    for d in &blocking {
        entries.extend(conditions::entries(d.condition.as_ref()));
    }
    // A restricting key with a policy variable among its values is not pinned to a fixed
    // value: it stays the caller's to choose.
    let keys: Vec<&str> = conditions::keys(&entries)
        .into_iter()
        .filter(|k| is_restricting(k))
        .filter(|k| {
            !conditions::on_key(&entries, k)
                .iter()
                .any(|e| e.texts().iter().any(|t| t.contains("${")))
        })
        .collect();
    let choices: Vec<Vec<Option<String>>> = keys
        .iter()
        .map(|k| {
            std::iter::once(None)
                .chain(
                    outsider_values(k, &conditions::on_key(&entries, k))
                        .into_iter()
                        .map(Some),
                )
                .collect()
        })
        .collect();
    let total = choices
        .iter()
        .try_fold(1usize, |n, c| n.checked_mul(c.len()))
        .unwrap_or(usize::MAX);
    if total > MAX_REQUESTS {
        return true;
    }
    (0..total).any(|mut n| {
        let mut ctx = conditions::request(&arn, true);
        for (k, c) in keys.iter().zip(&choices) {
            ctx = match &c[n % c.len()] {
                None => ctx.without(k),
                Some(v) => ctx.with(k, v.as_str()),
            };
            n /= c.len();
        }
        conditions::eval_all(s.condition.as_ref(), &ctx, variables).possible()
            && !blocking
                .iter()
                .any(|d| conditions::eval_all(d.condition.as_ref(), &ctx, variables) == Tri::True)
    })
}

/// Whether `deny` applies to everyone and to every S3 action `allow` grants, on the bucket
/// and all its objects.
fn blocks_all_of(deny: &Statement, allow: &Statement, bucket: &str, variables: bool) -> bool {
    deny.effect == Effect::Deny
        && deny.not_principal.is_none()
        && deny.principal_is_public()
        && cover::bucket_coverage(deny, bucket, variables) == (true, true)
        && conditions::s3_actions()
            .filter(|a| conditions::takes(allow, a))
            .all(|a| conditions::takes(deny, a))
}

pub fn is_restricting(key: &str) -> bool {
    RESTRICTING_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// The values an outsider can bring for `key`: one that no listed value names, and an instance
/// of each wildcard value (except the `ROLEID:*` form of `aws:userid`, which S3 counts as fixed).
fn outsider_values(key: &str, entries: &[&Entry<'_>]) -> Vec<String> {
    let listed: Vec<String> = entries.iter().flat_map(|e| e.texts()).collect();
    if key.eq_ignore_ascii_case("aws:SourceIp") {
        return super::ip::outsiders(&listed);
    }
    let k = key.to_ascii_lowercase();
    let shapes: [&str; 2] = if k.ends_with("arn") {
        [
            "arn:aws:iam::000000000000:role/rampart-outsider",
            "arn:aws:sts::999999999999:assumed-role/rampart-outsider/x",
        ]
    } else if k.ends_with("account") || k.ends_with("owner") {
        ["000000000000", "999999999999"]
    } else if k.ends_with("orgid") {
        ["o-rampartoutsider0", "o-rampartoutsider1"]
    } else {
        ["rampart-outsider-0", "rampart-outsider-1"]
    };
    let mut out: Vec<String> = shapes
        .iter()
        .find(|s| !listed.iter().any(|l| l.eq_ignore_ascii_case(s)))
        .map(|s| vec![(*s).to_owned()])
        .unwrap_or_default();
    for l in &listed {
        let role_sessions =
            k == "aws:userid" && l.ends_with(":*") && !l[..l.len() - 2].contains(['*', '?']);
        if (l.contains('*') || l.contains('?')) && !role_sessions {
            out.push(l.replace(['*', '?'], "x"));
        }
    }
    out
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
