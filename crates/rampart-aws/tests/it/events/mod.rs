//! The event-history search against the test kit's gap endpoint, which serves `LookupEvents`
//! in AWS's shape and throttles like AWS: paging, Regions in parallel, every filter, time
//! windows, limits, throttling and server errors, and Region names.

mod filters;
mod paging;
mod regions;
mod shortcuts;
mod test_support;
