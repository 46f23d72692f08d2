//! Who is calling (`sts:GetCallerIdentity`, the one fatal call) and the account's alternate
//! contacts (`account:GetAlternateContact`).

use aws_sdk_account::types::AlternateContactType;
use rampart_model::snapshot::AlternateContact;
use rampart_model::{Caller, Observed};

use crate::cause::SdkCause;
use crate::errors::unavailable;
use crate::CollectError;

/// The caller's account id and identity. Without them there is nothing to audit.
pub(crate) async fn caller_identity(
    sts: &aws_sdk_sts::Client,
) -> Result<(String, Caller), CollectError> {
    let out = match sts.get_caller_identity().send().await {
        Ok(out) => out,
        Err(e) => {
            let cause = SdkCause::new("sts:GetCallerIdentity", e);
            return Err(if cause.credentials().is_some() {
                CollectError::NoCredentials(cause)
            } else {
                CollectError::Identity(cause)
            });
        }
    };
    let account = out.account().unwrap_or_default().to_owned();
    if account.is_empty() {
        return Err(CollectError::NoAccount);
    }
    let caller = Caller::from_arn(
        out.arn().unwrap_or_default(),
        out.user_id().unwrap_or_default(),
    );
    Ok((account, caller))
}

/// The alternate contact of `kind` (`SECURITY`, `BILLING`, `OPERATIONS`); `None` when none is
/// registered.
pub(crate) async fn alternate_contact(
    account: &aws_sdk_account::Client,
    kind: AlternateContactType,
) -> Observed<Option<AlternateContact>> {
    match account
        .get_alternate_contact()
        .alternate_contact_type(kind)
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
                .is_some_and(aws_sdk_account::operation::get_alternate_contact::GetAlternateContactError::is_resource_not_found_exception) =>
        {
            Observed::Known(None)
        }
        Err(e) => Observed::Unavailable(unavailable("account:GetAlternateContact", &e)),
    }
}
