//! The KMS key for trail logs: found by its alias, or created with CloudTrail's key policy and
//! given the alias. Found first, so a rerun reuses the key instead of paying for a second one;
//! when the alias cannot be set on a key just created, that key is scheduled for deletion
//! again, since nothing can find or use it.

use rampart_model::policy::PolicyDocument;

use super::CallError;
use crate::errors::has_code;

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
    let policy = serde_json::to_string(policy).map_err(|e| {
        CallError::other("kms:CreateKey", format!("cannot write the key policy: {e}"))
    })?;
    let created = kms
        .create_key()
        .description("CloudTrail log files (created by rampart)")
        .policy(policy)
        .send()
        .await
        .map_err(|e| CallError::sdk("kms:CreateKey", &e))?;
    let key_id = created
        .key_metadata()
        .map(|m| m.key_id().to_owned())
        .ok_or_else(|| CallError::other("kms:CreateKey", "the answer named no key"))?;
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
    Ok(())
}
