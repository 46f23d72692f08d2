//! The issue's forms of admin grants and MFA enforcement, judged by evaluation.

use super::*;
use crate::policy::{NamedPolicy, PolicyDocument, PolicySet};

const ADMIN: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
/// AWS's documented `DenyAllExceptListedIfNoMFA`.
const MFA_DENY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:GetMFADevice","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}"#;

fn docs(texts: &[&str]) -> Vec<PolicyDocument> {
    texts
        .iter()
        .map(|t| PolicyDocument::parse(t).expect("test policy parses"))
        .collect()
}

fn set(docs: &[PolicyDocument]) -> CompiledSet<'_> {
    CompiledSet::new(&PolicySet {
        identity: docs
            .iter()
            .enumerate()
            .map(|(i, d)| NamedPolicy {
                name: ["first", "second", "third"][i],
                document: d,
            })
            .collect(),
        ..PolicySet::default()
    })
}

fn admin(texts: &[&str]) -> AdminVerdict {
    full_admin(&set(&docs(texts)))
}

fn mfa(texts: &[&str]) -> MfaVerdict {
    mfa_requirement(&set(&docs(texts)))
}

fn deny_when(condition: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"NoMfa","Effect":"Deny","Action":"*","Resource":"*","Condition":{condition}}}]}}"#
    )
}

#[test]
fn admin_forms() {
    let v = admin(&[ADMIN]);
    assert!(v.full_admin);
    assert_eq!(v.granted_by[0].to_string(), "`first` statement 1");
    let deny_all =
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}"#;
    assert!(!admin(&[ADMIN, deny_all]).full_admin, "Deny * * cancels it");
    let not_action = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"a4b:ApproveSkill","Resource":"*"}}"#;
    assert!(
        !admin(&[not_action]).full_admin,
        "one action short is not every action"
    );
    let not_harmless = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:NoSuchThing","Resource":"*"}}"#;
    assert!(
        admin(&[not_harmless]).full_admin,
        "NotAction of nothing real"
    );
    let not_resource = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::one-bucket"}}"#;
    assert!(admin(&[not_resource]).full_admin);
    let per_service = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:*","ec2:*","iam:*"],"Resource":"*"}}"#;
    let v = admin(&[per_service]);
    assert!(!v.full_admin);
    assert!(v.not_allowed.is_some());
    let s3_only = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::*"}}"#;
    assert!(!admin(&[s3_only]).full_admin);
    assert!(
        admin(&[ADMIN, MFA_DENY]).full_admin,
        "admin with MFA is admin"
    );
    let ip_limited = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}"#;
    assert!(admin(&[ip_limited]).full_admin, "admin from somewhere");
    assert!(!admin(&[]).full_admin);
}

#[test]
fn the_documented_mfa_deny_enforces_without_locking_out() {
    let v = mfa(&[ADMIN, MFA_DENY]);
    assert!(v.required, "{v:?}");
    assert_eq!(
        v.enforced_by[0].to_string(),
        "`second` statement `DenyAllExceptListedIfNoMFA`"
    );
    assert!(!v.locks_out);
    assert!(!mfa(&[ADMIN]).required);
}

