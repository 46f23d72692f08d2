//! Root-activity alerting: an SNS topic in `us-east-1` that EventBridge may publish to, e-mail
//! subscriptions for the configured addresses, and an EventBridge rule matching root sign-ins
//! and root API calls that targets the topic. An account whose root activity already reaches
//! a confirmed subscriber, by any route the audit accepts, gets none of this. Whether a rule
//! already routes root activity is asked of the same pattern engine the audit uses.

use rampart_model::check_ids;
use rampart_model::Observed;
use serde_json::{json, Value};

use crate::action::{Call, Op};
use crate::documents::{self, ROOT_EVENT_PATTERN};
use crate::planning::{Draft, Planning};

/// Root console sign-ins are delivered only in this Region.
pub const ALERT_REGION: &str = "us-east-1";

pub(crate) fn plan(cx: &mut Planning<'_>) {
    let a = &cx.snap.alerting;
    let rules = match &a.event_rules {
        Observed::Known(r) => r,
        Observed::Unavailable(u) => return cx.unreadable("root-activity alerting", u),
    };
    let s = &cx.baseline.alerts;
    let topic_arn = format!("arn:aws:sns:{ALERT_REGION}:{}:{}", cx.account, s.topic_name);
    let topic = a
        .topics
        .known()
        .and_then(|ts| ts.iter().find(|t| t.arn == topic_arn));
    let subscribed: Vec<String> = topic
        .map(|t| {
            t.subscriptions
                .iter()
                .filter(|s| s.protocol == "email")
                .map(|s| s.endpoint.to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let subscribe: Vec<String> = s
        .emails
        .iter()
        .filter(|e| !subscribed.contains(&e.to_ascii_lowercase()))
        .cloned()
        .collect();
    // Root activity that already reaches a confirmed subscriber, by whatever route, is left
    // alone: only new addresses for rampart's own topic are added.
    let works = rampart_model::root_alerting::root_alerting(cx.snap)
        .working
        .is_some();
    if works && (topic.is_none() || subscribe.is_empty()) {
        return;
    }
    if topic.is_none() || !subscribe.is_empty() {
        cx.push(Draft {
            kind: "alert-topic",
            resource: topic_arn.clone(),
            title: format!("SNS topic `{}` ({ALERT_REGION})", s.topic_name),
            op: if topic.is_some() {
                Op::Update
            } else {
                Op::Create
            },
            resolves: &[check_ids::NO_ROOT_ACTIVITY_ALERT],
            call: Call::EnsureTopic {
                name: s.topic_name.clone(),
                region: ALERT_REGION.into(),
                policy_statements: vec![documents::events_publish_statement(&topic_arn)],
                subscribe: subscribe.clone(),
            },
            before: topic.map_or(Value::Null, |_| json!({"email_subscriptions": subscribed})),
            after: json!({"email_subscriptions": s.emails, "eventbridge_may_publish": true}),
        });
    }
    let rule = rules
        .iter()
        .find(|r| r.name == s.rule_name && r.region == ALERT_REGION);
    // rampart's own rule is in place when it is enabled, targets the topic and its pattern,
    // whatever its wording, matches every canonical root event.
    let rule_ok = rule.is_some_and(|r| {
        r.is_enabled()
            && r.targets.contains(&topic_arn)
            && r.root_coverage(cx.account).is_ok_and(|c| c.complete())
    });
    if !rule_ok && !works {
        let mut targets: Vec<String> = rule.map(|r| r.targets.clone()).unwrap_or_default();
        if !targets.contains(&topic_arn) {
            targets.push(topic_arn.clone());
        }
        cx.push(Draft {
            kind: "alert-rule",
            resource: format!("{ALERT_REGION}/{}", s.rule_name),
            title: format!("EventBridge rule `{}` ({ALERT_REGION})", s.rule_name),
            op: if rule.is_some() {
                Op::Update
            } else {
                Op::Create
            },
            resolves: &[check_ids::NO_ROOT_ACTIVITY_ALERT],
            call: Call::EnsureRule {
                name: s.rule_name.clone(),
                region: ALERT_REGION.into(),
                pattern: ROOT_EVENT_PATTERN.into(),
                topic_arn: topic_arn.clone(),
            },
            before: rule.map_or(
                Value::Null,
                |r| json!({"state": r.state, "targets": r.targets, "pattern": r.event_pattern}),
            ),
            after: json!({"state": "ENABLED", "targets": targets, "pattern": ROOT_EVENT_PATTERN}),
        });
    }
    // Until an address confirms, alerts reach nobody: that part is a person's, so it is a
    // manual step whenever no subscription is confirmed, whatever apply is about to do.
    if !works && topic.is_none_or(|t| t.confirmed_subscriptions() == 0) {
        let mut steps = Vec::new();
        if s.emails.is_empty() {
            steps.push(format!("Set `alerts.emails` in rampart.toml and run `rampart apply` again, or subscribe an address yourself: `aws sns subscribe --region {ALERT_REGION} --topic-arn {topic_arn} --protocol email --notification-endpoint YOU@EXAMPLE.COM`"));
        }
        let to = if s.emails.is_empty() {
            "each address".to_owned()
        } else {
            s.emails
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        steps.push(format!("Open the confirmation e-mail AWS Notifications sends to {to} and follow its link; root activity alerts reach nobody until then"));
        cx.push(Draft {
            kind: "manual",
            resource: "confirm-alert-subscription".into(),
            title: "confirm an alert subscription".into(),
            op: Op::Manual,
            resolves: &[check_ids::NO_ROOT_ACTIVITY_ALERT],
            call: Call::Manual {
                steps,
                page: format!("https://{ALERT_REGION}.console.aws.amazon.com/sns/v3/home?region={ALERT_REGION}#/topic/{topic_arn}"),
            },
            before: json!({"confirmed_subscriptions": 0}),
            after: json!({"confirmed_subscriptions": 1}),
        });
    }
}

#[cfg(test)]
mod tests {
    use rampart_model::{Observed, Snapshot};

    use crate::{plan, Baseline, Op, PlanOptions};

    fn hardened_with(pattern: &str, state: &str, confirmed: bool) -> Snapshot {
        let mut snap = Snapshot::from_json(include_str!("../../../examples/hardened.json"))
            .expect("hardened example loads");
        let Observed::Known(rules) = &mut snap.alerting.event_rules else {
            panic!("the hardened example has rules")
        };
        rules[0].event_pattern = Some(pattern.into());
        rules[0].state = state.into();
        let Observed::Known(topics) = &mut snap.alerting.topics else {
            panic!("the hardened example has topics")
        };
        topics[0].subscriptions[0].confirmed = confirmed;
        snap
    }

    fn alert_actions(snap: &Snapshot) -> Vec<(String, Op)> {
        // The hardened account's topic is the one this baseline names.
        let mut baseline = Baseline::default();
        baseline.alerts.topic_name = "root-activity-alerts".into();
        plan(&baseline, snap, &PlanOptions::default())
            .actions
            .into_iter()
            .filter(|a| a.resolves.iter().any(|r| r == "RMP308"))
            .map(|a| (a.kind, a.op))
            .collect()
    }

    const OR_FORM: &str = r#"{"$or":[{"detail-type":["AWS Console Sign In via CloudTrail"]},{"detail-type":["AWS API Call via CloudTrail"]}],"detail":{"userIdentity":{"type":["Root"]}}}"#;

    #[test]
    fn a_rule_written_differently_that_matches_all_root_events_is_kept() {
        let snap = hardened_with(
            OR_FORM,
            "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
            true,
        );
        assert_eq!(alert_actions(&snap), vec![]);
        // Unconfirmed: only the person is missing, the rule is not rewritten.
        let snap = hardened_with(OR_FORM, "ENABLED", false);
        assert_eq!(
            alert_actions(&snap),
            vec![("manual".to_owned(), Op::Manual)]
        );
    }

    #[test]
    fn a_rule_that_drops_root_sign_ins_is_repaired() {
        let snap = hardened_with(
            r#"{"detail":{"eventType":["AwsApiCall"],"userIdentity":{"type":["Root"]}}}"#,
            "ENABLED",
            true,
        );
        assert_eq!(
            alert_actions(&snap),
            vec![("alert-rule".to_owned(), Op::Update)]
        );
    }
}
