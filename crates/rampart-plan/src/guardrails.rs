//! Guardrails that are free and cannot break anything: EBS encryption by default in every
//! enabled Region where it is off (it changes only volumes created afterwards).

use rampart_model::{check_ids, Observed};
use serde_json::json;

use crate::action::{Call, Op};
use crate::planning::{Draft, Planning};

pub(crate) fn plan(cx: &mut Planning<'_>) {
    let by_region = match cx.snap.guardrails.ebs_by_region() {
        Ok(r) => r,
        Err(u) => {
            cx.unreadable("EBS encryption by default", u);
            return;
        }
    };
    let mut off = Vec::new();
    for (region, setting) in by_region {
        match setting {
            Observed::Known(true) => {}
            Observed::Known(false) => off.push(region.to_owned()),
            Observed::Unavailable(u) => {
                cx.unreadable(&format!("EBS encryption by default in {region}"), &u);
            }
        }
    }
    if off.is_empty() {
        return;
    }
    let n = off.len();
    cx.push(Draft {
        kind: "ebs-default-encryption",
        resource: "account".to_owned(),
        title: format!(
            "EBS encryption by default in {n} Region{}",
            if n == 1 { "" } else { "s" }
        ),
        op: Op::Update,
        resolves: &[check_ids::EBS_DEFAULT_ENCRYPTION_OFF],
        before: json!({ "off_in": off }),
        after: json!({ "off_in": [] }),
        call: Call::EnableEbsEncryptionByDefault { regions: off },
    });
}

#[cfg(test)]
mod tests {
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
}
