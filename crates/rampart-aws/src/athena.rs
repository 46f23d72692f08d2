//! The trail's archive searched in Amazon Athena (`rampart events --source athena`): for an
//! organization's years of logs, the same search runs where the logs are, over a table with
//! partition projection, and only the matching rows come back.
//!
//! [`sql`] writes the table and the searches; [`run`] runs them.

pub mod run;
pub mod sql;

pub use run::{execute, record, run, AthenaPlace, QueryRun};
pub use sql::{create_table, search, SearchSpec, SearchSql, SqlError, TableSpec};

/// What Athena charges per terabyte scanned (US East (N. Virginia), SQL queries), in US
/// dollars, with its minimum of 10 MB a query: the figure rampart quotes after a query.
pub const DOLLARS_PER_TB: f64 = 5.0;
pub const MINIMUM_BYTES: i64 = 10_000_000;

/// The cost of scanning `bytes`, in dollars.
pub fn cost(bytes: i64) -> f64 {
    bytes.max(MINIMUM_BYTES) as f64 / 1e12 * DOLLARS_PER_TB
}
