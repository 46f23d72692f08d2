//! The shortcuts (root activity, console sign-ins, errors) and the time window, against the
//! history seeded in [`crate::events::filters`].

use chrono::{Duration, Utc};
use rampart_aws::events::EventFilter;

use crate::events::filters::{found, ids, seed, REGION};
use crate::events::test_support::*;

#[tokio::test(flavor = "multi_thread")]
async fn root_sign_ins_and_errors() {
    let account = rampart_testkit::new_account().await;
    fast_endpoint(&account, 500.0);
    let h = seed(&account);
    let f = EventFilter::default;
    assert_eq!(
        found(&account, EventFilter { root: true, ..f() }).await,
        ids(&[&h.root_login_no_mfa, &h.root_create_key])
    );
    assert_eq!(
        found(
            &account,
            EventFilter {
                console_logins: true,
                ..f()
            }
        )
        .await,
        ids(&[&h.root_login_no_mfa, &h.bob_login_failed])
    );
    assert_eq!(
        found(
            &account,
            EventFilter {
                root: true,
                console_logins: true,
                ..f()
            }
        )
        .await,
        ids(&[&h.root_login_no_mfa])
    );
    assert_eq!(
        found(
            &account,
            EventFilter {
                errors: true,
                ..f()
            }
        )
        .await,
        ids(&[&h.bob_denied, &h.bob_login_failed])
    );
    // The record says what the table shows.
    let mut q = query(&[REGION], 50);
    q.filter = EventFilter {
        console_logins: true,
        ..f()
    };
    let (outcome, _) = run(&account, &q).await;
    let by_root = outcome
        .events
        .iter()
        .find(|e| e.is_root())
        .expect("root sign-in");
    assert_eq!(
        (by_root.mfa_used(), by_root.login_result()),
        (Some(false), Some("Success"))
    );
    let by_bob = outcome
        .events
        .iter()
        .find(|e| !e.is_root())
        .expect("bob's sign-in");
    assert_eq!(by_bob.error(), Some("Failed authentication"));
    assert_eq!(by_bob.who(), "bob");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_time_window_is_respected() {
    let account = rampart_testkit::new_account().await;
    fast_endpoint(&account, 500.0);
    let h = seed(&account);
    let now = Utc::now();
    let mut q = query(&[REGION], 50);
    q.start = now - Duration::days(11);
    q.end = now - Duration::days(1);
    let (outcome, _) = run(&account, &q).await;
    assert_eq!(unique_ids(&outcome.events), ids(&[&h.old_alice_list]));
    q.start = now - Duration::seconds(150);
    q.end = now;
    let (outcome, _) = run(&account, &q).await;
    assert_eq!(
        unique_ids(&outcome.events),
        ids(&[&h.alice_get, &h.alice_put])
    );
}
