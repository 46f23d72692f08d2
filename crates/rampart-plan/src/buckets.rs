//! The buckets trails and billing reports deliver to: created when missing, then kept private
//! (Block Public Access, TLS only), versioned, encrypted, and with the delivery statements
//! their writers need merged into the policy.

use std::collections::BTreeMap;

use rampart_model::check_ids;
use rampart_model::s3::bpa::effective_bpa;
use rampart_model::s3::delivery::{cur_write, evaluate_write, export_write, ServiceWrite};
use rampart_model::s3::BucketOwnership;
use rampart_model::Observed;
use serde_json::{json, Value};

use crate::action::{Call, Op};
use crate::documents;
use crate::planning::{Draft, Planning};

/// What each bucket must allow, collected from trails and billing reports.
#[derive(Default)]
pub(crate) struct Needs {
    pub buckets: BTreeMap<String, Need>,
}

#[derive(Default)]
pub(crate) struct Need {
    /// ARNs of the trails that deliver (or will deliver) here.
    pub trail_arns: Vec<String>,
    pub billing: bool,
    /// Buckets whose server access logs are delivered here.
    pub log_sources: Vec<String>,
    /// The baseline creates it when missing (otherwise a missing bucket is a manual step).
    pub ours: bool,
}

impl Needs {
    pub fn trail(&mut self, bucket: &str, arn: &str, ours: bool) {
        let n = self.buckets.entry(bucket.to_owned()).or_default();
        if !n.trail_arns.iter().any(|a| a == arn) {
            n.trail_arns.push(arn.to_owned());
        }
        n.ours |= ours;
    }

    pub fn billing(&mut self, bucket: &str, ours: bool) {
        let n = self.buckets.entry(bucket.to_owned()).or_default();
        n.billing = true;
        n.ours |= ours;
    }

    pub fn access_logs(&mut self, log_bucket: &str, source: &str) {
        let n = self.buckets.entry(log_bucket.to_owned()).or_default();
        if !n.log_sources.iter().any(|s| s == source) {
            n.log_sources.push(source.to_owned());
        }
        n.ours = true;
    }
}

/// Trail buckets without server access logging (CIS 3.4) that can log into the baseline's
/// access-log bucket: those in the collection Region, since S3 delivers access logs only
/// within a Region. Records the log bucket's need and returns the sources, each with whether
/// this plan creates it.
pub(crate) fn access_logging(cx: &mut Planning<'_>, needs: &mut Needs) -> Vec<(String, bool)> {
    if !cx.baseline.trail.access_logging {
        return Vec::new();
    }
    let log_bucket = cx.baseline.access_log_bucket(cx.account, cx.region);
    let mut sources = Vec::new();
    for (name, need) in &needs.buckets {
        if need.trail_arns.is_empty() || *name == log_bucket {
            continue;
        }
        let facts = cx.snap.s3.buckets.get(name);
        let (logging, region, new) = match facts {
            None if need.ours => (None, cx.region.to_owned(), true),
            None => continue,
            Some(f) => match (&f.ownership, &f.logging) {
                (Observed::Known(BucketOwnership::Account), Observed::Known(l)) => (
                    l.clone(),
                    f.region
                        .known()
                        .cloned()
                        .unwrap_or_else(|| cx.region.to_owned()),
                    false,
                ),
                (Observed::Known(BucketOwnership::Missing), _) if need.ours => {
                    (None, cx.region.to_owned(), true)
                }
                (Observed::Unavailable(u), _) | (_, Observed::Unavailable(u)) => {
                    cx.unreadable(&format!("server access logging for bucket `{name}`"), u);
                    continue;
                }
                _ => continue,
            },
        };
        if logging.is_none() && region == cx.region {
            sources.push((name.clone(), new));
        }
    }
    for (source, _) in &sources {
        needs.access_logs(&log_bucket, source);
    }
    sources
}

