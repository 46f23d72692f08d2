//! Every link of a route, broken one at a time, and every control met by the route AWS and
//! CIS document for it.

use std::collections::BTreeMap;

use serde_json::json;

use super::*;
use crate::alert_controls::{alert_controls, find_control};
use crate::alerting::{
    KmsKey, MetricAlarm, MetricTransformation, SnsSubscription, SnsTopic, TopicAttributes,
};
use crate::cloudtrail::Trail;
use crate::{Snapshot, Status};

const ACCOUNT: &str = "111122223333";
const TOPIC: &str = "arn:aws:sns:us-east-1:111122223333:alerts";
const ROOT_PATTERN: &str = r#"{"detail-type":["AWS Console Sign In via CloudTrail","AWS API Call via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}"#;

fn hardened() -> Snapshot {
    Snapshot::from_json(include_str!("../../../../examples/hardened.json"))
        .expect("hardened example loads")
}

fn publish_policy(principal: &str, source: &str) -> String {
    json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": principal}, "Action": "sns:Publish",
        "Resource": TOPIC, "Condition": {"ArnLike": {"aws:SourceArn": source}}
    }]})
    .to_string()
}

fn topic(policy: String, confirmed: bool) -> SnsTopic {
    SnsTopic {
        arn: TOPIC.into(),
        subscriptions: vec![SnsSubscription {
            protocol: "email".into(),
            endpoint: "security@example.com".into(),
            confirmed,
            filter_policy: None,
        }],
        attributes: Observed::Known(TopicAttributes {
            policy: Some(policy),
            kms_master_key_id: None,
            key: None,
        }),
    }
}

fn rule(name: &str, pattern: &str, state: &str) -> EventRule {
    EventRule {
        name: name.into(),
        arn: format!("arn:aws:events:us-east-1:{ACCOUNT}:rule/{name}"),
        region: "us-east-1".into(),
        state: state.into(),
        event_pattern: Some(pattern.into()),
        targets: vec![TOPIC.into()],
    }
}

/// The hardened account with exactly these rules and topics (no filters).
fn with_rules(rules: Vec<EventRule>, topics: Vec<SnsTopic>) -> Snapshot {
    let mut snap = hardened();
    snap.alerting.event_rules = Observed::Known(rules);
    snap.alerting.topics = Observed::Known(topics);
    snap.alerting.metric_filters = Observed::Known(vec![]);
    snap.alerting.alarms = Observed::Known(vec![]);
    snap
}

fn root_with(rules: Vec<EventRule>, topics: Vec<SnsTopic>) -> (Status, String) {
    let snap = with_rules(rules, topics);
    let routes = control_routes(&snap, find_control("5.3").expect("5.3"));
    let text = routes
        .finding("RMP308", ResourceRef::account(ACCOUNT))
        .message;
    (routes.status(), text)
}

fn events_topic() -> SnsTopic {
    topic(
        publish_policy(
            EVENTS_PRINCIPAL,
            &format!("arn:aws:events:us-east-1:{ACCOUNT}:rule/*"),
        ),
        true,
    )
}

#[test]
fn a_documented_rule_into_a_policied_confirmed_topic_passes() {
    let (status, msg) = root_with(
        vec![rule("root", ROOT_PATTERN, "ENABLED")],
        vec![events_topic()],
    );
    assert_eq!(status, Status::Pass, "{msg}");
    assert!(msg.contains("rule `root`"), "{msg}");
}

#[test]
fn the_default_topic_policy_breaks_delivery() {
    let default = json!({"Version": "2008-10-17", "Statement": [{
        "Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"},
        "Action": ["SNS:Publish", "SNS:Subscribe", "SNS:GetTopicAttributes"], "Resource": TOPIC,
        "Condition": {"StringEquals": {"AWS:SourceOwner": ACCOUNT}}
    }]})
    .to_string();
    let (status, msg) = root_with(
        vec![rule("root", ROOT_PATTERN, "ENABLED")],
        vec![topic(default, true)],
    );
    assert_eq!(status, Status::Fail);
    assert!(
        msg.contains("does not let `events.amazonaws.com` publish"),
        "{msg}"
    );
}

#[test]
fn a_policy_for_another_rule_breaks_delivery() {
    let other = topic(
        publish_policy(
            EVENTS_PRINCIPAL,
            &format!("arn:aws:events:us-east-1:{ACCOUNT}:rule/other"),
        ),
        true,
    );
    let (status, msg) = root_with(vec![rule("root", ROOT_PATTERN, "ENABLED")], vec![other]);
    assert_eq!(status, Status::Fail);
    assert!(msg.contains("rule/root"), "{msg}");
}

