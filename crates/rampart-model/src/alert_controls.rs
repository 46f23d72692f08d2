//! The alerts people are audited on — CIS AWS Foundations v7.0 section 5, 5.1 to 5.15 — as
//! data, and the canonical events each one must deliver.
//!
//! Every control is a set of events (read from `data/alert-controls.json`, which names its
//! source) written as CloudTrail records them, plus one neighbouring event the control does
//! not ask about (its *noise*). The events are built in the two forms the alerting routes see:
//! as EventBridge delivers them on the default bus (the record under `detail`, with
//! `detail-type`, `source`, `account` and `region`), and as the raw record a trail writes to
//! its CloudWatch Logs group. A route passes a control only when its pattern or filter lets
//! every event through, in every Region where the event happens: events of global services
//! (IAM, Organizations, the root user's sign-in) are delivered in `us-east-1`; the others happen in
//! each Region the audit covers.

use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::{json, Map, Value};

use rampart_engines::event_pattern::EventPattern;

/// The Region where events of global services — IAM, console sign-in, Organizations — are
/// delivered.
pub const GLOBAL_EVENTS_REGION: &str = "us-east-1";

const GLOBAL_SERVICES: [&str; 2] = ["iam", "organizations"];
const CONSOLE_SIGN_IN: &str = "AWS Console Sign In via CloudTrail";
const API_CALL: &str = "AWS API Call via CloudTrail";

/// One monitoring control.
#[derive(Debug)]
pub struct AlertControl {
    /// The CIS v7.0 number, `5.4`.
    pub control: String,
    /// The rampart check that judges it.
    pub check: String,
    /// What it alerts on, as a fragment: `IAM policy changes`.
    pub title: String,
    pub events: Vec<EventSpec>,
    pub noise: EventSpec,
    /// The CloudWatch Logs metric filter pattern the benchmark prescribes.
    pub cis_filter: String,
    /// The EventBridge pattern `rampart apply` writes, when the data gives one.
    pattern: Option<String>,
    compiled: OnceLock<Option<EventPattern>>,
}

/// One event of a control, as written in the data file.
#[derive(Debug, Clone, Deserialize)]
pub struct EventSpec {
    /// The service prefix: `iam`, `ec2`, `signin`.
    pub service: String,
    /// The CloudTrail `eventName`.
    pub event: String,
    /// `AwsApiCall` (the default) or `AwsConsoleSignIn`.
    #[serde(default = "api_call", rename = "type")]
    pub event_type: String,
    /// `IAMUser` (the default) or `Root`.
    #[serde(default)]
    pub identity: Option<String>,
    #[serde(default)]
    pub read_only: bool,
    /// Fields of the record beyond the common ones (`errorCode`, `responseElements`, …).
    #[serde(default)]
    pub extra: Map<String, Value>,
    /// A short description for evidence; defaults to `SERVICE:EVENT`.
    #[serde(default)]
    pub name: Option<String>,
}

fn api_call() -> String {
    "AwsApiCall".to_owned()
}

impl EventSpec {
    /// The description used in evidence.
    pub fn describe(&self) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| format!("{}:{}", self.service, self.event))
    }

    /// Whether the event is delivered in `us-east-1` only: the events of IAM and
    /// Organizations, and the root user's console sign-ins. An IAM user's sign-in is recorded
    /// in the Region of the sign-in endpoint it used, which can be any Region.
    pub fn is_global(&self) -> bool {
        match self.service.as_str() {
            "signin" => self.identity.as_deref() == Some("Root"),
            s => GLOBAL_SERVICES.contains(&s),
        }
    }

    /// The Regions, among `audited`, where the event happens.
    pub fn regions(&self, audited: &[String]) -> Vec<String> {
        if self.is_global() {
            vec![GLOBAL_EVENTS_REGION.to_owned()]
        } else {
            audited.to_vec()
        }
    }
}

#[derive(Deserialize)]
struct RawFile {
    #[allow(dead_code)]
    source: String,
    #[allow(dead_code)]
    pattern_note: String,
    #[allow(dead_code)]
    cis_filter_note: String,
    controls: Vec<RawControl>,
}

