//! Facts that show whether root activity raises an alert: EventBridge rules with their targets,
//! SNS topics with subscription states, CloudWatch Logs metric filters and alarms.

use serde::{Deserialize, Serialize};

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
    /// `ENABLED` or `DISABLED`.
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
