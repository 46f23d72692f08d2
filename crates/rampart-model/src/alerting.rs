//! Facts that show whether root activity raises an alert: EventBridge rules with their targets,
//! SNS topics with subscription states, CloudWatch Logs metric filters and alarms — and the
//! questions asked of them: is a rule enabled, which canonical root events does its pattern
//! (or a metric filter) let through. Both questions are answered by running the pattern
//! engines on [`crate::canonical_events`], never by reading the pattern's shape.

use serde::{Deserialize, Serialize};

use crate::canonical_events::{root_events, CanonicalEvent};
use crate::event_pattern::{EventPattern, PatternError};
use crate::metric_filter::{FilterError, FilterPattern};
use crate::observed::Observed;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertingFacts {
    /// EventBridge rules on the default bus, in `us-east-1` and the collection Region.
    pub event_rules: Observed<Vec<EventRule>>,
    /// SNS topics that rules or alarms target, with their subscriptions.
    pub topics: Observed<Vec<SnsTopic>>,
    /// Metric filters on the log groups that trails deliver to.
    pub metric_filters: Observed<Vec<MetricFilter>>,
    /// CloudWatch alarms on the metrics those filters publish.
    pub alarms: Observed<Vec<MetricAlarm>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRule {
    pub name: String,
    pub arn: String,
    pub region: String,
    /// `ENABLED`, `DISABLED` or `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.
    pub state: String,
    /// The event pattern JSON, as EventBridge stores it.
    #[serde(default)]
    pub event_pattern: Option<String>,
    /// Target ARNs.
    #[serde(default)]
    pub targets: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnsTopic {
    pub arn: String,
    pub subscriptions: Vec<SnsSubscription>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnsSubscription {
    pub protocol: String,
    pub endpoint: String,
    /// False while the subscription ARN is `PendingConfirmation`.
    pub confirmed: bool,
}

impl SnsTopic {
    pub fn confirmed_subscriptions(&self) -> usize {
        self.subscriptions.iter().filter(|s| s.confirmed).count()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricFilter {
    pub log_group: String,
    pub name: String,
    pub pattern: String,
    /// `(namespace, metric name)` pairs the filter publishes.
    pub metrics: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricAlarm {
    pub name: String,
    pub namespace: Option<String>,
    pub metric_name: Option<String>,
    pub alarm_actions: Vec<String>,
    #[serde(default = "yes")]
    pub actions_enabled: bool,
}

fn yes() -> bool {
    true
}

/// Which canonical root events a pattern lets through, by name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RootCoverage {
    pub matched: Vec<&'static str>,
    pub missed: Vec<&'static str>,
}

impl RootCoverage {
    fn of(events: &[CanonicalEvent], matches: impl Fn(&CanonicalEvent) -> bool) -> Self {
        let mut c = Self::default();
        for e in events {
            if matches(e) {
                c.matched.push(e.name);
            } else {
                c.missed.push(e.name);
            }
        }
        c
    }

    /// Every canonical root event gets through.
    pub fn complete(&self) -> bool {
        self.missed.is_empty() && !self.matched.is_empty()
    }

    /// No root event gets through: the rule or filter is about something else.
    pub fn none(&self) -> bool {
        self.matched.is_empty()
    }
}

impl EventRule {
    /// Both documented enabled states deliver events; the second also delivers read-only
    /// management events.
    pub fn is_enabled(&self) -> bool {
        matches!(
            self.state.as_str(),
            "ENABLED" | "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
        )
    }

    /// Which canonical root events of `account` the rule's pattern matches, as EventBridge
    /// delivers them. A rule without a pattern (a schedule) matches none.
    pub fn root_coverage(&self, account: &str) -> Result<RootCoverage, PatternError> {
        let Some(text) = self.event_pattern.as_deref() else {
            return Ok(RootCoverage::of(&root_events(account), |_| false));
        };
        let pattern = EventPattern::parse(text)?;
        Ok(RootCoverage::of(&root_events(account), |e| {
            pattern.matches(&e.eventbridge(account))
        }))
    }
}

impl MetricFilter {
    /// Which canonical root CloudTrail records of `account` the filter counts, each as the
    /// JSON message a trail writes to its log group.
    pub fn root_coverage(&self, account: &str) -> Result<RootCoverage, FilterError> {
        let pattern = FilterPattern::parse(&self.pattern)?;
        Ok(RootCoverage::of(&root_events(account), |e| {
            pattern.matches(&e.record.to_string())
        }))
    }
}

/// The log group name in a trail's `CloudWatchLogsLogGroupArn`
/// (`arn:aws:logs:<region>:<account>:log-group:<name>:*`).
pub fn log_group_name(arn: &str) -> Option<&str> {
    let (_, rest) = arn.split_once(":log-group:")?;
    let name = rest.strip_suffix(":*").unwrap_or(rest);
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNT: &str = "111122223333";

    fn rule(state: &str, pattern: &str) -> EventRule {
        EventRule {
            name: "r".into(),
            arn: format!("arn:aws:events:us-east-1:{ACCOUNT}:rule/r"),
            region: "us-east-1".into(),
            state: state.into(),
            event_pattern: Some(pattern.into()),
            targets: vec![],
        }
    }

    fn filter(pattern: &str) -> MetricFilter {
        MetricFilter {
            log_group: "g".into(),
            name: "f".into(),
            pattern: pattern.into(),
            metrics: vec![],
        }
    }

    #[test]
    fn enabled_states() {
        assert!(rule("ENABLED", "{}").is_enabled());
        assert!(rule("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS", "{}").is_enabled());
        assert!(!rule("DISABLED", "{}").is_enabled());
    }

    #[test]
    fn rule_coverage_by_evaluation() {
        let complete = [
            r#"{"detail-type":["AWS Console Sign In via CloudTrail","AWS API Call via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}"#,
            r#"{"detail":{"userIdentity":{"type":["Root"]}}}"#,
            r#"{"$or":[{"detail-type":["AWS Console Sign In via CloudTrail"]},{"detail-type":["AWS API Call via CloudTrail"]}],"detail":{"userIdentity":{"type":[{"equals-ignore-case":"root"}]}}}"#,
            r#"{"detail":{"userIdentity":{"type":[{"anything-but":["IAMUser","AssumedRole"]}],"invokedBy":[{"exists":false}]},"eventType":[{"anything-but":"AwsServiceEvent"}]}}"#,
            r#"{"source":[{"prefix":"aws."}],"detail":{"userIdentity":{"arn":[{"suffix":":root"}]}}}"#,
        ];
        for p in complete {
            let c = rule("ENABLED", p).root_coverage(ACCOUNT).expect("parses");
            assert!(c.complete(), "{p}: {c:?}");
        }
        let partial = [
            (
                r#"{"detail-type":["AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}"#,
                3,
            ),
            (
                r#"{"detail":{"eventType":["AwsApiCall"],"userIdentity":{"type":["Root"]}}}"#,
                1,
            ),
            (
                r#"{"source":["aws.iam"],"detail":{"userIdentity":{"type":["Root"]}}}"#,
                3,
            ),
            (
                r#"{"detail":{"eventName":["ConsoleLogin"],"userIdentity":{"type":["Root"]}}}"#,
                3,
            ),
        ];
        for (p, missed) in partial {
            let c = rule("ENABLED", p).root_coverage(ACCOUNT).expect("parses");
            assert_eq!(c.missed.len(), missed, "{p}: {c:?}");
        }
        let none = rule(
            "ENABLED",
            r#"{"detail":{"userIdentity":{"type":["IAMUser"]}}}"#,
        );
        assert!(none.root_coverage(ACCOUNT).expect("parses").none());
        assert!(rule("ENABLED", r#"{"detail": "x"}"#)
            .root_coverage(ACCOUNT)
            .is_err());
    }

    #[test]
    fn filter_coverage_by_evaluation() {
        let cis = filter(
            r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#,
        );
        assert!(cis.root_coverage(ACCOUNT).expect("parses").complete());
        let login = filter(r#"{ $.userIdentity.type = "Root" && $.eventName = "ConsoleLogin" }"#);
        let c = login.root_coverage(ACCOUNT).expect("parses");
        assert_eq!((c.matched.len(), c.missed.len()), (1, 3));
        assert!(filter("Root")
            .root_coverage(ACCOUNT)
            .expect("parses")
            .complete());
        assert!(filter("%Root%").root_coverage(ACCOUNT).is_err());
    }

    #[test]
    fn log_group_names_from_trail_arns() {
        assert_eq!(
            log_group_name("arn:aws:logs:us-east-1:111122223333:log-group:CloudTrail/Default:*"),
            Some("CloudTrail/Default")
        );
        assert_eq!(
            log_group_name("arn:aws:logs:us-east-1:111122223333:log-group:g"),
            Some("g")
        );
        assert_eq!(log_group_name("arn:aws:s3:::bucket"), None);
    }
}
