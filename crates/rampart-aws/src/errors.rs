//! Turning SDK errors into [`Unavailable`] facts.
//!
//! Every failed call becomes a value a check can explain: access denied (naming the IAM action),
//! throttled past the retry budget, not offered by the endpoint, or any other error with its
//! message. Error codes decide first; the HTTP status decides when no code could be parsed,
//! because some endpoints answer JSON services with XML errors the SDK cannot read.

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use rampart_model::{Unavailable, UnavailableKind};

/// Codes that mean the caller lacks a permission.
const ACCESS_DENIED: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedAccess",
    "AuthorizationError",
    "Forbidden",
];

/// Codes that mean the API throttled the caller.
const THROTTLED: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottled",
    "RequestThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "SlowDown",
];

/// Codes that mean the endpoint does not offer the operation.
const NOT_SUPPORTED: &[&str] = &[
    "UnknownOperationException",
    "UnknownOperation",
    "InvalidAction",
    "NotImplemented",
    "OptInRequired",
    "SubscriptionRequiredException",
];

/// Classifies a failure from its error code and HTTP status, either of which may be missing.
pub(crate) fn classify(code: Option<&str>, status: Option<u16>) -> UnavailableKind {
    if let Some(code) = code.filter(|c| !c.is_empty()) {
        if ACCESS_DENIED.contains(&code) {
            return UnavailableKind::AccessDenied;
        }
        if THROTTLED.contains(&code) {
            return UnavailableKind::Throttled;
        }
        if NOT_SUPPORTED.contains(&code) {
            return UnavailableKind::NotSupported;
        }
        return match status {
            Some(429) => UnavailableKind::Throttled,
            _ => UnavailableKind::Error,
        };
    }
    match status {
        Some(403) => UnavailableKind::AccessDenied,
        Some(429) => UnavailableKind::Throttled,
        Some(404) | Some(501) => UnavailableKind::NotSupported,
        _ => UnavailableKind::Error,
    }
}

/// A one-line cause from whatever the error carries.
pub(crate) fn describe(code: Option<&str>, message: Option<&str>, status: Option<u16>) -> String {
    let code = code.filter(|c| !c.is_empty());
    let message = message.filter(|m| !m.is_empty());
    match (code, message, status) {
        (Some(c), Some(m), _) => format!("{c}: {m}"),
        (Some(c), None, Some(s)) => format!("{c} (HTTP {s})"),
        (Some(c), None, None) => c.to_owned(),
        (None, Some(m), Some(s)) => format!("HTTP {s}: {m}"),
        (None, Some(m), None) => m.to_owned(),
        (None, None, Some(s)) if s >= 500 => {
            format!("HTTP {s} without an error code (a server failure, or an endpoint that does not offer this API)")
        }
        (None, None, Some(s)) => format!("HTTP {s}"),
        (None, None, None) => "unknown error".to_owned(),
    }
}

/// The HTTP status of the answer behind an SDK error, if one arrived.
pub(crate) fn status_of<E>(err: &SdkError<E, HttpResponse>) -> Option<u16> {
    err.raw_response().map(|r| r.status().as_u16())
}

/// The error code of a service error: as the SDK parsed it, or else as found in the body
/// (some endpoints wrap errors in shapes the SDK does not expect).
pub(crate) fn code_of<E: ProvideErrorMetadata>(err: &SdkError<E, HttpResponse>) -> Option<String> {
    match err {
        SdkError::ServiceError(_) => err.code().map(str::to_owned).or_else(|| from_body(err).0),
        _ => None,
    }
}

/// `(code, message)` read from the raw error body, XML or JSON.
fn from_body<E>(err: &SdkError<E, HttpResponse>) -> (Option<String>, Option<String>) {
    err.raw_response()
        .and_then(|r| r.body().bytes())
        .and_then(|b| std::str::from_utf8(b).ok())
        .map_or((None, None), parse_error_body)
}

