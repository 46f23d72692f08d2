//! The Region names AWS has, and the one check every command applies to a Region it is given
//! (`--region` for any command, `events --region` for each searched Region), so that a name
//! one command refuses is refused by all.

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
