//! Does root activity reach a person? Follows both routes the baseline accepts — an
//! EventBridge rule matching root events, or a CloudWatch Logs metric filter with an alarm —
//! through to an SNS topic with a confirmed subscription, and says where each route stops.

use std::collections::HashMap;

use rampart_model::alerting::{AlertingFacts, EventRule, SnsTopic};
use rampart_model::{Observed, Unavailable};
use serde_json::Value;

use crate::facts::Gap;

/// Root console sign-ins are only delivered in this Region.
pub const ROOT_EVENTS_REGION: &str = "us-east-1";

/// The CloudTrail detail types a root-activity rule must let through.
const CLOUDTRAIL_DETAIL_TYPES: [&str; 2] = [
    "AWS Console Sign In via CloudTrail",
    "AWS API Call via CloudTrail",
];

/// The outcome of following both routes.
pub struct RootAlerting<'a> {
    /// A route that ends in a confirmed subscription, described.
    pub working: Option<String>,
    /// Where each partial route stops, for the evidence.
    pub broken: Vec<String>,
    /// A fact whose absence could hide a working route.
    pub gap: Option<Gap<'a>>,
}

pub fn root_alerting(a: &AlertingFacts) -> RootAlerting<'_> {
    let mut out = RootAlerting {
        working: None,
        broken: Vec::new(),
        gap: None,
    };
    let topics: Result<HashMap<&str, &SnsTopic>, _> = a
        .topics
        .as_result()
        .map(|ts| ts.iter().map(|t| (t.arn.as_str(), t)).collect());
    let mut route = Route {
        topics: &topics,
        out: &mut out,
    };

    match &a.event_rules {
        Observed::Known(rules) => {
            for r in rules.iter().filter(|r| pattern_matches_root(r)) {
                let via = format!("rule `{}` ({})", r.name, r.region);
                if let Some(why) = pattern_narrowing(r) {
                    route.broken(format!("{via} matches only part of root activity: {why}"));
                } else if r.state != "ENABLED" {
                    route.broken(format!("{via} matches root activity but is {}", r.state));
                } else if r.region != ROOT_EVENTS_REGION {
                    route.broken(format!(
                        "{via} matches root activity outside {ROOT_EVENTS_REGION}, where root sign-ins are delivered"
                    ));
                } else {
                    route.notify(&via, &r.targets);
                }
            }
        }
        Observed::Unavailable(u) => route.gap(u),
    }

    match &a.metric_filters {
        Observed::Known(filters) => {
            for f in filters.iter().filter(|f| filter_matches_root(&f.pattern)) {
                let via = format!("metric filter `{}`", f.name);
                let alarms = match &a.alarms {
                    Observed::Known(alarms) => alarms,
                    Observed::Unavailable(u) => {
                        route.gap(u);
                        continue;
                    }
                };
                let watching = alarms.iter().filter(|al| {
                    f.metrics.iter().any(|(ns, m)| {
                        al.namespace.as_deref() == Some(ns.as_str())
                            && al.metric_name.as_deref() == Some(m.as_str())
                    })
                });
                let mut alarmed = false;
                for alarm in watching {
                    alarmed = true;
                    let via = format!("{via} with alarm `{}`", alarm.name);
                    if alarm.actions_enabled {
                        route.notify(&via, &alarm.alarm_actions);
                    } else {
                        route.broken(format!("{via} has its actions disabled"));
                    }
                }
                if !alarmed {
                    route.broken(format!(
                        "{via} matches root activity but no alarm watches its metric"
                    ));
                }
            }
        }
        Observed::Unavailable(u) => route.gap(u),
    }
    out
}

/// Follows one route to its SNS topics.
struct Route<'r, 'a> {
    topics: &'r Result<HashMap<&'a str, &'a SnsTopic>, &'a Unavailable>,
    out: &'r mut RootAlerting<'a>,
}

