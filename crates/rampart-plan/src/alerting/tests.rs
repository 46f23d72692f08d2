use rampart_model::{Observed, Snapshot};

use crate::{plan, Baseline, Op, PlanOptions};

fn hardened() -> Snapshot {
    Snapshot::from_json(include_str!("../../../../examples/hardened.json"))
        .expect("hardened example loads")
}

fn hardened_with(pattern: &str, state: &str, confirmed: bool) -> Snapshot {
    let mut snap = hardened();
    let Observed::Known(rules) = &mut snap.alerting.event_rules else {
        panic!("the hardened example has rules")
    };
    rules[0].event_pattern = Some(pattern.into());
    rules[0].state = state.into();
    // The other controls' rules carry some root events too (5.2's catches every sign-in
    // without MFA); this account has the root rule alone.
    rules.truncate(1);
    let Observed::Known(topics) = &mut snap.alerting.topics else {
        panic!("the hardened example has topics")
    };
    topics[0].subscriptions[0].confirmed = confirmed;
    snap
}

fn baseline() -> Baseline {
    // The hardened account's topic is the one this baseline names.
    let mut baseline = Baseline::default();
    baseline.alerts.topic_name = "root-activity-alerts".into();
    baseline
}

/// The alerting actions planned, as (kind, op, resource).
fn alert_actions(snap: &Snapshot, baseline: &Baseline) -> Vec<(String, Op, String)> {
    plan(baseline, snap, &PlanOptions::default())
        .actions
        .into_iter()
        .filter(|a| {
            a.resolves
                .iter()
                .any(|r| r.starts_with("RMP3") && r.as_str() >= "RMP308")
        })
        .map(|a| (a.kind, a.op, a.resource))
        .collect()
}

const OR_FORM: &str = r#"{"$or":[{"detail-type":["AWS Console Sign In via CloudTrail"]},{"detail-type":["AWS API Call via CloudTrail"]}],"detail":{"userIdentity":{"type":["Root"]}}}"#;

#[test]
fn the_hardened_account_needs_no_alerting_change() {
    assert_eq!(alert_actions(&hardened(), &baseline()), vec![]);
}

/// Only the root rule's own changes (the other controls' rules are planned as well).
fn root_actions(snap: &Snapshot) -> Vec<(String, Op, String)> {
    let mut b = baseline();
    b.alerts.controls = vec!["5.3".into()];
    alert_actions(snap, &b)
}

#[test]
fn a_rule_written_differently_that_matches_all_root_events_is_kept() {
    let snap = hardened_with(
        OR_FORM,
        "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
        true,
    );
    assert_eq!(root_actions(&snap), vec![]);
    // Unconfirmed: only the person is missing, no rule is rewritten.
    let snap = hardened_with(OR_FORM, "ENABLED", false);
    let kinds: Vec<String> = root_actions(&snap).into_iter().map(|a| a.0).collect();
    assert_eq!(kinds, vec!["manual".to_owned()]);
}

#[test]
fn a_rule_that_drops_root_sign_ins_is_repaired() {
    let snap = hardened_with(
        r#"{"detail":{"eventType":["AwsApiCall"],"userIdentity":{"type":["Root"]}}}"#,
        "ENABLED",
        true,
    );
    assert_eq!(
        root_actions(&snap),
        vec![(
            "alert-rule".to_owned(),
            Op::Update,
            "us-east-1/root-activity".to_owned()
        )]
    );
}

#[test]
fn a_brand_new_account_gets_a_topic_fifteen_rules_and_a_confirmation_step() {
    let snap = Snapshot::from_json(include_str!("../../../../examples/brand-new.json"))
        .expect("brand-new example loads");
    let actions = alert_actions(&snap, &Baseline::default());
    let count = |k: &str| actions.iter().filter(|a| a.0 == k).count();
    assert_eq!(count("alert-topic"), 1, "{actions:?}");
    assert_eq!(count("alert-rule"), 15, "{actions:?}");
    assert_eq!(count("manual"), 1, "{actions:?}");
    // `alerts.controls` narrows it.
    let mut b = Baseline::default();
    b.alerts.controls = vec!["5.3".into(), "5.4".into()];
    let actions = alert_actions(&snap, &b);
    assert_eq!(actions.iter().filter(|a| a.0 == "alert-rule").count(), 2);
}

