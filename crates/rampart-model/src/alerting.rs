//! Facts that show whether an event raises an alert that reaches someone: EventBridge rules
//! with their targets, SNS topics with their access policy, encryption key and subscription
//! states, CloudWatch Logs metric filters and the alarms on their metrics. What is asked of
//! them lives in [`crate::alert_route`].

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::observed::{Observed, Unavailable, UnavailableKind};

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

impl EventRule {
    /// Both documented enabled states deliver events; the second also delivers read-only
    /// management events.
    pub fn is_enabled(&self) -> bool {
        matches!(
            self.state.as_str(),
            "ENABLED" | "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
        )
    }

    /// Whether EventBridge hands the rule read-only management events (`Get*`, `List*`, …).
    pub fn receives_read_only_events(&self) -> bool {
        self.state == "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnsTopic {
    pub arn: String,
    pub subscriptions: Vec<SnsSubscription>,
    /// The topic's access policy and encryption (`GetTopicAttributes`). Snapshots taken before
    /// rampart read them have none, which leaves every route through the topic undecided.
    #[serde(default = "attributes_not_collected")]
    pub attributes: Observed<TopicAttributes>,
}

/// What `GetTopicAttributes` says, and the key the topic is encrypted with.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TopicAttributes {
    /// The access policy JSON (`Policy`).
    #[serde(default)]
    pub policy: Option<String>,
    /// `KmsMasterKeyId` as set: a key id, key ARN, alias name or alias ARN; `None` when the
    /// topic is not encrypted.
    #[serde(default)]
    pub kms_master_key_id: Option<String>,
    /// The key behind `kms_master_key_id` (`DescribeKey`, `GetKeyPolicy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<Observed<KmsKey>>,
}

/// A KMS key an encrypted topic uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KmsKey {
    pub arn: String,
    /// `AWS` (an AWS managed key such as `alias/aws/sns`) or `CUSTOMER`.
    pub manager: String,
    /// `Enabled`, `Disabled`, `PendingDeletion`, …
    pub state: String,
    /// The key policy JSON (policy name `default`); `None` for AWS managed keys, whose policy
    /// cannot grant other services.
    #[serde(default)]
    pub policy: Option<String>,
}

