//! The layout of a scope of several accounts (an organization): every account's findings
//! under its name, an unreachable account as a result of its own so that it cannot be
//! mistaken for a clean one, and the organization's own checks apart.

mod formats;
mod html;
mod json;
mod table;

pub(crate) use formats::{render_csv, render_junit, render_sarif};
pub(crate) use html::render as render_html;
pub(crate) use json::render_to as render_json_to;
pub(crate) use table::render as render_table;