#[derive(Deserialize)]
struct RawControl {
    control: String,
    check: String,
    title: String,
    #[serde(default)]
    service: Option<String>,
    #[serde(default)]
    identity: Option<String>,
    events: Vec<RawEvent>,
    noise: EventSpec,
    #[serde(default)]
    pattern: Option<String>,
    cis_filter: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawEvent {
    Name(String),
    Full(EventSpec),
}

/// Every control, in benchmark order.
pub fn alert_controls() -> &'static [AlertControl] {
    static CONTROLS: OnceLock<Vec<AlertControl>> = OnceLock::new();
    CONTROLS.get_or_init(|| {
        let raw: RawFile = serde_json::from_str(include_str!("../data/alert-controls.json"))
            .expect("data/alert-controls.json is valid (a test proves it)");
        raw.controls.into_iter().map(control).collect()
    })
}

fn control(raw: RawControl) -> AlertControl {
    let identity = raw.identity.clone();
    let with_identity = |mut e: EventSpec| {
        if e.identity.is_none() {
            e.identity.clone_from(&identity);
        }
        e
    };
    let events = raw
        .events
        .into_iter()
        .map(|e| match e {
            RawEvent::Full(spec) => spec,
            RawEvent::Name(event) => EventSpec {
                service: raw.service.clone().unwrap_or_default(),
                event,
                event_type: api_call(),
                identity: None,
                read_only: false,
                extra: Map::new(),
                name: None,
            },
        })
        .map(with_identity)
        .collect();
    AlertControl {
        control: raw.control,
        check: raw.check,
        title: raw.title,
        events,
        noise: with_identity(raw.noise),
        cis_filter: raw.cis_filter,
        pattern: raw.pattern,
        compiled: OnceLock::new(),
    }
}

/// The control with CIS number `number` (`5.4`), or judged by check `id` (`RMP311`).
pub fn find_control(key: &str) -> Option<&'static AlertControl> {
    alert_controls()
        .iter()
        .find(|c| c.control == key || c.check.eq_ignore_ascii_case(key))
}

/// One canonical event in one Region.
#[derive(Debug, Clone, PartialEq)]
pub struct CanonicalEvent {
    /// A short description, used in evidence.
    pub name: String,
    pub region: String,
    /// The CloudTrail record.
    pub record: Value,
    /// The EventBridge `detail-type` and `source` it is delivered with.
    pub detail_type: &'static str,
    pub source: String,
    /// An event of a global service, delivered in `us-east-1` (see [`EventSpec::is_global`]).
    pub global: bool,
}

impl CanonicalEvent {
    /// The event as EventBridge delivers it on the default bus of its Region.
    pub fn eventbridge(&self, account: &str) -> Value {
        json!({
            "version": "0",
            "id": "6f9d4c2e-0a1b-4c3d-9e8f-7a6b5c4d3e2f",
            "detail-type": self.detail_type,
            "source": self.source,
            "account": account,
            "time": self.record["eventTime"],
            "region": self.region,
            "resources": [],
            "detail": self.record,
        })
    }

    /// Whether the record is a read-only management event, which EventBridge delivers only
    /// to rules in the state `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.
    pub fn read_only(&self) -> bool {
        self.record["readOnly"] == json!(true)
    }

    /// `name (region)`, for evidence.
    pub fn label(&self) -> String {
        format!("{} in {}", self.name, self.region)
    }
}

impl AlertControl {
    /// The control's events in every Region they happen in, among `audited`.
    pub fn canonical_events(&self, account: &str, audited: &[String]) -> Vec<CanonicalEvent> {
        self.events
            .iter()
            .flat_map(|e| {
                e.regions(audited)
                    .into_iter()
                    .map(move |r| build(account, e, &r))
            })
            .collect()
    }

    /// The noise event as it happens in `region` (global services: in `us-east-1`).
    pub fn noise_in(&self, account: &str, region: &str) -> CanonicalEvent {
        let region = if self.noise.is_global() {
            GLOBAL_EVENTS_REGION
        } else {
            region
        };
        build(account, &self.noise, region)
    }

