//! The outsider analysis on the policies AWS services write by default and on the grants
//! people add, one service at a time.

use super::*;

const TOPIC: &str = "arn:aws:sns:eu-west-1:111122223333:alerts";
const QUEUE: &str = "arn:aws:sqs:eu-west-1:111122223333:jobs";
const KEY: &str = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const FUNCTION: &str = "arn:aws:lambda:eu-west-1:111122223333:function:thumbs";
const SECRET: &str = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf";
const BUS: &str = "arn:aws:events:eu-west-1:111122223333:event-bus/default";

/// The positions of the public statements of `statements` attached to `arn` of `service`.
fn public(service: &str, arn: &str, statements: &str) -> Vec<usize> {
    let doc = PolicyDocument::parse(&format!(
        r#"{{"Version":"2012-10-17","Statement":{statements}}}"#
    ))
    .expect("test policy parses");
    let target = Target {
        service,
        arn,
        children: false,
    };
    public_statements(&doc, &target)
        .into_iter()
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn the_default_topic_policy_is_the_owners_only() {
    let default = format!(
        r#"[{{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{{"AWS":"*"}},
            "Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:Subscribe","SNS:Publish"],
            "Resource":"{TOPIC}","Condition":{{"StringEquals":{{"AWS:SourceOwner":"111122223333"}}}}}}]"#
    );
    assert!(public("sns", TOPIC, &default).is_empty());
    let open = format!(
        r#"[{{"Effect":"Allow","Principal":"*","Action":"sns:Subscribe","Resource":"{TOPIC}"}}]"#
    );
    assert_eq!(public("sns", TOPIC, &open), [0]);
}

#[test]
fn a_queue_fed_by_one_topic_is_not_public() {
    let fed = |cond: &str| {
        format!(
            r#"[{{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"{QUEUE}","Condition":{cond}}}]"#
        )
    };
    assert!(public(
        "sqs",
        QUEUE,
        &fed(&format!(r#"{{"ArnEquals":{{"aws:SourceArn":"{TOPIC}"}}}}"#))
    )
    .is_empty());
    assert_eq!(
        public(
            "sqs",
            QUEUE,
            &fed(r#"{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:*"}}"#)
        ),
        [0]
    );
    assert_eq!(public("sqs", QUEUE, &fed("{}")), [0]);
}

#[test]
fn key_policies_pinned_to_the_account_are_not_public() {
    let root = r#"[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]"#;
    assert!(public("kms", KEY, root).is_empty());
    let via_ebs = r#"[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Encrypt","kms:Decrypt"],"Resource":"*",
        "Condition":{"StringEquals":{"kms:CallerAccount":"111122223333","kms:ViaService":"ec2.eu-west-1.amazonaws.com"}}}]"#;
    assert!(public("kms", KEY, via_ebs).is_empty());
    let only_via = r#"[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*",
        "Condition":{"StringEquals":{"kms:ViaService":"ec2.eu-west-1.amazonaws.com"}}}]"#;
    assert_eq!(
        public("kms", KEY, only_via),
        [0],
        "any account can call through EC2"
    );
}

#[test]
fn function_permissions_for_services_and_for_anyone() {
    let s3 = format!(
        r#"[{{"Sid":"s3-invoke","Effect":"Allow","Principal":{{"Service":"s3.amazonaws.com"}},"Action":"lambda:InvokeFunction","Resource":"{FUNCTION}",
            "Condition":{{"StringEquals":{{"AWS:SourceAccount":"111122223333"}}}}}}]"#
    );
    assert!(public("lambda", FUNCTION, &s3).is_empty());
    let anyone = format!(
        r#"[{{"Sid":"open","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"{FUNCTION}"}}]"#
    );
    assert_eq!(public("lambda", FUNCTION, &anyone), [0]);
    let other = anyone.replace("thumbs", "other");
    assert!(
        public("lambda", FUNCTION, &other).is_empty(),
        "another function's statement"
    );
}

