//! Creating the cost alerts: the monthly cost budget, and the AWS services anomaly monitor
//! with its daily subscription. Both APIs answer in `us-east-1`. A create whose earlier
//! attempt already took effect (its answer lost) finds its work done.

use crate::clients::{Clients, US_EAST_1};
use crate::errors::has_code;

use super::call::CallError;

/// Creates the monthly `COST` budget `name` of `limit_usd`, mailing `emails` when actual
/// spending passes 80 % and when the forecast passes 100 %.
pub(crate) async fn budget(
    clients: &Clients,
    account_id: &str,
    name: &str,
    limit_usd: u64,
    emails: &[String],
) -> Result<(), CallError> {
    use aws_sdk_budgets::types::{
        Budget, BudgetType, ComparisonOperator, Notification, NotificationType,
        NotificationWithSubscribers, Spend, Subscriber, SubscriptionType, ThresholdType, TimeUnit,
    };
    let built = |e: aws_sdk_budgets::error::BuildError| {
        CallError::other("budgets:CreateBudget", e.to_string())
    };
    let subscribers: Vec<Subscriber> = emails
        .iter()
        .map(|e| {
            Subscriber::builder()
                .subscription_type(SubscriptionType::Email)
                .address(e)
                .build()
        })
        .collect::<Result<_, _>>()
        .map_err(built)?;
    let notify = |kind: NotificationType, threshold: f64| {
        Notification::builder()
            .notification_type(kind)
            .comparison_operator(ComparisonOperator::GreaterThan)
            .threshold(threshold)
            .threshold_type(ThresholdType::Percentage)
            .build()
            .and_then(|n| {
                NotificationWithSubscribers::builder()
                    .notification(n)
                    .set_subscribers(Some(subscribers.clone()))
                    .build()
            })
    };
    let spend = Spend::builder()
        .amount(limit_usd.to_string())
        .unit("USD")
        .build()
        .map_err(built)?;
    let definition = Budget::builder()
        .budget_name(name)
        .budget_limit(spend)
        .time_unit(TimeUnit::Monthly)
        .budget_type(BudgetType::Cost)
        .build()
        .map_err(built)?;
    let result = clients
        .budgets(US_EAST_1)
        .create_budget()
        .account_id(account_id)
        .budget(definition)
        .notifications_with_subscribers(notify(NotificationType::Actual, 80.0).map_err(built)?)
        .notifications_with_subscribers(notify(NotificationType::Forecasted, 100.0).map_err(built)?)
        .send()
        .await;
    match result {
        Ok(_) => Ok(()),
        Err(e) if has_code(&e, "DuplicateRecordException") => Ok(()),
        Err(e) => Err(CallError::sdk("budgets:CreateBudget", &e)),
    }
}

/// Finds the account's AWS services monitor, or creates it as `monitor`, then creates the
/// daily subscription `subscription` on it mailing `emails` about anomalies of
/// `threshold_usd` or more (unless one of that name exists already).
pub(crate) async fn anomaly_alert(
    clients: &Clients,
    monitor: &str,
    subscription: &str,
    emails: &[String],
    threshold_usd: u32,
) -> Result<(), CallError> {
    use aws_sdk_costexplorer::types::{
        AnomalyMonitor, AnomalySubscription, AnomalySubscriptionFrequency, Dimension,
        DimensionValues, Expression, MatchOption, MonitorDimension, MonitorType, Subscriber,
        SubscriberType,
    };
    let ce = clients.ce(US_EAST_1);
    let built = |e: aws_sdk_costexplorer::error::BuildError| {
        CallError::other("ce:CreateAnomalySubscription", e.to_string())
    };
    let monitors = ce
        .get_anomaly_monitors()
        .send()
        .await
        .map_err(|e| CallError::sdk("ce:GetAnomalyMonitors", &e))?;
    let existing = monitors
        .anomaly_monitors()
        .iter()
        .find(|m| m.monitor_type() == &MonitorType::Dimensional)
        .and_then(|m| m.monitor_arn().map(str::to_owned));
    let monitor_arn = match existing {
        Some(arn) => arn,
        None => {
            let m = AnomalyMonitor::builder()
                .monitor_name(monitor)
                .monitor_type(MonitorType::Dimensional)
                .monitor_dimension(MonitorDimension::Service)
                .build()
                .map_err(built)?;
            ce.create_anomaly_monitor()
                .anomaly_monitor(m)
                .send()
                .await
                .map_err(|e| CallError::sdk("ce:CreateAnomalyMonitor", &e))?
                .monitor_arn()
                .to_owned()
        }
    };
    let subscriptions = ce
        .get_anomaly_subscriptions()
        .send()
        .await
        .map_err(|e| CallError::sdk("ce:GetAnomalySubscriptions", &e))?;
    if subscriptions
        .anomaly_subscriptions()
        .iter()
        .any(|s| s.subscription_name() == subscription)
    {
        return Ok(());
    }
    let threshold = Expression::builder()
        .dimensions(
            DimensionValues::builder()
                .key(Dimension::AnomalyTotalImpactAbsolute)
                .match_options(MatchOption::GreaterThanOrEqual)
                .values(threshold_usd.to_string())
                .build(),
        )
        .build();
    let subscribers = emails
        .iter()
        .map(|e| {
            Subscriber::builder()
                .r#type(SubscriberType::Email)
                .address(e)
                .build()
        })
        .collect();
    let s = AnomalySubscription::builder()
        .subscription_name(subscription)
        .monitor_arn_list(monitor_arn)
        .set_subscribers(Some(subscribers))
        .frequency(AnomalySubscriptionFrequency::Daily)
        .threshold_expression(threshold)
        .build()
        .map_err(built)?;
    ce.create_anomaly_subscription()
        .anomaly_subscription(s)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| CallError::sdk("ce:CreateAnomalySubscription", &e))
}
