//! Guardrails that are free and cannot break anything: EBS encryption by default in every
//! enabled Region where it is off (it changes only volumes created afterwards), and an
//! external-access IAM Access Analyzer in every enabled Region without one (it only reads).

use rampart_model::{check_ids, Observed};
use serde_json::json;

use crate::action::{Call, Op};
use crate::planning::{Draft, Planning};

/// The name of the analyzer `apply` creates.
pub const ANALYZER_NAME: &str = "rampart-external-access";

/// `n` and `word`, plural unless `n` is 1: `3 Regions`, `1 KMS key`.
pub(crate) fn count(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The Regions where `off` holds, after naming every Region not read (or all of them, when
/// the Regions are not known) as unreadable: what is not read is never planned.
pub(crate) fn off_in<T>(
    cx: &mut Planning<'_>,
    what: &str,
    by_region: rampart_model::guardrails::ByRegion<'_, T>,
    off: impl Fn(&T) -> bool,
) -> Vec<String> {
    let by_region = match by_region {
        Ok(r) => r,
        Err(u) => {
            cx.unreadable(what, u);
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (region, read) in by_region {
        match read {
            Observed::Known(v) if off(&v) => out.push(region.to_owned()),
            Observed::Known(_) => {}
            Observed::Unavailable(u) => cx.unreadable(&format!("{what} in {region}"), &u),
        }
    }
    out
}

pub(crate) fn plan_ebs(cx: &mut Planning<'_>) {
    let off = off_in(
        cx,
        "EBS encryption by default",
        cx.snap.guardrails.ebs_by_region(),
        |on: &bool| !*on,
    );
    if off.is_empty() {
        return;
    }
    cx.push(Draft {
        kind: "ebs-default-encryption",
        resource: "account".to_owned(),
        title: format!(
            "EBS encryption by default in {}",
            count(off.len(), "Region")
        ),
        op: Op::Update,
        resolves: &[check_ids::EBS_DEFAULT_ENCRYPTION_OFF],
        before: json!({ "off_in": off }),
        after: json!({ "off_in": [] }),
        call: Call::EnableEbsEncryptionByDefault { regions: off },
    });
}

/// An account-level external-access analyzer in each Region with no external-access
/// analyzer at all. A Region whose own analyzer failed or was disabled gets a manual step:
/// AWS allows one per Region, so it must be deleted before another is created, and deleting
/// is a person's call.
pub(crate) fn plan_analyzers(cx: &mut Planning<'_>) {
    let by_region = match cx.snap.guardrails.analyzers_by_region() {
        Ok(r) => r,
        Err(u) => {
            cx.unreadable("IAM Access Analyzer", u);
            return;
        }
    };
    let mut missing = Vec::new();
    let mut stuck = Vec::new();
    for (region, analyzers) in by_region {
        let analyzers = match analyzers {
            Observed::Known(a) => a,
            Observed::Unavailable(u) => {
                cx.unreadable(&format!("IAM Access Analyzer in {region}"), &u);
                continue;
            }
        };
        if rampart_model::guardrails::organization_analyzer(cx.snap, region).is_some() {
            continue;
        }
        let external: Vec<_> = analyzers
            .iter()
            .filter(|a| a.is_external_access())
            .collect();
        if external
            .iter()
            .any(|a| a.is_active() || a.status == "CREATING")
        {
            continue;
        }
        match analyzers.iter().find(|a| a.is_account_external_access()) {
            Some(own) => stuck.push(format!("`{}` in {region} ({})", own.name, own.status)),
            None => missing.push(region.to_owned()),
        }
    }
    if !missing.is_empty() {
        let n = missing.len();
        cx.push(Draft {
            kind: "access-analyzer",
            resource: ANALYZER_NAME.to_owned(),
            title: format!(
                "external-access IAM Access Analyzer in {}",
                count(n, "Region")
            ),
            op: Op::Create,
            resolves: &[check_ids::NO_ACCESS_ANALYZER],
            before: json!({ "missing_in": missing }),
            after: json!({ "missing_in": [] }),
            call: Call::CreateAccessAnalyzer {
                name: ANALYZER_NAME.to_owned(),
                regions: missing,
            },
        });
    }
    if !stuck.is_empty() {
        crate::manual::manual(
            cx,
            "access-analyzer",
            "replace the IAM Access Analyzers that are not active",
            &[check_ids::NO_ACCESS_ANALYZER],
            vec![
                format!("These analyzers are not active: {}", stuck.join(", ")),
                "In each Region, open IAM, then Access analyzer, then Analyzer settings".into(),
                "Delete the analyzer, then create one for external access with this account as the zone of trust (or run `rampart apply` again)".into(),
            ],
            "https://console.aws.amazon.com/access-analyzer/home",
        );
    }
}

/// Automatic rotation for every customer managed symmetric key without it (asked for with
/// `--enable-key-rotation`: it costs money, and changes nothing that uses the keys).
pub(crate) fn plan_key_rotation(cx: &mut Planning<'_>) {
    let by_region = match cx.snap.guardrails.kms_keys_by_region() {
        Ok(r) => r,
        Err(u) => {
            cx.unreadable("KMS keys", u);
            return;
        }
    };
    let mut keys = Vec::new();
    for (region, read) in by_region {
        match read {
            Observed::Known(list) => keys.extend(
                list.iter()
                    .filter(|k| k.rotation_applies() && k.rotation_enabled != Some(true))
                    .map(|k| (region.to_owned(), k.id.clone())),
            ),
            Observed::Unavailable(u) => cx.unreadable(&format!("KMS keys in {region}"), &u),
        }
    }
    if keys.is_empty() {
        return;
    }
    let ids: Vec<String> = keys.iter().map(|(r, k)| format!("{r}/{k}")).collect();
    cx.push(Draft {
        kind: "kms-rotation",
        resource: "account".to_owned(),
        title: format!(
            "automatic rotation of {} (paid)",
            count(keys.len(), "KMS key")
        ),
        op: Op::Update,
        resolves: &[check_ids::KMS_KEY_ROTATION_OFF],
        before: json!({ "not_rotating": ids }),
        after: json!({ "not_rotating": [] }),
        call: Call::EnableKeyRotation { keys },
    })
    .risk = crate::action::Risk::NeedsConfirmation;
}

#[cfg(test)]
mod tests {
    use rampart_model::guardrails::Analyzer;
    use rampart_model::{Observed, Snapshot};

    use crate::{plan, Baseline, Call, PlanOptions};

    fn example(text: &str) -> Snapshot {
        Snapshot::from_json(text).expect("example loads")
    }

    #[test]
    fn one_action_turns_it_on_where_it_is_off() {
        let snap = example(include_str!("../../../examples/brand-new.json"));
        let p = plan(&Baseline::default(), &snap, &PlanOptions::default());
        let a = p
            .actions
            .iter()
            .find(|a| a.kind == "ebs-default-encryption")
            .expect("planned");
        let Call::EnableEbsEncryptionByDefault { regions } = &a.call else {
            panic!("{:?}", a.call)
        };
        assert_eq!(
            regions.len(),
            snap.guardrails.regions.known().expect("regions").len()
        );
        let hardened = example(include_str!("../../../examples/hardened.json"));
        let p = plan(&Baseline::default(), &hardened, &PlanOptions::default());
        assert!(p.actions.iter().all(|a| a.kind != "ebs-default-encryption"));
    }

    #[test]
    fn a_region_not_read_is_not_planned_and_the_plan_says_so() {
        let mut snap = example(include_str!("../../../examples/brand-new.json"));
        let first = snap.guardrails.regions.known().expect("regions")[0].clone();
        snap.guardrails.ebs_encryption_by_default.insert(
            first.clone(),
            Observed::Unavailable(rampart_model::Unavailable::access_denied(
                "ec2:GetEbsEncryptionByDefault",
                "denied",
            )),
        );
        let p = plan(&Baseline::default(), &snap, &PlanOptions::default());
        let Some(Call::EnableEbsEncryptionByDefault { regions }) = p
            .actions
            .iter()
            .find(|a| a.kind == "ebs-default-encryption")
            .map(|a| &a.call)
        else {
            panic!("planned for the other Regions")
        };
        assert!(!regions.contains(&first));
        assert!(
            p.unreadable.iter().any(|u| u.contains(&first)),
            "{:?}",
            p.unreadable
        );
    }

    fn analyzer(kind: &str, status: &str) -> Analyzer {
        Analyzer {
            name: "existing".into(),
            kind: kind.into(),
            status: status.into(),
        }
    }

    fn analyzer_regions(p: &crate::Plan) -> Vec<String> {
        p.actions
            .iter()
            .find_map(|a| match &a.call {
                Call::CreateAccessAnalyzer { regions, name } => {
                    assert_eq!(name, super::ANALYZER_NAME);
                    Some(regions.clone())
                }
                _ => None,
            })
            .unwrap_or_default()
    }

    #[test]
    fn an_analyzer_is_created_where_none_is_active_or_coming() {
        let mut snap = example(include_str!("../../../examples/brand-new.json"));
        let all = snap.guardrails.regions.known().expect("regions").clone();
        let p = plan(&Baseline::default(), &snap, &PlanOptions::default());
        assert_eq!(analyzer_regions(&p), all);
        // Active or being created: nothing to do there. Unused access only: created.
        let set = |snap: &mut Snapshot, i: usize, a: Vec<Analyzer>| {
            snap.guardrails
                .access_analyzers
                .insert(all[i].clone(), Observed::Known(a));
        };
        set(&mut snap, 0, vec![analyzer("ORGANIZATION", "ACTIVE")]);
        set(&mut snap, 1, vec![analyzer("ACCOUNT", "CREATING")]);
        set(
            &mut snap,
            2,
            vec![analyzer("ACCOUNT_UNUSED_ACCESS", "ACTIVE")],
        );
        let p = plan(&Baseline::default(), &snap, &PlanOptions::default());
        let got = analyzer_regions(&p);
        assert!(!got.contains(&all[0]) && !got.contains(&all[1]), "{got:?}");
        assert!(got.contains(&all[2]), "{got:?}");
        let hardened = example(include_str!("../../../examples/hardened.json"));
        let p = plan(&Baseline::default(), &hardened, &PlanOptions::default());
        assert!(analyzer_regions(&p).is_empty());
    }

    #[test]
    fn a_member_covered_by_an_organization_analyzer_gets_none_there() {
        let mut snap = example(include_str!("../../../examples/brand-new.json"));
        let all = snap.guardrails.regions.known().expect("regions").clone();
        let mut membership = rampart_model::organization::Membership::new("o-test", "999999999999");
        membership.organization_analyzers =
            Some([(all[0].clone(), vec!["222233334444/org".to_owned()])].into());
        snap.organization = Some(membership);
        let got = analyzer_regions(&plan(&Baseline::default(), &snap, &PlanOptions::default()));
        assert_eq!(got, all[1..]);
    }

    #[test]
    fn a_failed_analyzer_of_the_account_is_a_manual_step_never_a_second_one() {
        let mut snap = example(include_str!("../../../examples/brand-new.json"));
        let first = snap.guardrails.regions.known().expect("regions")[0].clone();
        snap.guardrails.access_analyzers.insert(
            first.clone(),
            Observed::Known(vec![analyzer("ACCOUNT", "FAILED")]),
        );
        let p = plan(&Baseline::default(), &snap, &PlanOptions::default());
        assert!(!analyzer_regions(&p).contains(&first));
        let step = p
            .actions
            .iter()
            .find(|a| a.kind == "manual" && a.resource == "access-analyzer")
            .expect("manual step");
        let Call::Manual { steps, .. } = &step.call else {
            panic!("{:?}", step.call)
        };
        assert!(
            steps[0].contains("`existing`") && steps[0].contains(&first),
            "{steps:?}"
        );
    }
}

#[cfg(test)]
mod rotation_tests {
    use rampart_model::Snapshot;

    use crate::{plan, Baseline, Call, PlanOptions};

    #[test]
    fn key_rotation_is_planned_only_with_its_flag() {
        let snap =
            Snapshot::from_json(include_str!("../../../examples/inherited.json")).expect("example");
        let rotating = |opts: &PlanOptions| {
            plan(&Baseline::default(), &snap, opts)
                .actions
                .iter()
                .find_map(|a| match &a.call {
                    Call::EnableKeyRotation { keys } => Some(keys.clone()),
                    _ => None,
                })
        };
        assert_eq!(rotating(&PlanOptions::default()), None);
        let opts = PlanOptions {
            enable_key_rotation: true,
            ..PlanOptions::default()
        };
        let keys = rotating(&opts).expect("planned with the flag");
        assert!(!keys.is_empty());
    }
}
