//! RMP302: trails without log file integrity validation.

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::{facts, trails};
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// For every trail, whether log file integrity validation is on. No finding when the account
    /// has no trail (RMP301 reports that).
    ///
    /// ## Why it matters
    /// With validation on, CloudTrail writes a signed digest file every hour, so you can prove
    /// later that no log file was changed or deleted after delivery — exactly what someone
    /// covering their tracks would try.
    ///
    /// ## How to fix
    /// In the CloudTrail console open the trail, **General details → Edit**, and tick **Log file
    /// validation**. With the CLI:
    /// `aws cloudtrail update-trail --name TRAIL --enable-log-file-validation`, and check files
    /// with `aws cloudtrail validate-logs`. `rampart apply` fixes this: it turns validation on.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v5.0.0, 3.2
    /// - AWS Security Hub control CloudTrail.4
    /// - <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html>
    pub struct TrailLogValidationOff;

    static META: CheckMeta = CheckMeta {
        id: check_ids::TRAIL_LOG_VALIDATION_OFF,
        slug: "trail-log-validation-off",
        aliases: &[],
        subject: Subject::Account,
        step: Step::CloudTrail,
        severity: Severity::Medium,
        title: "A trail does not validate its log files",
        frameworks: &[("cis-aws-7.0", "4.2"), ("cis-aws-6.0", "4.2"), ("cis-aws-5.0", "3.2"), ("aws-fsbp", "CloudTrail.4")],
        fix: Applicability::Automatic,
    };
}

impl Check for TrailLogValidationOff {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        trails::each_trail(cx, META.id, |t| {
            let f = if t.log_file_validation {
                Finding::pass(
                    META.id,
                    facts::trail(t),
                    format!("trail `{}` validates its log files", t.name),
                )
            } else {
                Finding::fail(
                    META.id,
                    facts::trail(t),
                    format!("trail `{}` does not validate its log files", t.name),
                )
            };
            f.with("log_file_validation", t.log_file_validation)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, hardened, inherited, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_without_validation() {
        let f = only(run(&TrailLogValidationOff, &inherited()));
        assert_eq!(
            (f.status, f.resource.region.as_deref()),
            (Status::Fail, Some("us-east-1"))
        );
    }

    #[test]
    fn passes_with_validation_and_says_nothing_without_trails() {
        assert_eq!(
            only(run(&TrailLogValidationOff, &hardened())).status,
            Status::Pass
        );
        assert!(run(&TrailLogValidationOff, &brand_new()).is_empty());
    }

    #[test]
    fn unknown_when_trails_are_refused() {
        let mut snap = hardened();
        snap.cloudtrail.trails = denied("cloudtrail:DescribeTrails");
        assert_eq!(
            only(run(&TrailLogValidationOff, &snap)).status,
            Status::Unknown
        );
    }
}