fn encrypted(key: Option<Observed<KmsKey>>, id: &str) -> SnsTopic {
    let mut t = events_topic();
    if let Observed::Known(a) = &mut t.attributes {
        a.kms_master_key_id = Some(id.into());
        a.key = key;
    }
    t
}

fn key(manager: &str, policy: Option<&str>) -> Observed<KmsKey> {
    Observed::Known(KmsKey {
        arn: format!("arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
        manager: manager.into(),
        state: "Enabled".into(),
        policy: policy.map(str::to_owned),
    })
}

#[test]
fn keys_the_sender_cannot_use_break_delivery() {
    let r = || vec![rule("root", ROOT_PATTERN, "ENABLED")];
    let (status, msg) = root_with(
        r(),
        vec![encrypted(Some(key("AWS", None)), "alias/aws/sns")],
    );
    assert_eq!(status, Status::Fail);
    assert!(msg.contains("AWS managed key `alias/aws/sns`"), "{msg}");
    let owner_only = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}"#;
    let (status, msg) = root_with(
        r(),
        vec![encrypted(
            Some(key("CUSTOMER", Some(owner_only))),
            "alias/alerts",
        )],
    );
    assert_eq!(status, Status::Fail);
    assert!(msg.contains("kms:GenerateDataKey"), "{msg}");
    let granted = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":["kms:Decrypt","kms:GenerateDataKey*"],"Resource":"*"}]}"#;
    let (status, msg) = root_with(
        r(),
        vec![encrypted(
            Some(key("CUSTOMER", Some(granted))),
            "alias/alerts",
        )],
    );
    assert_eq!(status, Status::Pass, "{msg}");
    let refused = Observed::Unavailable(Unavailable::access_denied("kms:GetKeyPolicy", "denied"));
    let snap = with_rules(r(), vec![encrypted(Some(refused), "alias/alerts")]);
    let routes = control_routes(&snap, find_control("5.3").expect("5.3"));
    assert_eq!(routes.status(), Status::Unknown);
}

#[test]
fn a_topic_in_another_region_breaks_delivery() {
    let mut t = events_topic();
    t.arn = "arn:aws:sns:eu-west-1:111122223333:alerts".into();
    let mut r = rule("root", ROOT_PATTERN, "ENABLED");
    r.targets = vec![t.arn.clone()];
    let (status, msg) = root_with(vec![r], vec![t]);
    assert_eq!(status, Status::Fail);
    assert!(msg.contains("is not in us-east-1"), "{msg}");
}

#[test]
fn pending_subscriptions_disabled_rules_and_other_targets() {
    let mut pending = events_topic();
    pending.subscriptions[0].confirmed = false;
    let (status, msg) = root_with(vec![rule("root", ROOT_PATTERN, "ENABLED")], vec![pending]);
    assert_eq!(status, Status::Fail);
    assert!(msg.contains("1 pending confirmation"), "{msg}");
    let (status, msg) = root_with(
        vec![rule("root", ROOT_PATTERN, "DISABLED")],
        vec![events_topic()],
    );
    assert_eq!(status, Status::Fail);
    assert!(msg.contains("is DISABLED"), "{msg}");
    let mut lambda = rule("root", ROOT_PATTERN, "ENABLED");
    lambda.targets = vec![format!(
        "arn:aws:lambda:us-east-1:{ACCOUNT}:function:notify"
    )];
    let (status, _) = root_with(vec![lambda], vec![]);
    assert_eq!(
        status,
        Status::Unknown,
        "a target rampart cannot follow is never a pass"
    );
}

#[test]
fn a_rule_that_matches_everything_is_noisy_not_a_pass() {
    let everything = r#"{"source":[{"prefix":"aws."}]}"#;
    let (status, msg) = root_with(
        vec![rule("all", everything, "ENABLED")],
        vec![events_topic()],
    );
    assert_eq!(status, Status::Fail);
    assert!(msg.contains("noisy"), "{msg}");
}

