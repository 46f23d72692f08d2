//! The account's S3 Block Public Access, turned on only with its flag, naming the public
//! buckets it cuts; after it, the bucket's public policy no longer lets anyone in and the plan
//! is empty.

use rampart_aws::apply::apply;
use rampart_aws::NoProgress;
use rampart_model::Status;
use rampart_plan::public_access::KIND;
use rampart_plan::{plan, Baseline, PlanOptions, Risk};

use super::test_support::{connection, s3, snapshot};

fn verdicts(snap: &rampart_model::Snapshot, id: &str) -> Vec<(Status, String)> {
    rampart_checks::evaluate(
        snap,
        &rampart_checks::AuditConfig::default(),
        &rampart_checks::Selection::default(),
    )
    .into_iter()
    .filter(|f| f.check_id == id)
    .map(|f| (f.status, f.resource.id))
    .collect()
}

#[tokio::test]
async fn block_public_access_cuts_what_it_names_and_converges() {
    let account = rampart_testkit::new_account().await;
    let s3 = s3(&account).await;
    let site = "rampart-test-public-site";
    s3.create_bucket()
        .bucket(site)
        .send()
        .await
        .expect("bucket");
    s3.put_bucket_policy()
        .bucket(site)
        .policy(format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{site}/*"}}]}}"#
        ))
        .send()
        .await
        .expect("policy");
    s3.create_bucket()
        .bucket("rampart-test-private")
        .send()
        .await
        .expect("bucket");
    let baseline = Baseline::default();
    let snap = snapshot(&account, &baseline).await;
    assert_eq!(verdicts(&snap, "RMP501")[0].0, Status::Fail);
    assert!(verdicts(&snap, "RMP514").contains(&(Status::Fail, site.to_owned())));

    // Without the flag nothing is planned; with it, one action names the public bucket only.
    let plain = plan(&baseline, &snap, &PlanOptions::default());
    assert!(plain.actions.iter().all(|a| a.kind != KIND));
    let opts = PlanOptions {
        block_public_access: true,
        ..PlanOptions::default()
    };
    let p = plan(&baseline, &snap, &opts);
    let action = p
        .actions
        .iter()
        .find(|a| a.kind == KIND)
        .expect("planned with the flag")
        .clone();
    assert_eq!(action.risk, Risk::NeedsConfirmation);
    assert_eq!(
        action.before["public_buckets"],
        serde_json::json!([format!("{site} (policy statements PublicRead)")])
    );

    let only = rampart_plan::Plan {
        actions: vec![action],
        ..p
    };
    let out = apply(
        &connection(&account).await,
        &only,
        Some(snap),
        &opts,
        &|_| {},
        &NoProgress,
    )
    .await
    .expect("applied");
    assert!(out.failed.is_none(), "{:?}", out.failed);
    assert_eq!(out.done.len(), 1, "{out:?}");

    let snap = snapshot(&account, &baseline).await;
    assert_eq!(
        verdicts(&snap, "RMP501"),
        [(Status::Pass, account.account_id.clone())]
    );
    assert!(
        verdicts(&snap, "RMP514")
            .iter()
            .all(|(s, id)| *s == Status::Pass || id != site),
        "{:?}",
        verdicts(&snap, "RMP514")
    );
    let again = plan(&baseline, &snap, &opts);
    assert!(again.actions.iter().all(|a| a.kind != KIND));
}
