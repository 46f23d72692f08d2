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
