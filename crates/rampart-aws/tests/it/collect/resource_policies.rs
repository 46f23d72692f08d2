//! Resource policies as the collector reads them from an emulated account: a public and a
//! private resource of each service in one Region, judged by RMP514; a refused read is unknown
//! for its resource, or for the Regions of a listing refused; each listing is one request per enabled Region.

use rampart_aws::CollectOptions;
use rampart_model::{Observed, Status};
use rampart_testkit::{Fault, TestAccount};

use crate::collect::test_support::snapshot;

const REGION: &str = "eu-west-1";
const RMP514: &str = "RMP514";

/// An empty zip archive: the code of a function that is never invoked.
const EMPTY_ZIP: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

fn open_to_anyone(action: &str, arn: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"open","Effect":"Allow","Principal":"*","Action":"{action}","Resource":"{arn}"}}]}}"#
    )
}

/// Seeds a public and a private resource of every service; returns the ARNs of the public ones.
async fn seed(account: &TestAccount) -> Vec<String> {
    let config = account.sdk_config(REGION).await;
    let id = &account.account_id;
    let mut public = Vec::new();

    let sqs = aws_sdk_sqs::Client::new(&config);
    for (name, policy) in [
        ("open-jobs", None),
        (
            "fed-jobs",
            Some(format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:{REGION}:{id}:fed-jobs","Condition":{{"ArnEquals":{{"aws:SourceArn":"arn:aws:sns:{REGION}:{id}:alerts"}}}}}}]}}"#
            )),
        ),
    ] {
        let arn = format!("arn:aws:sqs:{REGION}:{id}:{name}");
        let policy = policy.unwrap_or_else(|| {
            public.push(arn.clone());
            open_to_anyone("sqs:SendMessage", &arn)
        });
        sqs.create_queue()
            .queue_name(name)
            .attributes(aws_sdk_sqs::types::QueueAttributeName::Policy, policy)
            .send()
            .await
            .expect("queue");
    }
    sqs.create_queue()
        .queue_name("no-policy")
        .send()
        .await
        .expect("queue");

    // The topic keeps the default policy AWS writes, which only its owner passes.
    let sns = aws_sdk_sns::Client::new(&config);
    sns.create_topic()
        .name("alerts")
        .send()
        .await
        .expect("topic");

    let secrets = aws_sdk_secretsmanager::Client::new(&config);
    let secret = secrets
        .create_secret()
        .name("db")
        .secret_string("not-a-real-password")
        .send()
        .await
        .expect("secret");
    let secret_arn = secret.arn().expect("arn").to_owned();
    secrets
        .put_resource_policy()
        .secret_id(&secret_arn)
        .resource_policy(open_to_anyone("secretsmanager:GetSecretValue", "*"))
        .send()
        .await
        .expect("secret policy");
    public.push(secret_arn);

    // The whole policy, as `put-permission --policy` sends it: moto writes a `Principal: "*"`
    // given alone as `arn:aws:iam::*:root`, which AWS does not.
    let events = aws_sdk_eventbridge::Client::new(&config);
    let bus = format!("arn:aws:events:{REGION}:{id}:event-bus/default");
    events
        .put_permission()
        .event_bus_name("default")
        .policy(open_to_anyone("events:PutEvents", &bus))
        .send()
        .await
        .expect("bus permission");
    public.push(bus);

    let iam = aws_sdk_iam::Client::new(&config);
    let role = iam
        .create_role()
        .role_name("thumbs")
        .assume_role_policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        )
        .send()
        .await
        .expect("role");
    let lambda = aws_sdk_lambda::Client::new(&config);
    for name in ["thumbs", "private-thumbs"] {
        let f = lambda
            .create_function()
            .function_name(name)
            .runtime(aws_sdk_lambda::types::Runtime::Python312)
            .role(role.role().expect("role").arn())
            .handler("index.handler")
            .code(
                aws_sdk_lambda::types::FunctionCode::builder()
                    .zip_file(aws_smithy_types::Blob::new(EMPTY_ZIP))
                    .build(),
            )
            .send()
            .await
            .expect("function");
        let (principal, source) = if name == "thumbs" {
            public.push(f.function_arn().expect("arn").to_owned());
            ("*", None)
        } else {
            ("s3.amazonaws.com", Some(id.clone()))
        };
        lambda
            .add_permission()
            .function_name(name)
            .statement_id("invoke")
            .action("lambda:InvokeFunction")
            .principal(principal)
            .set_source_account(source)
            .send()
            .await
            .expect("permission");
    }

    // A grant to anyone on an alias lives in the alias's own policy.
    let version = lambda
        .publish_version()
        .function_name("private-thumbs")
        .send()
        .await
        .expect("version");
    let alias = lambda
        .create_alias()
        .function_name("private-thumbs")
        .name("prod")
        .function_version(version.version().expect("version number"))
        .send()
        .await
        .expect("alias");
    lambda
        .add_permission()
        .function_name("private-thumbs")
        .qualifier("prod")
        .statement_id("open-alias")
        .action("lambda:InvokeFunction")
        .principal("*")
        .send()
        .await
        .expect("alias permission");
    public.push(alias.alias_arn().expect("alias arn").to_owned());

    let kms = aws_sdk_kms::Client::new(&config);
    let key = kms.create_key().send().await.expect("key");
    let key_arn = key
        .key_metadata()
        .and_then(|m| m.arn())
        .expect("arn")
        .to_owned();
    kms.put_key_policy()
        .key_id(&key_arn)
        .policy_name("default")
        .policy(format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{id}:root"}},"Action":"kms:*","Resource":"*"}},{{"Sid":"open","Effect":"Allow","Principal":{{"AWS":"*"}},"Action":"kms:Decrypt","Resource":"*"}}]}}"#
        ))
        .send()
        .await
        .expect("key policy");
    public.push(key_arn);
    kms.create_key()
        .send()
        .await
        .expect("a key with the default policy");

    public.sort();
    public
}