    /// The EventBridge pattern for a rule that carries this control's events: the data's own,
    /// or one built from the control's service and event names.
    pub fn event_pattern(&self) -> String {
        if let Some(p) = &self.pattern {
            return p.clone();
        }
        let service = self.events.first().map_or("", |e| e.service.as_str());
        let names: Vec<&str> = self.events.iter().map(|e| e.event.as_str()).collect();
        json!({
            "source": [format!("aws.{service}")],
            "detail-type": [API_CALL],
            "detail": {
                "eventSource": [format!("{service}.amazonaws.com")],
                "eventName": names,
            }
        })
        .to_string()
    }

    /// The rule state that pattern needs: read-only events reach only rules in the state
    /// `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.
    pub fn rule_state(&self) -> &'static str {
        if self.events.iter().any(|e| e.read_only) {
            "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
        } else {
            "ENABLED"
        }
    }

    /// Whether every event of the control is delivered in `us-east-1` only.
    pub fn is_global(&self) -> bool {
        self.events.iter().all(EventSpec::is_global)
    }

    /// Whether a CloudTrail record (from the event history or an archive) is one of this
    /// control's events: the control's own EventBridge pattern, run on the record as
    /// EventBridge would deliver it in `region`. This is the set `rampart events --control`
    /// searches for.
    pub fn matches_record(&self, record: &Value, region: &str) -> bool {
        let Some(pattern) = self.compiled() else {
            return false;
        };
        let detail_type = if record["eventType"] == "AwsConsoleSignIn" {
            CONSOLE_SIGN_IN
        } else {
            API_CALL
        };
        let source = record["eventSource"]
            .as_str()
            .and_then(|s| s.strip_suffix(".amazonaws.com"))
            .map_or_else(String::new, |s| format!("aws.{s}"));
        let envelope = json!({
            "version": "0",
            "detail-type": detail_type,
            "source": source,
            "account": record["recipientAccountId"],
            "time": record["eventTime"],
            "region": region,
            "resources": [],
            "detail": record,
        });
        pattern.matches(&envelope)
    }

    fn compiled(&self) -> Option<&EventPattern> {
        self.compiled
            .get_or_init(|| EventPattern::parse(&self.event_pattern()).ok())
            .as_ref()
    }

    /// The one service all the control's events come from, if there is one (`iam.amazonaws.com`).
    pub fn single_source(&self) -> Option<String> {
        let first = &self.events.first()?.service;
        self.events
            .iter()
            .all(|e| &e.service == first)
            .then(|| format!("{first}.amazonaws.com"))
    }

    /// `CIS 5.4 (IAM policy changes)`.
    pub fn label(&self) -> String {
        format!("CIS 5 control {} ({})", self.control, self.title)
    }
}

fn identity(account: &str, kind: Option<&str>, with_key: bool) -> Value {
    let mut id = match kind {
        Some("Root") => json!({
            "type": "Root",
            "principalId": account,
            "arn": format!("arn:aws:iam::{account}:root"),
            "accountId": account,
        }),
        _ => json!({
            "type": "IAMUser",
            "principalId": "AIDAEXAMPLEUSER00001",
            "arn": format!("arn:aws:iam::{account}:user/alice"),
            "accountId": account,
            "userName": "alice",
        }),
    };
    if with_key {
        id["accessKeyId"] = json!("ASIAEXAMPLEKEY000001");
        id["sessionContext"] = json!({
            "sessionIssuer": {},
            "webIdFederationData": {},
            "attributes": {"creationDate": "2025-01-15T09:58:02Z", "mfaAuthenticated": "false"}
        });
    }
    id
}

