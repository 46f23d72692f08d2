//! Tests of error classification and of reading error bodies.

use super::*;
use UnavailableKind::*;

#[test]
fn access_denied_by_code_or_bare_403() {
    assert_eq!(classify(Some("AccessDenied"), Some(403)), AccessDenied);
    assert_eq!(
        classify(Some("AccessDeniedException"), Some(400)),
        AccessDenied
    );
    assert_eq!(classify(Some("UnauthorizedOperation"), None), AccessDenied);
    assert_eq!(
        classify(Some("AuthorizationError"), Some(403)),
        AccessDenied
    );
    assert_eq!(classify(None, Some(403)), AccessDenied);
    assert_eq!(classify(Some(""), Some(403)), AccessDenied);
}

#[test]
fn throttling_by_code_or_429() {
    for code in [
        "Throttling",
        "ThrottlingException",
        "TooManyRequestsException",
        "SlowDown",
    ] {
        assert_eq!(classify(Some(code), Some(400)), Throttled, "{code}");
    }
    assert_eq!(classify(None, Some(429)), Throttled);
    assert_eq!(classify(Some("Whatever"), Some(429)), Throttled);
}

#[test]
fn missing_operations_are_not_supported() {
    assert_eq!(
        classify(Some("UnknownOperationException"), Some(400)),
        NotSupported
    );
    assert_eq!(classify(Some("InvalidAction"), Some(400)), NotSupported);
    assert_eq!(classify(None, Some(404)), NotSupported);
    assert_eq!(classify(None, Some(501)), NotSupported);
}

#[test]
fn everything_else_is_an_error() {
    assert_eq!(classify(None, Some(500)), Error);
    assert_eq!(classify(None, None), Error);
    assert_eq!(
        classify(Some("UnrecognizedClientException"), Some(400)),
        Error
    );
    // A known code wins over the status: a 404 with a code is that code's business.
    assert_eq!(classify(Some("NoSuchEntity"), Some(404)), Error);
    assert_eq!(classify(Some("InternalFailure"), Some(500)), Error);
}

#[test]
fn reads_codes_from_unusual_bodies() {
    let xml = r#"<?xml version="1.0"?><ErrorResponse><Errors><Error><Code>AccessDenied</Code><Message>User: x is not authorized</Message></Error></Errors></ErrorResponse>"#;
    assert_eq!(
        parse_error_body(xml),
        (
            Some("AccessDenied".to_owned()),
            Some("User: x is not authorized".to_owned())
        )
    );
    let json = r#"{"__type":"com.amazonaws.events#AccessDeniedException","message":"nope"}"#;
    assert_eq!(
        parse_error_body(json),
        (
            Some("AccessDeniedException".to_owned()),
            Some("nope".to_owned())
        )
    );
    assert_eq!(
        parse_error_body("<!doctype html><title>500</title>"),
        (None, None)
    );
    assert_eq!(parse_error_body("{broken"), (None, None));
    assert_eq!(parse_error_body(""), (None, None));
}

#[test]
fn describe_prefers_code_and_message() {
    assert_eq!(
        describe(Some("AccessDenied"), Some("no"), Some(403)),
        "AccessDenied: no"
    );
    assert!(describe(None, None, Some(500)).starts_with("HTTP 500 without an error code"));
    assert_eq!(describe(None, None, Some(404)), "HTTP 404");
    assert_eq!(describe(Some("X"), None, Some(400)), "X (HTTP 400)");
    assert_eq!(describe(None, None, None), "unknown error");
}
