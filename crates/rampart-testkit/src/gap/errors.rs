//! Error answers in each service's own protocol, so the SDK parses injected faults the way it
//! parses real ones.

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Response, StatusCode};

use super::request::{Protocol, RequestInfo};

pub(crate) type Reply = Response<Full<Bytes>>;

pub(crate) fn reply(status: StatusCode, content_type: &str, body: impl Into<Bytes>) -> Reply {
    let mut resp = Response::new(Full::new(body.into()));
    *resp.status_mut() = status;
    if let Ok(v) = content_type.parse() {
        resp.headers_mut().insert("content-type", v);
    }
    if let Ok(v) = "00000000-0000-4000-8000-000000000000".parse() {
        resp.headers_mut().insert("x-amzn-requestid", v);
    }
    resp
}

pub(crate) fn json(body: &serde_json::Value) -> Reply {
    reply(
        StatusCode::OK,
        "application/x-amz-json-1.1",
        body.to_string(),
    )
}

/// A JSON-protocol error (`__type` names the exception).
pub(crate) fn json_error(status: StatusCode, kind: &str, message: &str) -> Reply {
    let body = serde_json::json!({ "__type": kind, "message": message, "Message": message });
    let mut resp = reply(status, "application/x-amz-json-1.1", body.to_string());
    if let Ok(v) = kind.parse() {
        resp.headers_mut().insert("x-amzn-errortype", v);
    }
    resp
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An error with `code` in the request's protocol.
pub(crate) fn error(info: &RequestInfo, status: StatusCode, code: &str, message: &str) -> Reply {
    let (code, message) = (xml_escape(code), xml_escape(message));
    let req_id = "00000000-0000-4000-8000-000000000000";
    match info.protocol {
        Protocol::Json => json_error(status, &code, &message),
        Protocol::S3Xml => reply(
            status,
            "application/xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code>\
                 <Message>{message}</Message><RequestId>{req_id}</RequestId></Error>"
            ),
        ),
        Protocol::Query | Protocol::RestXml => {
            let kind = if status.is_server_error() {
                "Receiver"
            } else {
                "Sender"
            };
            reply(
                status,
                "text/xml",
                format!(
                    "<ErrorResponse><Error><Type>{kind}</Type><Code>{code}</Code>\
                     <Message>{message}</Message></Error><RequestId>{req_id}</RequestId>\
                     </ErrorResponse>"
                ),
            )
        }
    }
}

pub(crate) fn access_denied(info: &RequestInfo, account: &str) -> Reply {
    let message = format!(
        "User: arn:aws:iam::{account}:user/test-caller is not authorized to perform: {} \
         because no identity-based policy allows the {} action",
        info.api(),
        info.api()
    );
    match info.protocol {
        Protocol::Json => json_error(StatusCode::BAD_REQUEST, "AccessDeniedException", &message),
        _ => error(info, StatusCode::FORBIDDEN, "AccessDenied", &message),
    }
}

pub(crate) fn throttled(info: &RequestInfo) -> Reply {
    match info.protocol {
        Protocol::Json => json_error(
            StatusCode::BAD_REQUEST,
            "ThrottlingException",
            "Rate exceeded",
        ),
        Protocol::S3Xml => error(
            info,
            StatusCode::SERVICE_UNAVAILABLE,
            "SlowDown",
            "Please reduce your request rate.",
        ),
        _ => error(info, StatusCode::BAD_REQUEST, "Throttling", "Rate exceeded"),
    }
}

pub(crate) fn server_error(info: &RequestInfo) -> Reply {
    let code = match info.protocol {
        Protocol::Json => "InternalFailure",
        Protocol::S3Xml => "InternalError",
        _ => "ServiceFailure",
    };
    error(
        info,
        StatusCode::INTERNAL_SERVER_ERROR,
        code,
        "We encountered an internal error.",
    )
}

/// IAM's answer to `EnableMFADevice` with codes that do not match the device.
pub(crate) fn invalid_mfa_code(info: &RequestInfo) -> Reply {
    error(
        info,
        StatusCode::FORBIDDEN,
        "InvalidAuthenticationCode",
        "Authentication code for device is not valid.",
    )
}
