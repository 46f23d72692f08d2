//! The integration tests of `rampart-cli`, in one binary (each test binary links the
//! crate with all it depends on): a module per area, the helpers they share beside them.

mod audit;
mod aws_options;
mod browser;
mod commands;
mod config;
mod diff;
mod errors;
mod events;
mod live;
mod mfa;
mod organization;
mod plan;
mod plan_messy;
mod readme;
mod report_formats;
mod report_html;
mod report_html_layout;
mod test_support;
