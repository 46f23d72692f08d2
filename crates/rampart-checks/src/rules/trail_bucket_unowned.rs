//! RMP304: a trail delivers to a bucket that is missing or owned by another account.

use rampart_model::{check_ids, Finding, Observed, Severity, Step};

use crate::buckets::{each_trail_bucket, ownership_problem, ownership_text};
use crate::facts;
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// For every bucket a trail delivers to, whether it exists and belongs to this account
    /// (listed by `ListBuckets`). No finding when the account has no trail.
    ///
    /// ## Why it matters
    /// A trail pointing at a deleted bucket logs nothing. A trail pointing at someone else's
    /// bucket hands the account's full API history to that owner — and if the name was freed and
    /// re-registered by a stranger, to a stranger.
    ///
    /// ## How to fix
    /// Create a bucket in this account with the CloudTrail bucket policy and point the trail at
    /// it: in the CloudTrail console open the trail, **General details → Edit**, **Create new S3
    /// bucket**. With the CLI: `aws s3api create-bucket --bucket NAME`, `aws s3api
    /// put-bucket-policy …`, then `aws cloudtrail update-trail --name TRAIL --s3-bucket-name NAME`.
    /// Only use another account's bucket for a deliberate central log archive. `rampart apply`
    /// fixes this when the bucket is missing: it creates it with the documented policy. A bucket
    /// of another account is listed as a manual step.
    ///
    /// ## References
    /// - Step 3 of the account baseline (no CIS control)
    /// - <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html>
    pub struct TrailBucketUnowned;

    static META: CheckMeta = CheckMeta {
        id: check_ids::TRAIL_BUCKET_UNOWNED,
        slug: "trail-bucket-unowned",
        aliases: &[],
        subject: Subject::Account,
        step: Step::CloudTrail,
        severity: Severity::High,
        title: "A trail delivers to a bucket that is missing or not owned by the account",
        frameworks: &[],
        fix: Applicability::Automatic,
    };
}

impl Check for TrailBucketUnowned {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        each_trail_bucket(cx, META.id, |b, _| {
            let resource = facts::bucket(&b.name);
            match &b.ownership {
                Observed::Unavailable(u) => Finding::unknown(META.id, resource, u),
                Observed::Known(o) => {
                    let f = match ownership_problem(*o) {
                        None => Finding::pass(
                            META.id,
                            resource,
                            format!("trail bucket `{}` belongs to the account", b.name),
                        ),
                        Some(problem) => Finding::fail(
                            META.id,
                            resource,
                            format!("trail bucket `{}` {problem}", b.name),
                        ),
                    };
                    f.with("owner", ownership_text(*o))
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, hardened, only, run};
    use rampart_model::s3::BucketOwnership;
    use rampart_model::Status;

    fn set_ownership(snap: &mut rampart_model::Snapshot, o: Observed<BucketOwnership>) {
        let b = snap
            .s3
            .buckets
            .get_mut("aws-cloudtrail-logs-111122223333-mgmt")
            .expect("trail bucket");
        b.ownership = o;
    }

    #[test]
    fn fails_for_missing_and_foreign_buckets() {
        let mut snap = hardened();
        set_ownership(&mut snap, Observed::Known(BucketOwnership::Missing));
        let f = only(run(&TrailBucketUnowned, &snap));
        assert_eq!(f.status, Status::Fail);
        assert!(f.message.ends_with("does not exist"), "{}", f.message);
        set_ownership(&mut snap, Observed::Known(BucketOwnership::OtherAccount));
        assert_eq!(
            only(run(&TrailBucketUnowned, &snap)).evidence["owner"],
            "another account"
        );
    }

    #[test]
    fn passes_for_an_owned_bucket_and_says_nothing_without_trails() {
        let f = only(run(&TrailBucketUnowned, &hardened()));
        assert_eq!(f.status, Status::Pass);
        assert_eq!(
            f.evidence["trails"],
            serde_json::json!(["management-events"])
        );
        assert!(run(&TrailBucketUnowned, &brand_new()).is_empty());
    }

    #[test]
    fn unknown_when_ownership_or_the_bucket_facts_are_missing() {
        let mut snap = hardened();
        set_ownership(&mut snap, denied("s3:ListAllMyBuckets"));
        assert_eq!(
            only(run(&TrailBucketUnowned, &snap))
                .missing_permission
                .as_deref(),
            Some("s3:ListAllMyBuckets")
        );
        snap.s3.buckets.clear();
        let f = only(run(&TrailBucketUnowned, &snap));
        assert_eq!(f.status, Status::Unknown);
        assert!(
            f.message.contains("no facts were collected"),
            "{}",
            f.message
        );
    }
}
