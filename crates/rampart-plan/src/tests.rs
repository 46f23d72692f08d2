//! The planner against the bundled example accounts: brand-new, messy and hardened.

use rampart_model::{Observed, Snapshot, Unavailable};

use crate::{plan, render, Baseline, Call, Op, Plan, PlanOptions};

fn example(name: &str) -> Snapshot {
    let text = match name {
        "brand-new" => include_str!("../../../examples/brand-new.json"),
        "inherited" => include_str!("../../../examples/inherited.json"),
        _ => include_str!("../../../examples/hardened.json"),
    };
    Snapshot::from_json(text).unwrap_or_else(|e| panic!("example {name}: {e}"))
}

fn kinds(p: &Plan) -> Vec<(&str, Op)> {
    p.actions.iter().map(|a| (a.kind.as_str(), a.op)).collect()
}

#[test]
fn a_brand_new_account_gets_everything_in_dependency_order() {
    let snap = example("brand-new");
    let p = plan(&Baseline::default(), &snap, &PlanOptions::default());
    let changes: Vec<(&str, Op)> = kinds(&p)
        .into_iter()
        .filter(|(_, op)| *op != Op::Manual)
        .collect();
    assert_eq!(
        changes,
        [
            ("password-policy", Op::Create),
            ("mfa-policy", Op::Create),
            ("admin-group", Op::Create),
            ("admin-user", Op::Create),
            ("bucket", Op::Create),
            ("bucket", Op::Create),
            ("trail", Op::Create),
            ("alert-topic", Op::Create),
            ("alert-rule", Op::Create),
            ("billing-report", Op::Create),
        ]
    );
    let trail_bucket = Baseline::default().trail_bucket(&snap.account_id, &snap.region);
    let bucket = p
        .actions
        .iter()
        .find(|a| a.resource == trail_bucket)
        .expect("trail bucket planned");
    let Call::EnsureBucket {
        statements,
        create,
        block_public_access,
        ..
    } = &bucket.call
    else {
        panic!("not a bucket call: {:?}", bucket.call)
    };
    assert!(*create && *block_public_access);
    let sids: Vec<_> = statements.iter().filter_map(|s| s.sid.as_deref()).collect();
    assert_eq!(
        sids,
        [
            "AWSCloudTrailAclCheck",
            "AWSCloudTrailWrite",
            "DenyInsecureTransport"
        ]
    );
    assert!(p
        .actions
        .iter()
        .any(|a| a.op == Op::Manual && a.resolves.contains(&"RMP201".to_owned())));
    assert!(
        p.actions
            .iter()
            .any(|a| a.op == Op::Manual && a.resolves.contains(&"RMP303".to_owned())),
        "without a configured key, encrypting the new trail is a manual step"
    );
    let text = render::text(&p);
    assert!(
        text.contains("Legend: + create  ~ update  - delete  ! manual"),
        "{text}"
    );
    assert!(text.contains("Plan: 10 to create, 0 to change,"), "{text}");
    assert!(
        text.contains("minimum_password_length: (none) -> 14"),
        "{text}"
    );
}

#[test]
fn a_hardened_account_needs_no_change() {
    let p = plan(
        &Baseline::default(),
        &example("hardened"),
        &PlanOptions::default(),
    );
    let changes: Vec<_> = p
        .changes()
        .map(|a| (&a.kind, &a.title, &a.before))
        .collect();
    // The hardened example uses its own names; only the baseline's own admin objects and
    // alert rule may be added there.
    for (kind, title, _) in &changes {
        assert!(
            [
                "mfa-policy",
                "admin-group",
                "admin-user",
                "alert-topic",
                "alert-rule"
            ]
            .contains(&kind.as_str()),
            "unexpected change {kind} {title}"
        );
    }
    assert!(!p
        .actions
        .iter()
        .any(|a| a.kind == "trail" || a.kind == "bucket" || a.kind == "billing-report"));
}