impl<'a> Route<'_, 'a> {
    fn broken(&mut self, why: String) {
        self.out.broken.push(why);
    }

    fn gap(&mut self, u: &'a Unavailable) {
        self.out.gap.get_or_insert(Gap::Fact(u));
    }

    fn notify(&mut self, via: &str, targets: &[String]) {
        let sns: Vec<&String> = targets
            .iter()
            .filter(|t| t.starts_with("arn:aws:sns:"))
            .collect();
        if sns.is_empty() {
            self.broken(format!(
                "{via} matches root activity but notifies no SNS topic"
            ));
            return;
        }
        let topics = match self.topics {
            Ok(map) => map,
            Err(u) => return self.gap(u),
        };
        for target in sns {
            match topics.get(target.as_str()) {
                Some(t) if t.confirmed_subscriptions() > 0 => {
                    self.out
                        .working
                        .get_or_insert(format!("{via} notifies `{target}`"));
                }
                Some(_) => self.broken(format!(
                    "{via} notifies `{target}`, which has no confirmed subscription"
                )),
                None => self.broken(format!("{via} notifies `{target}`, which was not found")),
            }
        }
    }
}

/// An EventBridge pattern that lets root CloudTrail events through: `detail.userIdentity.type`
/// lists `Root`, and `detail-type`, if given, includes a CloudTrail type.
pub fn pattern_matches_root(rule: &EventRule) -> bool {
    let Some(Ok(pattern)) = rule
        .event_pattern
        .as_deref()
        .map(serde_json::from_str::<Value>)
    else {
        return false;
    };
    let lists = |v: Option<&Value>, wanted: &[&str]| {
        v.and_then(Value::as_array).is_some_and(|a| {
            a.iter()
                .any(|x| x.as_str().is_some_and(|s| wanted.contains(&s)))
        })
    };
    let root = pattern
        .pointer("/detail/userIdentity/type")
        .and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(admits_root));
    let detail_type = pattern.get("detail-type");
    root && (detail_type.is_none() || lists(detail_type, &CLOUDTRAIL_DETAIL_TYPES))
}

/// Keys of a pattern's `detail` that may appear without narrowing root activity: the user
/// type itself, and the exclusions CIS's own filter makes (calls AWS makes on root's behalf).
const NEUTRAL_DETAIL_KEYS: [&str; 2] = ["userIdentity", "eventType"];
const NEUTRAL_IDENTITY_KEYS: [&str; 2] = ["type", "invokedBy"];
/// Top-level keys that do not narrow a rule on the account's own bus.
const NEUTRAL_TOP_KEYS: [&str; 5] = ["detail", "detail-type", "account", "region", "version"];

/// Why a pattern that admits root events still lets only some of them through, if it does:
/// one CloudTrail detail type only, a `source` list, or a condition on the event's name,
/// source or other fields. Root sign-ins and root API calls must both reach the alert.
pub fn pattern_narrowing(rule: &EventRule) -> Option<String> {
    let pattern: Value = serde_json::from_str(rule.event_pattern.as_deref()?).ok()?;
    if let Some(types) = pattern.get("detail-type") {
        let listed: Vec<&str> = types
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let missing: Vec<&str> = CLOUDTRAIL_DETAIL_TYPES
            .iter()
            .copied()
            .filter(|t| !listed.contains(t))
            .collect();
        if !missing.is_empty() {
            return Some(format!(
                "`detail-type` leaves out {}",
                missing.join(" and ")
            ));
        }
    }
    let object_keys = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let narrowing = |keys: Vec<String>, neutral: &[&str], prefix: &str| {
        keys.into_iter()
            .find(|k| !neutral.contains(&k.as_str()))
            .map(|k| format!("it also requires `{prefix}{k}`"))
    };
    narrowing(object_keys(Some(&pattern)), &NEUTRAL_TOP_KEYS, "")
        .or_else(|| {
            narrowing(
                object_keys(pattern.get("detail")),
                &NEUTRAL_DETAIL_KEYS,
                "detail.",
            )
        })
        .or_else(|| {
            narrowing(
                object_keys(pattern.pointer("/detail/userIdentity")),
                &NEUTRAL_IDENTITY_KEYS,
                "detail.userIdentity.",
            )
        })
}

