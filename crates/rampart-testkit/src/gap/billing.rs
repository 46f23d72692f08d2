//! Billing report APIs moto lacks, kept in memory per account: legacy Cost and Usage Reports
//! (`cur`) and Data Exports (`bcm-data-exports`), with the real APIs' required fields.

// Errors here are finished HTTP answers, built at most once per request of a test endpoint;
// boxing them would buy nothing.
#![allow(clippy::result_large_err)]

use chrono::Utc;
use hyper::StatusCode;
use serde_json::{json, Value};

use super::errors::{json, json_error, Reply};
use super::state::AccountState;

/// Data Exports writes timestamps as ISO 8601 strings (`date-time` format), unlike most JSON APIs.
fn stamp(at: chrono::DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn validation(message: &str) -> Reply {
    json_error(StatusCode::BAD_REQUEST, "ValidationException", message)
}

fn str_field<'a>(v: &'a Value, path: &str) -> Option<&'a str> {
    v.pointer(path)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// Checks that every `(JSON pointer, allowed values)` is present and, when a list is given,
/// one of the allowed values.
fn require(v: &Value, fields: &[(&str, &[&str])]) -> Result<(), Reply> {
    for (path, allowed) in fields {
        match str_field(v, path) {
            None => return Err(validation(&format!("Missing required field {path}"))),
            Some(s) if !allowed.is_empty() && !allowed.contains(&s) => {
                return Err(validation(&format!("Invalid value {s:?} for {path}")))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

fn page(
    items: Vec<Value>,
    req: &Value,
    max_default: usize,
    max_limit: usize,
) -> Result<(Vec<Value>, Option<String>), Reply> {
    let max = match req.get("MaxResults").and_then(Value::as_u64) {
        None => max_default,
        Some(n) if n >= 1 && n as usize <= max_limit => n as usize,
        Some(_) => return Err(validation("MaxResults out of range")),
    };
    let offset = match req.get("NextToken").and_then(Value::as_str) {
        None => 0,
        Some(t) => t
            .strip_prefix("page-")
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| validation("Invalid NextToken"))?,
    };
    let next = (offset + max < items.len()).then(|| format!("page-{}", offset + max));
    Ok((items.into_iter().skip(offset).take(max).collect(), next))
}

/// `AWSOrigamiServiceGatewayService.<op>`.
pub(crate) fn cur(state: &mut AccountState, op: &str, req: &Value) -> Reply {
    let result = match op {
        "PutReportDefinition" => put_report(state, req),
        "ModifyReportDefinition" => modify_report(state, req),
        "DescribeReportDefinitions" => {
            page(state.cur_reports.clone(), req, 5, 5).map(|(items, next)| {
                let mut out = json!({ "ReportDefinitions": items });
                if let Some(n) = next {
                    out["NextToken"] = json!(n);
                }
                json(&out)
            })
        }
        "DeleteReportDefinition" => match str_field(req, "/ReportName") {
            None => Err(validation("Missing required field ReportName")),
            Some(name) => {
                state
                    .cur_reports
                    .retain(|r| str_field(r, "/ReportName") != Some(name));
                Ok(json(
                    &json!({ "ResponseMessage": format!("Report {name} deleted") }),
                ))
            }
        },
        other => Err(validation(&format!(
            "Operation {other} is not supported by this endpoint"
        ))),
    };
    result.unwrap_or_else(|e| e)
}

fn check_report(def: &Value) -> Result<(), Reply> {
    require(
        def,
        &[
            ("/ReportName", &[]),
            ("/TimeUnit", &["HOURLY", "DAILY", "MONTHLY"]),
            ("/Format", &["textORcsv", "Parquet"]),
            ("/Compression", &["ZIP", "GZIP", "Parquet"]),
            ("/S3Bucket", &[]),
            ("/S3Region", &[]),
        ],
    )?;
    if def.get("S3Prefix").and_then(Value::as_str).is_none() {
        return Err(validation("Missing required field /S3Prefix"));
    }
    if def
        .get("AdditionalSchemaElements")
        .and_then(Value::as_array)
        .is_none()
    {
        return Err(validation(
            "Missing required field /AdditionalSchemaElements",
        ));
    }
    let name = str_field(def, "/ReportName").unwrap_or_default();
    let valid = |c: char| c.is_ascii_alphanumeric() || "!-_.*'()".contains(c);
    if name.len() > 256 || !name.chars().all(valid) {
        return Err(validation("ReportName must match [0-9A-Za-z!\\-_.*\\'()]+"));
    }
    Ok(())
}

fn put_report(state: &mut AccountState, req: &Value) -> Result<Reply, Reply> {
    let def = req
        .get("ReportDefinition")
        .ok_or_else(|| validation("Missing ReportDefinition"))?;
    check_report(def)?;
    let name = str_field(def, "/ReportName").unwrap_or_default();
    if state
        .cur_reports
        .iter()
        .any(|r| str_field(r, "/ReportName") == Some(name))
    {
        return Err(json_error(
            StatusCode::BAD_REQUEST,
            "DuplicateReportNameException",
            "A report with that name already exists",
        ));
    }
    if state.cur_reports.len() >= 5 {
        return Err(json_error(
            StatusCode::BAD_REQUEST,
            "ReportLimitReachedException",
            "Report limit reached",
        ));
    }
    state.cur_reports.push(def.clone());
    Ok(json(&json!({})))
}

fn modify_report(state: &mut AccountState, req: &Value) -> Result<Reply, Reply> {
    let name = str_field(req, "/ReportName").ok_or_else(|| validation("Missing ReportName"))?;
    let def = req
        .get("ReportDefinition")
        .ok_or_else(|| validation("Missing ReportDefinition"))?;
    check_report(def)?;
    let slot = state
        .cur_reports
        .iter_mut()
        .find(|r| str_field(r, "/ReportName") == Some(name));
    let slot = slot.ok_or_else(|| validation(&format!("Report {name} does not exist")))?;
    *slot = def.clone();
    Ok(json(&json!({})))
}

/// `AWSBillingAndCostManagementDataExports.<op>`.
pub(crate) fn exports(state: &mut AccountState, account: &str, op: &str, req: &Value) -> Reply {
    let result = match op {
        "CreateExport" => create_export(state, account, req),
        "GetExport" => find_export(state, req).map(|(export, created)| {
            let at = stamp(created);
            json(&json!({
                "Export": export,
                "ExportStatus": { "StatusCode": "HEALTHY", "CreatedAt": at,
                                  "LastUpdatedAt": at, "LastRefreshedAt": at },
            }))
        }),
        "ListExports" => {
            let refs = state
                .exports
                .iter()
                .map(|(e, created)| {
                    json!({
                        "ExportArn": e["ExportArn"], "ExportName": e["Name"],
                        "ExportStatus": { "StatusCode": "HEALTHY", "CreatedAt": stamp(*created),
                                          "LastUpdatedAt": stamp(*created) },
                    })
                })
                .collect();
            page(refs, req, 20, 20).map(|(items, next)| {
                let mut out = json!({ "Exports": items });
                if let Some(n) = next {
                    out["NextToken"] = json!(n);
                }
                json(&out)
            })
        }
        "DeleteExport" => find_export(state, req).map(|(export, _)| {
            state
                .exports
                .retain(|(e, _)| e["ExportArn"] != export["ExportArn"]);
            json(&json!({ "ExportArn": export["ExportArn"] }))
        }),
        other => Err(validation(&format!(
            "Operation {other} is not supported by this endpoint"
        ))),
    };
    result.unwrap_or_else(|e| e)
}

fn create_export(state: &mut AccountState, account: &str, req: &Value) -> Result<Reply, Reply> {
    let export = req
        .get("Export")
        .ok_or_else(|| validation("Missing Export"))?;
    let s3 = "/DestinationConfigurations/S3Destination";
    let out = format!("{s3}/S3OutputConfigurations");
    require(
        export,
        &[
            ("/Name", &[]),
            ("/DataQuery/QueryStatement", &[]),
            (&format!("{s3}/S3Bucket"), &[]),
            (&format!("{s3}/S3Prefix"), &[]),
            (&format!("{s3}/S3Region"), &[]),
            (&format!("{out}/OutputType"), &["CUSTOM"]),
            (&format!("{out}/Format"), &["TEXT_OR_CSV", "PARQUET"]),
            (&format!("{out}/Compression"), &["GZIP", "PARQUET"]),
            (
                &format!("{out}/Overwrite"),
                &["CREATE_NEW_REPORT", "OVERWRITE_REPORT"],
            ),
            ("/RefreshCadence/Frequency", &["SYNCHRONOUS"]),
        ],
    )?;
    let name = str_field(export, "/Name").unwrap_or_default();
    if state
        .exports
        .iter()
        .any(|(e, _)| str_field(e, "/Name") == Some(name))
    {
        return Err(validation(&format!(
            "An export named {name} already exists"
        )));
    }
    let n = state.exports.len() + 1;
    let arn = format!("arn:aws:bcm-data-exports:us-east-1:{account}:export/{name}-{n:08x}");
    let mut stored = export.clone();
    stored["ExportArn"] = json!(arn);
    state.exports.push((stored, Utc::now()));
    Ok(json(&json!({ "ExportArn": arn })))
}

fn find_export(state: &AccountState, req: &Value) -> Result<(Value, chrono::DateTime<Utc>), Reply> {
    let arn = str_field(req, "/ExportArn").ok_or_else(|| validation("Missing ExportArn"))?;
    state.exports.iter().find(|(e, _)| str_field(e, "/ExportArn") == Some(arn)).cloned().ok_or_else(|| {
        let body = json!({ "__type": "ResourceNotFoundException", "Message": format!("Export {arn} not found"),
                           "ResourceId": arn, "ResourceType": "Export" });
        super::errors::reply(StatusCode::BAD_REQUEST, "application/x-amz-json-1.1", body.to_string())
    })
}