#[test]
fn a_deny_for_everyone_outside_the_account_takes_a_secret_back() {
    let open = r#"{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}"#;
    assert_eq!(public("secretsmanager", SECRET, &format!("[{open}]")), [0]);
    let fenced = format!(
        r#"[{open},{{"Effect":"Deny","Principal":"*","Action":"secretsmanager:*","Resource":"*",
            "Condition":{{"StringNotEquals":{{"aws:PrincipalAccount":"111122223333"}}}}}}]"#
    );
    assert!(public("secretsmanager", SECRET, &fenced).is_empty());
    let partial = format!(
        r#"[{open},{{"Effect":"Deny","Principal":"*","Action":"secretsmanager:DeleteSecret","Resource":"*",
            "Condition":{{"StringNotEquals":{{"aws:PrincipalAccount":"111122223333"}}}}}}]"#
    );
    assert_eq!(
        public("secretsmanager", SECRET, &partial),
        [0],
        "the deny leaves GetSecretValue"
    );
}

#[test]
fn event_buses_shared_with_an_organization_are_not_public() {
    let bus = |cond: &str| {
        format!(
            r#"[{{"Sid":"org","Effect":"Allow","Principal":"*","Action":"events:PutEvents","Resource":"{BUS}","Condition":{cond}}}]"#
        )
    };
    assert!(public(
        "events",
        BUS,
        &bus(r#"{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}"#)
    )
    .is_empty());
    assert_eq!(public("events", BUS, &bus("{}")), [0]);
}

#[test]
fn only_the_resources_own_service_counts() {
    let s3_only = format!(
        r#"[{{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"{TOPIC}"}}]"#
    );
    assert!(public("sns", TOPIC, &s3_only).is_empty());
    let everything =
        format!(r#"[{{"Effect":"Allow","Principal":"*","Action":"*","Resource":"{TOPIC}"}}]"#);
    assert_eq!(public("sns", TOPIC, &everything), [0]);
    let not_principal = format!(
        r#"[{{"Effect":"Allow","NotPrincipal":{{"AWS":"arn:aws:iam::111122223333:root"}},"Action":"sns:Publish","Resource":"{TOPIC}"}}]"#
    );
    assert_eq!(public("sns", TOPIC, &not_principal), [0]);
}

#[test]
fn an_undecidable_condition_is_public() {
    let odd = format!(
        r#"[{{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"{QUEUE}",
            "Condition":{{"DateLessThan":{{"aws:CurrentTime":"2099-01-01T00:00:00Z"}}}}}}]"#
    );
    assert_eq!(public("sqs", QUEUE, &odd), [0]);
}

#[test]
fn statements_are_named_by_sid_or_position() {
    let doc = PolicyDocument::parse(
        r#"{"Statement":[{"Sid":"a","Effect":"Allow","Principal":"*","Action":"sns:Publish"},{"Effect":"Allow","Principal":"*","Action":"sns:Publish"}]}"#,
    )
    .expect("parses");
    let names: Vec<String> = doc
        .statements
        .iter()
        .enumerate()
        .map(|(i, s)| statement_name(i, s))
        .collect();
    assert_eq!(names, ["a", "#2"]);
}

#[test]
fn a_services_own_keys_restrict_only_in_its_own_policies() {
    let statements = r#"[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
        "Condition":{"StringEquals":{"kms:CallerAccount":"111122223333"}}}]"#;
    let bucket = PolicyDocument::parse(&format!(
        r#"{{"Version":"2012-10-17","Statement":{statements}}}"#
    ))
    .expect("parses");
    let target = Target {
        service: "s3",
        arn: "arn:aws:s3:::b",
        children: true,
    };
    assert_eq!(
        public_statements(&bucket, &target).len(),
        1,
        "S3 does not count kms:CallerAccount"
    );
    let key = r#"[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*",
        "Condition":{"StringEquals":{"kms:CallerAccount":"111122223333"}}}]"#;
    assert!(public("kms", KEY, key).is_empty());
}
