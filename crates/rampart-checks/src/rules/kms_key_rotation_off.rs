//! RMP511: a customer managed symmetric KMS key does not rotate.

use rampart_model::{check_ids, Finding, ResourceRef, Severity, Step};

use crate::regional;
use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// Every KMS key of every enabled Region (`kms:ListKeys`, `kms:DescribeKey`): for each
    /// enabled, customer managed, symmetric key whose material KMS made (the keys automatic
    /// rotation applies to), whether rotation is on (`kms:GetKeyRotationStatus`). AWS managed
    /// keys rotate by themselves; imported, asymmetric and HMAC keys cannot rotate
    /// automatically. One failure per key, one unknown per Region not read.
    ///
    /// ## Why it matters
    /// With rotation on, KMS makes new key material every year (or the period you set) and
    /// keeps the old to decrypt what it encrypted: a copy of the material taken once stops
    /// covering new data, and nothing that uses the key changes.
    ///
    /// ## Cost
    /// Each rotation adds about 1 USD a month to the key (for the first two rotations, then
    /// no more), which is why `rampart apply` asks for a flag.
    ///
    /// ## How to fix
    /// `rampart apply --enable-key-rotation` turns rotation on for every key listed. In the
    /// console: **KMS → Customer managed keys → the key → Key rotation → Automatically rotate**;
    /// with the CLI, `aws kms enable-key-rotation --key-id ID --region REGION`. A key rampart
    /// creates for the trail rotates from the start.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 4.6 (v6.0.0 4.6, v5.0.0 3.6)
    /// - AWS Security Hub control KMS.4
    /// - <https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html>
    pub struct KmsKeyRotationOff;

    static META: CheckMeta = CheckMeta {
        id: check_ids::KMS_KEY_ROTATION_OFF,
        slug: "kms-key-rotation-off",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Guardrails,
        severity: Severity::Medium,
        title: "A customer managed KMS key does not rotate",
        frameworks: &[("cis-aws-7.0", "4.6"), ("cis-aws-6.0", "4.6"), ("cis-aws-5.0", "3.6"), ("aws-fsbp", "KMS.4")],
        fix: Applicability::NeedsFlag(std::borrow::Cow::Borrowed("--enable-key-rotation")),
    };
}

impl Check for KmsKeyRotationOff {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        regional::judge_resources(
            cx,
            META.id,
            cx.snapshot.guardrails.kms_keys_by_region(),
            |r, keys| {
                keys.iter()
                    .filter(|k| k.rotation_applies() && k.rotation_enabled != Some(true))
                    .map(|k| {
                        Finding::fail(
                            META.id,
                            ResourceRef::new("kms-key", &k.id).in_region(r),
                            format!("KMS key {} in {r} does not rotate", k.id),
                        )
                    })
                    .collect()
            },
            |n| format!("every customer managed symmetric KMS key rotates, in the {n} enabled Regions"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{
        assert_unknown_when_refused_in_one_region, denied, hardened, inherited, only, run,
    };
    use rampart_model::guardrails::KmsKey;
    use rampart_model::{Observed, Status};

    fn key(manager: &str, spec: &str, origin: &str, state: &str, rotation: Option<bool>) -> KmsKey {
        KmsKey {
            id: "k".into(),
            manager: manager.into(),
            spec: spec.into(),
            state: state.into(),
            origin: origin.into(),
            rotation_enabled: rotation,
        }
    }

    fn with_key(k: KmsKey) -> rampart_model::Snapshot {
        let mut snap = hardened();
        let first = snap.guardrails.regions.known().expect("regions")[0].clone();
        snap.guardrails.kms_keys.insert(first, Observed::Known(vec![k]));
        snap
    }

    #[test]
    fn fails_for_each_customer_key_that_does_not_rotate() {
        let findings = run(&KmsKeyRotationOff, &inherited());
        assert!(!findings.is_empty());
        assert!(findings.iter().all(|f| f.status == Status::Fail));
        assert_eq!(findings[0].resource.kind, "kms-key");
        let f = only(run(
            &KmsKeyRotationOff,
            &with_key(key("CUSTOMER", "SYMMETRIC_DEFAULT", "AWS_KMS", "Enabled", Some(false))),
        ));
        assert_eq!(f.status, Status::Fail);
    }

    #[test]
    fn passes_when_every_key_rotation_applies_to_rotates() {
        let f = only(run(&KmsKeyRotationOff, &hardened()));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
        for k in [
            key("AWS", "SYMMETRIC_DEFAULT", "AWS_KMS", "Enabled", None),
            key("CUSTOMER", "RSA_2048", "AWS_KMS", "Enabled", None),
            key("CUSTOMER", "SYMMETRIC_DEFAULT", "EXTERNAL", "Enabled", None),
            key("CUSTOMER", "SYMMETRIC_DEFAULT", "AWS_KMS", "PendingDeletion", None),
            key("CUSTOMER", "SYMMETRIC_DEFAULT", "AWS_KMS", "Enabled", Some(true)),
        ] {
            let f = only(run(&KmsKeyRotationOff, &with_key(k.clone())));
            assert_eq!(f.status, Status::Pass, "{k:?}");
        }
    }

    #[test]
    fn a_region_not_read_is_unknown() {
        assert_unknown_when_refused_in_one_region(&KmsKeyRotationOff, "kms:ListKeys", |g, r| {
            g.kms_keys.insert(r, denied("kms:ListKeys"));
        });
    }
}
