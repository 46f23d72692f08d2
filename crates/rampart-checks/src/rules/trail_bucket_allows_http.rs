//! RMP306: a trail bucket accepts requests over plain HTTP.

use rampart_model::policy::{action_matches, Effect, Statement};
use rampart_model::{Finding, Observed, Severity, Step};

use crate::buckets::each_trail_bucket;
use crate::facts;
use crate::{Check, CheckMeta, Context, Fix};

/// ## What it checks
/// For every bucket a trail delivers to, whether its policy has a `Deny` for everyone of the
/// bucket's object reads (`s3:*`, `s3:GetObject` or a wildcard covering it) when
/// `aws:SecureTransport` is `false`. No finding when the account has no trail.
///
/// ## Why it matters
/// Without the deny, a misconfigured client can read or write logs over unencrypted HTTP,
/// where they can be read or altered in transit.
///
/// ## How to fix
/// Add this statement to the bucket policy (S3 console: the bucket, **Permissions → Bucket
/// policy → Edit**), keeping the statements already there:
/// `{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
/// "Resource": ["arn:aws:s3:::BUCKET", "arn:aws:s3:::BUCKET/*"],
/// "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`. With the CLI:
/// `aws s3api put-bucket-policy --bucket BUCKET --policy file://policy.json`. `rampart apply`
/// fixes this: it adds the statement and keeps the others.
///
/// ## References
/// - CIS AWS Foundations Benchmark v5.0.0, 2.1.1
/// - AWS Security Hub control S3.5
/// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html>
pub struct TrailBucketAllowsHttp;

static META: CheckMeta = CheckMeta {
    id: "RMP306",
    slug: "trail-bucket-allows-http",
    aliases: &[],
    step: Step::CloudTrail,
    severity: Severity::Medium,
    title: "A trail bucket does not deny plain-HTTP requests",
    frameworks: &[("cis-aws-5.0", "2.1.1"), ("aws-fsbp", "S3.5")],
    fix: Fix::Auto,
    source: include_str!("trail_bucket_allows_http.rs"),
};

impl Check for TrailBucketAllowsHttp {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        each_trail_bucket(cx, META.id, |b, _| {
            let resource = facts::bucket(&b.name);
            let deny = match &b.policy {
                Observed::Unavailable(u) => return Finding::unknown(META.id, resource, u),
                Observed::Known(None) => None,
                Observed::Known(Some(doc)) => doc.statements.iter().find(|s| denies_http(s)),
            };
            match deny {
                Some(s) => Finding::pass(
                    META.id,
                    resource,
                    format!("trail bucket `{}` denies plain-HTTP requests", b.name),
                )
                .with("statement", s.sid.as_deref()),
                None => Finding::fail(
                    META.id,
                    resource,
                    format!("trail bucket `{}` accepts plain-HTTP requests", b.name),
                )
                .with("has_policy", matches!(b.policy, Observed::Known(Some(_)))),
            }
        })
    }
}

/// A deny for everyone of object reads when the request is not over TLS.
fn denies_http(s: &Statement) -> bool {
    s.effect == Effect::Deny
        && s.principal_is_public()
        && s.action.iter().any(|a| action_matches(a, "s3:GetObject"))
        && s.condition_values("aws:SecureTransport")
            .iter()
            .any(|v| v.eq_ignore_ascii_case("false"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{denied, hardened, inherited, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_without_the_deny() {
        let f = only(run(&TrailBucketAllowsHttp, &inherited()));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.evidence["has_policy"], true);
    }

    #[test]
    fn passes_with_the_deny_but_not_a_narrower_one() {
        let f = only(run(&TrailBucketAllowsHttp, &hardened()));
        assert_eq!(
            (f.status, &f.evidence["statement"]),
            (Status::Pass, &serde_json::json!("DenyInsecureTransport"))
        );
        let mut snap = hardened();
        for b in snap.s3.buckets.values_mut() {
            if let Observed::Known(Some(doc)) = &mut b.policy {
                doc.statements
                    .iter_mut()
                    .for_each(|s| s.action.retain(|a| a != "s3:*"));
                doc.statements
                    .iter_mut()
                    .filter(|s| s.effect == Effect::Deny)
                    .for_each(|s| s.action.push("s3:PutObject".into()));
            }
        }
        assert_eq!(
            only(run(&TrailBucketAllowsHttp, &snap)).status,
            Status::Fail
        );
    }

    #[test]
    fn unknown_when_the_policy_is_refused() {
        let mut snap = hardened();
        snap.s3
            .buckets
            .values_mut()
            .for_each(|b| b.policy = denied("s3:GetBucketPolicy"));
        assert_eq!(
            only(run(&TrailBucketAllowsHttp, &snap)).status,
            Status::Unknown
        );
    }
}