fn attributes_not_collected() -> Observed<TopicAttributes> {
    Observed::Unavailable(Unavailable::new(
        UnavailableKind::NotSupported,
        Some("sns:GetTopicAttributes"),
        "this snapshot was taken without the topic's attributes; take a new one",
    ))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnsSubscription {
    pub protocol: String,
    pub endpoint: String,
    /// False while the subscription ARN is `PendingConfirmation`.
    pub confirmed: bool,
    /// The subscription's `FilterPolicy`, when it has one; a filter on message attributes
    /// drops every message EventBridge and CloudWatch send (they carry none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_policy: Option<String>,
}

/// Protocols whose endpoint is a person: mail and text messages. A webhook (`http`, `https`,
/// a chat tool), a mobile app, a queue, a function or a stream is a program rampart cannot
/// follow to anyone.
const PERSON_PROTOCOLS: [&str; 3] = ["email", "email-json", "sms"];

impl SnsSubscription {
    /// To a person, and without a filter policy that could drop the message.
    pub fn reaches_a_person(&self) -> bool {
        PERSON_PROTOCOLS.contains(&self.protocol.as_str()) && self.filter_policy.is_none()
    }
}

impl SnsTopic {
    pub fn confirmed_subscriptions(&self) -> usize {
        self.subscriptions.iter().filter(|s| s.confirmed).count()
    }

    /// Confirmed subscriptions that reach a person ([`SnsSubscription::reaches_a_person`]).
    pub fn confirmed_people(&self) -> usize {
        self.subscriptions
            .iter()
            .filter(|s| s.confirmed && s.reaches_a_person())
            .count()
    }

    pub fn pending_subscriptions(&self) -> usize {
        self.subscriptions.iter().filter(|s| !s.confirmed).count()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricFilter {
    pub log_group: String,
    /// The log group's Region; absent in older snapshots (the trail's log group ARN says).
    #[serde(default)]
    pub region: Option<String>,
    pub name: String,
    pub pattern: String,
    /// The metrics the filter publishes.
    pub metrics: Vec<MetricTransformation>,
}

/// One metric a filter publishes for each matching log event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricTransformation {
    pub namespace: String,
    pub name: String,
    /// `metricValue`: a number, or `$.field` taken from the event. `None` in snapshots taken
    /// before rampart read it.
    pub value: Option<String>,
    /// `defaultValue`: published for log events that do not match.
    pub default_value: Option<f64>,
    pub dimensions: BTreeMap<String, String>,
    pub unit: Option<String>,
}

impl<'de> Deserialize<'de> for MetricTransformation {
    /// Reads the full form, and the `[namespace, name]` pair older snapshots hold.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Full {
            namespace: String,
            name: String,
            #[serde(default)]
            value: Option<String>,
            #[serde(default)]
            default_value: Option<f64>,
            #[serde(default)]
            dimensions: BTreeMap<String, String>,
            #[serde(default)]
            unit: Option<String>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Pair(String, String),
            Full(Full),
        }
        Ok(match Form::deserialize(d)? {
            Form::Pair(namespace, name) => MetricTransformation {
                namespace,
                name,
                value: None,
                default_value: None,
                dimensions: BTreeMap::new(),
                unit: None,
            },
            Form::Full(f) => MetricTransformation {
                namespace: f.namespace,
                name: f.name,
                value: f.value,
                default_value: f.default_value,
                dimensions: f.dimensions,
                unit: f.unit,
            },
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricAlarm {
    pub name: String,
    /// Absent in older snapshots.
    #[serde(default)]
    pub arn: Option<String>,
    pub namespace: Option<String>,
    pub metric_name: Option<String>,
    #[serde(default)]
    pub dimensions: BTreeMap<String, String>,
    /// `Sum`, `SampleCount`, `Average`, `Minimum` or `Maximum`.
    #[serde(default)]
    pub statistic: Option<String>,
    /// A percentile such as `p99`, in place of `statistic`.
    #[serde(default)]
    pub extended_statistic: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub period: Option<i32>,
    #[serde(default)]
    pub evaluation_periods: Option<i32>,
    /// `M` of "M out of N"; `None` means equal to `evaluation_periods`.
    #[serde(default)]
    pub datapoints_to_alarm: Option<i32>,
    #[serde(default)]
    pub threshold: Option<f64>,
    /// `GreaterThanOrEqualToThreshold`, `GreaterThanThreshold`, `LessThan…`, or an anomaly
    /// detection band.
    #[serde(default)]
    pub comparison_operator: Option<String>,
    /// `missing`, `notBreaching`, `breaching` or `ignore`.
    #[serde(default)]
    pub treat_missing_data: Option<String>,
    pub alarm_actions: Vec<String>,
    #[serde(default = "yes")]
    pub actions_enabled: bool,
}

fn yes() -> bool {
    true
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

    #[test]
    fn enabled_states() {
        let rule = |state: &str| EventRule {
            name: "r".into(),
            arn: "arn:aws:events:us-east-1:111122223333:rule/r".into(),
            region: "us-east-1".into(),
            state: state.into(),
            event_pattern: None,
            targets: vec![],
        };
        assert!(rule("ENABLED").is_enabled());
        assert!(!rule("ENABLED").receives_read_only_events());
        assert!(rule("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS").is_enabled());
        assert!(rule("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS").receives_read_only_events());
        assert!(!rule("DISABLED").is_enabled());
    }

    #[test]
    fn metrics_load_in_both_forms() {
        let old: MetricTransformation =
            serde_json::from_str(r#"["CIS", "RootUsage"]"#).expect("pair");
        assert_eq!((old.namespace.as_str(), old.value), ("CIS", None));
        let new: MetricTransformation = serde_json::from_str(
            r#"{"namespace":"CIS","name":"RootUsage","value":"1","dimensions":{}}"#,
        )
        .expect("full");
        assert_eq!(new.value.as_deref(), Some("1"));
        let topic: SnsTopic =
            serde_json::from_str(r#"{"arn":"arn:aws:sns:us-east-1:1:t","subscriptions":[]}"#)
                .expect("old topic");
        assert!(!topic.attributes.is_known());
    }

    #[test]
    fn log_group_names_from_arns() {
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