#[test]
fn a_weaker_password_policy_is_tightened_not_loosened() {
    let mut snap = example("brand-new");
    let mut current = crate::default_password_policy();
    current.minimum_password_length = 20;
    current.require_symbols = false;
    current.max_password_age = Some(90);
    snap.iam.password_policy = Observed::Known(Some(current));
    let p = plan(&Baseline::default(), &snap, &PlanOptions::default());
    let a = p
        .actions
        .iter()
        .find(|a| a.kind == "password-policy")
        .expect("planned");
    assert_eq!(a.op, Op::Update);
    let Call::PutPasswordPolicy { policy } = &a.call else {
        panic!("wrong call")
    };
    assert_eq!(
        (
            policy.minimum_password_length,
            policy.require_symbols,
            policy.max_password_age
        ),
        (20, true, Some(90))
    );
}

#[test]
fn unreadable_facts_plan_nothing_and_say_so() {
    let mut snap = example("brand-new");
    snap.iam.password_policy = Observed::Unavailable(Unavailable::access_denied(
        "iam:GetAccountPasswordPolicy",
        "denied",
    ));
    let p = plan(&Baseline::default(), &snap, &PlanOptions::default());
    assert!(!p.actions.iter().any(|a| a.kind == "password-policy"));
    assert!(
        p.unreadable
            .iter()
            .any(|u| u.contains("iam:GetAccountPasswordPolicy")),
        "{:?}",
        p.unreadable
    );
    assert!(render::text(&p).contains("warning: not planned, the password policy"));
}

#[test]
fn root_keys_are_deleted_only_by_root_and_on_request() {
    let mut snap = example("brand-new");
    let present = |p: &Plan| {
        p.actions
            .iter()
            .find(|a| a.resolves.contains(&"RMP102".to_owned()))
            .map(|a| a.op)
    };
    let flag = PlanOptions {
        delete_root_access_keys: true,
    };
    snap.caller.is_root = false;
    let p = plan(&Baseline::default(), &snap, &flag);
    if present(&p).is_some() {
        assert_eq!(present(&p), Some(Op::Manual));
        snap.caller.is_root = true;
        assert_eq!(
            present(&plan(&Baseline::default(), &snap, &PlanOptions::default())),
            Some(Op::Manual)
        );
        let p = plan(&Baseline::default(), &snap, &flag);
        assert_eq!(present(&p), Some(Op::Delete));
        assert!(render::text(&p).contains("1 to delete") || render::text(&p).contains("to delete"));
    } else {
        panic!("the brand-new example should have root access keys");
    }
}

#[test]
fn plans_round_trip_and_ids_are_stable() {
    let snap = example("inherited");
    let a = plan(&Baseline::default(), &snap, &PlanOptions::default());
    let b = plan(&Baseline::default(), &snap, &PlanOptions::default());
    assert_eq!(a, b);
    let back = Plan::from_json(&a.to_json()).expect("round trip");
    assert_eq!(back, a);
    assert!(Plan::from_json("{\"format_version\": 7}").is_err());
}

#[test]
fn an_admin_group_differing_only_in_case_is_updated_not_created() {
    let mut snap = example("brand-new");
    let Observed::Known(auth) = &mut snap.iam.authorization else {
        panic!("the brand-new example has IAM details")
    };
    auth.groups.push(rampart_model::iam::IamGroup {
        name: "admins".into(),
        arn: format!("arn:aws:iam::{}:group/admins", snap.account_id),
        path: "/".into(),
        create_date: snap.taken_at,
        attached_policies: vec![],
        inline_policies: vec![],
    });
    let p = plan(&Baseline::default(), &snap, &PlanOptions::default());
    let group = p
        .actions
        .iter()
        .find(|a| a.kind == "admin-group")
        .expect("admin group planned");
    assert_eq!(group.op, Op::Update);
    let Call::EnsureGroup { name, .. } = &group.call else {
        panic!("not a group call: {:?}", group.call)
    };
    assert_eq!(name, "admins");
    let user = p
        .actions
        .iter()
        .find(|a| a.kind == "admin-user")
        .expect("admin user planned");
    let Call::EnsureUser { group, .. } = &user.call else {
        panic!("not a user call: {:?}", user.call)
    };
    assert_eq!(group, "admins");
}
