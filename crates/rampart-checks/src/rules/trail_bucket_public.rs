//! RMP305: a trail bucket is public or not protected by Block Public Access.

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::buckets::each_trail_bucket;
use crate::facts;
use crate::s3_exposure::exposure;
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// For every bucket a trail delivers to, whether it is public or could become public: a
    /// policy statement that lets anyone in (`Principal: "*"`, `{"AWS": "*"}` or a `NotPrincipal`)
    /// with no condition an outsider cannot meet — a fixed `aws:SourceArn`, `aws:SourceAccount`,
    /// `aws:SourceVpce`, `aws:PrincipalOrgID`, a set of `aws:SourceIp` ranges other than
    /// everything, …; wildcard values and policy variables are not fixed — an ACL grant to
    /// `AllUsers` or `AuthenticatedUsers`, or a Block Public Access setting not in force. Each of
    /// the four settings is in force when it is on at the bucket or the account level (S3 applies
    /// the most restrictive combination; the account level covers only the account's own
    /// buckets). `RestrictPublicBuckets` neutralises public policy statements and
    /// `IgnorePublicAcls` public ACL grants; neutralised grants are shown as evidence. No finding
    /// when the account has no trail.
    ///
    /// ## Why it matters
    /// CloudTrail logs map the whole account: users, roles, resource names, source addresses,
    /// mistakes. A public log bucket is a reconnaissance gift, and public write access would let
    /// anyone plant or overwrite logs.
    ///
    /// ## How to fix
    /// Turn Block Public Access on: in the S3 console open the bucket, **Permissions → Block
    /// public access → Edit**, tick **Block all public access**; remove public ACL grants and
    /// public policy statements on the same tab. With the CLI:
    /// `aws s3api put-public-access-block --bucket NAME --public-access-block-configuration
    /// BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`.
    /// `rampart apply` fixes this: it turns all four flags on for the bucket.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v5.0.0, 2.1.4
    /// - AWS Security Hub control S3.8
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>
    pub struct TrailBucketPublic;

    static META: CheckMeta = CheckMeta {
        id: check_ids::TRAIL_BUCKET_PUBLIC,
        slug: "trail-bucket-public",
        aliases: &[],
        subject: Subject::Account,
        step: Step::CloudTrail,
        severity: Severity::Critical,
        title: "A trail bucket is public or not covered by Block Public Access",
        frameworks: &[("cis-aws-7.0", "3.1.4"), ("cis-aws-6.0", "3.1.4"), ("cis-aws-5.0", "2.1.4"), ("aws-ssb", "ACCT.07"), ("aws-fsbp", "S3.8")],
        fix: Applicability::Automatic,
    };
}

impl Check for TrailBucketPublic {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let account_bpa = &cx.snapshot.s3.account_public_access_block;
        each_trail_bucket(cx, META.id, |b, _| {
            let resource = facts::bucket(&b.name);
            let e = exposure(b, account_bpa);
            let mut f = match e.public {
                Err(u) => Finding::unknown(META.id, resource, u),
                Ok(false) => Finding::pass(
                    META.id,
                    resource,
                    format!("trail bucket `{}` is not public", b.name),
                ),
                Ok(true) => Finding::fail(
                    META.id,
                    resource,
                    format!(
                        "trail bucket `{}` is exposed: {}",
                        b.name,
                        e.reasons.first().map_or("", String::as_str)
                    ),
                ),
            };
            f.evidence.extend(e.evidence);
            f.with("reasons", e.reasons)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{denied, hardened, inherited, only, run};
    use rampart_engines::policy::PolicyDocument;
    use rampart_model::s3::PublicAccessBlock;
    use rampart_model::{Observed, Snapshot, Status};

    const BUCKET: &str = "aws-cloudtrail-logs-111122223333-mgmt";


    /// The hardened account with the statements of `fixture` added to the trail bucket's
    /// policy and the given Block Public Access levels.
    fn with(fixture: &str, account: PublicAccessBlock, bucket: PublicAccessBlock) -> Snapshot {
        let extra = PolicyDocument::parse(fixture).expect("fixture parses");
        let mut snap = hardened();
        snap.s3.account_public_access_block = Observed::Known(Some(account));
        let b = snap.s3.buckets.get_mut(BUCKET).expect("trail bucket");
        b.public_access_block = Observed::Known(Some(bucket));
        if let Observed::Known(Some(doc)) = &mut b.policy {
            doc.statements.extend(extra.statements);
        }
        snap
    }

    const PINNED: &str = include_str!("fixtures/trail-bucket-public_source-arn-pinned.json");
    const WILDCARD: &str =
        include_str!("fixtures/trail-bucket-public_source-arn-wildcard.json");

    #[test]
    fn fails_for_a_public_acl_without_block_public_access() {
        let f = only(run(&TrailBucketPublic, &inherited()));
        assert_eq!(f.status, Status::Fail);
        assert!(
            f.message.ends_with("the ACL grants READ to `AllUsers`"),
            "{}",
            f.message
        );
        assert_eq!(f.evidence["reasons"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn a_condition_on_a_fixed_source_arn_is_not_public_but_a_wildcard_is() {
        let only_restrict_off = PublicAccessBlock::new(true, true, true, false);
        let none = PublicAccessBlock::new(false, false, false, false);
        let f = only(run(
            &TrailBucketPublic,
            &with(WILDCARD, only_restrict_off, none),
        ));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(
            f.message,
            format!("trail bucket `{BUCKET}` is exposed: the bucket policy allows anyone (statements AnyTrailAnywhere)")
        );
        let f = only(run(
            &TrailBucketPublic,
            &with(PINNED, only_restrict_off, none),
        ));
        assert_eq!(
            f.evidence["policy.public_statements"],
            serde_json::json!([])
        );
        assert!(
            f.message.ends_with("(RestrictPublicBuckets off)"),
            "fails for the setting only: {}",
            f.message
        );
        let all = PublicAccessBlock::new(true, true, true, true);
        let f = only(run(&TrailBucketPublic, &with(WILDCARD, all, none)));
        assert_eq!(
            f.status,
            Status::Pass,
            "RestrictPublicBuckets neutralises it"
        );
        assert_eq!(
            f.evidence["policy.public_statements"],
            serde_json::json!(["AnyTrailAnywhere"])
        );
    }

    #[test]
    fn passes_when_blocked_at_either_level_or_split_between_them() {
        let f = only(run(&TrailBucketPublic, &hardened()));
        assert_eq!(f.status, Status::Pass);
        let mut snap = hardened();
        snap.s3.account_public_access_block = Observed::Known(None);
        assert_eq!(
            only(run(&TrailBucketPublic, &snap)).status,
            Status::Pass,
            "the bucket level is enough"
        );
        let split = with(
            PINNED,
            PublicAccessBlock::new(true, true, false, false),
            PublicAccessBlock::new(false, false, true, true),
        );
        let f = only(run(&TrailBucketPublic, &split));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
    }

    #[test]
    fn unknown_when_block_public_access_is_unreadable_and_not_on_elsewhere() {
        let mut snap = inherited();
        for b in snap.s3.buckets.values_mut() {
            b.public_access_block = denied("s3:GetBucketPublicAccessBlock");
            b.acl_grants = Observed::Known(Vec::new());
        }
        let f = only(run(&TrailBucketPublic, &snap));
        assert_eq!(f.status, Status::Unknown);
        assert_eq!(
            f.missing_permission.as_deref(),
            Some("s3:GetBucketPublicAccessBlock")
        );
    }
}
