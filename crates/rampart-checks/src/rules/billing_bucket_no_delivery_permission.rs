//! RMP403: a billing report bucket's policy does not let the billing service write to it.

use rampart_model::s3::delivery::{evaluate_write, WriteVerdict};
use rampart_model::{check_ids, Finding, Observed, Severity, Step};

use crate::billing::each_billing_bucket;
use crate::facts;
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// For every bucket a report delivers to, whether its policy lets the service principal that
    /// writes the files — `billingreports.amazonaws.com` for a legacy Cost and Usage Report,
    /// `bcm-data-exports.amazonaws.com` for a Data Export — `s3:PutObject` a file under the
    /// report's prefix. The policy is evaluated for that write as AWS makes it: over TLS, with
    /// `aws:SourceAccount` the account and `aws:SourceArn` the report definition or export, so a
    /// statement pinned to another account, a resource outside the prefix or an applicable `Deny`
    /// leaves the report undelivered.
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
        id: check_ids::BILLING_BUCKET_NO_DELIVERY_PERMISSION,
        slug: "billing-bucket-no-delivery-permission",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Billing,
        severity: Severity::High,
        title: "A billing report bucket does not let the billing service write to it",
        frameworks: &[],
        fix: Applicability::Automatic,
    };
}

impl Check for BillingBucketNoDeliveryPermission {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        each_billing_bucket(cx, META.id, |b, deliveries| {
            let resource = facts::bucket(&b.name);
            let doc = match &b.policy {
                Observed::Unavailable(u) => return Finding::unknown(META.id, resource, u),
                Observed::Known(doc) => doc.as_ref(),
            };
            let mut needed: Vec<&str> = deliveries.iter().map(|d| d.principal).collect();
            needed.sort_unstable();
            needed.dedup();
            let mut missing: Vec<&str> = Vec::new();
            let mut denied_by: Vec<String> = Vec::new();
            for d in deliveries {
                let verdict = doc.map_or(WriteVerdict::NotAllowed, |doc| {
                    evaluate_write(doc, &b.name, &d.write)
                });
                if let WriteVerdict::Denied(i) = &verdict {
                    let s = doc.and_then(|d| d.statements.get(*i));
                    let name = s
                        .and_then(|s| s.sid.clone())
                        .unwrap_or_else(|| format!("#{}", i + 1));
                    if !denied_by.contains(&name) {
                        denied_by.push(name);
                    }
                }
                if !verdict.allowed() && !missing.contains(&d.principal) {
                    missing.push(d.principal);
                }
            }
            missing.sort_unstable();
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
            let f = f
                .with("principals_needed", &needed)
                .with("principals_missing", &missing)
                .with("has_policy", doc.is_some());
            if denied_by.is_empty() {
                f
            } else {
                f.with("denied_by", denied_by)
            }
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
    use crate::test_support::{denied, hardened, inherited, only, run};
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
    fn fails_when_the_grant_does_not_fit_the_delivery() {
        let mut snap = hardened();
        if let Observed::Known(Some(doc)) = &mut snap.s3.buckets.get_mut(BUCKET).unwrap().policy {
            doc.statements[0].condition = Some(serde_json::json!(
                {"StringEquals": {"aws:SourceAccount": "444455556666"}}
            ));
        }
        let f = only(run(&BillingBucketNoDeliveryPermission, &snap));
        assert_eq!(f.status, Status::Fail, "pinned to another account");
        let mut snap = hardened();
        if let Observed::Known(Some(doc)) = &mut snap.s3.buckets.get_mut(BUCKET).unwrap().policy {
            doc.statements[0].resource = vec![format!("arn:aws:s3:::{BUCKET}/legacy/*")];
        }
        let f = only(run(&BillingBucketNoDeliveryPermission, &snap));
        assert_eq!(f.status, Status::Fail, "outside the export's prefix `cur2`");
        let mut snap = hardened();
        if let Observed::Known(Some(doc)) = &mut snap.s3.buckets.get_mut(BUCKET).unwrap().policy {
            let deny = serde_json::json!({"Sid": "OnlyFromVpc", "Effect": "Deny", "Principal": "*",
                "Action": "s3:*", "Resource": format!("arn:aws:s3:::{BUCKET}/*"),
                "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}});
            doc.statements.push(serde_json::from_value(deny).unwrap());
        }
        let f = only(run(&BillingBucketNoDeliveryPermission, &snap));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.evidence["denied_by"], serde_json::json!(["OnlyFromVpc"]));
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
