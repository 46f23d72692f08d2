//! Evaluation order, actions, resources and layers.

use super::*;
use crate::policy::PolicyDocument;

fn doc(json: &str) -> PolicyDocument {
    PolicyDocument::parse(json).expect("test policy parses")
}

fn decide(docs: &[&PolicyDocument], action: &str, resource: &str) -> Option<Decision> {
    let set = PolicySet {
        identity: docs
            .iter()
            .map(|d| NamedPolicy {
                name: "p",
                document: d,
            })
            .collect(),
        ..PolicySet::default()
    };
    let ctx = RequestContext::new(action, RequestResource::Arn(resource.into()))
        .with("aws:username", "alice");
    evaluate(&set, &ctx).decision()
}

const BUCKET: &str = "arn:aws:s3:::logs";

#[test]
fn explicit_deny_beats_allow_beats_implicit_deny() {
    let allow = doc(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
    );
    let deny = doc(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}"#,
    );
    assert_eq!(
        decide(&[&allow], "s3:GetObject", BUCKET),
        Some(Decision::Allowed)
    );
    assert_eq!(
        decide(&[&allow, &deny], "s3:GetObject", BUCKET),
        Some(Decision::ExplicitDeny)
    );
    assert_eq!(
        decide(&[], "s3:GetObject", BUCKET),
        Some(Decision::ImplicitDeny)
    );
}

#[test]
fn actions_ignore_case_resources_do_not() {
    let d = doc(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"S3:get*","Resource":"arn:aws:s3:::Logs/*"}}"#,
    );
    assert_eq!(
        decide(&[&d], "s3:GetObject", "arn:aws:s3:::Logs/a"),
        Some(Decision::Allowed)
    );
    assert_eq!(
        decide(&[&d], "s3:GetObject", "arn:aws:s3:::logs/a"),
        Some(Decision::ImplicitDeny)
    );
    assert_eq!(
        decide(&[&d], "s3:PutObject", "arn:aws:s3:::Logs/a"),
        Some(Decision::ImplicitDeny)
    );
}

#[test]
fn not_action_and_not_resource() {
    let d = doc(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::secret*"}}"#,
    );
    assert_eq!(
        decide(&[&d], "s3:GetObject", BUCKET),
        Some(Decision::Allowed)
    );
    assert_eq!(
        decide(&[&d], "iam:GetUser", BUCKET),
        Some(Decision::ImplicitDeny)
    );
    assert_eq!(
        decide(&[&d], "s3:GetObject", "arn:aws:s3:::secret/x"),
        Some(Decision::ImplicitDeny)
    );
}

#[test]
fn variables_in_resources_need_a_2012_document() {
    let new = doc(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/${aws:username}"}}"#,
    );
    let old = doc(
        r#"{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/${aws:username}"}}"#,
    );
    let alice = "arn:aws:iam::111122223333:user/alice";
    assert_eq!(
        decide(&[&new], "iam:GetUser", alice),
        Some(Decision::Allowed)
    );
    assert_eq!(
        decide(&[&new], "iam:GetUser", "arn:aws:iam::111122223333:user/bob"),
        Some(Decision::ImplicitDeny)
    );
    assert_eq!(
        decide(&[&old], "iam:GetUser", alice),
        Some(Decision::ImplicitDeny)
    );
}

#[test]
fn boundaries_and_scps_must_allow_too() {
    let admin = doc(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
    );
    let s3_only = doc(
        r#"{"Version":"2012-10-17","Statement":{"Sid":"S3","Effect":"Allow","Action":"s3:*","Resource":"*"}}"#,
    );
    let set = PolicySet {
        identity: vec![NamedPolicy {
            name: "admin",
            document: &admin,
        }],
        boundary: Some(vec![NamedPolicy {
            name: "boundary",
            document: &s3_only,
        }]),
        scps: Vec::new(),
    };
    let at = |action: &str| {
        evaluate(
            &set,
            &RequestContext::new(action, RequestResource::Arn(BUCKET.into())),
        )
        .decision()
    };
    assert_eq!(at("s3:GetObject"), Some(Decision::Allowed));
    assert_eq!(at("ec2:RunInstances"), Some(Decision::ImplicitDeny));
    let set = PolicySet {
        identity: vec![NamedPolicy {
            name: "admin",
            document: &admin,
        }],
        boundary: None,
        scps: vec![
            vec![NamedPolicy {
                name: "FullAWSAccess",
                document: &admin,
            }],
            vec![NamedPolicy {
                name: "s3",
                document: &s3_only,
            }],
        ],
    };
    let ev = evaluate(
        &set,
        &RequestContext::new("iam:GetUser", RequestResource::Arn(BUCKET.into())),
    );
    assert_eq!(ev.decision(), Some(Decision::ImplicitDeny));
}

#[test]
fn statements_are_named_by_sid_or_position() {
    let d = doc(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"},{"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    );
    let set = PolicySet {
        identity: vec![NamedPolicy {
            name: "mixed",
            document: &d,
        }],
        ..PolicySet::default()
    };
    let ev = evaluate(
        &set,
        &RequestContext::new("s3:GetObject", RequestResource::Arn(BUCKET.into())),
    );
    assert_eq!(ev.denying[0].to_string(), "`mixed` statement 1");
    assert_eq!(ev.allowing[0].to_string(), "`mixed` statement `All`");
}

#[test]
fn generic_resources_match_only_catch_all_patterns() {
    for (p, every) in [
        ("*", true),
        ("arn:aws:*", true),
        ("arn:*:*:*:*:*", true),
        ("arn:aws:s3:::*", false),
        ("arn:aws:*:*:*:*/x", false),
        ("arn", false),
    ] {
        assert_eq!(matches_every_arn(&tokens(p)), every, "{p}");
    }
}

#[test]
fn wildcards_belong_to_the_action_name() {
    for (pattern, action, hit) in [
        ("*", "s3:GetObject", true),
        ("S3:get*", "s3:GetObject", true),
        ("s3:Get?bject", "s3:GetObject", true),
        ("s?:*", "s3:GetObject", false),
        ("*:GetObject", "s3:GetObject", false),
        ("s3*", "s3:GetObject", false),
    ] {
        assert_eq!(
            super::action_pattern_matches(pattern, action),
            hit,
            "{pattern}"
        );
    }
}

#[test]
fn not_resource_with_an_unresolvable_variable() {
    let d = doc(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::home/${aws:PrincipalTag/team}/*"}}"#,
    );
    // No value of the tag makes the pattern match another bucket: the resource is outside.
    assert_eq!(
        decide(&[&d], "s3:GetObject", "arn:aws:s3:::other/x"),
        Some(Decision::Allowed)
    );
    // Some value could: the element cannot show the resource is outside, so it does not match.
    assert_eq!(
        decide(&[&d], "s3:GetObject", "arn:aws:s3:::home/red/x"),
        Some(Decision::ImplicitDeny)
    );
}
