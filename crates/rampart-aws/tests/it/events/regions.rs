//! Region names: known names need no request, unknown ones are refused unless the account
//! lists them, `all` expands to the account's enabled Regions (or, when they cannot be listed,
//! to the Regions enabled by default).

use rampart_aws::events::{resolve_regions, RegionError, ENABLED_BY_DEFAULT};
use rampart_testkit::{Fault, RegionOptStatus};

use crate::events::test_support::connection;

#[tokio::test(flavor = "multi_thread")]
async fn known_regions_are_taken_as_given_without_a_request() {
    let account = rampart_testkit::new_account().await;
    let conn = connection(&account).await;
    let names = vec![
        "EU-West-1".to_owned(),
        "us-east-1".to_owned(),
        "eu-west-1".to_owned(),
    ];
    let resolved = resolve_regions(&conn, &names).await.expect("known Regions");
    assert_eq!(resolved.regions, ["eu-west-1", "us-east-1"]);
    assert_eq!(resolved.note, None);
    assert_eq!(account.request_counts().get("account:ListRegions"), None);
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_regions_are_refused() {
    let account = rampart_testkit::new_account().await;
    let conn = connection(&account).await;
    let names = vec!["us-east-1".to_owned(), "us-middle-9".to_owned()];
    let e = resolve_regions(&conn, &names).await.expect_err("unknown");
    assert_eq!(e, RegionError::Unknown("us-middle-9".into()));
    assert!(
        e.to_string().contains("unknown Region `us-middle-9`"),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn all_is_the_enabled_regions_the_account_lists() {
    let account = rampart_testkit::new_account().await;
    account.set_region_status("ap-east-1", RegionOptStatus::Enabled);
    account.set_region_status("me-central-1", RegionOptStatus::Enabling);
    let conn = connection(&account).await;
    let resolved = resolve_regions(&conn, &["all".to_owned(), "us-east-1".to_owned()])
        .await
        .expect("all");
    assert_eq!(resolved.note, None);
    assert_eq!(resolved.regions.len(), 18, "{:?}", resolved.regions);
    assert!(resolved.regions.iter().any(|r| r == "ap-east-1"));
    for disabled in ["af-south-1", "me-south-1", "me-central-1"] {
        assert!(
            !resolved.regions.iter().any(|r| r == disabled),
            "{disabled}"
        );
    }
    assert!(ENABLED_BY_DEFAULT
        .iter()
        .all(|r| resolved.regions.iter().any(|x| x == r)));
    assert_eq!(
        account.request_counts().get("account:ListRegions"),
        Some(&1)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_of_the_listing_is_read() {
    let account = rampart_testkit::new_account().await;
    let opted_in = [
        "af-south-1",
        "ap-east-1",
        "ap-south-2",
        "eu-south-1",
        "il-central-1",
        "me-south-1",
    ];
    for r in opted_in {
        account.set_region_status(r, RegionOptStatus::Enabled);
    }
    let conn = connection(&account).await;
    let resolved = resolve_regions(&conn, &["all".to_owned()])
        .await
        .expect("all");
    // 23 Regions do not fit in one page of 20.
    assert_eq!(resolved.regions.len(), 23, "{:?}", resolved.regions);
    assert!(opted_in
        .iter()
        .all(|r| resolved.regions.iter().any(|x| x == r)));
    assert_eq!(
        account.request_counts().get("account:ListRegions"),
        Some(&2)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_region_newer_than_the_built_in_list_is_taken_when_the_account_lists_it() {
    let account = rampart_testkit::new_account().await;
    account.set_region_status("xx-newland-1", RegionOptStatus::Enabled);
    let conn = connection(&account).await;
    let resolved = resolve_regions(&conn, &["xx-newland-1".to_owned()])
        .await
        .expect("listed as enabled");
    assert_eq!(resolved.regions, ["xx-newland-1"]);
    account.set_region_status("xx-newland-1", RegionOptStatus::Disabled);
    let e = resolve_regions(&conn, &["xx-newland-1".to_owned()])
        .await
        .expect_err("disabled");
    assert_eq!(e, RegionError::Unknown("xx-newland-1".into()));
}

#[tokio::test(flavor = "multi_thread")]
async fn all_falls_back_to_the_default_regions_when_listing_is_denied() {
    let account = rampart_testkit::new_account().await;
    account.set_region_status("ap-east-1", RegionOptStatus::Enabled);
    account.inject(Fault::AccessDenied {
        action: "account:ListRegions".into(),
    });
    let conn = connection(&account).await;
    let resolved = resolve_regions(&conn, &["all".to_owned()])
        .await
        .expect("all");
    assert_eq!(resolved.regions, ENABLED_BY_DEFAULT);
    let note = resolved.note.expect("a note saying why");
    assert!(
        note.contains("could not list")
            && note.contains("access denied to `account:ListRegions`")
            && note.contains("17 Regions enabled by default"),
        "{note}"
    );
    // Access denied is not retried.
    assert_eq!(
        account.request_counts().get("account:ListRegions"),
        Some(&1)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn all_falls_back_when_the_listing_keeps_failing() {
    let account = rampart_testkit::new_account().await;
    account.inject(Fault::ServerError {
        action: "account:ListRegions".into(),
        times: 100,
    });
    let conn = connection(&account).await;
    let resolved = resolve_regions(&conn, &["all".to_owned()])
        .await
        .expect("all");
    assert_eq!(resolved.regions, ENABLED_BY_DEFAULT);
    let note = resolved.note.expect("a note saying why");
    assert!(note.contains("could not list"), "{note}");
}
