//! RMP501: the account's S3 Block Public Access is not fully on.

use std::borrow::Cow;

use rampart_model::{check_ids, Finding, Observed, Severity, Step};

use crate::facts;
use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// Whether all four settings of the account's S3 Block Public Access are on
    /// (`s3:GetAccountPublicAccessBlock`): `BlockPublicAcls`, `IgnorePublicAcls`,
    /// `BlockPublicPolicy` and `RestrictPublicBuckets`. The failure names the settings that
    /// are off.
    ///
    /// ## Why it matters
    /// A bucket becomes public through one policy statement or one ACL, written by anyone who
    /// may write them, in any bucket, now or later. The account's Block Public Access stops
    /// every such grant from taking effect in every bucket at once, whatever its own settings
    /// say. A new account rarely has a reason to serve a bucket to the internet; one that does
    /// usually belongs behind CloudFront.
    ///
    /// ## How to fix
    /// First list the buckets that are public on purpose (the S3 console's **Access** column
    /// says *Public*); turning this on cuts their public access. Then, in the S3 console, open
    /// **Block Public Access settings for this account → Edit**, tick **Block all public
    /// access** and save. With the CLI: `aws s3control put-public-access-block --account-id ID
    /// --public-access-block-configuration
    /// BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`.
    /// Or let `rampart apply --block-public-access` do it: it reads every bucket the account
    /// owns first and names each one whose public access it would cut (by a policy statement
    /// or an ACL grant that takes effect today), and asks you to confirm whenever the account
    /// has a bucket, since object ACLs and access point policies are not read and would be cut
    /// too. A bucket it cannot read stops the change, since what it would cut must be known
    /// first.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 3.1.4 (v6.0.0 3.1.4, v5.0.0 2.1.4)
    /// - AWS Startup Security Baseline, ACCT.08
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>
    pub struct AccountPublicAccessBlockOff;

    static META: CheckMeta = CheckMeta {
        id: check_ids::ACCOUNT_PUBLIC_ACCESS_BLOCK_OFF,
        slug: "account-public-access-block-off",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Guardrails,
        severity: Severity::High,
        title: "The account's S3 Block Public Access is not fully on",
        frameworks: &[("cis-aws-7.0", "3.1.4"), ("cis-aws-6.0", "3.1.4"), ("cis-aws-5.0", "2.1.4"), ("aws-ssb", "ACCT.08"), ("aws-fsbp", "S3.1")],
        fix: Applicability::NeedsFlag(Cow::Borrowed("--block-public-access")),
    };
}

impl Check for AccountPublicAccessBlockOff {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let resource = facts::account(cx);
        let block = match &cx.snapshot.s3.account_public_access_block {
            Observed::Known(b) => *b,
            Observed::Unavailable(u) => return vec![Finding::unknown(META.id, resource, u)],
        };
        let Some(block) = block else {
            return vec![Finding::fail(
                META.id,
                resource,
                "the account has no S3 Block Public Access configuration: every setting is off",
            )
            .with("off", ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"])];
        };
        let off: Vec<&str> = [
            ("BlockPublicAcls", block.block_public_acls),
            ("IgnorePublicAcls", block.ignore_public_acls),
            ("BlockPublicPolicy", block.block_public_policy),
            ("RestrictPublicBuckets", block.restrict_public_buckets),
        ]
        .into_iter()
        .filter(|(_, on)| !on)
        .map(|(name, _)| name)
        .collect();
        let finding = if off.is_empty() {
            Finding::pass(
                META.id,
                resource,
                "the account's S3 Block Public Access is fully on",
            )
        } else {
            Finding::fail(
                META.id,
                resource,
                format!("the account's S3 Block Public Access has `{}` off", off.join("`, `")),
            )
        };
        vec![finding.with("off", off)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, hardened, only, run};
    use rampart_model::s3::PublicAccessBlock;
    use rampart_model::Status;

    #[test]
    fn fails_without_a_configuration() {
        let f = only(run(&AccountPublicAccessBlockOff, &brand_new()));
        assert_eq!(f.status, Status::Fail, "{}", f.message);
    }

    #[test]
    fn fails_naming_the_settings_that_are_off() {
        let mut snap = hardened();
        snap.s3.account_public_access_block =
            Observed::Known(Some(PublicAccessBlock::new(true, true, false, true)));
        let f = only(run(&AccountPublicAccessBlockOff, &snap));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.evidence["off"], serde_json::json!(["BlockPublicPolicy"]));
    }

    #[test]
    fn passes_when_fully_on() {
        let f = only(run(&AccountPublicAccessBlockOff, &hardened()));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
    }

    #[test]
    fn unknown_when_it_cannot_be_read() {
        let mut snap = hardened();
        snap.s3.account_public_access_block = denied("s3:GetAccountPublicAccessBlock");
        assert_eq!(
            only(run(&AccountPublicAccessBlockOff, &snap)).status,
            Status::Unknown
        );
    }
}
