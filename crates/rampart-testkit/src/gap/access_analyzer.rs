//! IAM Access Analyzer's analyzers, which moto does not implement: kept per account and
//! Region, answered in its REST-JSON protocol (`GET`/`PUT /analyzer`, `GET`/`DELETE
//! /analyzer/{name}`), with AWS's limit of one account-level analyzer per type per Region, the
//! name rules, and `clientToken` idempotency. Analyzers are `ACTIVE` as soon as created.
//! Organization analyzers are accepted from any account (the endpoint does not know which
//! account may create them).

use chrono::Utc;
use hyper::StatusCode;
use serde_json::{json, Value};

use super::errors::{json, json_error, Reply};
use super::request::{form_value, RequestInfo};
use super::state::AccountState;

/// The analyzer types of the API.
const TYPES: &[&str] = &[
    "ACCOUNT",
    "ORGANIZATION",
    "ACCOUNT_UNUSED_ACCESS",
    "ORGANIZATION_UNUSED_ACCESS",
    "ACCOUNT_INTERNAL_ACCESS",
    "ORGANIZATION_INTERNAL_ACCESS",
];

/// An analyzer the endpoint keeps: its API summary, and the token that created it.
#[derive(Debug, Clone)]
pub(crate) struct Kept {
    pub summary: Value,
    pub client_token: Option<String>,
}

/// The summary of an analyzer named `name` of `kind` in `region` of `account`.
pub(crate) fn summary(account: &str, region: &str, name: &str, kind: &str, status: &str) -> Value {
    json!({
        "arn": format!("arn:aws:access-analyzer:{region}:{account}:analyzer/{name}"),
        "name": name,
        "type": kind,
        "status": status,
        "createdAt": Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "tags": {},
    })
}

fn error(status: StatusCode, kind: &str, message: &str) -> Reply {
    json_error(status, kind, message)
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    (1..=255).contains(&name.len())
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

fn field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

pub(crate) fn answer(
    state: &mut AccountState,
    account: &str,
    info: &RequestInfo,
    body: &[u8],
) -> Reply {
    let kept = state.analyzers.entry(info.region.clone()).or_default();
    let name_in_path = info
        .path
        .trim_start_matches('/')
        .split_once('/')
        .map(|(_, n)| {
            percent_encoding::percent_decode_str(n)
                .decode_utf8_lossy()
                .into_owned()
        });
    let find = |kept: &[Kept], name: &str| {
        kept.iter()
            .position(|k| field(&k.summary, "name") == Some(name))
    };
    match info.operation.as_str() {
        "ListAnalyzers" => {
            let wanted = form_value(&info.query, "type");
            let all: Vec<Value> = kept
                .iter()
                .map(|k| k.summary.clone())
                .filter(|s| {
                    wanted
                        .as_deref()
                        .is_none_or(|t| field(s, "type") == Some(t))
                })
                .collect();
            let max = form_value(&info.query, "maxResults")
                .and_then(|m| m.parse::<usize>().ok())
                .unwrap_or(100)
                .clamp(1, 1000);
            let start = match form_value(&info.query, "nextToken") {
                None => 0,
                Some(t) => match t.strip_prefix("page-").and_then(|n| n.parse().ok()) {
                    Some(n) => n,
                    None => {
                        return error(
                            StatusCode::BAD_REQUEST,
                            "ValidationException",
                            "Invalid nextToken",
                        )
                    }
                },
            };
            let mut out =
                json!({ "analyzers": all.iter().skip(start).take(max).collect::<Vec<_>>() });
            if start + max < all.len() {
                out["nextToken"] = json!(format!("page-{}", start + max));
            }
            json(&out)
        }
        "CreateAnalyzer" => {
            let req: Value = serde_json::from_slice(body).unwrap_or_default();
            let Some(name) = field(&req, "analyzerName").filter(|n| valid_name(n)) else {
                return error(
                    StatusCode::BAD_REQUEST,
                    "ValidationException",
                    "Invalid analyzerName",
                );
            };
            let Some(kind) = field(&req, "type").filter(|t| TYPES.contains(t)) else {
                return error(
                    StatusCode::BAD_REQUEST,
                    "ValidationException",
                    "Invalid type",
                );
            };
            let token = field(&req, "clientToken").map(str::to_owned);
            if let Some(i) = find(kept, name) {
                let same = token.is_some() && kept[i].client_token == token;
                if same {
                    return json(&json!({ "arn": kept[i].summary["arn"] }));
                }
                return error(
                    StatusCode::CONFLICT,
                    "ConflictException",
                    &format!("An analyzer named {name} already exists"),
                );
            }
            if !kind.starts_with("ORGANIZATION")
                && kept.iter().any(|k| field(&k.summary, "type") == Some(kind))
            {
                return error(
                    StatusCode::PAYMENT_REQUIRED,
                    "ServiceQuotaExceededException",
                    &format!("The account already has an analyzer of type {kind} in this Region"),
                );
            }
            let summary = summary(account, &info.region, name, kind, "ACTIVE");
            let arn = summary["arn"].clone();
            kept.push(Kept {
                summary,
                client_token: token,
            });
            json(&json!({ "arn": arn }))
        }
        "GetAnalyzer" | "DeleteAnalyzer" => {
            let name = name_in_path.unwrap_or_default();
            let Some(i) = find(kept, &name) else {
                return error(
                    StatusCode::NOT_FOUND,
                    "ResourceNotFoundException",
                    &format!("Analyzer {name} not found"),
                );
            };
            if info.operation == "DeleteAnalyzer" {
                kept.remove(i);
                return json(&json!({}));
            }
            json(&json!({ "analyzer": kept[i].summary }))
        }
        other => error(
            StatusCode::BAD_REQUEST,
            "ValidationException",
            &format!("Operation {other} is not supported by this endpoint"),
        ),
    }
}
