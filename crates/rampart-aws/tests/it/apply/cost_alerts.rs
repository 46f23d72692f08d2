//! Cost alerts against the gap endpoint's Budgets and Cost Anomaly Detection (moto serves
//! neither whole): a new account fails both checks, `apply` with the settings makes both pass
//! and the plan empty; a budget that mails an SNS topic counts only once the topic lets AWS
//! Budgets publish; a refused read is unknown.

use rampart_aws::apply::apply;
use rampart_aws::NoProgress;
use rampart_model::Status;
use rampart_plan::{plan, Baseline, PlanOptions};
use rampart_testkit::Fault;

use super::test_support::{connection, snapshot};

fn verdict(snap: &rampart_model::Snapshot, id: &str) -> (Status, String) {
    let f = rampart_checks::evaluate(
        snap,
        &rampart_checks::AuditConfig::default(),
        &rampart_checks::Selection::default(),
    )
    .into_iter()
    .find(|f| f.check_id == id)
    .expect("a finding");
    (f.status, f.message)
}

fn configured() -> Baseline {
    let mut b = Baseline::default();
    b.billing.monthly_budget_usd = Some(100);
    b.alerts.emails = vec!["security@example.com".into()];
    b
}

#[tokio::test]
async fn apply_creates_the_budget_and_the_anomaly_alert_and_converges() {
    let account = rampart_testkit::new_account().await;
    let baseline = configured();
    let snap = snapshot(&account, &baseline).await;
    assert_eq!(verdict(&snap, "RMP404").0, Status::Fail);
    assert_eq!(verdict(&snap, "RMP405").0, Status::Fail);

    let p = plan(&baseline, &snap, &PlanOptions::default());
    let ours: Vec<_> = p
        .actions
        .iter()
        .filter(|a| a.kind == "budget" || a.kind == "cost-anomaly-alert")
        .cloned()
        .collect();
    assert_eq!(ours.len(), 2, "{:?}", p.actions);
    let only = rampart_plan::Plan { actions: ours, ..p };
    let out = apply(
        &connection(&account).await,
        &only,
        Some(snap),
        &PlanOptions::default(),
        &|_| {},
        &NoProgress,
    )
    .await
    .expect("applied");
    assert!(out.failed.is_none(), "{:?}", out.failed);
    assert_eq!(out.done.len(), 2);

    let snap = snapshot(&account, &baseline).await;
    let (status, message) = verdict(&snap, "RMP404");
    assert_eq!(status, Status::Pass, "{message}");
    let (status, message) = verdict(&snap, "RMP405");
    assert_eq!(status, Status::Pass, "{message}");
    let again = plan(&baseline, &snap, &PlanOptions::default());
    assert!(
        again
            .actions
            .iter()
            .all(|a| a.kind != "budget" && a.kind != "cost-anomaly-alert"),
        "{:?}",
        again.actions
    );
}

#[tokio::test]
async fn a_budget_topic_counts_once_budgets_may_publish_to_it() {
    let account = rampart_testkit::new_account().await;
    let config = account.sdk_config("us-east-1").await;
    let sns = aws_sdk_sns::Client::new(&config);
    let topic = sns
        .create_topic()
        .name("billing-alerts")
        .send()
        .await
        .expect("topic")
        .topic_arn()
        .expect("arn")
        .to_owned();
    let sub = sns
        .subscribe()
        .topic_arn(&topic)
        .protocol("email")
        .endpoint("finance@example.com")
        .return_subscription_arn(true)
        .send()
        .await
        .expect("subscription");
    assert!(sub.subscription_arn().is_some());
    let budgets = aws_sdk_budgets::Client::new(&config);
    let notification = aws_sdk_budgets::types::Notification::builder()
        .notification_type(aws_sdk_budgets::types::NotificationType::Actual)
        .comparison_operator(aws_sdk_budgets::types::ComparisonOperator::GreaterThan)
        .threshold(90.0)
        .build()
        .expect("notification");
    budgets
        .create_budget()
        .account_id(&account.account_id)
        .budget(
            aws_sdk_budgets::types::Budget::builder()
                .budget_name("monthly")
                .budget_limit(
                    aws_sdk_budgets::types::Spend::builder()
                        .amount("50")
                        .unit("USD")
                        .build()
                        .expect("spend"),
                )
                .time_unit(aws_sdk_budgets::types::TimeUnit::Monthly)
                .budget_type(aws_sdk_budgets::types::BudgetType::Cost)
                .build()
                .expect("budget"),
        )
        .notifications_with_subscribers(
            aws_sdk_budgets::types::NotificationWithSubscribers::builder()
                .notification(notification)
                .subscribers(
                    aws_sdk_budgets::types::Subscriber::builder()
                        .subscription_type(aws_sdk_budgets::types::SubscriptionType::Sns)
                        .address(&topic)
                        .build()
                        .expect("subscriber"),
                )
                .build()
                .expect("with subscribers"),
        )
        .send()
        .await
        .expect("budget");

    let baseline = Baseline::default();
    let snap = snapshot(&account, &baseline).await;
    let (status, message) = verdict(&snap, "RMP404");
    assert_eq!(status, Status::Fail, "{message}");
    assert!(message.contains("budgets.amazonaws.com"), "{message}");

    sns.set_topic_attributes()
        .topic_arn(&topic)
        .attribute_name("Policy")
        .attribute_value(format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"budgets.amazonaws.com"}},"Action":"SNS:Publish","Resource":"{topic}"}}]}}"#
        ))
        .send()
        .await
        .expect("policy");
    let snap = snapshot(&account, &baseline).await;
    let (status, message) = verdict(&snap, "RMP404");
    // moto confirms e-mail subscriptions at once, so the topic reaches a person.
    assert_eq!(status, Status::Pass, "{message}");

    account.inject(Fault::AccessDenied {
        action: "budgets:DescribeBudgets".into(),
    });
    account.inject(Fault::AccessDenied {
        action: "ce:GetAnomalyMonitors".into(),
    });
    let snap = snapshot(&account, &baseline).await;
    assert_eq!(verdict(&snap, "RMP404").0, Status::Unknown);
    assert_eq!(verdict(&snap, "RMP405").0, Status::Unknown);
}
