//! rampart's judgement engines, each pure and each tested differentially against an
//! independent implementation (the suites are under `tests/`):
//!
//! - [`policy`]: IAM policy evaluation — "is this principal allowed this action on this
//!   resource in this request?" — with explicit deny over allow over implicit deny, every
//!   condition operator with its absent-key rule, permission boundaries and SCP levels, and
//!   the questions built on it ("full admin", "admin requires MFA") over a catalog of every
//!   IAM action and the condition keys each can carry.
//! - [`event_pattern`]: EventBridge's event pattern language.
//! - [`metric_filter`]: CloudWatch Logs' filter and pattern syntax.
//!
//! The crate depends on nothing else of rampart's: the model asks its questions of these
//! engines, never the other way round.

pub mod event_pattern;
pub mod metric_filter;
pub mod policy;
