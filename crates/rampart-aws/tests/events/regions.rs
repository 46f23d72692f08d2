//! Region names: known names need no request, unknown ones are refused, `all` expands.

use rampart_aws::events::{resolve_regions, RegionError, ENABLED_BY_DEFAULT};

use crate::support::connection;

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
async fn all_falls_back_to_the_default_regions_when_they_cannot_be_listed() {
    // The emulator does not implement account:ListRegions.
    let account = rampart_testkit::new_account().await;
    let conn = connection(&account).await;
    let resolved = resolve_regions(&conn, &["all".to_owned()])
        .await
        .expect("all");
    assert_eq!(resolved.regions, ENABLED_BY_DEFAULT);
    let note = resolved.note.expect("a note saying why");
    assert!(
        note.contains("could not list") && note.contains("17 Regions"),
        "{note}"
    );
    assert!(account.request_counts().contains_key("account:ListRegions"));
}