/// Finds an error code and message in an XML (`<Code>`, `<Message>`) or JSON (`__type`,
/// `code`, `message`) error body.
fn parse_error_body(body: &str) -> (Option<String>, Option<String>) {
    let body = body.trim_start();
    if body.starts_with('{') {
        let Ok(json) = serde_json::from_str::<serde_json::Value>(body) else {
            return (None, None);
        };
        let text = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| json.get(*k).and_then(|v| v.as_str()).map(str::to_owned))
        };
        let code = text(&["__type", "code", "Code"])
            .map(|c| c.rsplit('#').next().unwrap_or_default().to_owned());
        return (
            code.filter(|c| !c.is_empty()),
            text(&["message", "Message"]),
        );
    }
    if body.starts_with('<') && !body.starts_with("<!doctype") && !body.starts_with("<html") {
        let element = |name: &str| {
            let (_, rest) = body.split_once(&format!("<{name}>"))?;
            let (value, _) = rest.split_once(&format!("</{name}>"))?;
            Some(value.trim().to_owned()).filter(|v| !v.is_empty())
        };
        return (element("Code"), element("Message"));
    }
    (None, None)
}

/// Translates an SDK error from `action` (`service:Operation`) into an [`Unavailable`].
pub(crate) fn unavailable<E>(action: &str, err: &SdkError<E, HttpResponse>) -> Unavailable
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let status = status_of(err);
    let (kind, message) = match err {
        SdkError::ServiceError(_) => {
            let code = code_of(err);
            let code = code.as_deref();
            let message = err
                .message()
                .map(str::to_owned)
                .or_else(|| from_body(err).1)
                .or_else(|| {
                    // A success status the SDK could not read: say why.
                    let unreadable = code.is_none() && status.is_some_and(|s| s < 300);
                    unreadable.then(|| err.as_service_error().map(|e| chain(e)).unwrap_or_default())
                });
            (
                classify(code, status),
                describe(code, message.as_deref(), status),
            )
        }
        SdkError::ResponseError(_) => {
            let kind = classify(None, status.filter(|s| *s >= 300));
            let cause = std::error::Error::source(err)
                .map(chain)
                .unwrap_or_default();
            (
                kind,
                format!("unreadable answer (HTTP {}): {cause}", status.unwrap_or(0)),
            )
        }
        SdkError::TimeoutError(_) => (
            UnavailableKind::TimedOut,
            format!(
                "no answer: the request timed out after {} s (each attempt)",
                crate::connect::attempt_timeout().as_secs_f64()
            ),
        ),
        _ => (UnavailableKind::Error, chain(err)),
    };
    Unavailable::new(kind, Some(action), message)
}

/// An error and its sources, joined by `: `.
pub(crate) fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut cur = err.source();
    while let Some(e) = cur {
        out.push_str(": ");
        out.push_str(&e.to_string());
        cur = e.source();
    }
    out
}

/// An [`Unavailable`] for a fact that could not be read because another one was not.
pub(crate) fn dependency(action: Option<&str>, message: impl Into<String>) -> Unavailable {
    Unavailable::new(UnavailableKind::Dependency, action, message)
}

/// An [`Unavailable`] for a fact that could not be read because `cause` could not. A refused
/// permission stays a refused permission, so the finding names it as missing; any other cause
/// makes this a dependency.
pub(crate) fn dependency_on(cause: &Unavailable, message: impl Into<String>) -> Unavailable {
    let kind = match cause.kind {
        UnavailableKind::AccessDenied => UnavailableKind::AccessDenied,
        _ => UnavailableKind::Dependency,
    };
    Unavailable::new(kind, cause.action.as_deref(), message)
}

/// An [`Unavailable`] of kind `Error` for an answer that arrived but made no sense.
pub(crate) fn bad_answer(action: &str, message: impl Into<String>) -> Unavailable {
    Unavailable::new(UnavailableKind::Error, Some(action), message)
}

/// True when the service error carries `code`.
pub(crate) fn has_code<E: ProvideErrorMetadata>(
    err: &SdkError<E, HttpResponse>,
    code: &str,
) -> bool {
    code_of(err).as_deref() == Some(code)
}

#[cfg(test)]
mod tests;
