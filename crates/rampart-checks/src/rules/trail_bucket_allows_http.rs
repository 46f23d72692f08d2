//! RMP306: a trail bucket accepts requests over plain HTTP.

use rampart_model::s3::tls::{tls_only, TlsVerdict};
use rampart_model::{check_ids, Finding, Observed, Severity, Step};

use crate::buckets::each_trail_bucket;
use crate::facts;
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// For every bucket a trail delivers to, whether its policy has a `Deny` that refuses every
    /// plain-HTTP request: to every principal (`*`), of every S3 action (`s3:*`, `*`, or a
    /// `NotAction` sparing no S3 action), on the bucket **and** all its objects
    /// (`arn:aws:s3:::BUCKET` and `arn:aws:s3:::BUCKET/*`, wildcards and `NotResource` evaluated),
    /// under `aws:SecureTransport` `false` (`Bool` or `BoolIfExists`) and no other condition that
    /// narrows it (a source address, a VPC endpoint, …). A deny on `s3:TlsVersion` alone sets a
    /// minimum TLS version and does not refuse plain HTTP. A deny that falls short is named in
    /// the evidence with what it misses. No finding when the account has no trail.
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
        id: check_ids::TRAIL_BUCKET_ALLOWS_HTTP,
        slug: "trail-bucket-allows-http",
        aliases: &[],
        subject: Subject::Account,
        step: Step::CloudTrail,
        severity: Severity::Medium,
        title: "A trail bucket does not deny plain-HTTP requests",
        frameworks: &[("cis-aws-7.0", "3.1.1"), ("cis-aws-6.0", "3.1.1"), ("cis-aws-5.0", "2.1.1"), ("aws-fsbp", "S3.5")],
        fix: Applicability::Automatic,
    };
}

impl Check for TrailBucketAllowsHttp {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        each_trail_bucket(cx, META.id, |b, _| {
            let resource = facts::bucket(&b.name);
            let verdict = match &b.policy {
                Observed::Unavailable(u) => return Finding::unknown(META.id, resource, u),
                Observed::Known(None) => TlsVerdict::default(),
                Observed::Known(Some(doc)) => tls_only(doc, &b.name),
            };
            if let Some((i, s)) = verdict.deny {
                return Finding::pass(
                    META.id,
                    resource,
                    format!("trail bucket `{}` denies plain-HTTP requests", b.name),
                )
                .with(
                    "statement",
                    s.sid.clone().unwrap_or_else(|| format!("#{}", i + 1)),
                );
            }
            let misses: Vec<serde_json::Value> = verdict
                .near_misses
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "statement": m.statement.sid.clone().unwrap_or_else(|| format!("#{}", m.index + 1)),
                        "gaps": m.gaps.iter().map(rampart_model::s3::tls::Gap::describe).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let why = verdict.near_misses.first().map_or(String::new(), |m| {
                let name = m
                    .statement
                    .sid
                    .clone()
                    .unwrap_or_else(|| format!("#{}", m.index + 1));
                let gaps: Vec<String> = m.gaps.iter().map(rampart_model::s3::tls::Gap::describe).collect();
                format!(": the deny `{name}` {}", gaps.join(" and "))
            });
            let f = Finding::fail(
                META.id,
                resource,
                format!("trail bucket `{}` accepts plain-HTTP requests{why}", b.name),
            )
            .with("has_policy", matches!(b.policy, Observed::Known(Some(_))));
            if misses.is_empty() {
                f
            } else {
                f.with("near_misses", misses)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{denied, hardened, inherited, only, run};
    use rampart_engines::policy::PolicyDocument;
    use rampart_model::Status;

    const BUCKET: &str = "aws-cloudtrail-logs-111122223333-mgmt";

    /// The hardened account with the trail bucket's TLS statement replaced by the one in
    /// `fixtures/trail-bucket-allows-http_<case>.json`.
    fn with_deny(fixture: &str) -> rampart_model::Snapshot {
        let deny = PolicyDocument::parse(fixture).expect("fixture parses");
        let mut snap = hardened();
        let b = snap.s3.buckets.get_mut(BUCKET).expect("trail bucket");
        if let Observed::Known(Some(doc)) = &mut b.policy {
            doc.statements
                .retain(|s| s.sid.as_deref() != Some("DenyInsecureTransport"));
            doc.statements.extend(deny.statements);
        }
        snap
    }

    macro_rules! fixture {
        ($case:literal) => {
            include_str!(concat!(
                "fixtures/trail-bucket-allows-http_",
                $case,
                ".json"
            ))
        };
    }

    #[test]
    fn fails_without_the_deny() {
        let f = only(run(&TrailBucketAllowsHttp, &inherited()));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.evidence["has_policy"], true);
    }

    #[test]
    fn passes_with_the_documented_deny_and_its_equivalents() {
        let f = only(run(&TrailBucketAllowsHttp, &hardened()));
        assert_eq!(
            (f.status, &f.evidence["statement"]),
            (Status::Pass, &serde_json::json!("DenyInsecureTransport"))
        );
        for case in [
            fixture!("s3-all-on-both"),
            fixture!("not-action-not-resource"),
        ] {
            let f = only(run(&TrailBucketAllowsHttp, &with_deny(case)));
            assert_eq!(f.status, Status::Pass, "{case}: {}", f.message);
        }
    }

    #[test]
    fn fails_for_a_deny_that_falls_short() {
        for (case, why) in [
            (
                fixture!("bucket-only"),
                "does not cover every object of the bucket",
            ),
            (fixture!("objects-only"), "does not cover the bucket itself"),
            (
                fixture!("get-object-only"),
                "does not cover every S3 action",
            ),
            (
                fixture!("narrowed-by-source-ip"),
                "is narrowed by a condition on `aws:SourceIp`",
            ),
            (
                fixture!("tls-version-only"),
                "does not apply to plain-HTTP requests",
            ),
        ] {
            let f = only(run(&TrailBucketAllowsHttp, &with_deny(case)));
            assert_eq!(f.status, Status::Fail, "{case}");
            assert!(f.message.ends_with(why), "{case}: {}", f.message);
            assert_eq!(f.evidence["near_misses"][0]["gaps"][0], why);
        }
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
