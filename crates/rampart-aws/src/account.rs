//! Who is calling (`sts:GetCallerIdentity`, the one fatal call) and the account's security
//! contact (`account:GetAlternateContact`).

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_account::types::AlternateContactType;
use rampart_model::snapshot::AlternateContact;
use rampart_model::{Caller, Observed};

use crate::errors::{chain, unavailable};
use crate::CollectError;

/// The caller's account id and identity. Without them there is nothing to audit.
pub(crate) async fn caller_identity(
    sts: &aws_sdk_sts::Client,
) -> Result<(String, Caller), CollectError> {
    let out = match sts.get_caller_identity().send().await {
        Ok(out) => out,
        Err(e) => {
            if let Some(cause) = credentials_error(&e) {
                return Err(CollectError::NoCredentials(credentials_detail(cause)));
            }
            return Err(CollectError::Identity(
                unavailable("sts:GetCallerIdentity", &e).message,
            ));
        }
    };
    let account = out.account().unwrap_or_default().to_owned();
    if account.is_empty() {
        return Err(CollectError::Identity(
            "the answer named no account".to_owned(),
        ));
    }
    let caller = Caller::from_arn(
        out.arn().unwrap_or_default(),
        out.user_id().unwrap_or_default(),
    );
    Ok((account, caller))
}

/// What to say about a credential failure. When no source in the chain has anything, the
/// chain's own account of each provider it tried is noise; other failures (an expired SSO
/// token, a broken profile) keep their full text.
fn credentials_detail(cause: &(dyn std::error::Error + 'static)) -> String {
    match cause.downcast_ref::<CredentialsError>() {
        Some(CredentialsError::CredentialsNotLoaded(_)) => {
            "no credential source is configured".to_owned()
        }
        _ => chain(cause),
    }
}

/// The credential-chain failure behind an error, if that is what it is.
fn credentials_error<'a>(
    err: &'a (dyn std::error::Error + 'static),
) -> Option<&'a (dyn std::error::Error + 'static)> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if e.downcast_ref::<CredentialsError>().is_some() {
            return Some(e);
        }
        cur = e.source();
    }
    None
}

/// The `SECURITY` alternate contact; `None` when none is registered.
pub(crate) async fn security_contact(
    account: &aws_sdk_account::Client,
) -> Observed<Option<AlternateContact>> {
    match account
        .get_alternate_contact()
        .alternate_contact_type(AlternateContactType::Security)
        .send()
        .await
    {
        Ok(out) => Observed::Known(out.alternate_contact().map(|c| AlternateContact {
            name: c.name().unwrap_or_default().to_owned(),
            email: c.email_address().unwrap_or_default().to_owned(),
            phone: c.phone_number().map(str::to_owned),
            title: c.title().map(str::to_owned),
        })),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_resource_not_found_exception()) =>
        {
            Observed::Known(None)
        }
        Err(e) => Observed::Unavailable(unavailable("account:GetAlternateContact", &e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("outer")]
    struct Outer(#[source] CredentialsError);

    #[test]
    fn finds_credential_errors_in_the_chain() {
        let inner = CredentialsError::not_loaded("no providers in chain provided credentials");
        let found = credentials_error(&Outer(inner)).map(chain);
        assert!(found.is_some_and(|m| m.contains("no providers in chain")));
        assert!(credentials_error(&std::io::Error::other("connection refused")).is_none());
    }

    #[test]
    fn an_empty_chain_is_reported_in_a_few_words() {
        let empty = CredentialsError::not_loaded("Environment: not set Profile: not enabled");
        assert_eq!(
            credentials_detail(&empty),
            "no credential source is configured"
        );
        let broken = CredentialsError::provider_error("the SSO token has expired");
        assert!(credentials_detail(&broken).contains("SSO token has expired"));
    }
}
