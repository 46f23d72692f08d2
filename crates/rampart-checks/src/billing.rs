//! The buckets billing reports are delivered to, and who delivers to each: legacy Cost and
//! Usage Reports are written by `billingreports.amazonaws.com`, Data Exports by
//! `bcm-data-exports.amazonaws.com`.

use std::collections::BTreeMap;

use rampart_model::s3::delivery::{cur_write, export_write, ServiceWrite};
use rampart_model::s3::BucketFacts;
use rampart_model::{Finding, Observed};

use crate::facts;
use crate::Context;

use rampart_model::s3::delivery::{CUR_PRINCIPAL, EXPORTS_PRINCIPAL};

/// One report or export delivering to a bucket.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Delivery {
    /// `cur` `NAME` or `export` `NAME`.
    pub report: String,
    /// The service principal that writes the files.
    pub principal: &'static str,
    /// The write the service makes: its `aws:SourceArn` and an object key under the prefix.
    #[serde(skip)]
    pub write: ServiceWrite,
}

/// Runs `judge` on every bucket a report or export delivers to. Unknown for the account for
/// each list that could not be read, and for a bucket the collector recorded nothing about.
pub fn each_billing_bucket(
    cx: &Context<'_>,
    check_id: &str,
    judge: impl Fn(&BucketFacts, &[Delivery]) -> Finding,
) -> Vec<Finding> {
    let billing = &cx.snapshot.billing;
    let account = cx.snapshot.account_id.as_str();
    let mut out = Vec::new();
    let mut buckets: BTreeMap<&str, Vec<Delivery>> = BTreeMap::new();
    match &billing.cur_reports {
        Observed::Known(reports) => {
            for r in reports {
                let d = Delivery {
                    report: format!("cur `{}`", r.name),
                    principal: CUR_PRINCIPAL,
                    write: cur_write(account, r),
                };
                buckets.entry(r.s3_bucket.as_str()).or_default().push(d);
            }
        }
        Observed::Unavailable(u) => out.push(Finding::unknown(check_id, facts::account(cx), u)),
    }
    match &billing.data_exports {
        Observed::Known(exports) => {
            for e in exports {
                let d = Delivery {
                    report: format!("export `{}`", e.name),
                    principal: EXPORTS_PRINCIPAL,
                    write: export_write(account, e),
                };
                buckets.entry(e.s3_bucket.as_str()).or_default().push(d);
            }
        }
        Observed::Unavailable(u) => out.push(Finding::unknown(check_id, facts::account(cx), u)),
    }
    for (name, deliveries) in buckets {
        let reports: Vec<&str> = deliveries.iter().map(|d| d.report.as_str()).collect();
        out.push(match crate::buckets::facts(cx, name) {
            Ok(b) => judge(b, &deliveries).with("reports", reports),
            Err(gap) => gap
                .finding(check_id, facts::bucket(name))
                .with("reports", reports),
        });
    }
    out
}
