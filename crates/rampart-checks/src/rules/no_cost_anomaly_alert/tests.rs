use super::*;
use crate::test_support::{brand_new, denied, hardened, only, run};
use rampart_model::{Observed, Status};

#[test]
fn fails_without_a_monitor() {
    let f = only(run(&NoCostAnomalyAlert, &brand_new()));
    assert_eq!(f.status, Status::Fail);
    assert!(f.message.contains("no cost anomaly monitor"), "{}", f.message);
}

#[test]
fn passes_with_a_subscription_mailing_someone() {
    let f = only(run(&NoCostAnomalyAlert, &hardened()));
    assert_eq!(f.status, Status::Pass, "{}", f.message);
}

#[test]
fn a_declined_address_or_a_missing_monitor_alerts_nobody() {
    let mut snap = hardened();
    if let Observed::Known(s) = &mut snap.cost_alerts.anomaly_subscriptions {
        s[0].subscribers[0].status = Some("DECLINED".into());
    }
    let f = only(run(&NoCostAnomalyAlert, &snap));
    assert_eq!(f.status, Status::Fail);
    assert!(f.message.contains("declined"), "{}", f.message);

    let mut snap = hardened();
    snap.cost_alerts.anomaly_monitors = Observed::Known(vec![]);
    let f = only(run(&NoCostAnomalyAlert, &snap));
    assert_eq!(f.status, Status::Fail);
    assert!(f.message.contains("watches no monitor"), "{}", f.message);
}

#[test]
fn an_sns_subscriber_rampart_cannot_read_is_unknown() {
    let mut snap = hardened();
    if let Observed::Known(s) = &mut snap.cost_alerts.anomaly_subscriptions {
        s[0].frequency = "IMMEDIATE".into();
        s[0].subscribers = vec![rampart_model::cost_alerts::Subscriber {
            kind: "SNS".into(),
            address: "arn:aws:sns:us-east-1:111122223333:costs".into(),
            status: None,
        }];
    }
    snap.cost_alerts.topics = denied("sns:ListSubscriptionsByTopic");
    assert_eq!(only(run(&NoCostAnomalyAlert, &snap)).status, Status::Unknown);
}

#[test]
fn unknown_when_not_read() {
    let mut snap = hardened();
    snap.cost_alerts.anomaly_subscriptions = denied("ce:GetAnomalySubscriptions");
    let f = only(run(&NoCostAnomalyAlert, &snap));
    assert_eq!(f.status, Status::Unknown);
    assert_eq!(f.missing_permission.as_deref(), Some("ce:GetAnomalySubscriptions"));
}
