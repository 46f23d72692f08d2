//! Building SDK configuration from the standard credential chain and rampart's global options.

use std::time::Duration;

use std::sync::atomic::{AtomicU64, Ordering};

use aws_config::BehaviorVersion;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;
use aws_types::region::Region;

/// The Region used when neither the options nor the environment name one.
pub const DEFAULT_REGION: &str = "us-east-1";

/// Attempts per request (first try plus retries) unless [`ConnectOptions::max_attempts`] says
/// otherwise.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 6;

/// First retry delay unless [`ConnectOptions::initial_backoff`] says otherwise; it doubles with
/// each retry (with jitter), up to [`MAX_BACKOFF`].
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(500);

/// The longest wait between two attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// How long one attempt of a request may take, connection included, unless
/// [`ConnectOptions::attempt_timeout`] says otherwise. A request that is accepted and never
/// answered fails after this long, is retried like any failure, and ends as an `unknown` fact.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

/// How long opening a connection may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The attempt timeout in force, in milliseconds, for the "timed out after N s" message.
static ATTEMPT_TIMEOUT_MS: AtomicU64 = AtomicU64::new(30_000);

/// The attempt timeout last configured with [`timeout_config`].
pub(crate) fn attempt_timeout() -> Duration {
    Duration::from_millis(ATTEMPT_TIMEOUT_MS.load(Ordering::Relaxed))
}

/// The timeouts every client uses: connect, per attempt, and per operation (all attempts and
/// the waits between them), so that no request can keep rampart waiting for ever.
pub fn timeout_config(attempt: Duration, max_attempts: u32) -> TimeoutConfig {
    let attempt = attempt.max(Duration::from_millis(1));
    ATTEMPT_TIMEOUT_MS.store(
        u64::try_from(attempt.as_millis()).unwrap_or(u64::MAX),
        Ordering::Relaxed,
    );
    let attempts = max_attempts.max(1);
    TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT.min(attempt))
        .operation_attempt_timeout(attempt)
        .operation_timeout(attempt * attempts + MAX_BACKOFF * (attempts - 1))
        .build()
}

/// Where and as whom to connect. Every field falls back to the AWS CLI's own defaults
/// (environment, `~/.aws/config`, SSO, instance metadata).
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    /// Overrides every service endpoint (also read from `AWS_ENDPOINT_URL` by the SDK).
    pub endpoint_url: Option<String>,
    /// Attempts per request, retries included (default [`DEFAULT_MAX_ATTEMPTS`]).
    pub max_attempts: Option<u32>,
    /// First retry delay (default [`DEFAULT_INITIAL_BACKOFF`]); tests that inject faults
    /// shorten it.
    pub initial_backoff: Option<Duration>,
    /// How long one attempt may take (default [`DEFAULT_ATTEMPT_TIMEOUT`]).
    pub attempt_timeout: Option<Duration>,
}

/// A loaded SDK configuration plus what rampart needs to know about it.
#[derive(Clone, Debug)]
pub struct Connection {
    pub sdk: aws_types::SdkConfig,
    /// The Region for regional calls (defaults to `us-east-1` when none is configured).
    pub region: String,
    /// True when an endpoint override is in force (a local emulator): S3 then uses path-style
    /// addressing and host-prefix injection is turned off.
    pub custom_endpoint: bool,
}

impl Connection {
    /// The endpoint override in force, if any (explicit or from `AWS_ENDPOINT_URL`).
    pub fn endpoint_url(&self) -> Option<&str> {
        self.sdk.endpoint_url()
    }
}

/// The retry policy every client uses: standard mode, exponential backoff with jitter.
pub(crate) fn retry_config(max_attempts: u32, initial_backoff: Duration) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(max_attempts.max(1))
        .with_initial_backoff(initial_backoff)
        .with_max_backoff(MAX_BACKOFF.max(initial_backoff))
}

/// An endpoint URL the SDK could not use (it would fail every request with a dump of the
/// request instead).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointUrlError {
    #[error("`{url}` has no scheme: write `http://{url}` (or `https://{url}`)")]
    NoScheme { url: String },
    #[error("`{url}`: the scheme must be http or https, not `{scheme}`")]
    Scheme { url: String, scheme: String },
    #[error("`{url}` names no host")]
    NoHost { url: String },
}

/// Checks that `url` is an `http://` or `https://` URL with a host.
pub fn check_endpoint_url(url: &str) -> Result<(), EndpointUrlError> {
    let owned = || url.to_owned();
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(EndpointUrlError::NoScheme { url: owned() });
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(EndpointUrlError::Scheme {
            url: owned(),
            scheme: scheme.to_owned(),
        });
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    if host.is_empty() || host.starts_with(':') || host.contains(char::is_whitespace) {
        return Err(EndpointUrlError::NoHost { url: owned() });
    }
    Ok(())
}

/// Loads the SDK configuration.
pub async fn connect(opts: &ConnectOptions) -> Connection {
    let attempts = opts.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS);
    let retry = retry_config(
        attempts,
        opts.initial_backoff.unwrap_or(DEFAULT_INITIAL_BACKOFF),
    );
    let timeouts = timeout_config(
        opts.attempt_timeout.unwrap_or(DEFAULT_ATTEMPT_TIMEOUT),
        attempts,
    );
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(retry)
        .timeout_config(timeouts);
    if let Some(profile) = &opts.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &opts.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(url) = &opts.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    let mut sdk = loader.load().await;
    let region = match sdk.region() {
        Some(r) => r.to_string(),
        None => {
            sdk = sdk.to_builder().region(Region::new(DEFAULT_REGION)).build();
            DEFAULT_REGION.to_owned()
        }
    };
    let custom_endpoint = sdk.endpoint_url().is_some();
    Connection {
        sdk,
        region,
        custom_endpoint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_urls_need_a_scheme_and_a_host() {
        assert_eq!(check_endpoint_url("http://localhost:5301"), Ok(()));
        assert_eq!(check_endpoint_url("HTTPS://s3.example.com/base"), Ok(()));
        let e = check_endpoint_url("localhost:5301").expect_err("no scheme");
        assert_eq!(
            e.to_string(),
            "`localhost:5301` has no scheme: write `http://localhost:5301` (or `https://localhost:5301`)"
        );
        assert!(matches!(
            check_endpoint_url("ftp://host"),
            Err(EndpointUrlError::Scheme { .. })
        ));
        assert!(matches!(
            check_endpoint_url("http://:5301"),
            Err(EndpointUrlError::NoHost { .. })
        ));
        assert!(matches!(
            check_endpoint_url("http://"),
            Err(EndpointUrlError::NoHost { .. })
        ));
    }
}
