//! An SDK failure kept whole as the `source` of a rampart error, so that the binary's
//! `caused by:` lines show each layer of it, instead of one string that flattened them.
//!
//! The SDK wraps every failure in layers that say nothing by themselves ("dispatch failure",
//! "service error", a connector's "other"); those are skipped. A service's answer is shown as
//! its code and message, and a credential chain that found no source at all says so in a few
//! words instead of listing every provider it tried.

use std::error::Error;
use std::fmt;

use aws_credential_types::provider::error::CredentialsError;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// What the SDK's wrapper layers say; a layer saying only this is skipped.
const WRAPPERS: &[&str] = &[
    "dispatch failure",
    "service error",
    "response error",
    "failed to construct request",
    "other",
    "io error",
    "user error",
];

/// One SDK failure, whole.
#[derive(Debug)]
pub struct SdkCause {
    /// A service's answer (`AccessDenied: …`), which stands for every layer below it.
    answer: Option<String>,
    error: Box<dyn Error + Send + Sync + 'static>,
}

impl SdkCause {
    /// Keeps `error`, a failure of `action` (e.g. `sts:GetCallerIdentity`).
    pub(crate) fn new<E>(action: &str, error: SdkError<E, HttpResponse>) -> Self
    where
        E: ProvideErrorMetadata + Error + Send + Sync + 'static,
    {
        let answer = matches!(error, SdkError::ServiceError(_))
            .then(|| crate::errors::unavailable(action, &error).message);
        Self {
            answer,
            error: Box::new(error),
        }
    }

    /// The first layer that says something.
    fn first(&self) -> &(dyn Error + 'static) {
        let mut layer: &(dyn Error + 'static) = &*self.error;
        while WRAPPERS.contains(&layer.to_string().as_str()) {
            match layer.source() {
                Some(next) => layer = next,
                None => break,
            }
        }
        layer
    }

    /// True when the credential chain found no source at all.
    pub fn no_credential_source(&self) -> bool {
        self.credentials()
            .is_some_and(|c| matches!(c, CredentialsError::CredentialsNotLoaded(_)))
    }

    /// The credential-chain failure in this error, if that is what it is.
    pub fn credentials(&self) -> Option<&CredentialsError> {
        let mut cur: Option<&(dyn Error + 'static)> = Some(&*self.error);
        while let Some(e) = cur {
            if let Some(c) = e.downcast_ref::<CredentialsError>() {
                return Some(c);
            }
            cur = e.source();
        }
        None
    }
}

impl fmt::Display for SdkCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(answer) = &self.answer {
            return f.write_str(answer);
        }
        if self.no_credential_source() {
            return f.write_str("no credential source is configured");
        }
        fmt::Display::fmt(self.first(), f)
    }
}

impl Error for SdkCause {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        if self.answer.is_some() || self.no_credential_source() {
            return None;
        }
        self.first().source()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityError;
    use aws_smithy_runtime_api::client::result::ConnectorError;
    use aws_smithy_types::body::SdkBody;
    use aws_smithy_types::error::ErrorMetadata;

    type StsError = SdkError<GetCallerIdentityError, HttpResponse>;

    fn dispatch(source: impl Error + Send + Sync + 'static) -> SdkCause {
        let e: StsError = SdkError::dispatch_failure(ConnectorError::other(Box::new(source), None));
        SdkCause::new("sts:GetCallerIdentity", e)
    }

    /// Each layer of the chain, as the binary prints them.
    fn layers(e: &(dyn Error + 'static)) -> Vec<String> {
        let mut out = vec![e.to_string()];
        let mut cur = e.source();
        while let Some(c) = cur {
            out.push(c.to_string());
            cur = c.source();
        }
        out
    }

    #[test]
    fn an_empty_credential_chain_is_said_in_a_few_words() {
        let cause = dispatch(CredentialsError::not_loaded(
            "Environment: not set Profile: not enabled",
        ));
        assert!(cause.credentials().is_some());
        assert_eq!(layers(&cause), ["no credential source is configured"]);
    }

    #[test]
    fn a_broken_credential_source_keeps_its_layers_without_the_sdk_wrappers() {
        let cause = dispatch(CredentialsError::provider_error(std::io::Error::other(
            "the SSO token has expired",
        )));
        assert_eq!(
            layers(&cause),
            [
                "an error occurred while loading credentials",
                "the SSO token has expired"
            ]
        );
    }

    #[test]
    fn other_failures_are_not_credential_failures() {
        let cause = dispatch(std::io::Error::other("connection refused"));
        assert!(cause.credentials().is_none());
        assert_eq!(layers(&cause), ["connection refused"]);
    }

    #[test]
    fn a_service_answer_is_its_code_and_message() {
        let meta = ErrorMetadata::builder()
            .code("AccessDenied")
            .message("not authorized to perform sts:GetCallerIdentity")
            .build();
        let raw = HttpResponse::new(
            403.try_into().expect("a status"),
            SdkBody::from("<ErrorResponse/>"),
        );
        let e: StsError = SdkError::service_error(GetCallerIdentityError::generic(meta), raw);
        let cause = SdkCause::new("sts:GetCallerIdentity", e);
        assert_eq!(
            layers(&cause),
            ["AccessDenied: not authorized to perform sts:GetCallerIdentity"]
        );
    }
}
