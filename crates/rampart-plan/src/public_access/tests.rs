use rampart_model::{Observed, Snapshot, Unavailable};

use super::KIND;
use crate::action::Risk;
use crate::{plan, Baseline, Call, Plan, PlanOptions};

fn example(text: &str) -> Snapshot {
    Snapshot::from_json(text).expect("example loads")
}

fn inherited() -> Snapshot {
    example(include_str!("../../../../examples/inherited.json"))
}

fn with_flag(snap: &Snapshot) -> Plan {
    let opts = PlanOptions {
        block_public_access: true,
        ..PlanOptions::default()
    };
    plan(&Baseline::default(), snap, &opts)
}

fn action(p: &Plan) -> Option<&crate::Action> {
    p.actions.iter().find(|a| a.kind == KIND)
}

#[test]
fn only_with_the_flag() {
    let snap = inherited();
    let without = plan(&Baseline::default(), &snap, &PlanOptions::default());
    assert!(action(&without).is_none());
    assert!(action(&with_flag(&snap)).is_some());
}

#[test]
fn names_each_bucket_whose_public_access_it_cuts() {
    let p = with_flag(&inherited());
    let a = action(&p).expect("planned");
    assert_eq!(a.call, Call::PutAccountPublicAccessBlock);
    assert_eq!(a.risk, Risk::NeedsConfirmation);
    // The inherited trail bucket is public too (RMP305 fails on it).
    assert!(
        a.title
            .contains("2 buckets (acme-cloudtrail-logs, acme-public-site)"),
        "{}",
        a.title
    );
    assert_eq!(
        a.before["public_buckets"][1],
        "acme-public-site (policy statements PublicRead)"
    );
    assert_eq!(a.after["settings"]["RestrictPublicBuckets"], true);
}

#[test]
fn an_account_with_no_public_bucket_needs_no_confirmation() {
    let p = with_flag(&example(include_str!(
        "../../../../examples/brand-new.json"
    )));
    let a = action(&p).expect("planned");
    assert_eq!(a.risk, Risk::Safe);
    assert!(a.title.contains("the account has no bucket"), "{}", a.title);
}

#[test]
fn private_buckets_still_need_confirmation_for_what_is_not_read() {
    let mut snap = example(include_str!("../../../../examples/brand-new.json"));
    let mut site = inherited().s3.other_buckets["acme-public-site"].clone();
    site.name = "private".into();
    site.policy = Observed::Known(None);
    snap.s3.other_buckets.insert("private".into(), site);
    snap.s3.owned = Observed::Known(["private".to_owned()].into());
    let p = with_flag(&snap);
    let a = action(&p).expect("planned");
    assert_eq!(a.risk, Risk::NeedsConfirmation);
    assert!(
        a.title.contains("object ACLs and access point policies"),
        "{}",
        a.title
    );
}

#[test]
fn nothing_when_it_is_already_on() {
    let p = with_flag(&example(include_str!("../../../../examples/hardened.json")));
    assert!(action(&p).is_none());
}

#[test]
fn a_bucket_not_read_stops_the_action_and_is_named() {
    let mut snap = inherited();
    snap.s3
        .other_buckets
        .get_mut("acme-public-site")
        .expect("bucket")
        .acl_grants =
        Observed::Unavailable(Unavailable::access_denied("s3:GetBucketAcl", "denied"));
    let p = with_flag(&snap);
    assert!(action(&p).is_none());
    assert!(
        p.unreadable.iter().any(|u| u.contains("acme-public-site")),
        "{:?}",
        p.unreadable
    );

    let mut snap = inherited();
    snap.s3.owned =
        Observed::Unavailable(Unavailable::access_denied("s3:ListAllMyBuckets", "denied"));
    let p = with_flag(&snap);
    assert!(action(&p).is_none());
    assert!(
        p.unreadable.iter().any(|u| u.contains("buckets")),
        "{:?}",
        p.unreadable
    );
}
