//! Alerting for the CIS v7.0 monitoring controls (`alerts.controls`, all fifteen by default):
//! in each Region where a control's events reach no one, an SNS topic that EventBridge may
//! publish to for exactly rampart's rules there (`aws:SourceArn`), e-mail subscriptions for
//! the configured addresses, and one EventBridge rule per control targeting the topic.
//!
//! Whether a control already reaches someone is asked of the route engine the audit uses
//! ([`rampart_model::alert_route`]): a working route, by whatever means, is left alone, and
//! only the Regions it misses get rules. A topic encrypted with a key EventBridge cannot use
//! is never re-keyed: that is a manual step.

use std::collections::BTreeMap;

use rampart_engines::event_pattern::EventPattern;
use rampart_engines::policy::Statement;
use rampart_model::alert_controls::{find_control, AlertControl, GLOBAL_EVENTS_REGION};
use rampart_model::alert_route::control_routes;
use rampart_model::alert_route::delivery::{
    key_obstacle, names_aws_managed_key, Sender, EVENTS_PRINCIPAL,
};
use rampart_model::alerting::{EventRule, SnsTopic};
use rampart_model::{Observed, Status};
use serde_json::{json, Value};

use crate::action::{Call, Op};
use crate::documents::{self, SID_EVENTS_PUBLISH};
use crate::planning::{Draft, Planning};

/// Root console sign-ins and IAM events are delivered only in this Region.
pub const ALERT_REGION: &str = GLOBAL_EVENTS_REGION;

/// The name of the rule rampart keeps for `control`.
pub fn rule_name(control: &AlertControl, root_rule: &str) -> String {
    // Keep in step with the `rampart-cis-*` pattern of the topic statement.
    if control.control == "5.3" {
        root_rule.to_owned()
    } else {
        format!("rampart-cis-{}", control.control.replace('.', "-"))
    }
}

pub(crate) fn plan(cx: &mut Planning<'_>) {
    let a = &cx.snap.alerting;
    let rules = match &a.event_rules {
        Observed::Known(r) => r,
        Observed::Unavailable(u) => return cx.unreadable("alerting", u),
    };
    // Without the topics, rampart cannot tell what its topic holds: planning it anyway would
    // re-subscribe every address on each run.
    if let Observed::Unavailable(u) = &a.topics {
        return cx.unreadable("alert topics", u);
    }
    let s = &cx.baseline.alerts;
    let controls: Vec<&'static AlertControl> =
        s.controls.iter().filter_map(|c| find_control(c)).collect();
    // Region → the selected controls whose events reach no one there.
    let mut missing: BTreeMap<String, Vec<&'static AlertControl>> = BTreeMap::new();
    for &c in &controls {
        let routes = control_routes(cx.snap, c);
        if routes.status() == Status::Pass {
            continue;
        }
        for r in routes.missed_regions() {
            missing.entry(r.to_owned()).or_default().push(c);
        }
    }
    for (region, needed) in &missing {
        plan_region(cx, rules, region, needed);
    }
}

