//! The per-Region guardrails as the collector reads them from an emulated account: IAM Access
//! Analyzer (served by the gap endpoint, which moto lacks) and EBS encryption by default.

use rampart_aws::CollectOptions;
use rampart_model::{Observed, Status};
use rampart_testkit::Fault;

use crate::collect::test_support::snapshot;

fn findings(snap: &rampart_model::Snapshot) -> Vec<rampart_model::Finding> {
    rampart_checks::evaluate(
        snap,
        &rampart_checks::AuditConfig::default(),
        &rampart_checks::Selection::default(),
    )
}

fn verdicts(snap: &rampart_model::Snapshot, id: &str) -> Vec<(Status, Option<String>)> {
    findings(snap)
        .into_iter()
        .filter(|f| f.check_id == id)
        .map(|f| (f.status, f.resource.region))
        .collect()
}

#[tokio::test]
async fn access_analyzers_are_read_in_every_enabled_region_and_judged() {
    let account = rampart_testkit::new_account().await;
    let snap = snapshot(&account, &CollectOptions::default()).await;
    let regions = snap.guardrails.regions.known().expect("regions").clone();
    assert!(regions.len() > 1);
    for r in &regions {
        assert_eq!(
            snap.guardrails.access_analyzers.get(r),
            Some(&Observed::Known(vec![])),
            "{r}"
        );
    }
    let fresh = verdicts(&snap, "RMP503");
    assert_eq!(fresh.len(), regions.len());
    assert!(fresh.iter().all(|(s, _)| *s == Status::Fail), "{fresh:?}");

    // An analyzer of the account in every Region but one, an unused-access one there.
    let (odd, rest) = regions.split_first().expect("regions");
    for r in rest {
        account.add_analyzer(r, "external", "ACCOUNT", "ACTIVE");
    }
    account.add_analyzer(odd, "unused", "ACCOUNT_UNUSED_ACCESS", "ACTIVE");
    let snap = snapshot(&account, &CollectOptions::default()).await;
    assert_eq!(
        verdicts(&snap, "RMP503"),
        [(Status::Fail, Some(odd.clone()))]
    );
    account.add_analyzer(odd, "external", "ACCOUNT", "ACTIVE");
    let snap = snapshot(&account, &CollectOptions::default()).await;
    assert_eq!(verdicts(&snap, "RMP503"), [(Status::Pass, None)]);

    // Refused: unknown in every Region, naming the permission; never a pass.
    account.inject(Fault::AccessDenied {
        action: "access-analyzer:ListAnalyzers".into(),
    });
    let snap = snapshot(&account, &CollectOptions::default()).await;
    let refused = verdicts(&snap, "RMP503");
    assert_eq!(refused.len(), regions.len());
    assert!(
        refused.iter().all(|(s, _)| *s == Status::Unknown),
        "{refused:?}"
    );
    let finding = findings(&snap)
        .into_iter()
        .find(|f| f.check_id == "RMP503")
        .expect("a finding");
    assert_eq!(
        finding.missing_permission.as_deref(),
        Some("access-analyzer:ListAnalyzers")
    );
}

#[tokio::test]
async fn analyzers_are_listed_across_pages() {
    let account = rampart_testkit::new_account().await;
    // More than one page of the API's default of 100.
    for i in 0..120 {
        account.add_analyzer(
            "us-east-1",
            &format!("org-{i:03}"),
            "ORGANIZATION",
            "DISABLED",
        );
    }
    let snap = snapshot(&account, &CollectOptions::default()).await;
    let read = snap
        .guardrails
        .access_analyzers
        .get("us-east-1")
        .and_then(Observed::known)
        .expect("read");
    assert_eq!(read.len(), 120);
    assert!(verdicts(&snap, "RMP503").contains(&(Status::Fail, Some("us-east-1".into()))));
}

/// The failing Regions of `id`.
fn failing(snap: &rampart_model::Snapshot, id: &str) -> Vec<String> {
    verdicts(snap, id)
        .into_iter()
        .filter(|(s, _)| *s == Status::Fail)
        .filter_map(|(_, r)| r)
        .collect()
}

