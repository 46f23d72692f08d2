//! RMP303: trails whose logs are not encrypted with a KMS key.

use std::borrow::Cow;

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::{facts, trails};
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// For every trail, whether it encrypts its log files with a KMS key (SSE-KMS, `KmsKeyId`)
    /// rather than only the bucket's default encryption. No finding when the account has no
    /// trail (RMP301 reports that).
    ///
    /// ## Why it matters
    /// With a KMS key, reading the logs needs `kms:Decrypt` on that key as well as read access to
    /// the bucket, and every decryption is itself logged. A bucket policy slip alone then does not
    /// expose the account's full API history.
    ///
    /// ## How to fix
    /// Create a symmetric KMS key whose policy lets CloudTrail encrypt (the console offers to
    /// create one), then in the CloudTrail console open the trail, **General details → Edit**,
    /// tick **Log file SSE-KMS encryption** and choose the key. With the CLI:
    /// `aws cloudtrail update-trail --name TRAIL --kms-key-id KEY_ARN`. `rampart apply` fixes this
    /// once `rampart.toml` asks for it, which it does not by default (a key costs about 1 USD a
    /// month): `trail.kms = true` creates a key with CloudTrail's key policy
    /// (`alias/rampart-cloudtrail`) and uses it, or `trail.kms_key_id` names a key of your own.
    /// Without either, `rampart plan` lists both as a manual step.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v5.0.0, 3.5
    /// - AWS Security Hub control CloudTrail.2
    /// - <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html>
    pub struct TrailNotKmsEncrypted;

    static META: CheckMeta = CheckMeta {
        id: check_ids::TRAIL_NOT_KMS_ENCRYPTED,
        slug: "trail-not-kms-encrypted",
        aliases: &[],
        subject: Subject::Account,
        step: Step::CloudTrail,
        severity: Severity::Medium,
        title: "A trail does not encrypt its logs with a KMS key",
        frameworks: &[("cis-aws-7.0", "4.5"), ("cis-aws-6.0", "4.5"), ("cis-aws-5.0", "3.5"), ("aws-fsbp", "CloudTrail.2")],
        fix: Applicability::NeedsSetting(Cow::Borrowed("trail.kms = true")),
    };
}

impl Check for TrailNotKmsEncrypted {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        trails::each_trail(cx, META.id, |t| {
            let key = t.kms_key_id.as_deref().filter(|k| !k.is_empty());
            let f = match key {
                Some(_) => Finding::pass(
                    META.id,
                    facts::trail(t),
                    format!("trail `{}` encrypts its logs with KMS", t.name),
                ),
                None => Finding::fail(
                    META.id,
                    facts::trail(t),
                    format!(
                        "trail `{}` does not encrypt its logs with a KMS key",
                        t.name
                    ),
                ),
            };
            f.with("kms_key_id", key)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{denied, hardened, inherited, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_without_a_key() {
        let f = only(run(&TrailNotKmsEncrypted, &inherited()));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.evidence["kms_key_id"], serde_json::Value::Null);
    }

    #[test]
    fn passes_with_a_key() {
        let f = only(run(&TrailNotKmsEncrypted, &hardened()));
        assert_eq!(f.status, Status::Pass);
        assert!(f.evidence["kms_key_id"]
            .as_str()
            .is_some_and(|k| k.starts_with("arn:aws:kms:")));
    }

    #[test]
    fn unknown_when_trails_are_refused() {
        let mut snap = hardened();
        snap.cloudtrail.trails = denied("cloudtrail:DescribeTrails");
        assert_eq!(
            only(run(&TrailNotKmsEncrypted, &snap)).status,
            Status::Unknown
        );
    }
}
