//! The Region names AWS has: the collector checks names against them, and questions that must
//! hold "in every Region" (a service control policy denying the root user) range over them.

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
pub const OTHER_KNOWN: &[&str] = &[
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

/// The Regions of the commercial partition (`aws`): those enabled by default and the opt-in
/// ones, which an organization's accounts can use.
pub fn commercial() -> impl Iterator<Item = &'static str> {
    ENABLED_BY_DEFAULT
        .iter()
        .chain(OTHER_KNOWN)
        .copied()
        .filter(|r| !r.starts_with("us-gov-") && !r.starts_with("cn-"))
}
