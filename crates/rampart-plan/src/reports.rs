//! Billing reports: a CUR 2.0 Data Export (or, when configured, a legacy Cost and Usage
//! Report) delivered hourly or daily to a bucket of the account. Both APIs live in `us-east-1`.

use rampart_model::check_ids;
use rampart_model::Observed;
use serde_json::{json, Value};

use crate::action::{Action, Call, Op};
use crate::baseline::ReportKind;
use crate::buckets::Needs;
use crate::planning::{Draft, Planning};

/// Where report files go inside the bucket.
pub const REPORT_PREFIX: &str = "reports";

pub(crate) fn plan(cx: &mut Planning<'_>, needs: &mut Needs) -> Vec<Action> {
    let billing = &cx.snap.billing;
    for r in billing.cur_reports.known().into_iter().flatten() {
        needs.billing(&r.s3_bucket, false);
    }
    for e in billing.data_exports.known().into_iter().flatten() {
        needs.billing(&e.s3_bucket, false);
    }
    // A member covered by its management account's report needs none of its own, even when
    // its payer keeps it from reading the billing APIs.
    if rampart_model::billing::payer_report(cx.snap).is_some() {
        return Vec::new();
    }
    let (cur, exports) = match (&billing.cur_reports, &billing.data_exports) {
        (Observed::Known(c), Observed::Known(e)) => (c, e),
        (Observed::Unavailable(u), _) | (_, Observed::Unavailable(u)) => {
            cx.unreadable("billing reports", u);
            return Vec::new();
        }
    };
    if billing.hourly_or_daily_report().is_some() {
        return Vec::new();
    }
    let s = &cx.baseline.billing;
    let bucket = cx.baseline.billing_bucket(cx.account, cx.region);
    let taken = cur.iter().any(|r| r.name == s.name) || exports.iter().any(|e| e.name == s.name);
    if taken {
        let page =
            "https://console.aws.amazon.com/costmanagement/home#/bcm-data-exports".to_owned();
        let draft = Draft {
            kind: "billing-report",
            resource: s.name.clone(),
            title: format!("billing report `{}` is not hourly or daily", s.name),
            op: Op::Manual,
            resolves: &[check_ids::NO_BILLING_REPORT],
            call: Call::Manual {
                steps: vec![format!("Change the time granularity of report `{}` to hourly or daily, or set another `billing.name` in rampart.toml", s.name)],
                page,
            },
            before: json!({"granularity": "monthly"}),
            after: json!({"granularity": s.granularity.as_str()}),
        };
        return vec![draft.build()];
    }
    needs.billing(&bucket, true);
    let granularity = s.granularity.as_str().to_owned();
    let (call, what) = match s.kind {
        ReportKind::DataExport => (
            Call::CreateDataExport {
                name: s.name.clone(),
                bucket: bucket.clone(),
                prefix: REPORT_PREFIX.into(),
                bucket_region: cx.region.to_owned(),
                granularity: granularity.clone(),
            },
            "CUR 2.0 data export",
        ),
        ReportKind::LegacyCur => (
            Call::CreateCurReport {
                name: s.name.clone(),
                bucket: bucket.clone(),
                prefix: REPORT_PREFIX.into(),
                bucket_region: cx.region.to_owned(),
                time_unit: granularity.clone(),
            },
            "Cost and Usage Report",
        ),
    };
    let mut action = Draft {
        kind: "billing-report",
        resource: s.name.clone(),
        title: format!("{what} `{}`", s.name),
        op: Op::Create,
        resolves: &[check_ids::NO_BILLING_REPORT],
        call,
        before: Value::Null,
        after: json!({"granularity": granularity, "bucket": bucket, "prefix": REPORT_PREFIX}),
    }
    .build();
    action
        .notes
        .push("the first report arrives within 24 hours".into());
    vec![action]
}
