//! Lock-out foresight on the inherited account: `admin` has an active access key and no MFA
//! device, `jsmith` (in `Ops`) too, `dev-alice` has a device.

use rampart_model::Snapshot;

use crate::{plan, Action, Baseline, Call, Op, PlanOptions, Risk};

fn inherited() -> Snapshot {
    Snapshot::from_json(include_str!("../../../../examples/inherited.json"))
        .expect("inherited example loads")
}

fn allow() -> PlanOptions {
    PlanOptions {
        allow_mfa_lockout: true,
        ..PlanOptions::default()
    }
}

#[test]
fn adding_a_key_user_without_mfa_to_the_mfa_group_is_a_manual_step() {
    let p = plan(&Baseline::default(), &inherited(), &PlanOptions::default());
    assert!(
        !p.actions
            .iter()
            .any(|a| matches!(&a.call, Call::EnsureUser { name, .. } if name == "admin")),
        "no automatic action adds `admin`"
    );
    let step = p
        .actions
        .iter()
        .find(|a| a.resource == "admin-user-admin")
        .expect("a manual step for `admin`");
    assert_eq!(step.op, Op::Manual);
    assert_eq!(step.resolves, ["RMP104"]);
    let Call::Manual { steps, .. } = &step.call else {
        panic!("a manual call")
    };
    assert!(
        steps[0].contains("`admin` (has an active access key and no MFA device"),
        "{steps:?}"
    );
    assert!(
        steps.iter().any(|s| s.contains("--allow-mfa-lockout")),
        "{steps:?}"
    );
}

#[test]
fn the_flag_keeps_the_action_and_asks_for_confirmation() {
    let p = plan(&Baseline::default(), &inherited(), &allow());
    let add = p
        .actions
        .iter()
        .find(|a| matches!(&a.call, Call::EnsureUser { name, .. } if name == "admin"))
        .expect("the flag keeps the automatic action");
    assert_eq!(add.risk, Risk::NeedsConfirmation);
    assert!(
        add.notes.iter().any(|n| n.contains("locks out `admin`")),
        "{:?}",
        add.notes
    );
}

#[test]
fn a_user_with_an_mfa_device_joins_safely() {
    let b = Baseline {
        admin_users: vec!["dev-alice".into()],
        ..Baseline::default()
    };
    let p = plan(&b, &inherited(), &PlanOptions::default());
    let add = p
        .actions
        .iter()
        .find(|a| matches!(&a.call, Call::EnsureUser { name, .. } if name == "dev-alice"))
        .expect("dev-alice is added");
    assert_eq!(add.risk, Risk::Safe);
}

#[test]
fn attaching_the_mfa_policy_to_a_group_with_key_users_waits_for_them() {
    let b = Baseline {
        admin_group: "Ops".into(),
        ..Baseline::default()
    };
    let mfa_policy = format!("policy/{}", b.mfa_policy_name);
    let attaches_mfa_policy = |a: &Action| {
        matches!(&a.call, Call::EnsureGroup { policy_arns, .. }
            if policy_arns.iter().any(|arn| arn.ends_with(&mfa_policy)))
    };
    let p = plan(&b, &inherited(), &PlanOptions::default());
    assert!(
        !p.actions.iter().any(attaches_mfa_policy),
        "no automatic action attaches the MFA policy: {:#?}",
        p.actions
    );
    let step = p
        .actions
        .iter()
        .find(|a| a.resource == "admin-group-mfa")
        .expect("a manual step for the MFA policy");
    let Call::Manual { steps, .. } = &step.call else {
        panic!("a manual call")
    };
    assert!(steps[0].contains("`jsmith`"), "{steps:?}");
    assert!(
        !steps[0].contains("contractor-eve"),
        "no key, no lock-out: {steps:?}"
    );

    let p = plan(&b, &inherited(), &allow());
    let group = p
        .actions
        .iter()
        .find(|a| a.kind == "admin-group")
        .expect("the group action");
    assert!(
        attaches_mfa_policy(group),
        "the flag attaches the MFA policy: {group:#?}"
    );
    assert_eq!(group.risk, Risk::NeedsConfirmation);
    assert!(
        group.notes.iter().any(|n| n.contains("`jsmith`")),
        "{:?}",
        group.notes
    );
}
