//! The cost alert facts: every budget with its notifications and their subscribers, Cost
//! Anomaly Detection's monitors and subscriptions, and the SNS topics those subscribers name.
//! Both APIs are global and answer in `us-east-1`. Budgets cost one request, plus one per
//! budget and one per notification; anomalies two; topics as the alerting facts read them.

use std::collections::BTreeSet;

use rampart_model::cost_alerts::{
    AnomalyMonitor, AnomalySubscription, Budget, BudgetNotification, CostAlertFacts, Subscriber,
};
use rampart_model::{Observed, Unavailable};

use crate::clients::{Clients, US_EAST_1};
use crate::concurrent::join_all;
use crate::paging::all_pages;

/// The IAM action behind every Budgets read.
const VIEW_BUDGET: &str = "budgets:ViewBudget";

/// Reads the facts `budgets` and `anomalies` ask for; a part not asked for is skipped.
pub(crate) async fn collect(
    clients: &Clients,
    account_id: &str,
    budgets: bool,
    anomalies: bool,
) -> CostAlertFacts {
    fn skipped<T>(what: &str) -> Observed<T> {
        Observed::Unavailable(crate::collect::skipped(what))
    }
    let (read_budgets, (monitors, subscriptions)) = tokio::join!(
        async {
            if budgets {
                self::budgets(clients, account_id).await
            } else {
                skipped("budgets")
            }
        },
        async {
            if anomalies {
                tokio::join!(monitors(clients), subscriptions(clients))
            } else {
                (
                    skipped("anomaly monitors"),
                    skipped("anomaly subscriptions"),
                )
            }
        },
    );
    let named: BTreeSet<String> = read_budgets
        .known()
        .into_iter()
        .flatten()
        .flat_map(|b: &Budget| b.notifications.iter().flat_map(|n| n.subscribers.iter()))
        .chain(
            subscriptions
                .known()
                .into_iter()
                .flatten()
                .flat_map(|s: &AnomalySubscription| s.subscribers.iter()),
        )
        .filter(|s| s.kind == "SNS" && rampart_model::arn::account(&s.address) == Some(account_id))
        .map(|s| s.address.clone())
        .collect();
    let tasks: Vec<_> = named
        .into_iter()
        .map(|arn| {
            let clients = clients.clone();
            async move { crate::alerting::topic(&clients, arn).await }
        })
        .collect();
    let mut topics = Vec::new();
    let mut failed = None;
    for read in join_all(tasks).await {
        match crate::concurrent::flatten(read) {
            Observed::Known(t) => topics.push(t),
            Observed::Unavailable(u) => {
                failed.get_or_insert(u);
            }
        }
    }
    CostAlertFacts {
        budgets: read_budgets,
        anomaly_monitors: monitors,
        anomaly_subscriptions: subscriptions,
        topics: failed.map_or(Observed::Known(topics), Observed::Unavailable),
    }
}

async fn budgets(clients: &Clients, account_id: &str) -> Observed<Vec<Budget>> {
    let client = clients.budgets(US_EAST_1);
    let pages = match all_pages(
        VIEW_BUDGET,
        |token| {
            client
                .describe_budgets()
                .account_id(account_id)
                .set_next_token(token)
                .send()
        },
        aws_sdk_budgets::operation::describe_budgets::DescribeBudgetsOutput::next_token,
    )
    .await
    {
        Ok(p) => p,
        Err(u) => return Observed::Unavailable(u),
    };
    let listed: Vec<(String, String, Option<chrono::DateTime<chrono::Utc>>)> = pages
        .iter()
        .flat_map(aws_sdk_budgets::operation::describe_budgets::DescribeBudgetsOutput::budgets)
        .map(|b| {
            let ends = b
                .time_period()
                .and_then(|p| p.end())
                .and_then(|t| chrono::DateTime::from_timestamp(t.secs(), 0));
            (
                b.budget_name().to_owned(),
                b.budget_type().as_str().to_owned(),
                ends,
            )
        })
        .collect();
    let mut out = Vec::new();
    for (name, kind, ends) in listed {
        match notifications(&client, account_id, &name).await {
            Ok(notifications) => out.push(Budget {
                name,
                kind,
                ends,
                notifications,
            }),
            Err(u) => return Observed::Unavailable(u),
        }
    }
    Observed::Known(out)
}

