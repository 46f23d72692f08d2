//! `--region all` searches the Regions the account lists as enabled (`account:ListRegions`):
//! an opted-in Region is searched, a disabled one is not, and no fallback note is printed.

use std::collections::BTreeSet;

use chrono::Utc;
use rampart_testkit::{events, RegionOptStatus};

use crate::events::*;

#[tokio::test(flavor = "multi_thread")]
async fn all_means_the_regions_the_account_has_enabled() {
    let h = history().await;
    let acct = h.account.account_id.clone();
    h.account
        .set_region_status("ap-east-1", RegionOptStatus::Enabled);
    let call = |region: &str| {
        events::user_api_call(
            &acct,
            "carol",
            "AKIACAROL0000000001",
            region,
            "ec2.amazonaws.com",
            "RunInstances",
            Utc::now() - chrono::Duration::minutes(5),
        )
    };
    let (opted_in, disabled) = (call("ap-east-1"), call("af-south-1"));
    h.account.add_events([opted_in.clone(), disabled.clone()]);

    let (code, stdout, stderr) = events_cmd(
        &h.account,
        &["--region", "all", "--format", "json", "--stats"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("note:"), "no fallback note: {stderr}");
    assert!(
        stderr.contains("6 events from 18 Regions: 18 pages, 18 requests (0 retried)"),
        "{stderr}"
    );
    let found: BTreeSet<String> = json_ids(&stdout).into_iter().collect();
    assert!(
        found.contains(&id(&opted_in)),
        "the opted-in Region was searched"
    );
    assert!(
        !found.contains(&id(&disabled)),
        "the disabled Region was not"
    );
    assert!(found.contains(&id(&h.west_put)) && found.contains(&id(&h.root_login)));
    let counts = h.account.request_counts();
    assert_eq!(counts.get("account:ListRegions"), Some(&1));
    assert_eq!(counts.get("cloudtrail:LookupEvents"), Some(&18));
}
