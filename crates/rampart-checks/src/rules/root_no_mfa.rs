//! RMP201: the root user has no MFA.

use std::borrow::Cow;

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::facts;
use crate::root::root_mfa;
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// Whether the root user has an MFA device, from the live `AccountMFAEnabled` flag of the
    /// account summary, or the credential report's root row when the summary was not read.
    ///
    /// ## Why it matters
    /// With MFA, a stolen or phished root password is not enough to take the account over.
    /// Without it, the one password that can close the account, change its email and bypass every
    /// policy is the only thing standing in the way.
    ///
    /// ## How to fix
    /// Sign in as the root user, open **Security credentials**
    /// (<https://console.aws.amazon.com/iam/home#/security_credentials>), and under
    /// **Multi-factor authentication (MFA)** choose **Assign MFA device**. Prefer a FIDO security
    /// key or a hardware TOTP token (see RMP202). AWS offers no API for root MFA, so `rampart
    /// apply` lists this as a manual step with those instructions.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v5.0.0, 1.4
    /// - AWS Security Hub control IAM.9
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_cliapi.html>
    pub struct RootNoMfa;

    static META: CheckMeta = CheckMeta {
        id: check_ids::ROOT_NO_MFA,
        slug: "root-no-mfa",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Mfa,
        severity: Severity::Critical,
        title: "The root user has no MFA",
        frameworks: &[("cis-aws-7.0", "2.5"), ("cis-aws-6.0", "2.4"), ("cis-aws-5.0", "1.4"), ("aws-ssb", "ACCT.02"), ("aws-ssb", "ACCT.05"), ("aws-fsbp", "IAM.9")],
        fix: Applicability::NeedsPerson(Cow::Borrowed("sign in as root and assign an MFA device")),
    };
}

impl Check for RootNoMfa {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let resource = facts::root(cx);
        vec![match root_mfa(cx) {
            Err(gap) => gap.finding(META.id, resource),
            Ok(m) => {
                let f = if m.enabled {
                    Finding::pass(META.id, resource, "the root user has MFA")
                } else {
                    Finding::fail(META.id, resource, "the root user has no MFA")
                };
                f.with(m.source, m.enabled)
            }
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, hardened, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_on_a_brand_new_account() {
        let f = only(run(&RootNoMfa, &brand_new()));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.evidence["account_summary.AccountMFAEnabled"], false);
    }

    #[test]
    fn passes_with_mfa_and_falls_back_to_the_report() {
        assert_eq!(only(run(&RootNoMfa, &hardened())).status, Status::Pass);
        let mut snap = hardened();
        snap.iam.account_summary = denied("iam:GetAccountSummary");
        let f = only(run(&RootNoMfa, &snap));
        assert_eq!(f.status, Status::Pass);
        assert_eq!(f.evidence["credential_report.mfa_active"], true);
    }

    #[test]
    fn unknown_when_both_sources_are_refused() {
        let mut snap = brand_new();
        snap.iam.account_summary = denied("iam:GetAccountSummary");
        snap.iam.credential_report = denied("iam:GetCredentialReport");
        let f = only(run(&RootNoMfa, &snap));
        assert_eq!(f.status, Status::Unknown);
        assert_eq!(
            f.missing_permission.as_deref(),
            Some("iam:GetAccountSummary")
        );
    }
}
