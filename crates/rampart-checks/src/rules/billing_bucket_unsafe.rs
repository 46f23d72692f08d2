//! RMP402: a billing report bucket is missing, not owned by the account, or public.

use rampart_model::{check_ids, Finding, Observed, Severity, Step};

use crate::billing::each_billing_bucket;
use crate::buckets::{ownership_problem, ownership_text};
use crate::facts;
use crate::s3_exposure::exposure;
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// For every bucket a Cost and Usage Report or Data Export delivers to: that it exists, that
    /// this account owns it, and that it is not public — no policy statement or ACL grant open to
    /// anyone that Block Public Access leaves in force, and each of the four Block Public Access
    /// settings on at the bucket or the account level (judged as for RMP305).
    ///
    /// ## Why it matters
    /// Billing files list every resource, account and tag, with what each costs. In a foreign
    /// bucket they belong to someone else; in a public one to everyone; with a missing bucket the
    /// report silently stops.
    ///
    /// ## How to fix
    /// Deliver to a bucket of this account with Block Public Access on: in the S3 console create
    /// the bucket (Block all public access is the default), then in **Billing and Cost
    /// Management → Data Exports** edit the export's destination. For an existing bucket,
    /// `aws s3api put-public-access-block --bucket NAME --public-access-block-configuration
    /// BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`.
    /// `rampart apply` fixes this: it blocks public access, and creates the bucket when it is
    /// missing; a bucket of another account is listed as a manual step.
    ///
    /// ## References
    /// - Step 4 of the account baseline; public access as CIS AWS Foundations v5.0.0, 2.1.4
    /// - <https://docs.aws.amazon.com/cur/latest/userguide/dataexports-s3-bucket.html>
    pub struct BillingBucketUnsafe;

    static META: CheckMeta = CheckMeta {
        id: check_ids::BILLING_BUCKET_UNSAFE,
        slug: "billing-bucket-unsafe",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Billing,
        severity: Severity::High,
        title: "A billing report bucket is missing, not owned by the account, or public",
        frameworks: &[],
        fix: Applicability::Automatic,
    };
}

impl Check for BillingBucketUnsafe {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let account_bpa = &cx.snapshot.s3.account_public_access_block;
        each_billing_bucket(cx, META.id, |b, _| {
            let resource = facts::bucket(&b.name);
            let owner = match &b.ownership {
                Observed::Unavailable(u) => return Finding::unknown(META.id, resource, u),
                Observed::Known(o) => *o,
            };
            if let Some(problem) = ownership_problem(owner) {
                return Finding::fail(
                    META.id,
                    resource,
                    format!("billing bucket `{}` {problem}", b.name),
                )
                .with("owner", ownership_text(owner));
            }
            let e = exposure(b, account_bpa);
            let mut f = match e.public {
                Err(u) => Finding::unknown(META.id, resource, u),
                Ok(false) => Finding::pass(
                    META.id,
                    resource,
                    format!(
                        "billing bucket `{}` belongs to the account and is not public",
                        b.name
                    ),
                ),
                Ok(true) => Finding::fail(
                    META.id,
                    resource,
                    format!(
                        "billing bucket `{}` is exposed: {}",
                        b.name,
                        e.reasons.first().map_or("", String::as_str)
                    ),
                ),
            };
            f.evidence.extend(e.evidence);
            f.with("owner", ownership_text(owner))
                .with("reasons", e.reasons)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, hardened, only, run};
    use rampart_model::s3::BucketOwnership;
    use rampart_model::Status;

    const BUCKET: &str = "billing-reports-111122223333";

    #[test]
    fn fails_for_a_foreign_or_unblocked_bucket() {
        let mut snap = hardened();
        snap.s3.buckets.get_mut(BUCKET).unwrap().ownership =
            Observed::Known(BucketOwnership::OtherAccount);
        let f = only(run(&BillingBucketUnsafe, &snap));
        assert_eq!(
            f.message,
            format!("billing bucket `{BUCKET}` is owned by another account")
        );
        let mut snap = hardened();
        snap.s3.account_public_access_block = Observed::Known(None);
        snap.s3.buckets.get_mut(BUCKET).unwrap().public_access_block = Observed::Known(None);
        assert_eq!(only(run(&BillingBucketUnsafe, &snap)).status, Status::Fail);
    }

    #[test]
    fn block_public_access_split_between_the_levels_passes_and_a_public_grant_fails() {
        let flags = |acls, ignore, policy, restrict| rampart_model::s3::PublicAccessBlock {
            block_public_acls: acls,
            ignore_public_acls: ignore,
            block_public_policy: policy,
            restrict_public_buckets: restrict,
        };
        let mut snap = hardened();
        snap.s3.account_public_access_block =
            Observed::Known(Some(flags(false, true, false, true)));
        let b = snap.s3.buckets.get_mut(BUCKET).unwrap();
        b.public_access_block = Observed::Known(Some(flags(true, false, true, false)));
        assert_eq!(only(run(&BillingBucketUnsafe, &snap)).status, Status::Pass);
        let b = snap.s3.buckets.get_mut(BUCKET).unwrap();
        b.public_access_block = Observed::Known(Some(flags(true, false, true, false)));
        snap.s3.account_public_access_block =
            Observed::Known(Some(flags(false, true, false, false)));
        if let Observed::Known(Some(doc)) = &mut snap.s3.buckets.get_mut(BUCKET).unwrap().policy {
            let open = serde_json::json!({"Sid": "ReadAll", "Effect": "Allow", "Principal": {"AWS": "*"},
                "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::{BUCKET}/*"),
                "Condition": {"StringLike": {"aws:SourceAccount": "*"}}});
            doc.statements.push(serde_json::from_value(open).unwrap());
        }
        let f = only(run(&BillingBucketUnsafe, &snap));
        assert_eq!(
            f.message,
            format!("billing bucket `{BUCKET}` is exposed: the bucket policy allows anyone (statements ReadAll)")
        );
    }

    #[test]
    fn passes_for_the_hardened_bucket_and_says_nothing_without_reports() {
        let f = only(run(&BillingBucketUnsafe, &hardened()));
        assert_eq!(f.status, Status::Pass);
        assert_eq!(
            f.evidence["reports"],
            serde_json::json!(["export `cur2-daily`"])
        );
        assert!(run(&BillingBucketUnsafe, &brand_new()).is_empty());
    }

    #[test]
    fn unknown_when_a_list_or_ownership_is_refused() {
        let mut snap = hardened();
        snap.s3.buckets.get_mut(BUCKET).unwrap().ownership = denied("s3:ListAllMyBuckets");
        assert_eq!(
            only(run(&BillingBucketUnsafe, &snap)).status,
            Status::Unknown
        );
        let mut snap = brand_new();
        snap.billing.cur_reports = denied("cur:DescribeReportDefinitions");
        let f = only(run(&BillingBucketUnsafe, &snap));
        assert_eq!(
            f.missing_permission.as_deref(),
            Some("cur:DescribeReportDefinitions")
        );
    }
}
