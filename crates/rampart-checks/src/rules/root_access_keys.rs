//! RMP102: the root user has access keys.

use std::borrow::Cow;

use rampart_model::{check_ids, Finding, ResourceRef, Severity, Step};

use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// Whether the root user has access keys, from the credential report's root row and the live
    /// `AccountAccessKeysPresent` flag of the account summary.
    ///
    /// ## Why it matters
    /// Root access keys give unrestricted, programmatic access to everything in the account and
    /// cannot be limited by any policy. A leaked root key is the worst credential leak an account
    /// can have. AWS and CIS both say the root user should have none.
    ///
    /// ## How to fix
    /// Sign in as the root user, open **Security credentials**
    /// (<https://console.aws.amazon.com/iam/home#/security_credentials>), and under **Access keys**
    /// deactivate then delete each key. Only the root user can delete root keys: `rampart apply
    /// --delete-root-access-keys` does it when run with root credentials, and otherwise lists it
    /// as a manual step.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v5.0.0, 1.3
    /// - AWS Security Hub control IAM.4
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html>
    pub struct RootAccessKeys;

    static META: CheckMeta = CheckMeta {
        id: check_ids::ROOT_ACCESS_KEYS,
        slug: "root-access-keys",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Root,
        severity: Severity::Critical,
        title: "The root user has access keys",
        frameworks: &[("cis-aws-7.0", "2.4"), ("cis-aws-6.0", "2.3"), ("cis-aws-5.0", "1.3"), ("aws-fsbp", "IAM.4")],
        fix: Applicability::NeedsFlag(Cow::Borrowed("--delete-root-access-keys")),
    };
}

impl Check for RootAccessKeys {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let snap = cx.snapshot;
        let resource = ResourceRef::new("root", snap.root_arn());
        // The live summary flag wins; the credential report can be up to 4 hours old.
        let summary = snap.iam.summary_value("AccountAccessKeysPresent");
        let report = snap.iam.credential_report.as_result();
        let from_report = report
            .ok()
            .and_then(|r| r.root())
            .map(|root| root.access_keys.iter().filter(|k| k.active).count());
        let present = match (summary.known().copied().flatten(), from_report) {
            (Some(flag), _) => flag > 0 || from_report.unwrap_or(0) > 0,
            (None, Some(n)) => n > 0,
            (None, None) => {
                let why = match (&summary, report) {
                    (rampart_model::Observed::Unavailable(u), _) => u,
                    (_, Err(u)) => u,
                    _ => {
                        return vec![Finding::new(
                            META.id,
                            rampart_model::Status::Unknown,
                            resource,
                            "neither the account summary nor the credential report has a root row",
                        )]
                    }
                };
                return vec![Finding::unknown(META.id, resource, why)];
            }
        };
        let finding = if present {
            Finding::fail(META.id, resource, "the root user has access keys")
        } else {
            Finding::pass(META.id, resource, "the root user has no access keys")
        };
        vec![finding
            .with(
                "account_summary.AccountAccessKeysPresent",
                summary.known().copied().flatten(),
            )
            .with("credential_report.root_active_keys", from_report)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, hardened, only, run};
    use rampart_model::{Observed, Status};

    #[test]
    fn fails_on_a_brand_new_account_with_a_root_key() {
        let f = only(run(&RootAccessKeys, &brand_new()));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.evidence["account_summary.AccountAccessKeysPresent"], 1);
        assert_eq!(f.evidence["credential_report.root_active_keys"], 1);
    }

    #[test]
    fn passes_without_root_keys() {
        let f = only(run(&RootAccessKeys, &hardened()));
        assert_eq!(f.status, Status::Pass);
        assert_eq!(f.resource.id, "arn:aws:iam::111122223333:root");
    }

    #[test]
    fn the_report_alone_decides_when_the_summary_is_refused() {
        let mut snap = brand_new();
        snap.iam.account_summary = denied("iam:GetAccountSummary");
        assert_eq!(only(run(&RootAccessKeys, &snap)).status, Status::Fail);
        let mut snap = hardened();
        snap.iam.account_summary = denied("iam:GetAccountSummary");
        assert_eq!(only(run(&RootAccessKeys, &snap)).status, Status::Pass);
    }

    #[test]
    fn a_fresh_key_shows_in_the_live_summary_before_the_report() {
        let mut snap = hardened();
        if let Observed::Known(m) = &mut snap.iam.account_summary {
            m.insert("AccountAccessKeysPresent".into(), 1);
        }
        assert_eq!(only(run(&RootAccessKeys, &snap)).status, Status::Fail);
    }

    #[test]
    fn unknown_when_both_sources_are_refused() {
        let mut snap = brand_new();
        snap.iam.account_summary = denied("iam:GetAccountSummary");
        snap.iam.credential_report = denied("iam:GetCredentialReport");
        let f = only(run(&RootAccessKeys, &snap));
        assert_eq!(f.status, Status::Unknown);
        assert_eq!(
            f.missing_permission.as_deref(),
            Some("iam:GetAccountSummary")
        );
    }
}
