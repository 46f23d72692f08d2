//! Cost alerts: a monthly cost budget when `[billing] monthly_budget_usd` is set, and a Cost
//! Anomaly Detection monitor with a daily subscription, both mailing `[alerts] emails`. Both
//! are free. Each is planned only when no existing alert of its kind reaches a person, decided
//! by the same outcome the checks report; one that cannot be decided is left as it is and
//! named. An alert of rampart's own name that exists and still reaches nobody is never
//! rewritten: it becomes a manual step.

use rampart_model::check_ids;
use rampart_model::cost_alerts::{
    anomaly_alerts, budget_alerts, outcome, Outcome, ANOMALY_PRINCIPAL, BUDGETS_PRINCIPAL,
};
use serde_json::json;

use crate::action::{Call, Op};
use crate::manual::manual;
use crate::planning::{Draft, Planning};

/// The budget `apply` creates.
pub const BUDGET_NAME: &str = "rampart-monthly-cost";
/// The AWS services monitor `apply` creates where the account has none.
pub const MONITOR_NAME: &str = "rampart-services";
/// The anomaly subscription `apply` creates.
pub const SUBSCRIPTION_NAME: &str = "rampart-cost-anomalies";
/// The smallest anomaly, in US dollars of total impact, the subscription mails about.
pub const ANOMALY_THRESHOLD_USD: u32 = 10;

const BUDGETS_PAGE: &str = "https://console.aws.amazon.com/costmanagement/home#/budgets";
const ANOMALIES_PAGE: &str =
    "https://console.aws.amazon.com/costmanagement/home#/anomaly-detection/overview";

/// Whether the alerts reach nobody, for sure: `None` when they do or it cannot be told (the
/// latter named as unreadable).
fn nobody_reached(cx: &mut Planning<'_>, what: &str, o: Outcome<'_>) -> bool {
    match o {
        Outcome::Reaches { .. } => false,
        Outcome::Undecided(gap, _) => {
            let text = match gap {
                rampart_model::Gap::Fact(u) => format!("{what}: {}", u.describe()),
                rampart_model::Gap::Absent(why) => format!("{what}: {why}"),
            };
            cx.unreadable_text(text);
            false
        }
        Outcome::Broken(_) => true,
    }
}

pub(crate) fn plan_budget(cx: &mut Planning<'_>) {
    let Some(limit) = cx.baseline.billing.monthly_budget_usd else {
        return;
    };
    let facts = &cx.snap.cost_alerts;
    let account = cx.snap.account_id.clone();
    let alerts = match budget_alerts(facts, &account, cx.snap.taken_at) {
        Ok(a) => a,
        Err(u) => {
            let u = u.clone();
            cx.unreadable("budgets", &u);
            return;
        }
    };
    let o = outcome(facts, &alerts, BUDGETS_PRINCIPAL, &account);
    let exists = facts
        .budgets
        .known()
        .is_some_and(|b| b.iter().any(|b| b.name == BUDGET_NAME));
    if !nobody_reached(cx, "whether a budget alerts anyone", o) {
        return;
    }
    let emails = cx.baseline.alerts.emails.clone();
    if exists || emails.is_empty() {
        let first = if exists {
            format!("Open the budget `{BUDGET_NAME}`, which alerts nobody, and give it a notification for actual spending over 80 % with an e-mail subscriber")
        } else {
            "Set `alerts.emails` in rampart.toml and run `rampart apply` again, or create a monthly cost budget that mails you yourself".to_owned()
        };
        manual(
            cx,
            "budget",
            "a cost budget that alerts someone",
            &[check_ids::NO_BUDGET_ALERT],
            vec![first],
            BUDGETS_PAGE,
        );
        return;
    }
    cx.push(Draft {
        kind: "budget",
        resource: BUDGET_NAME.to_owned(),
        title: format!("monthly cost budget `{BUDGET_NAME}` of {limit} USD, mailing at 80 % and on a forecast over 100 %"),
        op: Op::Create,
        resolves: &[check_ids::NO_BUDGET_ALERT],
        before: serde_json::Value::Null,
        after: json!({ "limit_usd": limit, "emails": emails }),
        call: Call::CreateBudget {
            name: BUDGET_NAME.to_owned(),
            limit_usd: limit,
            emails,
        },
    });
}

pub(crate) fn plan_anomalies(cx: &mut Planning<'_>) {
    let emails = cx.baseline.alerts.emails.clone();
    if emails.is_empty() {
        return;
    }
    let facts = &cx.snap.cost_alerts;
    let alerts = match anomaly_alerts(facts) {
        Ok(a) => a,
        Err(u) => {
            let u = u.clone();
            cx.unreadable("cost anomaly monitors and subscriptions", &u);
            return;
        }
    };
    let account = cx.snap.account_id.clone();
    let o = outcome(facts, &alerts, ANOMALY_PRINCIPAL, &account);
    let exists = facts
        .anomaly_subscriptions
        .known()
        .is_some_and(|s| s.iter().any(|s| s.name == SUBSCRIPTION_NAME));
    let monitor = facts
        .anomaly_monitors
        .known()
        .and_then(|m| m.iter().find(|m| m.kind == "DIMENSIONAL"))
        .map(|m| m.name.clone());
    if !nobody_reached(cx, "whether a cost anomaly alert reaches anyone", o) {
        return;
    }
    if exists {
        manual(
            cx,
            "cost-anomaly-alert",
            "a cost anomaly alert that reaches someone",
            &[check_ids::NO_COST_ANOMALY_ALERT],
            vec![format!("Open the subscription `{SUBSCRIPTION_NAME}`, which alerts nobody: give it an e-mail subscriber and a monitor that exists")],
            ANOMALIES_PAGE,
        );
        return;
    }
    let title = match &monitor {
        Some(m) => format!("daily cost anomaly alert `{SUBSCRIPTION_NAME}` on the monitor `{m}`, for anomalies of {ANOMALY_THRESHOLD_USD} USD or more"),
        None => format!("AWS services cost monitor `{MONITOR_NAME}` and its daily alert `{SUBSCRIPTION_NAME}`, for anomalies of {ANOMALY_THRESHOLD_USD} USD or more"),
    };
    cx.push(Draft {
        kind: "cost-anomaly-alert",
        resource: SUBSCRIPTION_NAME.to_owned(),
        title,
        op: Op::Create,
        resolves: &[check_ids::NO_COST_ANOMALY_ALERT],
        before: serde_json::Value::Null,
        after: json!({
            "monitor": monitor.clone().unwrap_or_else(|| MONITOR_NAME.to_owned()),
            "emails": emails,
            "threshold_usd": ANOMALY_THRESHOLD_USD,
        }),
        call: Call::CreateCostAnomalyAlert {
            monitor: MONITOR_NAME.to_owned(),
            subscription: SUBSCRIPTION_NAME.to_owned(),
            emails,
            threshold_usd: ANOMALY_THRESHOLD_USD,
        },
    });
}

#[cfg(test)]
mod tests;