/// Turns on server access logging for each of `sources`, into the access-log bucket.
pub(crate) fn enable_logging(cx: &mut Planning<'_>, sources: &[(String, bool)]) {
    let log_bucket = cx.baseline.access_log_bucket(cx.account, cx.region);
    for (source, new) in sources {
        let prefix = format!("{source}/");
        cx.push(Draft {
            kind: "bucket-logging",
            resource: source.clone(),
            title: format!("server access logging for trail bucket `{source}`"),
            op: if *new { Op::Create } else { Op::Update },
            resolves: &[check_ids::TRAIL_BUCKET_NO_ACCESS_LOGGING],
            call: Call::EnableBucketLogging {
                bucket: source.clone(),
                region: cx.region.to_owned(),
                target_bucket: log_bucket.clone(),
                target_prefix: prefix.clone(),
            },
            // The same whether the bucket exists yet or not: creating it earlier in the same
            // apply must not make this action look stale.
            before: json!({"access_logging": null}),
            after: json!({"access_logging": format!("{log_bucket}/{prefix}")}),
        });
    }
}

/// The writes the account's reports and exports make into `bucket`.
fn billing_writes(cx: &Planning<'_>, bucket: &str) -> Vec<ServiceWrite> {
    let billing = &cx.snap.billing;
    let cur = billing.cur_reports.known().into_iter().flatten();
    let exports = billing.data_exports.known().into_iter().flatten();
    cur.filter(|r| r.s3_bucket == bucket)
        .map(|r| cur_write(cx.account, r))
        .chain(
            exports
                .filter(|e| e.s3_bucket == bucket)
                .map(|e| export_write(cx.account, e)),
        )
        .collect()
}

pub(crate) fn plan(cx: &mut Planning<'_>, needs: &Needs) {
    for (name, need) in &needs.buckets {
        one(cx, name, need);
    }
}

