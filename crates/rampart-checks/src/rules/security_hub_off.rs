//! RMP506: Security Hub is not enabled in an enabled Region.

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::regional::{self, InRegion};
use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// In every Region the account has enabled (`account:ListRegions`), whether Security Hub
    /// is enabled (`securityhub:DescribeHub`, which answers `InvalidAccessException` where it
    /// is not). One failure per Region where it is off, one unknown per Region not read, one
    /// pass when it is on everywhere.
    ///
    /// ## Why it matters
    /// Security Hub gathers the findings of GuardDuty, IAM Access Analyzer, Inspector and
    /// Config in one place and runs AWS's Foundational Security Best Practices against the
    /// Region's resources, the ones rampart does not look at (instances, databases,
    /// functions).
    ///
    /// ## Cost
    /// Security Hub is paid per security check run and per finding ingested; a small account
    /// usually pays a few US dollars a month per Region, and the first 30 days are free. Its
    /// controls need AWS Config recording. `rampart apply` never turns it on unless
    /// `rampart.toml` asks.
    ///
    /// ## How to fix
    /// Set `security_hub = true` in the `[services]` section of `rampart.toml`: `rampart apply`
    /// then enables it, with AWS's default standards, in every enabled Region where it is
    /// off. In the console, per Region: **Security Hub → Go to Security Hub → Enable**; with
    /// the CLI, `aws securityhub enable-security-hub --region REGION`.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 5.16 (v6.0.0 5.16, v5.0.0 4.16)
    /// - AWS Startup Security Baseline, ACCT.15
    /// - <https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html>
    pub struct SecurityHubOff;

    static META: CheckMeta = CheckMeta {
        id: check_ids::SECURITY_HUB_OFF,
        slug: "security-hub-off",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Guardrails,
        severity: Severity::Low,
        title: "Security Hub is not enabled in an enabled Region",
        frameworks: &[("cis-aws-7.0", "5.16"), ("cis-aws-6.0", "5.16"), ("cis-aws-5.0", "4.16"), ("aws-ssb", "ACCT.15")],
        fix: Applicability::NeedsSetting(std::borrow::Cow::Borrowed("services.security_hub = true")),
    };
}

impl Check for SecurityHubOff {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        regional::judge(
            cx,
            META.id,
            cx.snapshot.guardrails.security_hub_by_region(),
            |r, on| match on {
                true => InRegion::Good,
                false => InRegion::Bad(format!("Security Hub is not enabled in {r}")),
            },
            |n| format!("Security Hub is enabled in all {n} enabled Regions"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{assert_unknown_when_refused_in_one_region, brand_new, denied, hardened, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_in_each_region_where_it_is_off() {
        let findings = run(&SecurityHubOff, &brand_new());
        assert!(findings.len() > 1);
        assert!(findings.iter().all(|f| f.status == Status::Fail));
    }

    #[test]
    fn passes_when_on_everywhere() {
        let f = only(run(&SecurityHubOff, &hardened()));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
    }

    #[test]
    fn a_region_not_read_is_unknown() {
        assert_unknown_when_refused_in_one_region(&SecurityHubOff, "securityhub:DescribeHub", |g, r| {
            g.security_hub.insert(r, denied("securityhub:DescribeHub"));
        });
    }
}
