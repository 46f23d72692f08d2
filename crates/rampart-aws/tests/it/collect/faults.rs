//! Failures become `Unavailable` facts that say what happened, and only those facts.

use std::time::Duration;

use rampart_aws::CollectOptions;
use rampart_model::UnavailableKind;
use rampart_testkit::{new_account, Fault};

use super::test_support::{snapshot, unavailable_facts};

#[tokio::test]
async fn access_denied_on_one_action_leaves_the_rest_known() {
    let account = new_account().await;
    account.inject(Fault::AccessDenied {
        action: "iam:GetCredentialReport".into(),
    });
    let snap = snapshot(&account, &CollectOptions::default()).await;

    let gaps = unavailable_facts(&snap);
    assert_eq!(gaps.len(), 1, "{gaps:#?}");
    let (path, why) = &gaps[0];
    assert_eq!(path, "iam.credential_report");
    assert_eq!(why.kind, UnavailableKind::AccessDenied);
    assert_eq!(why.action.as_deref(), Some("iam:GetCredentialReport"));
    assert!(snap.iam.account_summary.is_known() && snap.iam.authorization.is_known());
}

#[tokio::test]
async fn access_denied_in_json_and_rest_services_names_the_action() {
    let account = new_account().await;
    account.inject(Fault::AccessDenied {
        action: "cloudtrail:DescribeTrails".into(),
    });
    account.inject(Fault::AccessDenied {
        action: "cur:DescribeReportDefinitions".into(),
    });
    account.inject(Fault::AccessDenied {
        action: "s3:GetAccountPublicAccessBlock".into(),
    });
    let snap = snapshot(&account, &CollectOptions::default()).await;

    let mut gaps: Vec<_> = unavailable_facts(&snap)
        .into_iter()
        .map(|(path, u)| (path, u.kind, u.action.unwrap_or_default()))
        .collect();
    gaps.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        gaps,
        [
            // Metric filters and alarms are found through the trails' log groups: the
            // permission refused there is what they miss too.
            (
                "alerting.alarms".to_owned(),
                UnavailableKind::AccessDenied,
                "cloudtrail:DescribeTrails".to_owned()
            ),
            (
                "alerting.metric_filters".to_owned(),
                UnavailableKind::AccessDenied,
                "cloudtrail:DescribeTrails".to_owned()
            ),
            (
                "billing.cur_reports".to_owned(),
                UnavailableKind::AccessDenied,
                "cur:DescribeReportDefinitions".to_owned()
            ),
            (
                "cloudtrail.trails".to_owned(),
                UnavailableKind::AccessDenied,
                "cloudtrail:DescribeTrails".to_owned()
            ),
            (
                "s3.account_public_access_block".to_owned(),
                UnavailableKind::AccessDenied,
                "s3:GetAccountPublicAccessBlock".to_owned()
            ),
        ]
    );
}

#[tokio::test]
async fn throttling_that_recovers_is_known() {
    let account = new_account().await;
    for action in [
        "iam:GetAccountAuthorizationDetails",
        "cloudtrail:DescribeTrails",
        "iam:GetAccountSummary",
    ] {
        account.inject(Fault::Throttle {
            action: action.into(),
            times: 2,
        });
    }
    account.inject(Fault::Throttle {
        action: "cloudtrail:LookupEvents".into(),
        times: 2,
    });
    account.inject(Fault::ServerError {
        action: "cur:DescribeReportDefinitions".into(),
        times: 1,
    });
    let snap = snapshot(&account, &CollectOptions::default()).await;

    assert_eq!(
        unavailable_facts(&snap),
        vec![],
        "every throttled call was retried"
    );
    let counts = account.request_counts();
    for action in [
        "iam:GetAccountAuthorizationDetails",
        "cloudtrail:DescribeTrails",
        "iam:GetAccountSummary",
    ] {
        assert_eq!(
            counts.get(action),
            Some(&3),
            "{action} was tried three times: {counts:?}"
        );
    }
    assert_eq!(
        counts.get("cloudtrail:LookupEvents"),
        Some(&3),
        "{counts:?}"
    );
    assert_eq!(
        counts.get("cur:DescribeReportDefinitions"),
        Some(&2),
        "{counts:?}"
    );
}

#[tokio::test]
async fn throttling_past_the_retry_budget_is_throttled() {
    let account = new_account().await;
    account.inject(Fault::Throttle {
        action: "iam:GetAccountPasswordPolicy".into(),
        times: 1000,
    });
    let snap = snapshot(&account, &CollectOptions::default()).await;
    let gaps = unavailable_facts(&snap);
    assert_eq!(gaps.len(), 1, "{gaps:#?}");
    assert_eq!(gaps[0].0, "iam.password_policy");
    assert_eq!(gaps[0].1.kind, UnavailableKind::Throttled);
    assert_eq!(
        gaps[0].1.action.as_deref(),
        Some("iam:GetAccountPasswordPolicy")
    );
}

