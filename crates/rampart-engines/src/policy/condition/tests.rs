//! Condition operators, one documented rule at a time.

use serde_json::{json, Value};

use super::*;
use crate::policy::context::{RequestContext, RequestResource};

fn ctx() -> RequestContext {
    RequestContext::new("s3:GetObject", RequestResource::Generic)
        .with("aws:username", "alice")
        .with("aws:SourceIp", "203.0.113.7")
        .with("aws:MultiFactorAuthAge", "300")
        .with("aws:CurrentTime", "2026-03-01T12:00:00Z")
        .with("aws:SecureTransport", "true")
        .with("aws:PrincipalArn", "arn:aws:iam::111122223333:user/alice")
        .with_multi("aws:TagKeys", vec!["team".into(), "env".into()])
}

fn eval(c: Value) -> Tri {
    evaluate(Some(&c), &ctx(), true)
}

#[test]
fn strings_with_case_and_wildcards() {
    assert_eq!(
        eval(json!({"StringEquals": {"aws:username": "alice"}})),
        Tri::True
    );
    assert_eq!(
        eval(json!({"StringEquals": {"aws:username": "Alice"}})),
        Tri::False
    );
    assert_eq!(
        eval(json!({"StringEqualsIgnoreCase": {"aws:username": "ALICE"}})),
        Tri::True
    );
    assert_eq!(
        eval(json!({"StringNotEquals": {"aws:username": ["bob", "carol"]}})),
        Tri::True
    );
    assert_eq!(
        eval(json!({"StringLike": {"aws:username": "a?i*"}})),
        Tri::True
    );
    assert_eq!(
        eval(json!({"StringNotLike": {"aws:username": "a*"}})),
        Tri::False
    );
    assert_eq!(
        eval(json!({"StringEquals": {"AWS:USERNAME": "alice"}})),
        Tri::True,
        "key names ignore case"
    );
    assert_eq!(
        eval(json!({"StringEquals": {"aws:username": "${aws:username}"}})),
        Tri::True
    );
}

#[test]
fn absent_keys_follow_the_documented_rules() {
    let absent = |op: &str| eval(json!({op: {"aws:RequestedRegion": "us-east-1"}}));
    assert_eq!(absent("StringEquals"), Tri::False);
    assert_eq!(absent("StringNotEquals"), Tri::True);
    assert_eq!(absent("StringNotLike"), Tri::True);
    assert_eq!(absent("ArnNotLike"), Tri::True);
    assert_eq!(absent("StringEqualsIfExists"), Tri::True);
    assert_eq!(absent("ForAllValues:StringEquals"), Tri::True);
    assert_eq!(absent("ForAnyValue:StringEquals"), Tri::False);
    assert_eq!(absent("ForAnyValue:StringNotEquals"), Tri::False);
    assert_eq!(
        eval(json!({"Null": {"aws:RequestedRegion": "true"}})),
        Tri::True
    );
    assert_eq!(eval(json!({"Null": {"aws:username": "true"}})), Tri::False);
    assert_eq!(eval(json!({"Null": {"aws:username": false}})), Tri::True);
}

