//! The integration tests of `rampart-aws`, in one binary (each test binary links the
//! crate with all it depends on): a module per area, the helpers they share beside them.

mod apply;
mod collect;
mod events;
mod mfa;
mod test_support;
