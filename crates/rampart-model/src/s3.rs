//! S3 facts about the buckets the baseline cares about (trail and billing-report buckets) and
//! the account-level Block Public Access setting, and the judgements made from them: the
//! Block Public Access S3 applies ([`bpa`]), whether a policy or ACL is public ([`public`]),
//! whether a policy denies plain-HTTP requests ([`tls`]) and whether it lets a service
//! deliver into the bucket ([`delivery`]). Checks and the planner ask these
//! modules; none of them matches a document's shape.

pub mod bpa;
pub mod conditions;
pub mod cover;
pub mod delivery;
pub mod ip;
pub mod public;
pub mod tls;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::observed::{absent, Observed};
use crate::Unavailable;
use rampart_engines::policy::PolicyDocument;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct S3Facts {
    /// Account-level Block Public Access; `None` when none is configured.
    pub account_public_access_block: Observed<Option<PublicAccessBlock>>,
    /// Facts per bucket name, for every bucket a trail or billing report points at.
    pub buckets: BTreeMap<String, BucketFacts>,
    /// The names of the buckets the account owns (`s3:ListAllMyBuckets`).
    #[serde(default = "absent")]
    pub owned: Observed<BTreeSet<String>>,
    /// The access facts (Region, policy, ACL, Block Public Access) of every owned bucket that
    /// is not in `buckets`; their encryption, versioning and logging are not read.
    #[serde(default)]
    pub other_buckets: BTreeMap<String, BucketFacts>,
}

impl S3Facts {
    /// Every bucket the account owns, with its facts (a bucket listed but not read is absent
    /// from the list's facts: unavailable), or why the buckets are not known.
    pub fn owned_buckets(&self) -> Result<Vec<OwnedBucket<'_>>, &Unavailable> {
        let names = self.owned.as_result()?;
        Ok(names
            .iter()
            .map(|name| OwnedBucket {
                name,
                facts: self
                    .buckets
                    .get(name)
                    .or_else(|| self.other_buckets.get(name)),
            })
            .collect())
    }
}

/// One bucket of [`S3Facts::owned_buckets`].
#[derive(Debug, Clone, Copy)]
pub struct OwnedBucket<'a> {
    pub name: &'a str,
    /// `None` when the bucket was listed but its facts were not read (a snapshot of an earlier
    /// rampart, or a check left out).
    pub facts: Option<&'a BucketFacts>,
}

/// The four Block Public Access flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PublicAccessBlock {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    pub block_public_policy: bool,
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlock {
    /// The four settings, in the order S3 lists them.
    pub fn new(
        block_public_acls: bool,
        ignore_public_acls: bool,
        block_public_policy: bool,
        restrict_public_buckets: bool,
    ) -> Self {
        Self {
            block_public_acls,
            ignore_public_acls,
            block_public_policy,
            restrict_public_buckets,
        }
    }

    pub fn all_on(&self) -> bool {
        self.block_public_acls
            && self.ignore_public_acls
            && self.block_public_policy
            && self.restrict_public_buckets
    }
}

/// Who owns a bucket, as far as the caller can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BucketOwnership {
    /// Listed by `ListBuckets` for this account.
    Account,
    /// Exists (`HeadBucket` answered) but is not one of the account's buckets.
    OtherAccount,
    /// `NoSuchBucket` / 404.
    Missing,
}

/// One ACL grant. Public grants name the `AllUsers` or `AuthenticatedUsers` group URI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AclGrant {
    #[serde(default)]
    pub grantee_uri: Option<String>,
    #[serde(default)]
    pub grantee_id: Option<String>,
    pub permission: String,
}

impl AclGrant {
    pub fn is_public(&self) -> bool {
        self.grantee_uri.as_deref().is_some_and(|u| {
            u.ends_with("/global/AllUsers") || u.ends_with("/global/AuthenticatedUsers")
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggingTarget {
    pub target_bucket: String,
    #[serde(default)]
    pub target_prefix: String,
}

/// Facts about one bucket. When `ownership` is not `Account`, the other facts are typically
/// `Unavailable` with kind `Dependency`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BucketFacts {
    pub name: String,
    pub ownership: Observed<BucketOwnership>,
    /// The bucket's Region (`GetBucketLocation`).
    pub region: Observed<String>,
    /// `None` when the bucket has no policy.
    pub policy: Observed<Option<PolicyDocument>>,
    pub acl_grants: Observed<Vec<AclGrant>>,
    /// `None` when the bucket has no Block Public Access configuration.
    pub public_access_block: Observed<Option<PublicAccessBlock>>,
    /// The default encryption algorithm (`AES256`, `aws:kms`, …), `None` when not configured.
    pub encryption: Observed<Option<String>>,
    /// Versioning status (`Enabled`, `Suspended`), `None` when never enabled.
    pub versioning: Observed<Option<String>>,
    /// Server access logging target, `None` when off.
    pub logging: Observed<Option<LoggingTarget>>,
}
