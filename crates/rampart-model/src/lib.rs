//! rampart's typed state model.
//!
//! Everything rampart knows about an account lives in a [`Snapshot`]: what the collector read
//! from AWS, with every fact wrapped in [`Observed`] so that "could not be read" is a value and
//! never a silent gap. Checks and the planner take a `&Snapshot` and nothing else, which is what
//! makes them pure and lets a saved snapshot give the same answer tomorrow.
//!
//! Beside the facts live the judgements that checks and the planner share (where an alert is
//! delivered, what a bucket exposes, who is an administrator); they ask their questions of
//! the engines in `rampart-engines`.
//!
//! This crate knows nothing about the AWS SDK: the collector (`rampart-aws`) translates API
//! answers into these types, and fixtures in tests write them by hand.

pub mod alert_controls;
pub mod alert_route;
pub mod alerting;
pub mod applicability;
pub mod arn;
pub mod billing;
pub mod check_ids;
pub mod cloudtrail;
pub mod cost_alerts;
pub mod credential_report;
pub mod evidence;
pub mod finding;
pub mod guardrails;
pub mod iam;
pub mod iam_index;
pub mod network;
pub mod observed;
pub mod organization;
pub mod regions;
pub mod resource_policy;
pub mod s3;
pub mod scope;
pub mod similar;
pub mod snapshot;

pub use applicability::Applicability;
pub use evidence::Evidence;
pub use finding::{Finding, Gap, ResourceRef, Severity, Status, Step};
pub use observed::{Observed, Unavailable, UnavailableKind};
pub use organization::OrgSnapshot;
pub use scope::Scope;
pub use snapshot::{Caller, Snapshot, SnapshotError, FORMAT_VERSION};