#[test]
fn numbers_dates_bools_binary() {
    assert_eq!(
        eval(json!({"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}})),
        Tri::True
    );
    assert_eq!(
        eval(json!({"NumericGreaterThan": {"aws:MultiFactorAuthAge": 3600}})),
        Tri::False
    );
    assert_eq!(
        eval(json!({"NumericEquals": {"aws:MultiFactorAuthAge": "300.0"}})),
        Tri::True
    );
    assert_eq!(
        eval(json!({"NumericNotEquals": {"aws:MultiFactorAuthAge": "300"}})),
        Tri::False
    );
    assert_eq!(
        eval(json!({"DateGreaterThan": {"aws:CurrentTime": "2026-01-01"}})),
        Tri::True
    );
    assert_eq!(
        eval(json!({"DateLessThan": {"aws:CurrentTime": "2026-03-01T11:59:59Z"}})),
        Tri::False
    );
    assert_eq!(
        eval(json!({"DateEquals": {"aws:CurrentTime": "1772366400"}})),
        Tri::True,
        "epoch seconds"
    );
    assert_eq!(
        eval(json!({"Bool": {"aws:SecureTransport": true}})),
        Tri::True
    );
    assert_eq!(
        eval(json!({"Bool": {"aws:SecureTransport": "FALSE"}})),
        Tri::False
    );
    assert_eq!(
        eval(json!({"BinaryEquals": {"aws:username": "alice"}})),
        Tri::True
    );
}

#[test]
fn ip_addresses_v4_and_v6() {
    assert_eq!(
        eval(json!({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})),
        Tri::True
    );
    assert_eq!(
        eval(json!({"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "203.0.113.7"]}})),
        Tri::True
    );
    assert_eq!(
        eval(json!({"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}})),
        Tri::False
    );
    assert_eq!(
        eval(json!({"IpAddress": {"aws:SourceIp": "2001:db8::/32"}})),
        Tri::False
    );
    assert_eq!(
        eval(json!({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}})),
        Tri::True
    );
    let v6 = ctx().with("aws:SourceIp", "2001:db8::1");
    let c = json!({"IpAddress": {"aws:SourceIp": "2001:db8::/32"}});
    assert_eq!(evaluate(Some(&c), &v6, true), Tri::True);
    let c = json!({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}});
    assert_eq!(evaluate(Some(&c), &v6, true), Tri::False);
}

#[test]
fn arns_by_component() {
    assert_eq!(
        eval(json!({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/*"}})),
        Tri::True
    );
    assert_eq!(
        eval(json!({"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:user/alice"}})),
        Tri::True
    );
    assert_eq!(
        eval(json!({"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*"}})),
        Tri::True
    );
    assert_eq!(
        eval(json!({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*"}})),
        Tri::False,
        "six components"
    );
    assert_eq!(
        eval(json!({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/${aws:username}"}})),
        Tri::True
    );
}

#[test]
fn multivalued_keys_and_set_operators() {
    assert_eq!(
        eval(json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env", "cost"]}})),
        Tri::True
    );
    assert_eq!(
        eval(json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}})),
        Tri::False
    );
    assert_eq!(
        eval(json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}})),
        Tri::True
    );
    assert_eq!(
        eval(json!({"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["env"]}})),
        Tri::True
    );
    assert_eq!(
        eval(json!({"ForAllValues:StringNotEquals": {"aws:TagKeys": ["env"]}})),
        Tri::False
    );
    // A multivalued key needs a set operator: without one nothing matches.
    assert_eq!(
        eval(json!({"StringEquals": {"aws:TagKeys": ["env"]}})),
        Tri::False
    );
    assert_eq!(
        eval(json!({"StringNotEquals": {"aws:TagKeys": ["x"]}})),
        Tri::False
    );
}

#[test]
fn operators_and_keys_are_anded_values_ored() {
    let both = json!({"StringEquals": {"aws:username": "alice", "aws:SecureTransport": "true"},
                      "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}});
    assert_eq!(eval(both), Tri::True);
    let one_key_fails =
        json!({"StringEquals": {"aws:username": "alice", "aws:SecureTransport": "false"}});
    assert_eq!(eval(one_key_fails), Tri::False);
    let one_op_fails = json!({"StringEquals": {"aws:username": "alice"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}});
    assert_eq!(eval(one_op_fails), Tri::False);
}

#[test]
fn unknown_operators_and_open_keys() {
    assert_eq!(
        eval(json!({"StringSortOf": {"aws:username": "alice"}})),
        Tri::False
    );
    assert_eq!(
        eval(json!({"NullIfExists": {"aws:username": "true"}})),
        Tri::False
    );
    assert!(
        Operator::parse("forAnyValue:stringLIKEifexists").is_some(),
        "operator names ignore case"
    );
    let open = RequestContext::open("s3:GetObject", RequestResource::Generic)
        .with("aws:username", "alice");
    let c = json!({"StringEquals": {"aws:username": "alice"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}});
    assert_eq!(evaluate(Some(&c), &open, true), Tri::Unknown);
    let c = json!({"StringEquals": {"aws:username": "bob"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}});
    assert_eq!(evaluate(Some(&c), &open, true), Tri::False);
}
