//! `rampart trail verify`: proves a trail's archive untampered, as `aws cloudtrail
//! validate-logs` does, from the digest files CloudTrail signs every hour.
//!
//! A digest (`AWSLogs/[o-ORG/]ACCOUNT/CloudTrail-Digest/REGION/YYYY/MM/DD/…json.gz`) names the
//! SHA-256 of every log file delivered in its hour and the previous digest's hash and signature;
//! its own signature (RSA with SHA-256, hex) is in the object's `signature` metadata. Following
//! the CloudTrail User Guide ("Custom implementations of CloudTrail log file integrity
//! validation"), a digest is valid when it is where it says it is and its signature verifies,
//! with the Region's public key of its fingerprint (`ListPublicKeys`), over
//!
//! ```text
//! digestEndTime \n digestS3Bucket/digestS3Object \n hex(SHA-256(inflated digest)) \n previousDigestSignature
//! ```
//!
//! (`null` for the first digest of a chain). The chain holds when each digest names the one
//! before it, with that digest's signature and hash. A log file is valid when its inflated
//! content has the digest's hash. What fails is reported by kind: a changed or missing log
//! file, a file in the log folders no digest names, a digest changed, moved, missing from the
//! chain, or signed with an unknown key, and the hours no digest covers.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use futures_util::stream::{self, StreamExt};
use rampart_model::{Unavailable, UnavailableKind};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::decode::inflate;
use super::layout::{key_days, LogRoot};
use super::scan::{discover_folders, ArchiveStats};
use super::store::{S3Bucket, SignedObject, Store};

/// A Region's public key for digest signatures, as `ListPublicKeys` returns it.
#[derive(Debug, Clone)]
pub struct PublicKey {
    pub fingerprint: String,
    /// DER-encoded PKCS #1 `RSAPublicKey`.
    pub der: Vec<u8>,
}

/// What to verify.
#[derive(Debug, Clone)]
pub struct VerifyQuery {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub account: String,
    /// Only these Regions; `None` for every Region with digests.
    pub regions: Option<Vec<String>>,
    pub concurrency: usize,
}

/// One thing that failed verification.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// A log file whose content no longer has the hash its digest names.
    LogChanged { key: String, digest: String },
    /// A log file a digest names that is not in the bucket.
    LogMissing { key: String, digest: String },
    /// A file in the log folders, in the hours the digests cover, that no digest names.
    LogExtra { key: String },
    /// A digest whose signature does not verify (its content or the chain was changed).
    DigestInvalid { key: String, why: String },
    /// A digest the next one names, not in the bucket.
    DigestMissing { key: String, named_by: String },
    /// A digest that cannot be checked: unreadable, or signed with a key rampart was not given.
    DigestUnchecked { key: String, why: String },
    /// Hours of a Region no digest covers: logging or validation was off, or digests are gone.
    Gap {
        region: String,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
}

