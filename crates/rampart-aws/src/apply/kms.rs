//! The KMS key for trail logs: found by its alias, or created with CloudTrail's key policy,
//! given the alias and automatic rotation. Found first, so a rerun reuses the key instead of paying for a second one;
//! when the alias cannot be set on a key just created, that key is scheduled for deletion
//! again, since nothing can find or use it.
//!
//! A key is created with a tag naming the alias it is for ([`ALIAS_TAG`]), and `CreateKey` is
//! sent once, without the SDK's retries: when its answer is lost, or a run stops between
//! `CreateKey` and `CreateAlias`, the key made is found by that tag and given its alias,
//! instead of a second key being made and the first left to cost money unseen.

use aws_smithy_types::retry::RetryConfig;
use rampart_engines::policy::PolicyDocument;

use super::CallError;
use crate::errors::has_code;

/// The tag a key rampart creates carries: the alias it is for.
pub(crate) const ALIAS_TAG: &str = "rampart:alias";

pub(crate) async fn ensure_key(
    kms: &aws_sdk_kms::Client,
    alias: &str,
    policy: &PolicyDocument,
) -> Result<(), CallError> {
    match kms.describe_key().key_id(alias).send().await {
        Ok(_) => return Ok(()),
        Err(e) if has_code(&e, "NotFoundException") => {}
        Err(e) => return Err(CallError::sdk("kms:DescribeKey", &e)),
    }
    let key_id = match tagged_key(kms, alias).await? {
        Some(id) => id,
        None => create(kms, alias, policy).await?,
    };
    if let Err(e) = kms
        .create_alias()
        .alias_name(alias)
        .target_key_id(&key_id)
        .send()
        .await
    {
        let _ = kms
            .schedule_key_deletion()
            .key_id(&key_id)
            .pending_window_in_days(7)
            .send()
            .await;
        return Err(CallError::sdk("kms:CreateAlias", &e));
    }
    // The key rotates from the start (CIS 4.6): a new key rampart made should not be the
    // first thing the audit fails.
    kms.enable_key_rotation()
        .key_id(&key_id)
        .send()
        .await
        .map_err(|e| CallError::sdk("kms:EnableKeyRotation", &e))?;
    Ok(())
}

/// Creates the key, tagged for `alias`. When the call fails without saying it did nothing (no
/// answer), the key it may have made is looked for before the failure is reported.
async fn create(
    kms: &aws_sdk_kms::Client,
    alias: &str,
    policy: &PolicyDocument,
) -> Result<String, CallError> {
    let policy = serde_json::to_string(policy).map_err(|e| {
        CallError::other("kms:CreateKey", format!("cannot write the key policy: {e}"))
    })?;
    let tag = aws_sdk_kms::types::Tag::builder()
        .tag_key(ALIAS_TAG)
        .tag_value(alias)
        .build()
        .map_err(|e| CallError::other("kms:CreateKey", e.to_string()))?;
    let sent = kms
        .create_key()
        .description("CloudTrail log files (created by rampart)")
        .policy(policy)
        .tags(tag)
        .customize()
        .config_override(
            aws_sdk_kms::config::Builder::default().retry_config(RetryConfig::disabled()),
        )
        .send()
        .await;
    match sent {
        Ok(created) => created
            .key_metadata()
            .map(|m| m.key_id().to_owned())
            .ok_or_else(|| CallError::other("kms:CreateKey", "the answer named no key")),
        Err(e) => {
            let refused = e
                .raw_response()
                .is_some_and(|r| r.status().is_client_error());
            if !refused {
                if let Some(id) = tagged_key(kms, alias).await? {
                    return Ok(id);
                }
            }
            Err(CallError::sdk("kms:CreateKey", &e))
        }
    }
}

/// An enabled key tagged for `alias` that no alias names yet: one an earlier attempt made.
async fn tagged_key(kms: &aws_sdk_kms::Client, alias: &str) -> Result<Option<String>, CallError> {
    let mut tokens = crate::paging::Tokens::default();
    let mut marker: Option<String> = None;
    loop {
        let page = kms
            .list_keys()
            .set_marker(marker.clone())
            .send()
            .await
            .map_err(|e| CallError::sdk("kms:ListKeys", &e))?;
        for key in page.keys() {
            let Some(id) = key.key_id() else { continue };
            // Keys of other services or without tags answer with errors: not ours.
            let Ok(tags) = kms.list_resource_tags().key_id(id).send().await else {
                continue;
            };
            let ours = tags
                .tags()
                .iter()
                .any(|t| t.tag_key() == ALIAS_TAG && t.tag_value() == alias);
            if !ours {
                continue;
            }
            let enabled = kms
                .describe_key()
                .key_id(id)
                .send()
                .await
                .ok()
                .is_some_and(|d| {
                    d.key_metadata()
                        .and_then(|m| m.key_state())
                        .is_some_and(|s| *s == aws_sdk_kms::types::KeyState::Enabled)
                });
            if enabled {
                return Ok(Some(id.to_owned()));
            }
        }
        let next = page.next_marker().filter(|_| page.truncated());
        match tokens
            .next("kms:ListKeys", next)
            .map_err(|u| CallError::other("kms:ListKeys", u.message))?
        {
            Some(m) => marker = Some(m),
            None => return Ok(None),
        }
    }
}
