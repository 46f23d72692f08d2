//! Building SDK configuration from the standard credential chain and rampart's global options.

/// Where and as whom to connect. Every field falls back to the AWS CLI's own defaults
/// (environment, `~/.aws/config`, SSO, instance metadata).
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    /// Overrides every service endpoint (also read from `AWS_ENDPOINT_URL` by the SDK).
    pub endpoint_url: Option<String>,
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

/// Loads the SDK configuration.
pub async fn connect(opts: &ConnectOptions) -> Connection {
    todo!("{opts:?}")
}
