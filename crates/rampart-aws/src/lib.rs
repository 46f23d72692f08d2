//! The only crate of rampart that talks to AWS.
//!
//! [`collect`] reads everything the baseline needs from an account into a
//! [`rampart_model::Snapshot`], with independent calls running concurrently and every failure
//! recorded as an `Unavailable` fact rather than an error. Only a failure that leaves nothing to
//! audit (no credentials, `GetCallerIdentity` refused) is a [`CollectError`].
//!
//! [`events`] searches the CloudTrail event history across Regions (`rampart events`).
//!
//! [`mfa`] enrols MFA devices for IAM users and reports who has MFA (`rampart mfa`).

mod account;
mod alerting;
pub mod apply;
mod authorization;
mod billing;
mod bucket;
mod clients;
mod cloudtrail;
mod collect;
mod connect;
mod credentials;
mod errors;
pub mod events;
mod iam;
mod interceptor;
mod lookup;
mod metrics;
pub mod mfa;
mod progress;
mod rules;
mod s3;
mod util;

pub use collect::{collect, CollectError, CollectOptions};
pub use connect::{
    connect, timeout_config, ConnectOptions, Connection, DEFAULT_ATTEMPT_TIMEOUT,
    DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_ATTEMPTS, DEFAULT_REGION, MAX_BACKOFF,
};
pub use progress::{NoProgress, Progress, RequestStats};
