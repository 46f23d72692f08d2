//! Effective S3 Block Public Access: what S3 applies to one bucket when the bucket and its
//! owner's account each have their own four settings.
//!
//! S3 applies "the most restrictive combination of the bucket-level and account-level
//! settings" (S3 user guide, *Blocking public access to your Amazon S3 storage*): each setting
//! is on when it is on at either level. The account level covers only the buckets the account
//! owns, so for a bucket not known to be the account's only the bucket level counts. A setting
//! is unknown only when one level could not be read and the other does not already turn it on.

use serde::Serialize;

use super::{BucketFacts, BucketOwnership, PublicAccessBlock};
use crate::observed::{Observed, Unavailable};

/// One of the four Block Public Access settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum BpaSetting {
    BlockPublicAcls,
    IgnorePublicAcls,
    BlockPublicPolicy,
    RestrictPublicBuckets,
}

impl BpaSetting {
    pub const ALL: [BpaSetting; 4] = [
        BpaSetting::BlockPublicAcls,
        BpaSetting::IgnorePublicAcls,
        BpaSetting::BlockPublicPolicy,
        BpaSetting::RestrictPublicBuckets,
    ];

    /// The name S3's API gives the setting.
    pub fn name(self) -> &'static str {
        match self {
            BpaSetting::BlockPublicAcls => "BlockPublicAcls",
            BpaSetting::IgnorePublicAcls => "IgnorePublicAcls",
            BpaSetting::BlockPublicPolicy => "BlockPublicPolicy",
            BpaSetting::RestrictPublicBuckets => "RestrictPublicBuckets",
        }
    }

    /// This setting's flag in one level's configuration.
    pub fn of(self, p: &PublicAccessBlock) -> bool {
        match self {
            BpaSetting::BlockPublicAcls => p.block_public_acls,
            BpaSetting::IgnorePublicAcls => p.ignore_public_acls,
            BpaSetting::BlockPublicPolicy => p.block_public_policy,
            BpaSetting::RestrictPublicBuckets => p.restrict_public_buckets,
        }
    }
}

/// Whether one setting is in force: `Ok(on)`, or `Err` with the level that could not be read.
pub type SettingState<'a> = Result<bool, &'a Unavailable>;

/// The four settings S3 applies to a bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct EffectiveBpa<'a> {
    pub block_public_acls: SettingState<'a>,
    pub ignore_public_acls: SettingState<'a>,
    pub block_public_policy: SettingState<'a>,
    pub restrict_public_buckets: SettingState<'a>,
    /// Whether the account-level setting was taken into account (the bucket is the account's).
    pub account_applies: bool,
}

impl<'a> EffectiveBpa<'a> {
    pub fn get(&self, s: BpaSetting) -> SettingState<'a> {
        match s {
            BpaSetting::BlockPublicAcls => self.block_public_acls,
            BpaSetting::IgnorePublicAcls => self.ignore_public_acls,
            BpaSetting::BlockPublicPolicy => self.block_public_policy,
            BpaSetting::RestrictPublicBuckets => self.restrict_public_buckets,
        }
    }

    /// The settings known to be off.
    pub fn off(&self) -> Vec<BpaSetting> {
        BpaSetting::ALL
            .into_iter()
            .filter(|s| self.get(*s) == Ok(false))
            .collect()
    }

    /// The first setting that could not be decided, with why.
    pub fn first_unknown(&self) -> Option<(BpaSetting, &'a Unavailable)> {
        BpaSetting::ALL
            .into_iter()
            .find_map(|s| self.get(s).err().map(|u| (s, u)))
    }

    /// `Ok(true)` when all four settings are in force.
    pub fn all_on(&self) -> SettingState<'a> {
        if !self.off().is_empty() {
            return Ok(false);
        }
        match self.first_unknown() {
            Some((_, u)) => Err(u),
            None => Ok(true),
        }
    }
}

