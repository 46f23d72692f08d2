//! S3 calls for the trail and billing buckets: create, Block Public Access, versioning,
//! default encryption, and the policy — read at apply time and merged by `Sid`, so statements
//! that are already there stay.

use aws_sdk_s3::types::{
    BucketLocationConstraint, BucketVersioningStatus, CreateBucketConfiguration,
    PublicAccessBlockConfiguration, ServerSideEncryption, ServerSideEncryptionByDefault,
    ServerSideEncryptionConfiguration, ServerSideEncryptionRule, VersioningConfiguration,
};
use rampart_model::policy::PolicyDocument;
use rampart_plan::{documents, Call};

use super::CallError;
use crate::clients::Clients;
use crate::errors::{has_code, status_of};

pub(crate) async fn ensure(clients: &Clients, call: &Call) -> Result<(), CallError> {
    let Call::EnsureBucket {
        name,
        region,
        create,
        statements,
        block_public_access,
        versioning,
        encryption,
    } = call
    else {
        return Ok(());
    };
    let s3 = clients.s3(region);
    if *create {
        let mut req = s3.create_bucket().bucket(name);
        if region != "us-east-1" {
            req = req.create_bucket_configuration(
                CreateBucketConfiguration::builder()
                    .location_constraint(BucketLocationConstraint::from(region.as_str()))
                    .build(),
            );
        }
        match req.send().await {
            Ok(_) => {}
            Err(e) if has_code(&e, "BucketAlreadyOwnedByYou") => {}
            Err(e) if has_code(&e, "BucketAlreadyExists") => {
                return Err(CallError::other(
                    "s3:CreateBucket",
                    format!("the name `{name}` is taken by another account; set another bucket name in rampart.toml"),
                ))
            }
            Err(e) => return Err(CallError::sdk("s3:CreateBucket", &e)),
        }
    }
    if *block_public_access {
        let all = PublicAccessBlockConfiguration::builder()
            .block_public_acls(true)
            .ignore_public_acls(true)
            .block_public_policy(true)
            .restrict_public_buckets(true)
            .build();
        s3.put_public_access_block()
            .bucket(name)
            .public_access_block_configuration(all)
            .send()
            .await
            .map_err(|e| CallError::sdk("s3:PutBucketPublicAccessBlock", &e))?;
    }
    if *versioning {
        s3.put_bucket_versioning()
            .bucket(name)
            .versioning_configuration(
                VersioningConfiguration::builder()
                    .status(BucketVersioningStatus::Enabled)
                    .build(),
            )
            .send()
            .await
            .map_err(|e| CallError::sdk("s3:PutBucketVersioning", &e))?;
    }
    if *encryption {
        let rule = ServerSideEncryptionRule::builder()
            .apply_server_side_encryption_by_default(
                ServerSideEncryptionByDefault::builder()
                    .sse_algorithm(ServerSideEncryption::Aes256)
                    .build()
                    .map_err(|e| {
                        CallError::other("s3:PutEncryptionConfiguration", e.to_string())
                    })?,
            )
            .build();
        let config = ServerSideEncryptionConfiguration::builder()
            .rules(rule)
            .build()
            .map_err(|e| CallError::other("s3:PutEncryptionConfiguration", e.to_string()))?;
        s3.put_bucket_encryption()
            .bucket(name)
            .server_side_encryption_configuration(config)
            .send()
            .await
            .map_err(|e| CallError::sdk("s3:PutEncryptionConfiguration", &e))?;
    }
    if !statements.is_empty() {
        let current = current_policy(&s3, name).await?;
        let merged = documents::merge(current.as_ref(), statements);
        let text = serde_json::to_string(&merged)
            .map_err(|e| CallError::other("s3:PutBucketPolicy", e.to_string()))?;
        s3.put_bucket_policy()
            .bucket(name)
            .policy(text)
            .send()
            .await
            .map_err(|e| CallError::sdk("s3:PutBucketPolicy", &e))?;
    }
    Ok(())
}

/// The bucket's policy now; `None` when it has none. An unreadable policy is an error: it is
/// never replaced blind.
async fn current_policy(
    s3: &aws_sdk_s3::Client,
    name: &str,
) -> Result<Option<PolicyDocument>, CallError> {
    match s3.get_bucket_policy().bucket(name).send().await {
        Ok(out) => match out.policy() {
            None | Some("") => Ok(None),
            Some(text) => PolicyDocument::parse(text).map(Some).map_err(|e| {
                CallError::other(
                    "s3:GetBucketPolicy",
                    format!(
                        "the current policy of `{name}` cannot be read ({e}); it is left alone"
                    ),
                )
            }),
        },
        Err(e)
            if has_code(&e, "NoSuchBucketPolicy")
                || (status_of(&e) == Some(404) && !has_code(&e, "NoSuchBucket")) =>
        {
            Ok(None)
        }
        Err(e) => Err(CallError::sdk("s3:GetBucketPolicy", &e)),
    }
}
