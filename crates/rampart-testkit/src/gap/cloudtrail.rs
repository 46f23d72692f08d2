//! CloudTrail `LookupEvents` (event history), which moto does not implement: seeded records per
//! account and Region, AWS's paging and filters, and its 2-requests-a-second limit.

use chrono::{DateTime, Utc};
use hyper::StatusCode;
use serde_json::{json, Value};

use super::errors::{json, json_error, Reply};
use super::state::AccountState;

const ATTRIBUTE_KEYS: [&str; 8] = [
    "AccessKeyId",
    "EventId",
    "EventName",
    "EventSource",
    "ReadOnly",
    "ResourceName",
    "ResourceType",
    "Username",
];

fn invalid(kind: &str, message: &str) -> Reply {
    json_error(StatusCode::BAD_REQUEST, kind, message)
}

/// Answers one `LookupEvents` request for `region` of the account in `state`.
pub(crate) fn lookup_events(state: &mut AccountState, region: &str, body: &[u8]) -> Reply {
    if !state.take_lookup_token(region) {
        return json_error(
            StatusCode::BAD_REQUEST,
            "ThrottlingException",
            "Rate exceeded",
        );
    }
    let Ok(req) = serde_json::from_slice::<Value>(body) else {
        return invalid("SerializationException", "request body is not JSON");
    };
    let max = match req.get("MaxResults") {
        None | Some(Value::Null) => 50,
        Some(v) => match v.as_i64() {
            Some(n @ 1..=50) => n as usize,
            _ => return invalid("InvalidMaxResultsException", "MaxResults must be 1 to 50"),
        },
    };
    let filter = match req
        .get("LookupAttributes")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        None | Some([]) => None,
        Some([attr]) => {
            let key = attr
                .get("AttributeKey")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let value = attr
                .get("AttributeValue")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if !ATTRIBUTE_KEYS.contains(&key) || value.is_empty() {
                return invalid(
                    "InvalidLookupAttributesException",
                    "AttributeKey must be one of the eight lookup keys, with a value",
                );
            }
            Some((key.to_owned(), value.to_owned()))
        }
        Some(_) => {
            return invalid(
                "InvalidLookupAttributesException",
                "You cannot specify more than one lookup attribute",
            )
        }
    };
    let now = Utc::now();
    let oldest = now - chrono::Duration::days(90);
    let start = req
        .get("StartTime")
        .and_then(epoch)
        .unwrap_or(oldest)
        .max(oldest);
    let end = req.get("EndTime").and_then(epoch).unwrap_or(now);
    if start > end {
        return invalid(
            "InvalidTimeRangeException",
            "StartTime must be before EndTime",
        );
    }
    let offset = match req.get("NextToken").and_then(Value::as_str) {
        None => 0,
        Some(t) => match t
            .strip_prefix("lookup-")
            .and_then(|n| n.parse::<usize>().ok())
        {
            Some(n) => n,
            None => return invalid("InvalidNextTokenException", "Invalid NextToken"),
        },
    };

    let mut events: Vec<(DateTime<Utc>, &Value)> = state
        .events
        .get(region)
        .into_iter()
        .flatten()
        .filter_map(|record| {
            let at = record_time(record)?;
            if at < start || at > end {
                return None;
            }
            let listed = listed_fields(record)?;
            let keep = filter
                .as_ref()
                .is_none_or(|(k, v)| attribute_matches(&listed, record, k, v));
            keep.then_some((at, record))
        })
        .collect();
    events.sort_by_key(|e| std::cmp::Reverse(e.0));
    // Only the page's events carry the full record: serialising every record for every request
    // would make the endpoint, not the rate limit, what a benchmark measures.
    let page: Vec<Value> = events
        .iter()
        .skip(offset)
        .take(max)
        .filter_map(|(_, record)| history_event(record))
        .collect();
    let mut answer = json!({ "Events": page });
    if offset + max < events.len() {
        answer["NextToken"] = json!(format!("lookup-{}", offset + max));
    }
    json(&answer)
}

fn epoch(v: &Value) -> Option<DateTime<Utc>> {
    let secs = v.as_f64()?;
    DateTime::from_timestamp_millis((secs * 1000.0) as i64)
}

fn record_time(record: &Value) -> Option<DateTime<Utc>> {
    let s = record.get("eventTime")?.as_str()?;
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// The user name event history shows: `root` for the root user, the IAM user's name, or the
/// role session name.
fn username(record: &Value) -> Option<String> {
    let id = record.get("userIdentity")?;
    match id.get("type").and_then(Value::as_str) {
        Some("Root") => Some("root".to_owned()),
        Some("AssumedRole") => id
            .get("arn")
            .and_then(Value::as_str)
            .and_then(|a| a.rsplit('/').next())
            .map(Into::into),
        _ => id
            .get("userName")
            .and_then(Value::as_str)
            .map(str::to_owned),
    }
}

/// One event as `LookupEvents` returns it.
pub(crate) fn history_event(record: &Value) -> Option<Value> {
    let mut event = listed_fields(record)?;
    event["CloudTrailEvent"] = json!(record.to_string());
    Some(event)
}

/// The fields `LookupEvents` lists for a record, without the record itself.
fn listed_fields(record: &Value) -> Option<Value> {
    let at = record_time(record)?;
    let text = |k: &str| record.get(k).and_then(Value::as_str).map(str::to_owned);
    let resources: Vec<Value> = record
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|r| json!({ "ResourceType": r.get("type"), "ResourceName": r.get("ARN") }))
        .collect();
    let mut event = json!({
        "EventId": text("eventID")?,
        "EventName": text("eventName")?,
        "ReadOnly": record.get("readOnly").map_or("false".into(), std::string::ToString::to_string),
        "EventTime": at.timestamp(),
        "EventSource": text("eventSource")?,
        "Resources": resources,
    });
    let key = record
        .pointer("/userIdentity/accessKeyId")
        .and_then(Value::as_str);
    if let Some(key) = key.filter(|k| !k.is_empty()) {
        event["AccessKeyId"] = json!(key);
    }
    if let Some(user) = username(record) {
        event["Username"] = json!(user);
    }
    Some(event)
}

fn attribute_matches(event: &Value, record: &Value, key: &str, value: &str) -> bool {
    let field = |k: &str| event.get(k).and_then(Value::as_str) == Some(value);
    let resource = |k: &str| {
        record
            .get("resources")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|r| r.get(k).and_then(Value::as_str) == Some(value))
    };
    match key {
        "ResourceName" => resource("ARN"),
        "ResourceType" => resource("type"),
        other => field(other),
    }
}
