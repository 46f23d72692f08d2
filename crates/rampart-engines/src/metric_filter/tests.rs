//! The CloudWatch Logs guide's filter-pattern examples, each as a test.

use super::{FilterError, FilterPattern};

fn m(pattern: &str, message: &str) -> bool {
    FilterPattern::parse(pattern)
        .unwrap_or_else(|e| panic!("`{pattern}` should parse: {e}"))
        .matches(message)
}

const DOC_JSON: &str = r#"{
  "eventType": "UpdateTrail",
  "sourceIPAddress": "111.111.111.111",
  "arrayKey": ["value", "another value"],
  "objectList": [{"name": "a", "id": 1}, {"name": "b", "id": 2}],
  "SomeObject": null,
  "ThisFlag": true
}"#;

const USERS_JSON: &str = r#"{
  "user": {"id": 1, "email": "John.Stiles@example.com"},
  "users": [{"id": 2, "email": "John.Doe@example.com"}, {"id": 3, "email": "Jane.Doe@example.com"}],
  "actions": ["GET", "PUT", "DELETE"],
  "coordinates": [[0, 1, 2], [4, 5, 6], [7, 8, 9]]
}"#;

#[test]
fn json_selectors_from_the_guide() {
    for p in [
        r#"{ $.eventType = "UpdateTrail" }"#,
        "{ $.sourceIPAddress != 123.123.* }",
        r#"{ $.arrayKey[0] = "value" }"#,
        "{ $.objectList[1].id = 2 }",
        "{ $.SomeObject IS NULL }",
        "{ $.SomeOtherObject NOT EXISTS }",
        "{ $.ThisFlag IS TRUE }",
        "{ $.eventType EXISTS }",
        "{ $.eventType = Update* }",
        r#"{ $.eventType = "*Trail" }"#,
        "{ $.sourceIPAddress = * }",
    ] {
        assert!(m(p, DOC_JSON), "{p}");
    }
    for p in [
        r#"{ $.eventType = "updatetrail" }"#,
        "{ $.ThisFlag IS FALSE }",
        "{ $.eventType IS NULL }",
        "{ $.SomeOtherObject EXISTS }",
        "{ $.eventType NOT EXISTS }",
        "{ $.objectList[1].id = 1 }",
        "{ $.objectList[5].id = 2 }",
        // Selectors must point to a value node: neither = nor != applies to an array.
        "{ $.arrayKey = 1 }",
        "{ $.arrayKey != 1 }",
        // A missing field is neither equal nor different.
        "{ $.missing != 1 }",
    ] {
        assert!(!m(p, DOC_JSON), "{p}");
    }
    assert!(!m(r#"{ $.eventType = "UpdateTrail" }"#, "not json at all"));
}

#[test]
fn compound_conditions_follow_precedence() {
    assert!(m(
        r#"{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }"#,
        USERS_JSON
    ));
    assert!(!m(
        r#"{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }"#,
        USERS_JSON
    ));
    assert!(m(
        r#"{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }"#,
        USERS_JSON
    ));
    assert!(!m(
        r#"{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }"#,
        USERS_JSON
    ));
    assert!(m("{ $.coordinates[2][0] = 7 }", USERS_JSON));
}

#[test]
fn numeric_comparisons() {
    let log = r#"{"latency": 600, "numbers": [0.005], "processes": [0,1,2,3,{"averageRuntime": 55.5}], "errorCode": 400}"#;
    for p in [
        "{ $.latency >= 500 }",
        "{ $.numbers[0] < 10e3 }",
        "{ $.numbers[0] < 10e-3 }",
        "{ $.processes[4].averageRuntime <= 55.5 }",
        "{ $.errorCode = 400 }",
        "{ $.errorCode != 500 }",
        "{ $.latency > +100 }",
    ] {
        assert!(m(p, log), "{p}");
    }
    assert!(!m("{ $.latency > 600 }", log));
    assert!(!m("{ $.latency < 600 }", log));
    assert!(matches!(
        FilterPattern::parse("{ $.latency > abc }"),
        Err(FilterError::Syntax(_))
    ));
}

#[test]
fn the_cis_root_filter_and_its_narrowed_forms() {
    let root_sign_in = r#"{"userIdentity": {"type": "Root"}, "eventName": "ConsoleLogin", "eventType": "AwsConsoleSignIn"}"#;
    let service = r#"{"userIdentity": {"type": "Root", "invokedBy": "support.amazonaws.com"}, "eventType": "AwsApiCall"}"#;
    let cis = r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#;
    assert!(m(cis, root_sign_in));
    assert!(!m(cis, service));
    assert!(m(r#"{$.userIdentity.type="Root"}"#, root_sign_in));
    assert!(m("{ $.userIdentity.type = Root }", root_sign_in));
    assert!(!m(
        r#"{ $.userIdentity.type = "Root" && $.eventName = "CreateUser" }"#,
        root_sign_in
    ));
}

#[test]
fn term_patterns() {
    let lines = ["ERROR WARN message", "ERROR message", "WARN message"];
    let hits = |p: &str| -> Vec<bool> { lines.iter().map(|l| m(p, l)).collect() };
    assert_eq!(hits("ERROR"), [true, true, false]);
    assert_eq!(hits("?ERROR ?WARN"), [true, true, true]);
    assert_eq!(hits("ERROR WARN"), [true, false, false]);
    assert_eq!(hits("ERROR -WARN"), [false, true, false]);
    assert!(m("ERROR", "Exiting with ERRORCODE: -1"));
    assert!(!m(r#""ERROR" - "Exiting""#, "Exiting with ERRORCODE: -1"));
    assert!(m(
        r#""ERROR" - "Exiting""#,
        "[ERROR] A fatal exception has occurred"
    ));
    assert!(m(
        "Failed to process the request",
        "[ERROR] Unable to continue: Failed to process the request"
    ));
    assert!(m(
        r#""Failed to process""#,
        "[WARN] Failed to process the request"
    ));
    assert!(!m(
        r#""failed to process""#,
        "[WARN] Failed to process the request"
    ));
    assert!(m("", "anything"));
}

#[test]
fn space_delimited_patterns() {
    let log =
        r#"127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534"#;
    let all = "[ip, user, username, timestamp, request, status_code, bytes]";
    assert!(m(all, log));
    for p in [
        "[..., status_code, bytes]",
        "[ip, user, ..., status_code, bytes]",
        "[ip, user, ...]",
        "[ip, user, username, timestamp, request, status_code, bytes > 1000]",
        "[ip, user, username, timestamp, request, status_code = 4*, bytes]",
        "[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]",
        "[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]",
        "[..., request=*.html*, status_code=4*,]",
    ] {
        assert!(m(p, log), "{p}");
    }
    assert!(!m(
        "[ip, user, username, timestamp, request, status_code = 200, bytes]",
        log
    ));
    // Fewer slots than fields: the last slot takes the rest of the line (the guide's
    // `[w1=ERROR, w2]` on a seven-word line); more slots than fields never match.
    assert!(m("[ip, user, username]", log));
    assert!(m("[ip, user, rest = *GET*]", log));
    assert!(!m("[a, b, c, d, e, f, g, h, i, j, k, l, m, n]", log));
    let words = ["ERROR WARN message", "ERROR message", "WARN message"];
    let hits = |p: &str| -> Vec<bool> { words.iter().map(|l| m(p, l)).collect() };
    assert_eq!(hits("[w1=ERROR, ...]"), [true, true, false]);
    assert_eq!(hits("[w1=ERROR || w1=WARN, ...]"), [true, true, true]);
}

#[test]
fn question_mark_terms_beside_others_are_ignored() {
    // The guide's `?ERROR ?ARGUMENTS REQUEST` matches `[INFO] REQUEST FAILED`.
    assert!(m("?ERROR ?ARGUMENTS REQUEST", "[INFO] REQUEST FAILED"));
    assert!(!m("?ERROR ?ARGUMENTS REQUEST", "[ERROR] ARGUMENTS missing"));
    assert!(m("?ERROR ?WARN", "a WARN line"));
}

#[test]
fn unsupported_syntax_is_an_error_not_a_verdict() {
    for p in [
        "%ERROR%",
        "{ $.eventName = %Console.*% }",
        "{ $.users[*].id = 1 }",
        r#"{ $.eventName = "Con*Login" }"#,
        "[w1=!ERROR, w2]",
        "[a, ..., b, ..., c]",
        // The guide's `[ip, …, request, status_code = 4* && bytes > 1000]` conditions a
        // field it never names; what AWS makes of that is not documented.
        "[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000]",
    ] {
        assert!(
            matches!(FilterPattern::parse(p), Err(FilterError::Unsupported(_))),
            "{p}: {:?}",
            FilterPattern::parse(p)
        );
    }
    for p in [
        "{ $.a = }",
        "{ $.a = 1",
        "{ a = 1 }",
        "{ $.a IS MAYBE }",
        "{ $.a NOT 1 }",
        "{ ($.a = 1 }",
        "ERROR:",
        r#""unterminated"#,
        "[a, b = ]",
    ] {
        assert!(
            matches!(FilterPattern::parse(p), Err(FilterError::Syntax(_))),
            "{p}: {:?}",
            FilterPattern::parse(p)
        );
    }
}