#[test]
fn read_only_events_need_the_all_management_events_state() {
    let pattern = r#"{"detail":{"errorCode":[{"prefix":"AccessDenied"},{"suffix":"UnauthorizedOperation"}]}}"#;
    let control = find_control("5.1").expect("5.1");
    let snap = with_rules(
        vec![rule("denied", pattern, "ENABLED")],
        vec![events_topic()],
    );
    let routes = control_routes(&snap, control);
    assert_eq!(routes.status(), Status::Fail);
    assert_eq!(routes.missed.len(), 2, "{:?}", routes.missed);
    assert!(
        routes.broken[0].contains("read-only"),
        "{:?}",
        routes.broken
    );
    let snap = with_rules(
        vec![rule(
            "denied",
            pattern,
            "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
        )],
        vec![events_topic()],
    );
    assert_eq!(control_routes(&snap, control).status(), Status::Pass);
}

#[test]
fn regional_events_need_a_route_in_every_audited_region() {
    let mut snap = with_rules(
        vec![rule("root", ROOT_PATTERN, "ENABLED")],
        vec![events_topic()],
    );
    snap.region = "eu-west-1".into();
    let routes = control_routes(&snap, find_control("5.3").expect("5.3"));
    assert_eq!(routes.status(), Status::Fail);
    assert_eq!(routes.missed_regions(), vec!["eu-west-1"]);
    let msg = routes
        .finding("RMP308", ResourceRef::account(ACCOUNT))
        .message;
    assert!(msg.contains("2 of 6"), "{msg}");
}

// ---- metric filters and alarms ----

const GROUP: &str = "CloudTrail/Default";

fn cis_alarm(name: &str, threshold: f64) -> MetricAlarm {
    MetricAlarm {
        name: name.into(),
        arn: Some(format!(
            "arn:aws:cloudwatch:us-east-1:{ACCOUNT}:alarm:{name}"
        )),
        namespace: Some("CISBenchmark".into()),
        metric_name: Some(name.into()),
        dimensions: BTreeMap::new(),
        statistic: Some("Sum".into()),
        extended_statistic: None,
        unit: None,
        period: Some(300),
        evaluation_periods: Some(1),
        datapoints_to_alarm: None,
        threshold: Some(threshold),
        comparison_operator: Some("GreaterThanOrEqualToThreshold".into()),
        treat_missing_data: Some("notBreaching".into()),
        alarm_actions: vec![TOPIC.into()],
        actions_enabled: true,
    }
}

/// The hardened account's (first) trail, to change for a case.
fn trail_mut(snap: &mut Snapshot) -> &mut Trail {
    let Observed::Known(trails) = &mut snap.cloudtrail.trails else {
        panic!("the hardened example has trails")
    };
    &mut trails[0]
}

/// The hardened account whose trail delivers to a log group with the CIS filter and alarm of
/// each control, notifying a topic CloudWatch may publish to.
fn cis_metric_filters(threshold: f64) -> Snapshot {
    let mut snap = with_rules(vec![], vec![]);
    let trail = trail_mut(&mut snap);
    trail.cloudwatch_logs_log_group_arn = Some(format!(
        "arn:aws:logs:us-east-1:{ACCOUNT}:log-group:{GROUP}:*"
    ));
    let mut filters = Vec::new();
    let mut alarms = Vec::new();
    for c in alert_controls() {
        let (control, pattern) = (&c.control, &c.cis_filter);
        let name = format!("cis-{}", control.replace('.', "-"));
        filters.push(MetricFilter {
            log_group: GROUP.into(),
            region: Some("us-east-1".into()),
            name: name.clone(),
            pattern: pattern.clone(),
            metrics: vec![MetricTransformation {
                namespace: "CISBenchmark".into(),
                name: name.clone(),
                value: Some("1".into()),
                default_value: None,
                dimensions: BTreeMap::new(),
                unit: None,
            }],
        });
        alarms.push(cis_alarm(&name, threshold));
    }
    snap.alerting.metric_filters = Observed::Known(filters);
    snap.alerting.alarms = Observed::Known(alarms);
    snap.alerting.topics = Observed::Known(vec![topic(
        publish_policy(
            CLOUDWATCH_PRINCIPAL,
            &format!("arn:aws:cloudwatch:us-east-1:{ACCOUNT}:alarm:*"),
        ),
        true,
    )]);
    snap
}

#[test]
fn the_benchmarks_own_filters_and_alarms_meet_every_control() {
    let snap = cis_metric_filters(1.0);
    for control in alert_controls() {
        let routes = control_routes(&snap, control);
        assert_eq!(
            routes.status(),
            Status::Pass,
            "{}: missed {:?}, broken {:?}, noisy {:?}",
            control.control,
            routes.missed,
            routes.broken,
            routes.noisy
        );
    }
}

