use rampart_model::{Observed, Snapshot, Unavailable};

use super::{BUDGET_NAME, MONITOR_NAME, SUBSCRIPTION_NAME};
use crate::{plan, Baseline, Call, Plan, PlanOptions};

fn example(text: &str) -> Snapshot {
    Snapshot::from_json(text).expect("example loads")
}

fn brand_new() -> Snapshot {
    example(include_str!("../../../../examples/brand-new.json"))
}

fn configured() -> Baseline {
    let mut b = Baseline::default();
    b.billing.monthly_budget_usd = Some(250);
    b.alerts.emails = vec!["security@example.com".into()];
    b
}

fn calls(p: &Plan) -> Vec<&Call> {
    p.actions
        .iter()
        .filter(|a| a.kind == "budget" || a.kind == "cost-anomaly-alert")
        .map(|a| &a.call)
        .collect()
}

#[test]
fn a_new_account_gets_a_budget_and_an_anomaly_alert_once_configured() {
    let p = plan(&configured(), &brand_new(), &PlanOptions::default());
    assert_eq!(
        calls(&p),
        [
            &Call::CreateBudget {
                name: BUDGET_NAME.into(),
                limit_usd: 250,
                emails: vec!["security@example.com".into()],
            },
            &Call::CreateCostAnomalyAlert {
                monitor: MONITOR_NAME.into(),
                subscription: SUBSCRIPTION_NAME.into(),
                emails: vec!["security@example.com".into()],
                threshold_usd: 10,
            },
        ]
    );
    let unset = plan(&Baseline::default(), &brand_new(), &PlanOptions::default());
    assert!(calls(&unset).is_empty());
}

#[test]
fn alerts_that_reach_someone_are_left_alone() {
    let hardened = example(include_str!("../../../../examples/hardened.json"));
    assert!(calls(&plan(&configured(), &hardened, &PlanOptions::default())).is_empty());
}

#[test]
fn rampart_s_own_budget_that_alerts_nobody_becomes_a_manual_step() {
    let mut snap = brand_new();
    snap.cost_alerts.budgets = Observed::Known(vec![rampart_model::cost_alerts::Budget {
        name: BUDGET_NAME.into(),
        kind: "COST".into(),
        ends: None,
        notifications: vec![],
    }]);
    let p = plan(&configured(), &snap, &PlanOptions::default());
    let step = p
        .actions
        .iter()
        .find(|a| a.resource == "budget")
        .expect("a manual step");
    assert!(matches!(step.call, Call::Manual { .. }), "{:?}", step.call);
    assert!(!calls(&p)
        .iter()
        .any(|c| matches!(c, Call::CreateBudget { .. })));
}

#[test]
fn budgets_not_read_are_named_and_nothing_is_created() {
    let mut snap = brand_new();
    snap.cost_alerts.budgets =
        Observed::Unavailable(Unavailable::access_denied("budgets:ViewBudget", "denied"));
    let p = plan(&configured(), &snap, &PlanOptions::default());
    assert!(!calls(&p)
        .iter()
        .any(|c| matches!(c, Call::CreateBudget { .. })));
    assert!(
        p.unreadable.iter().any(|u| u.contains("budgets")),
        "{:?}",
        p.unreadable
    );
}
