//! The EventBridge user guide's examples, each as a test, and the patterns it says are invalid.

use serde_json::{json, Value};

use super::{EventPattern, PatternError};

fn m(pattern: Value, event: Value) -> bool {
    EventPattern::from_value(&pattern)
        .unwrap_or_else(|e| panic!("{pattern} should parse: {e}"))
        .matches(&event)
}

fn ec2_event() -> Value {
    json!({
        "version": "0",
        "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
        "detail-type": "EC2 Instance State-change Notification",
        "source": "aws.ec2",
        "account": "111122223333",
        "time": "2017-12-22T18:43:48Z",
        "region": "us-west-1",
        "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
        "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated"}
    })
}

#[test]
fn fields_are_anded_and_values_ored() {
    let p = json!({"source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"],
                   "detail": {"state": ["terminated"]}});
    assert!(m(p, ec2_event()));
    assert!(m(
        json!({"source": ["aws.ec2", "aws.fargate"]}),
        ec2_event()
    ));
    assert!(!m(
        json!({"source": ["aws.ec2"], "detail": {"state": ["running"]}}),
        ec2_event()
    ));
    // A field the event lacks never matches a value.
    assert!(!m(json!({"detail": {"missing": ["x"]}}), ec2_event()));
    // Strings are compared exactly, without case folding.
    assert!(!m(json!({"source": ["AWS.EC2"]}), ec2_event()));
}

#[test]
fn null_values_and_empty_strings_are_distinct() {
    let event = json!({"source": "aws.autoscaling",
                       "detail": {"eventVersion": "", "responseElements": null}});
    assert!(m(json!({"detail": {"eventVersion": [""]}}), event.clone()));
    assert!(m(
        json!({"detail": {"responseElements": [null]}}),
        event.clone()
    ));
    assert!(!m(
        json!({"detail": {"eventVersion": [null]}}),
        event.clone()
    ));
    assert!(!m(json!({"detail": {"responseElements": [""]}}), event));
}

#[test]
fn numbers_booleans_and_their_json_text() {
    let event =
        json!({"detail": {"risk-score": 80, "trigger": {"risk": 8}, "flag": true, "f": 300.0}});
    assert!(m(
        json!({"detail": {"risk-score": [80], "trigger": {"risk": [8]}}}),
        event.clone()
    ));
    assert!(m(json!({"detail": {"flag": [true]}}), event.clone()));
    assert!(!m(json!({"detail": {"flag": ["true"]}}), event.clone()));
    assert!(!m(json!({"detail": {"risk-score": ["80"]}}), event.clone()));
    // "300, 300.0, and 3.0e2 are not considered equal".
    assert!(!m(json!({"detail": {"f": [300]}}), event.clone()));
    assert!(m(json!({"detail": {"f": [300.0]}}), event));
}

