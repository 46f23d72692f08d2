//! The integration tests of `rampart-report`, in one binary (each test binary links the
//! crate with all it depends on): a module per area, the helpers they share beside them.

mod formats;
mod organization;
mod schemas;
mod test_support;