#[test]
fn an_alarm_that_needs_five_events_alerts_no_one() {
    let snap = cis_metric_filters(5.0);
    let routes = control_routes(&snap, find_control("5.3").expect("5.3"));
    assert_eq!(routes.status(), Status::Fail);
    let msg = routes
        .finding("RMP308", ResourceRef::account(ACCOUNT))
        .message;
    assert!(msg.contains("one event does not trip it"), "{msg}");
}

#[test]
fn a_stopped_or_read_blind_trail_feeds_nothing() {
    let mut snap = cis_metric_filters(1.0);
    let trail = trail_mut(&mut snap);
    if let Observed::Known(s) = &mut trail.status {
        s.is_logging = false;
    }
    let routes = control_routes(&snap, find_control("5.4").expect("5.4"));
    assert_eq!(routes.status(), Status::Fail);
    assert!(
        routes.broken[0].contains("is not logging"),
        "{:?}",
        routes.broken
    );
    let mut snap = cis_metric_filters(1.0);
    snap.alerting.alarms = Observed::Unavailable(Unavailable::access_denied(
        "cloudwatch:DescribeAlarms",
        "denied",
    ));
    let routes = control_routes(&snap, find_control("5.4").expect("5.4"));
    assert_eq!(routes.status(), Status::Unknown);
}

#[test]
fn no_route_at_all_names_the_control() {
    let snap = with_rules(vec![], vec![]);
    for control in alert_controls() {
        let routes = control_routes(&snap, control);
        assert_eq!(routes.status(), Status::Fail);
        let msg = routes
            .finding(&control.check, ResourceRef::account(ACCOUNT))
            .message;
        assert_eq!(
            msg,
            format!(
                "no EventBridge rule or metric filter matches {}",
                control.title
            )
        );
    }
}

#[test]
fn the_pattern_rampart_writes_meets_each_control_and_is_not_noisy() {
    for control in alert_controls() {
        let mut r = rule("own", &control.event_pattern(), control.rule_state());
        r.name = format!("rampart-cis-{}", control.control.replace('.', "-"));
        let snap = with_rules(vec![r], vec![events_topic()]);
        let routes = control_routes(&snap, control);
        assert_eq!(
            routes.status(),
            Status::Pass,
            "{}: missed {:?}, broken {:?}, noisy {:?}",
            control.control,
            routes.missed,
            routes.broken,
            routes.noisy
        );
        // And it carries nothing of the other controls' noise.
        assert!(routes.noisy.is_empty());
    }
}

#[test]
fn a_member_is_covered_by_the_management_accounts_filters_on_an_organization_trail() {
    use crate::organization::Membership;
    // The management account: an organization trail into a log group with CIS's filters.
    let mut management = cis_metric_filters(1.0);
    let trail = trail_mut(&mut management);
    trail.is_organization_trail = true;
    let org_trails = management.cloudtrail.trails.clone();
    // A member with no routes of its own.
    let mut member = with_rules(vec![], vec![]);
    member.account_id = "444455556666".into();
    member.organization = Some(Membership {
        organization_id: "o-example".into(),
        management_account_id: ACCOUNT.into(),
        root_access: None,
        root_credentials: None,
        organization_trails: Some(org_trails),
        organization_alerting: Some(management.alerting.clone()),
        organization_billing: None,
        organization_analyzers: None,
        service_control_policies: None,
    });
    for control in alert_controls() {
        let routes = control_routes(&member, control);
        assert_eq!(
            routes.status(),
            Status::Pass,
            "{}: {:?}",
            control.control,
            routes.broken
        );
        assert!(
            routes.working[0].contains("in the management account 111122223333"),
            "{:?}",
            routes.working
        );
    }
    // Without the organization trail the management account's filters see nothing of it.
    if let Some(org) = &mut member.organization {
        org.organization_trails = Some(Observed::Known(vec![]));
    }
    let routes = control_routes(&member, find_control("5.4").expect("5.4"));
    assert_eq!(routes.status(), Status::Fail);
}

#[test]
fn an_iam_users_sign_in_happens_in_every_audited_region() {
    let control = find_control("5.2").expect("5.2");
    let mut r = rule("own", &control.event_pattern(), control.rule_state());
    r.name = "rampart-cis-5-2".into();
    let mut snap = with_rules(vec![r], vec![events_topic()]);
    snap.region = "eu-west-1".into();
    let routes = control_routes(&snap, control);
    assert_eq!(routes.status(), Status::Fail);
    assert_eq!(routes.missed_regions(), vec!["eu-west-1"]);
}

