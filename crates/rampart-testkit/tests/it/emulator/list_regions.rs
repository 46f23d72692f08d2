//! `account:ListRegions` through the real SDK client: each account's Regions, filtered by
//! status, paged, refused with the Account API's own errors.

use aws_sdk_account::error::ProvideErrorMetadata;
use aws_sdk_account::types::RegionOptStatus as Sdk;
use rampart_testkit::{new_account, Fault, RegionOptStatus};

use super::no_retry;

/// Every Region and its status, following `NextToken` with `page` Regions a page.
async fn list_all(
    client: &aws_sdk_account::Client,
    statuses: &[Sdk],
    page: Option<i32>,
) -> (Vec<(String, Sdk)>, usize) {
    let mut out = Vec::new();
    let mut pages = 0;
    let mut token = None;
    loop {
        let answer = client
            .list_regions()
            .set_region_opt_status_contains(Some(statuses.to_vec()).filter(|s| !s.is_empty()))
            .set_max_results(page)
            .set_next_token(token.take())
            .send()
            .await
            .expect("ListRegions");
        pages += 1;
        for r in answer.regions() {
            let name = r.region_name().expect("every Region has a name").to_owned();
            let status = r.region_opt_status().expect("and a status").clone();
            out.push((name, status));
        }
        match answer.next_token() {
            Some(t) => token = Some(t.to_owned()),
            None => return (out, pages),
        }
    }
}

#[tokio::test]
async fn a_fresh_account_lists_the_default_regions_enabled_and_opt_in_ones_disabled() {
    let account = new_account().await;
    let client = aws_sdk_account::Client::new(&no_retry(&account, "us-east-1").await);
    let (all, pages) = list_all(&client, &[], Some(50)).await;
    assert_eq!(pages, 1);
    let enabled: Vec<&str> = all
        .iter()
        .filter(|(_, s)| *s == Sdk::EnabledByDefault)
        .map(|(r, _)| r.as_str())
        .collect();
    assert_eq!(enabled.len(), 17, "{enabled:?}");
    assert!(enabled.contains(&"us-east-1") && enabled.contains(&"eu-north-1"));
    assert!(
        all.contains(&("ap-east-1".to_owned(), Sdk::Disabled)),
        "{all:?}"
    );
    assert!(all.iter().all(|(_, s)| *s != Sdk::Enabled), "{all:?}");
    let names: Vec<&String> = all.iter().map(|(r, _)| r).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "sorted by name");
    assert_eq!(
        account.request_counts().get("account:ListRegions"),
        Some(&1)
    );
}

#[tokio::test]
async fn opting_in_shows_in_the_filtered_list_of_that_account_only() {
    let account = new_account().await;
    let other = new_account().await;
    account.set_region_status("ap-east-1", RegionOptStatus::Enabled);
    account.set_region_status("me-central-1", RegionOptStatus::Enabling);
    let client = aws_sdk_account::Client::new(&no_retry(&account, "us-east-1").await);
    let enabled = [Sdk::Enabled, Sdk::EnabledByDefault];
    let (list, _) = list_all(&client, &enabled, None).await;
    assert_eq!(list.len(), 18, "{list:?}");
    assert!(list.contains(&("ap-east-1".to_owned(), Sdk::Enabled)));
    assert!(!list
        .iter()
        .any(|(r, _)| r == "me-central-1" || r == "af-south-1"));
    let (enabling, _) = list_all(&client, &[Sdk::Enabling], None).await;
    assert_eq!(enabling, [("me-central-1".to_owned(), Sdk::Enabling)]);

    let client = aws_sdk_account::Client::new(&no_retry(&other, "us-east-1").await);
    let (list, _) = list_all(&client, &enabled, None).await;
    assert_eq!(list.len(), 17, "the other account did not opt in: {list:?}");
}

#[tokio::test]
async fn pages_follow_max_results_and_next_token() {
    let account = new_account().await;
    let client = aws_sdk_account::Client::new(&no_retry(&account, "us-east-1").await);
    let (whole, _) = list_all(&client, &[], Some(50)).await;
    let (paged, pages) = list_all(&client, &[], Some(5)).await;
    assert_eq!(paged, whole, "the same Regions, in the same order");
    assert_eq!(pages, whole.len().div_ceil(5));
    // Without MaxResults, a page holds at most 20 Regions.
    let first = client.list_regions().send().await.expect("first page");
    assert_eq!(first.regions().len(), 20.min(whole.len()));
    assert_eq!(first.next_token().is_some(), whole.len() > 20);

    account.set_regions(&[("us-east-1", RegionOptStatus::EnabledByDefault)]);
    let (only, _) = list_all(&client, &[], None).await;
    assert_eq!(only, [("us-east-1".to_owned(), Sdk::EnabledByDefault)]);
}

#[tokio::test]
async fn bad_input_and_faults_are_the_account_apis_errors() {
    let account = new_account().await;
    let client = aws_sdk_account::Client::new(&no_retry(&account, "us-east-1").await);
    let err = client
        .list_regions()
        .max_results(51)
        .send()
        .await
        .expect_err("too many");
    assert!(
        err.as_service_error().is_some_and(
            aws_sdk_account::operation::list_regions::ListRegionsError::is_validation_exception
        ),
        "{err:?}"
    );
    let err = client
        .list_regions()
        .next_token("forged")
        .send()
        .await
        .expect_err("bad token");
    assert_eq!(err.code(), Some("ValidationException"));
    let err = client
        .list_regions()
        .account_id("999999999999")
        .send()
        .await
        .expect_err("another account");
    assert!(
        err.as_service_error().is_some_and(
            aws_sdk_account::operation::list_regions::ListRegionsError::is_access_denied_exception
        ),
        "{err:?}"
    );

    account.inject(Fault::AccessDenied {
        action: "account:ListRegions".into(),
    });
    let err = client.list_regions().send().await.expect_err("denied");
    assert!(
        err.as_service_error().is_some_and(
            aws_sdk_account::operation::list_regions::ListRegionsError::is_access_denied_exception
        ),
        "{err:?}"
    );
    assert!(
        err.message()
            .unwrap_or_default()
            .contains("account:ListRegions"),
        "{err:?}"
    );
}
