//! Paid security services, turned on only when `[services]` asks: GuardDuty and Security Hub
//! in every enabled Region where they are off. Neither deletes or changes anything of the
//! account's; each costs money from the day it is on, which the action's title says.

use rampart_model::check_ids;
use rampart_model::guardrails::Detector;
use serde_json::json;

use crate::action::{Call, Op};
use crate::guardrails::{count, off_in};
use crate::planning::{Draft, Planning};

pub(crate) fn plan_guardduty(cx: &mut Planning<'_>) {
    if !cx.baseline.services.guardduty {
        return;
    }
    let off = off_in(
        cx,
        "GuardDuty",
        cx.snap.guardrails.detectors_by_region(),
        |d: &Vec<Detector>| !d.iter().any(Detector::is_enabled),
    );
    if off.is_empty() {
        return;
    }
    cx.push(Draft {
        kind: "guardduty",
        resource: "account".to_owned(),
        title: format!("GuardDuty in {} (paid)", count(off.len(), "Region")),
        op: Op::Create,
        resolves: &[check_ids::GUARDDUTY_OFF],
        before: json!({ "off_in": off }),
        after: json!({ "off_in": [] }),
        call: Call::EnableGuardDuty { regions: off },
    });
}

pub(crate) fn plan_security_hub(cx: &mut Planning<'_>) {
    if !cx.baseline.services.security_hub {
        return;
    }
    let off = off_in(
        cx,
        "Security Hub",
        cx.snap.guardrails.security_hub_by_region(),
        |on: &bool| !*on,
    );
    if off.is_empty() {
        return;
    }
    cx.push(Draft {
        kind: "security-hub",
        resource: "account".to_owned(),
        title: format!("Security Hub in {} (paid)", count(off.len(), "Region")),
        op: Op::Create,
        resolves: &[check_ids::SECURITY_HUB_OFF],
        before: json!({ "off_in": off }),
        after: json!({ "off_in": [] }),
        call: Call::EnableSecurityHub { regions: off },
    });
}

#[cfg(test)]
mod tests {
    use rampart_model::guardrails::Detector;
    use rampart_model::{Observed, Snapshot};

    use crate::{plan, Baseline, Call, PlanOptions};

    fn brand_new() -> Snapshot {
        Snapshot::from_json(include_str!("../../../examples/brand-new.json")).expect("example")
    }

    fn paid(snap: &Snapshot, baseline: &Baseline) -> Vec<(String, Vec<String>)> {
        plan(baseline, snap, &PlanOptions::default())
            .actions
            .iter()
            .filter_map(|a| match &a.call {
                Call::EnableGuardDuty { regions } | Call::EnableSecurityHub { regions } => {
                    Some((a.kind.clone(), regions.clone()))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn nothing_paid_is_planned_unless_the_configuration_asks() {
        assert!(paid(&brand_new(), &Baseline::default()).is_empty());
    }

    #[test]
    fn each_service_asked_for_is_turned_on_where_it_is_off() {
        let mut snap = brand_new();
        let all = snap.guardrails.regions.known().expect("regions").clone();
        snap.guardrails.guardduty_detectors.insert(
            all[0].clone(),
            Observed::Known(vec![Detector {
                id: "d".into(),
                status: "ENABLED".into(),
            }]),
        );
        snap.guardrails
            .security_hub
            .insert(all[1].clone(), Observed::Known(true));
        let mut baseline = Baseline::default();
        baseline.services.guardduty = true;
        baseline.services.security_hub = true;
        let got = paid(&snap, &baseline);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, "guardduty");
        assert_eq!(got[0].1, all[1..].to_vec());
        assert_eq!(got[1].0, "security-hub");
        assert!(got[1].1.contains(&all[0]) && !got[1].1.contains(&all[1]));
        let p = plan(&baseline, &snap, &PlanOptions::default());
        assert!(p.actions.iter().any(|a| a.title.contains("(paid)")));
    }

    #[test]
    fn a_region_not_read_is_not_planned_and_the_plan_says_so() {
        let mut snap = brand_new();
        let first = snap.guardrails.regions.known().expect("regions")[0].clone();
        snap.guardrails.guardduty_detectors.insert(
            first.clone(),
            Observed::Unavailable(rampart_model::Unavailable::access_denied(
                "guardduty:ListDetectors",
                "denied",
            )),
        );
        let mut baseline = Baseline::default();
        baseline.services.guardduty = true;
        let p = plan(&baseline, &snap, &PlanOptions::default());
        let got = paid(&snap, &baseline);
        assert!(!got[0].1.contains(&first));
        assert!(
            p.unreadable.iter().any(|u| u.contains(&first)),
            "{:?}",
            p.unreadable
        );
    }
}
