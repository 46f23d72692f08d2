use super::*;
use crate::test_support::{brand_new, denied, hardened, inherited, only, run};
use rampart_model::{Observed, Status};

#[test]
fn fails_without_a_cost_budget() {
    let f = only(run(&NoBudgetAlert, &brand_new()));
    assert_eq!(f.status, Status::Fail);
    assert!(f.message.contains("no cost budget"), "{}", f.message);
}

#[test]
fn fails_when_the_topic_does_not_let_budgets_publish() {
    let f = only(run(&NoBudgetAlert, &inherited()));
    assert_eq!(f.status, Status::Fail, "{}", f.message);
    assert!(f.message.contains("budgets.amazonaws.com"), "{}", f.message);
}

#[test]
fn a_topic_that_lets_budgets_publish_reaches_its_subscriber() {
    let mut snap = inherited();
    let Observed::Known(topics) = &mut snap.cost_alerts.topics else {
        panic!("topics")
    };
    let topic = &mut topics[0];
    let arn = topic.arn.clone();
    let Observed::Known(attrs) = &mut topic.attributes else {
        panic!("attributes")
    };
    attrs.policy = Some(format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"budgets.amazonaws.com"}},"Action":"SNS:Publish","Resource":"{arn}"}}]}}"#
    ));
    let f = only(run(&NoBudgetAlert, &snap));
    assert_eq!(f.status, Status::Pass, "{}", f.message);
}

#[test]
fn passes_with_an_email_subscriber_and_ignores_usage_budgets() {
    let f = only(run(&NoBudgetAlert, &hardened()));
    assert_eq!(f.status, Status::Pass, "{}", f.message);
    let mut snap = hardened();
    if let Observed::Known(b) = &mut snap.cost_alerts.budgets {
        b[0].kind = "USAGE".into();
    }
    assert_eq!(only(run(&NoBudgetAlert, &snap)).status, Status::Fail);
    let mut snap = hardened();
    if let Observed::Known(b) = &mut snap.cost_alerts.budgets {
        for n in &mut b[0].notifications {
            n.comparison = "LESS_THAN".into();
        }
    }
    let f = only(run(&NoBudgetAlert, &snap));
    assert_eq!(f.status, Status::Fail);
    assert!(f.message.contains("no notification for spending over it"), "{}", f.message);
}

#[test]
fn an_ended_budget_or_one_that_fires_only_on_equality_alerts_nobody() {
    let mut snap = hardened();
    if let Observed::Known(b) = &mut snap.cost_alerts.budgets {
        b[0].ends = Some(snap.taken_at - chrono::Duration::days(1));
    }
    let f = only(run(&NoBudgetAlert, &snap));
    assert_eq!(f.status, Status::Fail);
    assert!(f.message.contains("ended on"), "{}", f.message);
    let mut snap = hardened();
    if let Observed::Known(b) = &mut snap.cost_alerts.budgets {
        b[0].ends = Some(snap.taken_at + chrono::Duration::days(30));
        for n in &mut b[0].notifications {
            n.comparison = "EQUAL_TO".into();
        }
    }
    assert_eq!(only(run(&NoBudgetAlert, &snap)).status, Status::Fail);
}

#[test]
fn unknown_when_budgets_or_topics_cannot_be_read() {
    let mut snap = hardened();
    snap.cost_alerts.budgets = denied("budgets:ViewBudget");
    let f = only(run(&NoBudgetAlert, &snap));
    assert_eq!(f.status, Status::Unknown);
    assert_eq!(f.missing_permission.as_deref(), Some("budgets:ViewBudget"));
    let mut snap = inherited();
    snap.cost_alerts.topics = denied("sns:ListSubscriptionsByTopic");
    assert_eq!(only(run(&NoBudgetAlert, &snap)).status, Status::Unknown);
}