#[test]
fn arrays_match_when_they_intersect() {
    let p = json!({"resources": [
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f"]});
    let event = json!({"resources": [
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"]});
    assert!(m(p, event));
    let tags = json!({"detail": {"tags": ["Custom_Alert", "Insider"]}});
    assert!(m(json!({"detail": {"tags": ["Insider"]}}), tags.clone()));
    assert!(!m(json!({"detail": {"tags": ["Outsider"]}}), tags));
}

#[test]
fn arrays_of_objects_match_within_one_element() {
    let event = json!({"employees": [
        {"firstName": "John", "lastName": "Doe"},
        {"firstName": "Anna", "lastName": "Smith"},
        {"firstName": "Peter", "lastName": "Jones"}]});
    assert!(m(
        json!({"employees": {"firstName": ["Anna"]}}),
        event.clone()
    ));
    assert!(m(
        json!({"employees": {"firstName": ["Anna"], "lastName": ["Smith"]}}),
        event.clone()
    ));
    assert!(!m(
        json!({"employees": {"firstName": ["Anna"], "lastName": ["Jones"]}}),
        event
    ));
}

#[test]
fn prefix_suffix_and_ignore_case() {
    let event = json!({"time": "2017-10-02T18:43:48Z", "source": "aws.autoscaling",
                       "region": "eu-west-1", "detail": {"FileName": "photo.PNG", "service": "EventBridge"}});
    assert!(m(
        json!({"time": [{"prefix": "2017-10-02"}]}),
        event.clone()
    ));
    assert!(m(
        json!({"source": ["aws.autoscaling"], "region": [{"prefix": "eu-"}]}),
        event.clone()
    ));
    assert!(!m(json!({"region": [{"prefix": "us-"}]}), event.clone()));
    assert!(!m(
        json!({"detail": {"FileName": [{"suffix": ".png"}]}}),
        event.clone()
    ));
    assert!(m(
        json!({"detail": {"FileName": [{"suffix": {"equals-ignore-case": ".png"}}]}}),
        event.clone()
    ));
    assert!(m(
        json!({"detail": {"service": [{"prefix": {"equals-ignore-case": "eventb"}}]}}),
        event.clone()
    ));
    assert!(m(
        json!({"detail": {"service": [{"suffix": {"equals-ignore-case": "TBRIDGE"}}]}}),
        event.clone()
    ));
    assert!(m(
        json!({"detail": {"service": [{"equals-ignore-case": "eventbridge"}]}}),
        event.clone()
    ));
    // Prefix matching works on strings only.
    assert!(!m(json!({"n": [{"prefix": "1"}]}), json!({"n": 123})));
}

#[test]
fn wildcards() {
    let event = json!({"detail": {"FilePath": "dir/sub/lib/a.png", "Title": "A*B"}});
    assert!(m(
        json!({"detail": {"FilePath": [{"wildcard": "dir/*.png"}]}}),
        event.clone()
    ));
    assert!(m(
        json!({"detail": {"FilePath": [{"wildcard": "*/lib/*"}]}}),
        event.clone()
    ));
    assert!(!m(
        json!({"detail": {"FilePath": [{"wildcard": "dir/*.jpg"}]}}),
        event.clone()
    ));
    assert!(m(
        json!({"detail": {"Title": [{"wildcard": "A\\*B"}]}}),
        event.clone()
    ));
    assert!(!m(
        json!({"detail": {"Title": [{"wildcard": "A\\*C*"}]}}),
        event.clone()
    ));
    assert!(m(json!({"x": [{"wildcard": "a*a"}]}), json!({"x": "aa"})));
    assert!(!m(json!({"x": [{"wildcard": "a*a"}]}), json!({"x": "a"})));
    assert!(matches!(
        EventPattern::from_value(&json!({"x": [{"wildcard": "a**b"}]})),
        Err(PatternError::BadOperand {
            operator: "wildcard",
            ..
        })
    ));
    assert!(matches!(
        EventPattern::from_value(&json!({"x": [{"wildcard": "a\\b"}]})),
        Err(PatternError::BadOperand {
            operator: "wildcard",
            ..
        })
    ));
}

#[test]
fn anything_but_in_all_its_forms() {
    let e = |state: Value| json!({"detail": {"state": state, "x-limit": 123}});
    let p = |f: Value| json!({"detail": {"state": [f]}});
    assert!(m(
        p(json!({"anything-but": "initializing"})),
        e(json!("running"))
    ));
    assert!(!m(
        p(json!({"anything-but": "initializing"})),
        e(json!("initializing"))
    ));
    assert!(!m(
        json!({"detail": {"x-limit": [{"anything-but": 123}]}}),
        e(json!("x"))
    ));
    assert!(m(
        json!({"detail": {"x-limit": [{"anything-but": [100, 200, 300]}]}}),
        e(json!("x"))
    ));
    assert!(!m(
        p(json!({"anything-but": ["stopped", "overloaded"]})),
        e(json!("stopped"))
    ));
    assert!(m(
        p(json!({"anything-but": {"prefix": "init"}})),
        e(json!("running"))
    ));
    assert!(!m(
        p(json!({"anything-but": {"prefix": "init"}})),
        e(json!("initializing"))
    ));
    assert!(!m(
        p(json!({"anything-but": {"suffix": "ing"}})),
        e(json!("running"))
    ));
    assert!(!m(
        p(json!({"anything-but": {"equals-ignore-case": "initializing"}})),
        e(json!("INITIALIZING"))
    ));
    assert!(m(
        p(json!({"anything-but": {"equals-ignore-case": ["a", "b"]}})),
        e(json!("C"))
    ));
    assert!(!m(
        p(json!({"anything-but": {"wildcard": "*/lib/*"}})),
        e(json!("x/lib/y"))
    ));
    // anything-but needs the field to be there.
    assert!(!m(
        json!({"detail": {"other": [{"anything-but": "x"}]}}),
        e(json!("y"))
    ));
    // In an array, any element that is not excluded is enough.
    assert!(m(
        p(json!({"anything-but": "initializing"})),
        e(json!(["initializing", "running"]))
    ));
    let rejected = [
        json!({"anything-but": ["a", 1]}),
        json!({"anything-but": [null]}),
        json!({"anything-but": true}),
        json!({"anything-but": {"exists": true}}),
        json!({"anything-but": []}),
    ];
    for r in rejected {
        assert!(
            matches!(
                EventPattern::from_value(&p(r.clone())),
                Err(PatternError::BadOperand {
                    operator: "anything-but",
                    ..
                })
            ),
            "{r}"
        );
    }
}

#[test]
fn numeric_ranges() {
    let event = json!({"detail": {"c-count": 5, "d-count": 3, "x-limit": 301.8, "s": "5"}});
    assert!(m(
        json!({"detail": {
            "c-count": [{"numeric": [">", 0, "<=", 5]}],
            "d-count": [{"numeric": ["<", 10]}],
            "x-limit": [{"numeric": ["=", 3.018e2]}]}}),
        event.clone()
    ));
    assert!(!m(
        json!({"detail": {"c-count": [{"numeric": [">", 5]}]}}),
        event.clone()
    ));
    assert!(m(
        json!({"detail": {"c-count": [{"numeric": [">=", 5]}]}}),
        event.clone()
    ));
    // Numeric matching works on JSON numbers only.
    assert!(!m(json!({"detail": {"s": [{"numeric": ["=", 5]}]}}), event));
    for bad in [
        json!({"numeric": [">", 0, ">", 1]}),
        json!({"numeric": ["=", 1, "<", 2]}),
        json!({"numeric": ["~", 1]}),
        json!({"numeric": [">", "1"]}),
        json!({"numeric": [">", 5, "<", 1]}),
    ] {
        assert!(
            EventPattern::from_value(&json!({"n": [bad.clone()]})).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn ip_addresses() {
    let p = json!({"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]}});
    assert!(m(
        p.clone(),
        json!({"detail": {"sourceIPAddress": "10.0.0.24"}})
    ));
    assert!(!m(
        p.clone(),
        json!({"detail": {"sourceIPAddress": "10.0.1.1"}})
    ));
    assert!(!m(
        p,
        json!({"detail": {"sourceIPAddress": "AWS Internal"}})
    ));
    let v6 = json!({"ip": [{"cidr": "2001:db8::/32"}]});
    assert!(m(v6.clone(), json!({"ip": "2001:db8::1"})));
    assert!(!m(v6, json!({"ip": "2001:db9::1"})));
    assert!(EventPattern::from_value(&json!({"ip": [{"cidr": "10.0.0.0/33"}]})).is_err());
}

#[test]
fn exists_works_on_leaf_nodes() {
    let plain = json!({"detail-type": "EC2 Instance State-change Notification",
                       "detail": {"state": ["initializing", "running"]}});
    let nested = json!({"detail": {"state": "running", "c-count": {"c1": 100}}});
    let absent = json!({"detail": {"c-count": [{"exists": false}]}});
    assert!(m(absent.clone(), plain.clone()));
    // "also matches ... because c-count isn't a leaf node".
    assert!(m(absent, nested.clone()));
    let present = json!({"detail": {"c-count": [{"exists": true}]}});
    assert!(!m(present.clone(), nested));
    assert!(m(present.clone(), json!({"detail": {"c-count": 0}})));
    assert!(m(present, json!({"detail": {"c-count": null}})));
}

#[test]
fn or_combines_sub_patterns() {
    let p = json!({"source": ["aws.cloudwatch"], "$or": [
        {"metricName": ["CPUUtilization", "ReadLatency"]},
        {"namespace": ["AWS/EC2", "AWS/ES"]}]});
    assert!(m(
        p.clone(),
        json!({"source": "aws.cloudwatch", "namespace": "AWS/EC2"})
    ));
    assert!(m(
        p.clone(),
        json!({"source": "aws.cloudwatch", "metricName": "ReadLatency"})
    ));
    assert!(!m(
        p,
        json!({"source": "aws.cloudwatch", "metricName": "Other"})
    ));
    let nested = json!({"source": ["aws.cloudwatch"], "$or": [
        {"metricName": ["CPUUtilization"]},
        {"metricType": ["MetricType"], "namespace": ["AWS/EC2"],
         "$or": [{"metricId": [1234]}, {"spaceId": [1000]}]},
        {"scope": ["Service"]}]});
    assert!(m(
        nested.clone(),
        json!({"source": "aws.cloudwatch", "metricType": "MetricType", "namespace": "AWS/EC2", "spaceId": 1000})
    ));
    assert!(!m(
        nested,
        json!({"source": "aws.cloudwatch", "metricType": "MetricType", "namespace": "AWS/EC2", "spaceId": 1})
    ));
    let inside = json!({"detail": {"$or": [{"a": ["1"]}, {"b": ["2"]}]}});
    assert!(m(inside.clone(), json!({"detail": {"b": "2"}})));
    assert!(!m(inside, json!({"detail": {"c": "2"}})));
}

#[test]
fn invalid_patterns_are_typed_errors() {
    let cases = [
        ("[]", PatternError::NotAnObject),
        ("{}", PatternError::EmptyObject("the pattern".into())),
        (
            r#"{"source": "aws.ec2"}"#,
            PatternError::NotObjectOrArray("source".into()),
        ),
        (
            r#"{"source": []}"#,
            PatternError::EmptyArray("source".into()),
        ),
        (
            r#"{"detail": {}}"#,
            PatternError::EmptyObject("detail".into()),
        ),
        (
            r#"{"$or": [{"a": ["1"]}]}"#,
            PatternError::BadOr("$or".into()),
        ),
        (
            r#"{"$or": {"a": ["1"]}}"#,
            PatternError::BadOr("$or".into()),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(EventPattern::parse(text), Err(want), "{text}");
    }
    assert!(matches!(
        EventPattern::parse("{not json"),
        Err(PatternError::Json(_))
    ));
    assert!(matches!(
        EventPattern::parse(r#"{"a": [{"contains": "x"}]}"#),
        Err(PatternError::UnknownFilter { .. })
    ));
    assert!(matches!(
        EventPattern::parse(r#"{"a": [{"prefix": "x", "suffix": "y"}]}"#),
        Err(PatternError::UnknownFilter { .. })
    ));
    assert!(matches!(
        EventPattern::parse(r#"{"a": [["x"]]}"#),
        Err(PatternError::UnknownFilter { .. })
    ));
}
