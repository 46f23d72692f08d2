//! RMP307: a trail bucket has no server access logging.

use rampart_model::{check_ids, Finding, Observed, Severity, Step};

use crate::buckets::each_trail_bucket;
use crate::facts;
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// For every bucket a trail delivers to, whether S3 server access logging is on. No finding
    /// when the account has no trail.
    ///
    /// ## Why it matters
    /// CloudTrail records who changed the bucket, not who read the log files in it. Access logs
    /// show every request against the logs themselves, so reading or deleting them leaves a trace.
    ///
    /// ## How to fix
    /// Pick (or create) a separate bucket for access logs, then in the S3 console open the trail
    /// bucket, **Properties → Server access logging → Edit**, **Enable**, and choose that bucket.
    /// With the CLI: `aws s3api put-bucket-logging --bucket BUCKET --bucket-logging-status
    /// '{"LoggingEnabled":{"TargetBucket":"LOG_BUCKET","TargetPrefix":"BUCKET/"}}'`; the log
    /// bucket's policy must let `logging.s3.amazonaws.com` put objects. `rampart apply` fixes this
    /// for trail buckets in its Region: it creates a private access-log bucket
    /// (`trail.access_log_bucket`) with that statement and turns logging on; a trail bucket in
    /// another Region needs a log bucket there.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v5.0.0, 3.4
    /// - AWS Security Hub control CloudTrail.7
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html>
    pub struct TrailBucketNoAccessLogging;

    static META: CheckMeta = CheckMeta {
        id: check_ids::TRAIL_BUCKET_NO_ACCESS_LOGGING,
        slug: "trail-bucket-no-access-logging",
        aliases: &[],
        subject: Subject::Account,
        step: Step::CloudTrail,
        severity: Severity::Low,
        title: "A trail bucket has no server access logging",
        frameworks: &[("cis-aws-7.0", "4.4"), ("cis-aws-6.0", "4.4"), ("cis-aws-5.0", "3.4"), ("aws-fsbp", "CloudTrail.7")],
        fix: Applicability::Automatic,
    };
}

impl Check for TrailBucketNoAccessLogging {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        each_trail_bucket(cx, META.id, |b, _| {
            let resource = facts::bucket(&b.name);
            match &b.logging {
                Observed::Unavailable(u) => Finding::unknown(META.id, resource, u),
                Observed::Known(None) => Finding::fail(
                    META.id,
                    resource,
                    format!("trail bucket `{}` has no access logging", b.name),
                ),
                Observed::Known(Some(t)) => Finding::pass(
                    META.id,
                    resource,
                    format!(
                        "trail bucket `{}` logs access to `{}`",
                        b.name, t.target_bucket
                    ),
                )
                .with("target_bucket", &t.target_bucket)
                .with("target_prefix", &t.target_prefix),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{denied, hardened, inherited, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_without_logging() {
        assert_eq!(
            only(run(&TrailBucketNoAccessLogging, &inherited())).status,
            Status::Fail
        );
    }

    #[test]
    fn passes_with_logging() {
        let f = only(run(&TrailBucketNoAccessLogging, &hardened()));
        assert_eq!(
            (f.status, &f.evidence["target_bucket"]),
            (
                Status::Pass,
                &serde_json::json!("s3-access-logs-111122223333")
            )
        );
    }

    #[test]
    fn unknown_when_logging_is_refused() {
        let mut snap = hardened();
        snap.s3
            .buckets
            .values_mut()
            .for_each(|b| b.logging = denied("s3:GetBucketLogging"));
        assert_eq!(
            only(run(&TrailBucketNoAccessLogging, &snap))
                .missing_permission
                .as_deref(),
            Some("s3:GetBucketLogging")
        );
    }
}
