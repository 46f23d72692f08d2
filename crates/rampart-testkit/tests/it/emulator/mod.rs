//! Tests of the test kit itself: the shared moto, account isolation, and every gap the endpoint
//! fills. One binary, so the whole suite shares one emulator.

mod assume_root;
mod authorization;
mod billing;
mod faults;
mod iam_root;
mod list_regions;
mod lookup_events;
mod moto_accounts;
mod org_features;
mod organizations;

use aws_config::retry::RetryConfig;

/// An SDK configuration for `account` whose clients do not retry, so tests see every answer.
pub async fn no_retry(
    account: &rampart_testkit::TestAccount,
    region: &str,
) -> aws_types::SdkConfig {
    account
        .sdk_config(region)
        .await
        .into_builder()
        .retry_config(RetryConfig::disabled())
        .build()
}