fn failing(snap: &rampart_model::Snapshot) -> Vec<(Status, String)> {
    let mut out: Vec<(Status, String)> = rampart_checks::evaluate(
        snap,
        &rampart_checks::AuditConfig::default(),
        &rampart_checks::Selection::default(),
    )
    .into_iter()
    .filter(|f| f.check_id == RMP514 && f.status != Status::Pass)
    .map(|f| (f.status, f.resource.id))
    .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

#[tokio::test]
async fn public_resource_policies_fail_and_private_ones_pass() {
    let account = rampart_testkit::new_account().await;
    let public = seed(&account).await;
    account.reset_request_counts();
    let snap = snapshot(&account, &CollectOptions::default()).await;
    let expected: Vec<(Status, String)> =
        public.iter().map(|a| (Status::Fail, a.clone())).collect();
    assert_eq!(failing(&snap), expected);

    // Each listing is one request per enabled Region, whatever the Region holds.
    let regions = snap.guardrails.regions.known().expect("regions").len() as u64;
    let counts = account.request_counts();
    for api in [
        "sns:ListTopics",
        "sqs:ListQueues",
        "kms:ListKeys",
        "lambda:ListFunctions",
        "secretsmanager:ListSecrets",
        "events:ListEventBuses",
    ] {
        assert_eq!(counts.get(api), Some(&regions), "{api}: {counts:?}");
    }
    // A policy per resource that can have one; event buses come with theirs.
    assert_eq!(counts.get("sqs:GetQueueAttributes"), Some(&3), "{counts:?}");
    // Two functions, the alias, and each published version the emulator lists.
    let lambda = aws_sdk_lambda::Client::new(&account.sdk_config(REGION).await);
    let mut versions = 0;
    for f in ["thumbs", "private-thumbs"] {
        let listed = lambda
            .list_versions_by_function()
            .function_name(f)
            .send()
            .await
            .expect("versions");
        versions += listed
            .versions()
            .iter()
            .filter(|v| v.version() != Some("$LATEST"))
            .count() as u64;
    }
    assert_eq!(
        counts.get("lambda:GetPolicy"),
        Some(&(3 + versions)),
        "{counts:?}"
    );
    assert_eq!(counts.get("kms:GetKeyPolicy"), Some(&2), "{counts:?}");
}

#[tokio::test]
async fn a_refused_read_is_unknown_where_it_was_refused() {
    let account = rampart_testkit::new_account().await;
    let public = seed(&account).await;
    for action in ["secretsmanager:GetResourcePolicy", "lambda:ListFunctions"] {
        account.inject(Fault::AccessDenied {
            action: action.into(),
        });
    }
    let snap = snapshot(&account, &CollectOptions::default()).await;
    let verdicts = failing(&snap);
    let secret = public
        .iter()
        .find(|a| a.contains(":secret:"))
        .expect("secret");
    assert!(
        verdicts.contains(&(Status::Unknown, secret.clone())),
        "{verdicts:?}"
    );
    assert!(
        verdicts.contains(&(Status::Unknown, REGION.to_owned())),
        "every Region, where functions could not be listed: {verdicts:?}"
    );
    let queues: Vec<_> = verdicts
        .iter()
        .filter(|(_, a)| a.contains(":sqs:"))
        .collect();
    assert_eq!(
        queues,
        [&(
            Status::Fail,
            public
                .iter()
                .find(|a| a.contains(":sqs:"))
                .expect("queue")
                .clone()
        )]
    );
    let functions = snap.guardrails.resource_policies["lambda"].get(REGION);
    assert!(
        matches!(functions, Some(Observed::Unavailable(_))),
        "{functions:?}"
    );
}

#[tokio::test]
async fn other_buckets_are_read_only_for_the_checks_that_need_them() {
    let account = rampart_testkit::new_account().await;
    let conf = aws_sdk_s3::config::Builder::from(&account.sdk_config("us-east-1").await)
        .force_path_style(true)
        .build();
    let s3 = aws_sdk_s3::Client::from_conf(conf);
    s3.create_bucket()
        .bucket("rampart-test-other")
        .send()
        .await
        .expect("bucket");

    account.reset_request_counts();
    let snap = snapshot(&account, &CollectOptions::default()).await;
    let read = snap
        .s3
        .other_buckets
        .get("rampart-test-other")
        .expect("read");
    assert_eq!(read.policy, Observed::Known(None));
    assert!(
        matches!(&read.encryption, Observed::Unavailable(u) if u.kind == rampart_model::UnavailableKind::Skipped)
    );
    assert_eq!(account.request_counts().get("s3:GetBucketAcl"), Some(&1));

    let left_out = ["RMP501", "RMP514"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    account.reset_request_counts();
    let snap = snapshot(
        &account,
        &CollectOptions {
            left_out,
            ..CollectOptions::default()
        },
    )
    .await;
    assert!(snap.s3.other_buckets.is_empty());
    assert_eq!(account.request_counts().get("s3:GetBucketAcl"), None);
}
