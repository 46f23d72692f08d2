use super::*;
use crate::test_support::{
    assert_unknown_when_refused_in_one_region, brand_new, denied, hardened, inherited, only, run,
};
use rampart_engines::policy::PolicyDocument;
use rampart_model::s3::PublicAccessBlock;

/// The hardened account with `policy` on a queue in its first enabled Region.
fn with_queue_policy(policy: Observed<PolicyDocument>) -> rampart_model::Snapshot {
    let mut snap = hardened();
    let first = snap.guardrails.regions.known().expect("regions")[0].clone();
    let queue = ResourcePolicy {
        arn: format!("arn:aws:sqs:{first}:{}:jobs", snap.account_id),
        policy,
    };
    snap.guardrails
        .resource_policies
        .get_mut("sqs")
        .expect("queues read")
        .insert(first, Observed::Known(vec![queue]));
    snap
}

fn queue(statement: &str) -> rampart_model::Snapshot {
    let doc = PolicyDocument::parse(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#
    ))
    .expect("test policy parses");
    with_queue_policy(Observed::Known(doc))
}

#[test]
fn fails_for_a_grant_to_anyone_naming_the_statement() {
    let f = only(run(
        &ResourcePolicyAllowsAnyone,
        &queue(r#"{"Sid":"open","Effect":"Allow","Principal":"*","Action":"sqs:SendMessage"}"#),
    ));
    assert_eq!(f.status, Status::Fail, "{}", f.message);
    assert_eq!(f.resource.kind, "sqs-queue");
    assert!(f.message.contains("SQS queue `jobs`") && f.message.contains("open"), "{}", f.message);
    assert_eq!(f.evidence["statements"], serde_json::json!(["open"]));
}

#[test]
fn the_inherited_account_fails_on_its_queue_and_its_public_bucket() {
    let findings = run(&ResourcePolicyAllowsAnyone, &inherited());
    let failed: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f.status == Status::Fail)
        .map(|f| (f.resource.kind.as_str(), f.resource.id.as_str()))
        .collect();
    assert_eq!(failed.len(), findings.len(), "{findings:#?}");
    assert_eq!(failed[0].0, "sqs-queue");
    assert!(failed[0].1.ends_with(":image-jobs"), "{failed:?}");
    assert_eq!(failed[1], ("bucket", "acme-public-site"));
}

/// The inherited account with its public bucket's Block Public Access set to `restrict`.
fn public_site(restrict: Observed<Option<PublicAccessBlock>>) -> Vec<Finding> {
    let mut snap = inherited();
    snap.s3
        .other_buckets
        .get_mut("acme-public-site")
        .expect("the public bucket")
        .public_access_block = restrict;
    run(&ResourcePolicyAllowsAnyone, &snap)
        .into_iter()
        .filter(|f| f.resource.kind == "bucket")
        .collect()
}

#[test]
fn restrict_public_buckets_takes_a_bucket_policy_back() {
    let restricting = PublicAccessBlock::new(false, false, false, true);
    assert!(public_site(Observed::Known(Some(restricting))).is_empty());
    let f = only(public_site(denied("s3:GetBucketPublicAccessBlock")));
    assert_eq!(f.status, Status::Unknown, "{}", f.message);
    assert_eq!(f.evidence["statements"], serde_json::json!(["PublicRead"]));
}

#[test]
fn buckets_not_listed_or_not_read_are_unknown() {
    let mut snap = hardened();
    snap.s3.owned = denied("s3:ListAllMyBuckets");
    let f = only(run(&ResourcePolicyAllowsAnyone, &snap));
    assert_eq!(f.status, Status::Unknown);
    assert_eq!(f.missing_permission.as_deref(), Some("s3:ListAllMyBuckets"));

    let mut snap = hardened();
    snap.s3.owned = Observed::Known(["unread".to_owned()].into());
    let f = only(run(&ResourcePolicyAllowsAnyone, &snap));
    assert_eq!((f.status, f.resource.id.as_str()), (Status::Unknown, "unread"));
}

#[test]
fn passes_when_conditions_pin_the_caller_down() {
    let f = only(run(
        &ResourcePolicyAllowsAnyone,
        &queue(
            r#"{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage",
                "Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:t"}}}"#,
        ),
    ));
    assert_eq!(f.status, Status::Pass, "{}", f.message);
}

#[test]
fn passes_on_accounts_with_no_open_policy() {
    for snap in [hardened(), brand_new()] {
        let f = only(run(&ResourcePolicyAllowsAnyone, &snap));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
        assert!(f.message.contains("17 enabled Regions"), "{}", f.message);
    }
}

#[test]
fn a_policy_not_read_is_unknown_for_its_resource() {
    let f = only(run(
        &ResourcePolicyAllowsAnyone,
        &with_queue_policy(denied("sqs:GetQueueAttributes")),
    ));
    assert_eq!(f.status, Status::Unknown);
    assert_eq!(f.resource.kind, "sqs-queue");
    assert_eq!(f.missing_permission.as_deref(), Some("sqs:GetQueueAttributes"));
}

#[test]
fn a_region_not_listed_is_unknown() {
    assert_unknown_when_refused_in_one_region(&ResourcePolicyAllowsAnyone, "lambda:ListFunctions", |g, r| {
        g.resource_policies
            .get_mut("lambda")
            .expect("functions read")
            .insert(r, denied("lambda:ListFunctions"));
    });
}

#[test]
fn a_snapshot_without_these_facts_is_unknown() {
    let mut snap = hardened();
    snap.guardrails.resource_policies.clear();
    let findings = run(&ResourcePolicyAllowsAnyone, &snap);
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f.status == Status::Unknown));
}
