//! The guardrails `apply` sets in every enabled Region: EBS encryption by default, an
//! external-access IAM Access Analyzer, and (when configured) GuardDuty and Security Hub.
//! Each tolerates finding its work done (a rerun, or an answer lost after the service acted).

use aws_sdk_accessanalyzer::types::Type;

use super::CallError;
use crate::clients::Clients;
use crate::errors::has_code;

/// Turns EBS encryption by default on in each of `regions` (a no-op where it is on).
pub(crate) async fn ebs_encryption_by_default(
    clients: &Clients,
    regions: &[String],
) -> Result<(), CallError> {
    for r in regions {
        clients
            .ec2(r)
            .enable_ebs_encryption_by_default()
            .send()
            .await
            .map_err(|e| CallError::sdk("ec2:EnableEbsEncryptionByDefault", &e))?;
    }
    Ok(())
}

/// Creates the analyzer `name`, with the account as its zone of trust, in each of `regions`.
/// An analyzer of that name already there is the work done when it is an external-access
/// one, and an error otherwise.
pub(crate) async fn access_analyzer(
    clients: &Clients,
    name: &str,
    regions: &[String],
) -> Result<(), CallError> {
    for r in regions {
        let client = clients.accessanalyzer(r);
        let created = client
            .create_analyzer()
            .analyzer_name(name)
            .r#type(Type::Account)
            .send()
            .await;
        match created {
            Ok(_) => {}
            Err(e) if has_code(&e, "ConflictException") => {
                let got = client
                    .get_analyzer()
                    .analyzer_name(name)
                    .send()
                    .await
                    .map_err(|e| CallError::sdk("access-analyzer:GetAnalyzer", &e))?;
                let kind = got.analyzer().map(|a| a.r#type().clone());
                if !matches!(kind, Some(Type::Account | Type::Organization)) {
                    return Err(CallError::other(
                        "access-analyzer:CreateAnalyzer",
                        format!(
                            "an analyzer named `{name}` exists in {r} but does not analyze external access ({})",
                            kind.as_ref().map_or("no type", Type::as_str)
                        ),
                    ));
                }
            }
            Err(e) => return Err(CallError::sdk("access-analyzer:CreateAnalyzer", &e)),
        }
    }
    Ok(())
}

/// Turns GuardDuty on in each of `regions`: enables the Region's detector if it has one,
/// creates an enabled one if not. A detector that appeared meanwhile (a lost answer, a
/// rerun) is enabled rather than duplicated: AWS allows one per Region.
pub(crate) async fn guardduty(clients: &Clients, regions: &[String]) -> Result<(), CallError> {
    for r in regions {
        let client = clients.guardduty(r);
        let existing = |client: aws_sdk_guardduty::Client| async move {
            client
                .list_detectors()
                .send()
                .await
                .map(|out| out.detector_ids().first().cloned())
                .map_err(|e| CallError::sdk("guardduty:ListDetectors", &e))
        };
        let id = match existing(client.clone()).await? {
            Some(id) => id,
            None => match client.create_detector().enable(true).send().await {
                Ok(_) => continue,
                Err(e) if has_code(&e, "BadRequestException") => {
                    match existing(client.clone()).await? {
                        Some(id) => id,
                        None => return Err(CallError::sdk("guardduty:CreateDetector", &e)),
                    }
                }
                Err(e) => return Err(CallError::sdk("guardduty:CreateDetector", &e)),
            },
        };
        client
            .update_detector()
            .detector_id(id)
            .enable(true)
            .send()
            .await
            .map_err(|e| CallError::sdk("guardduty:UpdateDetector", &e))?;
    }
    Ok(())
}

/// Enables Security Hub, with AWS's default standards, in each of `regions`; a Region already
/// subscribed is done.
pub(crate) async fn security_hub(clients: &Clients, regions: &[String]) -> Result<(), CallError> {
    for r in regions {
        match clients
            .securityhub(r)
            .enable_security_hub()
            .enable_default_standards(true)
            .send()
            .await
        {
            Ok(_) => {}
            Err(e) if has_code(&e, "ResourceConflictException") => {}
            Err(e) => return Err(CallError::sdk("securityhub:EnableSecurityHub", &e)),
        }
    }
    Ok(())
}

/// Turns automatic rotation on for each `(Region, key id)` (a no-op where it is on).
pub(crate) async fn key_rotation(
    clients: &Clients,
    keys: &[(String, String)],
) -> Result<(), CallError> {
    for (region, id) in keys {
        clients
            .kms(region)
            .enable_key_rotation()
            .key_id(id)
            .send()
            .await
            .map_err(|e| CallError::sdk("kms:EnableKeyRotation", &e))?;
    }
    Ok(())
}

/// Turns the account's four S3 Block Public Access settings on. Putting the same settings
/// again changes nothing, so a repeat is harmless.
pub(crate) async fn account_public_access_block(
    clients: &Clients,
    account_id: &str,
) -> Result<(), CallError> {
    let all_on = aws_sdk_s3control::types::PublicAccessBlockConfiguration::builder()
        .block_public_acls(true)
        .ignore_public_acls(true)
        .block_public_policy(true)
        .restrict_public_buckets(true)
        .build();
    clients
        .s3control()
        .put_public_access_block()
        .account_id(account_id)
        .public_access_block_configuration(all_on)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| CallError::sdk("s3:PutAccountPublicAccessBlock", &e))
}
