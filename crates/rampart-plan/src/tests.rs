//! The planner against the bundled example accounts: brand-new, messy and hardened.

use rampart_model::{Observed, Snapshot, Unavailable};

use crate::{plan, render, Baseline, Call, Op, Plan, PlanOptions};

mod unreadable;

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
    let rules = rampart_model::alert_controls::alert_controls().len();
    let want: Vec<(&str, Op)> = [
        ("password-policy", Op::Create),
        ("mfa-policy", Op::Create),
        ("admin-group", Op::Create),
        ("admin-user", Op::Create),
        ("support-role", Op::Create),
        ("bucket", Op::Create),
        ("bucket", Op::Create),
        ("bucket", Op::Create),
        ("trail", Op::Create),
        ("bucket-logging", Op::Create),
        ("alert-topic", Op::Create),
    ]
    .into_iter()
    .chain(std::iter::repeat_n(("alert-rule", Op::Create), rules))
    .chain([
        ("billing-report", Op::Create),
        ("ebs-default-encryption", Op::Update),
        ("access-analyzer", Op::Create),
    ])
    .collect();
    assert_eq!(changes, want);
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
    assert!(text.contains(crate::render::LEGEND), "{text}");
    assert!(text.contains("Plan: 28 to create, 1 to change,"), "{text}");
    assert!(
        text.contains("minimum_password_length: (none) -> 14"),
        "{text}"
    );
}

#[test]
fn a_hardened_account_needs_no_change() {
    // The hardened example uses its own names (`RequireMFA`, its own alert topic): what it
    // already does by other means is not duplicated.
    let p = plan(
        &Baseline::default(),
        &example("hardened"),
        &PlanOptions::default(),
    );
    assert_eq!(kinds(&p), []);
    assert_eq!(render::text(&p), format!("{}\n", render::NO_CHANGES));
}

#[test]
fn configured_admin_users_are_ensured_the_default_only_when_the_group_has_none() {
    let hardened = example("hardened");
    let baseline = Baseline {
        admin_users: vec!["alice".into(), "ops-oncall".into()],
        ..Baseline::default()
    };
    let p = plan(&baseline, &hardened, &PlanOptions::default());
    let users: Vec<&str> = p
        .actions
        .iter()
        .filter(|a| a.kind == "admin-user")
        .map(|a| a.resource.as_str())
        .collect();
    assert_eq!(
        users,
        ["ops-oncall"],
        "alice is already an admin with a console password"
    );

    let mut snap = hardened;
    let Observed::Known(auth) = &mut snap.iam.authorization else {
        panic!("the hardened example has IAM details")
    };
    auth.users.iter_mut().for_each(|u| u.groups.clear());
    let p = plan(&Baseline::default(), &snap, &PlanOptions::default());
    let user = p
        .actions
        .iter()
        .find(|a| a.kind == "admin-user")
        .expect("the default admin user, for a group without console users");
    assert_eq!(
        (user.resource.as_str(), user.op),
        (crate::DEFAULT_ADMIN_USER, Op::Create)
    );
}

#[test]
fn working_root_alerting_is_left_alone_and_broken_alerting_is_added_to() {
    let hardened = example("hardened");
    let p = plan(&Baseline::default(), &hardened, &PlanOptions::default());
    assert!(!p.actions.iter().any(|a| a.kind.starts_with("alert-")));

    // Nobody confirmed the subscription: the rule named like rampart's gets rampart's topic as
    // an extra target, and the existing target stays.
    let mut snap = hardened;
    let Observed::Known(topics) = &mut snap.alerting.topics else {
        panic!("the hardened example has topics")
    };
    for t in topics.iter_mut() {
        for s in &mut t.subscriptions {
            s.confirmed = false;
        }
    }
    let p = plan(&Baseline::default(), &snap, &PlanOptions::default());
    let rule = p
        .actions
        .iter()
        .find(|a| a.kind == "alert-rule")
        .expect("the rule is repaired");
    let targets = rule.after["targets"].as_array().expect("targets");
    assert_eq!(targets.len(), 2, "{targets:?}");
    assert_eq!(targets[0], rule.before["targets"][0]);
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
    let text = render::text(&p);
    assert!(
        text.contains("Could not plan (") && text.contains("? the password policy"),
        "{text}"
    );
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
        ..PlanOptions::default()
    };
    snap.caller.is_root = false;
    let p = plan(&Baseline::default(), &snap, &flag);
    assert_eq!(
        present(&p),
        Some(Op::Manual),
        "the brand-new example has root access keys; only root can delete them"
    );
    snap.caller.is_root = true;
    assert_eq!(
        present(&plan(&Baseline::default(), &snap, &PlanOptions::default())),
        Some(Op::Manual),
        "root without the flag gets a manual step"
    );
    let p = plan(&Baseline::default(), &snap, &flag);
    assert_eq!(present(&p), Some(Op::Delete));
    let text = render::text(&p);
    assert!(text.contains(", 1 to delete, "), "{text}");
}