#[test]
fn the_default_topic_policy_lets_cloudwatch_publish_for_the_owner() {
    let mut snap = cis_metric_filters(1.0);
    let default = json!({"Version": "2008-10-17", "Statement": [{
        "Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"},
        "Action": ["SNS:Publish", "SNS:Subscribe"], "Resource": TOPIC,
        "Condition": {"StringEquals": {"AWS:SourceOwner": ACCOUNT}}
    }]})
    .to_string();
    snap.alerting.topics = Observed::Known(vec![topic(default, true)]);
    let routes = control_routes(&snap, find_control("5.4").expect("5.4"));
    assert_eq!(routes.status(), Status::Pass, "{:?}", routes.broken);
}

#[test]
fn a_log_group_of_another_account_or_a_trail_that_leaves_events_out_feeds_nothing() {
    let control = find_control("5.7").expect("5.7");
    // The trail writes to a group of the same name in another account.
    let mut snap = cis_metric_filters(1.0);
    let trail = trail_mut(&mut snap);
    trail.cloudwatch_logs_log_group_arn = Some(format!(
        "arn:aws:logs:us-east-1:999999999999:log-group:{GROUP}:*"
    ));
    assert_eq!(control_routes(&snap, control).status(), Status::Fail);
    // The trail excludes KMS's management events.
    let mut snap = cis_metric_filters(1.0);
    let trail = trail_mut(&mut snap);
    trail.selectors = Observed::Known(crate::cloudtrail::EventSelectors {
        basic: vec![crate::cloudtrail::BasicEventSelector {
            read_write_type: "All".into(),
            include_management_events: true,
            exclude_management_event_sources: vec!["kms.amazonaws.com".into()],
        }],
        advanced: vec![],
    });
    let routes = control_routes(&snap, control);
    assert_eq!(routes.status(), Status::Fail);
    assert!(
        routes.broken[0].contains("from kms.amazonaws.com"),
        "{:?}",
        routes.broken
    );
    assert_eq!(
        control_routes(&snap, find_control("5.4").expect("5.4")).status(),
        Status::Pass,
        "IAM events are still recorded"
    );
    // A single-Region trail without global service events misses IAM.
    let mut snap = cis_metric_filters(1.0);
    let trail = trail_mut(&mut snap);
    trail.is_multi_region = false;
    trail.home_region = "us-east-1".into();
    trail.include_global_service_events = Some(false);
    let routes = control_routes(&snap, find_control("5.4").expect("5.4"));
    assert_eq!(routes.status(), Status::Fail);
    assert!(
        routes.broken[0].contains("global service events"),
        "{:?}",
        routes.broken
    );
}

#[test]
fn only_subscriptions_that_reach_a_person_count() {
    let r = || vec![rule("root", ROOT_PATTERN, "ENABLED")];
    let mut queue = events_topic();
    queue.subscriptions[0].protocol = "sqs".into();
    let (status, msg) = root_with(r(), vec![queue]);
    assert_eq!(status, Status::Unknown, "{msg}");
    let mut filtered = events_topic();
    filtered.subscriptions[0].filter_policy = Some(r#"{"severity":["high"]}"#.into());
    let (status, _) = root_with(r(), vec![filtered]);
    assert_eq!(status, Status::Unknown);
    // A topic of another account is not read: the route is undecided, not broken.
    let mut elsewhere = rule("root", ROOT_PATTERN, "ENABLED");
    elsewhere.targets = vec!["arn:aws:sns:us-east-1:999999999999:central".into()];
    let (status, msg) = root_with(vec![elsewhere], vec![]);
    assert_eq!(status, Status::Unknown);
    assert!(msg.contains("another account"), "{msg}");
}

#[test]
fn a_deny_the_engine_cannot_decide_leaves_the_route_undecided() {
    let mut policy: serde_json::Value = serde_json::from_str(&publish_policy(
        EVENTS_PRINCIPAL,
        &format!("arn:aws:events:us-east-1:{ACCOUNT}:rule/*"),
    ))
    .expect("json");
    policy["Statement"]
        .as_array_mut()
        .expect("list")
        .push(json!({
            "Effect": "Deny", "Principal": "*", "Action": "sns:Publish", "Resource": TOPIC,
            "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2024-01-01T00:00:00Z"}}
        }));
    let (status, _) = root_with(
        vec![rule("root", ROOT_PATTERN, "ENABLED")],
        vec![topic(policy.to_string(), true)],
    );
    assert_eq!(status, Status::Unknown);
}
