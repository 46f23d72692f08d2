//! SDK interceptors: one counts every request sent (for progress and `--stats`), the other lets
//! S3 Control reach a local endpoint; and a retry classifier that stops waiting on a local
//! emulator's HTML error pages.
//!
//! The counter runs once per attempt actually transmitted, so retries count as requests, which
//! is what a benchmark of API use wants. It hands names to the collector through a channel
//! because the [`Progress`](crate::Progress) it reports to is only borrowed.
//!
//! S3 Control puts the account id in front of the endpoint's host (`111122223333.127.0.0.1`),
//! a name no local endpoint resolves. When an endpoint override is in force, the prefix
//! interceptor takes that label off again before the request is signed.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeTransmitInterceptorContextMut, BeforeTransmitInterceptorContextRef, InterceptorContext,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::retries::classifiers::{
    ClassifyRetry, RetryAction, RetryClassifierPriority,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use tokio::sync::mpsc::UnboundedSender;

/// Reports `<service>:<Operation>` for every attempt sent.
#[derive(Debug, Clone)]
pub(crate) struct RequestCounter {
    service: &'static str,
    sink: UnboundedSender<String>,
}

impl RequestCounter {
    /// `service` is the IAM service prefix (`iam`, `s3`, `bcm-data-exports`, …), or `s3control`
    /// for S3 Control, whose actions are named `s3:…`.
    pub(crate) fn new(service: &'static str, sink: UnboundedSender<String>) -> Self {
        Self { service, sink }
    }
}

impl Intercept for RequestCounter {
    fn name(&self) -> &'static str {
        "RampartRequestCounter"
    }

    fn read_before_transmit(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let operation = cfg.load::<Metadata>().map_or("Unknown", |m| m.name());
        // A closed channel only means nobody listens any more; the request goes ahead.
        let _ = self.sink.send(iam_action(self.service, operation));
        Ok(())
    }
}

/// The IAM action for an SDK operation. S3 Control's account-level operations are the one
/// place where the two names differ (`GetPublicAccessBlock` is `s3:GetAccountPublicAccessBlock`).
pub(crate) fn iam_action(service: &str, operation: &str) -> String {
    match service {
        "s3control" => format!(
            "s3:{}",
            operation.replace("PublicAccessBlock", "AccountPublicAccessBlock")
        ),
        _ => format!("{service}:{operation}"),
    }
}

/// Removes the account-id label S3 Control puts in front of an overridden endpoint's host.
#[derive(Debug, Clone)]
pub(crate) struct AccountHostPrefixStripper {
    /// The host of the endpoint override (`127.0.0.1`, `localhost`).
    endpoint_host: String,
}

impl AccountHostPrefixStripper {
    /// Returns `None` when the endpoint URL has no recognisable host.
    pub(crate) fn for_endpoint(endpoint_url: &str) -> Option<Self> {
        host_of(endpoint_url).map(|h| Self {
            endpoint_host: h.to_owned(),
        })
    }
}

impl Intercept for AccountHostPrefixStripper {
    fn name(&self) -> &'static str {
        "RampartAccountHostPrefixStripper"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request_mut();
        if let Some(uri) = strip_account_prefix(request.uri(), &self.endpoint_host) {
            request.set_uri(uri)?;
        }
        Ok(())
    }
}

/// The host part of a URL (`http://host:port/path` → `host`).
fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    let host = if authority.starts_with('[') {
        authority.split_inclusive(']').next()?
    } else {
        authority.split(':').next()?
    };
    (!host.is_empty()).then_some(host)
}

/// If `uri`'s host is `<12-digit account>.<endpoint_host>`, the same URI without that label.
pub(crate) fn strip_account_prefix(uri: &str, endpoint_host: &str) -> Option<String> {
    let host = host_of(uri)?;
    let (label, rest) = host.split_once('.')?;
    if rest != endpoint_host || label.len() != 12 || !label.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let start = uri.find(host)?;
    Some(format!(
        "{}{}{}",
        &uri[..start],
        rest,
        &uri[start + host.len()..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_the_account_label_from_a_local_host() {
        assert_eq!(
            strip_account_prefix(
                "http://111122223333.127.0.0.1:5055/v20180820/configuration/publicAccessBlock",
                "127.0.0.1"
            )
            .as_deref(),
            Some("http://127.0.0.1:5055/v20180820/configuration/publicAccessBlock")
        );
        assert_eq!(
            strip_account_prefix("http://123456789012.localhost/x?y=1", "localhost").as_deref(),
            Some("http://localhost/x?y=1")
        );
    }

    #[test]
    fn leaves_other_hosts_alone() {
        // Already plain.
        assert_eq!(
            strip_account_prefix("http://127.0.0.1:5055/v20180820/x", "127.0.0.1"),
            None
        );
        // Not an account id.
        assert_eq!(
            strip_account_prefix("http://abc.127.0.0.1:5055/", "127.0.0.1"),
            None
        );
        assert_eq!(
            strip_account_prefix("http://12345.127.0.0.1:5055/", "127.0.0.1"),
            None
        );
        // A different endpoint (real AWS) is never touched.
        assert_eq!(
            strip_account_prefix(
                "https://111122223333.s3-control.us-east-1.amazonaws.com/v20180820/x",
                "127.0.0.1"
            ),
            None
        );
    }

    #[test]
    fn names_requests_as_iam_actions() {
        assert_eq!(
            iam_action("iam", "GetCredentialReport"),
            "iam:GetCredentialReport"
        );
        assert_eq!(
            iam_action("bcm-data-exports", "ListExports"),
            "bcm-data-exports:ListExports"
        );
        assert_eq!(
            iam_action("s3control", "GetPublicAccessBlock"),
            "s3:GetAccountPublicAccessBlock"
        );
    }

    #[test]
    fn finds_hosts_in_urls() {
        assert_eq!(host_of("http://127.0.0.1:5055"), Some("127.0.0.1"));
        assert_eq!(host_of("https://example.com/path"), Some("example.com"));
        assert_eq!(host_of("http://[::1]:8080/"), Some("[::1]"));
        assert_eq!(host_of("http://"), None);
    }
}

/// With an endpoint override only: a 5xx answer whose body is an HTML page is not retried.
///
/// AWS answers API errors in the protocol's own format (JSON or XML) with an error code, and
/// those 5xx are retried as usual. An HTML error page comes from a local emulator that does
/// not offer the operation (moto answers an unknown API with a Werkzeug "500 Internal Server
/// Error" page); retrying it only waits, up to half a minute per fact, for the same answer.
#[derive(Debug, Default)]
pub(crate) struct HtmlErrorPageIsFinal;

impl ClassifyRetry for HtmlErrorPageIsFinal {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        let Some(response) = ctx.response() else {
            return RetryAction::NoActionIndicated;
        };
        let html = response
            .headers()
            .get("content-type")
            .is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("text/html"));
        if response.status().is_server_error() && html {
            RetryAction::RetryForbidden
        } else {
            RetryAction::NoActionIndicated
        }
    }

    fn name(&self) -> &'static str {
        "HtmlErrorPageIsFinal"
    }

    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}
