//! S3 calls for the trail, billing and access-log buckets: create, Block Public Access,
//! versioning, default encryption, and the policy — read at apply time and merged by `Sid`, so
//! statements that are already there stay — and server access logging.

use aws_sdk_s3::types::{
    BucketLocationConstraint, BucketVersioningStatus, CreateBucketConfiguration,
    PublicAccessBlockConfiguration, ServerSideEncryption, ServerSideEncryptionByDefault,
    ServerSideEncryptionConfiguration, ServerSideEncryptionRule, VersioningConfiguration,
};
use rampart_engines::policy::PolicyDocument;
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
        let text = policy_text(&merged)
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

/// The policy as sent: lists of one action or resource written as a plain string, the form
/// the console writes. AWS reads both; S3's own check of a log-delivery statement in moto
/// reads only the string form.
fn policy_text(doc: &PolicyDocument) -> Result<String, serde_json::Error> {
    let mut value = serde_json::to_value(doc)?;
    if let Some(statements) = value
        .get_mut("Statement")
        .and_then(serde_json::Value::as_array_mut)
    {
        for st in statements {
            for key in ["Action", "NotAction", "Resource", "NotResource"] {
                let single = st
                    .get(key)
                    .and_then(serde_json::Value::as_array)
                    .filter(|a| a.len() == 1)
                    .map(|a| a[0].clone());
                if let Some(one) = single {
                    st[key] = one;
                }
            }
        }
    }
    serde_json::to_string(&value)
}

/// Turns on server access logging for the bucket of an `EnableBucketLogging` call.
pub(crate) async fn enable_logging(clients: &Clients, call: &Call) -> Result<(), CallError> {
    let Call::EnableBucketLogging {
        bucket,
        region,
        target_bucket,
        target_prefix,
    } = call
    else {
        return Ok(());
    };
    let enabled = aws_sdk_s3::types::LoggingEnabled::builder()
        .target_bucket(target_bucket)
        .target_prefix(target_prefix)
        .build()
        .map_err(|e| CallError::other("s3:PutBucketLogging", e.to_string()))?;
    clients
        .s3(region)
        .put_bucket_logging()
        .bucket(bucket)
        .bucket_logging_status(
            aws_sdk_s3::types::BucketLoggingStatus::builder()
                .logging_enabled(enabled)
                .build(),
        )
        .send()
        .await
        .map_err(|e| CallError::sdk("s3:PutBucketLogging", &e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_actions_and_resources_are_sent_as_strings() {
        let doc = PolicyDocument::parse(
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":{"Service":"x"},"Action":["s3:PutObject"],"Resource":["arn:aws:s3:::b/*","arn:aws:s3:::b"]}]}"#,
        )
        .expect("parses");
        let text = policy_text(&doc).expect("writes");
        assert!(text.contains(r#""Action":"s3:PutObject""#), "{text}");
        assert!(
            text.contains(r#""Resource":["arn:aws:s3:::b/*","arn:aws:s3:::b"]"#),
            "{text}"
        );
        assert_eq!(PolicyDocument::parse(&text).expect("parses again"), doc);
    }
}
