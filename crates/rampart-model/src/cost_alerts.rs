//! Cost alerts: AWS Budgets with their notifications, and Cost Anomaly Detection's monitors
//! and subscriptions — the Startup Security Baseline's ACCT.10 and ACCT.16 — and whether a
//! subscriber reaches a person. An e-mail subscriber does (AWS mails it directly, with no
//! confirmation, unless it declined anomaly alerts); an SNS subscriber only as far as the topic
//! carries the message, judged by the same delivery link as the monitoring alerts
//! ([`crate::alert_route::delivery`]) for the sending service.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::alert_route::delivery::{deliver, Delivery, Sender, Topics};
use crate::alerting::SnsTopic;
use crate::observed::{absent, Observed};

/// The service principal AWS Budgets publishes to SNS as.
pub const BUDGETS_PRINCIPAL: &str = "budgets.amazonaws.com";
/// The service principal Cost Anomaly Detection publishes to SNS as.
pub const ANOMALY_PRINCIPAL: &str = "costalerts.amazonaws.com";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostAlertFacts {
    /// Every budget, with its notifications and their subscribers (`budgets:ViewBudget`).
    #[serde(default = "absent")]
    pub budgets: Observed<Vec<Budget>>,
    /// Cost Anomaly Detection monitors (`ce:GetAnomalyMonitors`).
    #[serde(default = "absent")]
    pub anomaly_monitors: Observed<Vec<AnomalyMonitor>>,
    /// Cost Anomaly Detection subscriptions (`ce:GetAnomalySubscriptions`).
    #[serde(default = "absent")]
    pub anomaly_subscriptions: Observed<Vec<AnomalySubscription>>,
    /// The account's SNS topics that the subscribers above name, with their subscriptions and
    /// attributes.
    #[serde(default = "absent")]
    pub topics: Observed<Vec<SnsTopic>>,
}

