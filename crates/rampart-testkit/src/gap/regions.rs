//! `account:ListRegions`, which moto does not implement: each account's Regions with their
//! opt-in status, filtered and paged the way the Account API does (REST-JSON,
//! `POST /listRegions`).

use hyper::StatusCode;
use serde_json::{json, Value};

use super::errors::{self, Reply};
use super::state::AccountState;

/// Where a Region stands for one account (the Account API's `RegionOptStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionOptStatus {
    /// Enabled in every account; cannot be disabled.
    EnabledByDefault,
    /// Opted in to.
    Enabled,
    Enabling,
    Disabling,
    Disabled,
}

impl RegionOptStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RegionOptStatus::EnabledByDefault => "ENABLED_BY_DEFAULT",
            RegionOptStatus::Enabled => "ENABLED",
            RegionOptStatus::Enabling => "ENABLING",
            RegionOptStatus::Disabling => "DISABLING",
            RegionOptStatus::Disabled => "DISABLED",
        }
    }

    fn parse(s: &str) -> Option<RegionOptStatus> {
        [
            RegionOptStatus::EnabledByDefault,
            RegionOptStatus::Enabled,
            RegionOptStatus::Enabling,
            RegionOptStatus::Disabling,
            RegionOptStatus::Disabled,
        ]
        .into_iter()
        .find(|status| status.as_str() == s)
    }
}

/// The Regions enabled in every account.
const ENABLED_BY_DEFAULT: &[&str] = &[
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// Opt-in Regions a fresh account lists as `DISABLED`.
const OPT_IN_DISABLED: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-south-2",
    "eu-south-1",
    "il-central-1",
    "me-south-1",
];

/// One account's Regions and their status, sorted by name.
#[derive(Debug, Clone)]
pub(crate) struct RegionList(pub Vec<(String, RegionOptStatus)>);

impl RegionList {
    /// The Regions resources can live in: enabled by default or opted in to.
    pub(crate) fn enabled(&self) -> Vec<String> {
        self.0
            .iter()
            .filter(|(_, s)| {
                matches!(
                    s,
                    RegionOptStatus::EnabledByDefault | RegionOptStatus::Enabled
                )
            })
            .map(|(r, _)| r.clone())
            .collect()
    }
}

impl Default for RegionList {
    /// A fresh account's Regions: the default-enabled ones and a few disabled opt-in ones.
    fn default() -> Self {
        let enabled = ENABLED_BY_DEFAULT
            .iter()
            .map(|r| (*r, RegionOptStatus::EnabledByDefault));
        let disabled = OPT_IN_DISABLED
            .iter()
            .map(|r| (*r, RegionOptStatus::Disabled));
        let mut all: Vec<(String, RegionOptStatus)> = enabled
            .chain(disabled)
            .map(|(r, s)| (r.to_owned(), s))
            .collect();
        all.sort_by(|x, y| x.0.cmp(&y.0));
        RegionList(all)
    }
}

/// Most Regions per page (the API's bound for `MaxResults`), and the page size without one.
const MAX_RESULTS: i64 = 50;
const DEFAULT_RESULTS: i64 = 20;
const TOKEN_PREFIX: &str = "regions-after-";

/// Answers `ListRegions` for `account` from `a`'s Region list.
pub(crate) fn list_regions(a: &AccountState, account: &str, body: &[u8]) -> Reply {
    let invalid = |m: &str| errors::json_error(StatusCode::BAD_REQUEST, "ValidationException", m);
    let req: Value = if body.is_empty() {
        json!({})
    } else {
        match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(_) => return invalid("The request body is not valid JSON."),
        }
    };
    if let Some(other) = req["AccountId"].as_str().filter(|id| *id != account) {
        let message = format!(
            "Account {account} is not the management account of an organization that \
             includes account {other}"
        );
        return errors::json_error(StatusCode::FORBIDDEN, "AccessDeniedException", &message);
    }
    let max = match &req["MaxResults"] {
        Value::Null => DEFAULT_RESULTS,
        v => match v.as_i64().filter(|n| (1..=MAX_RESULTS).contains(n)) {
            Some(n) => n,
            None => return invalid("MaxResults must be between 1 and 50."),
        },
    };
    let wanted: Option<Vec<RegionOptStatus>> = match &req["RegionOptStatusContains"] {
        Value::Null => None,
        Value::Array(items) => {
            let parsed: Option<Vec<_>> = items
                .iter()
                .map(|s| s.as_str().and_then(RegionOptStatus::parse))
                .collect();
            match parsed {
                Some(list) => Some(list),
                None => return invalid("RegionOptStatusContains has an unknown status."),
            }
        }
        _ => return invalid("RegionOptStatusContains must be a list."),
    };
    let start = match req["NextToken"].as_str() {
        None => 0,
        Some(token) => match token
            .strip_prefix(TOKEN_PREFIX)
            .and_then(|n| n.parse::<usize>().ok())
        {
            Some(n) => n,
            None => return invalid("The NextToken is not valid."),
        },
    };
    let matching: Vec<&(String, RegionOptStatus)> = a
        .regions
        .0
        .iter()
        .filter(|(_, s)| wanted.as_ref().is_none_or(|w| w.contains(s)))
        .collect();
    let end = (start + max as usize).min(matching.len());
    let page: Vec<Value> = matching
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|(name, status)| json!({ "RegionName": name, "RegionOptStatus": status.as_str() }))
        .collect();
    let mut out = json!({ "Regions": page });
    if end < matching.len() {
        out["NextToken"] = json!(format!("{TOKEN_PREFIX}{end}"));
    }
    errors::reply(StatusCode::OK, "application/json", out.to_string())
}

/// Sets `region`'s status, adding the Region when the account does not list it yet.
pub(crate) fn set_status(a: &mut AccountState, region: &str, status: RegionOptStatus) {
    let list = &mut a.regions.0;
    match list.iter_mut().find(|(name, _)| name == region) {
        Some(entry) => entry.1 = status,
        None => {
            list.push((region.to_owned(), status));
            list.sort_by(|x, y| x.0.cmp(&y.0));
        }
    }
}