#[test]
fn plans_round_trip_and_ids_are_stable() {
    let snap = example("inherited");
    let a = plan(&Baseline::default(), &snap, &PlanOptions::default());
    let b = plan(&Baseline::default(), &snap, &PlanOptions::default());
    assert_eq!(a, b);
    let back = Plan::from_json(&a.to_json().expect("writes")).expect("round trip");
    assert_eq!(back, a);
    // The id is a hash of kind and resource, the same on every run and platform.
    let policy = a
        .actions
        .iter()
        .find(|x| x.kind == "password-policy")
        .expect("the inherited account's password policy is planned");
    assert_eq!(policy.id, "f9fb7caf1cb7aff6");
    let mut other_version: serde_json::Value =
        serde_json::from_str(&a.to_json().expect("writes")).expect("JSON");
    other_version["format_version"] = 7.into();
    assert!(
        matches!(
            Plan::from_json(&other_version.to_string()),
            Err(crate::PlanFileError::Version { found: 7 })
        ),
        "a plan of another format version is refused for its version"
    );
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

#[test]
fn other_admins_without_mfa_get_a_manual_step_not_a_change() {
    let p = plan(
        &Baseline::default(),
        &example("inherited"),
        &PlanOptions::default(),
    );
    let step = p
        .actions
        .iter()
        .find(|a| a.resource == "other-admins-mfa")
        .expect("a manual step for `Ops` and `admin`");
    assert_eq!(
        (step.op, step.resolves.as_slice()),
        (Op::Manual, &["RMP204".to_string()][..])
    );
    let Call::Manual { steps, .. } = &step.call else {
        panic!("not a manual step: {:?}", step.call)
    };
    assert_eq!(
        steps[0],
        "Full admin without MFA: groups `Ops`; users with admin attached directly `admin`"
    );
    assert!(!p.actions.iter().any(|a| a.op != Op::Manual
        && matches!(&a.call, Call::EnsureGroup { name, .. } if name == "Ops")));

    for name in ["hardened", "brand-new"] {
        let p = plan(
            &Baseline::default(),
            &example(name),
            &PlanOptions::default(),
        );
        assert!(
            !p.actions.iter().any(|a| a.resource == "other-admins-mfa"),
            "{name}: no other admin access to cover"
        );
    }
}

#[test]
fn a_single_region_trail_is_extended_not_doubled() {
    let p = plan(
        &Baseline::default(),
        &example("inherited"),
        &PlanOptions::default(),
    );
    let trails: Vec<&crate::Action> = p.actions.iter().filter(|a| a.kind == "trail").collect();
    assert_eq!(trails.len(), 1, "{trails:#?}");
    let t = trails[0];
    assert_eq!(
        (t.op, t.resource.as_str()),
        (
            Op::Update,
            "arn:aws:cloudtrail:us-east-1:111122223333:trail/default"
        )
    );
    assert_eq!(t.resolves, ["RMP302", "RMP301"]);
    assert_eq!(
        (&t.before["multi_region"], &t.after["multi_region"]),
        (&serde_json::json!(false), &serde_json::json!(true))
    );
    let Call::EnsureTrail {
        create,
        multi_region,
        bucket,
        ..
    } = &t.call
    else {
        panic!("not a trail call: {:?}", t.call)
    };
    assert!(!create && *multi_region && bucket == "acme-cloudtrail-logs");
    let rampart_bucket = Baseline::default().trail_bucket("111122223333", "us-east-1");
    assert!(
        !p.actions.iter().any(|a| a.resource == rampart_bucket),
        "no second bucket for a second trail"
    );

    // An organization trail cannot be changed from a member account: rampart adds its own.
    let mut snap = example("inherited");
    let Observed::Known(ts) = &mut snap.cloudtrail.trails else {
        panic!("the inherited example has trails")
    };
    ts[0].is_organization_trail = true;
    let p = plan(&Baseline::default(), &snap, &PlanOptions::default());
    assert!(p
        .actions
        .iter()
        .any(|a| a.kind == "trail" && a.op == Op::Create));
}

#[test]
fn a_trail_key_is_planned_only_when_asked_for_and_before_the_trail() {
    let snap = example("brand-new");
    let plain = plan(&Baseline::default(), &snap, &PlanOptions::default());
    assert!(!plain.actions.iter().any(|a| a.kind == "kms-key"));
    assert!(
        plain.actions.iter().any(|a| a.resource == "trail-kms"),
        "manual step instead"
    );

    let mut baseline = Baseline::default();
    baseline.trail.create_kms_key = true;
    let p = plan(&baseline, &snap, &PlanOptions::default());
    let at = |kind: &str| p.actions.iter().position(|a| a.kind == kind);
    assert!(at("kms-key").expect("key planned") < at("trail").expect("trail planned"));
    let key = &p.actions[at("kms-key").unwrap_or_default()];
    let Call::EnsureTrailKey { alias, policy, .. } = &key.call else {
        panic!("not a key call: {:?}", key.call)
    };
    assert_eq!(alias, crate::TRAIL_KEY_ALIAS);
    assert_eq!(policy.statements.len(), 4);
    let trail = &p.actions[at("trail").unwrap_or_default()];
    let Call::EnsureTrail { kms_key_id, .. } = &trail.call else {
        panic!("not a trail call: {:?}", trail.call)
    };
    assert_eq!(
        kms_key_id.as_deref(),
        Some("arn:aws:kms:us-east-1:111122223333:alias/rampart-cloudtrail")
    );
    assert!(trail.resolves.contains(&"RMP303".to_string()));
    assert!(!p.actions.iter().any(|a| a.resource == "trail-kms"));

    // A key of the user's own wins: nothing to create.
    baseline.trail.kms_key_id = Some("arn:aws:kms:us-east-1:111122223333:key/abc".into());
    let p = plan(&baseline, &snap, &PlanOptions::default());
    assert!(!p.actions.iter().any(|a| a.kind == "kms-key"));
}

#[test]
fn console_users_without_mfa_get_enrolment_commands() {
    let step = |name: &str| {
        let p = plan(
            &Baseline::default(),
            &example(name),
            &PlanOptions::default(),
        );
        p.actions
            .iter()
            .find(|a| a.resource == "console-users-mfa")
            .map(|a| match &a.call {
                Call::Manual { steps, .. } => steps.clone(),
                other => panic!("not a manual step: {other:?}"),
            })
    };
    assert_eq!(step("hardened"), None, "every console user there has MFA");
    // The brand-new account has no users yet, but the admin user apply creates needs one.
    let steps = step("brand-new").expect("a step for the new admin");
    assert_eq!(steps[0], "Without MFA: `admin`");
    assert!(
        steps[1].contains("rampart mfa enroll --user admin"),
        "{steps:?}"
    );
    let steps = step("inherited").expect("a step for the inherited users");
    assert!(steps[0].starts_with("Without MFA: "), "{steps:?}");
    assert!(steps[0].contains("`jsmith`"), "{steps:?}");
}

#[test]
fn trail_buckets_in_the_region_get_access_logging_into_a_private_log_bucket() {
    let snap = example("brand-new");
    let b = Baseline::default();
    let p = plan(&b, &snap, &PlanOptions::default());
    let log_bucket = b.access_log_bucket(&snap.account_id, &snap.region);
    let trail_bucket = b.trail_bucket(&snap.account_id, &snap.region);
    let bucket = p
        .actions
        .iter()
        .find(|a| a.resource == log_bucket && a.kind == "bucket")
        .expect("the log bucket is created");
    let Call::EnsureBucket {
        statements,
        block_public_access,
        ..
    } = &bucket.call
    else {
        panic!("not a bucket call: {:?}", bucket.call)
    };
    assert!(*block_public_access);
    let sids: Vec<_> = statements.iter().filter_map(|s| s.sid.as_deref()).collect();
    assert_eq!(
        sids,
        ["AllowServerAccessLogDelivery", "DenyInsecureTransport"]
    );
    let logging = p
        .actions
        .iter()
        .find(|a| a.kind == "bucket-logging")
        .expect("logging is turned on");
    assert_eq!(logging.resource, trail_bucket);
    assert_eq!(logging.resolves, ["RMP307"]);

    // Off in the configuration: neither the bucket nor the logging.
    let mut off = Baseline::default();
    off.trail.access_logging = false;
    let p = plan(&off, &snap, &PlanOptions::default());
    assert!(!p
        .actions
        .iter()
        .any(|a| a.kind == "bucket-logging" || a.resource == log_bucket));

    // The hardened account's trail bucket already logs: nothing to do.
    let p = plan(&b, &example("hardened"), &PlanOptions::default());
    assert!(!p.actions.iter().any(|a| a.kind == "bucket-logging"));
}

#[test]
fn a_member_covered_by_its_payers_report_gets_no_report_of_its_own() {
    let mut snap = example("brand-new");
    snap.organization = Some(rampart_model::organization::Membership {
        organization_id: "o-test".into(),
        management_account_id: "999999999999".into(),
        root_access: None,
        root_credentials: None,
        organization_trails: None,
        organization_alerting: None,
        organization_billing: Some(example("hardened").billing),
        organization_analyzers: None,
        service_control_policies: None,
    });
    let p = plan(&Baseline::default(), &snap, &PlanOptions::default());
    assert!(
        !p.actions.iter().any(|a| a.kind == "billing-report"),
        "{:?}",
        kinds(&p)
    );
}
