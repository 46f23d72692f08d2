//! CloudTrail facts: trails (shadow trails included) with status and event selectors, and what
//! the 90-day event history says about the root user.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::observed::Observed;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CloudTrailFacts {
    pub trails: Observed<Vec<Trail>>,
    /// Root activity in the event history of the last 90 days.
    pub root_activity: Observed<RootActivity>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trail {
    pub name: String,
    pub arn: String,
    pub home_region: String,
    pub is_multi_region: bool,
    #[serde(default)]
    pub is_organization_trail: bool,
    /// `IncludeGlobalServiceEvents`: a single-Region trail records IAM, sign-in and other
    /// global services' events only when it is on (a multi-Region trail always does). `None`
    /// in snapshots taken before rampart read it.
    #[serde(default)]
    pub include_global_service_events: Option<bool>,
    pub s3_bucket: Option<String>,
    #[serde(default)]
    pub s3_key_prefix: Option<String>,
    pub log_file_validation: bool,
    #[serde(default)]
    pub kms_key_id: Option<String>,
    #[serde(default)]
    pub cloudwatch_logs_log_group_arn: Option<String>,
    #[serde(default)]
    pub sns_topic_arn: Option<String>,
    pub status: Observed<TrailStatus>,
    pub selectors: Observed<EventSelectors>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrailStatus {
    pub is_logging: bool,
    #[serde(default)]
    pub latest_delivery_error: Option<String>,
    #[serde(default)]
    pub latest_delivery_time: Option<DateTime<Utc>>,
}

/// A trail's event selectors, basic or advanced, as configured.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EventSelectors {
    #[serde(default)]
    pub basic: Vec<BasicEventSelector>,
    #[serde(default)]
    pub advanced: Vec<AdvancedEventSelector>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BasicEventSelector {
    /// `All`, `ReadOnly` or `WriteOnly`.
    pub read_write_type: String,
    pub include_management_events: bool,
    /// Event sources whose management events the selector leaves out
    /// (`ExcludeManagementEventSources`: `kms.amazonaws.com`, `rdsdata.amazonaws.com`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude_management_event_sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdvancedEventSelector {
    #[serde(default)]
    pub name: Option<String>,
    pub field_selectors: Vec<FieldSelector>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldSelector {
    pub field: String,
    #[serde(default)]
    pub equals: Vec<String>,
    #[serde(default)]
    pub not_equals: Vec<String>,
}

/// Which management events a trail records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagementCoverage {
    pub read: bool,
    pub write: bool,
}

impl EventSelectors {
    /// Which management events these selectors record.
    pub fn management_coverage(&self) -> ManagementCoverage {
        let mut cov = ManagementCoverage {
            read: false,
            write: false,
        };
        for s in self.basic.iter().filter(|s| s.include_management_events) {
            match s.read_write_type.as_str() {
                "All" => (cov.read, cov.write) = (true, true),
                "ReadOnly" => cov.read = true,
                "WriteOnly" => cov.write = true,
                _ => {}
            }
        }
        for s in &self.advanced {
            let field = |name: &str| s.field_selectors.iter().find(|f| f.field == name);
            let management =
                field("eventCategory").is_some_and(|f| f.equals.iter().any(|v| v == "Management"));
            if !management {
                continue;
            }
            match field("readOnly") {
                None => (cov.read, cov.write) = (true, true),
                Some(f) if f.equals.iter().any(|v| v == "true") => cov.read = true,
                Some(f) if f.equals.iter().any(|v| v == "false") => cov.write = true,
                Some(_) => {}
            }
        }
        cov
    }
}

impl EventSelectors {
    /// Whether these selectors record the management event from `source` (`kms.amazonaws.com`)
    /// of the given kind: a basic selector taking management events of that kind without
    /// excluding the source, or an advanced one on `eventCategory = Management` whose
    /// `readOnly` and `eventSource` fields let it through.
    pub fn records_management(&self, source: &str, read_only: bool) -> bool {
        let kind_ok = |rw: &str| match rw {
            "All" => true,
            "ReadOnly" => read_only,
            "WriteOnly" => !read_only,
            _ => false,
        };
        let basic = self.basic.iter().any(|s| {
            s.include_management_events
                && kind_ok(&s.read_write_type)
                && !s
                    .exclude_management_event_sources
                    .iter()
                    .any(|x| x == source)
        });
        let flag = if read_only { "true" } else { "false" };
        let advanced = self.advanced.iter().any(|s| {
            let field = |name: &str| s.field_selectors.iter().find(|f| f.field == name);
            let passes = |name: &str, value: &str| {
                field(name).is_none_or(|f| {
                    (f.equals.is_empty() || f.equals.iter().any(|v| v == value))
                        && !f.not_equals.iter().any(|v| v == value)
                })
            };
            field("eventCategory").is_some_and(|f| f.equals.iter().any(|v| v == "Management"))
                && passes("readOnly", flag)
                && passes("eventSource", source)
        });
        basic || advanced
    }
}

/// What the event history says about root use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RootActivity {
    /// How far back the search went, in days (the history keeps 90).
    pub window_days: u32,
    /// The Regions searched.
    pub regions: Vec<String>,
    /// The most recent root event found, if any.
    pub last_event: Option<RootEvent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RootEvent {
    pub time: DateTime<Utc>,
    pub event_name: String,
    pub region: String,
    #[serde(default)]
    pub source_ip: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_and_advanced_selectors_give_coverage() {
        let basic = EventSelectors {
            basic: vec![BasicEventSelector {
                read_write_type: "All".into(),
                include_management_events: true,
                exclude_management_event_sources: vec![],
            }],
            advanced: vec![],
        };
        assert_eq!(
            basic.management_coverage(),
            ManagementCoverage {
                read: true,
                write: true
            }
        );
        let write_only = EventSelectors {
            basic: vec![BasicEventSelector {
                read_write_type: "WriteOnly".into(),
                include_management_events: true,
                exclude_management_event_sources: vec![],
            }],
            advanced: vec![],
        };
        assert_eq!(
            write_only.management_coverage(),
            ManagementCoverage {
                read: false,
                write: true
            }
        );
        let advanced = EventSelectors {
            basic: vec![],
            advanced: vec![AdvancedEventSelector {
                name: None,
                field_selectors: vec![FieldSelector {
                    field: "eventCategory".into(),
                    equals: vec!["Management".into()],
                    not_equals: vec![],
                }],
            }],
        };
        assert_eq!(
            advanced.management_coverage(),
            ManagementCoverage {
                read: true,
                write: true
            }
        );
        assert_eq!(
            EventSelectors::default().management_coverage(),
            ManagementCoverage {
                read: false,
                write: false
            }
        );
    }
}
