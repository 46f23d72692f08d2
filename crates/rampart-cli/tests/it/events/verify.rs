//! `rampart trail verify` against a trail's bucket in the emulator, with digests signed by the
//! test kit's key (served by its `ListPublicKeys`): a clean archive passes; a changed byte, a
//! deleted log file, an unlisted file, a changed digest and a deleted digest are each reported.

use chrono::{Duration, DurationRound, Utc};
use rampart_testkit::archive::{digests, log_files, upload, upload_digests, DigestSpec, LogFile};

use crate::events::*;
use crate::test_support::workdir;

struct Signed {
    account: TestAccount,
    s3: aws_sdk_s3::Client,
    bucket: String,
    logs: Vec<LogFile>,
    digest_keys: Vec<String>,
}

/// A trail with log file validation, six hours of logs in two Regions and their digests.
async fn signed_archive() -> Signed {
    let account = rampart_testkit::new_account().await;
    let acct = account.account_id.clone();
    let config = account.sdk_config("us-east-1").await;
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(true)
            .build(),
    );
    let bucket = format!("signed-trail-{acct}");
    s3.create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("bucket");
    let from = (Utc::now() - Duration::hours(7))
        .duration_trunc(Duration::hours(1))
        .expect("hour");
    let mut records = Vec::new();
    for h in 0..6 {
        for (i, region) in ["us-east-1", "eu-west-1"].into_iter().enumerate() {
            records.push(events::user_api_call(
                &acct,
                "alice",
                "AKIAALICE00000000001",
                region,
                "s3.amazonaws.com",
                "GetObject",
                from + Duration::hours(h) + Duration::minutes(10 + 7 * i as i64),
            ));
        }
    }
    let logs = log_files(&records, None, 3);
    upload(&s3, &bucket, "logs/", &logs).await;
    let mut digest_keys = Vec::new();
    for region in ["us-east-1", "eu-west-1"] {
        let signed = digests(
            &logs,
            &DigestSpec {
                bucket: &bucket,
                prefix: "logs/",
                trail: "main",
                account: &acct,
                region,
                from,
                hours: 6,
            },
        );
        digest_keys.extend(signed.iter().map(|d| d.key.clone()));
        upload_digests(&s3, &bucket, &signed).await;
    }
    aws_sdk_cloudtrail::Client::new(&config)
        .create_trail()
        .name("main")
        .s3_bucket_name(&bucket)
        .s3_key_prefix("logs")
        .is_multi_region_trail(true)
        .enable_log_file_validation(true)
        .send()
        .await
        .expect("trail");
    Signed {
        account,
        s3,
        bucket,
        logs,
        digest_keys,
    }
}

fn verify_cmd(account: &TestAccount, args: &[&str]) -> (i32, String, String) {
    let dir = workdir();
    let mut cmd = rampart_for(account, dir.path());
    cmd.args(["trail", "verify", "--since", "1d"]).args(args);
    crate::test_support::run(&mut cmd)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_untouched_archive_verifies() {
    let a = signed_archive().await;
    let (code, stdout, stderr) = verify_cmd(&a.account, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("12/12 digest files valid"), "{stdout}");
    assert!(stdout.contains("12/12 log files valid"), "{stdout}");
    assert!(stdout.contains("No problems"), "{stdout}");
    let (code, stdout, _) = verify_cmd(&a.account, &["--format", "json", "--region", "eu-west-1"]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).expect("JSON report");
    assert_eq!(report["digests"], 6);
    assert_eq!(report["problems"], serde_json::json!([]));
}

#[tokio::test(flavor = "multi_thread")]
async fn each_kind_of_tampering_is_reported() {
    let a = signed_archive().await;
    let east: Vec<&LogFile> = a
        .logs
        .iter()
        .filter(|f| f.key.contains("/us-east-1/"))
        .collect();
    // A changed byte in a log file.
    let changed = east[1];
    let mut text = {
        use std::io::Read;
        let mut out = String::new();
        flate2::read::GzDecoder::new(&changed.bytes[..])
            .read_to_string(&mut out)
            .expect("gz");
        out
    };
    text = text.replacen("alice", "alicf", 1);
    let regz = {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(text.as_bytes()).expect("gz");
        e.finish().expect("gz")
    };
    upload(
        &a.s3,
        &a.bucket,
        "logs/",
        &[LogFile {
            key: changed.key.clone(),
            bytes: regz,
        }],
    )
    .await;
    // A deleted log file.
    let deleted = east[3];
    a.s3.delete_object()
        .bucket(&a.bucket)
        .key(format!("logs/{}", deleted.key))
        .send()
        .await
        .expect("delete");
    // A file no digest names, in the covered hours.
    let extra = LogFile {
        key: east[2].key.replace("_test.json.gz", "_planted.json.gz"),
        bytes: east[2].bytes.clone(),
    };
    upload(&a.s3, &a.bucket, "logs/", std::slice::from_ref(&extra)).await;
    // A digest deleted from the middle of eu-west-1's chain.
    let west: Vec<&String> = a
        .digest_keys
        .iter()
        .filter(|k| k.contains("/eu-west-1/"))
        .collect();
    a.s3.delete_object()
        .bucket(&a.bucket)
        .key(west[2])
        .send()
        .await
        .expect("delete digest");
    let (code, stdout, stderr) = verify_cmd(&a.account, &[]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    for want in [
        format!("CHANGED     logs/{}", changed.key),
        format!("MISSING     logs/{}", deleted.key),
        format!("UNLISTED    logs/{}", extra.key),
        format!("NO DIGEST   {}", west[2]),
        "GAP         eu-west-1: no digest from".to_owned(),
    ] {
        assert!(stdout.contains(&want), "{want}\n{stdout}");
    }
    // The deleted digest took its hour's log file out of the count; two of the rest fail.
    assert!(stdout.contains("9/11 log files valid"), "{stdout}");
    assert_eq!(stdout.matches("UNLISTED").count(), 1, "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_changed_digest_or_a_broken_chain_is_reported() {
    let a = signed_archive().await;
    let east: Vec<&String> = a
        .digest_keys
        .iter()
        .filter(|k| k.contains("/us-east-1/"))
        .collect();
    // Rewrite a digest's content under its old signature (one byte of a hash changed).
    let key = east[3].clone();
    let got =
        a.s3.get_object()
            .bucket(&a.bucket)
            .key(&key)
            .send()
            .await
            .expect("digest");
    let signature = got
        .metadata()
        .and_then(|m| m.get("signature"))
        .cloned()
        .expect("signature");
    let bytes = got
        .body
        .collect()
        .await
        .expect("body")
        .into_bytes()
        .to_vec();
    let mut text = String::new();
    {
        use std::io::Read;
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .expect("gz");
    }
    let forged = text.replacen("\"hashValue\":\"", "\"hashValue\":\"0", 1);
    assert_ne!(forged, text, "the digest names a log file");
    let gz = {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(forged.as_bytes()).expect("gz");
        e.finish().expect("gz")
    };
    a.s3.put_object()
        .bucket(&a.bucket)
        .key(&key)
        .body(gz.into())
        .metadata("signature", signature)
        .send()
        .await
        .expect("put forged digest");
    let (code, stdout, stderr) = verify_cmd(&a.account, &["--region", "us-east-1"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!("BAD DIGEST  {key}: its signature does not verify")),
        "{stdout}"
    );
    // The next digest names the original by hash: the chain is broken there too.
    assert!(stdout.contains("is not the digest"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_digests_verification_says_why() {
    let h = history().await;
    let (code, _, stderr) = verify_cmd(&h.account, &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot find the trail's archive"),
        "{stderr}"
    );
}