fn build(account: &str, e: &EventSpec, region: &str) -> CanonicalEvent {
    let console = e.event_type == "AwsConsoleSignIn";
    let mut record = json!({
        "eventVersion": "1.09",
        "userIdentity": identity(account, e.identity.as_deref(), !console),
        "eventTime": "2025-01-15T10:00:00Z",
        "eventSource": format!("{}.amazonaws.com", e.service),
        "eventName": e.event,
        "awsRegion": region,
        "sourceIPAddress": "203.0.113.10",
        "userAgent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "requestParameters": null,
        "responseElements": null,
        "eventID": "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
        "readOnly": e.read_only,
        "eventType": e.event_type,
        "managementEvent": true,
        "recipientAccountId": account,
        "eventCategory": "Management",
    });
    if let Some(r) = record.as_object_mut() {
        r.extend(e.extra.clone());
    }
    CanonicalEvent {
        name: e.describe(),
        region: region.to_owned(),
        record,
        detail_type: if console { CONSOLE_SIGN_IN } else { API_CALL },
        source: format!("aws.{}", e.service),
        global: e.is_global(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNT: &str = "111122223333";

    #[test]
    fn the_fifteen_controls_in_order_with_unique_checks() {
        let controls = alert_controls();
        let numbers: Vec<&str> = controls.iter().map(|c| c.control.as_str()).collect();
        let want: Vec<String> = (1..=15).map(|n| format!("5.{n}")).collect();
        assert_eq!(numbers, want);
        let mut checks: Vec<&str> = controls.iter().map(|c| c.check.as_str()).collect();
        checks.sort_unstable();
        checks.dedup();
        assert_eq!(checks.len(), 15);
        assert_eq!(
            find_control("5.3").map(|c| c.check.as_str()),
            Some("RMP308")
        );
        assert_eq!(
            find_control("rmp311").map(|c| c.control.as_str()),
            Some("5.4")
        );
        assert!(find_control("5.16").is_none());
    }

    #[test]
    fn event_counts_follow_the_benchmark() {
        let count = |n: &str| find_control(n).map(|c| c.events.len());
        assert_eq!(count("5.4"), Some(16));
        assert_eq!(count("5.5"), Some(5));
        assert_eq!(count("5.8"), Some(9));
        assert_eq!(count("5.14"), Some(11));
        assert_eq!(count("5.15"), Some(21));
        for c in alert_controls() {
            assert!(!c.events.is_empty(), "{}", c.control);
            assert!(
                !c.events
                    .iter()
                    .any(|e| e.event.is_empty() || e.service.is_empty()),
                "{}",
                c.control
            );
        }
    }

    #[test]
    fn records_are_matched_with_the_controls_own_pattern() {
        let iam = find_control("5.4").expect("5.4");
        for e in iam.canonical_events(ACCOUNT, &["us-east-1".to_owned()]) {
            assert!(iam.matches_record(&e.record, "us-east-1"), "{}", e.name);
        }
        assert!(!iam.matches_record(&iam.noise_in(ACCOUNT, "us-east-1").record, "us-east-1"));
        assert_eq!(iam.single_source().as_deref(), Some("iam.amazonaws.com"));
        let root = find_control("5.3").expect("5.3");
        assert_eq!(root.single_source(), None);
        let sign_in = &root.canonical_events(ACCOUNT, &["us-east-1".to_owned()])[0];
        assert!(root.matches_record(&sign_in.record, "us-east-1"));
        assert!(!iam.matches_record(&sign_in.record, "us-east-1"));
    }

    #[test]
    fn events_carry_what_eventbridge_delivers_in_each_region() {
        let audited = vec!["us-east-1".to_owned(), "eu-west-1".to_owned()];
        let root = find_control("5.3").expect("5.3");
        let events = root.canonical_events(ACCOUNT, &audited);
        // Sign-in and IAM once (us-east-1); S3 and CloudTrail in both Regions.
        assert_eq!(events.len(), 6);
        let sign_in = events[0].eventbridge(ACCOUNT);
        assert_eq!(sign_in["detail-type"], CONSOLE_SIGN_IN);
        assert_eq!(sign_in["source"], "aws.signin");
        assert_eq!(sign_in["region"], "us-east-1");
        assert_eq!(sign_in["detail"]["userIdentity"]["type"], "Root");
        assert!(events
            .iter()
            .any(|e| e.region == "eu-west-1" && e.record["awsRegion"] == "eu-west-1"));
        let noise = root.noise_in(ACCOUNT, "eu-west-1");
        assert_eq!(noise.record["userIdentity"]["type"], "IAMUser");
        let unauthorized = find_control("5.1").expect("5.1");
        let e = unauthorized.canonical_events(ACCOUNT, &audited);
        assert!(e[0].read_only());
        assert_eq!(e[0].record["errorCode"], "AccessDenied");
        assert_eq!(e[1].eventbridge(ACCOUNT)["detail-type"], API_CALL);
    }
}
