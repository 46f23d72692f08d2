//! Tests of the root search's reading of records, which need no endpoint.

use super::*;

fn event(region: &str, record: &str) -> Event {
    let record = serde_json::from_str(record).unwrap_or(serde_json::Value::Null);
    Event::from_record(region, record)
}

#[test]
fn recognises_root_records() {
    let record = r#"{"eventVersion":"1.08","userIdentity":{"type":"Root","arn":"arn:aws:iam::123456789012:root"},
        "eventTime":"2026-11-20T08:30:00Z","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7"}"#;
    let Some(found) = root_event(&event("eu-west-1", record)) else {
        panic!("a Root record was not recognised")
    };
    assert_eq!(found.event_name, "ConsoleLogin");
    assert_eq!(found.region, "us-east-1");
    assert_eq!(found.source_ip.as_deref(), Some("203.0.113.7"));
    assert_eq!(found.time.to_rfc3339(), "2026-11-20T08:30:00+00:00");
}

#[test]
fn a_user_called_root_is_not_root() {
    let record = r#"{"userIdentity":{"type":"IAMUser","userName":"root"},"eventTime":"2026-11-20T08:30:00Z","eventName":"GetUser"}"#;
    assert_eq!(root_event(&event("us-east-1", record)), None);
}

#[test]
fn falls_back_to_the_listed_time_and_region() {
    let listed = DateTime::parse_from_rfc3339("2026-10-01T00:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .ok();
    let mut e = event("eu-west-1", r#"{"userIdentity":{"type":"Root"}}"#);
    e.time = listed;
    e.event_name = Some("FromList".into());
    let Some(found) = root_event(&e) else {
        panic!("not recognised")
    };
    assert_eq!(Some(found.time), listed);
    assert_eq!(found.region, "eu-west-1");
    assert_eq!(found.event_name, "FromList");
    // No time anywhere: not an event we can date.
    e.time = None;
    assert_eq!(root_event(&e), None);
}

#[test]
fn garbage_records_are_ignored() {
    assert_eq!(root_event(&event("us-east-1", "{not json")), None);
    assert_eq!(root_event(&event("us-east-1", "[]")), None);
}
