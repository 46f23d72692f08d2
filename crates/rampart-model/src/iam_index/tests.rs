//! Principals judged by evaluation: the forms of admin grants and MFA enforcement that
//! shape-matching got wrong.

use serde_json::{json, Value};

use super::*;

const ADMIN_ARN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

fn deny_without_mfa(condition: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Sid": "NoMfa", "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": condition}]})
}

/// An account with one group `G` holding AdministratorAccess and the given inline documents,
/// one member `alice`, and `bob` with the given documents of his own and no group.
fn account(group_inline: &[Value], bob_inline: &[Value]) -> AuthorizationDetails {
    let inline = |docs: &[Value]| -> Vec<Value> {
        docs.iter()
            .enumerate()
            .map(|(i, d)| json!({"name": format!("inline{i}"), "document": d}))
            .collect()
    };
    serde_json::from_value(json!({
        "users": [
            {"name": "alice", "arn": "arn:aws:iam::111122223333:user/alice", "create_date": "2026-01-01T00:00:00Z", "groups": ["G"]},
            {"name": "bob", "arn": "arn:aws:iam::111122223333:user/bob", "create_date": "2026-01-01T00:00:00Z", "inline_policies": inline(bob_inline)}
        ],
        "groups": [{"name": "G", "arn": "arn:aws:iam::111122223333:group/G", "create_date": "2026-01-01T00:00:00Z",
                    "attached_policies": [{"name": "AdministratorAccess", "arn": ADMIN_ARN}],
                    "inline_policies": inline(group_inline)}],
        "roles": [],
        "policies": []
    }))
    .expect("test account parses")
}

fn group(group_inline: &[Value]) -> Judgement {
    let auth = account(group_inline, &[]);
    IamIndex::new(&auth)
        .group_judgement("G")
        .expect("group G")
        .clone()
}

#[test]
fn administrator_access_without_its_document_still_counts() {
    let j = group(&[]);
    assert!(j.is_admin());
    assert_eq!(j.granted_by(), ["`AdministratorAccess` statement 1"]);
    assert!(!j.requires_mfa());
}

#[test]
fn an_explicit_deny_all_cancels_admin() {
    let deny = json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}});
    assert!(!group(&[deny]).is_admin());
}

#[test]
fn admin_written_without_the_literal_star() {
    let not_action = json!({"Version": "2012-10-17", "Statement": {"Sid": "Everything", "Effect": "Allow", "NotAction": "iam:NoSuchAction", "Resource": "*"}});
    let not_resource = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::one-bucket"}});
    for doc in [not_action, not_resource] {
        let auth = account(&[], std::slice::from_ref(&doc));
        let iam = IamIndex::new(&auth);
        let bob = &auth.users[1];
        assert!(iam.user_has_direct_admin(bob), "{doc}");
        let j = iam.user_judgement(bob).expect("bob judged");
        assert_eq!(j.own_admin_policies, ["inline0"]);
    }
}

#[test]
fn mfa_enforcement_forms() {
    let cases = [
        (
            json!({"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}),
            true,
        ),
        (
            json!({"Bool": {"aws:MultiFactorAuthPresent": "false"}}),
            false,
        ),
        (json!({"Null": {"aws:MultiFactorAuthAge": "true"}}), true),
        (
            json!({"Null": {"aws:MultiFactorAuthPresent": "true"}}),
            false,
        ),
        (
            json!({"NumericGreaterThanIfExists": {"aws:MultiFactorAuthAge": "3600"}}),
            true,
        ),
        (
            json!({"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}),
            false,
        ),
    ];
    for (condition, enforced) in cases {
        let j = group(&[deny_without_mfa(condition.clone())]);
        assert!(j.is_admin(), "{condition}");
        assert_eq!(j.requires_mfa(), enforced, "{condition}");
        if enforced {
            assert_eq!(
                IamIndex::enforcing_statements(&j),
                ["`inline0` statement `NoMfa`"]
            );
        }
    }
}

#[test]
fn an_admin_grant_that_itself_requires_mfa() {
    let grant = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}});
    let auth = account(&[], &[grant]);
    let iam = IamIndex::new(&auth);
    let bob = &auth.users[1];
    assert!(iam.user_is_admin(bob));
    assert!(iam.user_requires_mfa(bob));
}

#[test]
fn a_group_without_admin_is_judged_as_if_it_had_it() {
    let mut auth = account(
        &[deny_without_mfa(
            json!({"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}),
        )],
        &[],
    );
    auth.groups[0].attached_policies.clear();
    let iam = IamIndex::new(&auth);
    assert!(!iam.group_is_admin("G"));
    assert!(iam.group_requires_mfa("g"), "names ignore case");
}

#[test]
fn members_inherit_and_a_boundary_caps() {
    let mut auth = account(&[], &[]);
    let iam = IamIndex::new(&auth);
    assert!(iam.user_is_admin(&auth.users[0]));
    assert!(!iam.user_has_direct_admin(&auth.users[0]));
    assert!(!iam.user_is_admin(&auth.users[1]));
    auth.policies.push(crate::iam::ManagedPolicy {
        name: "S3Only".into(),
        arn: "arn:aws:iam::111122223333:policy/S3Only".into(),
        attachment_count: 1,
        document: Some(
            PolicyDocument::parse(r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#)
                .expect("boundary parses"),
        ),
    });
    auth.users[0].permissions_boundary = Some(AttachedPolicy {
        name: "S3Only".into(),
        arn: "arn:aws:iam::111122223333:policy/S3Only".into(),
    });
    let iam = IamIndex::new(&auth);
    assert!(!iam.user_is_admin(&auth.users[0]));
}

#[test]
fn users_with_the_same_policies_share_one_judgement() {
    let mut auth = account(&[], &[]);
    let mut carol = auth.users[0].clone();
    carol.name = "carol".into();
    auth.users.push(carol);
    let iam = IamIndex::new(&auth);
    assert_eq!(
        iam.user_judgements.len(),
        2,
        "alice and carol share, bob has his own"
    );
}
