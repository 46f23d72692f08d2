//! CloudTrail archives for tests: log files in the layout a trail delivers
//! (`AWSLogs/[o-ORG/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/…json.gz`), written to a folder or
//! uploaded to a bucket of the emulator.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

/// One log file: its key under the archive's top folder, and its gzipped bytes.
#[derive(Debug, Clone)]
pub struct LogFile {
    pub key: String,
    pub bytes: Vec<u8>,
}

/// Groups records into log files as a trail would: one file per account, Region and hour of
/// `eventTime` (the delivery time taken as the event's, plus `delay_minutes`), under
/// `AWSLogs/[org/]ACCOUNT/…`.
pub fn log_files(records: &[Value], org: Option<&str>, delay_minutes: i64) -> Vec<LogFile> {
    let mut files: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for r in records {
        let account = r["recipientAccountId"].as_str().unwrap_or("111122223333");
        let region = r["awsRegion"].as_str().unwrap_or("us-east-1");
        let time: DateTime<Utc> = r["eventTime"]
            .as_str()
            .and_then(|t| t.parse().ok())
            .unwrap_or_else(Utc::now);
        let delivered = time + chrono::Duration::minutes(delay_minutes);
        let org = org.map(|o| format!("{o}/")).unwrap_or_default();
        let key = format!(
            "AWSLogs/{org}{account}/CloudTrail/{region}/{}/{account}_CloudTrail_{region}_{}Z_test.json.gz",
            delivered.format("%Y/%m/%d"),
            delivered.format("%Y%m%dT%H00")
        );
        files.entry(key).or_default().push(r.clone());
    }
    files
        .into_iter()
        .map(|(key, records)| LogFile {
            key,
            bytes: gzip(&json!({ "Records": records }).to_string()),
        })
        .collect()
}

fn gzip(text: &str) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(text.as_bytes()).expect("gzip in memory");
    e.finish().expect("gzip in memory")
}

/// Writes files under `dir` (the folder that then holds `AWSLogs/`).
pub fn write_to(dir: &Path, files: &[LogFile]) {
    for f in files {
        let path = dir.join(&f.key);
        std::fs::create_dir_all(path.parent().expect("a key has folders")).expect("create folder");
        std::fs::write(&path, &f.bytes).expect("write log file");
    }
}

/// Uploads files to `bucket` under `prefix` (empty, or ending in `/`).
pub async fn upload(s3: &aws_sdk_s3::Client, bucket: &str, prefix: &str, files: &[LogFile]) {
    for f in files {
        s3.put_object()
            .bucket(bucket)
            .key(format!("{prefix}{}", f.key))
            .body(f.bytes.clone().into())
            .send()
            .await
            .expect("upload log file");
    }
}
