//! The number of requests does not grow with the number of users: only the pages of
//! `GetAccountAuthorizationDetails` may differ between a small and a large account.

use std::collections::BTreeMap;

use rampart_aws::{CollectOptions, Progress, RequestStats};
use rampart_model::Observed;
use rampart_testkit::{new_account, TestAccount};

use super::test_support::{iam, seed_users, snapshot_with, unavailable_facts};

const PAGED: &str = "iam:GetAccountAuthorizationDetails";

/// Counts the requests the collector reports.
#[derive(Default)]
struct Counted(RequestStats);

impl Progress for Counted {
    fn fact_started(&self, _: &str) {}
    fn fact_finished(&self, _: &str) {}
    fn request(&self, api: &str) {
        self.0.record(api);
    }
}

async fn account_with_users(n: usize) -> TestAccount {
    let account = new_account().await;
    let iam = iam(&account.sdk_config("us-east-1").await);
    iam.create_group()
        .group_name("staff")
        .send()
        .await
        .expect("group");
    iam.attach_group_policy()
        .group_name("staff")
        .policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
        .send()
        .await
        .expect("attach");
    seed_users(&iam, "user", n, "staff").await;
    // AWS's default page of 100 items, whatever larger `MaxItems` the collector asks for, so
    // that 300 users span several pages.
    account.set_authorization_page_size(Some(100));
    account
}

/// Collects and returns the gap endpoint's request log, checked against the collector's own
/// count of the requests it sent.
async fn requests_of(account: &TestAccount, users: usize) -> BTreeMap<String, u64> {
    account.reset_request_counts();
    let stats = Counted::default();
    let snap = snapshot_with(account, &CollectOptions::default(), &stats).await;
    assert_eq!(unavailable_facts(&snap), vec![]);
    let Observed::Known(auth) = &snap.iam.authorization else {
        panic!("authorization unavailable")
    };
    assert_eq!(auth.users.len(), users);
    let report_users = snap
        .iam
        .credential_report
        .known()
        .map(|r| r.users().count());
    assert_eq!(report_users, Some(users));

    let seen = account.request_counts();
    assert_eq!(
        stats.0.snapshot(),
        seen,
        "the collector's count matches what the endpoint received"
    );
    seen
}

#[tokio::test]
async fn request_counts_do_not_grow_with_users() {
    let (small, large) = tokio::join!(account_with_users(10), account_with_users(300));
    let small = requests_of(&small, 10).await;
    let large = requests_of(&large, 300).await;

    let without_pages = |m: &BTreeMap<String, u64>| {
        m.iter()
            .filter(|(k, _)| k.as_str() != PAGED)
            .map(|(k, v)| (k.clone(), *v))
            .collect::<BTreeMap<_, _>>()
    };
    assert_eq!(without_pages(&small), without_pages(&large));
    // 10 users + 1 group + 1 attached policy fit one page of 100; 300 + 2 items need four.
    assert_eq!(small.get(PAGED), Some(&1));
    assert_eq!(large.get(PAGED), Some(&4));
    // One request per enabled Region for each per-Region setting; the rest is a few dozen,
    // whatever the account holds.
    let regions = large
        .get("ec2:GetEbsEncryptionByDefault")
        .copied()
        .unwrap_or(0);
    assert!(
        (1..=40).contains(&regions),
        "one read per enabled Region: {large:?}"
    );
    let per_region: u64 = PER_REGION
        .iter()
        .map(|api| {
            let n = large.get(*api).copied().unwrap_or(0);
            assert_eq!(n, regions, "{api}: one read per enabled Region: {large:?}");
            n
        })
        .sum();
    let total: u64 = large.values().sum();
    assert!(
        total - per_region < 40,
        "a whole collection takes a few dozen requests, not hundreds: {large:?}"
    );
}

/// The APIs read once in each enabled Region.
const PER_REGION: &[&str] = &[
    "ec2:GetEbsEncryptionByDefault",
    "access-analyzer:ListAnalyzers",
    "guardduty:ListDetectors",
    "config:DescribeConfigurationRecorders",
    "securityhub:DescribeHub",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeNetworkAcls",
    "kms:ListKeys",
    "ec2:DescribeVpcs",
    "sns:ListTopics",
    "sqs:ListQueues",
    "lambda:ListFunctions",
    "secretsmanager:ListSecrets",
    "events:ListEventBuses",
    "ec2:DescribeInstances",
];
