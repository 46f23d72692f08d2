//! Root-user facts moto leaves out of IAM answers: the `<root_account>` row of the credential
//! report, the root flags of the account summary, and a root virtual MFA device.

use std::time::Instant;

use chrono::{DateTime, SecondsFormat, Utc};
use hyper::StatusCode;

use super::errors::{error, reply, Reply};
use super::request::RequestInfo;
use super::state::{AccountState, RootState};

/// With a report delay set, IAM's asynchronous report generation: `GenerateCredentialReport`
/// answers `STARTED` then `INPROGRESS`, and `GetCredentialReport` answers `ReportNotPresent`
/// or `ReportInProgress` until the delay has passed. `None` lets moto answer.
pub(crate) fn report_generation(state: &mut AccountState, info: &RequestInfo) -> Option<Reply> {
    let delay = state.report_delay?;
    let ready = |started: Instant| started.elapsed() >= delay;
    match (info.operation.as_str(), state.report_started) {
        ("GenerateCredentialReport", Some(started)) if !ready(started) => {
            Some(generate_answer("INPROGRESS"))
        }
        ("GenerateCredentialReport", Some(_)) => None,
        ("GenerateCredentialReport", None) => {
            state.report_started = Some(Instant::now());
            Some(generate_answer("STARTED"))
        }
        ("GetCredentialReport", None) => Some(error(
            info,
            StatusCode::GONE,
            "ReportNotPresent",
            "Credential report not present. Call GenerateCredentialReport first.",
        )),
        ("GetCredentialReport", Some(started)) if !ready(started) => Some(error(
            info,
            StatusCode::NOT_FOUND,
            "ReportInProgress",
            "Credential report is being generated.",
        )),
        _ => None,
    }
}

fn generate_answer(state: &str) -> Reply {
    let description = match state {
        "STARTED" => "No report exists. Starting a new report generation task",
        _ => "Report generation in progress",
    };
    reply(
        StatusCode::OK,
        "text/xml",
        format!(
            "<GenerateCredentialReportResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\
             <GenerateCredentialReportResult><State>{state}</State>\
             <Description>{description}</Description></GenerateCredentialReportResult>\
             <ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000000</RequestId>\
             </ResponseMetadata></GenerateCredentialReportResponse>"
        ),
    )
}

fn date(d: DateTime<Utc>) -> String {
    // AWS writes credential report dates as `2024-05-16T15:24:29+00:00`.
    d.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The root row in AWS's 22-column layout.
pub(crate) fn root_row(account: &str, root: &RootState) -> String {
    let key = |n: u8| -> [String; 5] {
        if root.access_keys_active < n {
            return ["false", "N/A", "N/A", "N/A", "N/A"].map(str::to_owned);
        }
        let rotated = root.access_keys_created.unwrap_or(root.created);
        let used = if n == 1 {
            root.key_last_used.as_ref()
        } else {
            None
        };
        match used {
            Some(u) => [
                "true".into(),
                date(rotated),
                date(u.at),
                u.region.clone(),
                u.service.clone(),
            ],
            None => [
                "true".into(),
                date(rotated),
                "N/A".into(),
                "N/A".into(),
                "N/A".into(),
            ],
        }
    };
    let mut cols: Vec<String> = vec![
        "<root_account>".into(),
        format!("arn:aws:iam::{account}:root"),
        date(root.created),
        "not_supported".into(),
        root.password_last_used
            .map_or_else(|| "no_information".into(), date),
        "not_supported".into(),
        "not_supported".into(),
        root.mfa_enabled.to_string(),
    ];
    cols.extend(key(1));
    cols.extend(key(2));
    cols.extend(["false", "N/A", "false", "N/A"].map(str::to_owned));
    cols.join(",")
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<(usize, &'a str)> {
    let start = s.find(open)? + open.len();
    let len = s[start..].find(close)?;
    Some((start, &s[start..start + len]))
}

/// Puts the root row first in the base64 CSV of a `GetCredentialReport` answer.
pub(crate) fn add_root_row(xml: &str, account: &str, root: &RootState) -> Option<String> {
    let (start, content) = between(xml, "<Content>", "</Content>")?;
    let csv = aws_smithy_types::base64::decode(content.trim()).ok()?;
    let csv = String::from_utf8(csv).ok()?;
    let (header, rest) = csv.split_once('\n')?;
    let row = root_row(account, root);
    let new_csv = format!("{header}\n{row}\n{rest}");
    let encoded = aws_smithy_types::base64::encode(new_csv.as_bytes());
    Some(format!(
        "{}{}{}",
        &xml[..start],
        encoded,
        &xml[start + content.len()..]
    ))
}

/// Sets `AccountMFAEnabled` and `AccountAccessKeysPresent` in a `GetAccountSummary` answer.
pub(crate) fn rewrite_summary(xml: &str, root: &RootState) -> String {
    let set = |xml: String, key: &str, value: bool| -> String {
        let marker = format!("<key>{key}</key>");
        let Some(at) = xml.find(&marker) else {
            return xml.replacen(
                "</SummaryMap>",
                &format!(
                    "<entry>{marker}<value>{}</value></entry></SummaryMap>",
                    u8::from(value)
                ),
                1,
            );
        };
        let after = at + marker.len();
        match between(&xml[after..], "<value>", "</value>") {
            Some((start, old)) => {
                let start = after + start;
                format!(
                    "{}{}{}",
                    &xml[..start],
                    u8::from(value),
                    &xml[start + old.len()..]
                )
            }
            None => xml,
        }
    };
    let xml = set(xml.to_owned(), "AccountMFAEnabled", root.mfa_enabled);
    set(xml, "AccountAccessKeysPresent", root.access_keys_active > 0)
}

/// Adds the root's virtual MFA device to a `ListVirtualMFADevices` answer, unless the request
/// asked only for unassigned devices.
pub(crate) fn add_root_virtual_mfa(
    xml: &str,
    account: &str,
    root: &RootState,
    form: &str,
) -> String {
    let status = super::request::form_value(form, "AssignmentStatus").unwrap_or_default();
    if !(root.mfa_enabled && root.mfa_virtual) || status == "Unassigned" {
        return xml.to_owned();
    }
    let created = date(root.created);
    let member = format!(
        "<member><SerialNumber>arn:aws:iam::{account}:mfa/root-account-mfa-device</SerialNumber>\
         <User><Path>/</Path><UserName></UserName><UserId>{account}</UserId>\
         <Arn>arn:aws:iam::{account}:root</Arn><CreateDate>{created}</CreateDate></User>\
         <EnableDate>{created}</EnableDate></member>"
    );
    if xml.contains("<VirtualMFADevices/>") {
        xml.replacen(
            "<VirtualMFADevices/>",
            &format!("<VirtualMFADevices>{member}</VirtualMFADevices>"),
            1,
        )
    } else {
        xml.replacen(
            "<VirtualMFADevices>",
            &format!("<VirtualMFADevices>{member}"),
            1,
        )
    }
}