#[test]
fn a_topic_that_does_not_let_eventbridge_publish_is_given_the_statement() {
    let mut snap = hardened();
    let Observed::Known(topics) = &mut snap.alerting.topics else {
        panic!("topics")
    };
    if let Observed::Known(a) = &mut topics[0].attributes {
        a.policy = None;
    }
    let actions = alert_actions(&snap, &baseline());
    assert_eq!(
        actions,
        vec![(
            "alert-topic".to_owned(),
            Op::Update,
            "arn:aws:sns:us-east-1:111122223333:root-activity-alerts".to_owned()
        )]
    );
}

#[test]
fn a_second_region_gets_its_own_topic_and_regional_rules() {
    let mut snap = hardened();
    snap.region = "eu-west-1".into();
    let actions = alert_actions(&snap, &baseline());
    let rules: Vec<&str> = actions
        .iter()
        .filter(|a| a.0 == "alert-rule")
        .map(|a| a.2.as_str())
        .collect();
    // IAM and Organizations controls (5.4, 5.15) stay in us-east-1; the rest — IAM users'
    // sign-ins included — get a rule there.
    assert_eq!(rules.len(), 13, "{rules:?}");
    assert!(
        rules.iter().all(|r| r.starts_with("eu-west-1/")),
        "{rules:?}"
    );
    assert!(actions
        .iter()
        .any(|a| a.0 == "alert-topic" && a.2.starts_with("arn:aws:sns:eu-west-1:")));
}

#[test]
fn unreadable_topics_are_named_not_planned_again_and_again() {
    let mut snap = hardened();
    snap.alerting.topics = Observed::Unavailable(rampart_model::Unavailable::access_denied(
        "sns:ListSubscriptionsByTopic",
        "denied",
    ));
    let p = plan(&baseline(), &snap, &PlanOptions::default());
    assert!(
        !p.actions.iter().any(|a| a.kind == "alert-topic"),
        "{:?}",
        p.actions
    );
    assert!(
        p.unreadable.iter().any(|u| u.contains("alert topics")),
        "{:?}",
        p.unreadable
    );
}

#[test]
fn the_statement_for_rampart_rules_is_added_beside_an_older_broader_one() {
    let mut snap = hardened();
    let Observed::Known(topics) = &mut snap.alerting.topics else {
        panic!("topics")
    };
    // An earlier rampart's statement: any rule may publish.
    let older = r#"{"Version":"2012-10-17","Statement":[{"Sid":"AllowEventBridgePublish","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":["sns:Publish"],"Resource":["arn:aws:sns:us-east-1:111122223333:root-activity-alerts"]}]}"#;
    if let Observed::Known(a) = &mut topics[0].attributes {
        a.policy = Some(older.into());
    }
    let p = plan(&baseline(), &snap, &PlanOptions::default());
    // That topic already lets every rule publish: nothing to change.
    assert!(!p.actions.iter().any(|a| a.kind == "alert-topic"));
    let statement = crate::documents::statement(
        serde_json::json!({"Sid": crate::documents::SID_EVENTS_PUBLISH, "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": ["sns:Publish"], "Resource": ["x"]}),
    );
    let merged = crate::documents::merge(
        Some(&rampart_engines::policy::PolicyDocument::parse(older).expect("policy")),
        &[statement],
    );
    assert_eq!(merged.statements.len(), 2, "the older statement is kept");
}

#[test]
fn a_topic_key_eventbridge_cannot_use_is_a_manual_step_never_a_rekey() {
    for (id, manager, policy) in [
        ("alias/aws/sns", "AWS", None),
        (
            "alias/alerts",
            "CUSTOMER",
            Some(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}"#,
            ),
        ),
    ] {
        let mut snap = hardened();
        let Observed::Known(topics) = &mut snap.alerting.topics else {
            panic!("topics")
        };
        if let Observed::Known(a) = &mut topics[0].attributes {
            a.kms_master_key_id = Some(id.into());
            a.key = Some(Observed::Known(rampart_model::alerting::KmsKey {
                arn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
                    .into(),
                manager: manager.into(),
                state: "Enabled".into(),
                policy: policy.map(str::to_owned),
            }));
        }
        let actions = alert_actions(&snap, &baseline());
        assert!(
            actions
                .iter()
                .any(|a| a.0 == "manual" && a.2 == "alert-topic-key/us-east-1"),
            "{id}: {actions:?}"
        );
        assert!(
            !actions.iter().any(|a| a.0 == "alert-topic"),
            "{id}: the topic itself is left alone: {actions:?}"
        );
    }
}
