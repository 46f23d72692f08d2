//! Whether a bucket is exposed: public by its policy or an ACL grant once Block Public Access
//! has had its say, or not fully covered by Block Public Access. Used for trail and billing
//! buckets alike; the judgements come from `rampart_model::s3` (effective settings, what is
//! public), this module turns them into reasons and evidence.
//!
//! Each Block Public Access setting is in force when it is on at the bucket **or** the
//! account level (the account level only for a bucket the account owns), as S3 applies the
//! most restrictive combination. A public policy statement takes effect unless
//! `RestrictPublicBuckets` is in force; a public ACL grant unless `IgnorePublicAcls` is. A
//! bucket with every grant neutralised but a setting off is still exposed: with
//! `BlockPublicPolicy` or `BlockPublicAcls` off it is one policy or ACL edit away from public,
//! which is what CIS 2.1.4 asks to prevent. Neutralised grants are shown as evidence.

use std::collections::BTreeMap;

use rampart_model::s3::bpa::{effective_bpa, BpaSetting, EffectiveBpa};
use rampart_model::s3::public::{public_grants, public_statements};
use rampart_model::s3::{BucketFacts, PublicAccessBlock};
use rampart_model::{Observed, Unavailable};
use serde_json::{json, Value};

/// The verdict on one bucket.
pub struct Exposure<'a> {
    /// `Ok(true)` exposed, `Ok(false)` not, `Err` when a fact that would decide it is missing.
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
    let bpa = effective_bpa(bucket, account_bpa);
    // Public grants that take effect (or might, when the neutralising setting is unknown).
    let mut effective_grant = false;
    let mut undecided: Option<&Unavailable> = None;
    let mut weigh = |grants: bool, setting: BpaSetting, reason: String, reasons: &mut Vec<_>| {
        if !grants {
            return;
        }
        match bpa.get(setting) {
            Ok(true) => {}
            Ok(false) => {
                effective_grant = true;
                reasons.push(reason);
            }
            Err(u) => {
                undecided.get_or_insert(u);
                reasons.push(format!("{reason} unless {} is on", setting.name()));
            }
        }
    };
    match &bucket.policy {
        Observed::Known(Some(doc)) => {
            let sids: Vec<String> = public_statements(doc, &bucket.name)
                .into_iter()
                .map(|(i, s)| s.sid.clone().unwrap_or_else(|| format!("#{}", i + 1)))
                .collect();
            weigh(
                !sids.is_empty(),
                BpaSetting::RestrictPublicBuckets,
                format!(
                    "the bucket policy allows anyone (statements {})",
                    sids.join(", ")
                ),
                &mut reasons,
            );
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
            let public: Vec<String> = public_grants(grants)
                .into_iter()
                .map(|g| {
                    let uri = g.grantee_uri.as_deref().unwrap_or_default();
                    format!(
                        "{} to `{}`",
                        g.permission,
                        uri.rsplit('/').next().unwrap_or(uri)
                    )
                })
                .collect();
            weigh(
                !public.is_empty(),
                BpaSetting::IgnorePublicAcls,
                format!("the ACL grants {}", public.join(", ")),
                &mut reasons,
            );
            evidence.insert("acl.public_grants".into(), json!(public));
        }
        Observed::Unavailable(u) => {
            evidence.insert("acl".into(), json!(u.describe()));
        }
    }
    level_evidence(
        &bucket.public_access_block,
        "block_public_access.bucket",
        &mut evidence,
    );
    if bpa.account_applies {
        level_evidence(account_bpa, "block_public_access.account", &mut evidence);
    } else {
        evidence.insert(
            "block_public_access.account".into(),
            json!("does not apply: the bucket is not known to belong to the account"),
        );
    }
    let off = bpa.off();
    if off.len() == BpaSetting::ALL.len() {
        reasons.push("Block Public Access is not fully on for the bucket or the account".into());
    } else if !off.is_empty() {
        reasons.push(format!(
            "Block Public Access is not fully on for the bucket or the account ({} off)",
            off.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ")
        ));
    }
    if off.len() < 4 && !split_is_plain(&bpa, bucket, account_bpa) {
        evidence.insert("block_public_access.effective".into(), effective(&bpa));
    }
    let public = if effective_grant || !off.is_empty() {
        Ok(true)
    } else if let Some(u) = undecided.or(bpa.first_unknown().map(|(_, u)| u)) {
        Err(u)
    } else {
        Ok(false)
    };
    Exposure {
        public,
        reasons,
        evidence,
    }
}

/// Whether one level alone has all four settings on, so the effective settings need no
/// separate evidence.
fn split_is_plain(
    bpa: &EffectiveBpa<'_>,
    bucket: &BucketFacts,
    account: &Observed<Option<PublicAccessBlock>>,
) -> bool {
    let all = |o: &Observed<Option<PublicAccessBlock>>| matches!(o, Observed::Known(Some(p)) if p.all_on());
    all(&bucket.public_access_block) || (bpa.account_applies && all(account))
}

