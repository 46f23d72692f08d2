//! Which Regions to search: names checked against the Regions AWS has, and `all` expanded to
//! the account's enabled Regions (`account:ListRegions`, or the Regions every account has
//! enabled when that call is refused).

use aws_sdk_account::types::RegionOptStatus;

use crate::clients::Clients;
use crate::errors::unavailable;
use rampart_model::UnavailableKind;

/// Regions enabled in every account (AWS calls them "opt-in not required").
pub const ENABLED_BY_DEFAULT: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-north-1",
    "sa-east-1",
];

/// Regions an account must opt in to, and those of the other partitions.
const OTHER_KNOWN: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "eu-south-2",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "us-gov-east-1",
    "us-gov-west-1",
    "cn-north-1",
    "cn-northwest-1",
];

/// True for a Region name AWS is known to have.
pub fn is_known_region(name: &str) -> bool {
    ENABLED_BY_DEFAULT.contains(&name) || OTHER_KNOWN.contains(&name)
}

/// A Region list that could not be resolved.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RegionError {
    #[error("unknown Region `{0}` (Regions look like `us-east-1` or `eu-west-2`; `all` means every enabled Region)")]
    Unknown(String),
}

/// The Regions to search, and a note for the user when `all` had to fall back to the Regions
/// enabled by default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedRegions {
    pub regions: Vec<String>,
    pub note: Option<String>,
}

/// Resolves requested names (`all` included) to distinct Region names, in the order given.
pub(crate) async fn resolve(
    clients: &Clients,
    requested: &[String],
) -> Result<ResolvedRegions, RegionError> {
    let wants_all = requested.iter().any(|r| r.eq_ignore_ascii_case("all"));
    let needs_listing = wants_all
        || requested
            .iter()
            .any(|r| !is_known_region(&r.to_ascii_lowercase()));
    let listed = if needs_listing {
        Some(enabled_regions(clients).await)
    } else {
        None
    };
    let mut note = None;
    let mut regions: Vec<String> = Vec::new();
    for name in requested {
        let name = name.to_ascii_lowercase();
        let expanded: Vec<String> = if name == "all" {
            match &listed {
                Some(Ok(list)) => list.clone(),
                Some(Err(cause)) => {
                    note = Some(format!(
                        "could not list the account's Regions ({cause}); searching the {} Regions enabled by default",
                        ENABLED_BY_DEFAULT.len()
                    ));
                    ENABLED_BY_DEFAULT.iter().map(|r| (*r).to_owned()).collect()
                }
                None => Vec::new(),
            }
        } else {
            let confirmed = matches!(&listed, Some(Ok(list)) if list.contains(&name));
            if !is_known_region(&name) && !confirmed {
                return Err(RegionError::Unknown(name));
            }
            vec![name]
        };
        for r in expanded {
            if !regions.contains(&r) {
                regions.push(r);
            }
        }
    }
    Ok(ResolvedRegions { regions, note })
}

/// The account's enabled Regions, from `account:ListRegions`.
async fn enabled_regions(clients: &Clients) -> Result<Vec<String>, String> {
    let client = clients.account(clients.region());
    let mut regions = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = client
            .list_regions()
            .region_opt_status_contains(RegionOptStatus::Enabled)
            .region_opt_status_contains(RegionOptStatus::EnabledByDefault)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| {
                let why = unavailable("account:ListRegions", &e);
                match why.kind {
                    UnavailableKind::AccessDenied => {
                        "access denied to `account:ListRegions`".to_owned()
                    }
                    _ => why.message,
                }
            })?;
        regions.extend(
            out.regions()
                .iter()
                .filter_map(|r| r.region_name().map(str::to_owned)),
        );
        match out.next_token().filter(|t| !t.is_empty()) {
            Some(t) => token = Some(t.to_owned()),
            None => break,
        }
    }
    if regions.is_empty() {
        return Err("account:ListRegions listed no Region".to_owned());
    }
    regions.sort();
    Ok(regions)
}
