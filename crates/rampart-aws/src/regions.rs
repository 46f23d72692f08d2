//! The Region names AWS has, and the one check every command applies to a Region it is given
//! (`--region` for any command, `events --region` for each searched Region), so that a name
//! one command refuses is refused by all.

pub use rampart_model::regions::{ENABLED_BY_DEFAULT, OTHER_KNOWN};

/// True for a Region name AWS is known to have.
pub fn is_known_region(name: &str) -> bool {
    ENABLED_BY_DEFAULT.contains(&name) || OTHER_KNOWN.contains(&name)
}

/// A Region name that is not a Region.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RegionError {
    #[error(
        "unknown Region `{0}` (Regions look like `us-east-1` or `eu-west-2`){hint}",
        hint = rampart_model::similar::did_you_mean(.0, known_regions())
    )]
    Unknown(String),
}

fn known_regions() -> impl Iterator<Item = &'static str> {
    ENABLED_BY_DEFAULT.iter().chain(OTHER_KNOWN).copied()
}

/// The Region `name` names (lower-cased), when AWS is known to have it or it is one of
/// `listed` (the account's Regions from `account:ListRegions`, which knows Regions newer than
/// this list). Every command checks its Regions with this.
pub fn check_region(name: &str, listed: Option<&[String]>) -> Result<String, RegionError> {
    let name = name.to_ascii_lowercase();
    if is_known_region(&name) || listed.is_some_and(|l| l.contains(&name)) {
        Ok(name)
    } else {
        Err(RegionError::Unknown(name))
    }
}

/// The account's enabled Regions (`account:ListRegions`, opted in or enabled by default),
/// sorted.
pub(crate) async fn enabled(
    clients: &crate::clients::Clients,
) -> rampart_model::Observed<Vec<String>> {
    use aws_sdk_account::types::RegionOptStatus;
    use rampart_model::Observed;
    let client = clients.account(clients.region());
    let mut regions = Vec::new();
    let mut token: Option<String> = None;
    let mut tokens = crate::paging::Tokens::default();
    loop {
        let out = match client
            .list_regions()
            .region_opt_status_contains(RegionOptStatus::Enabled)
            .region_opt_status_contains(RegionOptStatus::EnabledByDefault)
            .set_next_token(token.take())
            .send()
            .await
        {
            Ok(out) => out,
            Err(e) => {
                return Observed::Unavailable(crate::errors::unavailable("account:ListRegions", &e))
            }
        };
        regions.extend(
            out.regions()
                .iter()
                .filter_map(|r| r.region_name().map(str::to_owned)),
        );
        match tokens.next("account:ListRegions", out.next_token()) {
            Ok(Some(t)) => token = Some(t),
            Ok(None) => break,
            Err(u) => return Observed::Unavailable(u),
        }
    }
    if regions.is_empty() {
        return Observed::Unavailable(crate::errors::bad_answer(
            "account:ListRegions",
            "account:ListRegions listed no Region",
        ));
    }
    regions.sort();
    Observed::Known(regions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_listed_regions_pass_and_others_suggest_a_near_one() {
        assert_eq!(check_region("EU-West-2", None), Ok("eu-west-2".to_owned()));
        let listed = ["xx-newland-1".to_owned()];
        assert_eq!(
            check_region("xx-newland-1", Some(&listed)),
            Ok("xx-newland-1".to_owned())
        );
        let e = check_region("mars-1", None).expect_err("not a Region");
        assert_eq!(e, RegionError::Unknown("mars-1".into()));
        assert!(!e.to_string().contains("did you mean"), "{e}");
        let e = check_region("us-east-11", None).expect_err("not a Region");
        assert!(
            e.to_string()
                .ends_with("`eu-west-2`); did you mean `us-east-1`?"),
            "{e}"
        );
    }
}
