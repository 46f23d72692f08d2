//! The guardrails `apply` sets in every enabled Region: EBS encryption by default and an
//! external-access IAM Access Analyzer. Each tolerates finding its work done (a rerun, or an
//! answer lost after the service acted).

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
