//! The integration tests of `rampart-plan`, in one binary (each test binary links the
//! crate with all it depends on): a module per area, the helpers they share beside them.

mod applicability;
