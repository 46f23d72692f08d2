//! Each check declares how its failures are fixed (`CheckMeta::fix`). This proves the planner
//! does exactly that with the default configuration, on every example account where the check
//! fails: "automatic" means a change resolves it, "needs a setting" and "needs a flag" mean no
//! change does until that setting or flag is given, "needs a person" means a manual step does,
//! and "manual" means the plan leaves it alone.

use rampart_checks::{registry, Applicability, AuditConfig, Selection};
use rampart_model::organization::{Membership, RootAccess, RootCredentials, ScpFacts};
use rampart_model::s3::BucketOwnership;
use rampart_model::{Observed, Snapshot, Status};
use rampart_plan::{plan, Baseline, Op, Plan, PlanOptions, Risk};

fn example(name: &str, json: &str) -> (String, Snapshot) {
    let snap = Snapshot::from_json(json).unwrap_or_else(|e| panic!("{name}: {e}"));
    (name.to_owned(), snap)
}

/// The example accounts, and variants of them that make the checks none of them fails fail.
fn accounts() -> Vec<(String, Snapshot)> {
    let mut out = vec![
        example(
            "brand-new",
            include_str!("../../../../examples/brand-new.json"),
        ),
        example(
            "inherited",
            include_str!("../../../../examples/inherited.json"),
        ),
        example(
            "hardened",
            include_str!("../../../../examples/hardened.json"),
        ),
    ];
    // The hardened account's trail without its KMS key.
    let (_, mut plain) = example(
        "hardened",
        include_str!("../../../../examples/hardened.json"),
    );
    if let Observed::Known(trails) = &mut plain.cloudtrail.trails {
        for t in trails {
            t.kms_key_id = None;
        }
    }
    out.push(("hardened without a trail key".into(), plain));
    // Its trail and billing buckets deleted since they were set up.
    let (_, mut gone) = example(
        "hardened",
        include_str!("../../../../examples/hardened.json"),
    );
    for b in gone.s3.buckets.values_mut() {
        b.ownership = Observed::Known(BucketOwnership::Missing);
    }
    out.push(("hardened with its buckets deleted".into(), gone));
    // Its billing bucket's policy removed.
    let (_, mut closed) = example(
        "hardened",
        include_str!("../../../../examples/hardened.json"),
    );
    for b in closed
        .s3
        .buckets
        .values_mut()
        .filter(|b| b.name.starts_with("billing"))
    {
        b.policy = Observed::Known(None);
    }
    out.push(("hardened without a billing bucket policy".into(), closed));
    // As an organization's management account with centralized root access off, and as a
    // member whose root user still has a password.
    let membership = |management: &Snapshot| Membership::new("o-example", &management.account_id);
    let (_, mut management) = example(
        "hardened",
        include_str!("../../../../examples/hardened.json"),
    );
    let mut org = membership(&management);
    org.root_access = Some(Observed::Known(RootAccess {
        trusted_access: false,
        root_credentials_management: false,
        root_sessions: false,
    }));
    management.organization = Some(org);
    let (_, mut member) = example(
        "hardened",
        include_str!("../../../../examples/hardened.json"),
    );
    let mut org = membership(&management);
    org.root_credentials = Some(Observed::Known(RootCredentials {
        password: true,
        ..RootCredentials::default()
    }));
    org.service_control_policies = Some(Observed::Known(ScpFacts {
        enabled: false,
        levels: vec![],
    }));
    member.account_id = "999988887777".into();
    member.organization = Some(org);
    out.push(("hardened as a management account".into(), management));
    out.push(("hardened as a member with a root password".into(), member));
    out
}

fn fails(snap: &Snapshot, id: &str) -> bool {
    let selection = Selection::new(&[id.to_owned()], &[]).expect("a registered id");
    rampart_checks::evaluate(snap, &AuditConfig::default(), &selection)
        .iter()
        .any(|f| f.status == Status::Fail)
}

/// What a plan does about `id`: whether a change resolves it (and whether that change needs
/// confirmation), and whether a manual step does.
#[derive(Debug)]
struct Resolution {
    change: bool,
    confirm: bool,
    step: bool,
}

fn resolution(plan: &Plan, id: &str) -> Resolution {
    let resolving = || {
        plan.actions
            .iter()
            .filter(|a| a.resolves.iter().any(|r| r == id))
    };
    Resolution {
        change: resolving().any(|a| a.op != Op::Manual),
        confirm: resolving().any(|a| a.risk == Risk::NeedsConfirmation),
        step: resolving().any(|a| a.op == Op::Manual),
    }
}

