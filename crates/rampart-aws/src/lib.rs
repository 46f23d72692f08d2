//! The only crate of rampart that talks to AWS.
//!
//! [`collect`] reads everything the baseline needs from an account into a
//! [`rampart_model::Snapshot`], with independent calls running concurrently and every failure
//! recorded as an `Unavailable` fact rather than an error. Only a failure that leaves nothing to
//! audit (no credentials, `GetCallerIdentity` refused) is a [`CollectError`].
//!
//! [`events`] searches the CloudTrail event history across Regions (`rampart events`).
//!
//! [`collect_org`] collects every account of an AWS Organization into an organization
//! snapshot (`rampart audit --org`).
//!
//! [`mfa`] enrols MFA devices for IAM users and reports who has MFA (`rampart mfa`).
//!
//! [`check_profile`], [`check_endpoint_url`] and [`check_region`] check what a person gave
//! before anything is sent, so that a typo is named as one.

mod account;
mod alerting;
pub mod apply;
pub mod archive;
pub mod athena;
mod authorization;
mod billing;
mod bucket;
mod cause;
mod clients;
mod cloudtrail;
mod collect;
mod concurrent;
mod connect;
mod cost_alerts;
mod credential_report;
mod errors;
mod eventbridge;
pub mod events;
mod guardrails;
mod iam;
mod interceptor;
mod metric_filters;
pub mod mfa;
mod network;
pub mod organization;
mod paging;
mod plan_facts;
mod profiles;
mod progress;
mod regions;
mod resource_policies;
mod s3;
mod sdk_values;

pub use cause::SdkCause;
pub use collect::{collect, CollectError, CollectOptions};
pub use connect::{
    check_endpoint_url, connect, timeout_config, ConnectOptions, Connection, EndpointUrlError,
    DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_ATTEMPTS, DEFAULT_REGION,
    MAX_BACKOFF,
};
pub use organization::{collect_org, MemberError, OrgError, OrgOptions};
pub use plan_facts::collect_for_plan;
pub use profiles::{check_profile, check_profile_in, ProfileError};
pub use progress::{NoProgress, Progress, RequestStats};
pub use regions::{check_region, RegionError};
