//! S3 facts: which buckets the account owns, the facts of every bucket a trail or billing
//! report names, and the account-level Block Public Access setting (S3 Control).
//!
//! `ListBuckets` runs once; a named bucket absent from it is probed with `HeadBucket` to tell a
//! missing bucket from another account's. Facts of a bucket the account does not own are
//! `Dependency` gaps: they are not the account's to read or fix.

use std::collections::{BTreeMap, BTreeSet};

use rampart_model::s3::{BucketFacts, BucketOwnership, PublicAccessBlock};
use rampart_model::{Observed, Unavailable};

use crate::bucket;
use crate::clients::Clients;
use crate::concurrent::join_all;
use crate::errors::{dependency, dependency_on, status_of, unavailable};

/// The names of the buckets the account owns (`ListBuckets`, all pages).
pub(crate) async fn owned_buckets(clients: &Clients) -> Observed<BTreeSet<String>> {
    let mut pages = clients
        .s3(clients.region())
        .list_buckets()
        .into_paginator()
        .send();
    let mut names = BTreeSet::new();
    while let Some(page) = pages.next().await {
        match page {
            Ok(page) => names.extend(
                page.buckets()
                    .iter()
                    .filter_map(|b| b.name().map(str::to_owned)),
            ),
            Err(e) => return Observed::Unavailable(unavailable("s3:ListAllMyBuckets", &e)),
        }
    }
    Observed::Known(names)
}

/// Account-level Block Public Access; `None` when not configured.
pub(crate) async fn account_public_access_block(
    clients: &Clients,
    account_id: &str,
) -> Observed<Option<PublicAccessBlock>> {
    match clients
        .s3control()
        .get_public_access_block()
        .account_id(account_id)
        .send()
        .await
    {
        Ok(out) => {
            Observed::Known(
                out.public_access_block_configuration()
                    .map(|c| PublicAccessBlock {
                        block_public_acls: c.block_public_acls().unwrap_or(false),
                        ignore_public_acls: c.ignore_public_acls().unwrap_or(false),
                        block_public_policy: c.block_public_policy().unwrap_or(false),
                        restrict_public_buckets: c.restrict_public_buckets().unwrap_or(false),
                    }),
            )
        }
        Err(e)
            if e.as_service_error()
                .is_some_and(aws_sdk_s3control::operation::get_public_access_block::GetPublicAccessBlockError::is_no_such_public_access_block_configuration) =>
        {
            Observed::Known(None)
        }
        Err(e) => Observed::Unavailable(unavailable("s3:GetAccountPublicAccessBlock", &e)),
    }
}

/// Facts for each named bucket, all buckets concurrently.
pub(crate) async fn buckets(
    clients: &Clients,
    names: BTreeSet<String>,
    owned: &Observed<BTreeSet<String>>,
) -> BTreeMap<String, BucketFacts> {
    let tasks: Vec<_> = names
        .iter()
        .map(|name| {
            let clients = clients.clone();
            let name = name.clone();
            let listed = owned
                .as_result()
                .map(|set| set.contains(&name))
                .map_err(Clone::clone);
            async move { one_bucket(&clients, name, listed).await }
        })
        .collect();
    let mut out = BTreeMap::new();
    for (name, result) in names.into_iter().zip(join_all(tasks).await) {
        let facts = result
            .unwrap_or_else(|u| bucket::unreadable(&name, Observed::Unavailable(u.clone()), u));
        out.insert(name, facts);
    }
    out
}

/// The access facts of each of `names` (buckets the account owns), a few buckets at a time.
pub(crate) async fn other_buckets(
    clients: &Clients,
    names: Vec<String>,
) -> BTreeMap<String, BucketFacts> {
    use futures_util::stream::{self, StreamExt};
    /// How many buckets are read at once (four requests each).
    const AT_ONCE: usize = 16;
    stream::iter(names.into_iter().map(|name| async move {
        let facts = bucket::read_access(clients, &name).await;
        (name, facts)
    }))
    .buffer_unordered(AT_ONCE)
    .collect()
    .await
}

/// `listed`: whether `ListBuckets` named the bucket, or why that is unknown.
async fn one_bucket(
    clients: &Clients,
    name: String,
    listed: Result<bool, Unavailable>,
) -> BucketFacts {
    let ownership = match listed {
        Ok(true) => Observed::Known(BucketOwnership::Account),
        Ok(false) => probe(clients, &name).await,
        Err(u) => match probe(clients, &name).await {
            Observed::Known(BucketOwnership::Missing) => Observed::Known(BucketOwnership::Missing),
            _ => Observed::Unavailable(dependency_on(
                &u,
                format!("could not tell who owns `{name}`: {}", u.message),
            )),
        },
    };
    match &ownership {
        Observed::Known(BucketOwnership::Missing) => {
            let why = dependency(None, format!("bucket `{name}` does not exist"));
            bucket::unreadable(&name, ownership, why)
        }
        Observed::Known(BucketOwnership::OtherAccount) => {
            let why = dependency(None, format!("bucket `{name}` belongs to another account"));
            bucket::unreadable(&name, ownership, why)
        }
        _ => bucket::read(clients, &name, ownership).await,
    }
}

/// `HeadBucket` on a bucket the account did not list: 404 means missing, any other answer
/// means the name is taken by another account.
async fn probe(clients: &Clients, name: &str) -> Observed<BucketOwnership> {
    match clients
        .s3(clients.region())
        .head_bucket()
        .bucket(name)
        .send()
        .await
    {
        Ok(_) => Observed::Known(BucketOwnership::OtherAccount),
        Err(e)
            if e.as_service_error()
                .is_some_and(aws_sdk_s3::operation::head_bucket::HeadBucketError::is_not_found)
                || status_of(&e) == Some(404) =>
        {
            Observed::Known(BucketOwnership::Missing)
        }
        Err(e) if matches!(status_of(&e), Some(301 | 307 | 400 | 403)) => {
            Observed::Known(BucketOwnership::OtherAccount)
        }
        Err(e) => Observed::Unavailable(unavailable("s3:ListBucket", &e)),
    }
}