/// Whether one value of an EventBridge pattern list admits `Root`: the string itself, or the
/// content filters `anything-but` (not naming `Root`), `equals-ignore-case` and `prefix`.
fn admits_root(v: &Value) -> bool {
    if let Some(s) = v.as_str() {
        return s == "Root";
    }
    let Some(filter) = v.as_object() else {
        return false;
    };
    let names_root = |v: &Value| match v {
        Value::String(s) => s == "Root",
        Value::Array(a) => a.iter().any(|x| x.as_str() == Some("Root")),
        _ => true,
    };
    filter.iter().all(|(op, arg)| match op.as_str() {
        "anything-but" => !names_root(arg),
        "equals-ignore-case" => arg.as_str().is_some_and(|s| s.eq_ignore_ascii_case("root")),
        "prefix" => arg.as_str().is_some_and(|p| "Root".starts_with(p)),
        _ => false,
    }) && !filter.is_empty()
}

/// A metric filter pattern that counts root events (`$.userIdentity.type = "Root"`).
pub fn filter_matches_root(pattern: &str) -> bool {
    let compact: String = pattern.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains(r#"$.userIdentity.type="Root""#)
        || compact.contains("$.userIdentity.type=Root")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(pattern: Value) -> EventRule {
        EventRule {
            name: "r".into(),
            arn: "arn:aws:events:us-east-1:111122223333:rule/r".into(),
            region: "us-east-1".into(),
            state: "ENABLED".into(),
            event_pattern: Some(pattern.to_string()),
            targets: vec![],
        }
    }

    #[test]
    fn root_patterns_written_with_content_filters_are_recognised() {
        let with = |ty: Value| rule(serde_json::json!({"detail": {"userIdentity": {"type": ty}}}));
        assert!(pattern_matches_root(&with(serde_json::json!(["Root"]))));
        assert!(pattern_matches_root(&with(
            serde_json::json!([{"anything-but": ["IAMUser", "AssumedRole"]}])
        )));
        assert!(pattern_matches_root(&with(
            serde_json::json!([{"anything-but": "IAMUser"}])
        )));
        assert!(pattern_matches_root(&with(
            serde_json::json!([{"equals-ignore-case": "root"}])
        )));
        assert!(pattern_matches_root(&with(
            serde_json::json!([{"prefix": "Ro"}])
        )));
        assert!(!pattern_matches_root(&with(
            serde_json::json!([{"anything-but": ["Root"]}])
        )));
        assert!(!pattern_matches_root(&with(serde_json::json!(["IAMUser"]))));
        assert!(!pattern_matches_root(&with(serde_json::json!([{}]))));
        assert!(!pattern_matches_root(&with(
            serde_json::json!([{"exists": true, "bogus": 1}])
        )));
    }

    #[test]
    fn patterns_that_let_only_some_root_activity_through_are_narrowed() {
        let full = rule(serde_json::json!({
            "detail-type": CLOUDTRAIL_DETAIL_TYPES,
            "detail": {"userIdentity": {"type": ["Root"], "invokedBy": [{"exists": false}]},
                       "eventType": [{"anything-but": "AwsServiceEvent"}]}
        }));
        assert_eq!(pattern_narrowing(&full), None);
        assert_eq!(
            pattern_narrowing(&rule(
                serde_json::json!({"detail": {"userIdentity": {"type": ["Root"]}}})
            )),
            None
        );
        let cases = [
            (
                serde_json::json!({"detail-type": ["AWS Console Sign In via CloudTrail"],
                                   "detail": {"userIdentity": {"type": ["Root"]}}}),
                "`detail-type` leaves out AWS API Call via CloudTrail",
            ),
            (
                serde_json::json!({"source": ["aws.signin"],
                                   "detail": {"userIdentity": {"type": ["Root"]}}}),
                "it also requires `source`",
            ),
            (
                serde_json::json!({"detail": {"userIdentity": {"type": ["Root"]},
                                              "eventName": ["ConsoleLogin"]}}),
                "it also requires `detail.eventName`",
            ),
            (
                serde_json::json!({"detail": {"userIdentity": {"type": ["Root"],
                                                               "sessionContext": {"mfaAuthenticated": ["false"]}}}}),
                "it also requires `detail.userIdentity.sessionContext`",
            ),
        ];
        for (pattern, why) in cases {
            assert_eq!(pattern_narrowing(&rule(pattern)).as_deref(), Some(why));
        }
    }
}
