//! Tests of the event filters: which attribute goes to CloudTrail, and which records pass.

use serde_json::json;

use super::*;

fn user_call(user: &str, key: &str, name: &str, source: &str) -> Event {
    Event::from_record(
        "eu-west-1",
        json!({
            "userIdentity": {"type": "IAMUser", "userName": user, "accessKeyId": key,
                             "arn": format!("arn:aws:iam::123456789012:user/{user}")},
            "eventTime": "2026-11-20T08:30:00Z", "eventName": name, "eventSource": source,
            "readOnly": name.starts_with("Get"), "eventID": "e-1",
            "resources": [{"type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::logs"}],
        }),
    )
}

#[test]
fn sends_the_most_selective_attribute() {
    let f = EventFilter {
        event_name: Some("GetObject".into()),
        user: Some("alice".into()),
        read_only: Some(true),
        ..EventFilter::default()
    };
    assert_eq!(f.lookup(), Some((LookupKey::Username, "alice".into())));
    let f = EventFilter {
        access_key: Some("AKIAEXAMPLE".into()),
        ..f
    };
    assert_eq!(
        f.lookup(),
        Some((LookupKey::AccessKeyId, "AKIAEXAMPLE".into()))
    );
    let f = EventFilter {
        event_source: Some("iam".into()),
        ..EventFilter::default()
    };
    assert_eq!(
        f.lookup(),
        Some((LookupKey::EventSource, "iam.amazonaws.com".into()))
    );
    assert_eq!(EventFilter::default().lookup(), None);
    let root = EventFilter {
        root: true,
        console_logins: true,
        ..EventFilter::default()
    };
    assert_eq!(root.lookup(), Some((LookupKey::Username, "root".into())));
    // An ARN cannot be looked up as a user name; the event name goes instead.
    let arn = EventFilter {
        user: Some("arn:aws:iam::123456789012:user/alice".into()),
        console_logins: true,
        ..EventFilter::default()
    };
    assert_eq!(
        arn.lookup(),
        Some((LookupKey::EventName, CONSOLE_LOGIN.into()))
    );
}

#[test]
fn every_filter_applies_to_the_record() {
    let e = user_call("alice", "AKIAALICE", "GetObject", "s3.amazonaws.com");
    let pass = |f: EventFilter| f.matches(&e);
    assert!(pass(EventFilter::default()));
    assert!(pass(EventFilter {
        user: Some("alice".into()),
        ..Default::default()
    }));
    assert!(pass(EventFilter {
        user: Some("arn:aws:iam::123456789012:user/alice".into()),
        ..Default::default()
    }));
    assert!(!pass(EventFilter {
        user: Some("bob".into()),
        ..Default::default()
    }));
    assert!(pass(EventFilter {
        event_source: Some("s3".into()),
        ..Default::default()
    }));
    assert!(!pass(EventFilter {
        event_source: Some("iam".into()),
        ..Default::default()
    }));
    assert!(pass(EventFilter {
        access_key: Some("AKIAALICE".into()),
        ..Default::default()
    }));
    assert!(!pass(EventFilter {
        access_key: Some("AKIAOTHER".into()),
        ..Default::default()
    }));
    assert!(pass(EventFilter {
        read_only: Some(true),
        ..Default::default()
    }));
    assert!(!pass(EventFilter {
        read_only: Some(false),
        ..Default::default()
    }));
    assert!(pass(EventFilter {
        resource_name: Some("arn:aws:s3:::logs".into()),
        resource_type: Some("AWS::S3::Bucket".into()),
        ..Default::default()
    }));
    assert!(!pass(EventFilter {
        resource_type: Some("AWS::IAM::User".into()),
        ..Default::default()
    }));
    assert!(!pass(EventFilter {
        root: true,
        ..Default::default()
    }));
    assert!(!pass(EventFilter {
        errors: true,
        ..Default::default()
    }));
    assert!(!pass(EventFilter {
        console_logins: true,
        ..Default::default()
    }));
    assert!(pass(EventFilter {
        event_name: Some("GetObject".into()),
        ..Default::default()
    }));
}

#[test]
fn sign_ins_show_mfa_and_failures() {
    let ok = Event::from_record(
        "us-east-1",
        json!({"userIdentity": {"type": "Root", "arn": "arn:aws:iam::123456789012:root"},
               "eventName": "ConsoleLogin", "eventTime": "2026-11-20T08:30:00Z",
               "responseElements": {"ConsoleLogin": "Success"},
               "additionalEventData": {"MFAUsed": "No"}}),
    );
    assert_eq!(ok.username.as_deref(), Some("root"));
    assert_eq!(ok.mfa_used(), Some(false));
    assert_eq!(ok.error(), None);
    let f = EventFilter {
        root: true,
        console_logins: true,
        ..Default::default()
    };
    assert!(f.matches(&ok));
    let failed = Event::from_record(
        "us-east-1",
        json!({"userIdentity": {"type": "IAMUser", "userName": "bob"},
               "eventName": "ConsoleLogin", "eventTime": "2026-11-20T08:30:00Z",
               "errorMessage": "Failed authentication",
               "responseElements": {"ConsoleLogin": "Failure"},
               "additionalEventData": {"MFAUsed": "Yes"}}),
    );
    assert_eq!(failed.error(), Some("Failed authentication"));
    assert_eq!(failed.mfa_used(), Some(true));
    assert!(EventFilter {
        errors: true,
        console_logins: true,
        ..Default::default()
    }
    .matches(&failed));
    assert!(!f.matches(&failed));
}
