//! The buckets trails and billing reports deliver to, and the facts recorded about them.

use std::collections::BTreeMap;

use rampart_model::s3::{BucketFacts, BucketOwnership};
use rampart_model::{Finding, Unavailable};

use crate::facts::Gap;
use crate::Context;

/// The facts about `name`, or a gap when the collector recorded none.
pub fn facts<'a>(cx: &Context<'a>, name: &str) -> Result<&'a BucketFacts, Gap<'a>> {
    cx.snapshot
        .s3
        .buckets
        .get(name)
        .ok_or_else(|| Gap::Absent(format!("no facts were collected for bucket `{name}`")))
}

/// Every bucket a trail delivers to, with the names of the trails that use it.
pub fn trail_buckets<'a>(
    cx: &Context<'a>,
) -> Result<BTreeMap<&'a str, Vec<&'a str>>, &'a Unavailable> {
    let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for t in crate::trails::unique(cx)? {
        if let Some(b) = t.s3_bucket.as_deref() {
            let names = out.entry(b).or_default();
            if !names.contains(&t.name.as_str()) {
                names.push(&t.name);
            }
        }
    }
    Ok(out)
}

/// Ownership as a sentence fragment when it disqualifies the bucket, `None` when owned.
pub fn ownership_problem(o: BucketOwnership) -> Option<&'static str> {
    match o {
        BucketOwnership::Account => None,
        BucketOwnership::OtherAccount => Some("is owned by another account"),
        BucketOwnership::Missing => Some("does not exist"),
    }
}

/// The ownership as evidence text.
pub fn ownership_text(o: BucketOwnership) -> &'static str {
    match o {
        BucketOwnership::Account => "this account",
        BucketOwnership::OtherAccount => "another account",
        BucketOwnership::Missing => "missing",
    }
}

/// Runs `judge` on every bucket a trail delivers to, with the names of those trails. Unknown
/// for the account when the trails could not be listed, and for a bucket the collector
/// recorded nothing about.
pub fn each_trail_bucket(
    cx: &Context<'_>,
    check_id: &str,
    judge: impl Fn(&BucketFacts, &[&str]) -> Finding,
) -> Vec<Finding> {
    let buckets = match trail_buckets(cx) {
        Ok(b) => b,
        Err(u) => return vec![Finding::unknown(check_id, crate::facts::account(cx), u)],
    };
    buckets
        .into_iter()
        .map(|(name, trails)| match facts(cx, name) {
            Ok(b) => judge(b, &trails).with("trails", &trails),
            Err(gap) => gap
                .finding(check_id, crate::facts::bucket(name))
                .with("trails", &trails),
        })
        .collect()
}
