//! The bucket planner asks the S3 judgements RMP305, RMP306 and RMP403 ask.

use rampart_engines::policy::PolicyDocument;
use rampart_model::s3::PublicAccessBlock;
use rampart_model::{Observed, Snapshot};

use crate::{plan, Baseline, Call, PlanOptions};

const TRAIL_BUCKET: &str = "aws-cloudtrail-logs-111122223333-mgmt";

fn hardened() -> Snapshot {
    Snapshot::from_json(include_str!("../../../../examples/hardened.json"))
        .expect("hardened example loads")
}

/// The `EnsureBucket` call planned for the trail bucket, if any.
fn trail_bucket_call(snap: &Snapshot) -> Option<Call> {
    plan(&Baseline::default(), snap, &PlanOptions::default())
        .actions
        .into_iter()
        .find(|a| a.resource == TRAIL_BUCKET)
        .map(|a| a.call)
}

#[test]
fn block_public_access_split_between_the_levels_needs_nothing() {
    let mut snap = hardened();
    snap.s3.account_public_access_block =
        Observed::Known(Some(PublicAccessBlock::new(true, true, false, false)));
    let b = snap.s3.buckets.get_mut(TRAIL_BUCKET).expect("trail bucket");
    b.public_access_block = Observed::Known(Some(PublicAccessBlock::new(false, false, true, true)));
    assert_eq!(trail_bucket_call(&snap), None);
    snap.s3.account_public_access_block =
        Observed::Known(Some(PublicAccessBlock::new(true, false, false, false)));
    let Some(Call::EnsureBucket {
        block_public_access,
        statements,
        ..
    }) = trail_bucket_call(&snap)
    else {
        panic!("IgnorePublicAcls is off: the bucket needs Block Public Access")
    };
    assert!(block_public_access && statements.is_empty());
}

#[test]
fn a_billing_grant_counts_when_the_reports_can_write() {
    let bucket = "billing-reports-111122223333";
    let billing_call = |snap: &Snapshot| {
        plan(&Baseline::default(), snap, &PlanOptions::default())
            .actions
            .into_iter()
            .find(|a| a.resource == bucket)
            .map(|a| a.call)
    };
    let mut snap = hardened();
    assert_eq!(billing_call(&snap), None);
    let b = snap.s3.buckets.get_mut(bucket).expect("billing bucket");
    let Observed::Known(Some(doc)) = &mut b.policy else {
        panic!("the hardened billing bucket has a readable policy")
    };
    doc.statements[0].condition = Some(serde_json::json!(
        {"StringEquals": {"aws:SourceAccount": "444455556666"}}
    ));
    let Some(Call::EnsureBucket { statements, .. }) = billing_call(&snap) else {
        panic!("a grant pinned to another account lets no report in")
    };
    let sids: Vec<_> = statements.iter().filter_map(|s| s.sid.as_deref()).collect();
    assert_eq!(sids, ["AllowBillingReportDelivery"]);
}

fn with_deny(deny: &str) -> Snapshot {
    let deny = PolicyDocument::parse(deny).expect("test policy parses");
    let mut snap = hardened();
    let b = snap.s3.buckets.get_mut(TRAIL_BUCKET).expect("trail bucket");
    let Observed::Known(Some(doc)) = &mut b.policy else {
        panic!("the hardened trail bucket has a readable policy")
    };
    let before = doc.statements.len();
    doc.statements
        .retain(|s| s.sid.as_deref() != Some("DenyInsecureTransport"));
    assert_eq!(
        doc.statements.len() + 1,
        before,
        "the hardened trail bucket's own TLS deny is taken out"
    );
    doc.statements.extend(deny.statements);
    snap
}

#[test]
fn a_tls_deny_counts_when_rmp306_would_count_it() {
    let equivalent = r#"{"Statement":[{"Sid":"HttpsOnly","Effect":"Deny","Principal":{"AWS":"*"},"Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":false}}}]}"#;
    assert_eq!(trail_bucket_call(&with_deny(equivalent)), None);
    for short in [
        r#"{"Statement":[{"Sid":"BucketOnly","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::aws-cloudtrail-logs-111122223333-mgmt","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#,
        r#"{"Statement":[{"Sid":"FromOffice","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"},"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}"#,
    ] {
        let Some(Call::EnsureBucket { statements, .. }) = trail_bucket_call(&with_deny(short))
        else {
            panic!("{short}: the deny falls short, the plan adds one")
        };
        let sids: Vec<_> = statements.iter().filter_map(|s| s.sid.as_deref()).collect();
        assert_eq!(sids, ["DenyInsecureTransport"], "{short}");
    }
}