/// The four effective settings as evidence: `true`, `false` or `"unknown"`.
fn effective(bpa: &EffectiveBpa<'_>) -> Value {
    let mut m = serde_json::Map::new();
    for s in BpaSetting::ALL {
        let v = match bpa.get(s) {
            Ok(b) => json!(b),
            Err(_) => json!("unknown"),
        };
        m.insert(s.name().to_owned(), v);
    }
    Value::Object(m)
}

/// Records one Block Public Access level as read.
fn level_evidence(
    bpa: &Observed<Option<PublicAccessBlock>>,
    key: &str,
    evidence: &mut BTreeMap<String, Value>,
) {
    let v = match bpa {
        Observed::Known(Some(b)) => json!(b),
        Observed::Known(None) => json!("not configured"),
        Observed::Unavailable(u) => json!(u.describe()),
    };
    evidence.insert(key.into(), v);
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_engines::policy::PolicyDocument;
    use rampart_model::s3::{AclGrant, BucketOwnership};

    fn hardened_bucket() -> (BucketFacts, Observed<Option<PublicAccessBlock>>) {
        let snap = crate::test_support::hardened();
        let b = snap
            .s3
            .buckets
            .values()
            .next()
            .cloned()
            .expect("hardened has buckets");
        (b, snap.s3.account_public_access_block)
    }

    const OPEN: &str = r#"{"Statement":[{"Sid":"Open","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#;

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
    fn settings_split_between_the_levels_add_up() {
        let (mut b, _) = hardened_bucket();
        b.public_access_block =
            Observed::Known(Some(PublicAccessBlock::new(false, false, true, true)));
        let account = Observed::Known(Some(PublicAccessBlock::new(true, true, false, false)));
        let e = exposure(&b, &account);
        assert_eq!(e.public, Ok(false), "{:?}", e.reasons);
        assert_eq!(
            e.evidence["block_public_access.effective"],
            json!({"BlockPublicAcls": true, "IgnorePublicAcls": true,
                   "BlockPublicPolicy": true, "RestrictPublicBuckets": true})
        );
        let account = Observed::Known(Some(PublicAccessBlock::new(true, false, false, false)));
        let e = exposure(&b, &account);
        assert_eq!(e.public, Ok(true));
        assert!(
            e.reasons[0].ends_with("(IgnorePublicAcls off)"),
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
        b.policy = Observed::Known(Some(PolicyDocument::parse(OPEN).unwrap()));
        let e = exposure(&b, &off);
        assert_eq!(e.reasons.len(), 3, "{:?}", e.reasons);
        assert!(e.reasons[0].contains("Open") && e.reasons[1].contains("AllUsers"));
        let pinned = OPEN.replace(
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
    fn grants_neutralised_by_their_setting_are_evidence_not_reasons() {
        let (mut b, _) = hardened_bucket();
        b.policy = Observed::Known(Some(PolicyDocument::parse(OPEN).unwrap()));
        b.public_access_block =
            Observed::Known(Some(PublicAccessBlock::new(false, true, true, true)));
        let e = exposure(&b, &Observed::Known(None));
        assert_eq!(e.public, Ok(true), "BlockPublicAcls is off");
        assert_eq!(e.reasons.len(), 1, "{:?}", e.reasons);
        assert_eq!(e.evidence["policy.public_statements"], json!(["Open"]));
        b.public_access_block =
            Observed::Known(Some(PublicAccessBlock::new(true, true, true, false)));
        let e = exposure(&b, &Observed::Known(None));
        assert!(e.reasons[0].contains("allows anyone"), "{:?}", e.reasons);
    }

    #[test]
    fn missing_block_public_access_is_unknown_unless_the_other_level_is_on() {
        let (mut b, account) = hardened_bucket();
        let denied = Unavailable::access_denied("s3:GetBucketPublicAccessBlock", "403");
        b.public_access_block = Observed::Unavailable(denied.clone());
        assert_eq!(exposure(&b, &account).public, Ok(false));
        let off = Observed::Known(None);
        assert_eq!(exposure(&b, &off).public, Err(&denied));
        let three = Observed::Known(Some(PublicAccessBlock::new(true, true, true, false)));
        assert_eq!(exposure(&b, &three).public, Err(&denied));
        b.policy = Observed::Known(Some(PolicyDocument::parse(OPEN).unwrap()));
        let e = exposure(&b, &three);
        assert_eq!(e.public, Err(&denied));
        assert!(e.reasons[0].ends_with("unless RestrictPublicBuckets is on"));
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
