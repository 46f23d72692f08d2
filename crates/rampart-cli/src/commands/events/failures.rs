//! How `rampart events` reports Regions it could not read to the end: one line per distinct
//! failure naming the Regions it happened in, rather than the same error once per Region (a
//! missing `cloudtrail:LookupEvents` permission fails all 17 default Regions alike).

use rampart_aws::events::RegionFailure;

/// The failures grouped by their message, in order of first appearance, each with its Regions:
/// `access denied … in us-east-1`, `access denied … in 17 Regions: ap-northeast-1, …`.
pub fn grouped(failures: &[RegionFailure]) -> Vec<String> {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for f in failures {
        let message = f.error.to_string();
        match groups.iter_mut().find(|(m, _)| *m == message) {
            Some((_, regions)) => regions.push(&f.region),
            None => groups.push((message, vec![&f.region])),
        }
    }
    groups
        .into_iter()
        .map(|(message, regions)| match regions[..] {
            [one] => format!("{message} in {one}"),
            _ => format!(
                "{message} in {} Regions: {}",
                regions.len(),
                regions.join(", ")
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use rampart_model::Unavailable;

    use super::*;

    fn failure(region: &str, error: Unavailable) -> RegionFailure {
        RegionFailure {
            region: region.to_owned(),
            error,
        }
    }

    #[test]
    fn identical_failures_make_one_line_naming_the_regions() {
        let denied = || Unavailable::access_denied("cloudtrail:LookupEvents", "not authorized");
        let failures: Vec<RegionFailure> = ["ap-south-1", "eu-west-1", "us-east-1"]
            .into_iter()
            .map(|r| failure(r, denied()))
            .collect();
        let lines = grouped(&failures);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].ends_with(" in 3 Regions: ap-south-1, eu-west-1, us-east-1"),
            "{lines:?}"
        );
        assert_eq!(lines[0].matches("cloudtrail:LookupEvents").count(), 1);
    }

    #[test]
    fn different_failures_stay_apart() {
        let denied = Unavailable::access_denied("cloudtrail:LookupEvents", "not authorized");
        let failures = [
            failure("eu-west-1", denied.clone()),
            failure(
                "us-east-1",
                Unavailable::new(
                    rampart_model::UnavailableKind::Error,
                    Some("cloudtrail:LookupEvents"),
                    "connection reset",
                ),
            ),
            failure("us-west-2", denied),
        ];
        let lines = grouped(&failures);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0].ends_with(" in 2 Regions: eu-west-1, us-west-2"),
            "{lines:?}"
        );
        assert!(
            lines[1].contains("connection reset") && lines[1].ends_with(" in us-east-1"),
            "{lines:?}"
        );
    }
}
