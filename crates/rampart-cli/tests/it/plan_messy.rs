//! `rampart apply` on an inherited, messy account: a weak password policy, an admin user in no
//! group, a single-Region trail recording write-only management events and some data events
//! into a bucket without a TLS-only policy, and a legacy CUR wanted. Everything apply can fix passes afterwards, a second plan is empty, and what
//! was there is still there.

use crate::test_support::{
    assert_every_check_reports, auto_fixable_checks, rampart_for, run, workdir,
};

#[tokio::test(flavor = "multi_thread")]
async fn a_messy_account_converges_without_losing_what_was_there() {
    let account = rampart_testkit::new_account().await;
    let conf = account.sdk_config("us-east-1").await;
    let iam = aws_sdk_iam::Client::new(&conf);
    iam.update_account_password_policy()
        .minimum_password_length(8)
        .require_symbols(false)
        .send()
        .await
        .expect("weak policy");
    iam.create_user()
        .user_name("admin")
        .send()
        .await
        .expect("an admin user outside any group");
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&conf)
            .force_path_style(true)
            .build(),
    );
    let old = format!("old-trail-logs-{}", account.account_id);
    s3.create_bucket()
        .bucket(&old)
        .send()
        .await
        .expect("bucket");
    let ct_policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"Legacy","Effect":"Allow","Principal":{{"Service":"cloudtrail.amazonaws.com"}},"Action":["s3:GetBucketAcl","s3:PutObject"],"Resource":["arn:aws:s3:::{old}","arn:aws:s3:::{old}/*"]}}]}}"#
    );
    s3.put_bucket_policy()
        .bucket(&old)
        .policy(&ct_policy)
        .send()
        .await
        .expect("policy");
    let ct = aws_sdk_cloudtrail::Client::new(&conf);
    ct.create_trail()
        .name("old-single-region")
        .s3_bucket_name(&old)
        .send()
        .await
        .expect("single-Region trail");
    // Write-only management events plus object-level writes to one bucket: rampart must widen
    // the management events without dropping the data events.
    let data = aws_sdk_cloudtrail::types::DataResource::builder()
        .r#type("AWS::S3::Object")
        .values(format!("arn:aws:s3:::{old}/"))
        .build();
    ct.put_event_selectors()
        .trail_name("old-single-region")
        .event_selectors(
            aws_sdk_cloudtrail::types::EventSelector::builder()
                .read_write_type(aws_sdk_cloudtrail::types::ReadWriteType::WriteOnly)
                .include_management_events(true)
                .data_resources(data)
                .build(),
        )
        .send()
        .await
        .expect("selectors");

    let dir = workdir();
    std::fs::write(
        dir.path().join("rampart.toml"),
        format!("[billing]\nkind = \"legacy-cur\"\ngranularity = \"daily\"\n\n[trail]\nkms_key_id = \"alias/{}-trail\"\n", account.account_id),
    )
    .expect("config");
    let (code, stdout, stderr) = run(rampart_for(&account, dir.path()).args([
        "apply",
        "--auto-approve",
        "--password-file",
        "passwords.txt",
    ]));
    assert_eq!(code, 0, "apply:\n{stdout}\n{stderr}");
    assert!(stdout.contains("~ account password policy"), "{stdout}");
    assert!(stdout.contains("~ admin user `admin`"), "{stdout}");
    assert!(
        stdout.contains(&format!("~ trail bucket `{old}`")),
        "{stdout}"
    );

    let (_, report, _) = run(rampart_for(&account, dir.path()).args(["audit", "--format", "json"]));
    let report: serde_json::Value = serde_json::from_str(&report).expect("JSON report");
    let auto = auto_fixable_checks();
    let findings = report["findings"].as_array().expect("findings");
    assert_every_check_reports(findings, &auto);
    for f in findings {
        let id = f["check_id"].as_str().expect("check_id");
        if ("RMP308"..="RMP322").contains(&id) {
            // No alert address is configured: the topic and rules exist, but nobody is
            // subscribed, and the monitoring checks say so until someone is.
            assert_eq!(f["status"], "fail", "{f}");
            assert!(
                f["message"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("has no subscription"),
                "{f}"
            );
        } else if auto.contains(&id) {
            assert_eq!(f["status"], "pass", "{id} after apply: {f}");
        }
    }
    let (code, stdout, _) =
        run(rampart_for(&account, dir.path()).args(["plan", "--detailed-exitcode"]));
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("! confirm an alert subscription"),
        "the manual step says how: {stdout}"
    );

    // What was there is still there: the old statement, the old trail, the weak policy's
    // replacement is stricter in every field.
    let text = s3
        .get_bucket_policy()
        .bucket(&old)
        .send()
        .await
        .expect("policy")
        .policy()
        .unwrap_or_default()
        .to_owned();
    let doc = rampart_engines::policy::PolicyDocument::parse(&text).expect("parses");
    assert_eq!(doc.statements[0].sid.as_deref(), Some("Legacy"));
    assert!(doc
        .statements
        .iter()
        .any(|s| s.sid.as_deref() == Some("DenyInsecureTransport")));
    // The single-Region trail was extended to every Region rather than doubled, and its data
    // events are still recorded next to all management events.
    let trails = ct.describe_trails().send().await.expect("trails");
    let names: Vec<_> = trails
        .trail_list()
        .iter()
        .map(|t| (t.name().unwrap_or_default(), t.is_multi_region_trail()))
        .collect();
    assert_eq!(names, [("old-single-region", Some(true))]);
    let selectors = ct
        .get_event_selectors()
        .trail_name("old-single-region")
        .send()
        .await
        .expect("selectors");
    let basic = selectors.event_selectors();
    assert_eq!(basic.len(), 2, "{basic:?}");
    assert_eq!(
        basic[0].read_write_type(),
        Some(&aws_sdk_cloudtrail::types::ReadWriteType::WriteOnly)
    );
    assert_eq!(basic[0].data_resources().len(), 1);
    assert_eq!(
        (
            basic[1].read_write_type(),
            basic[1].include_management_events()
        ),
        (
            Some(&aws_sdk_cloudtrail::types::ReadWriteType::All),
            Some(true)
        )
    );
    let cur = aws_sdk_costandusagereport::Client::new(&conf);
    let reports = cur
        .describe_report_definitions()
        .send()
        .await
        .expect("reports");
    let r = reports
        .report_definitions()
        .first()
        .expect("a legacy report");
    assert_eq!(
        (r.report_name(), r.time_unit().as_str()),
        ("cost-and-usage", "DAILY")
    );
}
