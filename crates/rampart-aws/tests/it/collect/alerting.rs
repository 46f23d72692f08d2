//! Alert routes read through the SDK from moto and judged end to end: the ways real alerting
//! breaks each fail at their own link, and the benchmark's own filters and alarms pass every
//! monitoring control.

use rampart_aws::CollectOptions;
use rampart_model::alert_controls::{alert_controls, find_control};
use rampart_model::alert_route::control_routes;
use rampart_model::Status;
use rampart_testkit::alerting::{seed_alerts, AlertSeed};

use crate::collect::test_support::snapshot;

#[tokio::test]
async fn each_broken_route_fails_at_its_own_link() {
    let account = rampart_testkit::new_account().await;
    seed_alerts(&account, AlertSeed::Broken)
        .await
        .expect("seeded");
    let snap = snapshot(&account, &CollectOptions::default()).await;
    let routes = control_routes(&snap, find_control("5.3").expect("5.3"));
    assert_eq!(routes.status(), Status::Fail, "{:?}", routes.working);
    assert!(routes.working.is_empty(), "{:?}", routes.working);
    let broken = routes.broken.join("\n");
    for link in [
        "rule `root-default-policy` (us-east-1): the access policy of topic",
        "rule `root-other-rule` (us-east-1): the access policy of topic",
        "rule `root-aws-key` (us-east-1): topic `arn:aws:sns:us-east-1:",
        "AWS managed key `alias/aws/sns`",
        "rule `root-other-region` (us-east-1): its target `arn:aws:sns:eu-west-1:",
        "with alarm `root-usage`: one event does not trip it",
    ] {
        assert!(broken.contains(link), "`{link}` not in:\n{broken}");
    }
    // The topic read back carries its policy and key as the collector saw them.
    let topics = snap.alerting.topics.known().expect("topics read");
    let aws_key = topics
        .iter()
        .find(|t| t.arn.ends_with(":alerts-aws-key"))
        .expect("topic");
    let attrs = aws_key.attributes.known().expect("attributes read");
    assert_eq!(attrs.kms_master_key_id.as_deref(), Some("alias/aws/sns"));
    assert!(attrs
        .policy
        .as_deref()
        .is_some_and(|p| p.contains("events.amazonaws.com")));
}

#[tokio::test]
async fn the_benchmarks_filters_and_alarms_pass_every_control() {
    let account = rampart_testkit::new_account().await;
    seed_alerts(&account, AlertSeed::Cis).await.expect("seeded");
    let snap = snapshot(&account, &CollectOptions::default()).await;
    let alarms = snap.alerting.alarms.known().expect("alarms read");
    assert_eq!(alarms.len(), 15);
    assert!(alarms
        .iter()
        .all(|a| a.threshold == Some(1.0) && a.evaluation_periods == Some(1) && a.arn.is_some()));
    for control in alert_controls() {
        let routes = control_routes(&snap, control);
        assert_eq!(
            routes.status(),
            Status::Pass,
            "{}: missed {:?}, broken {:?}",
            control.control,
            routes.missed,
            routes.broken
        );
    }
}