/// The Block Public Access S3 applies to `bucket`, given the account-level configuration.
pub fn effective_bpa<'a>(
    bucket: &'a BucketFacts,
    account: &'a Observed<Option<PublicAccessBlock>>,
) -> EffectiveBpa<'a> {
    let account_applies = bucket.ownership == Observed::Known(BucketOwnership::Account);
    let one = |s: BpaSetting| -> SettingState<'a> {
        let bucket_level = level(&bucket.public_access_block, s);
        let account_level = if account_applies {
            level(account, s)
        } else {
            Ok(false)
        };
        match (bucket_level, account_level) {
            (Ok(true), _) | (_, Ok(true)) => Ok(true),
            (Err(u), _) | (_, Err(u)) => Err(u),
            (Ok(false), Ok(false)) => Ok(false),
        }
    };
    EffectiveBpa {
        block_public_acls: one(BpaSetting::BlockPublicAcls),
        ignore_public_acls: one(BpaSetting::IgnorePublicAcls),
        block_public_policy: one(BpaSetting::BlockPublicPolicy),
        restrict_public_buckets: one(BpaSetting::RestrictPublicBuckets),
        account_applies,
    }
}

/// One level's value of a setting; no configuration at all means every setting is off.
fn level(bpa: &Observed<Option<PublicAccessBlock>>, s: BpaSetting) -> SettingState<'_> {
    match bpa {
        Observed::Known(Some(p)) => Ok(s.of(p)),
        Observed::Known(None) => Ok(false),
        Observed::Unavailable(u) => Err(u),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bucket(bpa: Observed<Option<PublicAccessBlock>>, owner: BucketOwnership) -> BucketFacts {
        BucketFacts {
            name: "b".into(),
            ownership: Observed::Known(owner),
            region: Observed::Known("us-east-1".into()),
            policy: Observed::Known(None),
            acl_grants: Observed::Known(Vec::new()),
            public_access_block: bpa,
            encryption: Observed::Known(None),
            versioning: Observed::Known(None),
            logging: Observed::Known(None),
        }
    }

    #[test]
    fn settings_split_between_the_levels_combine() {
        let b = bucket(
            Observed::Known(Some(PublicAccessBlock::new(false, false, true, true))),
            BucketOwnership::Account,
        );
        let account = Observed::Known(Some(PublicAccessBlock::new(true, true, false, false)));
        let e = effective_bpa(&b, &account);
        assert_eq!(e.all_on(), Ok(true));
        assert!(e.off().is_empty());
        let half = Observed::Known(Some(PublicAccessBlock::new(true, false, false, false)));
        let e = effective_bpa(&b, &half);
        assert_eq!(e.off(), [BpaSetting::IgnorePublicAcls]);
        assert_eq!(e.all_on(), Ok(false));
    }

    #[test]
    fn the_account_level_counts_only_for_the_accounts_buckets() {
        let b = bucket(Observed::Known(None), BucketOwnership::OtherAccount);
        let account = Observed::Known(Some(PublicAccessBlock::new(true, true, true, true)));
        let e = effective_bpa(&b, &account);
        assert!(!e.account_applies);
        assert_eq!(e.off().len(), 4);
    }

    #[test]
    fn an_unreadable_level_is_unknown_only_where_the_other_is_off() {
        let denied = Unavailable::access_denied("s3:GetBucketPublicAccessBlock", "403");
        let b = bucket(
            Observed::Unavailable(denied.clone()),
            BucketOwnership::Account,
        );
        let account = Observed::Known(Some(PublicAccessBlock::new(true, true, false, true)));
        let e = effective_bpa(&b, &account);
        assert_eq!(e.block_public_acls, Ok(true));
        assert_eq!(e.block_public_policy, Err(&denied));
        assert_eq!(e.all_on(), Err(&denied));
        let all = Observed::Known(Some(PublicAccessBlock::new(true, true, true, true)));
        assert_eq!(effective_bpa(&b, &all).all_on(), Ok(true));
        let b = bucket(
            Observed::Known(Some(PublicAccessBlock::new(false, true, true, true))),
            BucketOwnership::Account,
        );
        let account = Observed::Unavailable(denied.clone());
        let e = effective_bpa(&b, &account);
        assert_eq!(e.block_public_acls, Err(&denied));
        assert_eq!(e.ignore_public_acls, Ok(true));
    }
}
