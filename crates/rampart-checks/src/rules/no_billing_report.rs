//! RMP401: no hourly or daily cost and usage report is delivered.

use rampart_model::{check_ids, Finding, Observed, Severity, Step, Unavailable};
use serde_json::json;

use crate::facts;
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// Whether the account delivers a cost and usage report by the hour or the day: a legacy Cost
    /// and Usage Report with time unit `HOURLY` or `DAILY`, or a CUR 2.0 Data Export (a query on
    /// `COST_AND_USAGE_REPORT`) with that time granularity. Unknown when none qualifies and one of
    /// the two lists could not be read.
    ///
    /// ## Why it matters
    /// The seed's step 4: the report is how you see what runs and what it costs, line by line. A
    /// spike from a leaked key mining cryptocurrency shows up there within a day; a monthly
    /// report shows it after the bill.
    ///
    /// ## How to fix
    /// In the Billing and Cost Management console open **Data Exports → Create**, choose
    /// **Standard data export**, table **CUR 2.0**, time granularity **Daily** or **Hourly**, and
    /// an S3 bucket (the console can write its bucket policy). With the CLI:
    /// `aws bcm-data-exports create-export --region us-east-1 --export file://export.json`.
    /// `rampart apply` fixes this: it creates the bucket with the delivery policy and an hourly
    /// CUR 2.0 export (daily, or a legacy CUR, when `rampart.toml` says so).
    ///
    /// ## References
    /// - Step 4 of the account baseline (no CIS control)
    /// - <https://docs.aws.amazon.com/cur/latest/userguide/dataexports-migrate.html>
    pub struct NoBillingReport;

    static META: CheckMeta = CheckMeta {
        id: check_ids::NO_BILLING_REPORT,
        slug: "no-billing-report",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Billing,
        severity: Severity::Medium,
        title: "No hourly or daily cost and usage report is delivered",
        frameworks: &[],
        fix: Applicability::Automatic,
    };
}

impl Check for NoBillingReport {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let resource = facts::account(cx);
        let billing = &cx.snapshot.billing;
        let mut seen = Vec::new();
        let mut gap: Option<&Unavailable> = None;
        match &billing.cur_reports {
            Observed::Known(reports) => seen.extend(reports.iter().map(|r| {
                json!({"report": format!("cur `{}`", r.name), "granularity": r.time_unit})
            })),
            Observed::Unavailable(u) => gap = Some(u),
        }
        match &billing.data_exports {
            Observed::Known(exports) => {
                seen.extend(exports.iter().filter(|e| e.is_cur2()).map(|e| {
                    json!({"report": format!("export `{}`", e.name), "granularity": e.time_granularity})
                }));
            }
            Observed::Unavailable(u) => {
                gap.get_or_insert(u);
            }
        }
        let good = billing.hourly_or_daily_report();
        let payer = rampart_model::billing::payer_report(cx.snapshot);
        let f = match (good, gap, payer) {
            (Some(r), _, _) => Finding::pass(META.id, resource, format!("{r} is delivered")),
            (None, _, Some((management, r))) => Finding::pass(
                META.id,
                resource,
                format!("the management account `{management}` delivers {r}, which includes this member's costs"),
            ),
            (None, Some(u), None) => Finding::unknown(META.id, resource, u),
            (None, None, None) if seen.is_empty() => {
                Finding::fail(META.id, resource, "no cost and usage report is set up")
            }
            (None, None, None) => Finding::fail(
                META.id,
                resource,
                "no cost and usage report is delivered hourly or daily",
            ),
        };
        vec![f.with("reports", seen)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, hardened, inherited, only, run};
    use rampart_model::Status;

    /// A member of an organization whose management account has `hardened`'s reports.
    fn member_of_a_payer_with(billing: rampart_model::billing::BillingFacts) -> rampart_model::Snapshot {
        let mut snap = crate::test_support::in_organization(brand_new(), false);
        if let Some(org) = &mut snap.organization {
            org.organization_billing = Some(billing);
        }
        snap
    }

    #[test]
    fn a_member_is_covered_by_its_management_accounts_report() {
        let f = only(run(&NoBillingReport, &member_of_a_payer_with(hardened().billing)));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
        assert!(f.message.contains("management account `999999999999`"), "{}", f.message);
        // Even when the payer keeps the member from reading the billing APIs.
        let mut refused = member_of_a_payer_with(hardened().billing);
        refused.billing.cur_reports = denied("cur:DescribeReportDefinitions");
        assert_eq!(only(run(&NoBillingReport, &refused)).status, Status::Pass);
        // A payer without a report covers nothing.
        let f = only(run(&NoBillingReport, &member_of_a_payer_with(brand_new().billing)));
        assert_eq!(f.status, Status::Fail);
        // The management account itself is judged on its own reports.
        let mut management = crate::test_support::in_organization(brand_new(), true);
        if let Some(org) = &mut management.organization {
            org.organization_billing = Some(hardened().billing);
        }
        assert_eq!(only(run(&NoBillingReport, &management)).status, Status::Fail);
    }

    #[test]
    fn fails_without_reports_or_with_a_monthly_one() {
        assert_eq!(
            only(run(&NoBillingReport, &brand_new())).message,
            "no cost and usage report is set up"
        );
        let f = only(run(&NoBillingReport, &inherited()));
        assert_eq!(
            f.message,
            "no cost and usage report is delivered hourly or daily"
        );
        assert_eq!(f.evidence["reports"][0]["granularity"], "MONTHLY");
    }

    #[test]
    fn passes_with_a_daily_export_or_a_daily_legacy_report() {
        assert_eq!(
            only(run(&NoBillingReport, &hardened())).status,
            Status::Pass
        );
        let mut snap = inherited();
        if let Observed::Known(r) = &mut snap.billing.cur_reports {
            r[0].time_unit = "DAILY".into();
        }
        assert_eq!(only(run(&NoBillingReport, &snap)).status, Status::Pass);
    }

    #[test]
    fn a_non_cur_export_does_not_count() {
        let mut snap = hardened();
        if let Observed::Known(e) = &mut snap.billing.data_exports {
            e[0].query = "SELECT * FROM CARBON_EMISSIONS".into();
        }
        assert_eq!(only(run(&NoBillingReport, &snap)).status, Status::Fail);
    }

    #[test]
    fn unknown_when_a_list_is_refused_and_nothing_qualifies() {
        let mut snap = inherited();
        snap.billing.data_exports = denied("bcm-data-exports:ListExports");
        let f = only(run(&NoBillingReport, &snap));
        assert_eq!(
            f.missing_permission.as_deref(),
            Some("bcm-data-exports:ListExports")
        );
        let mut snap = hardened();
        snap.billing.cur_reports = denied("cur:DescribeReportDefinitions");
        assert_eq!(
            only(run(&NoBillingReport, &snap)).status,
            Status::Pass,
            "the export alone decides"
        );
    }
}
