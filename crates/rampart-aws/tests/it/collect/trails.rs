//! Trails in every Region are found: a multi-Region trail from its shadow, and a single-Region
//! trail homed in another Region through `ListTrails`, described, with its status and
//! selectors read, in its own Region.

use rampart_aws::CollectOptions;
use rampart_testkit::new_account;

use super::test_support::{snapshot, unavailable_facts};

async fn trail_in(account: &rampart_testkit::TestAccount, region: &str, name: &str, multi: bool) {
    let conf = account.sdk_config(region).await;
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&conf)
            .force_path_style(true)
            .build(),
    );
    let bucket = format!("{name}-{}", account.account_id);
    let mut create = s3.create_bucket().bucket(&bucket);
    if region != "us-east-1" {
        create = create.create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::from(region))
                .build(),
        );
    }
    create.send().await.expect("bucket");
    let ct = aws_sdk_cloudtrail::Client::new(&conf);
    ct.create_trail()
        .name(name)
        .s3_bucket_name(&bucket)
        .is_multi_region_trail(multi)
        .send()
        .await
        .expect("trail");
    ct.start_logging().name(name).send().await.expect("logging");
}

#[tokio::test]
async fn a_single_region_trail_in_another_region_is_collected() {
    let account = new_account().await;
    trail_in(&account, "us-east-1", "org-wide", true).await;
    trail_in(&account, "eu-west-1", "eu-only", false).await;
    let snap = snapshot(&account, &CollectOptions::default()).await;
    assert_eq!(unavailable_facts(&snap), vec![], "everything is readable");

    let trails = snap.cloudtrail.trails.known().expect("trails");
    let mut seen: Vec<(&str, &str, bool)> = trails
        .iter()
        .map(|t| (t.name.as_str(), t.home_region.as_str(), t.is_multi_region))
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("eu-only", "eu-west-1", false),
            ("org-wide", "us-east-1", true)
        ]
    );
    let eu = trails
        .iter()
        .find(|t| t.name == "eu-only")
        .expect("eu-only");
    assert!(eu.status.known().is_some_and(|s| s.is_logging), "{eu:?}");
    let bucket = format!("eu-only-{}", account.account_id);
    assert!(
        snap.s3.buckets.contains_key(&bucket),
        "its bucket is read too: {:?}",
        snap.s3.buckets.keys().collect::<Vec<_>>()
    );

    // The audit sees it: log file validation is off on both trails.
    let findings = rampart_checks::evaluate(
        &snap,
        &rampart_checks::AuditConfig::default(),
        &rampart_checks::Selection::default(),
    );
    let failing: Vec<&str> = findings
        .iter()
        .filter(|f| f.check_id == "RMP302" && f.status == rampart_model::Status::Fail)
        .map(|f| f.resource.id.as_str())
        .collect();
    assert_eq!(failing.len(), 2, "{failing:?}");
    assert!(
        failing.iter().any(|id| id.ends_with(":trail/eu-only")),
        "{failing:?}"
    );
}
