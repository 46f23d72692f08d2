//! Connecting to a test account, planning, applying, and reading state back with the SDK.

pub use crate::test_support::*;

use std::sync::Mutex;
use std::time::Duration;

use rampart_aws::apply::{apply, ApplyEvent, ApplyOutcome};
use rampart_aws::collect_for_plan;
use rampart_aws::{Connection, NoProgress};
use rampart_model::Snapshot;
use rampart_plan::{plan, Baseline, Plan, PlanOptions};
use rampart_testkit::TestAccount;

/// A connection like `rampart_aws::connect` builds for an endpoint override, with short
/// retry delays so fault tests stay fast.
pub async fn connection(account: &TestAccount) -> Connection {
    crate::apply::test_support::connection_with_retries(account, 2, Duration::from_millis(10)).await
}

/// The same, with `region` as the Region rampart is run for (`--region`).
pub async fn connection_in(account: &TestAccount, region: &str) -> Connection {
    let mut conn = connection(account).await;
    conn.region = region.to_owned();
    conn
}

pub async fn snapshot(account: &TestAccount, baseline: &Baseline) -> Snapshot {
    snapshot_in(account, baseline, "us-east-1").await
}

pub async fn snapshot_in(account: &TestAccount, baseline: &Baseline, region: &str) -> Snapshot {
    match collect_for_plan(
        &connection_in(account, region).await,
        baseline,
        &rampart_aws::CollectOptions::default(),
        &NoProgress,
    )
    .await
    {
        Ok(s) => s,
        Err(e) => panic!("collect failed for {}: {e}", account.account_id),
    }
}

pub async fn plan_for(account: &TestAccount, baseline: &Baseline) -> (Plan, Snapshot) {
    plan_in(account, baseline, "us-east-1").await
}

pub async fn plan_in(account: &TestAccount, baseline: &Baseline, region: &str) -> (Plan, Snapshot) {
    let snap = snapshot_in(account, baseline, region).await;
    (plan(baseline, &snap, &PlanOptions::default()), snap)
}

/// Applies `p` and returns the outcome and the events it reported.
pub async fn apply_plan(
    account: &TestAccount,
    p: &Plan,
    snap: Option<Snapshot>,
) -> (ApplyOutcome, Vec<ApplyEvent>) {
    apply_plan_in(account, p, snap, "us-east-1").await
}

/// [`apply_plan`] with `region` as the Region rampart is run for.
pub async fn apply_plan_in(
    account: &TestAccount,
    p: &Plan,
    snap: Option<Snapshot>,
    region: &str,
) -> (ApplyOutcome, Vec<ApplyEvent>) {
    let events = Mutex::new(Vec::new());
    let record = |e: &ApplyEvent| {
        events
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(e.clone());
    };
    let out = apply(
        &connection_in(account, region).await,
        p,
        snap,
        &PlanOptions::default(),
        &record,
        &NoProgress,
    )
    .await
    .unwrap_or_else(|e| panic!("apply could not start: {e}"));
    (
        out,
        events
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    )
}

/// The kinds of the changes a plan would make, in order.
pub fn change_kinds(p: &Plan) -> Vec<String> {
    p.changes()
        .map(|a| format!("{} {}", a.kind, a.resource))
        .collect()
}

pub async fn s3(account: &TestAccount) -> aws_sdk_s3::Client {
    let conf = aws_sdk_s3::config::Builder::from(&account.sdk_config("us-east-1").await)
        .force_path_style(true)
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}

/// The bucket's policy, read back and parsed.
pub async fn bucket_policy(
    s3: &aws_sdk_s3::Client,
    bucket: &str,
) -> rampart_engines::policy::PolicyDocument {
    let text = s3
        .get_bucket_policy()
        .bucket(bucket)
        .send()
        .await
        .expect("policy")
        .policy()
        .unwrap_or_default()
        .to_owned();
    rampart_engines::policy::PolicyDocument::parse(&text).expect("the policy parses")
}

/// The statement ids of a policy, in order.
pub fn sids(doc: &rampart_engines::policy::PolicyDocument) -> Vec<&str> {
    doc.statements
        .iter()
        .filter_map(|s| s.sid.as_deref())
        .collect()
}

/// The change kinds `before`, one `alert-rule` per monitoring control, then `last`: the order
/// a plan lists them in.
pub fn with_alert_rules(before: &[&'static str], after: &[&'static str]) -> Vec<&'static str> {
    let rules = rampart_model::alert_controls::alert_controls().len();
    let mut kinds = before.to_vec();
    kinds.extend(std::iter::repeat_n("alert-rule", rules));
    kinds.extend(after);
    kinds
}

/// Every CIS monitoring control passes in `snap`: its events reach a confirmed subscriber.
pub fn assert_every_control_passes(snap: &Snapshot) {
    for control in rampart_model::alert_controls::alert_controls() {
        let routes = rampart_model::alert_route::control_routes(snap, control);
        assert_eq!(
            routes.status(),
            rampart_model::Status::Pass,
            "{}: missed {:?}, broken {:?}",
            control.control,
            routes.missed,
            routes.broken
        );
    }
}
