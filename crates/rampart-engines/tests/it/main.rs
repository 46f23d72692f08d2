//! The integration tests of `rampart-engines`, in one binary (each test binary links the
//! crate with all it depends on): a module per area, the helpers they share beside them.

mod differential;
mod differential_open;
mod event_pattern_moto;
mod managed_policies;
mod metric_filter_differential;
mod support;