#[test]
fn bool_without_if_exists_misses_access_keys() {
    let v = mfa(&[
        ADMIN,
        &deny_when(r#"{"Bool":{"aws:MultiFactorAuthPresent":"false"}}"#),
    ]);
    assert!(!v.required);
    assert_eq!(v.gaps.len(), 1);
    assert_eq!(v.gaps[0].context, "a call with a long-term access key");
    assert!(v.locks_out, "Deny * leaves no way to enrol");
}

#[test]
fn null_checks_on_the_right_and_wrong_key() {
    assert!(
        mfa(&[
            ADMIN,
            &deny_when(r#"{"Null":{"aws:MultiFactorAuthAge":"true"}}"#)
        ])
        .required
    );
    assert!(
        !mfa(&[
            ADMIN,
            &deny_when(r#"{"Null":{"aws:MultiFactorAuthPresent":"true"}}"#)
        ])
        .required,
        "present is false (not null) in a console session"
    );
    assert!(
        !mfa(&[
            ADMIN,
            &deny_when(r#"{"Null":{"aws:TokenIssueTime":"true"}}"#)
        ])
        .required
    );
}

#[test]
fn age_limits_and_narrowed_denies() {
    let age = mfa(&[
        ADMIN,
        &deny_when(r#"{"NumericGreaterThanIfExists":{"aws:MultiFactorAuthAge":"3600"}}"#),
    ]);
    assert!(
        age.required,
        "without MFA the age is absent, so the IfExists deny applies"
    );
    let narrowed = deny_when(
        r#"{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#,
    );
    assert!(
        !mfa(&[ADMIN, &narrowed]).required,
        "outside 10/8 nothing is denied"
    );
    let ored = deny_when(
        r#"{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"},"Bool":{"aws:MultiFactorAuthPresent":"false"}}"#,
    );
    assert!(
        !mfa(&[ADMIN, &ored]).required,
        "operators are ANDed: Bool fails for access keys"
    );
}

#[test]
fn an_admin_grant_that_requires_mfa_is_enforcement() {
    let grant = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}"#;
    assert!(admin(&[grant]).full_admin);
    let v = mfa(&[grant]);
    assert!(v.required);
    assert!(v.locks_out, "nothing at all is allowed without MFA");
}

/// A Deny of everything but `exempt` without MFA, as AWS's examples write it.
fn deny_all_but(exempt: &[&str]) -> String {
    serde_json::json!({"Version": "2012-10-17", "Statement": [{
        "Sid": "BlockMostAccessUnlessSignedInWithMFA", "Effect": "Deny", "NotAction": exempt,
        "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
    }]})
    .to_string()
}

#[test]
fn every_documented_mfa_policy_enforces_mfa() {
    let policies = documented_mfa_policies();
    assert!(policies.len() >= 2);
    for p in policies {
        assert!(
            p.url.starts_with("https://docs.aws.amazon.com/IAM/"),
            "{}",
            p.title
        );
        let mut exempt: Vec<&str> = p.not_action.iter().map(String::as_str).collect();
        let m = mfa(&[ADMIN, &deny_all_but(&exempt)]);
        assert!(m.required, "{}: {:?}", p.title, m.gaps);
        // With the actions its note adds for a first password, too.
        exempt.extend(p.note_adds.iter().map(String::as_str));
        assert!(
            mfa(&[ADMIN, &deny_all_but(&exempt)]).required,
            "{}",
            p.title
        );
    }
    // The self-manage example's exemptions include `iam:ListUsers`.
    assert!(mfa_bootstrap_actions().contains(&"iam:ListUsers"));
}

#[test]
fn an_exemption_outside_the_documented_set_is_named() {
    let mut exempt: Vec<&str> = mfa_bootstrap_actions().to_vec();
    exempt.push("iam:CreateAccessKey");
    let m = mfa(&[ADMIN, &deny_all_but(&exempt)]);
    assert!(!m.required);
    assert!(
        m.gaps.iter().all(|g| g.action == "iam:CreateAccessKey"),
        "{:?}",
        m.gaps
    );
    let m = mfa(&[ADMIN, &deny_all_but(&["iam:ListUsers", "s3:*"])]);
    assert!(!m.required);
    assert!(
        m.gaps.iter().all(|g| g.action.starts_with("s3:")),
        "{:?}",
        m.gaps
    );
}

/// A `Deny` on every IAM action whose requests carry only the listed tag keys, or none.
const DENY_IAM_UNLESS_TAGS: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"OnlyTeamTags","Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}}]}"#;

#[test]
fn a_set_operator_on_a_key_the_action_never_carries_holds() {
    // `ForAllValues:` is true when `aws:TagKeys` is absent, and `iam:ListUsers` never carries
    // it: the deny applies there, so this is no full admin.
    let v = admin(&[ADMIN, DENY_IAM_UNLESS_TAGS]);
    assert!(!v.full_admin, "{v:?}");
    let action = v.not_allowed.expect("names an action that is denied");
    assert!(action.starts_with("iam:"), "{action}");
    assert_eq!(
        catalog().carries(&action.to_ascii_lowercase(), "aws:TagKeys"),
        Some(false),
        "{action} is one that cannot carry tags"
    );
    // `iam:TagUser` carries the key: its value is open, so the deny may not apply there.
    let set_ = docs(&[ADMIN, DENY_IAM_UNLESS_TAGS]);
    let compiled = set(&set_);
    let ev = compiled.evaluate(&RequestContext::mfa(MfaContext::MfaSession, "iam:TagUser"));
    assert_eq!(ev.denied, Tri::Unknown);
    let ev = compiled.evaluate(&RequestContext::mfa(
        MfaContext::MfaSession,
        "iam:ListUsers",
    ));
    assert_eq!(ev.denied, Tri::True);
    // `ForAnyValue:` is false on an absent key: the same deny spares untagged calls.
    let any = DENY_IAM_UNLESS_TAGS.replace("ForAllValues", "ForAnyValue");
    assert!(admin(&[ADMIN, &any]).full_admin);
}

#[test]
fn a_key_of_another_service_is_absent_and_an_unknown_action_stays_open() {
    // `s3:prefix` is never in an IAM request: `StringNotEqualsIfExists` holds there.
    let deny = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"s3:prefix":"home/"}}}]}"#;
    let v = admin(&[ADMIN, deny]);
    assert!(!v.full_admin, "{v:?}");
    // An action the catalog does not know may carry any key: the deny stays undecided.
    let d = docs(&[ADMIN, deny]);
    let ev = set(&d).evaluate(&RequestContext::mfa(
        MfaContext::MfaSession,
        "iam:NotInTheCatalog",
    ));
    assert_eq!(ev.denied, Tri::Unknown);
    // A closed request has every unset key absent already, whatever the action.
    let closed = RequestContext::new("s3:ListBucket", crate::policy::RequestResource::Generic);
    assert_eq!(
        set(&d).evaluate(&closed).decision(),
        Some(crate::policy::Decision::Allowed)
    );
}

#[test]
fn an_mfa_deny_limited_to_untagged_requests_enforces_where_no_tag_can_be_sent() {
    // Without MFA, deny every IAM request whose tags (if any) are all `team`: for actions that
    // cannot carry tags, that is every request; for `iam:TagUser` a request with another tag
    // gets through — so MFA is not required for admin access.
    let deny = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"},"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}}]}"#;
    let v = mfa(&[ADMIN, deny]);
    assert!(!v.required, "{v:?}");
    let gap = &v.gaps[0];
    assert_eq!(
        catalog().carries(&gap.action.to_ascii_lowercase(), "aws:TagKeys"),
        Some(true),
        "the gap is an action that can carry tags: {}",
        gap.action
    );
}
