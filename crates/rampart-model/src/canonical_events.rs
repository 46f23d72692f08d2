//! Canonical root activity: the events an alert on "use of the root user" must catch, in the
//! two forms the alerting routes see them.
//!
//! - As EventBridge delivers them on the default bus (the CloudTrail record under `detail`,
//!   with `detail-type`, `source`, `account`, `region`, …), for event patterns.
//! - As the raw CloudTrail record a trail writes to its CloudWatch Logs group, for metric
//!   filters.
//!
//! The set is a root console sign-in and root API calls to several services, all write
//! management events in `us-east-1` with no `invokedBy` (the root user acting itself). A rule
//! or filter that catches only some of them — one service, one event name, sign-ins only —
//! alerts on part of root activity, which is not what CIS 4.3 / CloudWatch.1 ask for.
//! Read-only calls are left out on purpose: EventBridge delivers them only to rules in the
//! state `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`, and a route is not required to see
//! them.

use serde_json::{json, Value};

/// The Region where root console sign-ins are delivered, and where these events happen.
pub const ROOT_EVENTS_REGION: &str = "us-east-1";

/// One canonical root event.
#[derive(Debug, Clone, PartialEq)]
pub struct CanonicalEvent {
    /// A short description, used in evidence ("root console sign-in").
    pub name: &'static str,
    /// The CloudTrail record.
    pub record: Value,
    /// The EventBridge `detail-type` and `source` it is delivered with.
    pub detail_type: &'static str,
    pub source: &'static str,
}

impl CanonicalEvent {
    /// The event as EventBridge delivers it on the default bus.
    pub fn eventbridge(&self, account: &str) -> Value {
        json!({
            "version": "0",
            "id": "6f9d4c2e-0a1b-4c3d-9e8f-7a6b5c4d3e2f",
            "detail-type": self.detail_type,
            "source": self.source,
            "account": account,
            "time": self.record["eventTime"],
            "region": ROOT_EVENTS_REGION,
            "resources": [],
            "detail": self.record,
        })
    }
}

const CONSOLE_SIGN_IN: &str = "AWS Console Sign In via CloudTrail";
const API_CALL: &str = "AWS API Call via CloudTrail";

fn root_identity(account: &str, access_key: bool) -> Value {
    let mut id = json!({
        "type": "Root",
        "principalId": account,
        "arn": format!("arn:aws:iam::{account}:root"),
        "accountId": account,
    });
    if access_key {
        id["accessKeyId"] = json!("ASIAEXAMPLEROOTKEY01");
        id["sessionContext"] = json!({
            "sessionIssuer": {},
            "webIdFederationData": {},
            "attributes": {"creationDate": "2025-01-15T09:58:02Z", "mfaAuthenticated": "false"}
        });
    }
    id
}

fn record(account: &str, service: &str, name: &str, event_type: &str, extra: Value) -> Value {
    let mut r = json!({
        "eventVersion": "1.09",
        "userIdentity": root_identity(account, event_type == "AwsApiCall"),
        "eventTime": "2025-01-15T10:00:00Z",
        "eventSource": format!("{service}.amazonaws.com"),
        "eventName": name,
        "awsRegion": ROOT_EVENTS_REGION,
        "sourceIPAddress": "203.0.113.10",
        "userAgent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "requestParameters": null,
        "responseElements": null,
        "eventID": "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
        "readOnly": false,
        "eventType": event_type,
        "managementEvent": true,
        "recipientAccountId": account,
        "eventCategory": "Management",
    });
    if let (Some(r), Value::Object(extra)) = (r.as_object_mut(), extra) {
        r.extend(extra);
    }
    r
}

/// The canonical root events for `account`.
pub fn root_events(account: &str) -> Vec<CanonicalEvent> {
    vec![
        CanonicalEvent {
            name: "root console sign-in",
            record: record(
                account,
                "signin",
                "ConsoleLogin",
                "AwsConsoleSignIn",
                json!({
                    "responseElements": {"ConsoleLogin": "Success"},
                    "additionalEventData": {
                        "LoginTo": "https://console.aws.amazon.com/console/home",
                        "MobileVersion": "No",
                        "MFAUsed": "No"
                    }
                }),
            ),
            detail_type: CONSOLE_SIGN_IN,
            source: "aws.signin",
        },
        CanonicalEvent {
            name: "root IAM API call (CreateAccessKey)",
            record: record(
                account,
                "iam",
                "CreateAccessKey",
                "AwsApiCall",
                json!({"responseElements": {"accessKey": {"status": "Active"}}}),
            ),
            detail_type: API_CALL,
            source: "aws.iam",
        },
        CanonicalEvent {
            name: "root S3 API call (PutBucketPolicy)",
            record: record(
                account,
                "s3",
                "PutBucketPolicy",
                "AwsApiCall",
                json!({"requestParameters": {"bucketName": "example-bucket"}}),
            ),
            detail_type: API_CALL,
            source: "aws.s3",
        },
        CanonicalEvent {
            name: "root CloudTrail API call (StopLogging)",
            record: record(
                account,
                "cloudtrail",
                "StopLogging",
                "AwsApiCall",
                json!({"requestParameters": {"name": "management-events"}}),
            ),
            detail_type: API_CALL,
            source: "aws.cloudtrail",
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_carry_what_eventbridge_delivers() {
        let events = root_events("111122223333");
        assert_eq!(events.len(), 4);
        let sign_in = events[0].eventbridge("111122223333");
        assert_eq!(sign_in["detail-type"], CONSOLE_SIGN_IN);
        assert_eq!(sign_in["source"], "aws.signin");
        assert_eq!(sign_in["region"], "us-east-1");
        assert_eq!(sign_in["detail"]["eventType"], "AwsConsoleSignIn");
        assert_eq!(sign_in["detail"]["userIdentity"]["type"], "Root");
        for e in &events {
            assert!(e.record["userIdentity"].get("invokedBy").is_none());
            assert_eq!(e.record["readOnly"], false);
            assert_eq!(e.record["recipientAccountId"], "111122223333");
        }
        let sources: Vec<&str> = events.iter().map(|e| e.source).collect();
        assert_eq!(
            sources,
            ["aws.signin", "aws.iam", "aws.s3", "aws.cloudtrail"]
        );
        assert!(events[1..]
            .iter()
            .all(|e| e.record["eventType"] == "AwsApiCall" && e.detail_type == API_CALL));
    }
}
