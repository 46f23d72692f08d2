//! One event of the CloudTrail event history, with its full record and the few fields people
//! read first (who, what, from where, with which error).

use aws_sdk_cloudtrail::types::Event as SdkEvent;
use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::sdk_values::to_chrono;

/// A resource an event names, as the event history lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// e.g. `AWS::S3::Bucket`.
    pub kind: Option<String>,
    /// A name or ARN.
    pub name: Option<String>,
}

/// One event: the fields `LookupEvents` lists, and the full CloudTrail record.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The Region whose event history holds the event.
    pub region: String,
    pub time: Option<DateTime<Utc>>,
    pub event_id: Option<String>,
    pub event_name: Option<String>,
    pub event_source: Option<String>,
    /// The user name the event history shows (`root` for the root user).
    pub username: Option<String>,
    pub access_key_id: Option<String>,
    pub read_only: Option<bool>,
    pub resources: Vec<Resource>,
    /// The CloudTrail record (`Null` when the history returned none or an unreadable one); for
    /// an event read from the archive, only the fields the table and CSV show (see
    /// [`Self::slimmed`]), the whole record being in `raw`.
    pub record: Value,
    /// The record's JSON text as the log file holds it, for events read from the archive.
    pub raw: Option<Box<str>>,
}

impl Event {
    /// Builds an event from a `LookupEvents` entry of `region`.
    pub(crate) fn from_sdk(region: &str, e: &SdkEvent) -> Event {
        let record = e
            .cloud_trail_event()
            .and_then(|r| serde_json::from_str(r).ok())
            .unwrap_or(Value::Null);
        let owned = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(str::to_owned);
        let mut event = Event {
            region: region.to_owned(),
            time: e.event_time().and_then(to_chrono),
            event_id: owned(e.event_id()),
            event_name: owned(e.event_name()),
            event_source: owned(e.event_source()),
            username: owned(e.username()),
            access_key_id: owned(e.access_key_id()),
            read_only: e.read_only().and_then(|r| r.parse().ok()),
            raw: None,
            resources: e
                .resources()
                .iter()
                .map(|r| Resource {
                    kind: owned(r.resource_type()),
                    name: owned(r.resource_name()),
                })
                .collect(),
            record,
        };
        event.fill_from_record();
        event
    }

    /// Builds an event from a CloudTrail record alone (fields the history would list are read
    /// from the record).
    pub fn from_record(region: &str, record: Value) -> Event {
        let mut event = Event {
            region: region.to_owned(),
            time: None,
            event_id: None,
            event_name: None,
            event_source: None,
            username: None,
            access_key_id: None,
            read_only: None,
            resources: Vec::new(),
            record,
            raw: None,
        };
        event.fill_from_record();
        event
    }

    /// The same event holding its record as `raw` text and, as a value, only what the table
    /// and CSV read (who acted, from where, with which result): a few hundred bytes instead of
    /// the parsed record, for searches that hold many events at once.
    pub fn slimmed(mut self, raw: &str) -> Event {
        const KEPT: &[&str] = &[
            "/userIdentity/type",
            "/userIdentity/arn",
            "/userIdentity/invokedBy",
            "/sourceIPAddress",
            "/responseElements/ConsoleLogin",
            "/additionalEventData/MFAUsed",
            "/errorCode",
            "/errorMessage",
        ];
        let mut slim = Value::Object(serde_json::Map::new());
        for path in KEPT {
            let Some(v) = self.record.pointer(path).filter(|v| v.is_string()) else {
                continue;
            };
            let mut at = &mut slim;
            let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
            for (i, part) in parts.iter().enumerate() {
                let Value::Object(map) = at else { break };
                if i + 1 == parts.len() {
                    map.insert((*part).to_owned(), v.clone());
                    break;
                }
                at = map
                    .entry((*part).to_owned())
                    .or_insert_with(|| Value::Object(serde_json::Map::new()));
            }
        }
        // One record a line: a record spread over lines (a reformatted copy) is written compact.
        self.raw = Some(if raw.contains(['\n', '\r']) {
            self.record.to_string().into()
        } else {
            raw.into()
        });
        self.record = slim;
        self
    }

    /// Fills listed fields the history left out from the record.
    fn fill_from_record(&mut self) {
        let text = |r: &Value, p: &str| {
            r.pointer(p)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let r = &self.record;
        self.time = self.time.or_else(|| {
            text(r, "/eventTime")
                .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                .map(|t| t.with_timezone(&Utc))
        });
        self.event_id = self.event_id.take().or_else(|| text(r, "/eventID"));
        self.event_name = self.event_name.take().or_else(|| text(r, "/eventName"));
        self.event_source = self.event_source.take().or_else(|| text(r, "/eventSource"));
        self.access_key_id = self
            .access_key_id
            .take()
            .or_else(|| text(r, "/userIdentity/accessKeyId"));
        self.read_only = self
            .read_only
            .or_else(|| r.get("readOnly").and_then(Value::as_bool));
        if self.username.is_none() {
            self.username = match text(r, "/userIdentity/type").as_deref() {
                Some("Root") => Some("root".to_owned()),
                Some("AssumedRole") => text(r, "/userIdentity/arn")
                    .and_then(|a| a.rsplit('/').next().map(str::to_owned)),
                _ => text(r, "/userIdentity/userName"),
            };
        }
        if self.resources.is_empty() {
            self.resources = r
                .get("resources")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|x| Resource {
                    kind: text(x, "/type"),
                    name: text(x, "/ARN"),
                })
                .collect();
        }
    }

    fn text(&self, pointer: &str) -> Option<&str> {
        self.record
            .pointer(pointer)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }

    /// `userIdentity.type`: `Root`, `IAMUser`, `AssumedRole`, `AWSService`…
    pub fn identity_type(&self) -> Option<&str> {
        self.text("/userIdentity/type")
    }

    /// True when the root user acted.
    pub fn is_root(&self) -> bool {
        self.identity_type() == Some("Root")
    }

    /// Who acted, in a few words: the user name, else the identity's ARN, else its type.
    pub fn who(&self) -> String {
        self.username
            .clone()
            .or_else(|| self.text("/userIdentity/arn").map(str::to_owned))
            .or_else(|| self.text("/userIdentity/invokedBy").map(str::to_owned))
            .or_else(|| self.identity_type().map(str::to_owned))
            .unwrap_or_default()
    }

    pub fn source_ip(&self) -> Option<&str> {
        self.text("/sourceIPAddress")
    }

    /// For a console sign-in: `Success` or `Failure`.
    pub fn login_result(&self) -> Option<&str> {
        self.text("/responseElements/ConsoleLogin")
    }

    /// For a console sign-in: whether MFA was used (`additionalEventData.MFAUsed`).
    pub fn mfa_used(&self) -> Option<bool> {
        match self.text("/additionalEventData/MFAUsed")? {
            "Yes" => Some(true),
            "No" => Some(false),
            _ => None,
        }
    }

    /// The error the call failed with: `errorCode`, or for a failed sign-in its message.
    pub fn error(&self) -> Option<&str> {
        self.text("/errorCode").or_else(|| {
            (self.login_result() == Some("Failure"))
                .then(|| self.text("/errorMessage").unwrap_or("Failure"))
        })
    }

    /// The resources, names (or ARNs) only.
    pub fn resource_names(&self) -> Vec<&str> {
        self.resources
            .iter()
            .filter_map(|r| r.name.as_deref())
            .collect()
    }
}
