//! Cost alerts moto does not serve whole, kept in memory per account: AWS Budgets with their
//! notifications and subscribers (moto keeps subscribers but has no
//! `DescribeSubscribersForNotification`, so the whole API is answered here, from one state),
//! and Cost Anomaly Detection's monitors and subscriptions (`ce`), which moto lacks. The
//! rules the real APIs enforce and rampart relies on are kept: a budget's name is unique, a
//! notification's subscribers number 1 to 11, an anomaly subscription with SNS subscribers is
//! `IMMEDIATE` and one with e-mail subscribers is not, an account has at most one AWS services
//! monitor.

// Errors here are finished HTTP answers, built at most once per request of a test endpoint;
// boxing them would buy nothing.
#![allow(clippy::result_large_err)]

use hyper::StatusCode;
use serde_json::{json, Value};

use super::errors::{json, json_error, Reply};
use super::state::AccountState;

/// One budget: its definition and its notifications, each with its subscribers.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    pub budget: Value,
    pub notifications: Vec<(Value, Vec<Value>)>,
}

fn invalid(message: &str) -> Reply {
    json_error(
        StatusCode::BAD_REQUEST,
        "InvalidParameterException",
        message,
    )
}

fn not_found(message: &str) -> Reply {
    json_error(StatusCode::BAD_REQUEST, "NotFoundException", message)
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

fn list(v: &Value, key: &str) -> Vec<Value> {
    v.get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// `AWSBudgetServiceGateway.<op>`.
pub(crate) fn budgets(state: &mut AccountState, op: &str, req: &Value) -> Reply {
    let result = match op {
        "CreateBudget" => create_budget(state, req),
        "DescribeBudgets" => Ok(json(&json!({
            "Budgets": state.budgets.iter().map(|b| b.budget.clone()).collect::<Vec<_>>()
        }))),
        "DeleteBudget" => find(state, req).map(|i| {
            state.budgets.remove(i);
            json(&json!({}))
        }),
        "DescribeNotificationsForBudget" => find(state, req).map(|i| {
            let notes: Vec<Value> = state.budgets[i]
                .notifications
                .iter()
                .map(|(n, _)| n.clone())
                .collect();
            json(&json!({ "Notifications": notes }))
        }),
        "DescribeSubscribersForNotification" => find(state, req).and_then(|i| {
            let wanted = req.get("Notification").cloned().unwrap_or_default();
            state.budgets[i]
                .notifications
                .iter()
                .find(|(n, _)| same_notification(n, &wanted))
                .map(|(_, subs)| json(&json!({ "Subscribers": subs })))
                .ok_or_else(|| not_found("the notification does not exist"))
        }),
        "CreateNotification" => find(state, req).and_then(|i| {
            let note = notification(req.get("Notification").unwrap_or(&Value::Null))?;
            let subs = subscribers(&list(req, "Subscribers"))?;
            let kept = &mut state.budgets[i].notifications;
            if kept.iter().any(|(n, _)| same_notification(n, &note)) {
                return Err(json_error(
                    StatusCode::BAD_REQUEST,
                    "DuplicateRecordException",
                    "the notification exists already",
                ));
            }
            kept.push((note, subs));
            Ok(json(&json!({})))
        }),
        "CreateSubscriber" => find(state, req).and_then(|i| {
            let wanted = req.get("Notification").cloned().unwrap_or_default();
            let sub = subscribers(&[req.get("Subscriber").cloned().unwrap_or_default()])?;
            let (_, subs) = state.budgets[i]
                .notifications
                .iter_mut()
                .find(|(n, _)| same_notification(n, &wanted))
                .ok_or_else(|| not_found("the notification does not exist"))?;
            subs.extend(sub);
            Ok(json(&json!({})))
        }),
        other => Err(invalid(&format!(
            "operation {other} is not supported by this endpoint"
        ))),
    };
    result.unwrap_or_else(|e| e)
}

fn find(state: &AccountState, req: &Value) -> Result<usize, Reply> {
    let name = text(req, "BudgetName").ok_or_else(|| invalid("BudgetName is required"))?;
    state
        .budgets
        .iter()
        .position(|b| text(&b.budget, "BudgetName") == Some(name))
        .ok_or_else(|| {
            not_found(&format!(
                "Unable to get budget: {name} - the budget doesn't exist."
            ))
        })
}

fn create_budget(state: &mut AccountState, req: &Value) -> Result<Reply, Reply> {
    let budget = req
        .get("Budget")
        .ok_or_else(|| invalid("Budget is required"))?;
    let name = text(budget, "BudgetName").ok_or_else(|| invalid("BudgetName is required"))?;
    for (key, allowed) in [
        (
            "TimeUnit",
            &["DAILY", "MONTHLY", "QUARTERLY", "ANNUALLY"][..],
        ),
        (
            "BudgetType",
            &[
                "USAGE",
                "COST",
                "RI_UTILIZATION",
                "RI_COVERAGE",
                "SAVINGS_PLANS_UTILIZATION",
                "SAVINGS_PLANS_COVERAGE",
            ][..],
        ),
    ] {
        match text(budget, key) {
            Some(v) if allowed.contains(&v) => {}
            _ => return Err(invalid(&format!("{key} must be one of {allowed:?}"))),
        }
    }
    if state
        .budgets
        .iter()
        .any(|b| text(&b.budget, "BudgetName") == Some(name))
    {
        return Err(json_error(
            StatusCode::BAD_REQUEST,
            "DuplicateRecordException",
            &format!("Error creating budget: {name} - the budget already exists."),
        ));
    }
    let mut notifications = Vec::new();
    for n in list(req, "NotificationsWithSubscribers") {
        let note = notification(n.get("Notification").unwrap_or(&Value::Null))?;
        notifications.push((note, subscribers(&list(&n, "Subscribers"))?));
    }
    state.budgets.push(Budget {
        budget: budget.clone(),
        notifications,
    });
    Ok(json(&json!({})))
}

fn notification(n: &Value) -> Result<Value, Reply> {
    for (key, allowed) in [
        ("NotificationType", &["ACTUAL", "FORECASTED"][..]),
        (
            "ComparisonOperator",
            &["GREATER_THAN", "LESS_THAN", "EQUAL_TO"][..],
        ),
    ] {
        match text(n, key) {
            Some(v) if allowed.contains(&v) => {}
            _ => {
                return Err(invalid(&format!(
                    "Notification.{key} must be one of {allowed:?}"
                )))
            }
        }
    }
    if !n.get("Threshold").is_some_and(Value::is_number) {
        return Err(invalid("Notification.Threshold is required"));
    }
    let mut out = n.clone();
    if text(n, "ThresholdType").is_none() {
        out["ThresholdType"] = json!("PERCENTAGE");
    }
    out["NotificationState"] = json!("OK");
    Ok(out)
}

fn same_notification(a: &Value, b: &Value) -> bool {
    let key = |v: &Value| {
        (
            text(v, "NotificationType").map(str::to_owned),
            text(v, "ComparisonOperator").map(str::to_owned),
            v.get("Threshold").and_then(Value::as_f64),
            text(v, "ThresholdType").unwrap_or("PERCENTAGE").to_owned(),
        )
    };
    key(a) == key(b)
}

fn subscribers(subs: &[Value]) -> Result<Vec<Value>, Reply> {
    if !(1..=11).contains(&subs.len()) {
        return Err(invalid("a notification has between 1 and 11 subscribers"));
    }
    for s in subs {
        match (text(s, "SubscriptionType"), text(s, "Address")) {
            (Some("EMAIL" | "SNS"), Some(_)) => {}
            _ => {
                return Err(invalid(
                    "a subscriber has a SubscriptionType (EMAIL or SNS) and an Address",
                ))
            }
        }
    }
    Ok(subs.to_vec())
}

/// `AWSInsightsIndexService.<op>`: Cost Anomaly Detection's monitors and subscriptions.
pub(crate) fn anomalies(state: &mut AccountState, account: &str, op: &str, req: &Value) -> Reply {
    let result = match op {
        "CreateAnomalyMonitor" => create_monitor(state, account, req),
        "GetAnomalyMonitors" => Ok(json(&json!({ "AnomalyMonitors": state.anomaly_monitors }))),
        "DeleteAnomalyMonitor" => {
            let arn = text(req, "MonitorArn").unwrap_or_default().to_owned();
            let before = state.anomaly_monitors.len();
            state
                .anomaly_monitors
                .retain(|m| text(m, "MonitorArn") != Some(&arn));
            if state.anomaly_monitors.len() == before {
                Err(json_error(
                    StatusCode::BAD_REQUEST,
                    "UnknownMonitorException",
                    "no such monitor",
                ))
            } else {
                Ok(json(&json!({})))
            }
        }
        "CreateAnomalySubscription" => create_subscription(state, account, req),
        "GetAnomalySubscriptions" => Ok(json(
            &json!({ "AnomalySubscriptions": state.anomaly_subscriptions }),
        )),
        other => Err(invalid(&format!(
            "operation {other} is not supported by this endpoint"
        ))),
    };
    result.unwrap_or_else(|e| e)
}

fn create_monitor(state: &mut AccountState, account: &str, req: &Value) -> Result<Reply, Reply> {
    let m = req
        .get("AnomalyMonitor")
        .ok_or_else(|| invalid("AnomalyMonitor is required"))?;
    text(m, "MonitorName").ok_or_else(|| invalid("MonitorName is required"))?;
    let kind = text(m, "MonitorType").unwrap_or_default();
    match kind {
        "DIMENSIONAL" if text(m, "MonitorDimension") == Some("SERVICE") => {
            let services = |v: &Value| text(v, "MonitorType") == Some("DIMENSIONAL");
            if state.anomaly_monitors.iter().any(services) {
                return Err(invalid("an account has at most one AWS services monitor"));
            }
        }
        "DIMENSIONAL" => {
            return Err(invalid(
                "a DIMENSIONAL monitor has MonitorDimension SERVICE",
            ))
        }
        "CUSTOM" => {}
        _ => return Err(invalid("MonitorType must be DIMENSIONAL or CUSTOM")),
    }
    let arn = format!(
        "arn:aws:ce::{account}:anomalymonitor/{:08x}-rampart-test",
        state.anomaly_monitors.len() + 1
    );
    let mut kept = m.clone();
    kept["MonitorArn"] = json!(arn);
    kept["CreationDate"] = json!(chrono::Utc::now().format("%Y-%m-%d").to_string());
    state.anomaly_monitors.push(kept);
    Ok(json(&json!({ "MonitorArn": arn })))
}

fn create_subscription(
    state: &mut AccountState,
    account: &str,
    req: &Value,
) -> Result<Reply, Reply> {
    let s = req
        .get("AnomalySubscription")
        .ok_or_else(|| invalid("AnomalySubscription is required"))?;
    text(s, "SubscriptionName").ok_or_else(|| invalid("SubscriptionName is required"))?;
    let frequency = text(s, "Frequency").unwrap_or_default();
    if !["DAILY", "IMMEDIATE", "WEEKLY"].contains(&frequency) {
        return Err(invalid("Frequency must be DAILY, IMMEDIATE or WEEKLY"));
    }
    let monitors = list(s, "MonitorArnList");
    let known = |arn: &Value| {
        state
            .anomaly_monitors
            .iter()
            .any(|m| m.get("MonitorArn") == Some(arn))
    };
    if monitors.is_empty() || !monitors.iter().all(known) {
        return Err(json_error(
            StatusCode::BAD_REQUEST,
            "UnknownMonitorException",
            "MonitorArnList names no existing monitor",
        ));
    }
    let subs = list(s, "Subscribers");
    if subs.is_empty() {
        return Err(invalid("Subscribers is required"));
    }
    for sub in &subs {
        match (text(sub, "Type"), frequency) {
            (Some("SNS"), "IMMEDIATE") | (Some("EMAIL"), "DAILY" | "WEEKLY") => {}
            (Some("SNS"), _) => {
                return Err(invalid("SNS subscribers need the IMMEDIATE frequency"))
            }
            (Some("EMAIL"), _) => {
                return Err(invalid("IMMEDIATE alerts go to SNS subscribers only"))
            }
            _ => return Err(invalid("a subscriber's Type is EMAIL or SNS")),
        }
    }
    let arn = format!(
        "arn:aws:ce::{account}:anomalysubscription/{:08x}-rampart-test",
        state.anomaly_subscriptions.len() + 1
    );
    let mut kept = s.clone();
    kept["SubscriptionArn"] = json!(arn);
    kept["AccountId"] = json!(account);
    state.anomaly_subscriptions.push(kept);
    Ok(json(&json!({ "SubscriptionArn": arn })))
}