/// The baseline with `setting` (as the check writes it, `key = value`) applied.
fn with_setting(setting: &str) -> Baseline {
    let mut b = Baseline::default();
    match setting {
        "trail.kms = true" => b.trail.create_kms_key = true,
        "services.guardduty = true" => b.services.guardduty = true,
        "billing.monthly_budget_usd and alerts.emails" => {
            b.billing.monthly_budget_usd = Some(100);
            b.alerts.emails = vec!["security@example.com".into()];
        }
        "alerts.emails" => b.alerts.emails = vec!["security@example.com".into()],
        "services.security_hub = true" => b.services.security_hub = true,
        "contacts.billing and contacts.operations" => {
            let contact = rampart_model::snapshot::AlternateContact {
                name: "Team".into(),
                email: "team@example.com".into(),
                phone: Some("+1 555 0100".into()),
                title: Some("Team".into()),
            };
            b.contacts.billing = Some(contact.clone());
            b.contacts.operations = Some(contact);
        }
        other => panic!("the test does not know the setting `{other}`: teach `with_setting`"),
    }
    b
}

fn with_flag(flag: &str) -> PlanOptions {
    let mut o = PlanOptions::default();
    match flag {
        "--delete-root-access-keys" => o.delete_root_access_keys = true,
        "--allow-mfa-lockout" => o.allow_mfa_lockout = true,
        "--enable-key-rotation" => o.enable_key_rotation = true,
        "--block-public-access" => o.block_public_access = true,
        "--org" => o.organization = true,
        "--org --delete-member-root-credentials" => {
            o.organization = true;
            o.delete_member_root_credentials = true;
        }
        other => panic!("the test does not know the flag `{other}`: teach `with_flag`"),
    }
    o
}

#[test]
fn every_check_is_fixed_the_way_it_declares() {
    let accounts = accounts();
    let defaults = (Baseline::default(), PlanOptions::default());
    let mut wrong = Vec::new();
    for check in registry() {
        let m = check.meta();
        let mut failing = 0;
        let mut confirmed = false;
        for (name, snap) in accounts.iter().filter(|(_, s)| fails(s, m.id)) {
            failing += 1;
            let now = resolution(&plan(&defaults.0, snap, &defaults.1), m.id);
            let ok = match &m.fix {
                Applicability::Automatic => now.change && !now.confirm,
                Applicability::NeedsSetting(setting) => {
                    let then = resolution(&plan(&with_setting(setting), snap, &defaults.1), m.id);
                    !now.change && then.change
                }
                Applicability::NeedsFlag(flag) => {
                    // Some flags act only for the root user (root keys): plan as root, with
                    // the flag. A flagged change asks for confirmation on some account; not
                    // necessarily on each (Block Public Access on an account with no public
                    // bucket cuts nothing).
                    let mut as_root = snap.clone();
                    as_root.caller.is_root = true;
                    let then = resolution(&plan(&defaults.0, &as_root, &with_flag(flag)), m.id);
                    confirmed |= then.confirm;
                    !now.change && then.change
                }
                Applicability::NeedsPerson(_) => now.step,
                Applicability::Manual => !now.change && !now.step,
            };
            if !ok {
                wrong.push(format!(
                    "{} declares `{}` but on {name} the plan does {now:?}",
                    m.id,
                    m.fix.kind()
                ));
            }
        }
        if failing == 0 {
            wrong.push(format!(
                "{}: no example account fails it; add a variant",
                m.id
            ));
        }
        if matches!(m.fix, Applicability::NeedsFlag(_)) && failing > 0 && !confirmed {
            wrong.push(format!(
                "{}: its flagged change never asks for confirmation",
                m.id
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_plan_refines_what_a_check_declares() {
    let (_, snap) = example(
        "brand-new",
        include_str!("../../../../examples/brand-new.json"),
    );
    let p = plan(&Baseline::default(), &snap, &PlanOptions::default());
    let declared = |id: &str| {
        rampart_checks::find(id)
            .expect("registered")
            .meta()
            .fix
            .clone()
    };
    // A change fixes it.
    assert_eq!(
        p.applicability("RMP105", &declared("RMP105")),
        Applicability::Automatic
    );
    // The topic is created, but a person confirms the subscription.
    assert!(matches!(
        p.applicability("RMP308", &declared("RMP308")),
        Applicability::NeedsPerson(_)
    ));
    // The manual step explains the setting: the setting stays the hint.
    assert_eq!(
        p.applicability("RMP303", &declared("RMP303")),
        declared("RMP303")
    );
    // Nothing addresses it in a whole plan: manual, whatever was declared.
    assert_eq!(
        p.applicability("RMP110", &Applicability::Automatic),
        Applicability::Manual
    );
}