/// The result of a verification.
#[derive(Debug, Default, Serialize)]
pub struct VerifyReport {
    pub regions: Vec<String>,
    pub digests: u64,
    pub digests_valid: u64,
    pub log_files: u64,
    pub log_files_valid: u64,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DigestFile {
    digest_start_time: String,
    digest_end_time: String,
    digest_s3_bucket: String,
    digest_s3_object: String,
    digest_public_key_fingerprint: String,
    #[serde(default)]
    previous_digest_s3_object: Option<String>,
    #[serde(default)]
    previous_digest_hash_value: Option<String>,
    #[serde(default)]
    previous_digest_signature: Option<String>,
    #[serde(default)]
    log_files: Vec<LoggedFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LoggedFile {
    s3_bucket: String,
    s3_object: String,
    hash_value: String,
}

/// A digest read and parsed.
struct ReadDigest {
    key: String,
    file: DigestFile,
    signature: Option<String>,
    /// Hex SHA-256 of the inflated content.
    hash: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

fn time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The string CloudTrail signs for a digest.
pub fn signing_string(
    end_time: &str,
    bucket: &str,
    object: &str,
    inflated_hash_hex: &str,
    previous_signature: Option<&str>,
) -> String {
    format!(
        "{end_time}\n{bucket}/{object}\n{inflated_hash_hex}\n{}",
        previous_signature.unwrap_or("null")
    )
}

/// Whether `signature_hex` is a valid SHA256withRSA signature of `message` by `key`.
fn signature_holds(key: &PublicKey, message: &[u8], signature_hex: &str) -> bool {
    let Some(signature) = unhex(signature_hex) else {
        return false;
    };
    ring::signature::UnparsedPublicKey::new(&ring::signature::RSA_PKCS1_2048_8192_SHA256, &key.der)
        .verify(message, &signature)
        .is_ok()
}

/// The delivery time in a log file's name (`…_20260307T1405Z_…`).
fn name_time(key: &str) -> Option<DateTime<Utc>> {
    let name = key.rsplit('/').next()?;
    name.split('_').find_map(|part| {
        NaiveDateTime::parse_from_str(part, "%Y%m%dT%H%MZ")
            .ok()
            .map(|t| t.and_utc())
    })
}

/// The account's digest folders the query asks for.
async fn digest_roots(
    bucket: &S3Bucket,
    base: &str,
    query: &VerifyQuery,
) -> Result<Vec<LogRoot>, Unavailable> {
    let accounts = [query.account.clone()];
    discover_folders(
        bucket,
        base,
        "CloudTrail-Digest",
        Some(&accounts),
        query.regions.as_deref(),
        &ArchiveStats::default(),
    )
    .await
}

/// The Regions with digests of the query's account: those whose public keys are needed.
pub async fn digest_regions(
    bucket: &S3Bucket,
    base: &str,
    query: &VerifyQuery,
) -> Result<Vec<String>, Unavailable> {
    let mut regions: Vec<String> = digest_roots(bucket, base, query)
        .await?
        .into_iter()
        .map(|r| r.region)
        .collect();
    regions.sort();
    regions.dedup();
    Ok(regions)
}

/// Verifies the digests of `query`'s window in `bucket` under `base`, and the log files they name.
pub async fn verify(
    bucket: Arc<S3Bucket>,
    base: &str,
    query: &VerifyQuery,
    keys: &HashMap<String, PublicKey>,
) -> Result<VerifyReport, Unavailable> {
    let roots = digest_roots(bucket.as_ref(), base, query).await?;
    if roots.is_empty() {
        return Err(Unavailable::new(
            UnavailableKind::Error,
            None,
            format!(
                "no digest files for account {} in {}/{base}: is log file validation on for the trail?",
                query.account,
                bucket.describe()
            ),
        ));
    }
    let mut report = VerifyReport::default();
    for root in &roots {
        verify_region(&bucket, root, query, keys, &mut report).await?;
        report.regions.push(root.region.clone());
    }
    report.problems.sort();
    report.problems.dedup();
    Ok(report)
}

async fn verify_region(
    bucket: &Arc<S3Bucket>,
    root: &LogRoot,
    query: &VerifyQuery,
    keys: &HashMap<String, PublicKey>,
    report: &mut VerifyReport,
) -> Result<(), Unavailable> {
    // Digest keys of the window's days, oldest first (their names end in the end time).
    let mut digest_keys = Vec::new();
    for day in key_days(query.start, query.end).into_iter().rev() {
        let files = bucket.files(&root.day_prefix(day)).await?;
        digest_keys.extend(files.into_iter().map(|f| f.key));
    }
    digest_keys.sort();
    let reads: Vec<(String, Result<Option<SignedObject>, Unavailable>)> = stream::iter(digest_keys)
        .map(|key| {
            let bucket = bucket.clone();
            async move {
                let r = bucket.read_signed(&key).await;
                (key, r)
            }
        })
        .buffered(query.concurrency.max(1))
        .collect()
        .await;
    let mut digests = Vec::new();
    for (key, read) in reads {
        let object = match read {
            Ok(Some(o)) => o,
            Ok(None) => continue,
            Err(u) => return Err(u),
        };
        let parsed = inflate(&object.bytes).and_then(|text| {
            let file: DigestFile = serde_json::from_slice(&text)
                .map_err(|e| format!("not a CloudTrail digest file: {e}"))?;
            let (Some(start), Some(end)) =
                (time(&file.digest_start_time), time(&file.digest_end_time))
            else {
                return Err("unreadable digestStartTime or digestEndTime".to_owned());
            };
            Ok(ReadDigest {
                key: key.clone(),
                hash: hex(&Sha256::digest(&text)),
                file,
                signature: object.signature.clone(),
                start,
                end,
            })
        });
        match parsed {
            Ok(d) if d.end >= query.start && d.start <= query.end => digests.push(d),
            Ok(_) => {}
            Err(why) => {
                report.digests += 1;
                report.problems.push(Problem::DigestUnchecked { key, why });
            }
        }
    }
    digests.sort_by_key(|d| d.end);
    let by_key: HashMap<&str, usize> = digests
        .iter()
        .enumerate()
        .map(|(i, d)| (d.key.as_str(), i))
        .collect();
    let mut named: HashSet<String> = HashSet::new();
    let mut to_check: Vec<(LoggedFile, String)> = Vec::new();
    for (i, d) in digests.iter().enumerate() {
        report.digests += 1;
        let mut valid = true;
        if d.file.digest_s3_object != d.key || d.file.digest_s3_bucket != bucket.bucket {
            valid = false;
            report.problems.push(Problem::DigestInvalid {
                key: d.key.clone(),
                why: format!(
                    "it says it was delivered to s3://{}/{}",
                    d.file.digest_s3_bucket, d.file.digest_s3_object
                ),
            });
        }
        match (
            keys.get(&d.file.digest_public_key_fingerprint),
            &d.signature,
        ) {
            (None, _) => {
                valid = false;
                report.problems.push(Problem::DigestUnchecked {
                    key: d.key.clone(),
                    why: format!(
                        "no public key with fingerprint {} (cloudtrail:ListPublicKeys)",
                        d.file.digest_public_key_fingerprint
                    ),
                });
            }
            (Some(_), None) => {
                valid = false;
                report.problems.push(Problem::DigestInvalid {
                    key: d.key.clone(),
                    why: "the object has no signature metadata".to_owned(),
                });
            }
            (Some(public), Some(sig)) => {
                let message = signing_string(
                    &d.file.digest_end_time,
                    &d.file.digest_s3_bucket,
                    &d.file.digest_s3_object,
                    &d.hash,
                    d.file.previous_digest_signature.as_deref(),
                );
                if !signature_holds(public, message.as_bytes(), sig) {
                    valid = false;
                    report.problems.push(Problem::DigestInvalid {
                        key: d.key.clone(),
                        why: "its signature does not verify: the digest was changed".to_owned(),
                    });
                }
            }
        }
        // The chain: the digest before this one, when the window holds it.
        if let Some(prev_key) = d.file.previous_digest_s3_object.as_deref() {
            match by_key.get(prev_key) {
                Some(&p) => {
                    let prev = &digests[p];
                    let hash_ok =
                        d.file.previous_digest_hash_value.as_deref() == Some(prev.hash.as_str());
                    let sig_ok = d.file.previous_digest_signature == prev.signature;
                    if !(hash_ok && sig_ok) {
                        valid = false;
                        report.problems.push(Problem::DigestInvalid {
                            key: prev.key.clone(),
                            why: format!("it is not the digest {} names as its predecessor", d.key),
                        });
                    }
                }
                None if i > 0 || digest_ends_after(prev_key, query.start) => {
                    report.problems.push(Problem::DigestMissing {
                        key: prev_key.to_owned(),
                        named_by: d.key.clone(),
                    });
                }
                None => {}
            }
        }
        if i > 0 {
            let prev = &digests[i - 1];
            if d.start > prev.end + Duration::seconds(1) {
                report.problems.push(Problem::Gap {
                    region: root.region.clone(),
                    from: prev.end,
                    to: d.start,
                });
            }
        }
        if valid {
            report.digests_valid += 1;
        }
        for f in &d.file.log_files {
            named.insert(f.s3_object.clone());
            to_check.push((f.clone(), d.key.clone()));
        }
    }
    check_logs(bucket, to_check, query.concurrency, report).await;
    find_extra(bucket, root, &digests, &named, report).await?;
    Ok(())
}

/// Whether a digest key's end time (its name) is within the window: one that is, missing, is
/// a hole in the chain; one before the window is simply not asked about.
fn digest_ends_after(key: &str, start: DateTime<Utc>) -> bool {
    let name = key.rsplit('/').next().unwrap_or(key);
    name.trim_end_matches(".json.gz")
        .rsplit('_')
        .next()
        .and_then(|t| NaiveDateTime::parse_from_str(t, "%Y%m%dT%H%M%SZ").ok())
        .is_some_and(|t| t.and_utc() >= start)
}

async fn check_logs(
    bucket: &Arc<S3Bucket>,
    files: Vec<(LoggedFile, String)>,
    concurrency: usize,
    report: &mut VerifyReport,
) {
    let results: Vec<(
        LoggedFile,
        String,
        Result<Option<SignedObject>, Unavailable>,
    )> = stream::iter(files)
        .map(|(f, digest)| {
            let bucket = bucket.clone();
            async move {
                let r = if f.s3_bucket == bucket.bucket {
                    bucket.read_signed(&f.s3_object).await
                } else {
                    Err(Unavailable::new(
                        UnavailableKind::Error,
                        None,
                        format!("in another bucket, s3://{}", f.s3_bucket),
                    ))
                };
                (f, digest, r)
            }
        })
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    for (f, digest, r) in results {
        report.log_files += 1;
        match r {
            Ok(None) => report.problems.push(Problem::LogMissing {
                key: f.s3_object,
                digest,
            }),
            Ok(Some(o)) => {
                let same = inflate(&o.bytes).is_ok_and(|text| {
                    hex(&Sha256::digest(&text)) == f.hash_value.to_ascii_lowercase()
                });
                if same {
                    report.log_files_valid += 1;
                } else {
                    report.problems.push(Problem::LogChanged {
                        key: f.s3_object,
                        digest,
                    });
                }
            }
            Err(u) => report.problems.push(Problem::DigestUnchecked {
                key: f.s3_object,
                why: u.describe(),
            }),
        }
    }
}

/// Log files delivered inside the hours a digest covers that no digest names (the hours of a
/// missing digest are reported as such, not file by file).
async fn find_extra(
    bucket: &Arc<S3Bucket>,
    root: &LogRoot,
    digests: &[ReadDigest],
    named: &HashSet<String>,
    report: &mut VerifyReport,
) -> Result<(), Unavailable> {
    // A file named in the minute of a boundary may belong to either side: leave those out.
    let hours: Vec<(DateTime<Utc>, DateTime<Utc>)> = digests
        .iter()
        .map(|d| (d.start + Duration::minutes(1), d.end - Duration::minutes(1)))
        .collect();
    let logs = LogRoot {
        prefix: root
            .prefix
            .replacen("/CloudTrail-Digest/", "/CloudTrail/", 1),
        ..root.clone()
    };
    let days: BTreeSet<chrono::NaiveDate> = hours
        .iter()
        .flat_map(|(from, to)| [from.date_naive(), to.date_naive()])
        .collect();
    for day in days {
        for f in bucket.files(&logs.day_prefix(day)).await? {
            let covered = name_time(&f.key)
                .is_some_and(|t| hours.iter().any(|(from, to)| t >= *from && t < *to));
            if covered && !named.contains(&f.key) {
                report.problems.push(Problem::LogExtra { key: f.key });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signed_string_and_names() {
        assert_eq!(
            signing_string(
                "2015-08-17T15:01:31Z",
                "b",
                "AWSLogs/x.json.gz",
                "ab12",
                None
            ),
            "2015-08-17T15:01:31Z\nb/AWSLogs/x.json.gz\nab12\nnull"
        );
        assert_eq!(
            signing_string("t", "b", "o", "h", Some("5e08")),
            "t\nb/o\nh\n5e08"
        );
        assert_eq!(
            name_time("AWSLogs/1/CloudTrail/us-east-1/2026/03/07/1_CloudTrail_us-east-1_20260307T1405Z_ab.json.gz"),
            "2026-03-07T14:05:00Z".parse().ok()
        );
        assert_eq!(unhex("0aff"), Some(vec![10, 255]));
        assert_eq!(unhex("0af"), None);
        assert!(digest_ends_after(
            "AWSLogs/1/CloudTrail-Digest/us-east-1/2026/03/07/1_CloudTrail-Digest_us-east-1_main_us-east-1_20260307T150131Z.json.gz",
            "2026-03-07T00:00:00Z".parse().expect("time")
        ));
    }
}
