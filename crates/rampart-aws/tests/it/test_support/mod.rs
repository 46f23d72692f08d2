//! What the emulator tests of this crate share: a connection to a test account as
//! `rampart_aws::connect` builds one for an endpoint override, with retries shortened so fault
//! tests stay fast.

use std::time::Duration;

use aws_smithy_types::retry::RetryConfig;
use rampart_aws::Connection;
use rampart_testkit::TestAccount;

/// A connection to `account` in `us-east-1` with `max_attempts` tries per request, the first
/// retry after `initial_backoff`.
pub async fn connection_with_retries(
    account: &TestAccount,
    max_attempts: u32,
    initial_backoff: Duration,
) -> Connection {
    let retry = RetryConfig::standard()
        .with_max_attempts(max_attempts)
        .with_initial_backoff(initial_backoff);
    let sdk = account
        .sdk_config("us-east-1")
        .await
        .into_builder()
        .retry_config(retry)
        .build();
    Connection {
        sdk,
        region: "us-east-1".to_owned(),
        custom_endpoint: true,
    }
}