impl Default for CostAlertFacts {
    /// The facts of a snapshot taken before rampart read them: absent, so unknown.
    fn default() -> Self {
        Self {
            budgets: absent(),
            anomaly_monitors: absent(),
            anomaly_subscriptions: absent(),
            topics: absent(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    pub name: String,
    /// `COST`, `USAGE`, `RI_UTILIZATION`, …
    pub kind: String,
    /// When the budget stops tracking (`TimePeriod.End`); `None` when it runs on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends: Option<chrono::DateTime<chrono::Utc>>,
    pub notifications: Vec<BudgetNotification>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetNotification {
    /// `ACTUAL` or `FORECASTED`.
    pub kind: String,
    /// `GREATER_THAN`, `LESS_THAN` or `EQUAL_TO`.
    pub comparison: String,
    pub threshold: f64,
    /// `PERCENTAGE` or `ABSOLUTE_VALUE`.
    pub threshold_type: String,
    pub subscribers: Vec<Subscriber>,
}

impl BudgetNotification {
    /// It fires when spending goes up past a threshold; not when it stays under one, nor only
    /// when it equals one (spending crosses a threshold, it seldom lands on it).
    pub fn warns_of_overspending(&self) -> bool {
        self.comparison == "GREATER_THAN"
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscriber {
    /// `EMAIL` or `SNS`.
    pub kind: String,
    /// The e-mail address or topic ARN.
    pub address: String,
    /// Anomaly subscribers only: `CONFIRMED` or `DECLINED` (an address that unsubscribed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnomalyMonitor {
    pub arn: String,
    pub name: String,
    /// `DIMENSIONAL` (AWS services) or `CUSTOM`.
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnomalySubscription {
    pub arn: String,
    pub name: String,
    pub monitors: Vec<String>,
    /// `DAILY`, `WEEKLY` or `IMMEDIATE`.
    pub frequency: String,
    pub subscribers: Vec<Subscriber>,
}

/// The topics as the delivery link reads them.
pub fn topic_index(topics: &Observed<Vec<SnsTopic>>) -> Topics<'_> {
    match topics {
        Observed::Known(list) => Ok(list
            .iter()
            .map(|t| (t.arn.as_str(), t))
            .collect::<HashMap<_, _>>()),
        Observed::Unavailable(u) => Err(u),
    }
}

/// Where `subscriber` leads, for a message `service` sends for `source_arn` from `account`.
pub fn reaches<'a>(
    topics: &Topics<'a>,
    subscriber: &Subscriber,
    service: &'static str,
    source_arn: Option<&str>,
    account: &str,
) -> Delivery<'a> {
    match subscriber.kind.as_str() {
        "EMAIL" if subscriber.status.as_deref() == Some("DECLINED") => {
            Delivery::Breaks(format!("`{}` declined the alerts", subscriber.address))
        }
        "EMAIL" => Delivery::Reaches(format!("`{}`", subscriber.address)),
        "SNS" => {
            // The topic may be in any Region: the sender publishes where the topic is.
            let region = crate::arn::region(&subscriber.address).unwrap_or_default();
            let sender = Sender {
                service,
                source_arn,
                region,
                account,
            };
            deliver(topics, &sender, &subscriber.address)
        }
        other => Delivery::Breaks(format!("a subscriber of type `{other}`")),
    }
}

/// One alert: what it is (`budget \`monthly\``), the ARN the service sends it for, and its
/// subscribers.
pub struct Alert<'a> {
    pub what: String,
    pub source_arn: Option<String>,
    pub subscribers: &'a [Subscriber],
    /// Why it cannot alert anyone whoever its subscribers are, when it cannot.
    pub broken: Option<String>,
}

/// What a set of alerts comes to.
pub enum Outcome<'a> {
    /// This alert reaches this person (described).
    Reaches {
        alert: String,
        who: String,
        address: String,
    },
    /// None does, and a fact that could decide one is missing; what broke besides.
    Undecided(crate::Gap<'a>, Vec<String>),
    /// None does, for these reasons (none: there is no alert at all).
    Broken(Vec<String>),
}

/// Whether one of `alerts`, sent by `service` from `account`, reaches a person.
pub fn outcome<'a>(
    facts: &'a CostAlertFacts,
    alerts: &[Alert<'_>],
    service: &'static str,
    account: &str,
) -> Outcome<'a> {
    let topics = topic_index(&facts.topics);
    let mut breaks = Vec::new();
    let mut gap = None;
    for alert in alerts {
        if let Some(why) = &alert.broken {
            breaks.push(format!("{} {why}", alert.what));
            continue;
        }
        if alert.subscribers.is_empty() {
            breaks.push(format!("{} has no subscriber", alert.what));
        }
        for s in alert.subscribers {
            match reaches(&topics, s, service, alert.source_arn.as_deref(), account) {
                Delivery::Reaches(who) => {
                    return Outcome::Reaches {
                        alert: alert.what.clone(),
                        who,
                        address: s.address.clone(),
                    }
                }
                Delivery::Breaks(why) => breaks.push(format!("{}: {why}", alert.what)),
                Delivery::Gap(g) => {
                    gap.get_or_insert(g);
                }
            }
        }
    }
    match gap {
        Some(g) => Outcome::Undecided(g, breaks),
        None => Outcome::Broken(breaks),
    }
}

/// The alerts of the account's cost budgets at `now` (the snapshot's time): one per
/// notification that fires on spending over a threshold; a cost budget without one, or one
/// whose time period has ended, is an alert that cannot fire. Usage, reservation and
/// savings-plan budgets are not cost alerts.
pub fn budget_alerts<'a>(
    facts: &'a CostAlertFacts,
    account: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<Alert<'a>>, &'a crate::Unavailable> {
    let budgets = facts.budgets.as_result()?;
    let mut alerts = Vec::new();
    for b in budgets.iter().filter(|b| b.kind == "COST") {
        if let Some(end) = b.ends.filter(|end| *end <= now) {
            alerts.push(Alert {
                what: format!("budget `{}`", b.name),
                source_arn: None,
                subscribers: &[],
                broken: Some(format!("ended on {}", end.format("%Y-%m-%d"))),
            });
            continue;
        }
        let arn = format!("arn:aws:budgets::{account}:budget/{}", b.name);
        let mut warned = false;
        for n in b.notifications.iter().filter(|n| n.warns_of_overspending()) {
            warned = true;
            let threshold = if n.threshold_type == "PERCENTAGE" {
                format!("{} %", n.threshold)
            } else {
                format!("{} USD", n.threshold)
            };
            alerts.push(Alert {
                what: format!(
                    "budget `{}` ({} over {threshold})",
                    b.name,
                    n.kind.to_lowercase()
                ),
                source_arn: Some(arn.clone()),
                subscribers: &n.subscribers,
                broken: None,
            });
        }
        if !warned {
            alerts.push(Alert {
                what: format!("budget `{}`", b.name),
                source_arn: None,
                subscribers: &[],
                broken: Some("has no notification for spending over it".to_owned()),
            });
        }
    }
    Ok(alerts)
}

/// The alerts of the anomaly subscriptions; one that watches no existing monitor cannot fire.
pub fn anomaly_alerts(facts: &CostAlertFacts) -> Result<Vec<Alert<'_>>, &crate::Unavailable> {
    let monitors = facts.anomaly_monitors.as_result()?;
    let subscriptions = facts.anomaly_subscriptions.as_result()?;
    Ok(subscriptions
        .iter()
        .map(|s| {
            let watched = s
                .monitors
                .iter()
                .any(|arn| monitors.iter().any(|m| &m.arn == arn));
            Alert {
                what: format!("subscription `{}`", s.name),
                source_arn: Some(s.arn.clone()),
                subscribers: &s.subscribers,
                broken: (!watched).then(|| "watches no monitor that exists".to_owned()),
            }
        })
        .collect())
}