#[tokio::test]
async fn guardduty_config_and_security_hub_are_read_in_every_enabled_region() {
    let account = rampart_testkit::new_account().await;
    let snap = snapshot(&account, &CollectOptions::default()).await;
    let regions = snap.guardrails.regions.known().expect("regions").clone();
    for id in ["RMP504", "RMP505", "RMP506"] {
        assert_eq!(
            failing(&snap, id),
            regions,
            "{id} fails everywhere at first"
        );
    }

    // Turned on in us-east-1 with the services' own APIs.
    let conf = account.sdk_config("us-east-1").await;
    aws_sdk_guardduty::Client::new(&conf)
        .create_detector()
        .enable(true)
        .send()
        .await
        .expect("detector");
    let config = aws_sdk_config::Client::new(&conf);
    config
        .put_configuration_recorder()
        .configuration_recorder(
            aws_sdk_config::types::ConfigurationRecorder::builder()
                .name("default")
                .role_arn(format!(
                    "arn:aws:iam::{}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
                    account.account_id
                ))
                .recording_group(
                    aws_sdk_config::types::RecordingGroup::builder()
                        .all_supported(true)
                        .include_global_resource_types(true)
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .expect("recorder");
    config
        .put_delivery_channel()
        .delivery_channel(
            aws_sdk_config::types::DeliveryChannel::builder()
                .name("default")
                .s3_bucket_name("config-bucket")
                .build(),
        )
        .send()
        .await
        .expect("delivery channel");
    config
        .start_configuration_recorder()
        .configuration_recorder_name("default")
        .send()
        .await
        .expect("started");
    aws_sdk_securityhub::Client::new(&conf)
        .enable_security_hub()
        .send()
        .await
        .expect("security hub");
    let snap = snapshot(&account, &CollectOptions::default()).await;
    let others: Vec<String> = regions
        .iter()
        .filter(|r| *r != "us-east-1")
        .cloned()
        .collect();
    for id in ["RMP504", "RMP505", "RMP506"] {
        assert_eq!(failing(&snap, id), others, "{id} passes in us-east-1 only");
    }

    // A stopped recorder fails again; a refused read is unknown, never a pass.
    config
        .stop_configuration_recorder()
        .configuration_recorder_name("default")
        .send()
        .await
        .expect("stopped");
    account.inject(Fault::AccessDenied {
        action: "guardduty:ListDetectors".into(),
    });
    let snap = snapshot(&account, &CollectOptions::default()).await;
    assert_eq!(failing(&snap, "RMP505"), regions);
    let gd = verdicts(&snap, "RMP504");
    assert_eq!(gd.len(), regions.len());
    assert!(gd.iter().all(|(s, _)| *s == Status::Unknown), "{gd:?}");
}

#[tokio::test]
async fn security_groups_and_network_acls_are_judged_as_aws_evaluates_them() {
    let account = rampart_testkit::new_account().await;
    let snap = snapshot(&account, &CollectOptions::default()).await;
    let regions = snap.guardrails.regions.known().expect("regions").clone();
    // Every Region's default VPC: its default group and ACL as AWS makes them.
    assert_eq!(
        failing(&snap, "RMP510"),
        regions,
        "default groups allow traffic"
    );
    assert_eq!(
        failing(&snap, "RMP509"),
        regions,
        "default ACLs allow everything"
    );
    assert!(failing(&snap, "RMP507").is_empty() && failing(&snap, "RMP508").is_empty());

    // A group open to the world on SSH in eu-west-1, over IPv4 and IPv6; one open to a
    // private range only.
    let ec2 = aws_sdk_ec2::Client::new(&account.sdk_config("eu-west-1").await);
    let group = |name: &'static str| {
        let ec2 = ec2.clone();
        async move {
            ec2.create_security_group()
                .group_name(name)
                .description(name)
                .send()
                .await
                .expect("group")
                .group_id()
                .expect("id")
                .to_owned()
        }
    };
    let open = group("open-ssh").await;
    let private = group("private-ssh").await;
    let share = group("file-share").await;
    ec2.authorize_security_group_ingress()
        .group_id(&share)
        .ip_permissions(
            aws_sdk_ec2::types::IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(440)
                .to_port(450)
                .ip_ranges(
                    aws_sdk_ec2::types::IpRange::builder()
                        .cidr_ip("0.0.0.0/0")
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .expect("rule");
    let ssh = |v4: &str, v6: Option<&str>| {
        let mut p = aws_sdk_ec2::types::IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(22)
            .to_port(22)
            .ip_ranges(aws_sdk_ec2::types::IpRange::builder().cidr_ip(v4).build());
        if let Some(v6) = v6 {
            p = p.ipv6_ranges(
                aws_sdk_ec2::types::Ipv6Range::builder()
                    .cidr_ipv6(v6)
                    .build(),
            );
        }
        p.build()
    };
    for (id, perm) in [
        (&open, ssh("0.0.0.0/0", Some("::/0"))),
        (&private, ssh("10.0.0.0/8", None)),
    ] {
        ec2.authorize_security_group_ingress()
            .group_id(id)
            .ip_permissions(perm)
            .send()
            .await
            .expect("rule");
    }
    let snap = snapshot(&account, &CollectOptions::default()).await;
    for id in ["RMP507", "RMP508"] {
        let fails: Vec<_> = findings(&snap)
            .into_iter()
            .filter(|f| f.check_id == id && f.status == Status::Fail)
            .map(|f| (f.resource.id, f.resource.region))
            .collect();
        assert_eq!(
            fails,
            [(open.clone(), Some("eu-west-1".to_owned()))],
            "{id}"
        );
    }

    // Ports 440-450 take in CIFS's 445; the SSH groups do not.
    let cifs: Vec<_> = findings(&snap)
        .into_iter()
        .filter(|f| f.check_id == "RMP516" && f.status == Status::Fail)
        .map(|f| f.resource.id)
        .collect();
    assert_eq!(cifs, std::slice::from_ref(&share));

    account.inject(Fault::AccessDenied {
        action: "ec2:DescribeNetworkAcls".into(),
    });
    let snap = snapshot(&account, &CollectOptions::default()).await;
    let acl = verdicts(&snap, "RMP509");
    assert_eq!(acl.len(), regions.len());
    assert!(acl.iter().all(|(s, _)| *s == Status::Unknown), "{acl:?}");
}

#[tokio::test]
async fn kms_keys_that_do_not_rotate_are_found_and_rotated_with_the_flag() {
    let account = rampart_testkit::new_account().await;
    let kms = aws_sdk_kms::Client::new(&account.sdk_config("ap-south-1").await);
    let create = |spec: aws_sdk_kms::types::KeySpec| {
        let kms = kms.clone();
        async move {
            let usage = match spec {
                aws_sdk_kms::types::KeySpec::SymmetricDefault => {
                    aws_sdk_kms::types::KeyUsageType::EncryptDecrypt
                }
                _ => aws_sdk_kms::types::KeyUsageType::SignVerify,
            };
            kms.create_key()
                .key_spec(spec)
                .key_usage(usage)
                .send()
                .await
                .expect("key")
                .key_metadata()
                .expect("metadata")
                .key_id()
                .to_owned()
        }
    };
    let plain = create(aws_sdk_kms::types::KeySpec::SymmetricDefault).await;
    let rotating = create(aws_sdk_kms::types::KeySpec::SymmetricDefault).await;
    kms.enable_key_rotation()
        .key_id(&rotating)
        .send()
        .await
        .expect("rotation");
    let _signing = create(aws_sdk_kms::types::KeySpec::Rsa2048).await;
    let snap = snapshot(&account, &CollectOptions::default()).await;
    let fails: Vec<_> = findings(&snap)
        .into_iter()
        .filter(|f| f.check_id == "RMP511" && f.status == Status::Fail)
        .map(|f| (f.resource.id, f.resource.region))
        .collect();
    assert_eq!(fails, [(plain.clone(), Some("ap-south-1".to_owned()))]);

    // Without the flag the plan leaves it; with it, apply turns rotation on and converges.
    let baseline = rampart_plan::Baseline::default();
    let plain_plan = rampart_plan::plan(&baseline, &snap, &rampart_plan::PlanOptions::default());
    assert!(plain_plan.actions.iter().all(|a| a.kind != "kms-rotation"));
    let opts = rampart_plan::PlanOptions {
        enable_key_rotation: true,
        ..rampart_plan::PlanOptions::default()
    };
    let plan = rampart_plan::plan(&baseline, &snap, &opts);
    let rotation: Vec<_> = plan
        .actions
        .iter()
        .filter(|a| a.kind == "kms-rotation")
        .cloned()
        .collect();
    assert_eq!(rotation.len(), 1);
    let only_rotation = rampart_plan::Plan {
        actions: rotation,
        ..plan
    };
    let conn = crate::collect::test_support::connection(&account).await;
    let out = rampart_aws::apply::apply(
        &conn,
        &only_rotation,
        Some(snap),
        &opts,
        &|_| {},
        &rampart_aws::NoProgress,
    )
    .await
    .expect("applied");
    assert!(out.failed.is_none(), "{:?}", out.failed);
    assert_eq!(out.done.len(), 1, "{out:?}");
    let status = kms
        .get_key_rotation_status()
        .key_id(&plain)
        .send()
        .await
        .expect("status");
    assert!(status.key_rotation_enabled());
    let snap = snapshot(&account, &CollectOptions::default()).await;
    assert_eq!(verdicts(&snap, "RMP511"), [(Status::Pass, None)]);
}

#[tokio::test]
async fn what_only_ignored_checks_need_is_not_read() {
    let account = rampart_testkit::new_account().await;
    let network: std::collections::BTreeSet<String> = [
        "RMP507", "RMP508", "RMP509", "RMP510", "RMP516", "RMP404", "RMP405",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    let opts = CollectOptions {
        left_out: network,
        ..CollectOptions::default()
    };
    let snap = snapshot(&account, &opts).await;
    let counts = account.request_counts();
    for api in [
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeNetworkAcls",
        "budgets:DescribeBudgets",
        "ce:GetAnomalyMonitors",
        "ce:GetAnomalySubscriptions",
    ] {
        assert_eq!(counts.get(api), None, "{api} was read: {counts:?}");
    }
    assert!(
        counts.get("kms:ListKeys").is_some_and(|n| *n > 0),
        "{counts:?}"
    );
    let groups = snap
        .guardrails
        .security_groups
        .get("us-east-1")
        .expect("an entry");
    assert!(
        matches!(groups, Observed::Unavailable(u) if u.kind == rampart_model::UnavailableKind::Skipped),
        "{groups:?}"
    );

    // Every guardrail check left out: not even the Regions are listed.
    let all: std::collections::BTreeSet<String> = (502..=516).map(|n| format!("RMP{n}")).collect();
    let before = account.request_counts();
    let snap = snapshot(
        &account,
        &CollectOptions {
            left_out: all,
            ..CollectOptions::default()
        },
    )
    .await;
    let after = account.request_counts();
    assert_eq!(
        before.get("account:ListRegions"),
        after.get("account:ListRegions"),
        "the Regions were listed: {before:?} then {after:?}"
    );
    assert!(!snap.guardrails.regions.is_known());
}

#[tokio::test]
async fn instances_that_answer_imds_v1_are_found() {
    let account = rampart_testkit::new_account().await;
    let ec2 = aws_sdk_ec2::Client::new(&account.sdk_config("ap-south-1").await);
    let mut ids = Vec::new();
    for tokens in [
        aws_sdk_ec2::types::HttpTokensState::Required,
        aws_sdk_ec2::types::HttpTokensState::Optional,
    ] {
        let run = ec2
            .run_instances()
            .image_id("ami-12c6146b")
            .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
            .min_count(1)
            .max_count(1)
            .metadata_options(
                aws_sdk_ec2::types::InstanceMetadataOptionsRequest::builder()
                    .http_tokens(tokens)
                    .build(),
            )
            .send()
            .await
            .expect("instance");
        ids.push(run.instances()[0].instance_id().expect("id").to_owned());
    }
    let snap = snapshot(&account, &CollectOptions::default()).await;
    let fails: Vec<_> = findings(&snap)
        .into_iter()
        .filter(|f| f.check_id == "RMP515" && f.status == Status::Fail)
        .map(|f| (f.resource.id, f.resource.region))
        .collect();
    assert_eq!(fails, [(ids[1].clone(), Some("ap-south-1".to_owned()))]);

    ec2.modify_instance_metadata_options()
        .instance_id(&ids[1])
        .http_tokens(aws_sdk_ec2::types::HttpTokensState::Required)
        .send()
        .await
        .expect("modified");
    let snap = snapshot(&account, &CollectOptions::default()).await;
    assert_eq!(verdicts(&snap, "RMP515"), [(Status::Pass, None)]);
}
