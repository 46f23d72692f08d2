//! The integration tests of `rampart-checks`, in one binary (each test binary links the
//! crate with all it depends on): a module per area, the helpers they share beside them.

mod examples;
#[path = "../test_support/large.rs"]
mod large;
mod scale;
