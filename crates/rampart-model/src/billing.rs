//! Billing-report facts: legacy Cost and Usage Report definitions and CUR 2.0 Data Exports.
//! Both APIs answer only in `us-east-1`.

use serde::{Deserialize, Serialize};

use crate::observed::Observed;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BillingFacts {
    pub cur_reports: Observed<Vec<CurReport>>,
    pub data_exports: Observed<Vec<DataExport>>,
}

/// A legacy Cost and Usage Report definition (`DescribeReportDefinitions`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurReport {
    pub name: String,
    /// `HOURLY`, `DAILY` or `MONTHLY`.
    pub time_unit: String,
    pub format: String,
    pub s3_bucket: String,
    #[serde(default)]
    pub s3_prefix: String,
    pub s3_region: String,
}

/// A Data Export (`GetExport`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataExport {
    pub name: String,
    pub arn: String,
    /// The SQL of its data query (`SELECT … FROM COST_AND_USAGE_REPORT`).
    pub query: String,
    /// The `TIME_GRANULARITY` table property: `HOURLY`, `DAILY` or `MONTHLY`, if set.
    #[serde(default)]
    pub time_granularity: Option<String>,
    pub s3_bucket: String,
    #[serde(default)]
    pub s3_prefix: String,
    pub s3_region: String,
}

impl DataExport {
    /// A CUR 2.0 export is one that queries the `COST_AND_USAGE_REPORT` table.
    pub fn is_cur2(&self) -> bool {
        self.query
            .to_ascii_uppercase()
            .contains("COST_AND_USAGE_REPORT")
    }
}

/// Whether a granularity is hourly or daily (what the seed asks for).
pub fn is_hourly_or_daily(granularity: &str) -> bool {
    matches!(
        granularity.to_ascii_uppercase().as_str(),
        "HOURLY" | "DAILY"
    )
}

impl BillingFacts {
    /// The first report of these facts delivered hourly or daily, described (`Cost and Usage
    /// Report `daily` (DAILY)`, `CUR 2.0 export `x` (HOURLY)`); `None` when none was read.
    pub fn hourly_or_daily_report(&self) -> Option<String> {
        let cur = self
            .cur_reports
            .known()
            .into_iter()
            .flatten()
            .find_map(|r| {
                is_hourly_or_daily(&r.time_unit)
                    .then(|| format!("Cost and Usage Report `{}` ({})", r.name, r.time_unit))
            });
        cur.or_else(|| {
            self.data_exports
                .known()
                .into_iter()
                .flatten()
                .filter(|e| e.is_cur2())
                .find_map(|e| {
                    let g = e
                        .time_granularity
                        .as_deref()
                        .filter(|g| is_hourly_or_daily(g))?;
                    Some(format!("CUR 2.0 export `{}` ({g})", e.name))
                })
        })
    }
}

/// In an organization audit, the management account's report that covers a member: a member's
/// costs are in the management account's cost and usage report (the payer's report includes
/// every linked account). `None` outside an organization, for the management account itself,
/// and when the management account has no hourly or daily report.
pub fn payer_report(snap: &crate::Snapshot) -> Option<(String, String)> {
    let org = snap.organization.as_ref()?;
    if org.management_account_id == snap.account_id {
        return None;
    }
    let report = org
        .organization_billing
        .as_ref()?
        .hourly_or_daily_report()?;
    Some((org.management_account_id.clone(), report))
}
