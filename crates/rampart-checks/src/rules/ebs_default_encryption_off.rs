//! RMP502: EBS encryption by default is off in an enabled Region.

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::regional::{self, InRegion};
use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// In every Region the account has enabled (`account:ListRegions`), whether EBS
    /// encryption by default is on (`ec2:GetEbsEncryptionByDefault`). One failure per Region
    /// where it is off, one unknown per Region where it could not be read, one pass when it is
    /// on everywhere.
    ///
    /// ## Why it matters
    /// With it on, every new EBS volume and snapshot in the Region is encrypted, whoever
    /// creates it and however. Off, one forgotten flag leaves a disk readable by anyone who
    /// gets a copy of its snapshot. It costs nothing, and changes only volumes created after
    /// it is turned on.
    ///
    /// ## How to fix
    /// `rampart apply` turns it on in every enabled Region where it is off. In the console,
    /// per Region: **EC2 → Settings → EBS encryption → Manage → Enable**; with the CLI,
    /// `aws ec2 enable-ebs-encryption-by-default --region REGION` for each Region.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 6.1.1 (v6.0.0 6.1.1, v5.0.0 5.1.1)
    /// - AWS Security Hub control EC2.7
    /// - <https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html>
    pub struct EbsDefaultEncryptionOff;

    static META: CheckMeta = CheckMeta {
        id: check_ids::EBS_DEFAULT_ENCRYPTION_OFF,
        slug: "ebs-default-encryption-off",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Guardrails,
        severity: Severity::Medium,
        title: "EBS encryption by default is off in an enabled Region",
        frameworks: &[("cis-aws-7.0", "6.1.1"), ("cis-aws-6.0", "6.1.1"), ("cis-aws-5.0", "5.1.1"), ("aws-fsbp", "EC2.7")],
        fix: Applicability::Automatic,
    };
}

impl Check for EbsDefaultEncryptionOff {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        regional::judge(
            cx,
            META.id,
            cx.snapshot.guardrails.ebs_by_region(),
            |r, on| match on {
                true => InRegion::Good,
                false => InRegion::Bad(format!("EBS encryption by default is off in {r}")),
            },
            |n| format!("EBS encryption by default is on in all {n} enabled Regions"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, hardened, only, run, statuses};
    use rampart_model::Status;

    #[test]
    fn fails_in_each_region_where_it_is_off() {
        let findings = run(&EbsDefaultEncryptionOff, &brand_new());
        assert!(findings.len() > 1);
        assert!(findings.iter().all(|f| f.status == Status::Fail));
        assert_eq!(findings[0].resource.kind, "region");
    }

    #[test]
    fn passes_when_on_everywhere() {
        let f = only(run(&EbsDefaultEncryptionOff, &hardened()));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
    }

    #[test]
    fn a_region_not_read_is_unknown_never_a_pass() {
        let mut snap = hardened();
        let first = snap.guardrails.regions.known().expect("regions")[0].clone();
        snap.guardrails
            .ebs_encryption_by_default
            .insert(first.clone(), denied("ec2:GetEbsEncryptionByDefault"));
        let findings = run(&EbsDefaultEncryptionOff, &snap);
        assert_eq!(statuses(&findings), [Status::Unknown]);
        assert_eq!(findings[0].resource.region.as_deref(), Some(first.as_str()));
        // A Region listed but missing from the settings is not read either.
        let mut snap = hardened();
        snap.guardrails.ebs_encryption_by_default.remove(&first);
        assert_eq!(statuses(&run(&EbsDefaultEncryptionOff, &snap)), [Status::Unknown]);
    }

    #[test]
    fn unknown_when_the_regions_cannot_be_listed() {
        let mut snap = hardened();
        snap.guardrails.regions = denied("account:ListRegions");
        let f = only(run(&EbsDefaultEncryptionOff, &snap));
        assert_eq!(f.status, Status::Unknown);
        assert_eq!(f.missing_permission.as_deref(), Some("account:ListRegions"));
    }
}
