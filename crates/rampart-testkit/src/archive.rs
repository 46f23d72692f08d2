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
/// delivery (the event's time plus `delay_minutes`), named as delivered at minute 55 of that
/// hour, under `AWSLogs/[org/]ACCOUNT/…`.
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
            delivered.format("%Y%m%dT%H55")
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

/// A digest file CloudTrail would deliver: its key, gzipped bytes, and the signature that goes
/// in its `signature` metadata.
#[derive(Debug, Clone)]
pub struct SignedDigest {
    pub key: String,
    pub bytes: Vec<u8>,
    pub signature: String,
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn inflated(gz: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(gz)
        .read_to_end(&mut out)
        .expect("a file of this kit inflates");
    out
}

/// The delivery time a log file's key names (`…_YYYYMMDDTHHmmZ_…`).
fn delivered(key: &str) -> Option<DateTime<Utc>> {
    key.rsplit('/').next()?.split('_').find_map(|p| {
        chrono::NaiveDateTime::parse_from_str(p, "%Y%m%dT%H%MZ")
            .ok()
            .map(|t| t.and_utc())
    })
}

/// Where and when a trail's digests are delivered.
#[derive(Debug, Clone)]
pub struct DigestSpec<'a> {
    pub bucket: &'a str,
    /// The key prefix (empty, or ending in `/`).
    pub prefix: &'a str,
    pub trail: &'a str,
    pub account: &'a str,
    pub region: &'a str,
    /// The first digest's start, and how many hourly digests follow.
    pub from: DateTime<Utc>,
    pub hours: i64,
}

/// Hourly digests of `spec`'s account and Region, chained and signed with the gap endpoint's
/// key, naming the files of `logs` (keys under the prefix) delivered in each hour.
pub fn digests(logs: &[LogFile], spec: &DigestSpec<'_>) -> Vec<SignedDigest> {
    let DigestSpec {
        bucket,
        prefix,
        trail,
        account,
        region,
        from,
        hours,
    } = spec.clone();
    let folder = format!("/{account}/CloudTrail/{region}/");
    let mut out: Vec<SignedDigest> = Vec::new();
    let mut previous: Option<(String, String, String)> = None; // key, inflated hash, signature
    for h in 0..hours {
        let start = from + chrono::Duration::hours(h);
        let end = start + chrono::Duration::hours(1);
        let files: Vec<Value> = logs
            .iter()
            .filter(|f| f.key.contains(&folder))
            .filter(|f| delivered(&f.key).is_some_and(|t| t >= start && t < end))
            .map(|f| {
                json!({
                    "s3Bucket": bucket,
                    "s3Object": format!("{prefix}{}", f.key),
                    "hashValue": sha256_hex(&inflated(&f.bytes)),
                    "hashAlgorithm": "SHA-256",
                })
            })
            .collect();
        let stamp = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let key = format!(
            "{prefix}AWSLogs/{account}/CloudTrail-Digest/{region}/{}/{account}_CloudTrail-Digest_{region}_{trail}_{region}_{}.json.gz",
            end.format("%Y/%m/%d"),
            end.format("%Y%m%dT%H%M%SZ")
        );
        let body = json!({
            "awsAccountId": account,
            "digestStartTime": stamp(start),
            "digestEndTime": stamp(end),
            "digestS3Bucket": bucket,
            "digestS3Object": key,
            "digestPublicKeyFingerprint": crate::gap::digest_keys::FINGERPRINT,
            "digestSignatureAlgorithm": "SHA256withRSA",
            "previousDigestS3Bucket": previous.as_ref().map(|_| bucket),
            "previousDigestS3Object": previous.as_ref().map(|p| p.0.clone()),
            "previousDigestHashValue": previous.as_ref().map(|p| p.1.clone()),
            "previousDigestHashAlgorithm": previous.as_ref().map(|_| "SHA-256"),
            "previousDigestSignature": previous.as_ref().map(|p| p.2.clone()),
            "logFiles": files,
        })
        .to_string();
        let hash = sha256_hex(body.as_bytes());
        let message = format!(
            "{}\n{bucket}/{key}\n{hash}\n{}",
            stamp(end),
            previous.as_ref().map_or("null", |p| p.2.as_str())
        );
        let signature = crate::gap::digest_keys::sign(message.as_bytes());
        previous = Some((key.clone(), hash, signature.clone()));
        out.push(SignedDigest {
            key,
            bytes: gzip(&body),
            signature,
        });
    }
    out
}

/// Uploads digests to `bucket` with their `signature` metadata, as CloudTrail delivers them.
pub async fn upload_digests(s3: &aws_sdk_s3::Client, bucket: &str, digests: &[SignedDigest]) {
    for d in digests {
        s3.put_object()
            .bucket(bucket)
            .key(&d.key)
            .body(d.bytes.clone().into())
            .metadata("signature", &d.signature)
            .metadata("signature-algorithm", "SHA256withRSA")
            .send()
            .await
            .expect("upload digest");
    }
}
