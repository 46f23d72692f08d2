//! RMP504: GuardDuty is not enabled in an enabled Region.

use rampart_model::guardrails::Detector;
use rampart_model::{check_ids, Finding, Severity, Step};

use crate::regional::{self, InRegion};
use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// In every Region the account has enabled (`account:ListRegions`), whether a GuardDuty
    /// detector exists and is `ENABLED` (`guardduty:ListDetectors`, `guardduty:GetDetector`).
    /// One failure per Region without one, one unknown per Region not read, one pass when
    /// every Region has one.
    ///
    /// ## Why it matters
    /// GuardDuty reads the account's CloudTrail events, VPC flow logs and DNS queries and
    /// reports what looks like an attack: credentials used from an unusual place, a role
    /// enumerating the account, an instance mining coins. An attacker starts in the Region
    /// nobody watches, so it has to run in every Region.
    ///
    /// ## Cost
    /// GuardDuty is paid by volume (events, flow logs and DNS queries analysed); a new,
    /// quiet account usually pays a few US dollars a month per Region, and the first 30 days
    /// are free. `rampart apply` never turns it on unless `rampart.toml` asks.
    ///
    /// ## How to fix
    /// Set `guardduty = true` in the `[services]` section of `rampart.toml`: `rampart apply`
    /// then creates an enabled detector in every enabled Region without one, and enables a
    /// disabled one. In the console, per Region: **GuardDuty → Get started → Enable
    /// GuardDuty**; with the CLI, `aws guardduty create-detector --enable --region REGION`.
    ///
    /// ## References
    /// - AWS Startup Security Baseline, ACCT.14
    /// - AWS Security Hub control GuardDuty.1
    /// - <https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html>
    pub struct GuarddutyOff;

    static META: CheckMeta = CheckMeta {
        id: check_ids::GUARDDUTY_OFF,
        slug: "guardduty-off",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Guardrails,
        severity: Severity::Medium,
        title: "GuardDuty is not enabled in an enabled Region",
        frameworks: &[("aws-ssb", "ACCT.14"), ("aws-fsbp", "GuardDuty.1")],
        fix: Applicability::NeedsSetting(std::borrow::Cow::Borrowed("services.guardduty = true")),
    };
}

fn in_region(r: &str, detectors: &[Detector]) -> InRegion {
    if detectors.iter().any(Detector::is_enabled) {
        return InRegion::Good;
    }
    match detectors.first() {
        None => InRegion::Bad(format!("GuardDuty is not enabled in {r}: no detector")),
        Some(d) => InRegion::Bad(format!(
            "GuardDuty is not enabled in {r}: detector {} is {}",
            d.id, d.status
        )),
    }
}

impl Check for GuarddutyOff {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        regional::judge(
            cx,
            META.id,
            cx.snapshot.guardrails.detectors_by_region(),
            |r, d| in_region(r, d),
            |n| format!("GuardDuty is enabled in all {n} enabled Regions"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{assert_unknown_when_refused_in_one_region, brand_new, denied, hardened, only, run, statuses};
    use rampart_model::{Observed, Status};

    fn first_region(detectors: Vec<Detector>) -> rampart_model::Snapshot {
        let mut snap = hardened();
        let first = snap.guardrails.regions.known().expect("regions")[0].clone();
        snap.guardrails
            .guardduty_detectors
            .insert(first, Observed::Known(detectors));
        snap
    }

    #[test]
    fn fails_in_each_region_without_an_enabled_detector() {
        let findings = run(&GuarddutyOff, &brand_new());
        assert!(findings.len() > 1);
        assert!(findings.iter().all(|f| f.status == Status::Fail));
        let disabled = first_region(vec![Detector {
            id: "d-1".into(),
            status: "DISABLED".into(),
        }]);
        let f = only(run(&GuarddutyOff, &disabled));
        assert_eq!(f.status, Status::Fail);
        assert!(f.message.contains("d-1 is DISABLED"), "{}", f.message);
    }

    #[test]
    fn passes_when_enabled_everywhere() {
        let f = only(run(&GuarddutyOff, &hardened()));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
    }

    #[test]
    fn a_region_not_read_is_unknown() {
        assert_unknown_when_refused_in_one_region(&GuarddutyOff, "guardduty:ListDetectors", |g, r| {
            g.guardduty_detectors.insert(r, denied("guardduty:ListDetectors"));
        });
        let mut snap = hardened();
        snap.guardrails.regions = denied("account:ListRegions");
        assert_eq!(statuses(&run(&GuarddutyOff, &snap)), [Status::Unknown]);
    }
}
