//! RMP305: a trail bucket is public or not protected by Block Public Access.

use rampart_model::{Finding, Severity, Step};

use crate::buckets::each_trail_bucket;
use crate::facts;
use crate::s3_exposure::exposure;
use crate::{Check, CheckMeta, Context, Fix};

/// ## What it checks
/// For every bucket a trail delivers to, whether it is public or could become public: a
/// policy statement allowing anyone (`*`) without a condition pinning the caller down, an ACL
/// grant to `AllUsers` or `AuthenticatedUsers`, or Block Public Access not fully on at the
/// bucket or the account level. Either level with all four flags on is enough, and then
/// public grants are neutralised (they are still shown as evidence). No finding when the
/// account has no trail.
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
    id: "RMP305",
    slug: "trail-bucket-public",
    aliases: &[],
    step: Step::CloudTrail,
    severity: Severity::Critical,
    title: "A trail bucket is public or not covered by Block Public Access",
    frameworks: &[("cis-aws-5.0", "2.1.4"), ("aws-fsbp", "S3.8")],
    fix: Fix::Auto,
    source: include_str!("trail_bucket_public.rs"),
};

impl Check for TrailBucketPublic {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

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
    use crate::testing::{denied, hardened, inherited, only, run};
    use rampart_model::{Observed, Status};

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
    fn passes_when_blocked() {
        let f = only(run(&TrailBucketPublic, &hardened()));
        assert_eq!(f.status, Status::Pass);
        let mut snap = hardened();
        snap.s3.account_public_access_block = Observed::Known(None);
        assert_eq!(
            only(run(&TrailBucketPublic, &snap)).status,
            Status::Pass,
            "the bucket level is enough"
        );
    }

    #[test]
    fn unknown_when_block_public_access_is_unreadable_and_not_on_elsewhere() {
        let mut snap = inherited();
        for b in snap.s3.buckets.values_mut() {
            b.public_access_block = denied("s3:GetBucketPublicAccessBlock");
        }
        let f = only(run(&TrailBucketPublic, &snap));
        assert_eq!(f.status, Status::Unknown);
        assert_eq!(
            f.missing_permission.as_deref(),
            Some("s3:GetBucketPublicAccessBlock")
        );
    }
}
