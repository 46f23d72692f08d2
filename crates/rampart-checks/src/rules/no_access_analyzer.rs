//! RMP503: no active external-access IAM Access Analyzer in an enabled Region.

use rampart_model::guardrails::{organization_analyzer, Analyzer};
use rampart_model::{check_ids, Finding, Severity, Step, Unavailable, UnavailableKind};

use crate::regional::{self, InRegion};
use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// In every Region the account has enabled (`account:ListRegions`), whether an IAM Access
    /// Analyzer for external access is `ACTIVE` (`access-analyzer:ListAnalyzers`): one whose
    /// zone of trust is the account (`ACCOUNT`) or the organization (`ORGANIZATION`). Unused-
    /// and internal-access analyzers do not count: they answer other questions. In an
    /// organization audit, an active `ORGANIZATION` analyzer in any audited account (the
    /// management account or a delegated administrator) covers every account in its Region,
    /// since its zone of trust is the whole organization. One failure
    /// per Region without one, one unknown per Region not read or whose analyzer is still
    /// being created, one pass when every Region has one.
    ///
    /// ## Why it matters
    /// An external-access analyzer reads the resource policies of the Region's buckets, keys,
    /// roles, queues, functions and secrets, and reports each one that lets someone outside
    /// the account in: the bucket policy left open by a test, the role a vendor can still
    /// assume. Without it, nobody hears of them. It is free, and it changes nothing.
    ///
    /// ## How to fix
    /// `rampart apply` creates one named `rampart-external-access`, with the account as its
    /// zone of trust, in every enabled Region that lacks one (AWS creates the service-linked
    /// role `AWSServiceRoleForAccessAnalyzer` with the first). In the console, per Region:
    /// **IAM → Access analyzer → Analyzer settings → Create analyzer → Resource analysis -
    /// External access**. With the CLI: `aws accessanalyzer create-analyzer --analyzer-name
    /// external-access --type ACCOUNT --region REGION` for each Region. An analyzer that
    /// failed or was disabled must be deleted first: AWS allows one per Region.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 2.18 (v6.0.0 2.19, v5.0.0 1.19)
    /// - AWS Startup Security Baseline, ACCT.11
    /// - AWS Security Hub control IAM.28
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-create-external.html>
    pub struct NoAccessAnalyzer;

    static META: CheckMeta = CheckMeta {
        id: check_ids::NO_ACCESS_ANALYZER,
        slug: "no-access-analyzer",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Guardrails,
        severity: Severity::Medium,
        title: "No external-access IAM Access Analyzer in an enabled Region",
        frameworks: &[("cis-aws-7.0", "2.18"), ("cis-aws-6.0", "2.19"), ("cis-aws-5.0", "1.19"), ("aws-ssb", "ACCT.11"), ("aws-fsbp", "IAM.28")],
        fix: Applicability::Automatic,
    };
}

fn in_region(r: &str, analyzers: &[Analyzer]) -> InRegion {
    let external = || analyzers.iter().filter(|a| a.is_external_access());
    if external().any(Analyzer::is_active) {
        return InRegion::Good;
    }
    if let Some(a) = external().find(|a| a.status == "CREATING") {
        return InRegion::Unknown(Unavailable::new(
            UnavailableKind::Dependency,
            Some("access-analyzer:ListAnalyzers"),
            format!(
                "the analyzer `{}` in {r} is still being created; audit again in a minute",
                a.name
            ),
        ));
    }
    if analyzers.is_empty() {
        return InRegion::Bad(format!("no IAM Access Analyzer in {r}"));
    }
    let others: Vec<String> = analyzers
        .iter()
        .map(|a| format!("`{}` ({}, {})", a.name, a.kind, a.status))
        .collect();
    InRegion::Bad(format!(
        "no active external-access IAM Access Analyzer in {r}; it has {}",
        others.join(", ")
    ))
}