#[tokio::test]
async fn a_credential_report_that_never_completes_times_out() {
    let account = new_account().await;
    account.set_credential_report_delay(Some(Duration::MAX));
    let opts = CollectOptions {
        credential_report_timeout: Duration::from_millis(1500),
        ..CollectOptions::default()
    };
    // The report never completes, so this returning at all shows the bound was kept; what
    // is asserted is what happened inside it, never how long it took.
    let snap = snapshot(&account, &opts).await;

    let gaps = unavailable_facts(&snap);
    assert_eq!(gaps.len(), 1, "{gaps:#?}");
    assert_eq!(gaps[0].0, "iam.credential_report");
    assert_eq!(gaps[0].1.kind, UnavailableKind::TimedOut);
    assert_eq!(gaps[0].1.action.as_deref(), Some("iam:GetCredentialReport"));
    assert!(
        gaps[0].1.message.contains("not ready after 1.5 s"),
        "the configured bound: {:?}",
        gaps[0].1
    );
    let polls = account
        .request_counts()
        .get("iam:GetCredentialReport")
        .copied()
        .unwrap_or(0);
    // Waits of 250 and 500 ms, then the 750 ms left of the bound: a third poll at most, then
    // it gave up rather than polling on. A slow machine only makes for fewer.
    assert!((2..=3).contains(&polls), "it polled, then stopped: {polls}");
}

#[tokio::test]
async fn a_slow_report_within_the_timeout_is_read() {
    let account = new_account().await;
    account.set_credential_report_delay(Some(Duration::from_millis(800)));
    let opts = CollectOptions {
        credential_report_timeout: Duration::from_secs(20),
        ..CollectOptions::default()
    };
    let snap = snapshot(&account, &opts).await;
    assert!(snap
        .iam
        .credential_report
        .known()
        .and_then(|r| r.root())
        .is_some());
}

#[tokio::test]
async fn dropped_connections_make_facts_unavailable_not_the_collection_fail() {
    let account = new_account().await;
    // GetCallerIdentity passes; every later request loses its connection.
    account.inject(Fault::DropConnection {
        after_n_requests: 1,
    });
    let snap = snapshot(&account, &CollectOptions::default()).await;
    let gaps = unavailable_facts(&snap);
    assert!(
        gaps.iter().any(|(p, _)| p == "iam.credential_report"),
        "{gaps:#?}"
    );
    for (path, u) in &gaps {
        assert!(
            matches!(u.kind, UnavailableKind::Error | UnavailableKind::Dependency),
            "{path}: {u:?}"
        );
        assert!(u.action.is_some(), "{path} names the failed action");
    }
    assert!(
        gaps.iter()
            .any(|(_, u)| u.message.contains("connection closed")),
        "{gaps:#?}"
    );
    assert!(!snap.iam.authorization.is_known());
}

/// Counts the requests the collector reports.
#[derive(Default)]
struct Counted(rampart_aws::RequestStats);

impl rampart_aws::Progress for Counted {
    fn fact_started(&self, _: &str) {}
    fn fact_finished(&self, _: &str) {}
    fn request(&self, api: &str) {
        self.0.record(api);
    }
}

/// Straight against moto, without the gap endpoint: the billing APIs moto lacks answer with an
/// HTML error page. With the default retry policy that answer is not retried — it would only
/// come again — while a 5xx in AWS's own error format is (see the fault tests above).
#[tokio::test]
async fn an_emulators_html_error_page_is_final_not_retried() {
    let account = new_account().await;
    let direct = account.at_endpoint(&rampart_testkit::shared().moto_url());
    let conn = crate::collect::test_support::connection_with_retries(
        &direct,
        rampart_aws::DEFAULT_MAX_ATTEMPTS,
        rampart_aws::DEFAULT_INITIAL_BACKOFF,
    )
    .await;
    let counted = Counted::default();
    let opts = CollectOptions {
        root_activity: false,
        ..CollectOptions::default()
    };
    let snap = rampart_aws::collect(&conn, &opts, &counted)
        .await
        .expect("collects");
    let counts = counted.0.snapshot();
    assert_eq!(
        counts.get("cur:DescribeReportDefinitions"),
        Some(&1),
        "{counts:?}"
    );
    assert_eq!(
        counts.get("bcm-data-exports:ListExports"),
        Some(&1),
        "{counts:?}"
    );
    let gaps: Vec<String> = unavailable_facts(&snap)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert!(gaps.iter().any(|p| p.starts_with("billing")), "{gaps:?}");
    assert!(snap.iam.authorization.is_known(), "moto's own APIs answer");
}

#[tokio::test]
async fn a_request_that_is_never_answered_times_out_and_only_its_fact_is_unknown() {
    let account = new_account().await;
    // Held for an hour: as good as for ever for a test that finishes. The attempt timeout is
    // long enough that a busy emulator still answers every other request in time.
    account.inject(Fault::Slow {
        action: "iam:GetAccountSummary".into(),
        delay: Duration::from_secs(3600),
    });
    let mut conn = super::test_support::connection(&account).await;
    conn.sdk = conn
        .sdk
        .into_builder()
        .timeout_config(rampart_aws::timeout_config(Duration::from_secs(8), 2))
        .build();
    let snap = rampart_aws::collect(&conn, &CollectOptions::default(), &rampart_aws::NoProgress)
        .await
        .expect("collects");
    let gaps = unavailable_facts(&snap);
    assert_eq!(gaps.len(), 1, "{gaps:#?}");
    let (path, why) = &gaps[0];
    assert_eq!(path, "iam.account_summary");
    assert_eq!(why.kind, UnavailableKind::TimedOut, "{why:?}");
    // The number is the attempt timeout last configured in this process, which other tests
    // of this binary may set too.
    assert!(why.message.contains("timed out after"), "{why:?}");
    assert_eq!(why.action.as_deref(), Some("iam:GetAccountSummary"));
    assert!(
        account
            .request_counts()
            .get("iam:GetAccountSummary")
            .copied()
            .unwrap_or(0)
            >= 2,
        "a timed-out attempt is retried"
    );
}
