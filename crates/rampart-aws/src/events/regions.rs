//! Which Regions to search: names checked against the Regions AWS has, and `all` expanded to
//! the account's enabled Regions (`account:ListRegions`, or the Regions every account has
//! enabled when that call is refused).

use crate::clients::Clients;
use crate::regions::{check_region, is_known_region, RegionError, ENABLED_BY_DEFAULT};
use rampart_model::UnavailableKind;

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
            let listed = match &listed {
                Some(Ok(list)) => Some(list.as_slice()),
                _ => None,
            };
            vec![check_region(&name, listed)?]
        };
        for r in expanded {
            if !regions.contains(&r) {
                regions.push(r);
            }
        }
    }
    Ok(ResolvedRegions { regions, note })
}

/// The account's enabled Regions, from `account:ListRegions`, as one line when they cannot be
/// listed.
async fn enabled_regions(clients: &Clients) -> Result<Vec<String>, String> {
    match crate::regions::enabled(clients).await {
        rampart_model::Observed::Known(regions) => Ok(regions),
        rampart_model::Observed::Unavailable(u) => Err(match u.kind {
            UnavailableKind::AccessDenied => "access denied to `account:ListRegions`".to_owned(),
            _ => u.message,
        }),
    }
}