impl Check for NoAccessAnalyzer {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        regional::judge(
            cx,
            META.id,
            cx.snapshot.guardrails.analyzers_by_region(),
            |r, analyzers| match organization_analyzer(cx.snapshot, r) {
                Some(_) => InRegion::Good,
                None => in_region(r, analyzers),
            },
            |n| format!("an external-access IAM Access Analyzer is active in all {n} enabled Regions"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, hardened, only, run, statuses};
    use rampart_model::{Observed, Status};

    fn analyzer(kind: &str, status: &str) -> Analyzer {
        Analyzer {
            name: format!("{kind}-{status}").to_lowercase(),
            kind: kind.to_owned(),
            status: status.to_owned(),
        }
    }

    fn with_first_region(analyzers: Vec<Analyzer>) -> (rampart_model::Snapshot, String) {
        let mut snap = hardened();
        let first = snap.guardrails.regions.known().expect("regions")[0].clone();
        snap.guardrails
            .access_analyzers
            .insert(first.clone(), Observed::Known(analyzers));
        (snap, first)
    }

    #[test]
    fn fails_in_each_region_without_one() {
        let findings = run(&NoAccessAnalyzer, &brand_new());
        assert!(findings.len() > 1);
        assert!(findings.iter().all(|f| f.status == Status::Fail));
        assert_eq!(findings[0].resource.kind, "region");
    }

    #[test]
    fn passes_when_one_is_active_everywhere() {
        let f = only(run(&NoAccessAnalyzer, &hardened()));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
        // The organization's analyzer counts as well as the account's.
        let (snap, _) = with_first_region(vec![analyzer("ORGANIZATION", "ACTIVE")]);
        assert_eq!(statuses(&run(&NoAccessAnalyzer, &snap)), [Status::Pass]);
    }

    #[test]
    fn unused_or_internal_access_or_inactive_analyzers_do_not_count() {
        for kinds in [
            vec![analyzer("ACCOUNT_UNUSED_ACCESS", "ACTIVE")],
            vec![analyzer("ORGANIZATION_INTERNAL_ACCESS", "ACTIVE")],
            vec![analyzer("ACCOUNT", "FAILED")],
            vec![analyzer("ACCOUNT", "DISABLED")],
        ] {
            let (snap, first) = with_first_region(kinds.clone());
            let f = only(run(&NoAccessAnalyzer, &snap));
            assert_eq!(f.status, Status::Fail, "{kinds:?}");
            assert_eq!(f.resource.region.as_deref(), Some(first.as_str()));
            assert!(f.message.contains(&kinds[0].name), "{}", f.message);
        }
    }

    #[test]
    fn a_region_not_read_or_still_creating_is_unknown_never_a_pass() {
        let mut snap = hardened();
        let first = snap.guardrails.regions.known().expect("regions")[0].clone();
        snap.guardrails
            .access_analyzers
            .insert(first.clone(), denied("access-analyzer:ListAnalyzers"));
        assert_eq!(statuses(&run(&NoAccessAnalyzer, &snap)), [Status::Unknown]);
        let (snap, _) = with_first_region(vec![analyzer("ACCOUNT", "CREATING")]);
        let f = only(run(&NoAccessAnalyzer, &snap));
        assert_eq!(f.status, Status::Unknown);
        assert!(f.message.contains("being created"), "{}", f.message);
        let mut snap = hardened();
        snap.guardrails.access_analyzers.remove(&first);
        assert_eq!(statuses(&run(&NoAccessAnalyzer, &snap)), [Status::Unknown]);
    }

    #[test]
    fn unknown_when_the_regions_cannot_be_listed() {
        let mut snap = hardened();
        snap.guardrails.regions = denied("account:ListRegions");
        let f = only(run(&NoAccessAnalyzer, &snap));
        assert_eq!(f.status, Status::Unknown);
        assert_eq!(f.missing_permission.as_deref(), Some("account:ListRegions"));
    }

    #[test]
    fn a_snapshot_taken_before_analyzers_were_read_is_unknown() {
        let mut snap = hardened();
        snap.guardrails.access_analyzers.clear();
        let findings = run(&NoAccessAnalyzer, &snap);
        assert!(findings.iter().all(|f| f.status == Status::Unknown));
    }

    #[test]
    fn an_organization_analyzer_elsewhere_covers_a_member() {
        let mut snap = crate::test_support::in_organization(brand_new(), false);
        let first = snap.guardrails.regions.known().expect("regions")[0].clone();
        let before = run(&NoAccessAnalyzer, &snap).len();
        if let Some(org) = &mut snap.organization {
            org.organization_analyzers = Some(
                [(first.clone(), vec!["222233334444/org-external".to_owned()])].into(),
            );
        }
        let findings = run(&NoAccessAnalyzer, &snap);
        assert_eq!(findings.len(), before - 1);
        assert!(findings
            .iter()
            .all(|f| f.status == Status::Fail && f.resource.region.as_deref() != Some(first.as_str())));
    }
}
