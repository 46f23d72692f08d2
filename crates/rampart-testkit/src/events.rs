//! Realistic CloudTrail records to seed the event history with: root console sign-ins, root and
//! IAM-user API calls, and failed calls.

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A unique `eventID` in CloudTrail's UUID layout.
fn event_id() -> String {
    let n = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let pid = u64::from(std::process::id());
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        pid,
        n >> 16 & 0xffff,
        n & 0xfff,
        n >> 28 & 0xfff,
        n
    )
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Reads (`Get*`, `List*`, `Describe*`, `Lookup*`) are `readOnly`.
fn is_read(event_name: &str) -> bool {
    ["Get", "List", "Describe", "Lookup", "Head"]
        .iter()
        .any(|p| event_name.starts_with(p))
}

fn root_identity(account: &str, access_key: Option<&str>) -> Value {
    json!({
        "type": "Root",
        "principalId": account,
        "arn": format!("arn:aws:iam::{account}:root"),
        "accountId": account,
        "accessKeyId": access_key.unwrap_or(""),
    })
}

fn api_call(
    identity: Value,
    account: &str,
    region: &str,
    source: &str,
    name: &str,
    at: DateTime<Utc>,
) -> Value {
    json!({
        "eventVersion": "1.10",
        "userIdentity": identity,
        "eventTime": time(at),
        "eventSource": source,
        "eventName": name,
        "awsRegion": region,
        "sourceIPAddress": "198.51.100.23",
        "userAgent": "aws-cli/2.17.0 Python/3.12.6 Linux/6.8.0 exe/x86_64",
        "requestParameters": null,
        "responseElements": null,
        "requestID": event_id(),
        "eventID": event_id(),
        "readOnly": is_read(name),
        "eventType": "AwsApiCall",
        "managementEvent": true,
        "recipientAccountId": account,
        "eventCategory": "Management",
    })
}

/// A successful root console sign-in (recorded in `us-east-1`, as AWS does).
pub fn root_console_login(account: &str, at: DateTime<Utc>, mfa_used: bool) -> Value {
    json!({
        "eventVersion": "1.09",
        "userIdentity": root_identity(account, None),
        "eventTime": time(at),
        "eventSource": "signin.amazonaws.com",
        "eventName": "ConsoleLogin",
        "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.10",
        "userAgent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "requestParameters": null,
        "responseElements": { "ConsoleLogin": "Success" },
        "additionalEventData": {
            "LoginTo": "https://console.aws.amazon.com/console/home",
            "MobileVersion": "No",
            "MFAUsed": if mfa_used { "Yes" } else { "No" },
        },
        "eventID": event_id(),
        "readOnly": false,
        "eventType": "AwsConsoleSignIn",
        "managementEvent": true,
        "recipientAccountId": account,
        "eventCategory": "Management",
    })
}

/// An API call made with root credentials, e.g. `("iam.amazonaws.com", "CreateUser")`.
pub fn root_api_call(
    account: &str,
    region: &str,
    source: &str,
    name: &str,
    at: DateTime<Utc>,
) -> Value {
    api_call(
        root_identity(account, Some("AKIAROOTEXAMPLE00001")),
        account,
        region,
        source,
        name,
        at,
    )
}

/// An API call made by the IAM user `user` with the access key `access_key`.
pub fn user_api_call(
    account: &str,
    user: &str,
    access_key: &str,
    region: &str,
    source: &str,
    name: &str,
    at: DateTime<Utc>,
) -> Value {
    let identity = json!({
        "type": "IAMUser",
        "principalId": format!("AIDA{:0>17}", user.len()),
        "arn": format!("arn:aws:iam::{account}:user/{user}"),
        "accountId": account,
        "accessKeyId": access_key,
        "userName": user,
    });
    api_call(identity, account, region, source, name, at)
}

/// Marks `record` as failed with `code` (e.g. `AccessDenied`).
pub fn with_error(mut record: Value, code: &str, message: &str) -> Value {
    record["errorCode"] = json!(code);
    record["errorMessage"] = json!(message);
    record
}

/// Adds a resource (`type` such as `AWS::S3::Bucket`, and its ARN or name) to `record`.
pub fn with_resource(mut record: Value, kind: &str, name: &str) -> Value {
    let account = record["recipientAccountId"].clone();
    let entry = json!({ "accountId": account, "type": kind, "ARN": name });
    match record.get_mut("resources").and_then(Value::as_array_mut) {
        Some(list) => list.push(entry),
        None => record["resources"] = json!([entry]),
    }
    record
}