async fn notifications(
    client: &aws_sdk_budgets::Client,
    account_id: &str,
    budget: &str,
) -> Result<Vec<BudgetNotification>, Unavailable> {
    use aws_sdk_budgets::operation::describe_notifications_for_budget::DescribeNotificationsForBudgetOutput as Out;
    let pages = all_pages(
        VIEW_BUDGET,
        |token| {
            client
                .describe_notifications_for_budget()
                .account_id(account_id)
                .budget_name(budget)
                .set_next_token(token)
                .send()
        },
        Out::next_token,
    )
    .await?;
    let mut out = Vec::new();
    for n in pages.iter().flat_map(Out::notifications) {
        use aws_sdk_budgets::operation::describe_subscribers_for_notification::DescribeSubscribersForNotificationOutput as Subs;
        let subs = all_pages(
            VIEW_BUDGET,
            |token| {
                client
                    .describe_subscribers_for_notification()
                    .account_id(account_id)
                    .budget_name(budget)
                    .notification(n.clone())
                    .set_next_token(token)
                    .send()
            },
            Subs::next_token,
        )
        .await?;
        out.push(BudgetNotification {
            kind: n.notification_type().as_str().to_owned(),
            comparison: n.comparison_operator().as_str().to_owned(),
            threshold: n.threshold(),
            threshold_type: n
                .threshold_type()
                .map_or("PERCENTAGE", aws_sdk_budgets::types::ThresholdType::as_str)
                .to_owned(),
            subscribers: subs
                .iter()
                .flat_map(Subs::subscribers)
                .map(|s| Subscriber {
                    kind: s.subscription_type().as_str().to_owned(),
                    address: s.address().to_owned(),
                    status: None,
                })
                .collect(),
        });
    }
    Ok(out)
}

async fn monitors(clients: &Clients) -> Observed<Vec<AnomalyMonitor>> {
    use aws_sdk_costexplorer::operation::get_anomaly_monitors::GetAnomalyMonitorsOutput as Out;
    let client = clients.ce(US_EAST_1);
    match all_pages(
        "ce:GetAnomalyMonitors",
        |token| {
            client
                .get_anomaly_monitors()
                .set_next_page_token(token)
                .send()
        },
        Out::next_page_token,
    )
    .await
    {
        Ok(pages) => Observed::Known(
            pages
                .iter()
                .flat_map(Out::anomaly_monitors)
                .map(|m| AnomalyMonitor {
                    arn: m.monitor_arn().unwrap_or_default().to_owned(),
                    name: m.monitor_name().to_owned(),
                    kind: m.monitor_type().as_str().to_owned(),
                })
                .collect(),
        ),
        Err(u) => Observed::Unavailable(u),
    }
}

async fn subscriptions(clients: &Clients) -> Observed<Vec<AnomalySubscription>> {
    use aws_sdk_costexplorer::operation::get_anomaly_subscriptions::GetAnomalySubscriptionsOutput as Out;
    let client = clients.ce(US_EAST_1);
    match all_pages(
        "ce:GetAnomalySubscriptions",
        |token| {
            client
                .get_anomaly_subscriptions()
                .set_next_page_token(token)
                .send()
        },
        Out::next_page_token,
    )
    .await
    {
        Ok(pages) => Observed::Known(
            pages
                .iter()
                .flat_map(Out::anomaly_subscriptions)
                .map(|s| AnomalySubscription {
                    arn: s.subscription_arn().unwrap_or_default().to_owned(),
                    name: s.subscription_name().to_owned(),
                    monitors: s.monitor_arn_list().to_vec(),
                    frequency: s.frequency().as_str().to_owned(),
                    subscribers: s
                        .subscribers()
                        .iter()
                        .map(|x| Subscriber {
                            kind: x.r#type().map_or("", |t| t.as_str()).to_owned(),
                            address: x.address().unwrap_or_default().to_owned(),
                            status: x.status().map(|t| t.as_str().to_owned()),
                        })
                        .collect(),
                })
                .collect(),
        ),
        Err(u) => Observed::Unavailable(u),
    }
}
