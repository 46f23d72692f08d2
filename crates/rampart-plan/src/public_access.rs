//! The account's S3 Block Public Access, turned fully on — only with `--block-public-access`,
//! and only after every bucket the account owns has been read, so the action can name each
//! bucket whose public access it cuts. A bucket that could not be read makes the plan say so
//! instead: what would be cut must be known before anything is. Object ACLs and access point
//! policies are not read, so the action says they would be cut too and asks for confirmation
//! whenever the account has a bucket.

use rampart_model::s3::public::public_now;
use rampart_model::{check_ids, Observed};
use serde_json::json;

use crate::action::{Call, Op, Risk};
use crate::planning::{Draft, Planning};

/// The kind of the action.
pub const KIND: &str = "account-public-access-block";

pub(crate) fn plan(cx: &mut Planning<'_>) {
    let s3 = &cx.snap.s3;
    let current = match &s3.account_public_access_block {
        Observed::Known(Some(b)) if b.all_on() => return,
        Observed::Known(b) => b.unwrap_or_default(),
        Observed::Unavailable(u) => {
            let u = u.clone();
            cx.unreadable("the account's S3 Block Public Access", &u);
            return;
        }
    };
    let owned = match s3.owned_buckets() {
        Ok(owned) => owned,
        Err(u) => {
            let u = u.clone();
            cx.unreadable("the account's buckets", &u);
            return;
        }
    };
    let mut cut: Vec<(String, Vec<String>)> = Vec::new();
    let mut unread = Vec::new();
    for b in owned {
        let Some(facts) = b.facts else {
            unread.push((
                b.name.to_owned(),
                rampart_model::Unavailable::new(
                    rampart_model::UnavailableKind::Dependency,
                    Some("s3:GetBucketPolicy"),
                    "not read",
                ),
            ));
            continue;
        };
        match public_now(facts, &s3.account_public_access_block) {
            Ok(why) if why.is_empty() => {}
            Ok(why) => cut.push((b.name.to_owned(), why)),
            Err(u) => unread.push((b.name.to_owned(), u.clone())),
        }
    }
    if !unread.is_empty() {
        for (name, u) in unread {
            cx.unreadable(
                &format!("bucket `{name}`, whose public access Block Public Access may cut"),
                &u,
            );
        }
        return;
    }
    let names: Vec<&str> = cut.iter().map(|(n, _)| n.as_str()).collect();
    let buckets = s3.owned.known().map_or(0, std::collections::BTreeSet::len);
    let title = if buckets == 0 {
        "the account's S3 Block Public Access, fully on (the account has no bucket)".to_owned()
    } else if cut.is_empty() {
        "the account's S3 Block Public Access, fully on: no bucket policy or bucket ACL is public now; public object ACLs and access point policies, which rampart does not read, would be cut too".to_owned()
    } else {
        format!(
            "the account's S3 Block Public Access, fully on: cuts the public access of {} ({})",
            crate::guardrails::count(cut.len(), "bucket"),
            names.join(", ")
        )
    };
    let public: Vec<String> = cut
        .iter()
        .map(|(n, why)| format!("{n} ({})", why.join("; ")))
        .collect();
    let settings = |b: rampart_model::s3::PublicAccessBlock| {
        json!({
            "BlockPublicAcls": b.block_public_acls,
            "IgnorePublicAcls": b.ignore_public_acls,
            "BlockPublicPolicy": b.block_public_policy,
            "RestrictPublicBuckets": b.restrict_public_buckets,
        })
    };
    let all_on = rampart_model::s3::PublicAccessBlock::new(true, true, true, true);
    let action = cx.push(Draft {
        kind: KIND,
        resource: "account".to_owned(),
        title,
        op: Op::Update,
        resolves: &[check_ids::ACCOUNT_PUBLIC_ACCESS_BLOCK_OFF],
        before: json!({
            "settings": settings(current),
            "public_buckets": public,
            "not_read": ["object ACLs", "access point policies"],
        }),
        after: json!({ "settings": settings(all_on), "public_buckets": [] }),
        call: Call::PutAccountPublicAccessBlock,
    });
    // Any bucket may hold public objects or access points rampart does not read: only an
    // account with no bucket at all has nothing to lose.
    if buckets > 0 {
        action.risk = Risk::NeedsConfirmation;
    }
}

#[cfg(test)]
mod tests;
