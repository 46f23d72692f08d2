//! Connecting the collector to a test account, seeding accounts, and reading snapshots.

pub use crate::test_support::*;

use std::time::Duration;

use rampart_aws::{collect, CollectOptions, Connection, NoProgress, Progress};
use rampart_model::{Snapshot, Unavailable};
use rampart_testkit::TestAccount;
use serde_json::Value;

/// A connection to `account` as `rampart_aws::connect` builds one for an endpoint override,
/// with short retry delays so fault tests stay fast.
pub async fn connection(account: &TestAccount) -> Connection {
    crate::collect::test_support::connection_with_retries(account, 4, Duration::from_millis(20))
        .await
}

pub async fn snapshot(account: &TestAccount, opts: &CollectOptions) -> Snapshot {
    snapshot_with(account, opts, &NoProgress).await
}

pub async fn snapshot_with(
    account: &TestAccount,
    opts: &CollectOptions,
    progress: &dyn Progress,
) -> Snapshot {
    match collect(&connection(account).await, opts, progress).await {
        Ok(s) => s,
        Err(e) => panic!("collect failed for {}: {e}", account.account_id),
    }
}

/// Every `Unavailable` fact in the snapshot, with its JSON path (`iam.credential_report`).
pub fn unavailable_facts(snapshot: &Snapshot) -> Vec<(String, Unavailable)> {
    fn walk(v: &Value, path: &str, out: &mut Vec<(String, Unavailable)>) {
        match v {
            Value::Object(map) => {
                if let (1, Some(u)) = (map.len(), map.get("unavailable")) {
                    if let Ok(u) = serde_json::from_value::<Unavailable>(u.clone()) {
                        out.push((path.to_owned(), u));
                        return;
                    }
                }
                for (k, child) in map {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(child, &p, out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, &format!("{path}[{i}]"), out);
                }
            }
            _ => {}
        }
    }
    let json = serde_json::to_value(snapshot).expect("a snapshot serialises");
    let mut out = vec![];
    walk(&json, "", &mut out);
    out
}

/// Creates `n` users named `<prefix>-<i>`, each in `group`, eight requests at a time.
pub async fn seed_users(iam: &aws_sdk_iam::Client, prefix: &str, n: usize, group: &str) {
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(8));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..n {
        let (iam, permits) = (iam.clone(), permits.clone());
        let (name, group) = (format!("{prefix}-{i}"), group.to_owned());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await.expect("semaphore open");
            iam.create_user()
                .user_name(&name)
                .send()
                .await
                .expect("create user");
            iam.add_user_to_group()
                .user_name(&name)
                .group_name(&group)
                .send()
                .await
                .expect("add to group");
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("seeding task");
    }
}

pub fn iam(conf: &aws_types::SdkConfig) -> aws_sdk_iam::Client {
    aws_sdk_iam::Client::new(conf)
}

pub fn s3(conf: &aws_types::SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(conf)
            .force_path_style(true)
            .build(),
    )
}
