//! RMP403: a billing report bucket's policy does not let the billing service write to it.

use rampart_model::policy::Statement;
use rampart_model::{Finding, Observed, Severity, Step};

use crate::billing::each_billing_bucket;
use crate::facts;
use crate::{Check, CheckMeta, Context, Fix};

/// ## What it checks
/// For every bucket a report delivers to, whether its policy allows `s3:PutObject` to the
/// service principal that writes the files: `billingreports.amazonaws.com` for a legacy Cost
/// and Usage Report, `bcm-data-exports.amazonaws.com` for a Data Export.
///
/// ## Why it matters
/// Without the grant, AWS cannot deliver the report, and nothing in the account says so: the
/// report definition looks fine while the bucket stays empty.
///
/// ## How to fix
/// Add a statement to the bucket policy (S3 console: the bucket, **Permissions → Bucket policy
/// → Edit**) allowing both principals `s3:PutObject` and `s3:GetBucketPolicy` on the bucket
/// and its objects, conditioned on `aws:SourceAccount` = this account and `aws:SourceArn` like
/// `arn:aws:cur:us-east-1:ACCOUNT:definition/*` and
/// `arn:aws:bcm-data-exports:us-east-1:ACCOUNT:export/*`. With the CLI: `aws s3api
/// put-bucket-policy --bucket NAME --policy file://policy.json`. `rampart apply` fixes this: it
/// adds the statement and keeps the others.
///
/// ## References
/// - Step 4 of the account baseline (no CIS control)
/// - <https://docs.aws.amazon.com/cur/latest/userguide/dataexports-s3-bucket.html>
pub struct BillingBucketNoDeliveryPermission;

static META: CheckMeta = CheckMeta {
    id: "RMP403",
    slug: "billing-bucket-no-delivery-permission",
    aliases: &[],
    step: Step::Billing,
    severity: Severity::High,
    title: "A billing report bucket does not let the billing service write to it",
    frameworks: &[],
    fix: Fix::Auto,
    source: include_str!("billing_bucket_no_delivery_permission.rs"),
};

impl Check for BillingBucketNoDeliveryPermission {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        each_billing_bucket(cx, META.id, |b, deliveries| {
            let resource = facts::bucket(&b.name);
            let statements: &[Statement] = match &b.policy {
                Observed::Unavailable(u) => return Finding::unknown(META.id, resource, u),
                Observed::Known(None) => &[],
                Observed::Known(Some(doc)) => &doc.statements,
            };
            let mut needed: Vec<&str> = deliveries.iter().map(|d| d.principal).collect();
            needed.sort_unstable();
            needed.dedup();
            let missing: Vec<&str> = needed
                .iter()
                .copied()
                .filter(|p| {
                    !statements.iter().any(|s| {
                        s.allows_action("s3:PutObject") && s.service_principals().contains(p)
                    })
                })
                .collect();
            let f = match missing.as_slice() {
                [] => Finding::pass(
                    META.id,
                    resource,
                    format!(
                        "billing bucket `{}` lets {} write reports",
                        b.name,
                        quoted(&needed)
                    ),
                ),
                _ => Finding::fail(
                    META.id,
                    resource,
                    format!(
                        "billing bucket `{}` does not let {} write reports",
                        b.name,
                        quoted(&missing)
                    ),
                ),
            };
            f.with("principals_needed", &needed)
                .with("principals_missing", &missing)
                .with("has_policy", matches!(b.policy, Observed::Known(Some(_))))
        })
    }
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" and ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{denied, hardened, inherited, only, run};
    use rampart_model::Status;

    const BUCKET: &str = "billing-reports-111122223333";

    #[test]
    fn fails_when_the_export_principal_is_missing() {
        let mut snap = hardened();
        if let Observed::Known(Some(doc)) = &mut snap.s3.buckets.get_mut(BUCKET).unwrap().policy {
            doc.statements[0].principal =
                Some(serde_json::json!({"Service": "billingreports.amazonaws.com"}));
        }
        let f = only(run(&BillingBucketNoDeliveryPermission, &snap));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(
            f.evidence["principals_missing"],
            serde_json::json!(["bcm-data-exports.amazonaws.com"])
        );
    }

    #[test]
    fn passes_for_both_policies() {
        assert_eq!(
            only(run(&BillingBucketNoDeliveryPermission, &hardened())).status,
            Status::Pass
        );
        let f = only(run(&BillingBucketNoDeliveryPermission, &inherited()));
        assert_eq!(
            f.status,
            Status::Pass,
            "the legacy CUR policy grants billingreports"
        );
    }

    #[test]
    fn unknown_when_the_policy_is_refused() {
        let mut snap = hardened();
        snap.s3.buckets.get_mut(BUCKET).unwrap().policy = denied("s3:GetBucketPolicy");
        assert_eq!(
            only(run(&BillingBucketNoDeliveryPermission, &snap)).status,
            Status::Unknown
        );
    }
}
