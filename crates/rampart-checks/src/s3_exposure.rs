//! Whether a bucket is public: by its policy, by an ACL grant, or because Block Public Access
//! is not fully on at either the bucket or the account level. Used for trail and billing
//! buckets alike.
//!
//! Block Public Access decides the verdict: with all four flags on (on the bucket or on the
//! account) public ACLs are ignored and public policies are restricted to the owner, so the
//! bucket is not public whatever its grants say; with them off anywhere the bucket is one
//! policy edit away from public. Public grants are reported as evidence either way. The
//! account-level setting counts only for a bucket the account owns.

use std::collections::BTreeMap;

use rampart_model::policy::{Effect, Statement};
use rampart_model::s3::{BucketFacts, BucketOwnership, PublicAccessBlock};
use rampart_model::{Observed, Unavailable};
use serde_json::{json, Value};

/// Condition keys that pin a public principal down to known callers.
const RESTRICTING_KEYS: [&str; 9] = [
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOwner",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceIp",
    "aws:PrincipalOrgID",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
];

/// The verdict on one bucket.
pub struct Exposure<'a> {
    /// `Ok(true)` public, `Ok(false)` not, `Err` when a Block Public Access fact is missing.
    pub public: Result<bool, &'a Unavailable>,
    /// Why it is (or would be) public, most serious first.
    pub reasons: Vec<String>,
    pub evidence: BTreeMap<String, Value>,
}

pub fn exposure<'a>(
    bucket: &'a BucketFacts,
    account_bpa: &'a Observed<Option<PublicAccessBlock>>,
) -> Exposure<'a> {
    let mut reasons = Vec::new();
    let mut evidence = BTreeMap::new();
    match &bucket.policy {
        Observed::Known(Some(doc)) => {
            let sids: Vec<String> = doc
                .statements
                .iter()
                .filter(|s| is_public_allow(s))
                .map(|s| s.sid.clone().unwrap_or_else(|| "(no Sid)".into()))
                .collect();
            if !sids.is_empty() {
                reasons.push(format!(
                    "the bucket policy allows anyone (statements {})",
                    sids.join(", ")
                ));
            }
            evidence.insert("policy.public_statements".into(), json!(sids));
        }
        Observed::Known(None) => {
            evidence.insert("policy.public_statements".into(), json!([]));
        }
        Observed::Unavailable(u) => {
            evidence.insert("policy".into(), json!(u.describe()));
        }
    }
    match &bucket.acl_grants {
        Observed::Known(grants) => {
            let public: Vec<String> = grants
                .iter()
                .filter(|g| g.is_public())
                .map(|g| {
                    let uri = g.grantee_uri.as_deref().unwrap_or_default();
                    format!(
                        "{} to `{}`",
                        g.permission,
                        uri.rsplit('/').next().unwrap_or(uri)
                    )
                })
                .collect();
            if !public.is_empty() {
                reasons.push(format!("the ACL grants {}", public.join(", ")));
            }
            evidence.insert("acl.public_grants".into(), json!(public));
        }
        Observed::Unavailable(u) => {
            evidence.insert("acl".into(), json!(u.describe()));
        }
    }
    let bucket_on = bpa_evidence(
        &bucket.public_access_block,
        "block_public_access.bucket",
        &mut evidence,
    );
    // The account-level setting covers only the account's own buckets.
    let account_on = if bucket.ownership == Observed::Known(BucketOwnership::Account) {
        bpa_evidence(account_bpa, "block_public_access.account", &mut evidence)
    } else {
        evidence.insert(
            "block_public_access.account".into(),
            json!("does not apply: the bucket is not known to belong to the account"),
        );
        Ok(false)
    };
    let public = if bucket_on == Ok(true) || account_on == Ok(true) {
        Ok(false)
    } else if let Err(u) = bucket_on.and(account_on) {
        Err(u)
    } else {
        reasons.push("Block Public Access is not fully on for the bucket or the account".into());
        Ok(true)
    };
    Exposure {
        public,
        reasons,
        evidence,
    }
}