fn plan_region(
    cx: &mut Planning<'_>,
    rules: &[EventRule],
    region: &str,
    needed: &[&'static AlertControl],
) {
    let s = &cx.baseline.alerts;
    let account = cx.account;
    let topic_arn = format!("arn:aws:sns:{region}:{account}:{}", s.topic_name);
    let topic = cx
        .snap
        .alerting
        .topics
        .known()
        .and_then(|ts| ts.iter().find(|t| t.arn == topic_arn));
    let resolves: Vec<&str> = needed.iter().map(|c| c.check.as_str()).collect();
    if let Some(Observed::Unavailable(u)) = topic.map(|t| &t.attributes) {
        return cx.unreadable(&format!("alert topic `{}` ({region})", s.topic_name), u);
    }
    // rampart's rules in this Region, whichever controls are selected now: narrowing
    // `alerts.controls` later must not cut off a rule that is still there.
    let rules_here = format!("arn:aws:events:{region}:{account}:rule/");
    let statement = publish_statement(
        &topic_arn,
        &[
            format!("{rules_here}{}", s.rule_name),
            format!("{rules_here}rampart-cis-*"),
        ],
    );
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
    let policy_missing = topic.is_none_or(|t| match &t.attributes {
        Observed::Known(a) => {
            let current = a
                .policy
                .as_deref()
                .and_then(|p| rampart_engines::policy::PolicyDocument::parse(p).ok());
            !documents::missing_statements(current.as_ref(), std::slice::from_ref(&statement), true)
                .is_empty()
        }
        Observed::Unavailable(_) => false, // refused above
    });
    if topic.is_none() || !subscribe.is_empty() || policy_missing {
        cx.push(Draft {
            kind: "alert-topic",
            resource: topic_arn.clone(),
            title: format!("SNS topic `{}` ({region})", s.topic_name),
            op: if topic.is_some() { Op::Update } else { Op::Create },
            resolves: &resolves,
            call: Call::EnsureTopic {
                name: s.topic_name.clone(),
                region: region.to_owned(),
                policy_statements: vec![statement],
                subscribe: subscribe.clone(),
            },
            before: topic.map_or(Value::Null, |_| {
                json!({"email_subscriptions": subscribed, "eventbridge_may_publish_for_rampart_rules": !policy_missing})
            }),
            after: json!({"email_subscriptions": s.emails, "eventbridge_may_publish_for_rampart_rules": true}),
        });
    }
    if let Some(t) = topic {
        unusable_key(cx, t, region, &resolves);
    }
    for &c in needed {
        let name = rule_name(c, &s.rule_name);
        let rule = rules.iter().find(|r| r.name == name && r.region == region);
        let pattern = c.event_pattern();
        let state = c.rule_state();
        if rule.is_some_and(|r| carries(r, c, account, region, &topic_arn)) {
            continue;
        }
        let mut targets: Vec<String> = rule.map(|r| r.targets.clone()).unwrap_or_default();
        if !targets.contains(&topic_arn) {
            targets.push(topic_arn.clone());
        }
        cx.push(Draft {
            kind: "alert-rule",
            resource: format!("{region}/{name}"),
            title: format!("EventBridge rule `{name}` ({region}): {}", c.title),
            op: if rule.is_some() {
                Op::Update
            } else {
                Op::Create
            },
            resolves: std::slice::from_ref(&c.check.as_str()),
            call: Call::EnsureRule {
                name: name.clone(),
                region: region.to_owned(),
                pattern: pattern.clone(),
                topic_arn: topic_arn.clone(),
                state: state.to_owned(),
                description: format!("CIS 5 control {}: {}", c.control, c.title),
            },
            before: rule.map_or(
                Value::Null,
                |r| json!({"state": r.state, "targets": r.targets, "pattern": r.event_pattern}),
            ),
            after: json!({"state": state, "targets": targets, "pattern": pattern}),
        });
    }
    // Until an address confirms, alerts reach nobody: that part is a person's.
    if topic.is_none_or(|t| t.confirmed_subscriptions() == 0) {
        let mut steps = Vec::new();
        if s.emails.is_empty() {
            steps.push(format!("Set `alerts.emails` in rampart.toml and run `rampart apply` again, or subscribe an address yourself: `aws sns subscribe --region {region} --topic-arn {topic_arn} --protocol email --notification-endpoint YOU@EXAMPLE.COM`"));
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
        steps.push(format!("Open the confirmation e-mail AWS Notifications sends to {to} for topic `{}` in {region} and follow its link; alerts reach nobody until then", s.topic_name));
        cx.push(Draft {
            kind: "manual",
            resource: if region == ALERT_REGION {
                "confirm-alert-subscription".into()
            } else {
                format!("confirm-alert-subscription/{region}")
            },
            title: format!("confirm an alert subscription ({region})"),
            op: Op::Manual,
            resolves: &resolves,
            call: Call::Manual {
                steps,
                page: format!("https://{region}.console.aws.amazon.com/sns/v3/home?region={region}#/topic/{topic_arn}"),
            },
            before: json!({"confirmed_subscriptions": 0}),
            after: json!({"confirmed_subscriptions": 1}),
        });
    }
}

/// Lets EventBridge publish to the topic for rampart's rules in its Region, and no others.
fn publish_statement(topic_arn: &str, rule_arns: &[String]) -> Statement {
    documents::statement(json!({"Sid": SID_EVENTS_PUBLISH, "Effect": "Allow",
        "Principal": {"Service": EVENTS_PRINCIPAL}, "Action": ["sns:Publish"],
        "Resource": [topic_arn],
        "Condition": {"ArnLike": {"aws:SourceArn": rule_arns}}}))
}

/// rampart's own rule is in place when it is enabled in a state that receives the control's
/// events, targets the topic, and its pattern, whatever its wording, matches every canonical
/// event of the control in that Region and not the control's noise.
fn carries(r: &EventRule, c: &AlertControl, account: &str, region: &str, topic: &str) -> bool {
    let read_only_needed = c.rule_state() != "ENABLED";
    let Some(Ok(pattern)) = r.event_pattern.as_deref().map(EventPattern::parse) else {
        return false;
    };
    r.is_enabled()
        && (!read_only_needed || r.receives_read_only_events())
        && r.targets.iter().any(|t| t == topic)
        && c.canonical_events(account, &[region.to_owned()])
            .iter()
            .filter(|e| e.region == region)
            .all(|e| pattern.matches(&e.eventbridge(account)))
        && !pattern.matches(&c.noise_in(account, region).eventbridge(account))
}

/// A topic whose key EventBridge cannot (or may not) use is never re-keyed or its key policy
/// changed by rampart: the person chooses. The key is judged as the audit judges it, for one of
/// rampart's rules in that Region.
fn unusable_key(cx: &mut Planning<'_>, t: &SnsTopic, region: &str, resolves: &[&str]) {
    let Observed::Known(a) = &t.attributes else {
        return;
    };
    let Some(id) = a.kms_master_key_id.as_deref() else {
        return;
    };
    let rule = format!(
        "arn:aws:events:{region}:{}:rule/{}",
        cx.account, cx.baseline.alerts.rule_name
    );
    let sender = Sender {
        service: EVENTS_PRINCIPAL,
        source_arn: Some(&rule),
        region,
        account: cx.account,
    };
    let Some(why) = key_obstacle(a, &sender, &t.arn) else {
        return;
    };
    let fix = if names_aws_managed_key(id) {
        "Choose a customer managed key whose key policy lets `events.amazonaws.com` call `kms:GenerateDataKey*` and `kms:Decrypt`, and set it as the topic's `KmsMasterKeyId` (or turn encryption off)"
    } else {
        "Add a statement to the key's policy that lets `events.amazonaws.com` call `kms:GenerateDataKey*` and `kms:Decrypt` (scoped by `aws:SourceAccount`), or choose another key"
    };
    cx.push(Draft {
        kind: "manual",
        resource: format!("alert-topic-key/{region}"),
        title: format!(
            "let EventBridge use the key of alert topic `{}` ({region})",
            t.arn
        ),
        op: Op::Manual,
        resolves,
        call: Call::Manual {
            steps: vec![format!(
                "{why}. {fix}; rampart does not change a topic's key or a key's policy"
            )],
            page: format!(
                "https://{region}.console.aws.amazon.com/sns/v3/home?region={region}#/topic/{}",
                t.arn
            ),
        },
        before: json!({"kms_master_key_id": id}),
        after: json!({"kms_master_key_id": "a key EventBridge may use"}),
    });
}

#[cfg(test)]
mod tests;
