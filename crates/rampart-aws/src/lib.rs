//! The only crate of rampart that talks to AWS.
//!
//! [`collect`] reads everything the baseline needs from an account into a
//! [`rampart_model::Snapshot`], with independent calls running concurrently and every failure
//! recorded as an `Unavailable` fact rather than an error. Only a failure that leaves nothing to
//! audit (no credentials, `GetCallerIdentity` refused) is a [`CollectError`].

mod connect;
mod collect;
mod progress;

pub use collect::{collect, CollectError, CollectOptions};
pub use connect::{connect, Connection, ConnectOptions};
pub use progress::{NoProgress, Progress, RequestStats};