/// Records one Block Public Access level and says whether all four flags are on.
fn bpa_evidence<'a>(
    bpa: &'a Observed<Option<PublicAccessBlock>>,
    key: &str,
    evidence: &mut BTreeMap<String, Value>,
) -> Result<bool, &'a Unavailable> {
    match bpa {
        Observed::Known(Some(b)) => {
            evidence.insert(key.into(), json!(b));
            Ok(b.all_on())
        }
        Observed::Known(None) => {
            evidence.insert(key.into(), json!("not configured"));
            Ok(false)
        }
        Observed::Unavailable(u) => {
            evidence.insert(key.into(), json!(u.describe()));
            Err(u)
        }
    }
}

/// An `Allow` to anyone that no condition pins down to known callers.
fn is_public_allow(s: &Statement) -> bool {
    s.effect == Effect::Allow
        && s.principal_is_public()
        && !RESTRICTING_KEYS
            .iter()
            .any(|k| !s.condition_values(k).is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_model::policy::PolicyDocument;
    use rampart_model::s3::AclGrant;

    fn hardened_bucket() -> (BucketFacts, Observed<Option<PublicAccessBlock>>) {
        let snap = crate::testing::hardened();
        let b = snap
            .s3
            .buckets
            .values()
            .next()
            .cloned()
            .expect("hardened has buckets");
        (b, snap.s3.account_public_access_block)
    }

    #[test]
    fn block_public_access_at_either_level_is_enough() {
        let (mut b, account) = hardened_bucket();
        assert_eq!(exposure(&b, &account).public, Ok(false));
        b.public_access_block = Observed::Known(None);
        assert_eq!(
            exposure(&b, &account).public,
            Ok(false),
            "account level covers it"
        );
        let off = Observed::Known(None);
        let e = exposure(&b, &off);
        assert_eq!(e.public, Ok(true));
        assert!(
            e.reasons[0].contains("Block Public Access"),
            "{:?}",
            e.reasons
        );
    }

    #[test]
    fn public_grants_are_reasons_and_conditions_restrict() {
        let (mut b, _) = hardened_bucket();
        let off = Observed::Known(None);
        b.public_access_block = Observed::Known(None);
        b.acl_grants = Observed::Known(vec![AclGrant {
            grantee_uri: Some("http://acs.amazonaws.com/groups/global/AllUsers".into()),
            grantee_id: None,
            permission: "READ".into(),
        }]);
        let open = r#"{"Statement":[{"Sid":"Open","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#;
        b.policy = Observed::Known(Some(PolicyDocument::parse(open).unwrap()));
        let e = exposure(&b, &off);
        assert_eq!(e.reasons.len(), 3, "{:?}", e.reasons);
        assert!(e.reasons[0].contains("Open") && e.reasons[1].contains("AllUsers"));
        let pinned = open.replace(
            r#""Resource":"*""#,
            r#""Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}"#,
        );
        b.policy = Observed::Known(Some(PolicyDocument::parse(&pinned).unwrap()));
        assert_eq!(
            exposure(&b, &off).evidence["policy.public_statements"],
            json!([])
        );
    }

    #[test]
    fn missing_block_public_access_is_unknown_unless_the_other_level_is_on() {
        let (mut b, account) = hardened_bucket();
        let denied = Unavailable::access_denied("s3:GetBucketPublicAccessBlock", "403");
        b.public_access_block = Observed::Unavailable(denied.clone());
        assert_eq!(exposure(&b, &account).public, Ok(false));
        let off = Observed::Known(None);
        assert_eq!(exposure(&b, &off).public, Err(&denied));
    }

    #[test]
    fn the_account_setting_does_not_cover_a_foreign_bucket() {
        let (mut b, account) = hardened_bucket();
        b.ownership = Observed::Known(BucketOwnership::OtherAccount);
        let gone = Unavailable::new(
            rampart_model::UnavailableKind::Dependency,
            None,
            "not the account's bucket",
        );
        b.public_access_block = Observed::Unavailable(gone.clone());
        assert_eq!(exposure(&b, &account).public, Err(&gone));
        b.public_access_block = Observed::Known(None);
        assert_eq!(exposure(&b, &account).public, Ok(true));
    }
}