fn one(cx: &mut Planning<'_>, name: &str, need: &Need) {
    let mut wanted = Vec::new();
    if !need.trail_arns.is_empty() {
        let mut arns = need.trail_arns.clone();
        arns.sort();
        wanted.extend(documents::trail_statements(name, cx.account, &arns));
    }
    if need.billing {
        wanted.push(documents::billing_statement(name, cx.account));
    }
    if !need.log_sources.is_empty() {
        let mut sources = need.log_sources.clone();
        sources.sort();
        wanted.push(documents::access_log_statement(name, cx.account, &sources));
    }
    // A bucket the baseline creates gets every safeguard; one it finds gets what the checks
    // ask of its role, and nothing more.
    if need.ours || !need.trail_arns.is_empty() {
        wanted.push(documents::deny_http_statement(name));
    }
    let resolves: &[&str] = match (need.trail_arns.is_empty(), need.billing) {
        (false, true) => &[
            check_ids::TRAIL_BUCKET_UNOWNED,
            check_ids::TRAIL_BUCKET_PUBLIC,
            check_ids::TRAIL_BUCKET_ALLOWS_HTTP,
            check_ids::BILLING_BUCKET_UNSAFE,
            check_ids::BILLING_BUCKET_NO_DELIVERY_PERMISSION,
        ],
        (false, false) => &[
            check_ids::TRAIL_BUCKET_UNOWNED,
            check_ids::TRAIL_BUCKET_PUBLIC,
            check_ids::TRAIL_BUCKET_ALLOWS_HTTP,
        ],
        (true, true) => &[
            check_ids::BILLING_BUCKET_UNSAFE,
            check_ids::BILLING_BUCKET_NO_DELIVERY_PERMISSION,
        ],
        (true, false) => &[check_ids::TRAIL_BUCKET_NO_ACCESS_LOGGING],
    };
    let role = match (need.trail_arns.is_empty(), need.billing) {
        (false, _) => "trail bucket",
        (true, true) => "billing bucket",
        (true, false) => "access-log bucket",
    };
    let facts = cx.snap.s3.buckets.get(name);
    let ownership = match facts.map(|f| &f.ownership) {
        None if need.ours => BucketOwnership::Missing,
        None => return cx.unreadable_text(format!("bucket `{name}`: no facts were collected")),
        Some(Observed::Known(o)) => *o,
        Some(Observed::Unavailable(u)) => return cx.unreadable(&format!("bucket `{name}`"), u),
    };
    let region = facts
        .and_then(|f| f.region.known().cloned())
        .unwrap_or_else(|| cx.region.to_owned());
    let created_after = json!({"exists": true, "block_public_access": true, "versioning": "Enabled",
        "encryption": true, "policy_statements": wanted.iter().filter_map(|s| s.sid.clone()).collect::<Vec<_>>()});
    match (ownership, facts) {
        (BucketOwnership::OtherAccount, _) => {
            let page = "https://console.aws.amazon.com/cloudtrail/home#/trails".to_owned();
            cx.push(Draft {
                kind: "bucket",
                resource: name.to_owned(),
                title: format!("{role} `{name}` belongs to another account"),
                op: Op::Manual,
                resolves,
                call: Call::Manual {
                    steps: vec![format!("Point the trails and reports that use `{name}` at a bucket of this account (rampart creates one: run `rampart apply` after changing them or set the bucket in rampart.toml)")],
                    page,
                },
                before: json!({"owner": "another account"}),
                after: json!({"owner": "this account"}),
            });
        }
        (BucketOwnership::Missing, _) => {
            cx.push(Draft {
                kind: "bucket",
                resource: name.to_owned(),
                title: format!("{role} `{name}`"),
                op: Op::Create,
                resolves,
                call: Call::EnsureBucket {
                    name: name.to_owned(),
                    region,
                    create: true,
                    statements: wanted,
                    block_public_access: true,
                    versioning: true,
                    encryption: true,
                },
                before: Value::Null,
                after: created_after,
            });
        }
        (BucketOwnership::Account, Some(f)) => {
            let (
                Observed::Known(_),
                Observed::Known(versioning),
                Observed::Known(encryption),
                Observed::Known(policy),
            ) = (
                &f.public_access_block,
                &f.versioning,
                &f.encryption,
                &f.policy,
            )
            else {
                return cx.unreadable_text(format!(
                    "bucket `{name}`: some of its settings could not be read"
                ));
            };
            // The settings S3 applies: each on at the bucket or the account level, as RMP305
            // and RMP402 judge them. A setting that cannot be decided is turned on.
            let bpa_on =
                effective_bpa(f, &cx.snap.s3.account_public_access_block).all_on() == Ok(true);
            let versioned = !need.ours || versioning.as_deref() == Some("Enabled");
            let encrypted = !need.ours || encryption.is_some();
            let mut missing = documents::missing_statements(policy.as_ref(), &wanted, need.ours);
            if need.billing && !need.ours {
                // Whether the reports can write here is evaluated as RMP403 evaluates it, not
                // read off the statements' principals.
                let delivered = billing_writes(cx, name).iter().all(|w| {
                    policy
                        .as_ref()
                        .is_some_and(|d| evaluate_write(d, name, w).allowed())
                });
                let sid = Some(documents::SID_BILLING.to_owned());
                missing.retain(|m| m.sid != sid);
                if !delivered {
                    missing.extend(wanted.iter().filter(|w| w.sid == sid).cloned());
                }
            }
            if bpa_on && versioned && encrypted && missing.is_empty() {
                return;
            }
            let have: Vec<String> = wanted
                .iter()
                .filter(|w| !missing.iter().any(|m| m.sid == w.sid))
                .filter_map(|s| s.sid.clone())
                .collect();
            cx.push(Draft {
                kind: "bucket",
                resource: name.to_owned(),
                title: format!("{role} `{name}`"),
                op: Op::Update,
                resolves,
                call: Call::EnsureBucket {
                    name: name.to_owned(),
                    region,
                    create: false,
                    statements: missing,
                    block_public_access: !bpa_on,
                    versioning: !versioned,
                    encryption: !encrypted,
                },
                before: json!({"exists": true, "block_public_access": bpa_on, "versioning": versioning,
                    "encryption": encryption.is_some(), "policy_statements": have}),
                after: created_after,
            });
        }
        (BucketOwnership::Account, None) => {}
    }
}

#[cfg(test)]
mod tests;
